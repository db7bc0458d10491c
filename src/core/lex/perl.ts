/**
 * Perl: `#` comments, POD blocks (`=head1` … `=cut` at a line's start) and everything after
 * `__END__`/`__DATA__` as comments; '…' and "…"/`…` strings (multi-line; an interpolating
 * string's value keeps its `$ENV{X}` text), quote-like operators (`q{}`, `qq()`, `qw//`, `m//`,
 * `qr{}`, `s{…}{…}`, `tr/…/…/`, `y///`) with any delimiter (bracket pairs nest), `/…/` regexes
 * where a term is expected, heredocs (`<<"EOF"`, `<<'EOF'`, `<<EOF`, `<<~EOF`), and the special
 * variables whose second character would otherwise open a string or a comment (`$"`, `$'`,
 * `$#`, `$;`). Variables are a sigil punct then an ident (`$ENV{X}`: `$` `ENV` `{` `X` `}`).
 * One forward pass, best-effort, linear.
 */
import { delimitedEnd, heredocBodies, scanString, type PendingHeredoc, type StringRules } from './strings';
import { Sink, identEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, regexLiteralEnd, type Token } from './token';

const DQ: StringRules = { close: '"', escapes: 'all', multiline: true };
const BQ: StringRules = { close: '`', escapes: 'all', multiline: true };
const SQ: StringRules = { close: "'", escapes: 'quote', multiline: true };
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
/** Quote-like operators and how many delimited parts they take. */
const QUOTE_OPS: Record<string, number> = { q: 1, qq: 1, qw: 1, qx: 1, qr: 1, m: 1, s: 2, tr: 2, y: 2 };
/** Words after which a `/` starts a regex rather than a division. */
const REGEX_AFTER_WORDS = new Set(['and', 'or', 'not', 'if', 'unless', 'while', 'until', 'return', 'split', 'grep', 'map', 'join', 'push', 'unshift', 'when', 'x', 'lt', 'gt', 'le', 'ge', 'eq', 'ne', 'cmp']);

