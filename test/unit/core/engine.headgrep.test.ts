import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AnalysisSession, analyze } from '../../../src/core';
import { WORKTREE } from '../../../src/core/git/gitSource';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { TestRepo } from '../../helpers/repo';

/**
 * Review mode greps head's files on disk when head is checked out and clean (CI), and
 * head's tree otherwise: uncommitted edits must never leak into a committed range's report.
 */
describe('review mode: head greps on disk only when the checkout is head', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('base', { 'src/a.js': 'module.exports = 1;\n', 'config/app.yml': 'name: app\n' });
  repo.checkout('feature', true);
  repo.commit('feature', { 'src/b.js': 'module.exports = process.env.PAYMENT_URL;\n' });

  const review = () => analyze({ repo: repo.dir, base: 'main', head: 'feature' });

  it('head checked out and clean: the read is new and undeclared', async () => {
    const r = await review();
    assert.deepEqual(r.envVars.added, ['PAYMENT_URL']);
    assert.deepEqual(r.impacts.find((i) => i.path === 'src/b.js')?.findings.map((f) => f.kind), ['env-var-added', 'env-var-undeclared']);
  });

  it('head checked out with uncommitted edits: they do not count (head’s tree is grepped)', async () => {
    // On disk only: another read of the name (it would look present at base) and a declaration.
    repo.write({ 'src/c.js': 'module.exports = process.env.PAYMENT_URL;\n', 'config/app.yml': 'name: app\nenv:\n  PAYMENT_URL: x\n' });
    repo.git('add', 'src/c.js');
    try {
      const r = await review();
      assert.deepEqual(r.envVars.added, ['PAYMENT_URL']);
      assert.deepEqual(r.impacts.find((i) => i.path === 'src/b.js')?.findings.map((f) => f.kind), ['env-var-added', 'env-var-undeclared']);
    } finally {
      repo.git('rm', '-q', '--cached', 'src/c.js');
      repo.remove('src/c.js');
      repo.git('checkout', '--', 'config/app.yml');
    }
  });

  it('another branch checked out: head’s tree is grepped', async () => {
    repo.checkout('main');
    repo.write({ 'src/c.js': 'module.exports = process.env.PAYMENT_URL;\n' });
    try {
      const r = await review();
      assert.deepEqual(r.envVars.added, ['PAYMENT_URL']);
      assert.ok(r.impacts.find((i) => i.path === 'src/b.js')?.findings.some((f) => f.kind === 'env-var-undeclared'));
    } finally {
      repo.remove('src/c.js');
      repo.checkout('feature');
    }
  });
});

/**
 * A profile not cached (a tree not seen before: CI's new commit) is learned from three greps
 * of head: its files on disk when head is checked out and clean, as the env pass reads them,
 * and its tree otherwise — an uncommitted edit must never change what the profile learns.
 */
describe('review mode: the profile of a checked-out head is learned from its files on disk', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  /** A registry: the whole environment read, its keys named in a map. */
  const registry = (keys: string[]) => `import os\n\nHANDLERS = {\n${keys.map((k) => `    "${k}": lambda v: set_value("${k}", v),\n`).join('')}}\n\ndef load():\n    for key, value in os.environ.items():\n        if key in HANDLERS:\n            HANDLERS[key](value)\n`;
  repo.commit('base', { 'app/other.py': 'X = 1\n' });
  repo.checkout('feature', true);
  const head = repo.commit('feature', { 'app/handlers.py': registry(['MAIL_HOST', 'MAIL_PORT']), 'app/b.py': 'import os\nURL = os.getenv("PAYMENT_URL")\n' });

  /** Opens a review session with no cached profile; returns the registries it learned and the revisions its profile greps read. */
  const learn = async () => {
    rmSync(join(repo.dir, '.git', 'handoff'), { recursive: true, force: true });
    const git = await SimpleGitSource.open(repo.dir);
    const revs: string[] = [];
    const grep = git.grep.bind(git);
    git.grep = (rev, words, pathspecs, opts) => {
      // The profile's greps are the extended ones over head (its env, config-reader and schema-sync patterns).
      if (opts?.extended && words.some((w) => w.includes('os\\.environ\\.(items|keys|copy)') || w.includes('AutoMigrate') || w.includes('viper'))) revs.push(rev);
      return grep(rev, words, pathspecs, opts);
    };
    const session = await AnalysisSession.open({ repo: repo.dir, git, base: 'main', head: 'feature' });
    return { registries: session.profile.profile.envRegistries.map((r) => r.path), revs };
  };

  it('checked out and clean: the three greps read the work tree, and learn what the tree holds', async () => {
    const { registries, revs } = await learn();
    assert.deepEqual(registries, ['app/handlers.py']);
    assert.deepEqual(revs, [WORKTREE, WORKTREE, WORKTREE]);
  });

  it('checked out with an uncommitted edit: head’s tree is grepped, the edit is not learned', async () => {
    repo.write({ 'app/other.py': registry(['QUEUE_URL']) });
    try {
      const { registries, revs } = await learn();
      assert.deepEqual(registries, ['app/handlers.py']);
      // (the work tree's greps start while git checks it, and are dropped)
      assert.deepEqual(revs.filter((r) => r !== WORKTREE), [head, head, head]);
    } finally {
      repo.git('checkout', '--', 'app/other.py');
    }
  });

  it('another branch checked out: head’s tree is grepped', async () => {
    repo.checkout('main');
    try {
      const { registries, revs } = await learn();
      assert.deepEqual(registries, ['app/handlers.py']);
      assert.deepEqual(revs, [head, head, head]);
    } finally {
      repo.checkout('feature');
    }
  });
});

