import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnalysisSession, analyze, SimpleGitSource, type Report } from '../../../src/core';
import { ENV_READ_NEEDLES } from '../../../src/core/analyzers/env';
import { nullLogger } from '../../../src/core/logger';
import { DEFER_MAX_NAMES, envIndexCounters, HeadEnvStore } from '../../../src/core/cache/headEnv';
import { ensureHandoffDir, indexFile, readIndex, writeIndex } from '../../../src/core/cache/store';
import { ensureCliBuilt } from '../cli/checkHelpers';
import { loggingGit } from '../../helpers/loggingGit';
import { TestRepo } from '../../helpers/repo';

/**
 * The persistent env index (src/core/cache): whatever state it is in — absent, warm,
 * truncated, corrupt, written by another version, being written by two runs at once, or
 * impossible to write — a run's report is the one of a run that asks git about the names
 * only (HANDOFF_ENV_INDEX=off). The reports are compared whole.
 */

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Lines that the head greps and lines.ts must select alike (CRLF, long lines, tokens glued to words, NUL files). */
const TRICKY = {
  'src/shared.js': 'module.exports = { url: process.env.SHARED_URL, key: process.env["SHARED_KEY"] };\n',
  'src/crlf.js': 'const a = 1;\r\nconst t = process.env.CRLF_VAR;\r\n',
  'src/long.js': `const pad = "${'x'.repeat(4100)}"; const late = process.env.LATE_VAR;\nconst early = process.env.EARLY_VAR; // ${'y'.repeat(4100)}\n`,
  'app/settings.py': 'import os\nDB = os.getenv("PY_DB")\nCACHE = os.environ.get("PY_CACHE", "x")\n',
  'config/app.yml': 'name: app\nenv:\n  DECLARED_ONE: x\n  xGLUED_NAME: y\n  TRAILING_: z\n',
  'docs/deploy.md': '# Deploy\n\nSet `DOC_NAME` before starting. naïveÉ_NOT\n',
  '.env.example': 'EXAMPLE_VAR=1\n',
  'scripts/run.sh': '#!/bin/sh\necho "$SHELL_VAR"\n',
  Dockerfile: 'FROM node:20\nENV DOCKER_VAR=1\n',
  'assets/blob.bin': Buffer.concat([Buffer.from('process.env.BINARY_VAR\n\0'), Buffer.from('process.env.BINARY_VAR\n')]),
  'vendor/ignored.js': 'module.exports = process.env.VENDOR_ONLY;\n',
};

function build(repo: TestRepo): void {
  repo.commit('base', TRICKY);
  repo.checkout('feature', true);
  repo.commit('feature', {
    'src/b.js': [
      'module.exports = {',
      '  shared: process.env.SHARED_URL,',
      '  fresh: process.env.NEW_ONE,',
      '  declared: process.env.DECLARED_ONE,',
      '  glued: process.env.GLUED_NAME,',
      '  doc: process.env.DOC_NAME,',
      '  crlf: process.env.CRLF_VAR,',
      '  late: process.env.LATE_VAR,',
      '  early: process.env.EARLY_VAR,',
      '  bin: process.env.BINARY_VAR,',
      '  vendor: process.env.VENDOR_ONLY,',
      '  shell: process.env.SHELL_VAR,',
      '};',
      '',
    ].join('\n'),
    'app/settings.py': 'import os\nCACHE = os.environ.get("PY_CACHE", "x")\n',
    '.env.example': 'EXAMPLE_VAR=1\nNEW_DECL=2\n',
  });
}

function indexDir(repo: TestRepo): string {
  return path.join(repo.dir, '.git', 'handoff');
}

function indexFiles(repo: TestRepo): string[] {
  const dir = indexDir(repo);
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).filter((n) => /^env-index-[0-9a-f]+\.json$/.test(n)).map((n) => path.join(dir, n)) : [];
}

function keyOf(file: string): string {
  return /env-index-([0-9a-f]+)\.json$/.exec(file)![1];
}

