/** The one string-body scanner every lexer uses: linear, stops at the closer, an interpolation, or the line's end. */
import { decodeEscape, type Sink, type Token } from './token';

export interface StringRules {
  /** The closing delimiter (`"`, `'`, `"""`, `` ` ``, `)delim"`, `"##`). */
  close: string;
  /** `\` escapes are decoded ('all'), only `\\` and `\<close>` are ('quote', PHP/shell single quotes), or none. */
  escapes: 'all' | 'quote' | 'none';
  /** A newline may sit inside (else the string ends unterminated before it). */
  multiline: boolean;
  /** Interpolation openers that stop the scan: `${` (JS, Kotlin, shell), `#{` (Ruby), `$(`/`$` (shell). */
  interp?: 'dollarBrace' | 'hashBrace' | 'shell';
  /** The closer doubled stands for itself (`''` in SQL/YAML, `""` in C# verbatim). */
  doubled?: boolean;
}

export interface StringScan {
  /** Position after the closer (or at the interpolation/line end/text end where it stopped). */
  end: number;
  value: string;
  stop: 'close' | 'interp' | 'eol' | 'eof';
  /** For 'interp': which opener (`${`, `#{`, `$(`, or `$` before a name). */
  opener?: '${' | '#{' | '$(' | '$';
}

/** Scans a string body from `i` (just after the opening delimiter). Cost: linear in what it consumes. */
export function scanString(text: string, i: number, r: StringRules): StringScan {
  const n = text.length;
  const close = r.close;
  const c0 = close.charCodeAt(0);
  const single = close.length === 1;
  let value = '';
  let run = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && r.escapes !== 'none') {
      if (r.escapes === 'all') {
        value += text.slice(run, i);
        const [v, next] = decodeEscape(text, i + 1);
        value += v;
        i = run = next;
        continue;
      }
      const d = text.charCodeAt(i + 1);
      if (d === 92 || d === c0) {
        value += text.slice(run, i) + text[i + 1];
        i = run = i + 2;
        continue;
      }
      i++;
      continue;
    }
    if (c === c0 && (single || text.startsWith(close, i))) {
      if (r.doubled && text.charCodeAt(i + close.length) === c0) {
        value += text.slice(run, i + 1);
        i = run = i + 2;
        continue;
      }
      return { end: i + close.length, value: value + text.slice(run, i), stop: 'close' };
    }
    if (r.interp) {
      const d = text.charCodeAt(i + 1);
      if (r.interp === 'dollarBrace' && c === 36 && d === 123) return { end: i + 2, value: value + text.slice(run, i), stop: 'interp', opener: '${' };
      if (r.interp === 'hashBrace' && c === 35 && d === 123) return { end: i + 2, value: value + text.slice(run, i), stop: 'interp', opener: '#{' };
      if (r.interp === 'shell' && c === 36) {
        if (d === 123) return { end: i + 2, value: value + text.slice(run, i), stop: 'interp', opener: '${' };
        if (d === 40) return { end: i + 2, value: value + text.slice(run, i), stop: 'interp', opener: '$(' };
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95) return { end: i + 1, value: value + text.slice(run, i), stop: 'interp', opener: '$' };
      }
    }
    if (c === 10 && !r.multiline) {
      const end = text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      return { end, value: value + text.slice(run, end), stop: 'eol' };
    }
    i++;
  }
  return { end: n, value: value + text.slice(run, n), stop: 'eof' };
}

export interface HeredocBody {
  /** The body's text (lines between the opener's line and the terminator line). */
  value: string;
  /** Where the terminator's line ends (the newline's position, or the text's end). */
  end: number;
  closed: boolean;
}

/**
 * A heredoc body starting at `from` (the first character of the line after the opener):
 * lines up to one that is `tag` (after leading blanks when `indented`). Linear: each line is
 * compared with the tag at most up to its own length.
 */
