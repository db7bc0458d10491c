import type { Change, ChangeStatus, Hunk } from '../types';

/**
 * Parses the output of `git diff --raw -p -U0 -z -M -C --full-index` as it streams in.
 *
 * The raw part comes first (NUL separated records, closed by an empty record), then the
 * patch, one `diff --git` section per raw record and in the same order. Paths are taken
 * from the raw records only (exact bytes, no quoting), so the patch headers never have to
 * be unquoted. Pure: no I/O; `push` chunks, then `end()`.
 */
export class DiffStreamParser {
  private readonly changes: Change[] = [];
  private phase: 'raw' | 'patch' = 'raw';
  private rawFields: string[] = [];
  private pendingRawRecord: { oldMode: string; status: string; oldBlob: string; newBlob: string; score?: number } | null = null;
  /** The unfinished record or line at the end of the chunks so far. */
  private carry: Buffer[] = [];
  private section = -1;
  private hunk: Hunk | null = null;
  private bytes = 0;

  /** Changes before this index were handed to onChange. */
  private emitted = 0;
  /** Indices of the changes whose raw status is T (type change). */
  private readonly typeChanges = new Set<number>();
  /**
   * The current section is the deletion half of a type change: git splits a change between
   * file, symlink and submodule into a deletion and a creation, two `diff --git` sections for
   * one raw record, and the next section is the creation half of the same change.
   */
  private creationHalfNext = false;

