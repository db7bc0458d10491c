// `npm run eval`: Handoff on real release ranges of open-source projects, scored against what the
// projects' maintainers wrote in their own release notes (eval/corpus.json), next to a naive
// path-glob baseline.
//
//   npm run eval [-- --split dev|holdout] [--project ID]... [--json] [--verbose] [--write-readme] [--no-build] [--holdout-details]
//
// A holdout's own rows (per project, and per range with --verbose or --json) are withheld unless
// --holdout-details is given: the holdout measures generalization only while nobody tuning
// detection has read where it fails. Its projects are in the summary's holdout lines.
//
// Labels come ONLY from release/upgrade notes (quoted in the corpus), never from the diff; null
// where the notes are silent, and a null label is not scored. See eval/README.md.
//
// What counts as Handoff flagging a field, read from `handoff check --format json`:
//   migrations    an impact with category "migration" and requiresNote: true
//   envAdded      the names in report.envVars.added (each labelled name is looked up exactly)
//   envRemoved    the names in report.envVars.removed
//   configAction  an impact with category "config" or "env" and requiresNote: true
// The path-glob baseline (scripts/eval/score.mjs) flags a field from the changed paths alone:
//   migrations    a changed path in a migrat*/migrate/schema*/delta folder, or any .sql file
//   envAdded      NAME of an added `NAME=…` line in a changed .env* / *.env file (removed: likewise)
//   configAction  a changed .env* file, a file under config/ or conf/, or a .conf/.ini/.toml/.hjson/
//                 .cfg/.properties/.example/.sample/.dist/.template/.default.* file
// Scores: recall = flagged ranges (or names) the notes announce / all the notes announce;
// specificity = ranges not flagged / ranges whose notes say nothing is needed; env recall per range =
// the mean of each range's name recall (a release announcing a whole config section weighs as one); env precision =
// reported names the notes announce / reported names, over ranges whose notes list names (a lower
// bound: notes do not always list every variable). A range whose run fails counts as an error and
// as flagging nothing, unless the cache lacks a commit or a blob of the range (a partial snapshot):
// then it is listed as not scored, since a full clone would not fail there.
//
// The repositories come from a local cache, never from the network: $HANDOFF_EVAL_CACHE or
// /work/.mirror, holding OWNER+NAME/ (a bare clone) or OWNER+NAME/repo (a bare git dir). Fill it with
//   git clone --bare https://github.com/OWNER/NAME "$HANDOFF_EVAL_CACHE/OWNER+NAME"
// `npm test` never reads the cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedGitDir, cacheFillCommand, cacheRoot } from './eval/cache.mjs';
import { corpusProblems } from './eval/corpus.mjs';
import { baselineFlags, cells, handoffFlags, HEADER, score, table, withheld } from './eval/score.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const flag = (name) => args.includes(name);
const known = ['--split', '--project', '--json', '--verbose', '--write-readme', '--no-build', '--timeout', '--holdout-details', '--help'];
for (const a of args) {
  if (a.startsWith('--') && !known.includes(a)) { console.error(`eval: unknown option ${a} (expected one of: ${known.join(', ')})`); process.exit(2); }
}
if (flag('--help')) {
  console.log('npm run eval [-- --split dev|holdout] [--project ID]... [--json] [--verbose] [--write-readme] [--no-build] [--timeout SECONDS] [--holdout-details]');
  process.exit(0);
}
const split = opt('--split');
if (split && split !== 'dev' && split !== 'holdout') { console.error(`eval: --split must be dev or holdout, not ${split}`); process.exit(2); }
// --project may be given more than once: every named project runs.
const onlyProjects = args.flatMap((a, i) => (a === '--project' && args[i + 1] ? [args[i + 1]] : []));
const json = flag('--json');
const verbose = flag('--verbose');
const holdoutDetails = flag('--holdout-details');
const timeoutMs = Number(opt('--timeout') ?? 600) * 1000;
const log = (s) => { if (!json) process.stderr.write(`${s}\n`); };

