/** Token types and the shared machinery of the lexers (see index.ts). */

export type TokenKind = 'string' | 'comment' | 'ident' | 'punct' | 'number' | 'regex';

export interface Token {
  kind: TokenKind;
  /** The source text of the token, exactly `text.slice(start, end)`. */
  text: string;
  /**
   * strings: the decoded value (escapes resolved, quotes/prefix removed); comments: the text
   * without its markers; idents: the name (quotes of a SQL `"ident"` or the `$`/`${` of a
   * shell variable removed); others: the text.
   */
  value: string;
  /** UTF-16 offsets into the lexed text, end exclusive. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** A string or comment that ran to the end of its line or of the text without closing. */
  unterminated?: true;
  /**
   * A piece of a string with interpolations (`a${b}c`, Ruby `"#{x}"`, shell `"$X"`,
   * Kotlin `"${x}"`): 'head' ends at the opening `${`, 'middle' runs between two, 'tail'
   * closes the string. The interpolated code's tokens sit between the pieces. Absent on
   * a whole string.
   */
  template?: 'head' | 'middle' | 'tail';
  /** YAML-ish: a mapping key (`key:`); SQL: a quoted identifier is an ident with `quoted`. */
  key?: true;
  quoted?: true;
}

/** What a lexer hands each token to; returning false stops the lexer. */
export type Visitor = (token: Token) => void | boolean;

/**
 * Hands tokens to a visitor (or collects them) and numbers their lines with one
 * forward-moving counter (linear overall).
 */
export class Sink {
  readonly out: Token[] = [];
  /** Set when the visitor returned false: lexers stop at their next token. */
  stopped = false;
  private linePos = 0;
  private lineNo = 1;
  constructor(readonly text: string, private readonly visit?: Visitor) {}

  lineAt(pos: number): number {
    const t = this.text;
    if (pos >= this.linePos) {
      for (let i = this.linePos; i < pos; i++) if (t.charCodeAt(i) === 10) this.lineNo++;
    } else {
      for (let i = pos; i < this.linePos; i++) if (t.charCodeAt(i) === 10) this.lineNo--;
    }
    this.linePos = pos;
    return this.lineNo;
  }

  emit(kind: TokenKind, start: number, end: number, value?: string, extra?: Partial<Token>): Token {
    const text = this.text.slice(start, end);
    const tok: Token = { kind, text, value: value ?? text, start, end, line: this.lineAt(start) };
    if (extra) Object.assign(tok, extra);
    if (!this.visit) this.out.push(tok);
    else if (this.visit(tok) === false) this.stopped = true;
    return tok;
  }
}

// ---- character classes (char codes) ----
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
/** Identifier start: letters, `_`, and any non-ASCII code unit that is not a space. */
export const isIdentStart = (c: number): boolean => isAlpha(c) || c === 95 || (c >= 0x80 && c !== 0xa0 && c !== 0xfeff && c !== 0x2028 && c !== 0x2029);
export const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

/** End of an identifier starting at `i` (extra: additional part characters such as `$`). */
export function identEnd(text: string, i: number, extra = -1, extra2 = -1): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isIdentPart(c) || c === extra || c === extra2) i++;
    else break;
  }
  return i;
}

/** End of a Ruby/Elixir name at `i`: an identifier, with a trailing `?` or `!` (`nil?`, `fetch_env!`) unless `=` follows. */
export function bangIdentEnd(text: string, i: number): number {
  let e = identEnd(text, i);
  const f = text.charCodeAt(e);
  if ((f === 63 || f === 33) && text.charCodeAt(e + 1) !== 61) e++;
  return e;
}

/** End of a number starting at `i`: digits, letters, `_`, `.`, and a sign after an exponent. */
export function numberEnd(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isIdentPart(c) || c === 46) i++;
    else if ((c === 43 || c === 45) && (text.charCodeAt(i - 1) | 32) === 101 && !/^0[xX]/.test(text.slice(i - 3, i))) i++;
    else break;
  }
  return i;
}

