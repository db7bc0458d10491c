import type { Hunk } from '../types';

/**
 * An in-process line diff (`git diff -U0`'s hunks) of two texts, for the editor's save: the
 * saved file against its merge-base blob, without starting git (a process started from the
 * editor's large heap costs more than the rest of the update).
 *
 * Lines are compared as git compares them: with their line feed, so a last line that gains or
 * loses its final newline is a change; a carriage return stays part of the line. The edit
 * script is Myers' O((N+M)·D) greedy one after the common head and tail are cut off, bounded:
 * with more than `maxEdits` differing lines (or a cost over `maxCost`) it gives up (null) and
 * the caller asks git. Lines with no equal on the other side are set aside first, as git does.
 * Each group of changed lines is then slid as git's compaction does (xdl_change_compact, with
 * its default indent heuristic), so that an ambiguous insertion ("}" between two "}") lands
 * where git puts it. git's own search can still pick another script of the same length in
 * rare cases (the same lines, other line numbers).
 */
export interface LineDiffLimits {
  maxEdits: number;
  maxCost: number;
}

const DEFAULT_LIMITS: LineDiffLimits = { maxEdits: 2000, maxCost: 40_000_000 };

/** A text's lines as git's diff sees them: each with its line feed; the last may lack one. */
export function gitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The hunks of `git diff -U0` from `oldText` to `newText`; null when the diff is over the limits. */
export function diffHunks(oldText: string, newText: string, limits: LineDiffLimits = DEFAULT_LIMITS): Hunk[] | null {
  const a = gitLines(oldText);
  const b = gitLines(newText);
  // Lines as small integers: equal lines, equal numbers.
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let v = ids.get(s);
    if (v === undefined) ids.set(s, (v = ids.size));
    return v;
  };
  const ai = Int32Array.from(a, id);
  const bi = Int32Array.from(b, id);
  const n = ai.length;
  const m = bi.length;
  // One spare slot each: a group's scan stops at the end.
  const removed = new Uint8Array(n + 1);
  const added = new Uint8Array(m + 1);
  let pre = 0;
  while (pre < n && pre < m && ai[pre] === bi[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && ai[n - 1 - suf] === bi[m - 1 - suf]) suf++;
  // As git does (xdl_cleanup_records): a line with no equal on the other side is changed for
  // sure; the edit script is searched among the others only (a rewritten file costs little).
  const inA = new Uint8Array(ids.size);
  const inB = new Uint8Array(ids.size);
  for (let i = pre; i < n - suf; i++) inA[ai[i]] = 1;
  for (let j = pre; j < m - suf; j++) inB[bi[j]] = 1;
  const keptA: number[] = [];
  const keptB: number[] = [];
  for (let i = pre; i < n - suf; i++) if (inB[ai[i]]) keptA.push(i);
  else removed[i] = 1;
  for (let j = pre; j < m - suf; j++) if (inA[bi[j]]) keptB.push(j);
  else added[j] = 1;
  const ra = new Uint8Array(keptA.length);
  const rb = new Uint8Array(keptB.length);
  if (!myers(Int32Array.from(keptA, (i) => ai[i]), 0, keptA.length, Int32Array.from(keptB, (j) => bi[j]), 0, keptB.length, ra, rb, limits)) return null;
  keptA.forEach((i, k) => ra[k] && (removed[i] = 1));
  keptB.forEach((j, k) => rb[k] && (added[j] = 1));
  compact(ai, a, removed, added, m);
  compact(bi, b, added, removed, n);
  return hunks(a, b, removed, added);
}

/** Marks the lines of a[a0..a1) removed and b[b0..b1) added along a shortest edit script; false over the limits. */
function myers(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, removed: Uint8Array, added: Uint8Array, limits: LineDiffLimits): boolean {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0) {
    removed.fill(1, a0, a1);
    added.fill(1, b0, b1);
    return true;
  }
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  /** v's live part [-d, d] after each step d, for the way back (O(D²) memory). */
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    if (d > limits.maxEdits || d * (n + m) > limits.maxCost) return false;
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(off - d, off + d + 1));
    if (found >= 0) break;
  }
  // Back from (n, m): each step d came from diagonal k±1 of step d-1.
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1];
    const k = x - y;
    const at = (kk: number) => prev[kk + d - 1];
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    // Down: b[py] was added; right: a[px] was removed (then the snake back along k).
    if (down) added[b0 + py] = 1;
    else removed[a0 + px] = 1;
    x = px;
    y = py;
  }
  return true;
}

/**
 * git's xdl_change_compact: each group of changed lines of
 * `rchg` (one spare slot at the end) slides up, then down, as far as equal lines allow,
 * merging with groups it meets; then back up to line up with a change of the other file
 * (`other`) where it can, else to the shift the indent heuristic scores best. Groups of both files are walked in step (group k of one file sits
 * between the same unchanged lines as group k of the other).
 */
