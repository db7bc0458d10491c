import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, AnalysisSession, type Report } from '../../../src/core';
import { gitProcessesStarted } from '../../../src/core/git/simpleGitSource';
import { TestRepo } from '../../helpers/repo';

function comparable(r: Report): unknown {
  return JSON.parse(JSON.stringify(r));
}

/**
 * The editor's save (`session.update([path])`) asks git as little as it can: a file the
 * merge-base has costs one git process (the diff; whether it is untracked is answered from
 * the merge-base's tree and the diff), and whatever the save did — an untracked or ignored
 * file, a file removed from the index only, a rename, a staged new file — the report is the
 * one a fresh analysis of the same working tree gives.
 */
describe('An update asks git only what it must, and stays exact', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('base', {
    '.gitignore': 'build/\n',
    'src/a.js': 'module.exports = process.env.OLD_SETTING;\n',
    'src/b.js': 'module.exports = 1;\n',
    'src/moved.js': 'const keep = process.env.MOVED_VAR;\nmodule.exports = keep;\n// a line\n// another\n',
    '.env.example': 'OLD_SETTING=1\n',
  });
  repo.checkout('wip', true);

  async function saveAndCompare(session: AnalysisSession, paths: string[], what: string): Promise<{ report: Report; processes: number }> {
    const before = gitProcessesStarted();
    const report = await session.update(paths);
    const processes = gitProcessesStarted() - before;
    assert.deepEqual(comparable(report), comparable(await analyze({ repo: repo.dir, base: 'main' })), what);
    return { report, processes };
  }

  it('one git process for a tracked file; exact for untracked, ignored, index-only deletes, renames and staged files', async () => {
    repo.write({ 'src/c.js': 'module.exports = process.env.SHARED_FLAG;\n' });
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    // Warm: the env index and the long-lived cat-file processes are running from here on.
    repo.write({ 'src/b.js': 'module.exports = process.env.FIRST_ONE;\n' });
    await saveAndCompare(session, ['src/b.js'], 'a first save');

    repo.write({ 'src/b.js': 'module.exports = process.env.NEW_ONE;\n' });
    const tracked = await saveAndCompare(session, ['src/b.js'], 'a tracked file saved');
    assert.equal(tracked.processes, 1, 'a save of a file the merge-base has runs the diff only');
    assert.deepEqual(tracked.report.envVars.added, ['NEW_ONE', 'SHARED_FLAG']);

    repo.write({ 'src/new.js': 'module.exports = process.env.UNTRACKED_VAR;\n' });
    const untracked = await saveAndCompare(session, ['src/new.js'], 'an untracked file saved');
    assert.ok(untracked.report.impacts.some((i) => i.path === 'src/new.js' && i.status === 'added'), 'the untracked file is a change');

    repo.write({ 'build/gen.js': 'module.exports = process.env.IGNORED_VAR;\n' });
    const ignored = await saveAndCompare(session, ['build/gen.js'], 'an ignored file saved');
    assert.ok(!ignored.report.envVars.added.includes('IGNORED_VAR'), 'an ignored file is no change');

    repo.write({ 'src/a.js': 'module.exports = process.env.INDEX_ONLY_VAR;\n' });
    repo.git('rm', '-q', '--cached', 'src/a.js');
    const indexOnly = await saveAndCompare(session, ['src/a.js'], 'a file removed from the index only');
    assert.ok(indexOnly.report.envVars.added.includes('INDEX_ONLY_VAR'), 'the file left on disk is read as untracked');
    repo.git('add', 'src/a.js');
    await saveAndCompare(session, ['src/a.js'], 'the file added back');

    repo.git('mv', 'src/moved.js', 'src/renamed.js');
    const renamed = await saveAndCompare(session, ['src/moved.js', 'src/renamed.js'], 'a rename (both paths)');
    assert.ok(renamed.report.impacts.every((i) => !i.findings.some((f) => f.subject === 'MOVED_VAR')), 'a moved read is not a new one');

    repo.write({ 'src/staged.js': 'module.exports = process.env.STAGED_VAR;\n' });
    repo.git('add', 'src/staged.js');
    const staged = await saveAndCompare(session, ['src/staged.js'], 'a staged new file');
    assert.ok(staged.report.envVars.added.includes('STAGED_VAR'));

    repo.remove('src/b.js');
    await saveAndCompare(session, ['src/b.js'], 'a deleted file');
  });
});