async function run(repo: TestRepo, opts: { off?: boolean; head?: string | null; defer?: () => void } = {}): Promise<Report> {
  const before = process.env.HANDOFF_ENV_INDEX;
  if (opts.off) process.env.HANDOFF_ENV_INDEX = 'off';
  else delete process.env.HANDOFF_ENV_INDEX;
  envIndexCounters.blobsRead = 0;
  envIndexCounters.worktreeRead = 0;
  envIndexCounters.mode = 'none';
  try {
    return await analyze({ repo: repo.dir, base: 'main', ...(opts.head === null ? {} : { head: opts.head ?? 'feature' }), ...(opts.defer ? { deferEnvIndex: opts.defer } : {}) });
  } finally {
    if (before === undefined) delete process.env.HANDOFF_ENV_INDEX;
    else process.env.HANDOFF_ENV_INDEX = before;
  }
}

describe('env index: every state of the cache gives the report of a run without it', () => {
  const repo = new TestRepo();
  let uncached: Report;
  before(async () => {
    build(repo);
    uncached = await run(repo, { off: true });
  });
  after(() => repo.dispose());

  it('the reference report finds what the range does (so the comparisons below mean something)', () => {
    assert.equal(envIndexCounters.mode, 'names');
    assert.deepEqual(indexFiles(repo), [], 'HANDOFF_ENV_INDEX=off writes no index');
    const added = uncached.envVars.added;
    for (const n of ['NEW_ONE', 'NEW_DECL', 'BINARY_VAR', 'VENDOR_ONLY']) assert.ok(added.includes(n), `${n} is new: ${added.join(', ')}`);
    for (const n of ['SHARED_URL', 'CRLF_VAR', 'EARLY_VAR', 'PY_CACHE']) assert.ok(!added.includes(n), `${n} was read or declared at base`);
    assert.deepEqual(uncached.envVars.removed, ['PY_DB']);
    const undeclared = uncached.impacts.flatMap((i) => i.findings.filter((f) => f.kind === 'env-var-undeclared').map((f) => f.subject));
    assert.ok(undeclared.includes('NEW_ONE') && !undeclared.includes('DECLARED_ONE') && !undeclared.includes('DOC_NAME'), undeclared.join(', '));
  });

  it('cold (no index): same report, and the index is written', async () => {
    assert.deepEqual(await run(repo), uncached);
    assert.equal(envIndexCounters.mode, 'cold');
    const files = indexFiles(repo);
    assert.equal(files.length, 1);
    assert.ok(await readIndex(files[0], keyOf(files[0])));
  });

  it('warm, head unchanged: same report, no blob read', async () => {
    assert.deepEqual(await run(repo), uncached);
    assert.equal(envIndexCounters.mode, 'warm');
    assert.equal(envIndexCounters.blobsRead, 0);
  });

  it('an index of the empty tree: every blob of head is read through lines.ts, and the report is the greps’ one', async () => {
    const [file] = indexFiles(repo);
    const key = keyOf(file);
    assert.ok(await writeIndex(indexDir(repo), key, { commit: EMPTY_TREE, files: new Map(), blobs: new Map() }));
    assert.deepEqual(await run(repo), uncached);
    assert.equal(envIndexCounters.mode, 'warm');
    assert.equal(envIndexCounters.blobsRead, Object.keys(TRICKY).length + 1, 'every file of head, read once (src/b.js is the one added)');
  });

  it('a truncated index is ignored and rebuilt', async () => {
    const [file] = indexFiles(repo);
    const text = fs.readFileSync(file);
    fs.writeFileSync(file, text.subarray(0, Math.floor(text.length / 2)));
    assert.deepEqual(await run(repo), uncached);
    assert.equal(envIndexCounters.mode, 'cold');
    assert.ok(await readIndex(file, keyOf(file)), 'rebuilt whole');
  });

  it('a corrupted index (same length, bytes changed) is ignored and rebuilt', async () => {
    const [file] = indexFiles(repo);
    const text = fs.readFileSync(file, 'utf8');
    // Every name in the body made unrecognisable: trusted, it would make every read look new.
    const nl = text.indexOf('\n');
    fs.writeFileSync(file, text.slice(0, nl + 1) + text.slice(nl + 1).replace(/[A-Z]/g, 'Q'));
    assert.deepEqual(await run(repo), uncached);
    assert.equal(envIndexCounters.mode, 'cold');
  });

  it('an index written by another version of Handoff (or another format) is ignored', async () => {
    const [file] = indexFiles(repo);
    const text = fs.readFileSync(file, 'utf8');
    const nl = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, nl));
    // Its body claims head has no env name at all, with a checksum that matches.
    const body = JSON.stringify({ commit: JSON.parse(text.slice(nl + 1)).commit, files: [], blobs: [] });
    const { createHash } = await import('node:crypto');
    const forged = (h: object) => JSON.stringify({ ...header, ...h, bytes: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') }) + '\n' + body;
    for (const h of [{ version: '0.0.1-other' }, { format: 999 }]) {
      fs.writeFileSync(file, forged(h));
      assert.deepEqual(await run(repo), uncached, JSON.stringify(h));
      assert.equal(envIndexCounters.mode, 'cold', JSON.stringify(h));
    }
    // The same forged body under this version's header would be trusted: the version is what keeps it out.
    fs.writeFileSync(file, forged({}));
    const trusted = await run(repo);
    assert.notDeepEqual(trusted.envVars.added, uncached.envVars.added);
    fs.rmSync(file);
  });

  it('a git folder where no index can be written: git is asked about the names only, same report', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    const dir = indexDir(repo);
    const moved = `${dir}.moved`;
    fs.renameSync(dir, moved);
    fs.writeFileSync(dir, 'not a folder\n'); // mkdir fails as on a read-only file system (root ignores modes)
    try {
      assert.deepEqual(await run(repo), uncached);
      assert.equal(envIndexCounters.mode, 'names');
      assert.equal(fs.readFileSync(dir, 'utf8'), 'not a folder\n', 'nothing written');
    } finally {
      fs.rmSync(dir);
      fs.renameSync(moved, dir);
    }
    if (process.getuid?.() !== 0) {
      fs.chmodSync(dir, 0o555);
      try {
        assert.deepEqual(await run(repo), uncached);
        assert.equal(envIndexCounters.mode, 'names');
      } finally {
        fs.chmodSync(dir, 0o755);
      }
    }
  });

  it('a warm run after a new commit reads only the blobs that commit changed', async () => {
    await run(repo); // index at feature
    repo.commit('more', { 'src/c.js': 'module.exports = process.env.NEWER_ONE;\n', 'config/app.yml': 'name: app\nenv:\n  DECLARED_ONE: x\n  NEWER_ONE: y\n' });
    const cached = await run(repo);
    assert.equal(envIndexCounters.mode, 'warm');
    assert.equal(envIndexCounters.blobsRead, 2, 'src/c.js and config/app.yml');
    assert.deepEqual(cached, await run(repo, { off: true }));
    assert.ok(cached.envVars.added.includes('NEWER_ONE'));
    // Back to the previous commit: only config/app.yml's older blob is new to the index
    // (the cold run grepped it); after that, both commits' blobs are known.
    repo.git('checkout', '-q', 'feature~1');
    const back = await run(repo, { head: 'HEAD' });
    assert.equal(envIndexCounters.blobsRead, 1);
    assert.deepEqual(back.envVars, uncached.envVars);
    repo.git('checkout', '-q', 'feature');
    assert.deepEqual(await run(repo), cached);
    assert.equal(envIndexCounters.blobsRead, 0);
    repo.git('checkout', '-q', 'feature~1');
    assert.deepEqual(await run(repo, { head: 'HEAD' }), back);
    assert.equal(envIndexCounters.blobsRead, 0);
    repo.git('checkout', '-q', 'feature');
  });
});

