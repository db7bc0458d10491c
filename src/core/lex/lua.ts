/**
 * Lua: `--` line comments, `--[[ … ]]` / `--[==[ … ]==]` long comments, '…' and "…" strings
 * with escapes, `[[ … ]]` / `[==[ … ]==]` long strings, identifiers, numbers, one-character punct.
 * One forward pass, best-effort, linear: a long bracket's closer is found with one indexOf from
 * the opener, never rescanned.
 */
import { scanString, type StringRules } from './strings';
import { Sink, identEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

const DQ: StringRules = { close: '"', escapes: 'all', multiline: false };
const SQ: StringRules = { close: "'", escapes: 'all', multiline: false };

/** The level of a long bracket opening at `i` (`[[` 0, `[=[` 1 …), or -1. Bounded look (at most 32 `=`). */
function longLevel(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91 /* [ */) return -1;
  let j = i + 1;
  while (j < text.length && j - i <= 32 && text.charCodeAt(j) === 61 /* = */) j++;
  return text.charCodeAt(j) === 91 ? j - i - 1 : -1;
}

export function lexLua(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): void => {
    sink.emit(kind, start, end, value, extra);
  };
  /** The end of a long bracket of `level` whose body starts at `from` (n when unclosed). */
  const longEnd = (from: number, level: number): { end: number; body: number; closed: boolean } => {
    const closer = `]${'='.repeat(level)}]`;
    const at = text.indexOf(closer, from);
    return at < 0 ? { end: n, body: n, closed: false } : { end: at + closer.length, body: at, closed: true };
  };
  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const level = longLevel(text, i + 2);
      if (level >= 0) {
        const from = i + 2 + level + 2;
        const l = longEnd(from, level);
        emit('comment', i, l.end, text.slice(from, l.body), l.closed ? undefined : { unterminated: true });
        i = l.end;
        continue;
      }
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      emit('comment', i, e, text.slice(i + 2, e));
      i = e;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const s = scanString(text, i + 1, c === 34 ? DQ : SQ);
      emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 91 /* [ */) {
      const level = longLevel(text, i);
      if (level >= 0) {
        const from = i + level + 2;
        const l = longEnd(from, level);
        emit('string', i, l.end, text.slice(from, l.body), l.closed ? undefined : { unterminated: true });
        i = l.end;
        continue;
      }
    }
    if (isIdentStart(c)) {
      const e = identEnd(text, i + 1);
      emit('ident', i, e);
      i = e;
      continue;
    }
    if (isDigit(c)) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }
    emit('punct', i, i + 1);
    i++;
  }
}
