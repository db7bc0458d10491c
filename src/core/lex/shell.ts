/**
 * Shell (sh/bash/zsh, Dockerfile RUN lines, .env files): `#` comments at a word's start,
 * '…', "…" with `$X`/`${X}`/`$(…)` pieces, $'…', heredocs. `$X` and `${X` are idents whose
 * value is the name.
 */
import { Frames, flat, heredocBodies, scanString, type PendingHeredoc, type StringRules } from './strings';
import { Sink, identEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

const WORD_BREAK = new Set([59, 124, 38, 40, 41, 123, 125, 60, 62, 96]); // ; | & ( ) { } < > `
const DQ: StringRules = { close: '"', escapes: 'quote', multiline: true, interp: 'shell' };
const DQ_FLAT = flat(DQ);

export function lexShell(text: string, sink: Sink): void {
  const n = text.length;
  /** Open `${…` (closer 125) and `$(…` (closer 41) inside double quotes. */
  const stack = new Frames<41 | 125>();
  const pending: PendingHeredoc[] = [];
  let i = 0;

  /** A double-quoted string (or its continuation after an interpolation) from `start`, body at `body`. */
  const dq = (start: number, body: number, resume: boolean): number => {
    for (;;) {
      const s = scanString(text, body, stack.full ? DQ_FLAT : DQ);
      const extra: Partial<Token> = {};
      if (s.stop === 'interp') extra.template = resume ? 'middle' : 'head';
      else if (resume) extra.template = 'tail';
      if (s.stop === 'eof') extra.unterminated = true;
      sink.emit('string', start, s.stop === 'interp' && s.opener === '$' ? s.end - 1 : s.end, s.value, extra);
      if (s.stop !== 'interp') return s.end;
      if (s.opener === '$') {
        // "$NAME": the name, then the string goes on
        const e = identEnd(text, s.end);
        sink.emit('ident', s.end - 1, e, text.slice(s.end, e));
        start = body = e;
        resume = true;
        continue;
      }
      if (s.opener === '${') {
        const e = isIdentStart(text.charCodeAt(s.end)) ? identEnd(text, s.end) : s.end;
        if (e > s.end) sink.emit('ident', s.end - 2, e, text.slice(s.end, e));
        else sink.emit('punct', s.end - 2, s.end);
        stack.push(125);
        return e;
      }
      sink.emit('punct', s.end - 2, s.end); // $(
      stack.push(41);
      return s.end;
    }
  };

  while (i < n && !sink.stopped) {
    const c = text.charCodeAt(i);
    if (c === 10 && pending.length) {
      i = heredocBodies(text, i + 1, pending, (start, end, value, unterminated) => { sink.emit('string', start, end, value, unterminated ? { unterminated } : undefined); });
      continue;
    }
    if (isSpace(c)) { i++; continue; }
    const d = text.charCodeAt(i + 1);
    if (c === 35 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)) || WORD_BREAK.has(text.charCodeAt(i - 1)))) {
      let e = lineEnd(text, i);
      if (text.charCodeAt(e - 1) === 13) e--;
      sink.emit('comment', i, e, text.slice(i + 1, e));
      i = e;
      continue;
    }
    if (c === 92 /* \ */) { sink.emit('punct', i, Math.min(n, i + 2)); i += 2; continue; }
    if (c === 39 /* ' */) {
      const s = scanString(text, i + 1, { close: "'", escapes: 'none', multiline: true });
      sink.emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
      i = s.end;
      continue;
    }
    if (c === 34 /* " */) { i = dq(i, i + 1, false); continue; }
    if (c === 36 /* $ */) {
      if (d === 39) {
        const s = scanString(text, i + 2, { close: "'", escapes: 'all', multiline: true });
        sink.emit('string', i, s.end, s.value, s.stop === 'close' ? undefined : { unterminated: true });
        i = s.end;
        continue;
      }
      if (d === 123 /* { */) {
        const e = identEnd(text, i + 2);
        if (e > i + 2) sink.emit('ident', i, e, text.slice(i + 2, e));
        else sink.emit('punct', i, i + 2);
        if (stack.size && stack.top() === 125) stack.open();
        i = Math.max(e, i + 2);
        continue;
      }
      if (isIdentStart(d)) { const e = identEnd(text, i + 1); sink.emit('ident', i, e, text.slice(i + 1, e)); i = e; continue; }
      if (isDigit(d) || d === 64 || d === 42 || d === 35 || d === 63 || d === 36 || d === 33 || d === 45) { sink.emit('ident', i, i + 2, text[i + 1]); i += 2; continue; }
    }
    if (stack.size && (c === 123 || c === 40)) {
      if ((c === 123) === (stack.top() === 125)) stack.open();
      sink.emit('punct', i, i + 1); i++; continue;
    }
    if (stack.size && c === stack.top()) {
      if (stack.close() !== undefined) { i = dq(i, i + 1, true); continue; }
      sink.emit('punct', i, i + 1); i++; continue;
    }
    if (c === 60 && d === 60 && text.charCodeAt(i + 2) !== 60) {
      let j = i + 2;
      const indented = text.charCodeAt(j) === 45;
      if (indented) j++;
      while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
      const q = text.charCodeAt(j);
      const quoted = q === 39 || q === 34;
      if (quoted) j++;
      const te = identEnd(text, j);
      if (te > j && (!quoted || text.charCodeAt(te) === q)) {
        pending.push({ tag: text.slice(j, te), indented });
        const end = quoted ? te + 1 : te;
        sink.emit('punct', i, end);
        i = end;
        continue;
      }
    }
    if (isIdentStart(c)) { const e = identEnd(text, i + 1); sink.emit('ident', i, e); i = e; continue; }
    if (isDigit(c)) { const e = numberEnd(text, i); sink.emit('number', i, e); i = e; continue; }
    sink.emit('punct', i, i + 1);
    i++;
  }
}
