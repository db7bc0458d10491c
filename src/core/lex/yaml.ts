/**
 * YAML-ish (YAML, and good enough for compose/Kubernetes/CI files): `#` comments, quoted
 * scalars, keys (`key:` → an ident with `key: true`), plain scalars (→ strings, trimmed),
 * block scalars (`|`/`>` → one string), flow punctuation, anchors/aliases/tags (punct + ident).
 * Not a parser: no alias expansion, so no alias bomb.
 */
import { scanString } from './strings';
import { Sink, isSpace } from './token';

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13;
const isFlowInd = (c: number): boolean => c === 44 || c === 91 || c === 93 || c === 123 || c === 125;

export function lexYaml(text: string, sink: Sink): void {
  const n = text.length;
  let i = 0;
  let flow = 0;
  let lineStart = 0;
  let lineIndent = -1; // indentation of the current line's first token, -1 before it
  const wsOrEnd = (p: number): boolean => p >= n || isSpace(text.charCodeAt(p));

  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (c === 10) { i++; lineStart = i; lineIndent = -1; continue; }
    if (isBlank(c)) { i++; continue; }
    if (lineIndent < 0) lineIndent = i - lineStart;
    if (c === 35 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      if (text.charCodeAt(e - 1) === 13) e--;
      sink.emit('comment', i, e, text.slice(i + 1, e));
      i = e;
      continue;
    }
    if (i === lineStart && flow === 0 && (text.startsWith('---', i) || text.startsWith('...', i)) && wsOrEnd(i + 3)) {
      sink.emit('punct', i, i + 3);
      i += 3;
      continue;
    }
    if ((c === 45 /* - */ || c === 63 /* ? */) && wsOrEnd(i + 1)) { sink.emit('punct', i, i + 1); i++; continue; }
    if (c === 91 || c === 123) { flow++; sink.emit('punct', i, i + 1); i++; continue; }
    if (c === 93 || c === 125) { if (flow > 0) flow--; sink.emit('punct', i, i + 1); i++; continue; }
    if (c === 44 /* , */ || (c === 58 /* : */ && (wsOrEnd(i + 1) || flow > 0))) { sink.emit('punct', i, i + 1); i++; continue; }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const s = scanString(text, i + 1, c === 34 ? { close: '"', escapes: 'all', multiline: true } : { close: "'", escapes: 'none', multiline: true, doubled: true });
      let k = s.end;
      while (k < n && isBlank(text.charCodeAt(k))) k++;
      const key = s.stop === 'close' && text.charCodeAt(k) === 58 && (wsOrEnd(k + 1) || flow > 0);
      const extra: Parameters<Sink['emit']>[4] = {};
      if (s.stop !== 'close') extra.unterminated = true;
      if (key) { extra.key = true; extra.quoted = true; }
      sink.emit(key ? 'ident' : 'string', i, s.end, s.value, extra);
      i = s.end;
      continue;
    }
    if ((c === 38 /* & */ || c === 42 /* * */ || c === 33 /* ! */) && !wsOrEnd(i + 1)) {
      sink.emit('punct', i, i + 1);
      let e = i + 1;
      while (e < n && !isSpace(text.charCodeAt(e)) && !(flow > 0 && isFlowInd(text.charCodeAt(e)))) e++;
      sink.emit('ident', i + 1, e);
      i = e;
      continue;
    }
    if ((c === 124 /* | */ || c === 62 /* > */) && flow === 0) {
      // block scalar: the header, then every following line indented deeper than this one (or blank)
      // header: indicators [-+0-9], then blanks, then a comment or the line's end (scanned no further)
      let h = i + 1;
      while (h < n && /[-+0-9]/.test(text[h]!)) h++;
      let b = h;
      while (b < n && isBlank(text.charCodeAt(b))) b++;
      const headerOk = b >= n || text.charCodeAt(b) === 10 || (text.charCodeAt(b) === 35 && b > h);
      if (headerOk) {
        let e = b;
        if (e < n && text.charCodeAt(e) === 35) e = text.indexOf('\n', e);
        if (e < 0) e = n;
        const parent = lineIndent;
        const bodyStart = Math.min(n, e + 1);
        let p = bodyStart;
        let last = bodyStart; // end of the last body line with content
        let indent = -1;
        const lines: string[] = [];
        while (p < n) {
          let le = text.indexOf('\n', p);
          if (le < 0) le = n;
          let k = p;
          while (k < le && text.charCodeAt(k) === 32) k++;
          const blank = k === le || (k === le - 1 && text.charCodeAt(k) === 13);
          if (!blank && k - p <= parent) break;
          if (!blank && indent < 0) indent = k - p;
          const lineText = text.slice(p, text.charCodeAt(le - 1) === 13 ? le - 1 : le);
          lines.push(blank ? '' : lineText.slice(Math.min(indent, lineText.length)));
          if (!blank) last = le;
          p = le + 1;
        }
        while (lines.length && lines[lines.length - 1] === '') lines.pop();
        sink.emit('punct', i, i + 1);
        const value = c === 124 ? lines.join('\n') : lines.join(' ');
        if (last > bodyStart) sink.emit('string', bodyStart, last, value);
        i = Math.max(last, e);
        continue;
      }
    }
    // a plain scalar (or a key when a `:` + blank ends it)
    let j = i;
    let stop = -1;
    while (j < n) {
      const e = text.charCodeAt(j);
      if (e === 10) break;
      if (e === 58 && (wsOrEnd(j + 1) || (flow > 0 && isFlowInd(text.charCodeAt(j + 1))))) { stop = j; break; }
      if (e === 35 && isBlank(text.charCodeAt(j - 1))) break;
      if (flow > 0 && isFlowInd(e)) break;
      j++;
    }
    let end = j;
    while (end > i && isBlank(text.charCodeAt(end - 1))) end--;
    if (end === i) { sink.emit('punct', i, i + 1); i++; continue; }
    if (stop >= 0) sink.emit('ident', i, end, undefined, { key: true });
    else sink.emit('string', i, end);
    i = j;
  }
}
