import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

describe('engine: ranges on a real repository', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', { 'README.md': '# app\n', 'src/app.js': 'const port = process.env.PORT;\n' });
  repo.checkout('feature', true);
  repo.commit('feature', {
    'db/migrate/20261124093000_add_plan.rb': 'class AddPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
    'src/billing.js': 'const key = process.env.BILLING_API_KEY;\nconst port = process.env.PORT;\n',
  });

  it('review mode lists a migration and a new env var read, but not a moved one', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.range.head, 'feature');
    assert.deepEqual(report.envVars, { added: ['BILLING_API_KEY'], removed: [] });
    const ids = report.impacts.map((i) => i.id).sort();
    assert.deepEqual(ids, ['env:src/billing.js', 'migration:db/migrate/20261124093000_add_plan.rb']);
    const env = report.impacts.find((i) => i.category === 'env')!;
    assert.equal(env.findings.find((f) => f.kind === 'env-var-added')?.line, 1);
    assert.equal(report.summary.uncovered, 2);
  });

  it('working mode includes untracked files with spaces and CJK characters in their names', async () => {
    repo.write({ 'src/新 文件.js': 'module.exports = process.env["SMTP_HOST"];\n' });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main' });
      assert.equal(report.range.head, 'WORKTREE');
      assert.ok(report.impacts.some((i) => i.path === 'src/新 文件.js'));
      assert.ok(report.envVars.added.includes('SMTP_HOST'));
    } finally {
      repo.remove('src/新 文件.js');
    }
  });
});