export function heredocBody(text: string, from: number, tag: string, indented: boolean): HeredocBody {
  const n = text.length;
  let lineStart = from;
  while (lineStart < n) {
    let le = text.indexOf('\n', lineStart);
    if (le < 0) le = n;
    let s = lineStart;
    if (indented) while (s < le && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    let e = le;
    if (text.charCodeAt(e - 1) === 13) e--;
    if (e - s === tag.length && text.startsWith(tag, s)) {
      return { value: text.slice(from, Math.max(from, lineStart - 1)).replace(/\r$/, ''), end: le, closed: true };
    }
    lineStart = le + 1;
  }
  return { value: text.slice(from, n), end: n, closed: false };
}

/** A heredoc opened on the current line (`<<EOF`, `<<-EOF`, `<<~EOF`): its body starts on the next line. */
export interface PendingHeredoc {
  tag: string;
  /** The terminator may be indented (`<<-`, `<<~`). */
  indented: boolean;
  /** The body's common indentation is removed (Ruby `<<~`). */
  squiggly?: boolean;
}

/**
 * At the end of a line that opened heredocs (Ruby, shell): hands each body to `emit`, in the
 * order they were opened, each starting on the line after the previous one's terminator;
 * empties `pending` and returns where lexing resumes (after the last terminator's line).
 * Linear: the bodies are consecutive, each line is read once.
 */
export function heredocBodies(
  text: string,
  from: number,
  pending: PendingHeredoc[],
  emit: (start: number, end: number, value: string, unterminated: boolean) => void,
): number {
  const n = text.length;
  for (const h of pending) {
    const b = heredocBody(text, from, h.tag, h.indented);
    emit(from, b.end, h.squiggly ? dedent(b.value) : b.value, !b.closed);
    from = Math.min(n, b.end + 1);
  }
  pending.length = 0;
  return from;
}

/** Removes the smallest indentation of the non-blank lines (Ruby `<<~`). Linear. */
export function dedent(value: string): string {
  const lines = value.split('\n');
  let min = Infinity;
  for (const l of lines) {
    let k = 0;
    while (k < l.length && (l.charCodeAt(k) === 32 || l.charCodeAt(k) === 9)) k++;
    if (k < l.length && l.charCodeAt(k) !== 13 && k < min) min = k;
  }
  if (!Number.isFinite(min) || min === 0) return value;
  return lines.map((l) => l.slice(Math.min(min, l.length))).join('\n');
}

/** The same rules without interpolation (for strings nested past `Frames.MAX`). */
export function flat(r: StringRules): StringRules {
  return r.interp ? { ...r, interp: undefined } : r;
}

/**
 * Open interpolations (`${…` inside a string): what to resume at the closer, and how many
 * braces opened inside are not closed yet. Parallel arrays of shared values and small
 * integers, no object per frame: a text of 30 K nested `${` keeps nothing for the collector.
 */
export class Frames<T> {
  /** Interpolations nested deeper than this are read as plain string text (no real code nests 64 deep). */
  static readonly MAX = 64;
  get full(): boolean { return this.items.length >= Frames.MAX; }
  private readonly items: T[] = [];
  private readonly depths: number[] = [];
  get size(): number { return this.items.length; }
  push(item: T): void { this.items.push(item); this.depths.push(0); }
  top(): T { return this.items[this.items.length - 1]!; }
  /** A brace opened inside the innermost interpolation. */
  open(): void { this.depths[this.depths.length - 1]!++; }
  /** A closer: the interpolation's own (returns what to resume, popped) or a nested one's (undefined). */
  close(): T | undefined {
    const k = this.depths.length - 1;
    if (this.depths[k] === 0) { this.depths.pop(); return this.items.pop(); }
    this.depths[k]!--;
    return undefined;
  }
}

/**
 * A string reader for lexers with interpolation pieces (Ruby, Elixir): scans a body from
 * `bodyStart`, emits it as a whole string or as a head/middle/tail piece, and pushes the
 * rules to resume with when an interpolation opens (the lexer pops them at the closing `}`).
 * Returns where the string (or piece) ends.
 */
export function interpolatedStrings(text: string, sink: Sink, stack: Frames<StringRules>, onToken?: (t: Token) => void) {
  return (start: number, bodyStart: number, rules: StringRules, resume: boolean): number => {
    const s = scanString(text, bodyStart, stack.full ? flat(rules) : rules);
    const extra: Partial<Token> = {};
    if (s.stop === 'interp') { extra.template = resume ? 'middle' : 'head'; stack.push(rules); }
    else if (resume) extra.template = 'tail';
    if (s.stop === 'eof') extra.unterminated = true;
    const t = sink.emit('string', start, s.end, s.value, extra);
    if (onToken) onToken(t);
    return s.end;
  };
}

/**
 * The closer of a body opened by `open` at `j - 1` (Ruby %-literals, Elixir sigils): bracket
 * pairs nest, a `\` skips the next character. Returns the closer's position, or the text's
 * length when it never comes. Linear.
 */
export function delimitedEnd(text: string, j: number, open: string, close: string): number {
  const n = text.length;
  let depth = 1;
  let k = j;
  while (k < n) {
    const e = text[k]!;
    if (e === '\\') { k += 2; continue; }
    if (e === close) { if (--depth === 0) return k; }
    else if (e === open && close !== open) depth++;
    k++;
  }
  return n;
}
