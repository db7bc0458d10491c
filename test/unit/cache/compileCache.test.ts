// The CLI's V8 code cache (src/cli/bin.ts): dist/cli.js loads dist/cli-main.js through a cache kept
// in the user's cache folder. Whatever the cache holds (nothing, a good one, a corrupt or truncated
// file, one made for other code, a folder that cannot be written), the command's output is the same.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { tunedV8Flags } from '../../../src/cli/v8Flags';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt } from '../cli/checkHelpers';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
describe('CLI code cache', () => {
  let repo: TestRepo;
  let tmp: string;
  let expected: string;

  const run = (cacheDir: string, env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [CLI, 'check', '--base', 'main', '--head', 'feature', '--format', 'json', '--fail-on', 'none'], {
      cwd: repo.dir,
      encoding: 'utf8',
      // HANDOFF_COMPILE_CACHE=v8: Handoff's own cache, as on Node 20, also where Node has module.enableCompileCache
      env: { ...process.env, HANDOFF_LANG: 'en', HANDOFF_DEBUG: '1', HANDOFF_CACHE_DIR: cacheDir, HANDOFF_COMPILE_CACHE: 'v8', ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /unrecognized flag/);
    const state = /^compile cache (none|used|rejected): (.+)$/m.exec(r.stderr);
    return { stdout: r.stdout, state: state?.[1] ?? 'off', file: state?.[2] ?? '' };
  };

  before(() => {
    ensureCliBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-cc-'));
    repo = new TestRepo('app');
    repo.commit('init', { 'README.md': '# app\n', 'src/app.js': 'module.exports = 1;\n' });
    repo.checkout('feature', true);
    repo.commit('env and migration', {
      'src/app.js': 'module.exports = process.env.PAYMENTS_URL;\n',
      'db/migrate/20261201000000_drop_plan.rb': 'class DropPlan < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :plan\n  end\nend\n',
    });
    const off = run(path.join(tmp, 'unused'), { HANDOFF_COMPILE_CACHE: 'off' });
    assert.equal(off.state, 'off');
    expected = off.stdout;
    assert.match(expected, /PAYMENTS_URL/);
  });
  after(() => {
    repo.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loads an ASCII bundle (one-byte source: read, hashed and matched to its cache faster)', () => {
    // The minified bundle, as shipped (a development build keeps comments).
    const out = path.join(tmp, 'production');
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--only', 'cli', '--outdir', out], { cwd: path.resolve(__dirname, '../../..'), encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const bytes = fs.readFileSync(path.join(out, 'cli-main.js'));
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `dist/cli-main.js has a non-ASCII byte near: ${bytes.subarray(Math.max(0, at - 60), at + 10).toString('utf8')}`);
  });

  it('is written by the first run, used by the next, and changes nothing in the output', () => {
    const dir = path.join(tmp, 'fresh');
    const first = run(dir);
    assert.equal(first.state, 'none');
    assert.equal(first.stdout, expected);
    assert.ok(fs.statSync(first.file).size > 10_000, 'a code cache is written');
    assert.ok(first.file.startsWith(path.join(dir, 'v8') + path.sep));
    const bytes = fs.readFileSync(first.file);
    const second = run(dir);
    assert.equal(second.state, 'used');
    assert.equal(second.stdout, expected);
    assert.ok(fs.readFileSync(second.file).equals(bytes), 'an accepted cache is not written again');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'v8')), [path.basename(first.file)], 'no temporary file left');
  });

  it("tunes V8's optimizing compiler for a run of seconds (bin.ts V8_FLAGS): the same output as with V8's defaults", () => {
    // V8 checks a code cache against the flags it was made under: a cache written by a tuned run is
    // rejected by a run with the defaults (HANDOFF_V8_FLAGS=default), and the other way round, which
    // shows the flags were set before the bundle was compiled.
    const dir = path.join(tmp, 'flags');
    const tuned = run(dir);
    assert.equal(tuned.state, 'none');
    assert.equal(run(dir).state, 'used');
    const plain = run(dir, { HANDOFF_V8_FLAGS: 'default' });
    assert.equal(plain.state, 'rejected');
    assert.equal(plain.stdout, expected);
    assert.equal(tuned.stdout, expected);
    assert.equal(run(dir).state, 'rejected');
  });

  it("sets the tuned flags only on the V8 they were measured on (V8 11, Node 20): Node 24's V8 13 rejects them on stderr", () => {
    assert.deepEqual(tunedV8Flags('11.3.244.8-node.33', undefined), ['--interrupt-budget=540672', '--max-inlined-bytecode-size-cumulative=230']);
    assert.deepEqual(tunedV8Flags('13.6.233.17-node.53', undefined), []);
    assert.deepEqual(tunedV8Flags('12.4.254.21-node.33', undefined), []);
    assert.deepEqual(tunedV8Flags('11.3.244.8-node.33', 'default'), []);
  });

  it('ignores a corrupt or truncated cache file and writes a good one', () => {
    const dir = path.join(tmp, 'corrupt');
    const file = run(dir).file;
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 0xff;
    for (const bad of [flipped, good.subarray(0, good.length >> 1), Buffer.alloc(0), Buffer.from('not a cache')]) {
      fs.writeFileSync(file, bad);
      const r = run(dir);
      assert.equal(r.state, 'none', 'a file that fails its checksum is not handed to V8');
      assert.equal(r.stdout, expected);
      assert.equal(run(dir).state, 'used', 'the next run has a good cache again');
    }
  });

  it('rewrites a cache V8 rejects (made for other code) and still gives the same output', () => {
    const dir = path.join(tmp, 'foreign');
    const file = run(dir).file;
    const other = new vm.Script('(function () { return 42; })', { filename: 'other.js' });
    other.runInThisContext();
    const data = other.createCachedData();
    fs.writeFileSync(file, Buffer.concat([Buffer.from('HOV8CC1\n'), createHash('sha1').update(data).digest(), data]));
    const r = run(dir);
    assert.equal(r.state, 'rejected');
    assert.equal(r.stdout, expected);
    assert.equal(run(dir).state, 'used');
  });

  it('keeps its folder bounded: the 3 other caches written last stay, older ones and stale temporary files go', () => {
    const dir = path.join(tmp, 'bounded');
    const v8dir = path.join(dir, 'v8');
    fs.mkdirSync(v8dir, { recursive: true });
    const now = Date.now() / 1000;
    for (let i = 0; i < 6; i++) {
      const f = path.join(v8dir, `cli-v0.0.${i}-x64-0000000000000000.v8`);
      fs.writeFileSync(f, 'old cache');
      fs.utimesSync(f, now - 100 * (i + 1), now - 100 * (i + 1)); // 0 is the newest
    }
    const stale = path.join(v8dir, 'cli-v0.0.9-x64-0000000000000000.v8.123.tmp');
    fs.writeFileSync(stale, 'half written');
    fs.utimesSync(stale, now - 7200, now - 7200);
    const fresh = path.join(v8dir, 'cli-v0.0.8-x64-0000000000000000.v8.456.tmp');
    fs.writeFileSync(fresh, 'being written');
    const r = run(dir);
    assert.equal(r.state, 'none');
    assert.equal(r.stdout, expected);
    assert.deepEqual(fs.readdirSync(v8dir).sort(), [
      path.basename(r.file),
      'cli-v0.0.0-x64-0000000000000000.v8',
      'cli-v0.0.1-x64-0000000000000000.v8',
      'cli-v0.0.2-x64-0000000000000000.v8',
      path.basename(fresh),
    ].sort());
  });

  it('runs as usual when the cache folder cannot be written', () => {
    const blocked = path.join(tmp, 'a-file');
    fs.writeFileSync(blocked, 'not a folder\n');
    for (let i = 0; i < 2; i++) {
      const r = run(blocked);
      assert.equal(r.state, 'none');
      assert.equal(r.stdout, expected);
    }
    assert.equal(fs.readFileSync(blocked, 'utf8'), 'not a folder\n');
  });

  it('gives the same output when two runs write the cache at once', async () => {
    const dir = path.join(tmp, 'concurrent');
    const { spawn } = await import('node:child_process');
    const once = () =>
      new Promise<string>((resolve, reject) => {
        const c = spawn(process.execPath, [CLI, 'check', '--base', 'main', '--head', 'feature', '--format', 'json', '--fail-on', 'none'], {
          cwd: repo.dir,
          env: { ...process.env, HANDOFF_LANG: 'en', HANDOFF_CACHE_DIR: dir, HANDOFF_COMPILE_CACHE: 'v8' },
        });
        let out = '';
        c.stdout.on('data', (d) => (out += d));
        c.on('error', reject);
        c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const outs = await Promise.all([once(), once(), once()]);
    for (const o of outs) assert.equal(o, expected);
    assert.equal(run(dir).state, 'used');
    assert.equal(fs.readdirSync(path.join(dir, 'v8')).length, 1);
  });
});
