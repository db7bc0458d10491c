/**
 * The C-like family: JS/TS, Go, Java, Kotlin, C#, Rust, PHP, Swift, Scala, C/C++.
 * One pass, no backtracking: each character is looked at a bounded number of times.
 */
import { Frames, flat, scanString, type StringRules, type StringScan } from './strings';
import { Sink, identEnd, regexLiteralEnd, isDigit, isIdentStart, isSpace, lineEnd, numberEnd, type Token } from './token';

export type CLikeDialect = 'js' | 'go' | 'java' | 'kotlin' | 'csharp' | 'rust' | 'php' | 'swift' | 'scala' | 'c';

// the strings that hold interpolations: shared, so that an open one costs no object
const JS_TEMPLATE: StringRules = { close: '`', escapes: 'all', multiline: true, interp: 'dollarBrace' };
const KOTLIN_STRING: StringRules = { close: '"', escapes: 'all', multiline: false, interp: 'dollarBrace' };
const KOTLIN_RAW: StringRules = { close: '"""', escapes: 'none', multiline: true, interp: 'dollarBrace' };

const JS_REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

export function lexCLike(text: string, dialect: CLikeDialect, sink: Sink): void {
  const n = text.length;
  const js = dialect === 'js';
  const php = dialect === 'php';
  const rust = dialect === 'rust';
  const nestedComments = rust || dialect === 'swift' || dialect === 'scala' || dialect === 'kotlin';
  const stack = new Frames<StringRules>();
  let prev: Token | undefined;
  /** Regex literals are off up to here (a failed regex scan on this line: keeps the cost linear). */
  let regexOffUntil = -1;
  let i = 0;
  let html = php; // PHP: text outside <?php … ?> is not code

  const emit = (kind: Token['kind'], start: number, end: number, value?: string, extra?: Partial<Token>): Token => {
    const t = sink.emit(kind, start, end, value, extra);
    if (kind !== 'comment') prev = t;
    return t;
  };

  /** Emits a string (or its first piece) whose body starts at `bodyStart`, pushing a frame on an interpolation. */
  const str = (start: number, bodyStart: number, rules: StringRules, piece: 'first' | 'resume'): number => {
    const s: StringScan = scanString(text, bodyStart, stack.full ? flat(rules) : rules);
    let template: Token['template'];
    if (s.stop === 'interp') {
      template = piece === 'first' ? 'head' : 'middle';
      stack.push(rules);
    } else if (piece === 'resume') template = 'tail';
    const extra: Partial<Token> = {};
    if (template) extra.template = template;
    if (s.stop === 'eol' || s.stop === 'eof') extra.unterminated = true;
    emit('string', start, s.end, s.value, extra);
    return s.end;
  };

  while (i < n && !sink.stopped) {
    if (html) {
      const open = text.indexOf('<?', i);
      if (open < 0) break;
      i = text.startsWith('<?php', open) ? open + 5 : text.startsWith('<?=', open) ? open + 3 : open + 2;
      html = false;
      continue;
    }
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    const d = text.charCodeAt(i + 1);

    // comments
    if (c === 47 /* / */ && d === 47) { i = lineComment(i, i + 2); continue; }
    if (c === 35 /* # */ && php && d !== 91 /* [ */) { i = lineComment(i, i + 1); continue; }
    if (c === 47 && d === 42 /* * */) {
      let depth = 1;
      let j = i + 2;
      let closed = false;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (e === 42 && text.charCodeAt(j + 1) === 47) {
          j += 2;
          if (--depth === 0) { closed = true; break; }
          continue;
        }
        if (nestedComments && e === 47 && text.charCodeAt(j + 1) === 42) { depth++; j += 2; continue; }
        j++;
      }
      emit('comment', i, j, text.slice(i + 2, closed ? j - 2 : j), closed ? undefined : { unterminated: true });
      i = j;
      continue;
    }
    if (php && c === 63 /* ? */ && d === 62 /* > */) { emit('punct', i, i + 2); i += 2; html = true; continue; }

    // strings
    if (c === 34 /* " */) {
      if (d === 34 && text.charCodeAt(i + 2) === 34 && dialect !== 'js' && dialect !== 'go' && dialect !== 'c' && dialect !== 'php' && dialect !== 'rust') {
        const raw = dialect === 'kotlin' || dialect === 'scala' || dialect === 'csharp';
        i = str(i, i + 3, dialect === 'kotlin' ? KOTLIN_RAW : { close: '"""', escapes: raw ? 'none' : 'all', multiline: true }, 'first');
        continue;
      }
      i = str(i, i + 1, dialect === 'kotlin' ? KOTLIN_STRING : { close: '"', escapes: 'all', multiline: php }, 'first');
      continue;
    }
    if (c === 39 /* ' */) {
      if (js || php) { i = str(i, i + 1, { close: "'", escapes: php ? 'quote' : 'all', multiline: php }, 'first'); continue; }
      if (rust || dialect === 'scala') {
        // a lifetime / symbol ('a, 'static) unless a char literal closes right after
        const cp = text.codePointAt(i + 1) ?? 0;
        const w = cp > 0xffff ? 2 : 1;
        if (d !== 92 && text.charCodeAt(i + 1 + w) !== 39) { emit('punct', i, i + 1); i++; continue; }
      }
      i = str(i, i + 1, { close: "'", escapes: 'all', multiline: false }, 'first');
      continue;
    }
    if (c === 96 /* ` */) {
      if (js) { i = str(i, i + 1, JS_TEMPLATE, 'first'); continue; }
      if (dialect === 'go') { i = str(i, i + 1, { close: '`', escapes: 'none', multiline: true }, 'first'); continue; }
      // Kotlin/Scala/Swift backticked identifiers
      if (dialect === 'kotlin' || dialect === 'scala' || dialect === 'swift') {
        // up to the next backtick or newline, whichever comes first (never past it: linear)
        let e = i + 1;
        while (e < n && text.charCodeAt(e) !== 96 && text.charCodeAt(e) !== 10) e++;
        if (text.charCodeAt(e) === 96) { emit('ident', i, e + 1, text.slice(i + 1, e), { quoted: true }); i = e + 1; continue; }
      }
      emit('punct', i, i + 1); i++; continue;
    }
    if (dialect === 'csharp' && (c === 64 /* @ */ || c === 36 /* $ */)) {
      // @"…", $@"…", @$"…" verbatim (multi-line, "" for a quote); $"…" interpolated
      const two = text.slice(i, i + 3);
      if (c === 64 && d === 34) { i = str(i, i + 2, { close: '"', escapes: 'none', multiline: true, doubled: true }, 'first'); continue; }
      if (two === '$@"' || two === '@$"') { i = str(i, i + 3, { close: '"', escapes: 'none', multiline: true, doubled: true }, 'first'); continue; }
      if (c === 36 && d === 34) { i = str(i, i + 2, { close: '"', escapes: 'all', multiline: false }, 'first'); continue; }
    }
    if (php && c === 60 /* < */ && text.startsWith('<<<', i)) {
      const h = phpHeredoc(i);
      if (h > 0) { i = h; continue; }
    }

    // interpolation closers
    if (c === 123 /* { */ && stack.size) { stack.open(); emit('punct', i, i + 1); i++; continue; }
    if (c === 125 /* } */ && stack.size) {
      const resume = stack.close();
      if (resume) { i = str(i, i + 1, resume, 'resume'); continue; }
      emit('punct', i, i + 1); i++; continue;
    }

    // identifiers (and the raw-string prefixes that look like them)
    if (isIdentStart(c) || c === 36 /* $ */ && (js || php || dialect === 'kotlin' || dialect === 'scala' || dialect === 'java')) {
      const e = identEnd(text, i + 1, js || php || dialect === 'java' || dialect === 'scala' ? 36 : -1);
      const word = text.slice(i, e);
      const q = text.charCodeAt(e);
      if (rust && (word === 'r' || word === 'br' || word === 'cr') && (q === 34 || q === 35)) {
        let h = e;
        while (text.charCodeAt(h) === 35) h++;
        if (text.charCodeAt(h) === 34) {
          const close = '"' + '#'.repeat(h - e);
          i = str(i, h + 1, { close, escapes: 'none', multiline: true }, 'first');
          continue;
        }
      }
      if (rust && (word === 'b' || word === 'c') && (q === 34 || q === 39)) {
        i = str(i, e + 1, { close: q === 34 ? '"' : "'", escapes: 'all', multiline: q === 34 }, 'first');
        continue;
      }
      if (dialect === 'c' && q === 34 && /^(?:u8|u|U|L)?R$/.test(word)) {
        const paren = text.slice(e + 1, e + 18).indexOf('(') + e + 1;
        const delim = paren > e ? text.slice(e + 1, paren) : null;
        if (delim !== null && !/[\s\\()]/.test(delim)) {
          i = str(i, paren + 1, { close: ')' + delim + '"', escapes: 'none', multiline: true }, 'first');
          continue;
        }
      }
      emit('ident', i, e);
      i = e;
      continue;
    }

    // numbers
    if (isDigit(c) || (c === 46 && isDigit(d))) { const e = numberEnd(text, i); emit('number', i, e); i = e; continue; }

    // JS regex literals
    if (js && c === 47 && i > regexOffUntil && regexAllowed(prev)) {
      const e = regexLiteralEnd(text, i + 1);
      if (e > 0) { emit('regex', i, e, text.slice(i + 1, text.lastIndexOf('/', e - 1))); i = e; continue; }
      regexOffUntil = lineEnd(text, i);
    }

    emit('punct', i, i + 1);
    i++;
  }

  function lineComment(start: number, body: number): number {
    let e = body;
    if (php) while (e < n && text.charCodeAt(e) !== 10 && !(text.charCodeAt(e) === 63 && text.charCodeAt(e + 1) === 62)) e++;
    else e = lineEnd(text, body);
    const end = e > body && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    emit('comment', start, end, text.slice(body, end));
    return e;
  }

  function regexAllowed(p: Token | undefined): boolean {
    if (!p) return true;
    if (p.kind === 'punct') return p.text !== ')' && p.text !== ']' && p.text !== '}';
    if (p.kind === 'ident') return JS_REGEX_AFTER_WORD.has(p.text);
    return false;
  }


  /** PHP heredoc/nowdoc at `start` (`<<<`): emits the string, returns the position after it, or -1. */
  function phpHeredoc(start: number): number {
    let j = start + 3;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    const quote = text.charCodeAt(j);
    const quoted = quote === 39 || quote === 34;
    if (quoted) j++;
    if (!isIdentStart(text.charCodeAt(j))) return -1;
    const tagEnd = identEnd(text, j);
    const tag = text.slice(j, tagEnd);
    let k = tagEnd;
    if (quoted) { if (text.charCodeAt(k) !== quote) return -1; k++; }
    let eol = k;
    while (eol < n && (text.charCodeAt(eol) === 32 || text.charCodeAt(eol) === 9 || text.charCodeAt(eol) === 13)) eol++;
    if (eol < n && text.charCodeAt(eol) !== 10) return -1;
    // body: lines until one whose first non-blank text is the tag, not followed by an identifier character
    let lineStart = eol + 1;
    while (lineStart <= n) {
      const le = lineEnd(text, lineStart);
      let s = lineStart;
      while (s < le && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
      if (text.startsWith(tag, s) && !isIdentStart(text.charCodeAt(s + tag.length)) && !isDigit(text.charCodeAt(s + tag.length))) {
        const bodyEnd = Math.max(eol + 1, lineStart - 1);
        const raw = text.slice(Math.min(eol + 1, n), bodyEnd);
        const indent = text.slice(lineStart, s);
        const value = indent ? raw.split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n') : raw;
        emit('string', start, s + tag.length, value.replace(/\r$/, ''));
        return s + tag.length;
      }
      if (le >= n) break;
      lineStart = le + 1;
    }
    emit('string', start, n, text.slice(Math.min(eol + 1, n)), { unterminated: true });
    return n;
  }
}
