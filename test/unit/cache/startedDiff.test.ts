import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { gitProcessesStarted, SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { TestRepo } from '../../helpers/repo';

/**
 * Review mode starts the range's diff before the session is ready to read it
 * (SimpleGitSource.startChanges, called by AnalysisSession.open): the first read of that
 * range takes the started process's output, whole even when git finished long before.
 */
describe('A diff started early', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('base', { 'a.js': 'module.exports = 1;\n', 'b.js': 'module.exports = 2;\n', 'c.sql': 'CREATE TABLE t (id int);\n' });
  repo.checkout('feature', true);
  repo.write({ 'a.js': 'module.exports = process.env.NEW_A;\n', 'b.js': 'module.exports = 3;\n', 'd.sql': 'ALTER TABLE t ADD COLUMN x int;\n' });
  repo.remove('c.sql');
  repo.commit('feature');
  const summary = (cs: { status: string; path: string; hunks: unknown[] }[]) => cs.map((c) => `${c.status} ${c.path} ${c.hunks.length}`);
  const EXPECTED = ['modified a.js 1', 'modified b.js 1', 'deleted c.sql 1', 'added d.sql 1'];

  it('is read whole after git has exited, by the one read that matches it (no second process)', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const range = await git.resolveRange({ base: 'main', head: 'feature' });
    assert.equal(range.mode, 'review');
    const before = gitProcessesStarted();
    git.startChanges(range, 1024 * 1024);
    // git is done (its close seen, not a guessed delay: a loaded machine can take longer); Node
    // resumes an unread pipe when the process exits
    await (git as unknown as { startedDiff: { git: { closed: Promise<void> } } }).startedDiff.git.closed;
    const changes = await git.changes(range, { maxBytes: 1024 * 1024 });
    assert.equal(gitProcessesStarted() - before, 1, 'the started diff is the one read');
    assert.deepEqual(summary(changes), EXPECTED);
    // Taken once: the next read asks git again, with the same answer.
    assert.deepEqual(summary(await git.changes(range, { maxBytes: 1024 * 1024 })), EXPECTED);
    assert.equal(gitProcessesStarted() - before, 2);
    git.close();
  });

  it('is dropped for a read with other options (another size limit, some paths), and after dropStartedChanges', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const range = await git.resolveRange({ base: 'main', head: 'feature' });
    git.startChanges(range, 10);
    assert.deepEqual(summary(await git.changes(range, { maxBytes: 1024 * 1024 })), EXPECTED);
    git.startChanges(range, 1024 * 1024);
    assert.deepEqual(summary(await git.changes(range, { maxBytes: 1024 * 1024, paths: ['a.js'] })), ['modified a.js 1']);
    git.startChanges(range, 1024 * 1024);
    git.dropStartedChanges();
    assert.deepEqual(summary(await git.changes(range, { maxBytes: 1024 * 1024 })), EXPECTED);
    git.close();
  });

  it('analyze in review mode gives the report it gives without it, with a size limit of its own too', async () => {
    for (const overrides of [undefined, { maxFileBytes: 8 }]) {
      const withIt = await analyze({ repo: repo.dir, base: 'main', head: 'feature', overrides });
      // The same source without startChanges: the session reads the diff the usual way.
      const git = await SimpleGitSource.open(repo.dir);
      const plain = Object.assign(Object.create(git) as SimpleGitSource, { startChanges: undefined });
      const without = await analyze({ repo: repo.dir, base: 'main', head: 'feature', overrides, git: plain });
      git.close();
      assert.deepEqual(JSON.parse(JSON.stringify(withIt)), JSON.parse(JSON.stringify(without)));
      assert.equal(withIt.summary.changes, 4);
    }
    assert.deepEqual((await analyze({ repo: repo.dir, base: 'main', head: 'feature' })).envVars.added, ['NEW_A']);
  });
});
