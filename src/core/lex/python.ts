/** Python: `#` comments, '…' "…" and triple-quoted strings with r/b/f/u prefixes (f-strings are whole strings). */
import { scanString } from './strings';
import { Sink, identEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd } from './token';

const PREFIX = /^(?:[rRbBfFuU]|[rR][bBfF]|[bBfF][rR])$/;

export function lexPython(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 35 /* # */) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      sink.emit('comment', i, e, text.slice(i + 1, e));
      i = e;
      continue;
    }
    let start = i;
    let bodyAt = i;
    let raw = false;
    if (isIdentStart(c)) {
      const e = identEnd(text, i + 1);
      const q = text.charCodeAt(e);
      if ((q === 34 || q === 39) && e - i <= 2 && PREFIX.test(text.slice(i, e))) {
        raw = /[rR]/.test(text.slice(i, e));
        bodyAt = e;
      } else {
        sink.emit('ident', i, e);
        i = e;
        continue;
      }
    }
    const q = text.charCodeAt(bodyAt);
    if (q === 34 || q === 39) {
      const quote = text[bodyAt]!;
      const triple = text.charCodeAt(bodyAt + 1) === q && text.charCodeAt(bodyAt + 2) === q;
      const s = scanString(text, bodyAt + (triple ? 3 : 1), { close: triple ? quote.repeat(3) : quote, escapes: raw ? 'quote' : 'all', multiline: triple });
      let value = s.value;
      if (raw) value = text.slice(bodyAt + (triple ? 3 : 1), s.stop === 'close' ? s.end - (triple ? 3 : 1) : s.end);
      sink.emit('string', start, s.end, value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) { const e = numberEnd(text, i); sink.emit('number', i, e); i = e; continue; }
    start = i;
    sink.emit('punct', start, i + 1);
    i++;
  }
}
