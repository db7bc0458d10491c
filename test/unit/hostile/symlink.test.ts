/**
 * Issue 16: no read or write outside the repository through a symbolic link. A link's
 * content is its target path (what git stores); a path under a linked folder is not read;
 * the config and the notes folder are never followed out; nothing is written through a link.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readWorktreeFile, SimpleGitSource, WORKTREE } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from '../cli/checkHelpers';
import { fileUri, LspClient } from '../server/lsp';

/** What lives outside the repository: if any of these words reaches an output, a link was followed. */
const SECRET = 'AKIAOUTSIDE0000SECRET';
const OUTSIDE_ENV = 'OUTSIDE_ONLY_VAR';
const OUTSIDE_TITLE = 'Outside note title';

function outsideFolder(repo: TestRepo): string {
  const out = path.join(path.dirname(repo.dir), 'outside');
  fs.mkdirSync(path.join(out, 'dir'), { recursive: true });
  fs.mkdirSync(path.join(out, 'notes'), { recursive: true });
  fs.mkdirSync(path.join(out, 'handoff', 'notes'), { recursive: true });
  fs.writeFileSync(path.join(out, 'credentials'), `[default]\naws_access_key_id = ${SECRET}\n${OUTSIDE_ENV}=1\n`);
  fs.writeFileSync(path.join(out, 'app.js'), `const k = process.env.${OUTSIDE_ENV};\n`);
  fs.writeFileSync(path.join(out, 'dir', 'settings.yml'), `secret: ${SECRET}\n`);
  fs.writeFileSync(path.join(out, 'note.md'), `---\ntitle: ${OUTSIDE_TITLE}\ncovers:\n  - "**"\n---\n## Deploy\n- [ ] ${SECRET} @ops\n`);
  fs.writeFileSync(path.join(out, 'config.yaml'), `ignore:\n  - "**"\n`);
  fs.writeFileSync(path.join(out, 'handoff', 'config.yaml'), `ignore:\n  - "**"\n`);
  return out;
}

function assertNothingFrom(text: string, what: string): void {
  assert.doesNotMatch(text, new RegExp(`${SECRET}|${OUTSIDE_ENV}|${OUTSIDE_TITLE}`), `${what} shows content from outside the repository`);
}

describe('symbolic links in the work tree are not followed', () => {
  let repo: TestRepo;
  let outside: string;
  before(() => {
    ensureCliBuilt();
    repo = new TestRepo('links');
    outside = outsideFolder(repo);
    repo.commit('base', { 'src/app.js': 'module.exports = 1;\n', '.env.example': 'A=1\n', 'config/keep.yml': 'a: 1\n' });
    repo.checkout('feat', true);
    // Committed links (review mode) and work-tree links (working mode), to files and to folders.
    fs.symlinkSync(path.join(outside, 'credentials'), path.join(repo.dir, 'committed.env'));
    repo.commit('a committed link');
    fs.symlinkSync(path.join(outside, 'credentials'), path.join(repo.dir, '.env.local.example'));
    fs.symlinkSync(path.join(outside, 'app.js'), path.join(repo.dir, 'src', 'linked.js'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(repo.dir, 'settings'));
    fs.rmSync(path.join(repo.dir, 'src', 'app.js'));
    fs.symlinkSync(path.join(outside, 'app.js'), path.join(repo.dir, 'src', 'app.js')); // a tracked file replaced by a link
    fs.mkdirSync(path.join(repo.dir, '.handoff', 'notes'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'note.md'), path.join(repo.dir, '.handoff', 'notes', '2026-11-24-linked.md'));
  });
  after(() => repo.dispose());

  it('working mode: linked files are analysed as their target path, never read', () => {
    for (const format of ['json', 'text', 'markdown', 'github', 'sarif', 'gitlab']) {
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--format', format, '--fail-on', 'none']);
      assert.equal(r.code, 0, r.stderr);
      assertNothingFrom(r.stdout + r.stderr, `check --format ${format}`);
      if (format === 'json') {
        const report = JSON.parse(r.stdout);
        assert.ok(report.impacts.length > 0, 'the links are changes (as git sees them)');
        assert.deepEqual(report.notes.map((n: { title: string }) => n.title).filter((t: string) => t === OUTSIDE_TITLE), []);
      }
    }
  });

  it('review mode: a committed link is its target path', () => {
    const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feat', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assertNothingFrom(r.stdout, 'check --head');
  });

  it('the git source reads a link as its target, and nothing under a linked folder', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    try {
      const got = await git.readFiles(WORKTREE, ['.env.local.example', 'settings/settings.yml', 'settings', '../outside/credentials', '/etc/hostname'], 1 << 20);
      assert.equal(got.get('.env.local.example'), path.join(outside, 'credentials'));
      assert.equal(got.get('settings/settings.yml'), null);
      assert.equal(got.get('settings'), path.join(outside, 'dir'), 'the folder link itself is its target path');
      assert.equal(got.get('../outside/credentials'), null);
      assert.equal(got.get('/etc/hostname'), null);
      for (const hit of await git.grep(WORKTREE, [SECRET, OUTSIDE_ENV], [], { word: false })) assert.fail(`grep read ${hit.path} through a link`);
    } finally {
      git.close();
    }
    assert.equal(await readWorktreeFile(repo.dir, 'settings/settings.yml', 1000), null);
  });

  it('the language server does not offer names read through links', async () => {
    const client = await LspClient.start({ root: repo.dir });
    try {
      const file = path.join(repo.dir, '.handoff', 'notes', '2026-11-25-mine.md');
      const text = '---\ntitle: Mine\ncovers:\n  - \n---\n## Deploy\n- [ ] x @ops\n';
      fs.writeFileSync(file, text);
      const uri = await client.open(file, text);
      await client.diagnosticsFor(uri);
      const list = await client.completion(uri, { line: 3, character: 4 });
      assertNothingFrom(JSON.stringify(list.items), 'completion');
      assert.equal(fileUri(file), uri);
    } finally {
      await client.stop();
      fs.rmSync(path.join(repo.dir, '.handoff', 'notes', '2026-11-25-mine.md'), { force: true });
    }
  });
});

