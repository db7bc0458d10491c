/**
 * Erlang: `%` comments, "…" strings, '…' quoted atoms (an ident with `quoted`), character
 * literals (`$a`, `$"`, `$\n`: a `$"` must not open a string), variables and atoms as idents
 * (`os:getenv("X")`: `os` `:` `getenv` `(` "X" `)`). One forward pass, best-effort, linear.
 */
import { scanString, type StringRules } from './strings';
import { Sink, identEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

const DQ: StringRules = { close: '"', escapes: 'all', multiline: true };
const SQ: StringRules = { close: "'", escapes: 'all', multiline: true };

export function lexErlang(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    sink.emit(kind, start, end, value, extra);
  };
  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 37 /* % */) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      emit('comment', i, e, text.slice(i + 1, e).replace(/^%+/, ''));
      i = e;
      continue;
    }
    if (c === 34 /* " */) {
      const s = scanString(text, i + 1, DQ);
      emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 39 /* ' */) {
      const s = scanString(text, i + 1, SQ);
      emit('ident', i, s.end, s.value, s.stop === 'close' ? { quoted: true } : { quoted: true, unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 36 /* $ */) {
      const e = Math.min(n, text.charCodeAt(i + 1) === 92 ? i + 3 : i + 2);
      emit('number', i, e);
      i = e;
      continue;
    }
    if (isIdentStart(c)) {
      const e = identEnd(text, i + 1, 64 /* @ */);
      emit('ident', i, e);
      i = e;
      continue;
    }
    if (isDigit(c)) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }
    emit('punct', i, i + 1);
    i++;
  }
}