  constructor(
    /** Content analysis is skipped for a file whose changed lines exceed this many bytes. */
    private readonly maxBytesPerFile = 2 * 1024 * 1024,
    /** Receives each change once its patch section is complete. */
    private readonly onChange?: (change: Change) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry.length) {
      // The record or line the last chunk ended in: complete it alone, then read this chunk
      // in place (no copy of the whole chunk).
      const sep = chunk.indexOf(this.phase === 'raw' ? 0 : 10);
      if (sep < 0) {
        this.carry.push(chunk);
        return;
      }
      this.carry.push(chunk.subarray(0, sep + 1));
      const head = Buffer.concat(this.carry);
      this.carry = [];
      this.consume(head, 0);
      start = sep + 1;
    }
    this.consume(chunk, start);
  }

  /** Reads the complete records/lines of `buf` from `start`; keeps (a copy of) the rest. */
  private consume(buf: Buffer, start: number): void {
    if (this.phase === 'raw') {
      for (;;) {
        const nul = buf.indexOf(0, start);
        if (nul < 0) break;
        const field = buf.toString('utf8', start, nul);
        start = nul + 1;
        if (this.onRawField(field)) {
          this.phase = 'patch';
          break;
        }
      }
    }
    if (this.phase === 'patch') {
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl < 0) break;
        const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl; // keep CRLF files' lines clean
        this.onPatchLine(buf, start, end);
        start = nl + 1;
      }
    }
    if (start < buf.length) this.carry.push(Buffer.from(buf.subarray(start)));
  }

  end(): Change[] {
    const rest = Buffer.concat(this.carry);
    if (this.phase === 'raw' && rest.length) {
      this.onRawField(rest.toString('utf8'));
    } else if (this.phase === 'patch' && rest.length) {
      this.onPatchLine(rest, 0, rest.length);
    }
    this.carry = [];
    this.closeHunk();
    this.emitUpTo(this.changes.length);
    return this.changes;
  }

  private emitUpTo(end: number): void {
    if (!this.onChange) return;
    while (this.emitted < end) this.onChange(this.changes[this.emitted++]);
  }

  /** Returns true when the raw part is over (an empty record). */
  private onRawField(field: string): boolean {
    if (field === '') return this.pendingRawRecord === null;
    if (!this.pendingRawRecord) {
      // ":100644 100644 <old> <new> M" (status may carry a score: R087, C100)
      const parts = field.slice(1).split(' ');
      const status = parts[4] ?? 'M';
      this.pendingRawRecord = {
        oldMode: parts[0],
        status: status[0],
        oldBlob: parts[2],
        newBlob: parts[3],
        score: status.length > 1 ? Number(status.slice(1)) : undefined,
      };
      this.rawFields = [];
      return false;
    }
    this.rawFields.push(field);
    const rec = this.pendingRawRecord;
    const needed = rec.status === 'R' || rec.status === 'C' ? 2 : 1;
    if (this.rawFields.length < needed) return false;
    const zero = /^0+$/;
    // Every change of one shape, its optional fields present (undefined when not set): a rename's
    // `similarity` or a binary file's `contentSkipped` added later gave the engine's objects new
    // shapes mid-range, and each threw away the optimized code that had read the others (issue 17).
    const change: Change = {
      status: mapStatus(rec.status),
      path: needed === 2 ? this.rawFields[1] : this.rawFields[0],
      oldPath: needed === 2 ? this.rawFields[0] : null,
      oldBlob: zero.test(rec.oldBlob) ? null : rec.oldBlob,
      newBlob: zero.test(rec.newBlob) ? null : rec.newBlob,
      binary: false,
      contentSkipped: undefined,
      similarity: rec.score,
      // The old side is a symlink or a submodule (git grep of a tree reads neither): see Change.oldNotFile.
      oldNotFile: rec.oldMode !== '000000' && rec.oldMode !== '100644' && rec.oldMode !== '100755' ? true : undefined,
      copied: rec.status === 'C' ? true : undefined,
      hunks: [],
    };
    if (rec.status === 'T') this.typeChanges.add(this.changes.length);
    this.changes.push(change);
    this.pendingRawRecord = null;
    return false;
  }

  private onPatchLine(buf: Buffer, start: number, end: number): void {
    const first = buf[start];
    // Fast path for the bulk of the output: content lines.
    if ((first === 43 /* + */ || first === 45 /* - */ || first === 32) && this.hunk) {
      const change = this.changes[this.section];
      if (change.contentSkipped) return;
      this.bytes += end - start;
      if (this.bytes > this.maxBytesPerFile) {
        change.contentSkipped = 'too-large';
        change.hunks = [];
        this.hunk = null;
        return;
      }
      const text = buf.toString('utf8', start + 1, end);
      if (first === 43) this.hunk.added.push(text);
      else if (first === 45) this.hunk.removed.push(text);
      return;
    }
    if (first === 100 /* d */ && startsWith(buf, start, 'diff --git ')) {
      this.closeHunk();
      if (this.creationHalfNext) {
        // The creation half of a type change: same change, its hunks follow the deletion's.
        this.creationHalfNext = false;
        return;
      }
      this.emitUpTo(this.section + 1);
      this.section++;
      this.bytes = 0;
      return;
    }
    const change = this.changes[this.section];
    if (!change) return;
    if (!this.hunk && first === 100 /* d */ && this.typeChanges.has(this.section) && startsWith(buf, start, 'deleted file mode ')) {
      this.creationHalfNext = true;
      return;
    }
    if (first === 64 /* @ */ && startsWith(buf, start, '@@ ')) {
      this.closeHunk();
      if (change.contentSkipped) return;
      const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(buf.toString('latin1', start, Math.min(end, start + 80)));
      if (m) {
        this.hunk = {
          oldStart: Number(m[1]),
          oldLines: m[2] === undefined ? 1 : Number(m[2]),
          newStart: Number(m[3]),
          newLines: m[4] === undefined ? 1 : Number(m[4]),
          removed: [],
          added: [],
        };
      }
      return;
    }
    if (!this.hunk && (startsWith(buf, start, 'Binary files ') || startsWith(buf, start, 'GIT binary patch'))) {
      change.binary = true;
      change.contentSkipped = 'binary';
    }
  }

  private closeHunk(): void {
    if (this.hunk) {
      const change = this.changes[this.section];
      if (change && !change.contentSkipped) change.hunks.push(this.hunk);
      this.hunk = null;
    }
  }
}

function startsWith(buf: Buffer, start: number, prefix: string): boolean {
  if (buf.length - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function mapStatus(s: string): ChangeStatus {
  switch (s) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    case 'C':
      return 'added';
    default:
      return 'modified'; // M, T (type change), U (unmerged)
  }
}

/** Parses one whole diff output (for tests and small inputs). */
export function parseDiff(output: Buffer | string, maxBytesPerFile?: number): Change[] {
  const p = new DiffStreamParser(maxBytesPerFile);
  p.push(typeof output === 'string' ? Buffer.from(output, 'utf8') : output);
  return p.end();
}

/** Builds a change for an untracked file of the working tree: every line is added. */
export function untrackedChange(path: string, content: Buffer | null, maxBytes: number): Change {
  const change: Change = { status: 'added', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [] };
  if (content === null) return change;
  if (content.length > maxBytes) {
    change.contentSkipped = 'too-large';
    return change;
  }
  if (content.subarray(0, 8000).includes(0)) {
    change.binary = true;
    change.contentSkipped = 'binary';
    return change;
  }
  const lines = splitLines(content.toString('utf8'));
  if (lines.length) change.hunks.push({ oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.length, removed: [], added: lines });
  return change;
}

/** Splits text into lines without their terminators (LF or CRLF); no trailing empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
