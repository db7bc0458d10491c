import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, makeCheckRepo, runCli } from './checkHelpers';

/** Every error: exit 2, one clear line on stderr, no stack trace, nothing on stdout. */
describe('handoff check: errors', () => {
  const repo = makeCheckRepo();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-errors-'));
  before(() => ensureCliBuilt());
  after(() => {
    repo.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('not a git repository', () => {
    const plain = path.join(scratch, 'plain folder 文件夹');
    fs.mkdirSync(plain);
    assertOneLineError(runCli(['check', '--repo', plain]), /is not a git repository/);
    assertOneLineError(runCli(['check'], { cwd: plain }), /is not a git repository/);
  });

  it('a --repo that does not exist', () => {
    assertOneLineError(runCli(['check', '--repo', path.join(scratch, 'nope')]), /does not exist/);
  });

  it('unknown base ref', () => {
    assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'no-such-branch', '--head', 'feature']), /unknown ref 'no-such-branch'/);
  });

  it('unknown head ref', () => {
    assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'no-such-head']), /unknown ref 'no-such-head'/);
  });

  it('a shallow clone that lacks the base', () => {
    const clone = path.join(scratch, 'shallow clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, clone], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    const line = assertOneLineError(runCli(['check', '--repo', clone, '--base', 'origin/main', '--head', 'HEAD']), /shallow/);
    assert.match(line, /fetch-depth: 0|--unshallow/, 'says how to fix it');
  });

  it('git missing from PATH', () => {
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feature'], { env: { PATH: bin } }), /git was not found/);
  });

  it('malformed .handoff/config.yaml names file:line:col', () => {
    const bad = new TestRepo('bad config');
    try {
      bad.commit('init', { 'README.md': '# x\n' });
      bad.write({ '.handoff/config.yaml': 'base: main\nrules:\n  - id: x\n    paths: [unclosed\n' });
      const line = assertOneLineError(runCli(['check', '--repo', bad.dir, '--base', 'main']), /\.handoff\/config\.yaml:\d+:\d+/);
      assert.doesNotMatch(line, /undefined/);
      assert.equal(bad.read('.handoff/config.yaml'), 'base: main\nrules:\n  - id: x\n    paths: [unclosed\n', 'the file is left as it was');
    } finally {
      bad.dispose();
    }
  });

  it('bad --format and bad --fail-on', () => {
    const line = assertOneLineError(runCli(['check', '--repo', repo.dir, '--format', 'xml']), /unknown format 'xml'/);
    assert.match(line, /text, json, markdown, sarif, github, gitlab/);
    assertOneLineError(runCli(['check', '--repo', repo.dir, '--fail-on', 'sometimes']), /unknown --fail-on 'sometimes'/);
  });

  it('unknown options, missing values, stray arguments, --head with --worktree', () => {
    assertOneLineError(runCli(['check', '--bogus']), /unknown option '--bogus' for 'check' \(run 'handoff check --help'\)/);
    assertOneLineError(runCli(['check', '--format']), /option '--format' needs a value/);
    assertOneLineError(runCli(['check', 'main']), /unexpected argument 'main'/);
    assertOneLineError(runCli(['check', '--repo', repo.dir, '--head', 'feature', '--worktree']), /--head and --worktree exclude each other/);
    assertOneLineError(runCli(['frobnicate']), /unknown command 'frobnicate'/);
  });

  it('--help and --version exit 0', () => {
    const help = runCli(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: handoff check /);
    assert.match(help.stdout, /--fail-on C/);
    const version = runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('a reader of standard error that goes away (2>&1 | head -1) loses the log, not the run', async () => {
    const cli = path.join(__dirname, '../../../dist/cli.js');
    const child = spawn(process.execPath, [cli, 'check', '--repo', repo.dir, '--base', 'main', '--head', 'quiet', '--format', 'json'], { env: { ...process.env, HANDOFF_DEBUG: '1', HANDOFF_LANG: 'en', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy(); // every write to standard error now fails (EPIPE)
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | string>((resolve) => {
      // Before the fix the process spun on its own error reports and never exited.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('timeout');
      }, 60_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c ?? 'signal');
      });
    });
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).range.head, 'quiet');
  });

  it('works with --repo pointing at a path with a space and CJK characters', () => {
    assert.ok(repo.dir.includes(' ') && /仓库/.test(repo.dir));
    const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'quiet']);
    assert.equal(r.code, 0, r.stderr);
  });
});
