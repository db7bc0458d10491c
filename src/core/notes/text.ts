/**
 * Line bookkeeping shared by the note parser and the note editor. Offsets are UTF-16
 * code units into the string (what JavaScript, VS Code and LSP count); lines and
 * columns are 1-based.
 */

export interface LineSpan {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line's last character, before its line ending. */
  end: number;
  /** The line ending: '\n', '\r\n', '\r' or '' for a last line without one. */
  eol: string;
}

export class LineIndex {
  readonly lines: LineSpan[] = [];

  constructor(readonly text: string) {
    let start = 0;
    const re = /\r\n|\n|\r/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      this.lines.push({ start, end: m.index, eol: m[0] });
      start = m.index + m[0].length;
    }
    // A text that ends with a line ending has no extra empty line.
    if (start < text.length || this.lines.length === 0) this.lines.push({ start, end: text.length, eol: '' });
  }

  /** The text of 1-based line `line`, without its ending. */
  lineText(line: number): string {
    const l = this.lines[line - 1];
    return l ? this.text.slice(l.start, l.end) : '';
  }

  /** 1-based line and column of an offset. */
  positionAt(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lines[lo].start + 1 };
  }
}

/** The text's line ending style: the first one found, LF when there is none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Tracks fenced code blocks while walking Markdown lines: checklist syntax inside a
 * fence is example text, not a checklist item.
 */
export class FenceTracker {
  private open: string | null = null;

  /** Feeds one line; returns true when the line is inside (or opens/closes) a fence. */
  feed(line: string): boolean {
    const m = FENCE.exec(line);
    if (this.open) {
      if (m && m[1][0] === this.open[0] && m[1].length >= this.open.length && line.trim() === m[1].trim()) this.open = null;
      return true;
    }
    if (m) {
      this.open = m[1];
      return true;
    }
    return false;
  }
}

/** `- [ ] text`, `* [x] text`, `1. [X] text`: groups indent, marker, gap, state, rest. */
export const TASK_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])([ \t]+)\[([ xX])\](?=[ \t]|$)(.*)$/;

/** An ATX heading: `## Deploy` (closing hashes allowed). */
export const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** A trailing `@role` assignment of a checklist item. */
export const TRAILING_ROLE = /(?:^|[ \t])@([A-Za-z][\w-]*)[ \t]*$/;

/** Git conflict markers (`=======` alone is a Setext underline, so it needs a `<<<<<<<`). */
export const CONFLICT_START = /^<{7}(?: |$)/;
export const CONFLICT_END = /^>{7}(?: |$)/;