describe('env index in working mode: uncommitted and untracked files are head', () => {
  const repo = new TestRepo();
  before(() => {
    build(repo);
    repo.write({
      'src/untracked.js': 'module.exports = process.env.UNTRACKED_ONE;\n',
      'src/shared.js': 'module.exports = { key: process.env["SHARED_KEY"] };\n', // SHARED_URL now read only by b.js
      'config/app.yml': 'name: app\nenv:\n  DECLARED_ONE: x\n  UNTRACKED_ONE: y\n',
    });
  });
  after(() => repo.dispose());

  it('cold, warm and names-only runs agree, and see the edits', async () => {
    const uncached = await run(repo, { off: true, head: null });
    const cold = await run(repo, { head: null });
    assert.equal(envIndexCounters.mode, 'cold');
    const warm = await run(repo, { head: null });
    assert.equal(envIndexCounters.mode, 'warm');
    assert.equal(envIndexCounters.blobsRead, 0);
    assert.ok(envIndexCounters.worktreeRead > 0);
    assert.deepEqual(cold, uncached);
    assert.deepEqual(warm, uncached);
    assert.ok(uncached.envVars.added.includes('UNTRACKED_ONE'), 'read by the untracked file');
    const undeclared = uncached.impacts.flatMap((i) => i.findings.filter((f) => f.kind === 'env-var-undeclared').map((f) => f.subject));
    assert.ok(undeclared.includes('NEW_ONE') && !undeclared.includes('UNTRACKED_ONE'), `declared in the edited config/app.yml: ${undeclared.join(', ')}`);
  });
});

