import type { Change } from '../../types';

/**
 * Where an old-file line shows in the new file: inside a replaced block, the line at the
 * same offset into its replacement; inside a deleted block, the line it followed (at
 * least 1); elsewhere, shifted by the hunks before it.
 */
export function oldToNewLine(change: Change, oldLine: number): number {
  let offset = 0;
  for (const h of change.hunks) {
    if (h.oldLines > 0 && oldLine >= h.oldStart && oldLine < h.oldStart + h.oldLines) {
      // Inside a replaced block, the same offset into its new lines (bounded); a pure deletion shows after `newStart`.
      return Math.max(1, h.newLines > 0 ? h.newStart + Math.min(oldLine - h.oldStart, h.newLines - 1) : h.newStart);
    }
    const before = h.oldLines === 0 ? h.oldStart < oldLine : h.oldStart + h.oldLines <= oldLine;
    if (!before) break;
    offset += h.newLines - h.oldLines;
  }
  return Math.max(1, oldLine + offset);
}

/** True when new-file line `line` is an added line of the change. */
export function isAddedLine(change: Pick<Change, 'status' | 'copied' | 'hunks'>, line: number): boolean {
  if (change.status === 'added' && !change.copied) return true; // a new file: every line is new (even unanalysed ones)
  for (const h of change.hunks) if (line >= h.newStart && line < h.newStart + h.newLines) return true;
  return false;
}

/**
 * `isAddedLine` for many lines of one change, and its old-file side (an old line inside a hunk's replaced or
 * removed block): built once from the hunks (linear in their lines), each answer a set lookup — asking
 * `isAddedLine` line by line walks every hunk each time (lines × hunks).
 */
export function changedLineTests(change: Pick<Change, 'status' | 'copied' | 'hunks'>): { added(line: number): boolean; removed(line: number): boolean } {
  const added = new Set<number>();
  const removed = new Set<number>();
  for (const h of change.hunks) {
    for (let l = h.newStart; l < h.newStart + h.newLines; l++) added.add(l);
    for (let l = h.oldStart; l < h.oldStart + h.oldLines; l++) removed.add(l);
  }
  const allNew = change.status === 'added' && !change.copied; // a new file: every line is new (isAddedLine)
  return { added: (line) => allNew || added.has(line), removed: (line) => removed.has(line) };
}