function compact(recs: Int32Array, texts: string[], rchg: Uint8Array, other: Uint8Array, otherN: number): void {
  const nrec = recs.length;
  const g = { start: 0, end: 0 };
  const go = { start: 0, end: 0 };
  const init = (x: { start: number; end: number }, ch: Uint8Array) => {
    x.start = x.end = 0;
    while (ch[x.end]) x.end++;
  };
  const next = (x: { start: number; end: number }, ch: Uint8Array, n: number): boolean => {
    if (x.end === n) return false;
    x.start = x.end + 1;
    x.end = x.start;
    while (ch[x.end]) x.end++;
    return true;
  };
  const previous = (x: { start: number; end: number }, ch: Uint8Array): boolean => {
    if (x.start === 0) return false;
    x.end = x.start - 1;
    x.start = x.end;
    while (x.start > 0 && ch[x.start - 1]) x.start--;
    return true;
  };
  const slideDown = (): boolean => {
    if (g.end < nrec && recs[g.start] === recs[g.end]) {
      rchg[g.start++] = 0;
      rchg[g.end++] = 1;
      while (rchg[g.end]) g.end++;
      return true;
    }
    return false;
  };
  const slideUp = (): boolean => {
    if (g.start > 0 && recs[g.start - 1] === recs[g.end - 1]) {
      rchg[--g.start] = 1;
      rchg[--g.end] = 0;
      while (g.start > 0 && rchg[g.start - 1]) g.start--;
      return true;
    }
    return false;
  };
  const indents = new Int16Array(nrec).fill(-2); // -2: not measured yet
  init(g, rchg);
  init(go, other);
  for (;;) {
    if (g.end !== g.start) {
      let earliestEnd: number;
      let endMatchingOther: number;
      let size: number;
      do {
        size = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp()) previous(go, other);
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown()) {
          next(go, other, otherN);
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (size !== g.end - g.start);
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          slideUp();
          previous(go, other);
        }
      } else if (g.end !== earliestEnd) {
        // git's indent heuristic: the shift whose two split points score best.
        let shift = Math.max(earliestEnd, g.end - size - 1, g.end - INDENT_HEURISTIC_MAX_SLIDING);
        let best = -1;
        let bestIndent = 0;
        let bestPenalty = 0;
        for (; shift <= g.end; shift++) {
          const score = { indent: 0, penalty: 0 };
          scoreSplit(texts, indents, shift, score);
          scoreSplit(texts, indents, shift - size, score);
          const cmp = INDENT_WEIGHT * Math.sign(score.indent - bestIndent) + (score.penalty - bestPenalty);
          if (best === -1 || cmp <= 0) {
            best = shift;
            bestIndent = score.indent;
            bestPenalty = score.penalty;
          }
        }
        while (g.end > best) {
          slideUp();
          previous(go, other);
        }
      }
    }
    if (!next(g, rchg, nrec)) return;
    next(go, other, otherN);
  }
}

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const INDENT_WEIGHT = 60;
const INDENT_HEURISTIC_MAX_SLIDING = 100;

/** A line's indent (a tab to the next multiple of 8), capped; -1 for a line of whitespace only (xdiff's get_indent). */
function indentOf(texts: string[], indents: Int16Array, i: number): number {
  if (indents[i] !== -2) return indents[i];
  const t = texts[i];
  let ret = -1;
  let n = 0;
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c === 32) n += 1;
    else if (c === 9) n += 8 - (n % 8);
    else if (c !== 10 && c !== 13 && c !== 11 && c !== 12) {
      ret = n;
      break;
    }
    if (n >= MAX_INDENT) {
      ret = MAX_INDENT;
      break;
    }
  }
  indents[i] = ret;
  return ret;
}

/** xdiff's measure_split + score_add_split for a split before line `split`. */
function scoreSplit(texts: string[], indents: Int16Array, split: number, score: { indent: number; penalty: number }): void {
  const nrec = texts.length;
  const endOfFile = split >= nrec;
  const lineIndent = endOfFile ? -1 : indentOf(texts, indents, split);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = indentOf(texts, indents, i);
    if (preIndent !== -1) break;
    preBlank += 1;
    if (preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlankRun = 0;
  let postIndent = -1;
  for (let i = split + 1; i < nrec; i++) {
    postIndent = indentOf(texts, indents, i);
    if (postIndent !== -1) break;
    postBlankRun += 1;
    if (postBlankRun === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }
  if (preIndent === -1 && preBlank === 0) score.penalty += 1; // start of file
  if (endOfFile) score.penalty += 21;
  const postBlank = lineIndent === -1 ? 1 + postBlankRun : 0;
  const totalBlank = preBlank + postBlank;
  score.penalty += -30 * totalBlank + 6 * postBlank;
  const indent = lineIndent !== -1 ? lineIndent : postIndent;
  const anyBlanks = totalBlank !== 0;
  score.indent += indent;
  if (indent === -1 || preIndent === -1 || indent === preIndent) return;
  if (indent > preIndent) score.penalty += anyBlanks ? 10 : -4;
  else if (postIndent !== -1 && postIndent > indent) score.penalty += anyBlanks ? 17 : 24;
  else score.penalty += anyBlanks ? 17 : 23;
}

/** One hunk per run of changes (git's -U0 hunks; a count of 0 starts at the line before). */
function hunks(a: string[], b: string[], removed: Uint8Array, added: Uint8Array): Hunk[] {
  const out: Hunk[] = [];
  // As DiffStreamParser reads git's patch lines: without the line feed and a carriage return
  // before it (git ends every patch line with one, a last line without its own too).
  const strip = (s: string) => {
    const t = s.endsWith('\n') ? s.slice(0, -1) : s;
    return t.endsWith('\r') ? t.slice(0, -1) : t;
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if ((i < a.length && removed[i]) || (j < b.length && added[j])) {
      const i0 = i;
      const j0 = j;
      while (i < a.length && removed[i]) i++;
      while (j < b.length && added[j]) j++;
      out.push({
        oldStart: i - i0 ? i0 + 1 : i0,
        oldLines: i - i0,
        newStart: j - j0 ? j0 + 1 : j0,
        newLines: j - j0,
        removed: a.slice(i0, i).map(strip),
        added: b.slice(j0, j).map(strip),
      });
    } else {
      i++;
      j++;
    }
  }
  return out;
}
