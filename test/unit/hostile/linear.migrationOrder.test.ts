/**
 * The deploy-order pass (migrationOrder.ts) on a large range: N added migrations against a
 * merge-base holding N other migrations and N other files. Its cost must grow with N, not N²
 * (each base path was once looked up by a scan of the range's files: 10× the files cost 100×).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrationOrderPass, type OrderFile } from '../../../src/core/analyzers/migrationOrder';
import type { Rule } from '../../../src/core/rules/rule';

const RAILS: Rule = { id: 'rails.migration', category: 'migration', title: 'Rails migration', paths: ['db/migrate/*.rb'], severity: 'warning', requiresNote: true, analyzers: ['migration-dsl'] };

function input(n: number) {
  const files: OrderFile[] = [];
  for (let i = 0; i < n; i++) {
    files.push({
      change: { status: 'added', path: `db/migrate/3026${String(i).padStart(10, '0')}_add_${i}.rb`, oldPath: null, oldBlob: null, newBlob: 'b', binary: false, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, removed: [], added: [] }] },
      rule: RAILS,
      findings: [],
      formattingOnly: false,
    });
  }
  const base: string[] = [];
  for (let i = 0; i < n; i++) base.push(`db/migrate/2026${String(i).padStart(10, '0')}_old_${i}.rb`, `app/models/m${i}.rb`);
  return {
    files,
    basePaths: async () => base,
    headHas: async (test: (p: string) => boolean) => [...base, ...files.map((f) => f.change.path)].some(test),
    grepHead: async () => [],
    grepBase: async () => [],
  };
}

async function cpuMs(n: number): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const data = input(n);
    const c0 = process.cpuUsage();
    const out = await migrationOrderPass(data);
    const c = process.cpuUsage(c0);
    assert.equal(out.add.size, 0, 'every added migration sorts after the base ones: no finding');
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

describe('the deploy-order pass is linear in the range and the base', () => {
  it('2,000 → 20,000 added migrations against as many base migrations', async () => {
    await cpuMs(500); // warm-up
    const small = await cpuMs(2_000);
    const large = await cpuMs(20_000);
    // Linear: ~10× (with noise); the per-path scan made it ~100× (20,000² comparisons: seconds).
    assert.ok(large < Math.max(small, 5) * 30 && large < 3_000, `2,000 → ${small.toFixed(1)} ms, 20,000 → ${large.toFixed(1)} ms of CPU`);
  });
});
