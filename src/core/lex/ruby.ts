/** Ruby: `#` and `=begin`/`=end` comments, quotes with `#{}` pieces, %-literals, heredocs (best-effort). */
import { delimitedEnd, Frames, heredocBodies, interpolatedStrings, type PendingHeredoc, type StringRules } from './strings';
import { Sink, bangIdentEnd, identEnd, regexLiteralEnd, isAlpha, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const REGEX_AFTER_WORD = new Set(['if', 'elsif', 'unless', 'when', 'and', 'or', 'not', 'return', 'puts', 'p', 'then', 'while', 'until', 'case']);

const DQ: StringRules = { close: '"', escapes: 'all', multiline: true, interp: 'hashBrace' };
const BACKTICK: StringRules = { close: '`', escapes: 'all', multiline: true, interp: 'hashBrace' };

export function lexRuby(text: string, sink: Sink): void {
  const n = text.length;
  const stack = new Frames<StringRules>();
  const pending: PendingHeredoc[] = [];
  let prev: Token | undefined;
  let regexOffUntil = -1;
  let i = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    const t = sink.emit(kind, start, end, value, extra);
    if (kind !== 'comment') prev = t;
  };
  const str = interpolatedStrings(text, sink, stack, (t) => (prev = t));
  const atLineStart = (p: number): boolean => p === 0 || text.charCodeAt(p - 1) === 10;

  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (c === 10 && pending.length) {
      i = heredocBodies(text, i + 1, pending, (start, end, value, unterminated) => emit('string', start, end, value, unterminated ? { unterminated } : undefined));
      continue;
    }
    if (isSpace(c)) { i++; continue; }
    const d = text.charCodeAt(i + 1);
    if (c === 35 /* # */) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      emit('comment', i, e, text.slice(i + 1, e));
      i = e;
      continue;
    }
    if (c === 61 /* = */ && atLineStart(i) && text.startsWith('=begin', i)) {
      let j = lineEnd(text, i);
      let closed = false;
      while (j < n) {
        const ls = j + 1;
        j = lineEnd(text, ls);
        if (text.startsWith('=end', ls)) { closed = true; break; }
      }
      emit('comment', i, j, text.slice(lineEnd(text, i) + 1, closed ? text.lastIndexOf('\n', j - 1) : j), closed ? undefined : { unterminated: true });
      i = j;
      continue;
    }
    if (c === 39 /* ' */) { i = str(i, i + 1, { close: "'", escapes: 'quote', multiline: true }, false); continue; }
    if (c === 34 /* " */ || c === 96 /* ` */) { i = str(i, i + 1, c === 34 ? DQ : BACKTICK, false); continue; }
    if (c === 123 /* { */ && stack.size) { stack.open(); emit('punct', i, i + 1); i++; continue; }
    if (c === 125 /* } */ && stack.size) {
      const resume = stack.close();
      if (resume) { i = str(i, i + 1, resume, true); continue; }
      emit('punct', i, i + 1); i++; continue;
    }
    // heredoc openers: <<~TAG, <<-TAG, <<TAG (upper case), with optional quotes
    if (c === 60 && d === 60) {
      let j = i + 2;
      const flag = text.charCodeAt(j);
      const squiggly = flag === 126;
      const indented = squiggly || flag === 45;
      if (indented) j++;
      const q = text.charCodeAt(j);
      const quoted = q === 39 || q === 34 || q === 96;
      if (quoted) j++;
      const te = identEnd(text, j);
      const tag = text.slice(j, te);
      const upper = tag.length > 0 && /^[A-Z_]/.test(tag);
      if (tag && (!quoted || text.charCodeAt(te) === q) && (indented || quoted || upper) && isIdentStart(text.charCodeAt(j))) {
        const end = quoted ? te + 1 : te;
        pending.push({ tag, indented, squiggly });
        // the opener stands in the line as a punct; the body is emitted at the line's end
        emit('punct', i, end);
        i = end;
        continue;
      }
    }
    // %-literals: %w[…] %i[…] %q(…) %Q{…} %(…) %r{…}
    if (c === 37 /* % */ && !valueBefore(prev)) {
      let j = i + 1;
      if (/[wWiIqQrsx]/.test(text[j] ?? '') && !isAlpha(text.charCodeAt(j + 1)) && !isDigit(text.charCodeAt(j + 1)) && !isSpace(text.charCodeAt(j + 1))) j++;
      const open = text[j];
      if (open !== undefined && !isSpace(text.charCodeAt(j)) && !isAlpha(text.charCodeAt(j)) && !isDigit(text.charCodeAt(j)) && text.charCodeAt(j) < 128) {
        const k = delimitedEnd(text, j + 1, open, PAIRS[open] ?? open);
        const closed = k < n;
        const end = closed ? k + 1 : n;
        emit(text[i + 1] === 'r' ? 'regex' : 'string', i, end, text.slice(j + 1, closed ? k : n), closed ? undefined : { unterminated: true });
        i = end;
        continue;
      }
    }
    if (c === 47 /* / */ && i > regexOffUntil && !valueBefore(prev)) {
      const e = regexLiteralEnd(text, i + 1);
      if (e > 0) { emit('regex', i, e, text.slice(i + 1, text.lastIndexOf('/', e - 1))); i = e; continue; }
      regexOffUntil = lineEnd(text, i);
    }
    if (isIdentStart(c) || ((c === 64 /* @ */ || c === 36 /* $ */) && (isIdentStart(d) || d === 64))) {
      let j = i + 1;
      if (c === 64 && d === 64) j++;
      const e = bangIdentEnd(text, j); // predicate?/bang!
      emit('ident', i, e);
      i = e;
      continue;
    }
    if (isDigit(c)) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }
    emit('punct', i, i + 1);
    i++;
  }
  if (pending.length) emit('string', n, n, '', { unterminated: true });

  function valueBefore(p: Token | undefined): boolean {
    if (!p) return false;
    if (p.kind === 'punct') return p.text === ')' || p.text === ']' || p.text === '}';
    if (p.kind === 'ident') return !REGEX_AFTER_WORD.has(p.text);
    return true;
  }
}
