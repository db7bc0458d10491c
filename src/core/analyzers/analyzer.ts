import type { Rule, AnalyzerId } from '../rules/rule';
import type { Change, Finding } from '../types';

/** What an analyzer sees of one change. */
export interface AnalyzerInput {
  change: Change;
  rule: Rule;
  /** Whole old file (base side); set only for analyzers with `needsContent`. Null when absent or unreadable. */
  oldText: string | null;
  /** Whole new file (head side or working tree); same conditions. */
  newText: string | null;
}

/**
 * A content analyzer: finds facts in a change (with line numbers where there is one).
 * Pure: no I/O. The engine batch-reads both sides first for analyzers that ask for it.
 */
export interface Analyzer {
  id: AnalyzerId;
  /** True when the analyzer needs whole files, not just the changed lines. */
  needsContent?: boolean;
  analyze(input: AnalyzerInput): Finding[];
}

/**
 * 1-based new-file line numbers of a change's added lines, in order, with their text. One array,
 * not a generator: the engine reads a change's added lines four or five times (machine-written,
 * queued work, env refs, refusals); a generator re-run and spread for each cost a large range
 * (10,000 files) more than the reads themselves.
 */
export function addedLineList(change: Change): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (const h of change.hunks) for (let i = 0; i < h.added.length; i++) out.push({ line: h.newStart + i, text: h.added[i] });
  return out;
}

/**
 * Removed lines with their old-file line number, and `at`: where the removal shows in
 * the new file (the line after which it happened, at least 1). One array (see addedLineList).
 */
export function removedLineList(change: Change): { line: number; at: number; text: string }[] {
  const out: { line: number; at: number; text: string }[] = [];
  for (const h of change.hunks) for (let i = 0; i < h.removed.length; i++) out.push({ line: h.oldStart + i, at: Math.max(1, h.newStart), text: h.removed[i] });
  return out;
}

/** The 1-based new-file line numbers of a change's added lines. */
export function addedLineNumbers(change: Change): Set<number> {
  const s = new Set<number>();
  for (const h of change.hunks) for (let i = 0; i < h.added.length; i++) s.add(h.newStart + i);
  return s;
}

/** The 1-based old-file line numbers of a change's removed lines. */
export function removedLineNumbers(change: Change): Set<number> {
  const s = new Set<number>();
  for (const h of change.hunks) for (let i = 0; i < h.removed.length; i++) s.add(h.oldStart + i);
  return s;
}

/**
 * Appends `items` to `out` one by one: `out.push(...items)` passes every item as an argument,
 * and past ~100 K of them (a 1 MB migration of one-line statements) the stack overflows.
 */
export function pushAll<T>(out: T[], items: Iterable<T>): void {
  for (const x of items) out.push(x);
}
