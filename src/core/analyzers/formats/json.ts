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
    this.advance();
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === q) {
        this.advance();
        return out;
      }
      if (c === '\n') throw new ParseError('newline in string');
      if (c === '\\') {
        const n = this.s[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };
        if (n === 'u') {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.advance(6);
          continue;
        }
        out += map[n] ?? n;
        this.advance(2);
        continue;
      }
      out += c;
      this.advance();
    }
    throw new ParseError('unterminated string');
  }

  private bareKey(): string {
    const m = /^[^\s:{}[\],"']+/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) throw new ParseError('expected a key');
    this.advance(m[0].length);
    return m[0];
  }

  /** A number, literal, or (HJSON) a quoteless string to the end of the line. */
  private bare(): Scalar {
    const rest = this.s.slice(this.i, this.s.indexOf('\n', this.i) < 0 ? this.s.length : this.s.indexOf('\n', this.i));
    const tok = /^[^\s,\]}]+/.exec(rest)?.[0] ?? '';
    if (tok === 'true' || tok === 'false' || tok === 'null') {
      this.advance(tok.length);
      return tok === 'null' ? null : tok === 'true';
    }
    if (/^[-+]?(\d[\d_]*\.?\d*([eE][-+]?\d+)?|0x[0-9a-fA-F]+|\.\d+|Infinity|NaN)$/.test(tok)) {
      this.advance(tok.length);
      const n = Number(tok.replace(/_/g, ''));
      return Number.isNaN(n) ? tok : n;
    }
    // Quoteless string (HJSON): to the end of the line, without a trailing comment or comma.
    const text = rest.replace(/\s+(\/\/|#).*$/, '').replace(/,\s*$/, '').trim();
    if (text === '' || /^[:{}[\]]/.test(text)) throw new ParseError('unexpected token');
    this.advance(rest.length);
    return text;
  }
}
