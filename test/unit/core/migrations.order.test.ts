import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { migrationVersion } from '../../../src/core/analyzers/migrationOrder';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { TestRepo } from '../../helpers/repo';

/** Deploy-order findings, each on a real repository: main holds the released state, feature the range. */

const rb = (name: string, body: string): string => `class ${name} < ActiveRecord::Migration[8.0]\n  def change\n${body}\n  end\nend\n`;
const SCHEMA = 'ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do\n  create_table "users" do |t|\n    t.string "legacy_plan"\n  end\nend\n';

async function run(base: Record<string, string>, feature: Record<string, string>, removed: string[] = []): Promise<{ report: Report; repo: TestRepo }> {
  const repo = new TestRepo();
  repo.commit('base', base);
  repo.checkout('feature', true);
  repo.remove(...removed);
  repo.write(feature);
  repo.commit('feature');
  const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  return { report, repo };
}

const kinds = (r: Report, path: string): string[] => r.impacts.find((i) => i.path === path)?.findings.map((f) => f.kind) ?? [];

describe('deploy-order findings (real repositories)', () => {
  it('a column dropped while code at head still reads it: critical, with the reading lines', async (t) => {
    const { report, repo } = await run(
      { 'app/models/user.rb': 'class User < ApplicationRecord\n  def plan\n    legacy_plan || "free"\n  end\nend\n', 'db/schema.rb': SCHEMA },
      { 'db/migrate/20260201000000_drop_legacy_plan.rb': rb('DropLegacyPlan', '    remove_column :users, :legacy_plan, :string'), 'db/schema.rb': SCHEMA.replace('    t.string "legacy_plan"\n', '') },
    );
    t.after(() => repo.dispose());
    const impact = report.impacts.find((i) => i.path === 'db/migrate/20260201000000_drop_legacy_plan.rb')!;
    const f = impact.findings.find((x) => x.kind === 'migration-column-still-read');
    assert.ok(f, JSON.stringify(impact.findings));
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.references, ['app/models/user.rb:3: legacy_plan || "free"']);
    assert.equal(impact.severity, 'critical');
  });

  it('the head grep leaves out what the pass drops by path (docs, data, lockfiles, SQL, migrations, tests, fixtures): same finding, those files never read', async (t) => {
    const mention = 'legacy_plan = 1\n';
    const dropped = ['README.md', 'notes/legacy.txt', 'Gemfile.lock', 'sql/seed.sql', 'db/migrate/20250101000000_add_plan.rb', 'other/migrations/0001.py', 'alembic/versions/1.py', 'spec/models/user_spec.rb', 'app/test/user_test.rb', 'web/tests/a.js', 'web/__tests__/a.js', 'spec2/fixtures/users.yml'];
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('base', { 'app/models/user.rb': 'class User < ApplicationRecord\n  def plan\n    legacy_plan || "free"\n  end\nend\n', ...Object.fromEntries(dropped.map((p) => [p, mention])), 'lib/tests_helper.rb': mention, 'lib/spec.rb': mention });
    repo.checkout('feature', true);
    repo.write({ 'db/migrate/20260201000000_drop_legacy_plan.rb': rb('DropLegacyPlan', '    remove_column :users, :legacy_plan, :string') });
    repo.commit('feature');
    const git = await SimpleGitSource.open(repo.dir);
    const headHits: string[] = [];
    const grep = git.grep.bind(git);
    git.grep = async (rev, words, pathspecs, opts) => {
      const hits = await grep(rev, words, pathspecs, opts);
      if (words.includes('legacy_plan')) headHits.push(...hits.map((h) => h.path));
      return hits;
    };
    try {
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git });
      const f = report.impacts.find((i) => i.path === 'db/migrate/20260201000000_drop_legacy_plan.rb')!.findings.find((x) => x.kind === 'migration-column-still-read');
      // a folder merely starting with a dropped name (tests_helper.rb, spec.rb) is code
      assert.deepEqual(f?.references, ['app/models/user.rb:3: legacy_plan || "free"', 'lib/spec.rb:1: legacy_plan = 1', 'lib/tests_helper.rb:1: legacy_plan = 1']);
      assert.deepEqual([...new Set(headHits)].sort(), ['app/models/user.rb', 'lib/spec.rb', 'lib/tests_helper.rb']);
    } finally {
      git.close();
    }
  });

  it('the base is not asked about changed files the pass drops by path (a binary .txt, a fixture): no git grep of the merge-base', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    const user = 'class User < ApplicationRecord\n  def plan\n    legacy_plan || "free"\n  end\nend\n';
    repo.commit('base', { 'app/models/user.rb': user, 'notes/dump.txt': 'legacy_plan\0\u0001', 'spec/fixtures/users.bin': 'legacy_plan\0' });
    repo.checkout('feature', true);
    repo.write({ 'db/migrate/20260201000000_drop_legacy_plan.rb': rb('DropLegacyPlan', '    remove_column :users, :legacy_plan, :string'), 'notes/dump.txt': 'legacy_plan\0\u0002', 'spec/fixtures/users.bin': 'legacy_plan\0\u0003', 'app/models/user.rb': user.replace('legacy_plan || "free"', '"free"') });
    repo.commit('feature');
    const git = await SimpleGitSource.open(repo.dir);
    const revs: string[] = [];
    const grep = git.grep.bind(git);
    git.grep = async (rev, words, pathspecs, opts) => {
      if (words.includes('legacy_plan')) revs.push(rev);
      return grep(rev, words, pathspecs, opts);
    };
    try {
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git });
      // the code change that stops reading it ships with the drop (read from the diff's removed lines, not the base tree)
      assert.deepEqual(kinds(report, 'db/migrate/20260201000000_drop_legacy_plan.rb').filter((k) => k === 'expand-contract-violated'), ['expand-contract-violated']);
      assert.equal(revs.filter((r) => r === report.range.mergeBase).length, 0, JSON.stringify(revs));
    } finally {
      git.close();
    }
  });

  it('safe: the code stopped reading it in an earlier deploy (nothing reads it at head, nothing stopped in this range)', async (t) => {
    const { report, repo } = await run(
      { 'app/models/user.rb': 'class User < ApplicationRecord\nend\n', 'db/schema.rb': SCHEMA },
      { 'db/migrate/20260201000000_drop_legacy_plan.rb': rb('DropLegacyPlan', '    remove_column :users, :legacy_plan, :string'), 'db/schema.rb': SCHEMA.replace('    t.string "legacy_plan"\n', '') },
    );
    t.after(() => repo.dispose());
    const k = kinds(report, 'db/migrate/20260201000000_drop_legacy_plan.rb');
    assert.ok(k.includes('destructive-sql'));
    assert.ok(!k.includes('migration-column-still-read') && !k.includes('expand-contract-violated') && !k.includes('schema-snapshot-missing'), k.join());
  });

  it('expand/contract violated: the drop ships with the code change that stops reading the column', async (t) => {
    const { report, repo } = await run(
      { 'app/services/billing.py': 'def plan(account):\n    return account.legacy_plan\n', 'shop/migrations/0001_initial.py': 'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n' },
      {
        'app/services/billing.py': 'def plan(account):\n    return account.tier\n',
        'shop/migrations/0002_remove_legacy_plan.py': "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0001_initial')]\n    operations = [\n        migrations.RemoveField(model_name='account', name='legacy_plan'),\n    ]\n",
      },
    );
    t.after(() => repo.dispose());
    const impact = report.impacts.find((i) => i.path === 'shop/migrations/0002_remove_legacy_plan.py')!;
    const f = impact.findings.find((x) => x.kind === 'expand-contract-violated');
    assert.ok(f, JSON.stringify(impact.findings));
    assert.deepEqual(f.references, ['app/services/billing.py']);
    assert.match(f.message, /split across two deploys/);
  });

  it('a released migration edited: one finding, not a repeat of the hazards in its body', async (t) => {
    const old = 'CREATE TABLE t (id int);\n';
    const { report, repo } = await run({ 'db/migration/V1__init.sql': old, 'db/migration/V2__idx.sql': 'CREATE INDEX i ON t (id);\n' }, { 'db/migration/V2__idx.sql': 'CREATE INDEX i ON t (id);\nDROP TABLE legacy;\n' });
    t.after(() => repo.dispose());
    const impact = report.impacts.find((i) => i.path === 'db/migration/V2__idx.sql')!;
    assert.deepEqual(impact.findings.map((f) => `${f.kind}:${f.severity}`), ['migration-edited:critical']);
    assert.match(impact.findings[0].message, /^edited after release: will not re-run on existing databases/);
  });

  it('a released migration reformatted only: info', async (t) => {
    const { report, repo } = await run({ 'db/migration/V1__idx.sql': 'CREATE INDEX i ON t (id);\n' }, { 'db/migration/V1__idx.sql': 'CREATE INDEX i  ON t (id);\n' });
    t.after(() => repo.dispose());
    const impact = report.impacts.find((i) => i.path === 'db/migration/V1__idx.sql')!;
    assert.deepEqual(impact.findings.map((f) => `${f.kind}:${f.severity}`), ['migration-edited:info']);
  });

  it('out of order: a new migration sorts before the newest at the base; and a duplicate version', async (t) => {
    const { report, repo } = await run(
      { 'db/migrate/20260301000000_b.rb': rb('B', '    add_column :users, :b, :string'), 'db/migrate/20260101000000_a.rb': rb('A', '    add_column :users, :a, :string') },
      { 'db/migrate/20260201000000_late.rb': rb('Late', '    add_column :users, :c, :string'), 'db/migrate/20260301000000_twin.rb': rb('Twin', '    add_column :users, :d, :string'), 'db/migrate/20260401000000_fine.rb': rb('Fine', '    add_column :users, :e, :string') },
    );
    t.after(() => repo.dispose());
    assert.ok(kinds(report, 'db/migrate/20260201000000_late.rb').includes('migration-out-of-order'));
    const twin = report.impacts.find((i) => i.path === 'db/migrate/20260301000000_twin.rb')!.findings.find((f) => f.kind === 'migration-out-of-order');
    assert.match(twin!.message, /also used by db\/migrate\/20260301000000_b\.rb/);
    assert.ok(!kinds(report, 'db/migrate/20260401000000_fine.rb').includes('migration-out-of-order'));
  });

  it('migration without its schema snapshot (Rails schema.rb, Prisma), and the snapshot without a migration', async (t) => {
    const { report, repo } = await run(
      { 'db/schema.rb': SCHEMA, 'prisma/schema.prisma': 'model User {\n  id Int @id\n}\n', 'prisma/migrations/20260101000000_init/migration.sql': 'CREATE TABLE "User" (id int);\n' },
      { 'db/migrate/20260201000000_add_b.rb': rb('AddB', '    add_column :users, :b, :string'), 'prisma/schema.prisma': 'model User {\n  id Int @id\n  email String?\n}\n' },
    );
    t.after(() => repo.dispose());
    assert.ok(kinds(report, 'db/migrate/20260201000000_add_b.rb').includes('schema-snapshot-missing'));
    assert.ok(kinds(report, 'prisma/schema.prisma').includes('schema-snapshot-missing'));
  });

  it('no schema snapshot at head (renamed away in the range): a new migration misses none', async (t) => {
    const { report, repo } = await run({ 'db/schema.rb': SCHEMA }, { 'archive/schema_2025.rb.bak': SCHEMA, 'db/migrate/20260201000000_add_b.rb': rb('AddB', '    add_column :users, :b, :string') }, ['db/schema.rb']);
    t.after(() => repo.dispose());
    assert.match(repo.git('diff', '--name-status', '-M', 'main...feature'), /^R\d+\tdb\/schema\.rb\tarchive\/schema_2025\.rb\.bak$/m);
    assert.ok(report.impacts.some((i) => i.path === 'db/migrate/20260201000000_add_b.rb'));
    assert.ok(!kinds(report, 'db/migrate/20260201000000_add_b.rb').includes('schema-snapshot-missing'), kinds(report, 'db/migrate/20260201000000_add_b.rb').join());
  });

  it('migration versions: Rails timestamps, Django numbers, Flyway V1_2, Prisma folders', () => {
    assert.deepEqual(migrationVersion('db/migrate/20260201000000_x.rb'), { folder: 'db/migrate', version: [20260201000000] });
    assert.deepEqual(migrationVersion('shop/migrations/0002_y.py'), { folder: 'shop/migrations', version: [2] });
    assert.deepEqual(migrationVersion('db/migration/V1_2__z.sql'), { folder: 'db/migration', version: [1, 2] });
    assert.deepEqual(migrationVersion('prisma/migrations/20260101000000_init/migration.sql'), { folder: 'prisma/migrations', version: [20260101000000] });
    assert.equal(migrationVersion('alembic/versions/ab12cd_plan.py'), null);
  });
});