export function lexPerl(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  let prev: Token | null = null;
  const pending: PendingHeredoc[] = [];
  /** A `/` before this position opens no regex (the line was already searched for its end). */
  let noRegexBefore = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    prev = sink.emit(kind, start, end, value, extra);
  };
  /** True at a line's start (only blanks before `i` on its line are not allowed: POD starts in column 0). */
  const atLineStart = (k: number): boolean => k === 0 || text.charCodeAt(k - 1) === 10;
  /** True when the last token ends a term (a `/` after it divides). */
  const afterTerm = (): boolean => {
    const p: Token | null = prev;
    if (!p) return false;
    if (p.kind === 'ident') return !REGEX_AFTER_WORDS.has(p.value);
    if (p.kind === 'number' || p.kind === 'string') return true;
    return p.kind === 'punct' && (p.text === ')' || p.text === ']' || p.text === '}');
  };

  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (c === 10 && pending.length) {
      i = heredocBodies(text, i + 1, pending, (start, end, value, unterminated) => emit('string', start, end, value, unterminated ? { unterminated } : undefined));
      continue;
    }
    if (isSpace(c)) { i++; continue; }
    // POD: `=word` in column 0 up to the line after `=cut`
    if (c === 61 /* = */ && atLineStart(i) && isIdentStart(text.charCodeAt(i + 1))) {
      let j = i;
      let end = n;
      while (j < n) {
        const le = lineEnd(text, j);
        if (text.startsWith('=cut', j)) { end = le; break; }
        j = le + 1;
      }
      emit('comment', i, end, text.slice(i, end));
      i = end;
      continue;
    }
    if (c === 95 /* _ */ && atLineStart(i) && (text.startsWith('__END__', i) || text.startsWith('__DATA__', i))) {
      emit('comment', i, n, text.slice(i));
      i = n;
      continue;
    }
    if (c === 35 /* # */) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      emit('comment', i, e, text.slice(i + 1, e));
      i = e;
      continue;
    }
    if (c === 34 /* " */ || c === 96 /* ` */ || c === 39 /* ' */) {
      const s = scanString(text, i + 1, c === 34 ? DQ : c === 96 ? BQ : SQ);
      emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    // sigils: `$"`, `$'`, `$#`, `$;`, `$$` are variables, not a string or a comment
    if (c === 36 /* $ */ || c === 64 /* @ */ || c === 37 /* % */) {
      const d = text[i + 1];
      if (c === 36 && d !== undefined && '"\'#;$&`\\/,.|!0@<>[]^'.includes(d)) {
        emit('punct', i, i + 2);
        i += 2;
        continue;
      }
      emit('punct', i, i + 1);
      i++;
      continue;
    }
    // heredocs: <<"EOF", <<'EOF', <<EOF, <<~EOF (the body starts on the next line)
    if (c === 60 /* < */ && text.charCodeAt(i + 1) === 60) {
      let j = i + 2;
      const squiggly = text[j] === '~';
      if (squiggly) j++;
      const q = text[j];
      let tag: string | null = null;
      let end = j;
      if (q === '"' || q === "'") {
        // the tag's closing quote within 64 characters of the same line (a bounded look: linear)
        for (let c = j + 1; c < n && c < j + 66 && text[c] !== '\n'; c++) {
          if (text[c] === q) { tag = text.slice(j + 1, c); end = c + 1; break; }
        }
      } else if (q !== undefined && isIdentStart(text.charCodeAt(j)) && /[A-Z_]/.test(q)) {
        end = identEnd(text, j);
        tag = text.slice(j, end);
      }
      if (tag !== null) {
        pending.push({ tag, indented: squiggly, squiggly });
        emit('punct', i, end);
        i = end;
        continue;
      }
    }
    if (isIdentStart(c)) {
      const e = identEnd(text, i + 1);
      const word = text.slice(i, e);
      const parts = QUOTE_OPS[word];
      const sigil = prev !== null && (prev as Token).kind === 'punct' && ((prev as Token).text === '$' || (prev as Token).text === '@' || (prev as Token).text === '%' || (prev as Token).text === '&' || (prev as Token).text === '-' && (prev as Token).end === i);
      if (parts !== undefined && !sigil && !(prev !== null && (prev as Token).kind === 'punct' && (prev as Token).text === '>' && text[(prev as Token).start - 1] === '-')) {
        // the delimiter: right after the word, or after blanks when it is a bracket
        let j = e;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        const open = text[j];
        const ok = open !== undefined && (j === e ? /[^\w\s=,;)}]/.test(open) : open in PAIRS) && !(open === '=' && text[j + 1] === '>');
        if (ok) {
          let k = j;
          let body = '';
          let closed = true;
          for (let part = 0; part < parts && k < n; part++) {
            let o = text[k];
            if (part > 0 && PAIRS[open] !== undefined) {
              // s{…}{…}: the second part has its own delimiters, maybe after blanks
              while (k < n && isSpace(text.charCodeAt(k))) k++;
              o = text[k];
              if (o === undefined) break;
            }
            const close = PAIRS[o] ?? o;
            const end = delimitedEnd(text, k + 1, o, close);
            if (part === 0) body = text.slice(k + 1, end);
            if (end >= n) { closed = false; k = n; break; }
            // s/a/b/: the closer of the first part opens the second
            k = part + 1 < parts && PAIRS[o] === undefined ? end : end + 1;
          }
          if (k < n) while (k < n && /[a-z]/.test(text[k])) k++; // modifiers
          emit(word === 'm' || word === 'qr' || word === 's' ? 'regex' : 'string', i, k, body, closed ? undefined : { unterminated: true });
          i = k;
          continue;
        }
      }
      emit('ident', i, e);
      i = e;
      continue;
    }
    if (isDigit(c)) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }
    if (c === 47 /* / */ && i >= noRegexBefore && !afterTerm() && text.charCodeAt(i + 1) !== 47) {
      const e = regexLiteralEnd(text, i + 1);
      if (e > 0) { emit('regex', i, e, text.slice(i + 1, e)); i = e; continue; }
      // no regex closes on this line: no later `/` of the line tries again (linear)
      noRegexBefore = lineEnd(text, i);
    }
    emit('punct', i, i + 1);
    i++;
  }
}
