/**
 * The editor's in-process line diff (core/git/lineDiff.ts) is bounded: past `maxEdits` differing
 * lines it gives up (null: git is asked) without running the rest of Myers' O((N+M)·D) search.
 * CPU time (timing.ts: wall time on this shared machine measures the neighbours).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffHunks } from '../../../src/core/git/lineDiff';
import { bestOf } from './timing';

describe('line diff: the bound stops the search early', () => {
  it('3,000 and 30,000 lines in reverse order give up in well under 2 s of CPU', () => {
    for (const n of [3000, 30_000]) {
      const lines = Array.from({ length: n }, (_, i) => `line ${i}`);
      const a = lines.join('\n');
      const b = [...lines].reverse().join('\n');
      let got: unknown = 'unset';
      // unbounded, 30,000 reversed lines are 60,000 edits: (N+M)·D = 3.6e9 steps
      const ms = bestOf(() => (got = diffHunks(a, b)), 1);
      assert.equal(got, null, `${n} lines`);
      assert.ok(ms < 2000, `${n} lines reversed: ${ms.toFixed(0)} ms of CPU`);
    }
  });
});
