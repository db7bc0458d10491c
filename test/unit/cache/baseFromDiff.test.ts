import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

/**
 * The deploy-order pass asks which files of the merge-base read a dropped column. The engine
 * answers from the diff's removed lines in review mode (no grep of the whole base tree), and
 * asks git about the files the diff has no lines of. Every such kind of file is here, on a
 * real repository; the references are what a grep of the base tree gives (checked against
 * the engine before this change: same list, same order).
 */
const INITIAL = 'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n';
const DROP = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0001_initial')]\n    operations = [\n        migrations.RemoveField(model_name='account', name='legacy_plan'),\n    ]\n";
const filler = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `def ${tag}_helper_${i}(x):\n    return x + ${i}\n`).join('');

describe('deploy-order pass: the base read from the diff (review mode)', () => {
  it('stopped readers: modified, deleted, over the size limit, turned binary; not renamed (the pass names head paths), not a symlink, not a .md file', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('base', {
      '.handoff/config.yaml': 'maxFileBytes: 4000\n',
      'shop/migrations/0001_initial.py': INITIAL,
      'app/a.py': 'def plan(account):\n    return account.legacy_plan\n',
      'app/b.py': 'def old(account):\n    return account.legacy_plan\n',
      'app/big.py': `${filler(60, 'big')}def plan(a):\n    return a.legacy_plan\n`,
      'app/c.py': `${filler(20, 'c')}def plan(a):\n    return a.legacy_plan\n`,
      'app/d.py': 'def plan(a):\n    return a.legacy_plan\n',
      'app/0notes.md': 'We read legacy_plan here.\n',
      'app/unchanged.py': 'def nothing():\n    return 1\n',
    });
    fs.symlinkSync('legacy_plan.py', path.join(repo.dir, 'app/0link.py'));
    repo.commit('a symlink whose target names the column');
    repo.checkout('feature', true);
    repo.remove('app/b.py', 'app/0link.py', 'app/c.py');
    repo.write({
      'shop/migrations/0002_remove_legacy_plan.py': DROP,
      'app/a.py': 'def plan(account):\n    return account.tier\n',
      'app/big.py': `${filler(60, 'big')}def plan(a):\n    return a.tier\n`,
      'app/c2.py': `${filler(20, 'c')}def plan(a):\n    return a.tier\n`,
      'app/d.py': Buffer.from('binary now\0\0\0', 'latin1'),
      'app/0link.py': 'print("a file now")\n',
      'app/0notes.md': 'We read tier here.\n',
    });
    repo.commit('feature');
    const raw = repo.git('diff', '--raw', '-M', 'main...feature');
    assert.match(raw, /R\d+\tapp\/c\.py\tapp\/c2\.py/, 'c.py must be seen renamed');
    assert.match(raw, /:120000 100644 .* T\tapp\/0link\.py/);

    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = report.impacts.find((i) => i.path === 'shop/migrations/0002_remove_legacy_plan.py')!;
    const f = impact.findings.find((x) => x.kind === 'expand-contract-violated');
    assert.ok(f, JSON.stringify(impact.findings));
    assert.deepEqual(f.references, ['app/a.py', 'app/b.py', 'app/big.py', 'app/d.py']);
    assert.match(f.message, /stops reading it \(app\/a\.py, app\/b\.py, app\/big\.py\)/);
  });

  it('a file that still reads the column at head is no stopped reader, whatever its removed lines hold', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('base', {
      'shop/migrations/0001_initial.py': INITIAL,
      'app/a.py': 'def plan(account):\n    return account.legacy_plan\n',
      'app/b.py': 'def plan(account):\n    x = account.legacy_plan\n    return x\n',
    });
    repo.checkout('feature', true);
    repo.write({
      'shop/migrations/0002_remove_legacy_plan.py': DROP,
      'app/a.py': 'def plan(account):\n    return account.tier\n',
      'app/b.py': 'def plan(account):\n    return account.legacy_plan\n',
    });
    repo.commit('feature');
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = report.impacts.find((i) => i.path === 'shop/migrations/0002_remove_legacy_plan.py')!;
    // b.py reads it at head: still read (critical), and the pass says so instead.
    const still = impact.findings.find((x) => x.kind === 'migration-column-still-read');
    assert.ok(still, JSON.stringify(impact.findings));
    assert.deepEqual(still.references, ['app/b.py:2: return account.legacy_plan']);
  });
});