/** Position of the next `\n` at or after `i`, or the text's length. */
export function lineEnd(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', a: '\x07', e: '\x1b' };

/**
 * Decodes one backslash escape at `i` (the character after the backslash). Returns the
 * decoded text and the position after the escape. Unknown escapes give the character itself.
 */
export function decodeEscape(text: string, i: number): [string, number] {
  const ch = text[i];
  if (ch === undefined) return ['\\', i];
  if (ch === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1, i + 3));
    if (m) return [String.fromCharCode(parseInt(m[0], 16)), i + 1 + m[0].length];
  } else if (ch === 'u' || ch === 'U') {
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close > 0 && close - i <= 10) {
        const cp = parseInt(text.slice(i + 2, close), 16);
        if (Number.isFinite(cp) && cp <= 0x10ffff) return [String.fromCodePoint(cp), close + 1];
      }
    } else {
      const len = ch === 'u' ? 4 : 8;
      const hex = text.slice(i + 1, i + 1 + len);
      if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
        const cp = parseInt(hex, 16);
        if (cp <= 0x10ffff) return [String.fromCodePoint(cp), i + 1 + len];
      }
    }
  } else if (ch === '\r' && text[i + 1] === '\n') {
    return ['', i + 2]; // line continuation
  } else if (ch === '\n') {
    return ['', i + 1];
  }
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return [simple, i + 1];
  // a surrogate pair escaped as a whole character
  const cp = text.codePointAt(i)!;
  return [String.fromCodePoint(cp), i + (cp > 0xffff ? 2 : 1)];
}

/**
 * End (after its flags) of a `/…/` regex literal whose body starts at `j` (JS, Ruby), or -1 when
 * the line ends first. A `/` inside a `[…]` class or after a backslash does not close it.
 */
export function regexLiteralEnd(text: string, j: number): number {
  const n = text.length;
  let inClass = false;
  while (j < n) {
    const e = text.charCodeAt(j);
    if (e === 10 || e === 13) return -1;
    if (e === 92) { j += 2; continue; }
    if (e === 91) inClass = true;
    else if (e === 93) inClass = false;
    else if (e === 47 && !inClass) return identEnd(text, j + 1);
    j++;
  }
  return -1;
}

/** Token tests the analyzers' token walks share. A punctuation token `ch`. */
export const isPunct = (t: Token | undefined, ch: string): boolean => t !== undefined && t.kind === 'punct' && t.text === ch;
/** An identifier, named `name` if given. */
export const isIdent = (t: Token | undefined, name?: string): boolean => t !== undefined && t.kind === 'ident' && (name === undefined || t.value === name);
/** A whole string literal (not a piece of one with interpolations). */
export const isWholeString = (t: Token | undefined): boolean => t !== undefined && t.kind === 'string' && t.template === undefined;

/**
 * Index of the punctuation closing the bracket (`(`, `[`, `{`) at `open`, looked for within `max`
 * tokens from it; -1 when none closes it there. Brackets of every kind nest in one depth.
 */
export function closingBracket(T: readonly Token[], open: number, max: number): number {
  let depth = 0;
  for (let j = open; j < T.length && j < open + max; j++) {
    if (isPunct(T[j], '(') || isPunct(T[j], '[') || isPunct(T[j], '{')) depth++;
    else if (isPunct(T[j], ')') || isPunct(T[j], ']') || isPunct(T[j], '}')) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/**
 * Lower-case words of an identifier: `GetFromSysconfig` → get, from, sysconfig; `env_or` → env, or;
 * `SQL_MARF_SCHEMA_VERSION` → sql, marf, schema, version; `DBVersion` → db, version. `_ $ ! ?`
 * separate words; a digit stays with the word before it (`sqlite3`); linear.
 */
export function identWords(id: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < id.length; i++) {
    const c = id[i];
    if (c === '_' || c === '$' || c === '!' || c === '?') {
      if (cur) out.push(cur.toLowerCase());
      cur = '';
      continue;
    }
    // a lower-to-upper step (`getEnv`), or the last capital of a run before a lower (`ENVVar`)
    const up = c >= 'A' && c <= 'Z';
    if (up && cur && ((cur[cur.length - 1] >= 'a' && cur[cur.length - 1] <= 'z') || (id[i + 1] >= 'a' && id[i + 1] <= 'z' && cur[cur.length - 1] >= 'A' && cur[cur.length - 1] <= 'Z'))) {
      out.push(cur.toLowerCase());
      cur = '';
    }
    cur += c;
  }
  if (cur) out.push(cur.toLowerCase());
  return out;
}
