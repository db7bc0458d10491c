import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AnalysisSession } from '../../../src/core';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { TestRepo } from '../../helpers/repo';

/**
 * The deploy-order pass greps head for the columns and tables the range's migrations drop (the
 * first 20 identifiers, in diff order). On a large range that whole-head grep ran alone after
 * everything else; the engine now starts it while the range is read, as soon as the analyses of
 * the files before the 20th identifier have ended (issue 17). Same grep, same findings.
 */
const initial = 'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n';
const drop = (n: number): string =>
  `from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0001_initial')]\n    operations = [\n        migrations.RemoveField(model_name='account', name='legacy_col_${pad(n)}'),\n    ]\n`;
const pad = (n: number): string => String(n).padStart(2, '0');

describe('deploy-order pass: head grepped while the range is read', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('base', {
    'shop/migrations/0001_initial.py': initial,
    // Reads two of the columns the feature drops: one among the first 20 identifiers, one after them.
    'app/reader.py': 'def plan(account):\n    return account.legacy_col_03 or account.legacy_col_22\n',
  });
  repo.checkout('feature', true);

  /** A review session over a real git source that records each grep of head by the pass (its pathspecs leave out *.md) and whether the load was still running. */
  const open = async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const greps: { words: string[]; duringLoad: boolean }[] = [];
    let loading = true;
    const grep = git.grep.bind(git);
    git.grep = (rev, words, pathspecs, opts) => {
      if (pathspecs?.includes(':(exclude)*.md') && rev !== 'base') greps.push({ words: [...words], duringLoad: loading });
      return grep(rev, words, pathspecs, opts);
    };
    const session = await AnalysisSession.open({ repo: repo.dir, git, base: 'main', head: 'feature' });
    loading = false;
    const report = await session.result();
    git.close();
    return { report, greps };
  };
  const stillRead = (report: Awaited<ReturnType<typeof open>>['report'], n: number) =>
    report.impacts.find((i) => i.path === `shop/migrations/00${pad(n)}_drop.py`)?.findings.filter((f) => f.kind === 'migration-column-still-read').map((f) => f.subject);

  it('fewer than 20 identifiers: the pass greps head when it runs', async () => {
    repo.commit('three drops', Object.fromEntries([2, 3, 4].map((n) => [`shop/migrations/00${pad(n)}_drop.py`, drop(n)])));
    const { report, greps } = await open();
    assert.deepEqual(greps, [{ words: ['legacy_col_02', 'legacy_col_03', 'legacy_col_04'], duringLoad: false }]);
    assert.deepEqual(stillRead(report, 3), ['account.legacy_col_03']);
    assert.deepEqual(stillRead(report, 2), []);
  });

  it('20 identifiers or more: the grep of the first 20 starts during the load, once, and finds what it found before', async () => {
    repo.commit('more drops', Object.fromEntries(Array.from({ length: 20 }, (_, i) => i + 5).map((n) => [`shop/migrations/00${pad(n)}_drop.py`, drop(n)])));
    const { report, greps } = await open();
    const first20 = Array.from({ length: 20 }, (_, i) => `legacy_col_${pad(i + 2)}`);
    assert.deepEqual(greps, [{ words: first20, duringLoad: true }]);
    assert.deepEqual(stillRead(report, 3), ['account.legacy_col_03']);
    // legacy_col_22 is the 21st identifier: the pass asks about 20 at most (as before).
    assert.deepEqual(stillRead(report, 22), []);
    assert.ok(report.impacts.some((i) => i.path === 'shop/migrations/0022_drop.py'));
  });
});
