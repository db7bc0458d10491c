import type { AnalyzerInput } from '../../../src/core/analyzers/analyzer';
import type { AnalyzerId, Rule } from '../../../src/core/rules/rule';
import type { Change, ChangeStatus, Hunk } from '../../../src/core/types';

/** `-U0` hunks between two texts (LCS line diff), as git would report them. */
export function hunksBetween(oldText: string, newText: string): Hunk[] {
  const a = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n');
  const b = newText === '' ? [] : newText.replace(/\n$/, '').split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let cur: Hunk | null = null;
  const flush = () => {
    if (!cur) return;
    // git's convention for empty sides: the line before the change.
    if (cur.oldLines === 0) cur.oldStart -= 1;
    if (cur.newLines === 0) cur.newStart -= 1;
    hunks.push(cur);
    cur = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      cur ??= { oldStart: i + 1, oldLines: 0, newStart: j + 1, newLines: 0, removed: [], added: [] };
      cur.added.push(b[j++]);
      cur.newLines++;
    } else {
      cur ??= { oldStart: i + 1, oldLines: 0, newStart: j + 1, newLines: 0, removed: [], added: [] };
      cur.removed.push(a[i++]);
      cur.oldLines++;
    }
  }
  flush();
  return hunks;
}

export function ruleFor(...analyzers: AnalyzerId[]): Rule {
  return { id: 'test.rule', category: 'config', title: 'Test file', paths: ['**'], severity: 'info', requiresNote: 'findings', analyzers };
}

/** An analyzer input for `path` going from `oldText` to `newText` (null = absent side). */
export function input(path: string, oldText: string | null, newText: string | null, ...analyzers: AnalyzerId[]): AnalyzerInput {
  const status: ChangeStatus = oldText == null ? 'added' : newText == null ? 'deleted' : 'modified';
  const change: Change = {
    status,
    path,
    oldPath: null,
    oldBlob: null,
    newBlob: null,
    binary: false,
    hunks: hunksBetween(oldText ?? '', newText ?? ''),
  };
  return { change, rule: ruleFor(...analyzers), oldText, newText };
}