let corpus;
try {
  corpus = JSON.parse(readFileSync(join(root, 'eval/corpus.json'), 'utf8'));
} catch (e) {
  console.error(`eval: eval/corpus.json cannot be read: ${e.message}`);
  process.exit(2);
}
const problems = corpusProblems(corpus);
if (problems.length) {
  console.error(`eval: eval/corpus.json is not well-formed (see eval/README.md):\n  ${problems.join('\n  ')}`);
  process.exit(2);
}
const unknownProjects = onlyProjects.filter((id) => !corpus.projects.some((p) => p.id === id));
if (unknownProjects.length) {
  console.error(`eval: no project ${unknownProjects.join(', ')} in eval/corpus.json (ids: ${corpus.projects.map((p) => p.id).join(', ')})`);
  process.exit(2);
}

/** spawnSync, tried again (up to 4 times) when the process could not be started or was killed:
 * on a loaded machine a spawn can fail (EAGAIN) and must not read as "not in the cache". */
function spawnRetry(cmd, cmdArgs, opts) {
  let r;
  for (let i = 0; i < 4; i++) {
    r = spawnSync(cmd, cmdArgs, opts);
    if (!(r.error && r.error.code !== 'ETIMEDOUT') && r.status !== null) return r;
    if (r.error?.code === 'ETIMEDOUT') return r;
    process.stderr.write(`eval: ${cmd} ${cmdArgs.slice(0, 3).join(' ')} could not run (${r.error?.code ?? `signal ${r.signal}`}); trying again\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500 * (i + 1));
  }
  return r;
}

function git(gitDir, gitArgs, opts = {}) {
  const r = spawnRetry('git', ['--git-dir', gitDir, ...gitArgs], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  return r.status === 0 ? r.stdout : null;
}


/** Changed paths of merge-base(base, head)..head, with the added/removed lines of env files. */
function changes(gitDir, baseSha, headSha) {
  const mb = (git(gitDir, ['merge-base', baseSha, headSha]) ?? baseSha).trim();
  const out = git(gitDir, ['diff', '--no-renames', '--name-only', '-z', mb, headSha]) ?? '';
  const paths = out.split('\0').filter(Boolean);
  const envPaths = paths.filter((p) => { const b = p.split('/').pop().toLowerCase(); return b.startsWith('.env') || b.endsWith('.env'); });
  const byPath = new Map(paths.map((p) => [p, { path: p, added: [], removed: [] }]));
  if (envPaths.length) {
    const diff = git(gitDir, ['diff', '--no-renames', '-U0', mb, headSha, '--', ...envPaths]) ?? '';
    let cur = null;
    for (const line of diff.split('\n')) {
      if (line.startsWith('+++ ')) { cur = byPath.get(line.slice(6)) ?? null; continue; }
      if (line.startsWith('--- ')) continue;
      if (!cur) continue;
      if (line.startsWith('+')) cur.added.push(line.slice(1));
      else if (line.startsWith('-')) cur.removed.push(line.slice(1));
    }
  }
  return [...byPath.values()];
}

/** How many blobs of merge-base(base, head)..head the cache does not hold. */
function missingBlobs(gitDir, baseSha, headSha) {
  const mb = (git(gitDir, ['merge-base', baseSha, headSha]) ?? baseSha).trim();
  const raw = git(gitDir, ['diff', '--raw', '--no-renames', '--no-abbrev', mb, headSha]) ?? '';
  const ids = new Set();
  for (const line of raw.split('\n')) {
    const f = line.split(' ');
    for (const id of [f[2], f[3]]) if (id && /^[0-9a-f]{40}$/.test(id) && !/^0+$/.test(id)) ids.add(id);
  }
  if (!ids.size) return 0;
  const out = git(gitDir, ['cat-file', '--batch-check'], { input: [...ids].join('\n') + '\n' }) ?? '';
  return out.split('\n').filter((l) => l.endsWith(' missing')).length;
}

function runHandoff(workDir, baseSha, headSha) {
  const started = Date.now();
  const r = spawnRetry(process.execPath, [join(root, 'dist/cli.js'), 'check', '--repo', workDir, '--base', baseSha, '--head', headSha, '--format', 'json', '--fail-on', 'none'], {
    // HANDOFF_ENV_INDEX=off: the clone is removed after its ranges, so no env index is kept (a cold
    // check would leave a detached builder writing into a folder about to be removed); the report is the same.
    encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1', HANDOFF_LANG: 'en', HANDOFF_ENV_INDEX: 'off' },
  });
  const ms = Date.now() - started;
  if (r.error) return { error: `${r.error.code === 'ETIMEDOUT' ? 'timed out' : r.error.message}`, ms };
  if (r.status !== 0) return { error: `exit ${r.status}: ${(r.stderr || '').trim().split('\n')[0]}`, ms };
  try {
    return { report: JSON.parse(r.stdout), ms };
  } catch {
    return { error: 'output is not JSON', ms };
  }
}

if (!flag('--no-build')) {
  log('eval: building dist/cli.js …');
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) { console.error('eval: the build failed'); process.exit(2); }
}

const results = [];
const missing = [];
for (const project of corpus.projects) {
  if (onlyProjects.length && !onlyProjects.includes(project.id)) continue;
  if (split && project.split !== split) continue;
  const gitDir = cachedGitDir(project.repo);
  if (!gitDir) { missing.push(project); continue; }
  const work = mkdtempSync(join(tmpdir(), `handoff-eval-${project.id}-`));
  try {
    // handoff needs a work tree; a --shared clone without checkout borrows the cache's objects.
    const c = spawnRetry('git', ['clone', '-q', '--shared', '--no-checkout', gitDir, work], { encoding: 'utf8' });
    if (c.status !== 0) { missing.push(project); continue; }
    for (const range of project.ranges) {
      const id = `${project.id} ${range.base}..${range.head}`;
      const present = [range.baseSha, range.headSha].every((s) => git(gitDir, ['cat-file', '-e', `${s}^{commit}`]) !== null);
      const row = { project: project.id, split: project.split, group: project.group, base: range.base, head: range.head, labels: range.labels };
      if (!present) {
        results.push({ ...row, flags: null, baseline: null, error: null, skipped: 'a commit of the range is missing from the cache', ms: 0 });
        log(`  ${id}: not scored, a commit is missing from the cache`);
        continue;
      }
      const h = runHandoff(work, range.baseSha, range.headSha);
      const ch = changes(gitDir, range.baseSha, range.headSha);
      // A partial snapshot can lack a range's biggest blobs; a run that fails on one says nothing about Handoff.
      const lacking = h.error ? missingBlobs(gitDir, range.baseSha, range.headSha) : 0;
      const skipped = lacking ? `the cache lacks ${lacking} blob(s) of this range (a partial clone); a full git clone --bare has them` : null;
      results.push({
        ...row, flags: h.report ? handoffFlags(h.report) : null, baseline: baselineFlags(ch), error: skipped ? null : h.error ?? null, skipped, cacheError: skipped ? h.error : undefined, ms: h.ms, changedFiles: ch.length,
      });
      log(`  ${id}: ${skipped ? `not scored, ${skipped} (${h.error})` : h.error ? `ERROR ${h.error}` : 'ok'} (${ch.length} files, ${(h.ms / 1000).toFixed(1)} s)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
}

if (missing.length) {
  log(`\neval: ${missing.length} project(s) are not in the cache ${cacheRoot} (set HANDOFF_EVAL_CACHE to use another folder). Fill it with:`);
  for (const p of missing) {
    log(`  ${cacheFillCommand(p.repo)}`);
  }
}
if (!results.length) { console.error('eval: no range could be run'); process.exit(2); }

function sets() {
  const out = [];
  const add = (name, filter) => { const rows = scored.filter(filter); if (rows.length) out.push({ name, rows }); };
  for (const s of ['dev', 'holdout']) {
    add(`${s} · generic`, (r) => r.split === s && r.group === 'generic');
    add(`${s} · packs (no regression)`, (r) => r.split === s && r.group === 'regression');
  }
  add('all · generic', (r) => r.group === 'generic');
  add('all · packs (no regression)', (r) => r.group === 'regression');
  add('all', () => true);
  return out;
}

const scored = results.filter((r) => !r.skipped);
const skippedRows = results.filter((r) => r.skipped);
const summary = sets().map(({ name, rows }) => ({
  set: name,
  handoff: score(rows.map((r) => ({ labels: r.labels, flags: r.flags, error: r.error }))),
  baseline: score(rows.filter((r) => r.baseline).map((r) => ({ labels: r.labels, flags: r.baseline }))),
}));
const projects = [...new Set(scored.map((r) => r.project))].map((id) => {
  const rows = scored.filter((r) => r.project === id);
  const p = corpus.projects.find((x) => x.id === id);
  return {
    project: id, ecosystem: p.ecosystem, split: p.split, group: p.group,
    handoff: score(rows.map((r) => ({ labels: r.labels, flags: r.flags, error: r.error }))),
    baseline: score(rows.filter((r) => r.baseline).map((r) => ({ labels: r.labels, flags: r.baseline }))),
  };
});

const shownProjects = withheld(projects, holdoutDetails);
const shownRanges = withheld(results, holdoutDetails);
const hiddenNote = shownProjects.hidden
  ? `The ${shownProjects.hidden} holdout project(s) (${shownRanges.hidden} ranges) have no rows of their own here: they are in the holdout lines of the summary, and their details stay unread while detection is tuned (npm run eval -- --holdout-details shows them).`
  : '';

if (json) {
  process.stdout.write(`${JSON.stringify({ summary, projects: shownProjects.shown, ranges: shownRanges.shown, withheld: { projects: shownProjects.hidden, ranges: shownRanges.hidden }, skipped: skippedRows.length, missing: missing.map((p) => p.id) }, null, 2)}\n`);
  process.exit(0);
}

const mainTable = table(HEADER, summary.flatMap((s) => [[s.set, 'Handoff', ...cells(s.handoff)], ['', 'baseline', ...cells(s.baseline)]]));
const projectTable = table(['project', 'who', ...HEADER.slice(2)].map((h, i) => (i === 0 ? 'project (split)' : h)),
  shownProjects.shown.flatMap((p) => [[`${p.project} (${p.ecosystem}, ${p.split}${p.group === 'regression' ? ', packs' : ''})`, 'Handoff', ...cells(p.handoff)], ['', 'baseline', ...cells(p.baseline)]]));

if (verbose) {
  for (const r of shownRanges.shown) {
    if (r.skipped) { console.log(`${r.project} ${r.base}..${r.head} [${r.split}]\n    not scored: ${r.skipped}`); continue; }
    const f = r.flags;
    const miss = [];
    if (r.error) miss.push(`error: ${r.error}`);
    for (const k of ['migrations', 'configAction']) {
      if (r.labels[k] === true && !f?.[k]) miss.push(`${k}: missed`);
      if (r.labels[k] === false && f?.[k]) miss.push(`${k}: false alarm`);
    }
    for (const k of ['envAdded', 'envRemoved']) {
      if (!Array.isArray(r.labels[k])) continue;
      const lost = r.labels[k].filter((n) => !f?.[k].includes(n));
      if (lost.length) miss.push(`${k} missed: ${lost.join(', ')}`);
      const extra = (f?.[k] ?? []).filter((n) => !r.labels[k].includes(n));
      if (extra.length) miss.push(`${k} not in the notes: ${extra.slice(0, 8).join(', ')}${extra.length > 8 ? ' …' : ''}`);
    }
    console.log(`${r.project} ${r.base}..${r.head} [${r.split}]${miss.length ? `\n    ${miss.join('\n    ')}` : ' ✓'}`);
  }
  if (shownRanges.hidden) console.log(`(${shownRanges.hidden} holdout range(s) not listed: --holdout-details lists them)`);
  console.log('');
}

const skippedNote = skippedRows.length ? `${skippedRows.length} range(s) not scored because the cache is incomplete: ${skippedRows.map((r) => `${r.project} ${r.base}..${r.head}`).join(', ')}.` : '';
const text = `${mainTable}\n\nPer project:\n\n${projectTable}\n${hiddenNote ? `\n${hiddenNote}\n` : ''}${skippedNote ? `\n${skippedNote}\n` : ''}`;
console.log(text);

if (flag('--write-readme')) {
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- eval:table:start -->';
  const end = '<!-- eval:table:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) { console.error(`eval: README.md has no ${start} … ${end} markers`); process.exit(2); }
  const sha = (spawnRetry('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout ?? '').trim() || 'HEAD';
  const when = new Date().toISOString().slice(0, 10);
  const block = `${start}\n<!-- generated by npm run eval -- --write-readme; do not edit by hand -->\nHandoff at \`${sha}\`, ${when}, ${scored.length} ranges scored${split ? ` (${split} only)` : ''}${skippedRows.length ? `, ${skippedRows.length} not scored (incomplete cache)` : ''}:\n\n${mainTable}\n\n<details><summary>Per project</summary>\n\n${projectTable}\n${hiddenNote ? `\n${hiddenNote}\n` : ''}</details>\n${skippedNote ? `\n${skippedNote}\n` : ''}${end}`;
  writeFileSync(readmePath, readme.slice(0, a) + block + readme.slice(b + end.length));
  log('eval: README.md table updated');
}
