/**
 * A blob git cannot read (a partial clone missing it, issue 11 item 7): one warning naming the
 * file, and the rest of the range analysed as usual.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

describe('engine: a blob missing from the object store', () => {
  const repo = new TestRepo('unreadable');
  after(() => repo.dispose());
  repo.commit('init', { 'README.md': '# app\n', 'src/app.js': 'const port = process.env.PORT;\n' });
  repo.checkout('feature', true);
  repo.commit('feature', {
    'data/fixture.bin': 'not really binary, but gone\n',
    'src/billing.js': 'const key = process.env.BILLING_API_KEY;\n',
    'db/migrate/20261124093000_add_plan.rb': 'class AddPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
  });
  const sha = repo.git('rev-parse', 'feature:data/fixture.bin').trim();
  fs.rmSync(path.join(repo.dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2)));

  it('names the file in one warning and still reports the other changes', async () => {
    assert.throws(() => repo.git('diff', 'main', 'feature'), /unable to read/);
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(report.warnings, [`data/fixture.bin: git could not read it (unable to read ${sha}); its content was not analysed`]);
    assert.deepEqual(report.envVars.added, ['BILLING_API_KEY']);
    assert.ok(report.impacts.some((i) => i.category === 'migration' && i.requiresNote));
    assert.equal(report.summary.changes, 3);
  });
});
