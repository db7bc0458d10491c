/**
 * SQL (Postgres, MySQL, SQLite, T-SQL flavours): `--` and nested `/* *\/` comments,
 * '…' with '' (and E'…' with backslash escapes), "…" and `…` quoted identifiers,
 * $$…$$ / $tag$…$tag$ dollar-quoted bodies.
 */
import { scanString } from './strings';
import { Sink, identEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd } from './token';

export function lexSql(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    const d = text.charCodeAt(i + 1);
    if (c === 45 && d === 45) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      sink.emit('comment', i, e, text.slice(i + 2, e));
      i = e;
      continue;
    }
    if (c === 47 && d === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (e === 42 && text.charCodeAt(j + 1) === 47) { j += 2; if (--depth === 0) break; continue; }
        if (e === 47 && text.charCodeAt(j + 1) === 42) { depth++; j += 2; continue; }
        j++;
      }
      sink.emit('comment', i, j, text.slice(i + 2, depth === 0 ? j - 2 : j), depth === 0 ? undefined : { unterminated: true });
      i = j;
      continue;
    }
    if (c === 39 /* ' */) {
      const s = scanString(text, i + 1, { close: "'", escapes: 'none', multiline: true, doubled: true });
      sink.emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if ((c === 69 || c === 101) && d === 39) { // E'…'
      const s = scanString(text, i + 2, { close: "'", escapes: 'all', multiline: true, doubled: true });
      sink.emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 34 /* " */ || c === 96 /* ` */) {
      const s = scanString(text, i + 1, { close: text[i]!, escapes: 'none', multiline: true, doubled: true });
      sink.emit('ident', i, s.end, s.value, s.stop === 'close' ? { quoted: true } : { quoted: true, unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 36 /* $ */) {
      // $$…$$ or $tag$…$tag$ (a tag is an identifier without `$`)
      let j = i + 1;
      if (d !== 36) j = isIdentStart(d) ? identEnd(text, i + 1) : i + 1;
      if (text.charCodeAt(j) === 36 && j - i <= 64 && (j === i + 1 || !isDigit(d))) {
        const tag = text.slice(i, j + 1);
        const close = text.indexOf(tag, j + 1);
        const end = close < 0 ? n : close + tag.length;
        sink.emit('string', i, end, text.slice(j + 1, close < 0 ? n : close), close < 0 ? { unterminated: true } : undefined);
        i = end;
        continue;
      }
    }
    if (isIdentStart(c)) { const e = identEnd(text, i + 1, 36); sink.emit('ident', i, e); i = e; continue; }
    if (isDigit(c) || (c === 46 && isDigit(d))) { const e = numberEnd(text, i); sink.emit('number', i, e); i = e; continue; }
    sink.emit('punct', i, i + 1);
    i++;
  }
}
