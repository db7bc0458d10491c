import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze, branchesSharingHistory, checkedOutPullRequest, EMPTY_TREE_LABEL, fetchPullRequests, listPullRequests, parsePullRequestRef, pullRequestTitle, SimpleGitSource } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

describe('pull requests from a remote', () => {
  const origin = new TestRepo('origin');
  const clone = new TestRepo('clone-parent');
  after(() => {
    origin.dispose();
    clone.dispose();
  });

  it('fetches refs/pull/*/head and refs/merge-requests/*/head and lists them newest first', async () => {
    origin.commit('init', { 'README.md': '# x\n' });
    origin.checkout('a', true);
    origin.git('-c', 'user.name=Ada', 'commit', '-q', '--allow-empty', '-m', 'Add billing', '--date', '2026-01-01T00:00:00Z');
    origin.git('update-ref', 'refs/pull/7/head', 'HEAD');
    origin.checkout('main');
    origin.checkout('b', true);
    origin.git('-c', 'user.name=Bo', 'commit', '-q', '--allow-empty', '-m', 'Newer MR');
    origin.git('update-ref', 'refs/merge-requests/12/head', 'HEAD');
    origin.checkout('main');
    const dir = path.join(clone.dir, 'work');
    clone.git('clone', '-q', origin.dir, dir);
    const git = await SimpleGitSource.open(dir);
    assert.deepEqual(await listPullRequests(git), []);
    await fetchPullRequests(git, 'origin');
    const prs = await listPullRequests(git);
    assert.deepEqual(prs.map((p) => [pullRequestTitle(p), p.ref, p.subject]), [
      ['MR !12', 'refs/remotes/origin/mr/12', 'Newer MR'],
      ['PR #7', 'refs/remotes/origin/pr/7', 'Add billing'],
    ]);
    assert.deepEqual(prs.map((p) => p.author), ['Bo', 'Ada']);
    assert.ok(prs[1].date.startsWith('20'), 'an ISO date');
  });

  it('a cancelled fetch stops with an AbortError', async () => {
    const git = await SimpleGitSource.open(path.join(clone.dir, 'work'));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(fetchPullRequests(git, 'origin', ac.signal), (e: Error) => e.name === 'AbortError');
  });

  it('parses every spelling of a pull request ref', () => {
    assert.deepEqual(parsePullRequestRef('refs/pull/7/head'), { kind: 'github', number: 7 });
    assert.deepEqual(parsePullRequestRef('refs/merge-requests/3/head'), { kind: 'gitlab', number: 3 });
    assert.deepEqual(parsePullRequestRef('refs/remotes/upstream/pr/42'), { kind: 'github', number: 42, remote: 'upstream' });
    assert.deepEqual(parsePullRequestRef('origin/mr/5'), { kind: 'gitlab', number: 5, remote: 'origin' });
    assert.equal(parsePullRequestRef('refs/heads/pr/7'), undefined);
    assert.equal(parsePullRequestRef('origin/pr/0'), undefined);
    assert.equal(parsePullRequestRef('feature/x'), undefined);
  });
});

describe('a repository without commits', () => {
  const repo = new TestRepo('fresh');
  after(() => repo.dispose());

  it('is analysed against the empty tree: its new migration is reported', async () => {
    repo.write({ 'db/migrate/20260101000000_create_users.rb': 'class CreateUsers < ActiveRecord::Migration[7.1]\n  def change\n    create_table :users\n  end\nend\n' });
    const report = await analyze({ repo: repo.dir });
    assert.equal(report.range.base, EMPTY_TREE_LABEL);
    assert.equal(report.range.head, 'WORKTREE');
    assert.ok(report.impacts.some((i) => i.path === 'db/migrate/20260101000000_create_users.rb' && i.category === 'migration'), JSON.stringify(report.impacts.map((i) => i.path)));
    assert.equal(fs.existsSync(path.join(repo.dir, '.git', 'refs', 'heads', 'main')), false, 'still no commit');
  });
});