/** `handoff check --format json` of main...feature in `repo` as a process (dist/cli.js), with `env` added. */
function checkCli(repo: TestRepo, env: NodeJS.ProcessEnv): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'check', '--base', 'main', '--head', 'feature', '--format', 'json', '--fail-on', 'none'], {
      cwd: repo.dir,
      env: { ...process.env, HANDOFF_LANG: 'en', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ out, err }) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('env index: two concurrent `handoff check` runs', () => {
  const repo = new TestRepo();
  before(() => {
    ensureCliBuilt();
    build(repo);
  });
  after(() => repo.dispose());

  const cli = async (env: NodeJS.ProcessEnv) => (await checkCli(repo, env)).out;

  it('both write the index at once; both reports, and the next warm one, are the uncached report', async () => {
    const uncached = await cli({ HANDOFF_ENV_INDEX: 'off' });
    for (let round = 0; round < 3; round++) {
      for (const f of indexFiles(repo)) fs.rmSync(f);
      // Built inline (no detached builder): the two runs write the index at the same moment.
      const [a, b] = await Promise.all([cli({ HANDOFF_ENV_INDEX: 'inline' }), cli({ HANDOFF_ENV_INDEX: 'inline' })]);
      assert.equal(a, uncached);
      assert.equal(b, uncached);
      const files = indexFiles(repo);
      assert.equal(files.length, 1);
      assert.ok(await readIndex(files[0], keyOf(files[0])), 'the index left is whole');
      assert.deepEqual(fs.readdirSync(indexDir(repo)).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
    }
    assert.equal(await cli({}), uncached);
  });
});

describe('env index deferred (a cold run that ends soon: the CLI)', () => {
  const repo = new TestRepo();
  let uncached: Report;
  before(async () => {
    build(repo);
    uncached = await run(repo, { off: true });
  });
  after(() => repo.dispose());

  for (const head of ['feature', null] as const) {
    it(`${head ? 'review' : 'working'} mode: no index → names only, the deferral asked for, nothing written; the deferred build → the next run is warm; same reports`, async () => {
      for (const f of indexFiles(repo)) fs.rmSync(f);
      const reference = head ? uncached : await run(repo, { off: true, head });
      let asked = 0;
      assert.deepEqual(await run(repo, { head, defer: () => asked++ }), reference);
      assert.equal(envIndexCounters.mode, 'names', 'git asked about the names only');
      assert.equal(asked, 1);
      assert.deepEqual(indexFiles(repo), [], 'the run itself writes no index');
      assert.equal(await AnalysisSession.buildEnvIndex({ repo: repo.dir, base: 'main', ...(head ? { head } : {}) }), true);
      assert.equal(envIndexCounters.mode, 'cold', 'the build read all of head');
      assert.equal(indexFiles(repo).length, 1);
      assert.deepEqual(await run(repo, { head, defer: () => asked++ }), reference);
      assert.equal(envIndexCounters.mode, 'warm', 'the index the build wrote is the one a run reads');
      assert.equal(asked, 1, 'not asked again');
    });
  }

  it(`a range naming more than ${DEFER_MAX_NAMES} env names builds the index within the run (asking git name by name would not pay): same report, no deferral`, async () => {
    const many = new TestRepo();
    try {
      many.commit('base', { 'src/a.js': 'module.exports = process.env.OLD_ONE;\n' });
      many.checkout('feature', true);
      const names = Array.from({ length: DEFER_MAX_NAMES + 6 }, (_, i) => `MANY_${i}`);
      many.commit('feature', { 'src/b.js': names.map((n) => `exports.${n.toLowerCase()} = process.env.${n};`).join('\n') + '\n' });
      const reference = await run(many, { off: true });
      assert.equal(reference.envVars.added.length, names.length);
      let asked = 0;
      assert.deepEqual(await run(many, { defer: () => asked++ }), reference);
      assert.equal(asked, 0);
      assert.equal(envIndexCounters.mode, 'cold', 'head read whole, as without the deferral');
      assert.equal(indexFiles(many).length, 1);
    } finally {
      many.dispose();
    }
  });

  it('the deferred build where no index can be kept (HANDOFF_ENV_INDEX=off) writes nothing', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    process.env.HANDOFF_ENV_INDEX = 'off';
    try {
      assert.equal(await AnalysisSession.buildEnvIndex({ repo: repo.dir, base: 'main', head: 'feature' }), false);
    } finally {
      delete process.env.HANDOFF_ENV_INDEX;
    }
    assert.deepEqual(indexFiles(repo), []);
  });
});

