/**
 * Issue 16: config problems are one clear error naming the file (never the defaults in
 * silence), and file-system failures are one line naming the path, exit 2, never
 * "internal error".
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from '../cli/checkHelpers';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const GOOD = 'ignore:\n  - "docs/**"\n';

function repoWithConfig(config: Buffer | string | null): TestRepo {
  const repo = new TestRepo('cfg');
  repo.commit('base', { 'src/app.js': 'module.exports = 1;\n' });
  repo.checkout('feat', true);
  const files: Record<string, string | Buffer> = { 'db/migrate/20261124093000_drop.rb': 'class Drop < ActiveRecord::Migration[7.1]\n  def change\n    drop_table :accounts\n  end\nend\n' };
  if (config !== null) files['.handoff/config.yaml'] = config;
  repo.commit('feature', files);
  return repo;
}

describe('config problems: one clear error naming the file, in both modes', () => {
  before(() => ensureCliBuilt());

  const cases: [string, Buffer, RegExp][] = [
    ['over 1 MB', Buffer.from(`# ${'x'.repeat(1024 * 1024)}\n${GOOD}`), /\.handoff\/config\.yaml is \d+ bytes; a config over 1 MB is not read/],
    ['UTF-16 LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]), /\.handoff\/config\.yaml is saved as UTF-16/],
    ['UTF-16 BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(GOOD, 'utf16le').swap16()]), /\.handoff\/config\.yaml is saved as UTF-16/],
    ['UTF-16 without a byte-order mark', Buffer.from(GOOD, 'utf16le'), /\.handoff\/config\.yaml:1: contains a NUL byte/],
    ['a NUL byte on line 2', Buffer.from(`ignore:\n  - "a\0b"\n`), /\.handoff\/config\.yaml:2: contains a NUL byte/],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('ignore:\n  - "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]), /\.handoff\/config\.yaml is not valid UTF-8/],
  ];
  for (const [name, bytes, pattern] of cases) {
    it(name, () => {
      const repo = repoWithConfig(bytes);
      try {
        assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feat']), pattern); // review: read from git
        assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'main']), pattern); // working: read from the work tree
        assertOneLineError(runCli(['changelog', '--repo', repo.dir, '--from', 'main', '--to', 'feat']), pattern);
        assertOneLineError(runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'x']), pattern);
      } finally {
        repo.dispose();
      }
    });
  }

  it('a UTF-8 byte-order mark is fine, and the config is obeyed', () => {
    const repo = repoWithConfig(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ignore:\n  - "db/**"\n')]));
    try {
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feat', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).impacts, [], 'the ignore of the BOM-prefixed config applies');
    } finally {
      repo.dispose();
    }
  });
});

describe('file-system problems: one line naming the path, exit 2', () => {
  let repo: TestRepo;
  before(() => {
    ensureCliBuilt();
    repo = repoWithConfig(null);
  });
  after(() => repo.dispose());

  it('.handoff is a file: note new and init name it; check still runs', () => {
    fs.writeFileSync(path.join(repo.dir, '.handoff'), 'not a folder\n');
    try {
      assertOneLineError(runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'x']), /^handoff: \.handoff is a file; it must be a folder$/m);
      assertOneLineError(runCli(['init', '--repo', repo.dir]), /^handoff: \.handoff is a file; it must be a folder$/m);
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(fs.readFileSync(path.join(repo.dir, '.handoff'), 'utf8'), 'not a folder\n', 'the file is untouched');
    } finally {
      fs.rmSync(path.join(repo.dir, '.handoff'), { force: true });
    }
  });

  it('.handoff/notes is a file: note new and init name it', () => {
    fs.mkdirSync(path.join(repo.dir, '.handoff'));
    fs.writeFileSync(path.join(repo.dir, '.handoff', 'notes'), 'not a folder\n');
    try {
      assertOneLineError(runCli(['note', 'new', '--repo', repo.dir, '--base', 'main', '--title', 'x']), /^handoff: \.handoff\/notes is a file; it must be a folder$/m);
      assertOneLineError(runCli(['init', '--repo', repo.dir]), /\.handoff\/notes is a file/);
      assert.equal(fs.readFileSync(path.join(repo.dir, '.handoff', 'notes'), 'utf8'), 'not a folder\n');
      assert.ok(!fs.existsSync(path.join(repo.dir, '.handoff', 'config.yaml')), 'init wrote nothing');
    } finally {
      fs.rmSync(path.join(repo.dir, '.handoff'), { recursive: true, force: true });
    }
  });

  it('a full disk on standard output (/dev/full): one line, exit 2', { skip: !fs.existsSync('/dev/full') && 'no /dev/full here' }, async () => {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = await run(['check', '--repo', repo.dir, '--base', 'main', '--format', 'json', '--fail-on', 'none'], ['ignore', fd, 'pipe']);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'handoff: cannot write standard output: no space left on the device (ENOSPC)\n');
    } finally {
      fs.closeSync(fd);
    }
  });

  it('changelog --output on a full disk or under a file: one line naming the path', () => {
    if (fs.existsSync('/dev/full')) assertOneLineError(runCli(['changelog', '--repo', repo.dir, '--from', 'main', '--to', 'feat', '--output', '/dev/full']), /\/dev\/full.*(ENOSPC|no space)/);
    const file = path.join(path.dirname(repo.dir), 'a-file');
    fs.writeFileSync(file, 'x');
    assertOneLineError(runCli(['changelog', '--repo', repo.dir, '--from', 'main', '--to', 'feat', '--output', path.join(file, 'log.md')]), /a-file/);
  });

  it('a reader that closes standard output early (EPIPE, `| head`): a quiet stop, no message, no stack', async () => {
    const r = await run(['check', '--repo', repo.dir, '--base', 'main', '--format', 'sarif', '--fail-on', 'none'], ['ignore', 'pipe', 'pipe'], true);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
});

/** Runs the CLI with the given stdio; `closeStdout` closes our end of its stdout at once. */
function run(args: string[], stdio: ('ignore' | 'pipe' | number)[], closeStdout = false): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: stdio as never, env: { ...process.env, HANDOFF_LANG: 'en', NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' } });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if (closeStdout) child.stdout!.destroy();
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}
