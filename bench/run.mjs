// `npm run bench`: Handoff's speed against the floor — git's own work on the same input —
// measured in the same run, on a generated repository (bench/generate.mjs).
//
//   node bench/run.mjs [--reps 5] [--files 50000] [--changed 10000] [--no-readme]
//
// Writes bench/results.json and bench/results.md, and replaces the table between the
// `<!-- bench:start -->` / `<!-- bench:end -->` markers in README.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVsix } from '../scripts/package.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const REPS = opt('reps', 5);
const FILES = opt('files', 50_000);
const CHANGED = opt('changed', 10_000);
const work = join(root, 'bench/.work');
const repo = join(work, `repo-${FILES}-${CHANGED}`);
const cli = join(root, 'dist/cli.js');
const hasTime = existsSync('/usr/bin/time');

function log(s) {
  process.stderr.write(s + '\n');
}

// ---- set-up ---------------------------------------------------------------------------
mkdirSync(work, { recursive: true });
log('building…');
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
if (!existsSync(join(repo, '.git'))) {
  log(`generating ${FILES} files, ${CHANGED} changed…`);
  execFileSync(process.execPath, [join(root, 'bench/generate.mjs'), repo, '--files', String(FILES), '--changed', String(CHANGED)], { stdio: 'inherit' });
}
const git = (...a) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim();
git('checkout', '-q', '-f', 'feature'); // CI's case: the head under review is checked out
git('clean', '-qfdx');

/** Runs a command, draining stdout; returns wall ms, CPU ms (user + system, its children included) and peak RSS (KB). */
function measure(cmd, cmdArgs) {
  return new Promise((resolve, reject) => {
    const full = hasTime ? ['/usr/bin/time', ['-f', '%U %S %M', cmd, ...cmdArgs]] : [cmd, cmdArgs];
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full[1], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', () => {});
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0 && code !== 1) return reject(new Error(`${cmd} ${cmdArgs.join(' ')} exited ${code}: ${stderr}`));
      const [user, sys, rss] = hasTime ? stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
      resolve({ ms, cpuMs: (user + sys) * 1000, rssKb: rss });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => ({ min: Math.min(...xs), max: Math.max(...xs) });

/** The floor: git's own diff of the range, name-status then -U0, as processes. */
async function floor(range) {
  const a = await measure('git', ['diff', '--name-status', '-z', range]);
  const b = await measure('git', ['diff', '-U0', range]);
  return { ms: a.ms + b.ms, cpuMs: a.cpuMs + b.cpuMs, rssKb: Math.max(a.rssKb, b.rssKb) };
}

/**
 * What reading every file of head once costs git: the part of Handoff's work that the
 * floor does not do (the env pass asks whether head names a variable outside the changed
 * lines, see AnalysisSession.envPass). Not part of the ratio; reported beside it.
 */
function headRead(head) {
  return measure('git', ['grep', '-I', '-n', '-z', '-F', '-e', 'env', '-e', 'ENV', '-e', 'Env', '--threads=1', ...(head ? [head] : []), '--']);
}

async function compare(name, base, head) {
  const floors = [];
  const ours = [];
  const reads = [];
  // One warm-up of each so both read from the page cache.
  await floor(`${base}...${head}`);
  await measure(process.execPath, [cli, 'check', '--base', base, '--head', head, '--format', 'json', '--fail-on', 'none']);
  for (let i = 0; i < REPS; i++) {
    // Interleaved so load on the machine hits both alike.
    floors.push(await floor(`${base}...${head}`));
    ours.push(await measure(process.execPath, [cli, 'check', '--base', base, '--head', head, '--format', 'json', '--fail-on', 'none']));
    reads.push(await headRead(git('rev-parse', 'HEAD') === git('rev-parse', head) ? null : head));
  }
  const f = median(floors.map((x) => x.ms));
  const o = median(ours.map((x) => x.ms));
  const changed = Number(git('diff', '--name-only', `${base}...${head}`).split('\n').filter(Boolean).length);
  const r = {
    name,
    range: `${base}...${head}`,
    changedFiles: changed,
    floorMs: round(f),
    floorSpreadMs: mapObj(spread(floors.map((x) => x.ms)), round),
    handoffMs: round(o),
    handoffSpreadMs: mapObj(spread(ours.map((x) => x.ms)), round),
    ratio: round(o / f, 2),
    floorCpuMs: round(median(floors.map((x) => x.cpuMs))),
    handoffCpuMs: round(median(ours.map((x) => x.cpuMs))),
    headReadMs: round(median(reads.map((x) => x.ms))),
    headReadCpuMs: round(median(reads.map((x) => x.cpuMs))),
    floorPeakRssMb: round(median(floors.map((x) => x.rssKb)) / 1024),
    handoffPeakRssMb: round(median(ours.map((x) => x.rssKb)) / 1024),
  };
  log(`${name}: handoff ${r.handoffMs} ms vs floor ${r.floorMs} ms → ${r.ratio}× (CPU ${r.handoffCpuMs} vs ${r.floorCpuMs} ms; head read ${r.headReadMs} ms); peak RSS ${r.handoffPeakRssMb} MB vs ${r.floorPeakRssMb} MB`);
  return r;
}

function round(x, d = 0) {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}
function mapObj(o, f) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** The editor's path: one saved file in a working tree with ~5,000 changed files. */
function incremental() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/incremental.ts'), repo, String(REPS * 4)], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`incremental bench failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop());
  log(`incremental update: median ${res.medianMs} ms (${res.changedFiles} changed files; full load ${res.fullLoadMs} ms)`);
  return res;
}

/** The editor's save-to-diagnostics path with the shared analysis (bench/editor.ts: the real language server fed by the session). */
function editor() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/editor.ts'), repo, String(REPS * 4)], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) return { error: `failed: ${r.stderr.trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The `.vsix` as `npm run package` builds it (in a staging folder: dist/ is left alone). */
function vsix() {
  const out = join(work, 'handoff-bench.vsix');
  rmSync(out, { force: true });
  try {
    packageVsix(out, { quiet: true });
  } catch (e) {
    return { error: String(e instanceof Error ? e.message : e).trim().split('\n').filter(Boolean).pop() };
  }
  return { bytes: statSync(out).size, kb: round(statSync(out).size / 1024, 1) };
}

/** Activation, as measured by the extension itself in a real VS Code (see test/host). */
function activation() {
  const file = join(work, 'activation.json');
  rmSync(file, { force: true });
  const r = spawnSync(process.execPath, [join(root, 'scripts/test.mjs'), 'host'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MOCHA_GREP: 'activation time', HANDOFF_BENCH_ACTIVATION_FILE: file },
  });
  if (!existsSync(file)) return { error: `not measured (host tier exit ${r.status})` };
  return JSON.parse(readFileSync(file, 'utf8'));
}