describe('env index: a cold `handoff check` leaves the index to a detached, low-priority builder', () => {
  const repo = new TestRepo();
  before(() => {
    ensureCliBuilt();
    build(repo);
  });
  after(() => repo.dispose());

  // CI: '' — the unit tier runs with CI=true; these tests are about the builder a developer's run starts.
  const cli = (env: NodeJS.ProcessEnv) => checkCli(repo, { HANDOFF_DEBUG: '1', CI: '', ...env });

  /** Waits until the builder has written the index and let go of its lock. */
  async function builtIndex(): Promise<string> {
    const lock = path.join(indexDir(repo), 'env-index.building');
    for (let i = 0; i < 300; i++) {
      const files = indexFiles(repo);
      if (files.length === 1 && !fs.existsSync(lock)) return files[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('no index written within 30 s');
  }

  it('the cold run answers from git asked about the names, the builder writes the index, the next run is warm: same report', async () => {
    const uncached = (await cli({ HANDOFF_ENV_INDEX: 'off' })).out;
    const cold = await cli({});
    assert.equal(cold.out, uncached);
    assert.match(cold.err, /env index cold: asking git about the names only/);
    assert.match(cold.err, /env index: left to a detached builder/);
    const file = await builtIndex();
    assert.ok(await readIndex(file, keyOf(file)), 'the index is whole');
    const warm = await cli({});
    assert.equal(warm.out, uncached);
    assert.match(warm.err, /env index warm/);
    assert.deepEqual(fs.readdirSync(indexDir(repo)).filter((n) => n.endsWith('.tmp') || n === 'env-index.building'), [], 'no temporary file or lock left');
  });

  it('in CI (CI=true) the cold run starts no builder: the clone is thrown away, the job leaves nothing running', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    const uncached = (await cli({ HANDOFF_ENV_INDEX: 'off' })).out;
    const cold = await cli({ CI: 'true' });
    assert.equal(cold.out, uncached);
    assert.match(cold.err, /env index cold: asking git about the names only/);
    assert.match(cold.err, /env index: not built \(CI is set\)/);
    assert.doesNotMatch(cold.err, /left to a detached builder/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(indexFiles(repo), [], 'no index written after the run');
    assert.ok(!fs.existsSync(path.join(indexDir(repo), 'env-index.building')), 'no builder started');
  });

  it('a live builder holding the lock: the next cold run starts none (its report is the same); a crashed one\'s lock is taken over', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    const lock = path.join(indexDir(repo), 'env-index.building');
    fs.writeFileSync(lock, String(process.pid)); // this process is alive
    const uncached = (await cli({ HANDOFF_ENV_INDEX: 'off' })).out;
    assert.equal((await cli({})).out, uncached);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(indexFiles(repo), [], 'the lock kept a second builder out');
    assert.equal(fs.readFileSync(lock, 'utf8'), String(process.pid));
    fs.writeFileSync(lock, '999999999'); // no such process
    assert.equal((await cli({})).out, uncached);
    const file = await builtIndex();
    assert.ok(await readIndex(file, keyOf(file)));
  });
});

describe('env index builder: the repository deleted under it (a temporary clone removed right after its check)', () => {
  before(() => ensureCliBuilt());

  /** Every file left under `root` (for the failure message). */
  function leftUnder(root: string): string {
    const left: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        left.push(path.join(d, e.name));
        if (e.isDirectory()) walk(path.join(d, e.name));
      }
    };
    if (fs.existsSync(root)) walk(root);
    return left.join(', ');
  }

  /** A repository whose head has enough files that building its index takes a while. */
  function bigRepo(): TestRepo {
    const repo = new TestRepo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`src/m${i % 40}/f${i}.js`] = `module.exports = { a: process.env.VAR_${i}, b: ${i} };\n`;
    repo.commit('base', files);
    repo.checkout('feature', true);
    repo.commit('feature', { 'src/new.js': 'module.exports = process.env.NEW_ONE;\n' });
    return repo;
  }

  it('the index, its lock and the profile are never written into a git dir that is gone: nothing is created again', async () => {
    const gone = path.join(os.tmpdir(), `handoff-gone-${process.pid}-${Date.now()}`);
    const dir = path.join(gone, '.git', 'handoff');
    await assert.rejects(writeIndex(dir, 'k', { commit: EMPTY_TREE, files: new Map(), blobs: new Map() }));
    await assert.rejects(ensureHandoffDir(dir));
    assert.ok(!fs.existsSync(gone), `nothing created: ${leftUnder(gone)}`);
  });

  it('a cold check whose repository is deleted as soon as it returns: the builder it left creates nothing where the repository was', async () => {
    const repo = bigRepo();
    const root = path.dirname(repo.dir);
    try {
      const cold = await checkCli(repo, { HANDOFF_DEBUG: '1', CI: '' });
      assert.match(cold.err, /env index: left to a detached builder/);
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 20 });
      // The builder starts, finds the repository gone (or loses it while reading head) and stops.
      for (let i = 0; i < 40; i++) {
        assert.ok(!fs.existsSync(root), `nothing created again: ${leftUnder(root)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
  });

  it('deleted while the builder holds its lock: it stops with exit 0 and no output, leaving no lock, index or folder', async () => {
    const repo = bigRepo();
    const root = path.dirname(repo.dir);
    try {
      const child = spawn(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), '__env-index', '--repo', repo.dir, '--base', 'main', '--head', 'feature'], {
        env: { ...process.env, HANDOFF_DEBUG: '', CI: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      const lock = path.join(indexDir(repo), 'env-index.building');
      // Until the builder takes its lock or ends: a loaded machine can take seconds to start it (a
      // cap of 3,000 polls, about 6 s, failed there); 60 s only bounds a builder that never starts.
      const giveUp = Date.now() + 60_000;
      while (!fs.existsSync(lock) && child.exitCode === null && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 2));
      assert.ok(fs.existsSync(lock), 'the builder holds its lock: the build is under way when the repository goes');
      // The builder may still be writing under .git while the folder goes (rmdir then fails with ENOTEMPTY): try
      // again until the folder is gone, however long a loaded machine takes; the test's own timeout bounds it.
      for (;;) {
        try { fs.rmSync(root, { recursive: true, force: true }); break; } catch (e) {
          if (!['ENOTEMPTY', 'EBUSY', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      assert.equal(await closed, 0);
      assert.equal(out, '', 'no output');
      assert.ok(!fs.existsSync(root), `nothing created again: ${leftUnder(root)}`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('env index: what a run that greps head starts early', () => {
  let repo: TestRepo;
  before(() => {
    repo = new TestRepo('early');
    build(repo);
    repo.git('checkout', '-q', 'feature');
  });
  after(() => repo.dispose());

  /** A store over the real repository, as the engine builds it; `willGrep` counted. */
  async function storeOf(cold: 'build' | 'defer'): Promise<{ store: HeadEnvStore; calls: () => number }> {
    const git = await SimpleGitSource.open(repo.dir);
    const range = await git.resolveRange({ base: 'main', head: 'feature' });
    let calls = 0;
    const store = new HeadEnvStore({
      git,
      range,
      spec: { needles: ENV_READ_NEEDLES, context: () => ({}) },
      fingerprint: 'early-test',
      grepCommit: (words, pathspecs, opts) => git.grep(range.headSha, words, pathspecs, opts),
      rangePaths: async () => [],
      useIndex: true,
      cold,
      onDeferred: () => undefined,
      willGrep: () => void calls++,
      logger: nullLogger,
    });
    return { store, calls: () => calls };
  }
  const settle = () => new Promise((r) => setTimeout(r, 200));

  it('no index stored (a deferred cold run): the grep\'s preparation starts with the first env name, before any question', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    const { store, calls } = await storeOf('defer');
    store.start();
    await settle();
    assert.equal(calls(), 1, 'started on the first env name');
    const files = await store.files(['SHARED_URL']);
    assert.ok(files.get('src/shared.js')?.refs.some((r) => r.name === 'SHARED_URL'));
    assert.equal(calls(), 1, 'once');
  });

  it('an index stored for head (warm): nothing is prepared, head is not grepped', async () => {
    const { store: builder } = await storeOf('build');
    assert.equal(await builder.build(), true);
    const { store, calls } = await storeOf('defer');
    store.start();
    await settle();
    await store.files(['SHARED_URL']);
    assert.equal(calls(), 0);
    assert.equal(envIndexCounters.mode, 'warm');
  });
});

/**
 * A cold CLI run (deferEnvIndex, no index stored) of a checked-out head asks git about its
 * names on disk, which waits for git to check the work tree against head and to list the
 * tracked files: those start with the load, before the range is read, and are stopped when
 * the range names no env var.
 */
describe('env index: a cold deferred run of a checked-out head checks the work tree before the range is read', () => {
  let repo: TestRepo;
  let uncached: Report;
  before(async () => {
    repo = new TestRepo('prime');
    build(repo);
    repo.git('checkout', '-q', 'feature');
    // a second head that names no env var
    repo.git('checkout', '-q', 'main');
    repo.checkout('quiet', true);
    repo.commit('quiet', { 'README.md': '# read me\n\nNothing to deploy.\n' });
    repo.git('checkout', '-q', 'feature');
    uncached = await run(repo, { off: true });
  });
  after(() => repo.dispose());

  const checks = (calls: string[][]) => calls.filter((c) => c.includes('diff') && c.includes('--quiet')).length;
  const listings = (calls: string[][]) => calls.filter((c) => c.includes('ls-files')).length;
  async function check(g: { bin: string }, head: string, defer: (() => void) | undefined): Promise<Report> {
    const git = await SimpleGitSource.open(repo.dir, g.bin, { base: 'main', head });
    try {
      return await analyze({ repo: repo.dir, base: 'main', head, git, ...(defer ? { deferEnvIndex: defer } : {}) });
    } finally {
      git.close();
    }
  }

  it('names in the range: the report of a run without the index, one check and one listing of the work tree', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    const g = loggingGit();
    try {
      let asked = 0;
      assert.deepEqual(await check(g, 'feature', () => asked++), uncached);
      assert.equal(asked, 1);
      assert.equal(envIndexCounters.mode, 'names');
      assert.equal(checks(g.calls()), 1);
      assert.equal(listings(g.calls()), 1);
    } finally {
      g.dispose();
    }
  });

  it('no env name in the range: the check was started with the load and is stopped when the analysis ends', async () => {
    for (const f of indexFiles(repo)) fs.rmSync(f);
    repo.git('checkout', '-q', 'quiet');
    await run(repo, { head: 'quiet', off: true }); // the profile of quiet's tree, learned from head on disk (which waits for the check), is stored
    // (the range's diff a second late: the analysis outlasts the start of the check)
    const seconds = 120;
    const g = loggingGit({ sleepOn: '--quiet', seconds, delayOn: '--raw' });
    try {
      const report = await check(g, 'quiet', () => assert.fail('nothing to defer'));
      assert.deepEqual(report.envVars.added, []);
      assert.equal(checks(g.calls()), 1, 'started before the range was read');
      // The sleeping "git diff --quiet" is killed, neither waited for nor left to run on (a CLI would wait for
      // it before exiting): its wrapper writes 'killed' on SIGTERM, 'finished' once it has slept its time.
      // (No clock: a run that waited returns after the sleep, which has then written 'finished'; the deadline
      // only ends the wait for a wrapper that wrote nothing.)
      let end: 'killed' | 'finished' | null = null;
      for (const until = Date.now() + (seconds + 60) * 1000; !(end = g.sleepEnd()) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
      assert.equal(end, 'killed', 'stopped when the analysis ended');
    } finally {
      repo.git('checkout', '-q', 'feature');
      g.dispose();
    }
  });

  it('an index stored, or no deferral (the editor builds the index within the run): nothing is started before an env name', async () => {
    const g = loggingGit({ delayOn: '--raw' });
    try {
      for (const f of indexFiles(repo)) fs.rmSync(f);
      assert.equal(await AnalysisSession.buildEnvIndex({ repo: repo.dir, base: 'main', head: 'feature' }), true);
      repo.git('checkout', '-q', 'quiet');
      await check(g, 'quiet', () => assert.fail('nothing to defer'));
      for (const f of indexFiles(repo)) fs.rmSync(f);
      await check(g, 'quiet', undefined);
      assert.equal(checks(g.calls()), 0);
    } finally {
      repo.git('checkout', '-q', 'feature');
      g.dispose();
    }
  });
});