describe('base recovery on unrelated histories', () => {
  const repo = new TestRepo('unrelated');
  after(() => repo.dispose());

  it('detection skips an origin/HEAD without common history; candidates share history, newest first', async () => {
    repo.commit('init', { 'README.md': 'x\n' });
    repo.checkout('develop', true);
    // Committed "in the future" so that develop is the most recent branch whatever the clock.
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'develop work'], { cwd: repo.dir, env: { ...process.env, GIT_COMMITTER_DATE: '2030-01-01T00:00:00Z' } });
    repo.checkout('feature', true);
    repo.commit('feature', { 'a.txt': 'a\n' });
    // An orphan branch, published as origin/HEAD: no common history with feature.
    repo.git('checkout', '-q', '--orphan', 'pages');
    repo.git('rm', '-rq', '--cached', '.');
    repo.commit('pages', { 'index.html': '<p>\n' });
    repo.git('update-ref', 'refs/remotes/origin/pages', 'pages');
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/pages');
    repo.git('checkout', '-q', '-f', 'feature');
    const git = await SimpleGitSource.open(repo.dir);
    assert.equal(await git.detectBase(), 'main', 'origin/pages shares no history with feature');
    await assert.rejects(git.resolveRange({ base: 'origin/pages' }), /no common history/);
    const names = (await branchesSharingHistory(git)).map((b) => b.name);
    assert.ok(!names.includes('origin/pages') && !names.includes('pages') && !names.includes('feature'), names.join(','));
    assert.deepEqual(names.slice().sort(), ['develop', 'main']);
    assert.equal(names[0], 'develop', 'the most recent first');
  });
});

describe('the pull request a checked-out branch belongs to', () => {
  const repo = new TestRepo('checked-out');
  after(() => repo.dispose());

  it('is read from the GitHub extension\'s branch config, else from an upstream refs/pull/N/head', async () => {
    repo.commit('init', { 'README.md': 'x\n' });
    repo.checkout('fix-login', true);
    const git = await SimpleGitSource.open(repo.dir);
    assert.equal(await checkedOutPullRequest(git), undefined);
    repo.git('config', 'branch.fix-login.github-pr-owner-number', 'acme#shop#42');
    assert.deepEqual(await checkedOutPullRequest(git), { kind: 'github', number: 42, remote: 'origin' });
    repo.git('config', '--unset', 'branch.fix-login.github-pr-owner-number');
    repo.git('config', 'branch.fix-login.remote', 'upstream');
    repo.git('config', 'branch.fix-login.merge', 'refs/merge-requests/9/head');
    assert.deepEqual(await checkedOutPullRequest(git), { kind: 'gitlab', number: 9, remote: 'upstream' });
  });
});

describe('refs for pickers', () => {
  const repo = new TestRepo('tags');
  after(() => repo.dispose());

  it('lists tags newest first (an annotated tag by its own date)', async () => {
    const at = (date: string, ...args: string[]) => execFileSync('git', args, { cwd: repo.dir, env: { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
    repo.write({ 'a.txt': '1\n' });
    repo.git('add', '-A');
    at('2024-01-01T00:00:00Z', 'commit', '-q', '-m', 'one');
    at('2024-01-01T00:00:00Z', 'tag', '-a', 'v1.0.0', '-m', 'release 1');
    repo.write({ 'a.txt': '2\n' });
    repo.git('add', '-A');
    at('2025-01-01T00:00:00Z', 'commit', '-q', '-m', 'two');
    // A lightweight tag dates from its commit; an annotated one from when it was tagged.
    at('2025-06-01T00:00:00Z', 'tag', 'v2.0.1-light');
    at('2025-03-01T00:00:00Z', 'tag', '-a', 'v2.0.0', '-m', 'release 2');
    const git = await SimpleGitSource.open(repo.dir);
    assert.deepEqual((await git.refs()).tags, ['v2.0.0', 'v2.0.1-light', 'v1.0.0']);
  });
});