/**
 * Head's env index costs a read of every file at head: it is built only once a change
 * reads or declares an env name, and never for a range that touches none.
 */
describe('head env index: only when an env name changes', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('base', { 'src/a.js': 'module.exports = process.env.SHARED_URL;\n', 'db/migrate/20260101000000_a.rb': 'class A < ActiveRecord::Migration[7.1]\n  def change\n  end\nend\n' });
  repo.checkout('feature', true);

  /** A real git source that counts its greps. */
  const counting = async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const calls: string[][] = [];
    const grep = git.grep.bind(git);
    git.grep = (rev, words, pathspecs, opts) => {
      calls.push(words);
      return grep(rev, words, pathspecs, opts);
    };
    return { git, calls };
  };

  it('a range without env refs runs no grep (once the profile of its tree is cached)', async () => {
    repo.commit('migration', { 'db/migrate/20260102000000_b.rb': 'class B < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :users, :name\n  end\nend\n' });
    await analyze({ repo: repo.dir, base: 'main' }); // learns and caches the repository profile of this tree
    const { git, calls } = await counting();
    const r = await analyze({ repo: repo.dir, base: 'main', git });
    assert.equal(r.impacts.find((i) => i.path.endsWith('_b.rb'))?.category, 'migration');
    assert.deepEqual(r.envVars, { added: [], removed: [] });
    assert.deepEqual(calls, []);
    git.close();
  });

  it('a range with an env read greps head, and a read already made elsewhere is not new', async () => {
    repo.commit('reads', { 'src/b.js': 'module.exports = [process.env.SHARED_URL, process.env.NEW_URL];\n' });
    const { git, calls } = await counting();
    const r = await analyze({ repo: repo.dir, base: 'main', git });
    assert.deepEqual(r.envVars.added, ['NEW_URL']);
    assert.ok(calls.length > 0);
    git.close();
  });
});

/**
 * A sparse checkout (or a file marked skip-worktree) is "head, clean" to `git diff`, yet a grep
 * of the work tree skips every file outside the cone: head's tree is grepped instead, and the
 * profile and the env pass learn what a full checkout learns.
 */
describe('review mode: a sparse checkout greps head’s tree', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  const registry = (keys: string[]) => `import os\n\nHANDLERS = {\n${keys.map((k) => `    "${k}": lambda v: set_value("${k}", v),\n`).join('')}}\n\ndef load():\n    for key, value in os.environ.items():\n        if key in HANDLERS:\n            HANDLERS[key](value)\n`;
  repo.commit('base', { 'app/a.py': 'X = 1\n', 'server/s.py': 'import os\nU = os.environ["BILLING_URL"]\n' });
  repo.checkout('feature', true);
  repo.commit('feature', { 'app/a.py': 'import os\nX = os.environ["BILLING_URL"]\n', 'server/handlers.py': registry(['MAIL_HOST', 'MAIL_PORT']) });

  /** Analyzes the range with nothing cached: app/a.py's findings, the registries the profile learned. */
  const run = async () => {
    rmSync(join(repo.dir, '.git', 'handoff'), { recursive: true, force: true });
    const git = await SimpleGitSource.open(repo.dir);
    try {
      const session = await AnalysisSession.open({ repo: repo.dir, git, base: 'main', head: 'feature' });
      const r = await session.result();
      return { registries: session.profile.profile.envRegistries.map((r) => r.path), impacts: r.impacts.filter((i) => i.path === 'app/a.py').map((i) => `${i.path}: ${i.findings.map((f) => f.kind).join(' ')}`) };
    } finally {
      git.close();
    }
  };

  it('full checkout: the registry outside app/ is learned, app/a.py’s read is made at base already (server/s.py): not new', async () => {
    const { registries, impacts } = await run();
    assert.deepEqual(registries, ['server/handlers.py']);
    assert.ok(!impacts.some((i) => i.includes('env-var')), impacts.join('\n'));
  });

  it('sparse checkout of app/: the same answers', async () => {
    repo.git('sparse-checkout', 'set', 'app');
    try {
      const git = await SimpleGitSource.open(repo.dir);
      assert.equal(await git.worktreeMatches(repo.git('rev-parse', 'HEAD').trim()), false);
      git.close();
      const { registries, impacts } = await run();
      assert.deepEqual(registries, ['server/handlers.py']);
      assert.ok(!impacts.some((i) => i.includes('env-var')), impacts.join('\n'));
    } finally {
      repo.git('sparse-checkout', 'disable');
    }
  });

  it('a file marked skip-worktree by hand (sparse checkout off): the same answers', async () => {
    repo.git('update-index', '--skip-worktree', 'server/s.py');
    repo.remove('server/s.py');
    try {
      const { impacts } = await run();
      assert.ok(!impacts.some((i) => i.includes('env-var')), impacts.join('\n'));
    } finally {
      repo.git('update-index', '--no-skip-worktree', 'server/s.py');
      repo.git('checkout', '--', 'server/s.py');
    }
  });
});
