/**
 * Elixir: `#` comments, "…" and '…' with `#{}` pieces, `"""`/`'''` heredocs, sigils
 * (`~s(…)`, `~S"…"`, `~r/…/`, `~w[…]`, `~s"""…"""`; lower-case ones interpolate), character
 * literals (`?a`, `?"`, `?\n`: a `?"` must not open a string), atoms (`:name`, `:"quoted"`),
 * and names ending in `?`/`!` (`fetch_env!`). One forward pass, best-effort, linear.
 */
import { delimitedEnd, Frames, interpolatedStrings, scanString, type StringRules } from './strings';
import { Sink, bangIdentEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

const DQ: StringRules = { close: '"', escapes: 'all', multiline: true, interp: 'hashBrace' };
const SQ: StringRules = { close: "'", escapes: 'all', multiline: true, interp: 'hashBrace' };
const DQ3: StringRules = { close: '"""', escapes: 'all', multiline: true, interp: 'hashBrace' };
const SQ3: StringRules = { close: "'''", escapes: 'all', multiline: true, interp: 'hashBrace' };
const SIGIL_PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>', '/': '/', '|': '|', '"': '"', "'": "'" };

export function lexElixir(text: string, sink: Sink): void {
  const n = text.length;
  const stack = new Frames<StringRules>();
  let i = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    sink.emit(kind, start, end, value, extra);
  };
  const str = interpolatedStrings(text, sink, stack);

  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    const d = text.charCodeAt(i + 1);
    if (c === 35 /* # */) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      emit('comment', i, e, text.slice(i + 1, e));
      i = e;
      continue;
    }
    if (c === 34 /* " */) {
      i = text.startsWith('"""', i) ? str(i, i + 3, DQ3, false) : str(i, i + 1, DQ, false);
      continue;
    }
    if (c === 39 /* ' */) {
      i = text.startsWith("'''", i) ? str(i, i + 3, SQ3, false) : str(i, i + 1, SQ, false);
      continue;
    }
    if (c === 123 /* { */ && stack.size) { stack.open(); emit('punct', i, i + 1); i++; continue; }
    if (c === 125 /* } */ && stack.size) {
      const resume = stack.close();
      if (resume) { i = str(i, i + 1, resume, true); continue; }
      emit('punct', i, i + 1); i++; continue;
    }
    // sigils: ~s(…) ~S"…" ~r/…/ ~w[…]a ~s"""…"""; the body is one string (a regex for ~r)
    if (c === 126 /* ~ */ && isIdentStart(d) && d < 128) {
      let j = i + 1;
      while (j < n && /[A-Za-z]/.test(text[j]!)) j++;
      const open = text[j];
      const close = open === undefined ? undefined : SIGIL_PAIRS[open];
      if (close !== undefined) {
        const triple = (open === '"' || open === "'") && text.startsWith(open.repeat(3), j);
        const lower = text.charCodeAt(i + 1) >= 97;
        let end: number;
        let body: string;
        let closed: boolean;
        if (triple) {
          const s = scanString(text, j + 3, { close: open!.repeat(3), escapes: lower ? 'all' : 'none', multiline: true });
          end = s.end;
          body = s.value;
          closed = s.stop === 'close';
        } else {
          // balanced for bracket pairs; a `\` skips the next character
          const k = delimitedEnd(text, j + 1, open!, close);
          closed = k < n;
          end = closed ? k + 1 : n;
          body = text.slice(j + 1, closed ? k : n);
        }
        while (end < n && /[a-zA-Z]/.test(text[end]!)) end++; // modifiers: ~r/x/i, ~w[a b]a
        emit(text[i + 1] === 'r' || text[i + 1] === 'R' ? 'regex' : 'string', i, end, body, closed ? undefined : { unterminated: true });
        i = end;
        continue;
      }
    }
    // character literals: ?a ?" ?\n ?\\ (after a value, `?` is part of a name and handled below)
    if (c === 63 /* ? */ && i + 1 < n && !isSpace(d)) {
      const e = d === 92 /* \ */ ? Math.min(n, i + 3) : i + 2;
      emit('number', i, e);
      i = e;
      continue;
    }
    if (isIdentStart(c)) {
      const e = bangIdentEnd(text, i + 1); // predicate?/bang!
      emit('ident', i, e);
      i = e;
      continue;
    }
    if (isDigit(c)) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }
    // `@attr`, `&fun/1`, `:atom`: one punct, the name follows as an ident
    emit('punct', i, i + 1);
    i++;
  }
}
