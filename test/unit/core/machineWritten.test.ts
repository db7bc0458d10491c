import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { hasMachineLine, MACHINE_LINE_LENGTH } from '../../../src/core/util/machineWritten';
import { TestRepo } from '../../helpers/repo';

/**
 * Minified or bundled files committed to a repository (a vendored `chunk-GJ6CDUB5.js` — Livebook
 * ships hundreds): their env reads and SQL strings are a bundled library's. Measured before this
 * change on Livebook v0.12.1…v0.13.0: `mord`, `start`, `comment` and `__is_disposable_tracked__`
 * reported as environment variables, read from KaTeX and Monaco bundles.
 */
const MINIFIED = `var a=1;${'x.y=function(e){return e.mode};'.repeat(200)}k.classes=["mord"];var s=process.env.mord||process.env.BUNDLED_ONLY_FLAG;var q="CREATE TABLE bundled_cache (id integer primary key)";${'z.w=0;'.repeat(400)}\n`;

function names(report: Report, kind: 'env-var-added' | 'env-var-removed'): string[] {
  return report.impacts.flatMap((i) => i.findings.filter((f) => f.kind === kind).map((f) => f.message));
}

describe('minified and bundled files are not the project’s own code', () => {
  it('a line of 4,096 characters or more marks a side of a change as machine-written', () => {
    assert.equal(hasMachineLine([{ text: 'a'.repeat(MACHINE_LINE_LENGTH - 1) }, { text: 'short' }]), false);
    assert.equal(hasMachineLine([{ text: 'short' }, { text: 'a'.repeat(MACHINE_LINE_LENGTH) }]), true);
  });

  it('a committed bundle adds no env var and no schema change; the project’s own read in the same range still counts', async () => {
    assert.ok(MINIFIED.length > MACHINE_LINE_LENGTH);
    const repo = new TestRepo();
    try {
      repo.commit('base', { 'README.md': '# app\n', 'src/server.js': 'const port = process.env.PORT;\n' });
      repo.checkout('feature', true);
      repo.commit('vendor a bundle, read a new setting', {
        'static/assets/chunk-GJ6CDUB5.js': MINIFIED,
        'src/server.js': 'const port = process.env.PORT;\nconst api = process.env.BILLING_API_URL;\n',
      });
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      const added = names(report, 'env-var-added').join('\n');
      assert.match(added, /BILLING_API_URL/, 'the project’s own new read is found');
      assert.doesNotMatch(added, /BUNDLED_ONLY_FLAG|\bmord\b/, 'nothing read inside the bundle');
      const bundle = report.impacts.find((i) => i.path === 'static/assets/chunk-GJ6CDUB5.js');
      assert.ok(!bundle || (bundle.category !== 'migration' && !bundle.requiresNote), `the bundle is no deployment impact: ${JSON.stringify(bundle?.findings)}`);

      // Deleting the bundle later removes nothing either.
      repo.checkout('main');
      repo.commit('vendor it on main too', { 'static/assets/chunk-GJ6CDUB5.js': MINIFIED });
      repo.checkout('drop', true);
      repo.remove('static/assets/chunk-GJ6CDUB5.js');
      repo.commit('drop the bundle');
      const dropped = await analyze({ repo: repo.dir, base: 'main', head: 'drop' });
      assert.deepEqual(names(dropped, 'env-var-removed'), []);
    } finally {
      repo.dispose();
    }
  });

  it('the same reads on ordinary lines are still found (the decoy)', async () => {
    const repo = new TestRepo();
    try {
      repo.commit('base', { 'README.md': '# app\n' });
      repo.checkout('feature', true);
      repo.commit('code', { 'src/cache.js': `const flag = process.env.BUNDLED_ONLY_FLAG;\nconst note = '${'n'.repeat(1000)}';\n` });
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      assert.match(names(report, 'env-var-added').join('\n'), /BUNDLED_ONLY_FLAG/);
    } finally {
      repo.dispose();
    }
  });
});
