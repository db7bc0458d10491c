/**
 * Haskell: `--` line comments (a run of two or more dashes not part of an operator such as
 * `-->`), nested `{- … -}` block comments (pragmas `{-# … #-}` included), "…" strings with
 * escapes, character literals (`'a'`, `'\n'`, `'\''`), identifiers with primes (`go'`, `x''`:
 * a prime inside a name opens no literal), numbers, one-character punct. One forward pass,
 * best-effort, linear (a nested comment keeps a depth counter, never a stack of positions; a dash
 * run that turns out to be an operator is consumed whole, never rescanned from its next dash).
 */
import { scanString, type StringRules } from './strings';
import { Sink, isDigit, isIdentPart, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

const DQ: StringRules = { close: '"', escapes: 'all', multiline: false };
/** Operator symbols: a `--` followed by one of these is an operator (`-->`, `--|`? no: `|` starts a doc comment). */
const SYMBOL = '!#$%&*+./<=>?@\\^~:';

export function lexHaskell(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    sink.emit(kind, start, end, value, extra);
  };
  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      let j = i + 2;
      while (j < n && text.charCodeAt(j) === 45) j++;
      if (j >= n || !SYMBOL.includes(text[j])) {
        let e = lineEnd(text, i);
        if (text.charCodeAt(e - 1) === 13) e--;
        emit('comment', i, e, text.slice(j, e));
        i = e;
        continue;
      }
      // an operator (`-->`, `---|>`): the dash run and its symbols are one punct token, never rescanned
      while (j < n && (text.charCodeAt(j) === 45 || SYMBOL.includes(text[j]))) j++;
      emit('punct', i, j);
      i = j;
      continue;
    }
    if (c === 123 /* { */ && text.charCodeAt(i + 1) === 45) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        const d = text.charCodeAt(j);
        if (d === 123 && text.charCodeAt(j + 1) === 45) { depth++; j += 2; } else if (d === 45 && text.charCodeAt(j + 1) === 125) { depth--; j += 2; } else j++;
      }
      emit('comment', i, j, text.slice(i + 2, depth === 0 ? j - 2 : j), depth === 0 ? undefined : { unterminated: true });
      i = j;
      continue;
    }
    if (c === 34 /* " */) {
      const s = scanString(text, i + 1, DQ);
      emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 39 /* ' */) {
      // a character literal: 'x' or '\…' closed within a few characters; otherwise a lone prime (punct)
      let e = -1;
      if (text.charCodeAt(i + 1) === 92 /* \ */) {
        for (let j = i + 2; j < Math.min(n, i + 12); j++) if (text.charCodeAt(j) === 39) { e = j + 1; break; }
      } else if (i + 2 < n && text.charCodeAt(i + 2) === 39 && text.charCodeAt(i + 1) !== 10) e = i + 3;
      if (e > 0) {
        emit('number', i, e);
        i = e;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let e = i + 1;
      while (e < n && (isIdentPart(text.charCodeAt(e)) || text.charCodeAt(e) === 39)) e++;
      emit('ident', i, e);
      i = e;
      continue;
    }
    if (isDigit(c)) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }
    emit('punct', i, i + 1);
    i++;
  }
}
