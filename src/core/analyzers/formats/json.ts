import type { CNode, Scalar } from './tree';

/**
 * A forgiving JSON reader with line numbers: plain JSON, JSONC (comments, trailing
 * commas), and the JSON5/HJSON habits seen in config files (single quotes, unquoted
 * keys, quoteless values, missing commas). Returns null when the text is not
 * JSON-like at all; never throws.
 */
export function parseJsonTree(text: string): CNode | null {
  try {
    const p = new Reader(text);
    p.skip();
    if (p.eof()) return null;
    // HJSON allows a root object without braces; only accept braced roots or a bare array/scalar.
    const root = p.value();
    p.skip();
    if (!p.eof()) return null;
    return root;
  } catch {
    return null;
  }
}

class ParseError extends Error {}

class Reader {
  private i = 0;
  private line = 1;

  constructor(private readonly s: string) {}

  eof(): boolean {
    return this.i >= this.s.length;
  }

  private advance(n = 1): void {
    for (let k = 0; k < n && this.i < this.s.length; k++) {
      if (this.s[this.i] === '\n') this.line++;
      this.i++;
    }
  }

  /** Skips whitespace and comments (`//`, `/* *\/`, `#`). */
  skip(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') this.advance();
      else if (c === '/' && s[this.i + 1] === '/') while (this.i < s.length && s[this.i] !== '\n') this.advance();
      else if (c === '#') while (this.i < s.length && s[this.i] !== '\n') this.advance();
      else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) throw new ParseError('unterminated comment');
        this.advance(end + 2 - this.i);
      } else break;
    }
  }

  value(): CNode {
    this.skip();
    const line = this.line;
    const c = this.s[this.i];
    if (c === '{') return this.object(line);
    if (c === '[') return this.array(line);
    if (c === '"' || c === "'") return { t: 'val', line, value: this.string() };
    return { t: 'val', line, value: this.bare() };
  }

  private object(line: number): CNode {
    this.advance(); // {
    const entries: [string, CNode][] = [];
    for (;;) {
      this.skip();
      if (this.eof()) throw new ParseError('unterminated object');
      if (this.s[this.i] === '}') {
        this.advance();
        return { t: 'map', line, entries };
      }
      const keyLine = this.line;
      const key = this.s[this.i] === '"' || this.s[this.i] === "'" ? this.string() : this.bareKey();
      this.skip();
      if (this.s[this.i] !== ':') throw new ParseError(`expected ':' after key ${key}`);
      this.advance();
      const v = this.value();
      // The line of an entry is its key's line.
      entries.push([key, { ...v, line: keyLine } as CNode]);
      this.skip();
      if (this.s[this.i] === ',') this.advance();
    }
  }

  private array(line: number): CNode {
    this.advance(); // [
    const items: CNode[] = [];
    for (;;) {
      this.skip();
      if (this.eof()) throw new ParseError('unterminated array');
      if (this.s[this.i] === ']') {
        this.advance();
        return { t: 'seq', line, items };
      }
      items.push(this.value());
      this.skip();
      if (this.s[this.i] === ',') this.advance();
    }
  }

  private string(): string {
    const q = this.s[this.i];
    const stop = q === '"' ? /["\\\n]/g : /['\\\n]/g;
    let out = '';
    let from = this.i + 1;
    for (;;) {
      stop.lastIndex = from;
      const m = stop.exec(this.s);
      if (!m) throw new ParseError('unterminated string');
      out += this.s.slice(from, m.index);
      const c = m[0];
      if (c === '\n') throw new ParseError('newline in string');
      if (c === q) {
        this.i = m.index + 1;
        return out;
      }
      // Backslash escape.
      const n = this.s[m.index + 1];
      if (n === 'u') {
        out += String.fromCharCode(parseInt(this.s.slice(m.index + 2, m.index + 6), 16));
        from = m.index + 6;
      } else {
        out += ESCAPES[n] ?? n;
        from = m.index + 2;
      }
    }
  }

  private bareKey(): string {
    const m = /^[^\s:{}[\],"']+/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) throw new ParseError('expected a key');
    this.advance(m[0].length);
    return m[0];
  }

  /** A number, literal, or (HJSON) a quoteless string to the end of the line. */
  private bare(): Scalar {
    TOKEN.lastIndex = this.i;
    const tok = TOKEN.exec(this.s)?.[0] ?? '';
    if (tok === 'true' || tok === 'false' || tok === 'null') {
      this.i += tok.length;
      return tok === 'null' ? null : tok === 'true';
    }
    if (NUMBER.test(tok)) {
      this.i += tok.length;
      const n = Number(tok.replace(/_/g, ''));
      return Number.isNaN(n) ? tok : n;
    }
    // Quoteless string (HJSON): to the end of the line, without a trailing comment or comma.
    const eol = this.s.indexOf('\n', this.i);
    const rest = this.s.slice(this.i, eol < 0 ? this.s.length : eol);
    const text = quoteless(rest);
    if (text === '' || /^[:{}[\]]/.test(text)) throw new ParseError('unexpected token');
    this.i += rest.length;
    return text;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };
const TOKEN = /[^\s,\]}]+/y;
// `\d[\d_]*(\.\d*)?`, not `\d[\d_]*\.?\d*`: two adjacent digit runs split a long run of digits every way (quadratic)
const NUMBER = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|\.\d+|Infinity|NaN)$/;

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;

/**
 * An HJSON quoteless value: the rest of the line without a comment (`//` or `#` after blank
 * space) and a trailing comma, trimmed. One scan (`/\s+(\/\/|#).*$/` retries its blank run from
 * every position: a line of spaces took seconds).
 */
function quoteless(rest: string): string {
  let end = rest.length;
  for (let k = 1; k < rest.length; k++) {
    const c = rest.charCodeAt(k);
    if ((c === 35 || (c === 47 && rest.charCodeAt(k + 1) === 47)) && isBlank(rest.charCodeAt(k - 1))) { end = k; break; }
  }
  let text = rest.slice(0, end).trimEnd();
  if (text.endsWith(',')) text = text.slice(0, -1);
  return text.trim();
}
