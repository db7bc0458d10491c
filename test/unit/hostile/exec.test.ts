/**
 * Issue 16: opening a hostile repository executes nothing from it. Each vector (hooks,
 * included config, conditional includes, filter drivers of any name, fsmonitor, external
 * diff, textconv, pager, signature checks, a partial clone's lazy fetch over ssh) leaves a
 * marker file when it runs; no command of Handoff may leave one, in working or review mode,
 * in the CLI or in the language server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { WORKTREE } from '../../../src/core/git/gitSource';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from '../cli/checkHelpers';
import { LspClient } from '../server/lsp';
import { hostileRepo, LIVE_WITH_PLAIN_GIT, type Markers } from './hostile';

const NOTE = '.handoff/notes/2026-11-24-legacy.md';

describe('hostile repository: nothing from it runs', () => {
  let repo: TestRepo;
  let markers: Markers;
  before(() => {
    ensureCliBuilt();
    ({ repo, markers } = hostileRepo());
  });
  after(() => repo.dispose());

  function assertNoMarker(what: string): void {
    assert.deepEqual(markers.list(), [], `${what} ran something from the repository`);
  }

  it('the fixture is live: plain git runs every vector', () => {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };
    for (const args of [['diff', 'main'], ['diff', '--stat', 'main'], ['log', '-1', 'feat'], ['cat-file', '-e', '1234567890123456789012345678901234567890'], ['status']]) {
      spawnSync('git', args, { cwd: repo.dir, env, encoding: 'utf8' });
    }
    const got = markers.list();
    for (const m of LIVE_WITH_PLAIN_GIT) assert.ok(got.includes(m), `plain git did not set off ${m} (got ${got.join(', ')})`);
    markers.clear();
  });

  for (const format of ['text', 'json', 'markdown', 'github', 'sarif', 'gitlab']) {
    it(`check in working mode (--format ${format}) runs nothing and still sees the work in progress`, () => {
      markers.clear();
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--format', format, '--fail-on', 'none']);
      assert.equal(r.code, 0, r.stderr);
      assertNoMarker(`check --format ${format}`);
      if (format === 'json') {
        const report = JSON.parse(r.stdout);
        const paths = report.impacts.map((i: { path: string }) => i.path);
        assert.ok(paths.includes('db/migrate/20261124093000_drop_legacy.rb'), paths.join(', '));
        assert.deepEqual(report.envVars.added, ['NEW_SECRET'], 'the modified work-tree file was read (by Handoff, not through the filter)');
      }
    });
  }

  it('check in review mode runs nothing', () => {
    markers.clear();
    const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feat', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assertNoMarker('check --head feat');
    assert.ok(JSON.parse(r.stdout).impacts.length > 0);
  });

  it('changelog (explicit range, last tag, every format) runs nothing', () => {
    for (const args of [['--from', 'main', '--to', 'feat'], ['--to', 'feat'], []]) {
      for (const format of ['markdown', 'json', 'html']) {
        markers.clear();
        const r = runCli(['changelog', '--repo', repo.dir, ...args, '--format', format]);
        assert.equal(r.code, 0, r.stderr);
        assertNoMarker(`changelog ${args.join(' ')} --format ${format}`);
      }
    }
  });

  it('the git source itself: refs with a signed commit, tags, a missing object of a partial clone, grep, worktree checks', async () => {
    markers.clear();
    const git = await SimpleGitSource.open(repo.dir);
    try {
      const refs = await git.refs();
      assert.ok(refs.commits.some((c) => c.subject === 'signed'), 'the signed commit is listed');
      assert.equal(await git.lastTag('feat'), 'v1.0.0');
      assert.equal(await git.readBlob('1234567890123456789012345678901234567890', 1000), null, 'a missing object is missing (no lazy fetch)');
      assert.ok((await git.grep(WORKTREE, ['NEW_SECRET'])).length > 0);
      assert.equal(await git.worktreeMatches(refs.commits[0].sha), false);
      assert.ok((await git.changedPaths('main', WORKTREE, [])).has('a.txt'));
      assert.ok((await git.listFiles(WORKTREE)).includes('a.txt'));
    } finally {
      git.close();
    }
    assertNoMarker('the git source');
  });

  it('the language server opening a note runs nothing', async () => {
    markers.clear();
    const client = await LspClient.start({ root: repo.dir });
    try {
      const file = path.join(repo.dir, NOTE);
      const uri = await client.open(file, fs.readFileSync(file, 'utf8'));
      await client.diagnosticsFor(uri);
      const status = await client.status(uri);
      assert.equal(status.error ?? null, null, `the analysis ran: ${JSON.stringify(status)}`);
      await client.completion(uri, { line: 3, character: 4 });
    } finally {
      await client.stop();
    }
    assertNoMarker('the language server');
  });

  it('note new runs nothing (and writes its note)', () => {
    markers.clear();
    const r = runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'Hostile']);
    assert.equal(r.code, 0, r.stderr);
    assertNoMarker('note new');
    assert.match(r.stdout, /\.handoff\/notes\/\d{4}-\d\d-\d\d-hostile\.md/);
  });

  it('init runs nothing', () => {
    markers.clear();
    const r = runCli(['init', '--repo', repo.dir]);
    assert.equal(r.code, 0, r.stderr);
    assertNoMarker('init');
  });
});

describe('hostile repository: a config that moves the work tree elsewhere', () => {
  it('core.worktree pointing outside the repository folder is refused with one clear line, in every command', () => {
    ensureCliBuilt();
    const repo = new TestRepo('moved');
    const outside = path.join(path.dirname(repo.dir), 'home');
    try {
      repo.commit('one', { 'a.txt': 'a\n' });
      fs.mkdirSync(outside);
      fs.writeFileSync(path.join(outside, 'credentials'), 'AWS_SECRET_ACCESS_KEY=abc\n');
      repo.git('config', 'core.worktree', outside);
      for (const args of [['check', '--base', 'main'], ['check', '--base', 'main', '--head', 'HEAD'], ['changelog'], ['note', 'new', '--title', 'x'], ['init']]) {
        const r = runCli([...args, '--repo', repo.dir]);
        assertOneLineError(r, /core\.worktree/);
        assert.doesNotMatch(r.stderr, /AWS_SECRET/);
      }
      assert.deepEqual(fs.readdirSync(outside), ['credentials'], 'nothing written in the other folder');
    } finally {
      repo.dispose();
    }
  });
});