describe('the config and the notes folder are never followed out of the repository', () => {
  function setup(): { repo: TestRepo; outside: string } {
    const repo = new TestRepo('linkcfg');
    const outside = outsideFolder(repo);
    repo.commit('base', { 'src/app.js': 'module.exports = 1;\n' });
    repo.write({ 'db/migrate/20261124093000_add.rb': 'class Add < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :a, :b\n  end\nend\n' });
    return { repo, outside };
  }

  it('.handoff/config.yaml as a link out: one clear error naming it, in check and changelog', () => {
    const { repo, outside } = setup();
    try {
      fs.mkdirSync(path.join(repo.dir, '.handoff'));
      fs.symlinkSync(path.join(outside, 'config.yaml'), path.join(repo.dir, '.handoff', 'config.yaml'));
      const line = assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'main']), /\.handoff\/config\.yaml is a symbolic link/);
      assert.match(line, /does not follow links/);
    } finally {
      repo.dispose();
    }
  });

  it('.handoff as a link out: the config is not obeyed, note new and init refuse to write through it', () => {
    const { repo, outside } = setup();
    try {
      fs.symlinkSync(path.join(outside, 'handoff'), path.join(repo.dir, '.handoff'));
      assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'main']), /^handoff: \.handoff is a symbolic link/);
      const before = fs.readdirSync(path.join(outside, 'handoff', 'notes'));
      // note new reads the config first: the same error, nothing written.
      assertOneLineError(runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'x']), /\.handoff is a symbolic link/);
      assertOneLineError(runCli(['init', '--repo', repo.dir]), /\.handoff is a symbolic link/);
      assert.deepEqual(fs.readdirSync(path.join(outside, 'handoff', 'notes')), before, 'nothing written outside');
      assert.deepEqual(fs.readdirSync(path.join(outside, 'handoff')).sort(), ['config.yaml', 'notes']);
    } finally {
      repo.dispose();
    }
  });

  it('.handoff/notes as a link out: note new and init refuse with one clear line naming it; nothing is written there', () => {
    const { repo, outside } = setup();
    try {
      fs.mkdirSync(path.join(repo.dir, '.handoff'));
      fs.symlinkSync(path.join(outside, 'notes'), path.join(repo.dir, '.handoff', 'notes'));
      const line = assertOneLineError(runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'Escape']), /\.handoff\/notes is a symbolic link/);
      assert.match(line, /does not write through links/);
      assertOneLineError(runCli(['init', '--repo', repo.dir]), /\.handoff\/notes is a symbolic link/);
      assert.deepEqual(fs.readdirSync(path.join(outside, 'notes')), [], 'nothing written outside');
      // check itself still runs (the link is a change like any other) and reads nothing there.
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--format', 'json', '--fail-on', 'none']);
      assert.equal(r.code, 0, r.stderr);
      assertNothingFrom(r.stdout, 'check');
    } finally {
      repo.dispose();
    }
  });

  it('a note file that is a link (dangling or not) is never written through by note new', () => {
    const { repo, outside } = setup();
    try {
      fs.mkdirSync(path.join(repo.dir, '.handoff', 'notes'), { recursive: true });
      const day = new Date().toISOString().slice(0, 10);
      const target = path.join(outside, 'planted.md');
      fs.symlinkSync(target, path.join(repo.dir, '.handoff', 'notes', `${day}-planted.md`));
      const r = runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'Planted']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!fs.existsSync(target), 'the dangling link was not followed');
      assert.match(r.stdout, /planted-2\.md|planted-\d+\.md/);
    } finally {
      repo.dispose();
    }
  });
});