const machine = {
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
  memoryGb: round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim(),
  load: os.loadavg().map((x) => round(x, 2)),
};

const results = {
  date: new Date().toISOString(),
  machine,
  repository: { files: FILES, changed: CHANGED },
  reps: REPS,
  large: await compare('large range (head checked out, as in CI)', 'main', 'feature'),
  largeReview: await (async () => {
    git('checkout', '-q', '-f', 'main');
    const r = await compare('large range (head not checked out, review)', 'main', 'feature');
    git('checkout', '-q', '-f', 'feature');
    return r;
  })(),
  small: await (async () => {
    git('checkout', '-q', '-f', 'small');
    const r = await compare('small range (10 files)', 'main', 'small');
    git('checkout', '-q', '-f', 'feature');
    return r;
  })(),
  incremental: incremental(),
  editor: editor(),
  vsix: vsix(),
  activation: args.includes('--no-activation') ? { error: 'skipped' } : activation(),
};

const row = (r) => `| ${r.name} | ${r.changedFiles} | ${r.handoffMs} ms (${r.handoffSpreadMs.min}–${r.handoffSpreadMs.max}) | ${r.floorMs} ms (${r.floorSpreadMs.min}–${r.floorSpreadMs.max}) | **${r.ratio}×** | ${r.handoffCpuMs} / ${r.floorCpuMs < 10 ? '<10' : r.floorCpuMs} ms | ${r.headReadMs} ms | ${r.handoffPeakRssMb} MB / ${r.floorPeakRssMb} MB |`;
const md = [
  `Measured ${results.date.slice(0, 10)} on ${machine.cpus}, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, ${machine.git}; load average at start ${machine.load.join(', ')}.`,
  `Repository: ${FILES.toLocaleString('en')} files (generated by \`bench/generate.mjs\`); median of ${REPS} runs, min–max in brackets. Floor = \`git diff --name-status -z\` + \`git diff -U0\` of the same range, run as processes the same way. CPU = user + system time of the process and its children. Head read = \`git grep -F\` over every file of head, the read that Handoff's env pass needs and the floor does not (shown beside the ratio, not in it).`,
  '',
  '| `handoff check --format json` | changed files | Handoff | git floor | ratio | CPU (Handoff / floor) | head read | peak RSS (Handoff / git) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  row(results.large),
  row(results.largeReview),
  row(results.small),
  '',
  '| editor path | value | target |',
  '| --- | ---: | ---: |',
  `| incremental update after one save (${results.incremental.changedFiles} changed files) | ${results.incremental.medianMs} ms (${results.incremental.minMs}–${results.incremental.maxMs}) | < 50 ms |`,
  `| save → the note's diagnostics from the language server, fed the extension's report (${results.editor.changedFiles ?? '?'} changed files; report ${results.editor.reportKb ?? '?'} KB) | ${results.editor.error ?? `${results.editor.saveToNoteDiagnostics.medianMs} ms (${results.editor.saveToNoteDiagnostics.minMs}–${results.editor.saveToNoteDiagnostics.maxMs}); the save's own update ${results.editor.saveToReport.medianMs} ms`} | one analysis |`,
  `| activation (measured in a real VS Code) | ${results.activation.error ?? `${results.activation.activationMs} ms`} | < 50 ms |`,
  `| \`.vsix\` size | ${results.vsix.error ?? `${results.vsix.kb} KB`} | < 1 MB |`,
].join('\n');

writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(root, 'bench/results.md'), md + '\n');
if (!args.includes('--no-readme')) {
  const readmePath = join(root, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const re = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/;
  if (re.test(readme)) writeFileSync(readmePath, readme.replace(re, `<!-- bench:start -->\n${md}\n<!-- bench:end -->`));
}
console.log(md);
