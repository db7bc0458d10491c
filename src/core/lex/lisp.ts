/**
 * Clojure (and other Lisps): `;` comments, "…" strings (multi-line), `#"…"` regexes, character
 * literals (`\a`, `\"`, `\space`: a `\"` must not open a string), keywords (`:db-uri`,
 * `::spec` — the colons as punct, then the name), and symbols as idents, whole:
 * `System/getenv`, `str/starts-with?`, `->>`, `read-env` (a symbol's characters run to a
 * blank, a bracket, a quote or `;`). `#_`, `#{`, `#(` and `'`/`` ` ``/`~`/`@`/`^` are punct.
 * One forward pass, best-effort, linear.
 */
import { scanString, type StringRules } from './strings';
import { Sink, isDigit, isSpace, lineEnd, type Token } from './token';

const DQ: StringRules = { close: '"', escapes: 'all', multiline: true };

/** Characters that end a symbol. */
const isDelimiter = (c: number): boolean => isSpace(c) || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34 || c === 59 || c === 44 || c === 39 || c === 96 || c === 126 || c === 64 || c === 94 || c === 92;

function symbolEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
  return i;
}

export function lexLisp(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    sink.emit(kind, start, end, value, extra);
  };
  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 44 /* , */) { i++; continue; }
    if (c === 59 /* ; */) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      emit('comment', i, e, text.slice(i + 1, e).replace(/^;+/, ''));
      i = e;
      continue;
    }
    if (c === 34 /* " */ || (c === 35 /* # */ && text.charCodeAt(i + 1) === 34)) {
      const from = c === 34 ? i + 1 : i + 2;
      const s = scanString(text, from, DQ);
      emit(c === 34 ? 'string' : 'regex', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 92 /* \ */) {
      // a character literal: `\a`, `\"`, `\newline`
      let e = Math.min(n, i + 2);
      if (e < n && /[a-z]/.test(text[i + 1] ?? '')) e = Math.max(e, symbolEnd(text, i + 1));
      emit('number', i, e);
      i = e;
      continue;
    }
    if (c === 58 /* : */) { emit('punct', i, i + 1); i++; continue; }
    if (isDigit(c) || ((c === 45 || c === 43) && isDigit(text.charCodeAt(i + 1)))) {
      const e = symbolEnd(text, i + 1);
      emit('number', i, e);
      i = e;
      continue;
    }
    if (!isDelimiter(c) && c !== 35 /* # */) {
      const e = symbolEnd(text, i + 1);
      emit('ident', i, e);
      i = e;
      continue;
    }
    emit('punct', i, i + 1);
    i++;
  }
}
