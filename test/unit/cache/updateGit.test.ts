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
 * merge-base has and the last diff saw modified in place (or not at all), with the index
 * unchanged since, costs no git process (diffed in process against its merge-base blob, read
 * by the long-lived cat-file); anything else costs the diff, and whatever the save did — an untracked or ignored
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

  it('no git process for a tracked file; exact for untracked, ignored, index-only deletes, renames and staged files', async () => {
    repo.write({ 'src/c.js': 'module.exports = process.env.SHARED_FLAG;\n' });
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    // Warm: the env index and the long-lived cat-file processes are running from here on.
    repo.write({ 'src/b.js': 'module.exports = process.env.FIRST_ONE;\n' });
    await saveAndCompare(session, ['src/b.js'], 'a first save');

    repo.write({ 'src/b.js': 'module.exports = process.env.NEW_ONE;\n' });
    const tracked = await saveAndCompare(session, ['src/b.js'], 'a tracked file saved');
    assert.equal(tracked.processes, 0, 'a save of a file modified in place is diffed without git');
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

  it('diffs a save in process as git does (line endings, a lost final newline, moved blocks), and leaves attributes to git', async () => {
    const r = new TestRepo();
    try {
      const body = ['function a() {', '  if (x) {', '    run();', '  }', '}', '', 'function b() {', '  return 1;', '}', ''].join('\n');
      r.commit('base', { 'src/s.js': body, 'src/crlf.js': 'const a = 1;\r\nconst b = 2;\r\n', 'src/t.js': 'one\ntwo\nthree' });
      r.checkout('wip', true);
      r.write({ 'src/s.js': body + 'const late = process.env.LATE;\n' });
      const session = await AnalysisSession.open({ repo: r.dir, base: 'main' });
      /** `git`: the save must go to git's diff (one process or more); 0: none. */
      const compare = async (paths: string[], what: string, processes?: 0 | 'git') => {
        const before = gitProcessesStarted();
        const report = await session.update(paths);
        const started = gitProcessesStarted() - before;
        if (processes === 0) assert.equal(started, 0, `${what}: no git process`);
        if (processes === 'git') assert.ok(started >= 1, `${what}: git diffs it`);
        assert.deepEqual(comparable(report), comparable(await analyze({ repo: r.dir, base: 'main' })), what);
      };
      r.write({ 'src/s.js': body + 'const late = process.env.LATE_TOO;\n' });
      await compare(['src/s.js'], 'a first save (warms the env index)');
      r.write({ 'src/s.js': body.replace('    run();\n  }\n', '    run();\n  }\n  if (y) {\n    run();\n  }\n') + 'const url = process.env.SAVED_URL;\n' });
      await compare(['src/s.js'], 'a block inserted after an equal one', 0);
      r.write({ 'src/crlf.js': 'const a = 1;\r\nconst c = process.env.CRLF_VAR;\r\nconst b = 2;\r\n' });
      await compare(['src/crlf.js'], 'a CRLF file', 0);
      r.write({ 'src/t.js': 'one\ntwo\nthree\nfour = process.env.LAST_LINE\n' });
      await compare(['src/t.js'], 'a last line that gains its newline', 0);
      r.write({ 'src/s.js': body });
      await compare(['src/s.js'], 'a file saved back as the merge-base has it', 'git');
      r.write({ '.gitattributes': '*.js text eol=crlf\n' });
      r.write({ 'src/t.js': 'one\n' });
      await compare(['src/t.js', '.gitattributes'], 'a file under a .gitattributes', 'git');
      r.remove('.gitattributes');
      await compare(['.gitattributes'], 'the attributes gone');
      r.git('add', 'src/t.js');
      r.write({ 'src/t.js': 'one\nfive = process.env.AFTER_ADD\n' });
      await compare(['src/t.js'], 'a save after the index changed', 'git');
    } finally {
      r.dispose();
    }
  });
});
