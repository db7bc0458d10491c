// `npm run eval:risk`: Handoff's migration-risk findings against squawk, the specialist
// PostgreSQL migration linter, on real migration files of open-source projects
// (eval/risk.json: project, commit, globs). Every file under the globs is read by both tools
// as a new migration; the comparison is per file and hazard family (FAMILIES below: which
// squawk rules and which Handoff hazards mean the same thing). Style rules of squawk
// (bigint, text, timeouts, IF NOT EXISTS…) have no deploy hazard and are not asked for.
// squawk is not a dependency (its npm package pulls a native binary per platform): the eval
// says how to install it, `npm install --no-save squawk-cli@2.66.0`, like the repository cache.
//
//   npm run eval:risk [-- --project ID]... [--verbose] [--json]
//
// Reads the repositories from the same cache as `npm run eval` (HANDOFF_EVAL_CACHE, default
// /work/.mirror) and says how to fill it; `npm test` never needs it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzerFor } from '../../src/core/analyzers';
import { createdTables, lineIndex, maskSql, splitStatements } from '../../src/core/analyzers/sql';
import { RuleMatcher } from '../../src/core/rules/matcher';
import { BUILTIN_RULES } from '../../src/core/rules/packs';
import type { Change, Finding } from '../../src/core/types';
import { cachedGitDir, cacheFillCommand } from './cache.mjs';

interface Source { project: string; repo: string; commit: string; globs: string[] }
interface Flag { file: string; family: string; line: number; what: string }

/**
 * Hazard families both tools name: squawk's rule names and Handoff's hazards (migrationRisk.ts).
 * A Handoff entry `hazard WORD` counts only when the finding's message names WORD (an inline
 * column constraint is one hazard for Handoff, three rules for squawk).
 */
export const FAMILIES: { family: string; squawk: string[]; handoff: string[] }[] = [
  { family: 'index built without CONCURRENTLY', squawk: ['require-concurrent-index-creation'], handoff: ['add-index'] },
  { family: 'index dropped without CONCURRENTLY', squawk: ['require-concurrent-index-deletion'], handoff: ['drop-index'] },
  { family: 'CONCURRENTLY inside a transaction', squawk: ['ban-concurrent-index-creation-in-transaction'], handoff: ['concurrently-in-transaction'] },
  { family: 'REINDEX without CONCURRENTLY', squawk: ['require-concurrent-reindex'], handoff: ['reindex'] },
  { family: 'VACUUM FULL / CLUSTER', squawk: ['prefer-repack'], handoff: ['vacuum-full'] },
  { family: 'drop table', squawk: ['ban-drop-table'], handoff: ['drop-table', 'rebuild-table'] },
  { family: 'drop column', squawk: ['ban-drop-column'], handoff: ['drop-column'] },
  { family: 'drop database', squawk: ['ban-drop-database'], handoff: ['drop-database'] },
  { family: 'TRUNCATE … CASCADE', squawk: ['ban-truncate-cascade'], handoff: ['truncate CASCADE'] },
  { family: 'rename table', squawk: ['renaming-table'], handoff: ['rename-table'] },
  { family: 'rename column', squawk: ['renaming-column'], handoff: ['rename-column'] },
  { family: 'column type changed', squawk: ['changing-column-type'], handoff: ['change-type'] },
  { family: 'SET NOT NULL', squawk: ['adding-not-nullable-field', 'adding-not-null-field'], handoff: ['set-not-null'] },
  { family: 'DROP NOT NULL', squawk: ['ban-drop-not-null'], handoff: ['drop-not-null'] },
  { family: 'column added NOT NULL without default', squawk: ['adding-required-field'], handoff: ['add-column-required'] },
  { family: 'column added with a rewriting default', squawk: ['adding-field-with-default'], handoff: ['add-column-volatile-default', 'add-column-rewrite'] },
  { family: 'constraint validated under lock (FK, CHECK)', squawk: ['adding-foreign-key-constraint', 'constraint-missing-not-valid'], handoff: ['add-foreign-key', 'add-check', 'validate-in-transaction', 'add-column-inline-constraint REFERENCES', 'add-column-inline-constraint CHECK'] },
  { family: 'UNIQUE constraint added', squawk: ['disallowed-unique-constraint', 'disallow-unique-constraint'], handoff: ['add-unique', 'add-column-inline-constraint UNIQUE'] },
  { family: 'PRIMARY KEY added', squawk: ['adding-primary-key-constraint', 'adding-serial-primary-key-field'], handoff: ['add-primary-key', 'add-column-inline-constraint PRIMARY KEY'] },
  { family: 'domain constraint', squawk: ['ban-create-domain-with-constraint', 'ban-alter-domain-with-add-constraint'], handoff: ['domain-constraint'] },
  { family: 'partition detached without CONCURRENTLY', squawk: ['require-concurrent-partition-detach'], handoff: ['detach-partition'] },
];

/** squawk rules with no deploy hazard (style and session settings): not asked for. */
const SQUAWK_STYLE = ['prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-identity', 'prefer-robust-stmts',
  'prefer-text-field', 'prefer-timestamptz', 'ban-char-field', 'require-timeout-settings', 'require-lock-timeout', 'require-statement-timeout',
  'transaction-nesting', 'ban-uncommitted-transaction', 'require-enum-value-ordering'];

const root = join(__dirname, '../..');
const args = process.argv.slice(2);
const projects = args.flatMap((a, i) => (a === '--project' && args[i + 1] ? [args[i + 1]] : []));
const verbose = args.includes('--verbose');
const asJson = args.includes('--json');
const log = (s: string) => { if (!asJson) process.stdout.write(`${s}\n`); };

/** A glob of eval/risk.json (`*` within one path segment) as a test on a path. */
function globTest(glob: string): (path: string) => boolean {
  const parts = glob.split('*');
  return (path) => {
    if (!path.startsWith(parts[0])) return false;
    let at = parts[0].length;
    for (let i = 1; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const next = last ? (path.endsWith(parts[i]) && path.length - parts[i].length >= at ? path.length - parts[i].length : -1) : path.indexOf(parts[i], at);
      if (next < 0 || path.slice(at, next).includes('/')) return false;
      at = next + parts[i].length;
    }
    return at === path.length;
  };
}

function git(gitDir: string, gitArgs: string[], input?: string): string {
  const r = spawnSync('git', ['--git-dir', gitDir, ...gitArgs], { encoding: 'utf8', input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${gitArgs.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The files' texts at a commit, through one `git cat-file --batch`. */
function readBlobs(gitDir: string, commit: string, paths: string[]): Map<string, string> {
  const r = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: paths.map((p) => `${commit}:${p}\n`).join(''), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git cat-file --batch: ${r.stderr.toString().trim()}`);
  const out = new Map<string, string>();
  let at = 0;
  for (const p of paths) {
    const eol = r.stdout.indexOf(10, at);
    const size = Number(r.stdout.subarray(at, eol).toString().split(' ')[2]);
    out.set(p, r.stdout.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return out;
}

const matcher = new RuleMatcher(BUILTIN_RULES, []);

/** Handoff's risk hazards in one file, read as a new PostgreSQL migration. */
function handoffFlags(file: string, text: string): Flag[] {
  const added = text.replace(/\n$/, '').split('\n');
  const change: Change = { status: 'added', path: 'migrations/V1__risk_eval.sql', oldPath: null, oldBlob: null, newBlob: null, binary: false,
    hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: added.length, removed: [], added }] };
  const rule = matcher.match(change, text);
  if (!rule) throw new Error('no built-in rule reads migrations/*.sql');
  const found: Finding[] = [];
  for (const id of rule.analyzers ?? []) found.push(...analyzerFor(id).analyze({ change, rule: { ...rule, dialect: 'postgresql' }, oldText: null, newText: text }));
  return found.flatMap((f) => {
    const names = (entry: string) => { const [hazard, ...word] = entry.split(' '); return hazard === f.hazard && (!word.length || f.message.includes(word.join(' '))); };
    return FAMILIES.filter((x) => x.handoff.some(names)).map((fam) => ({ file, family: fam.family, line: f.line ?? 0, what: f.message }));
  });
}

export interface SquawkViolation { file: string; line: number; rule_name: string; message: string }

/** squawk's hazards in the files under `dir` (one process per project), and the files it could not parse. */
/** The squawk this eval was measured with (not a dependency: its npm package pulls a native binary per platform). */
export const SQUAWK_VERSION = '2.66.0';

/** squawk's findings on the files under `dir` (one process per project). */
function runSquawk(dir: string, files: string[]): SquawkViolation[] {
  const bin = join(root, 'node_modules/.bin/squawk');
  const r = spawnSync(bin, ['--reporter', 'json', `--exclude=${SQUAWK_STYLE.join(',')}`, ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`squawk is not installed here (${r.error.message}); install it beside the dependencies with: npm install --no-save squawk-cli@${SQUAWK_VERSION}`);
  // squawk exits 1 when it found something; anything else (or no JSON) is its own failure.
  if (r.status !== 0 && r.status !== 1) throw new Error(`squawk failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0]}`);
  return JSON.parse(r.stdout || '[]') as SquawkViolation[];
}

/** squawk's findings sorted into families, with the files it could not parse and the rules no family names. */
function squawkFlags(violations: SquawkViolation[]): { flags: Flag[]; unparsed: Set<string>; unmapped: Map<string, number> } {
  const flags: Flag[] = [];
  const unparsed = new Set<string>();
  const unmapped = new Map<string, number>();
  for (const v of violations) {
    if (v.rule_name === 'syntax-error') { unparsed.add(v.file); continue; }
    const fam = FAMILIES.find((x) => x.squawk.includes(v.rule_name));
    if (fam) flags.push({ file: v.file, family: fam.family, line: v.line + 1, what: v.message });
    else unmapped.set(v.rule_name, (unmapped.get(v.rule_name) ?? 0) + 1);
  }
  return { flags, unparsed, unmapped };
}

/**
 * Why squawk flags a statement Handoff leaves alone, where the reason is one Handoff holds on
 * purpose: the statement works on a table the same migration created further up (it has no
 * rows and no other session sees it before the migration commits), or it is the re-run guard
 * `DROP TABLE IF EXISTS x` in front of `CREATE TABLE x`, or squawk's NOT VALID advice on a UNIQUE
 * or PRIMARY KEY constraint (PostgreSQL cannot add those NOT VALID; Handoff flags them in their
 * own family). Otherwise null: a miss.
 */
function onPurpose(text: string, line: number, family: string): string | null {
  const masked = maskSql(text, 'postgresql');
  const lineOf = lineIndex(text);
  const st = splitStatements(masked, text, 'postgresql').find((x) => lineOf(x.start) <= line && line <= lineOf(Math.max(x.start, x.end - 1)));
  if (!st) return null;
  const body = masked.slice(st.start, st.end).replace(/\s+/g, ' ').trim();
  const table = /^(?:ALTER TABLE (?:ONLY )?(?:IF EXISTS )?|DROP TABLE (?:IF EXISTS )?|CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?[^ ]* ON (?:ONLY )?)([\w."]+)/i.exec(body)?.[1];
  if (!table) return null;
  if (family.startsWith('constraint validated') && /\bADD (?:CONSTRAINT [\w."]+ )?(?:UNIQUE|PRIMARY KEY)\b/i.test(body) && !/\b(?:FOREIGN KEY|REFERENCES|CHECK)\b/i.test(body)) {
    return 'NOT VALID asked of a UNIQUE or PRIMARY KEY constraint (flagged in its own family)';
  }
  const key = table.replace(/"/g, '').split('.').pop()!.toLowerCase();
  if (createdTables(masked.slice(0, st.start)).has(key)) return 'a table the same migration created';
  if (/^DROP TABLE IF EXISTS /i.test(body) && createdTables(masked.slice(st.end)).has(key)) return 'DROP TABLE IF EXISTS before CREATE TABLE (re-run guard)';
  return null;
}

interface Tally { both: number; squawkOnly: number; onPurpose: number; handoffOnly: number }
const emptyTally = (): Tally => ({ both: 0, squawkOnly: 0, onPurpose: 0, handoffOnly: 0 });
export interface Disagreement { side: 'squawk only' | 'Handoff only'; flag: Flag; onPurpose?: string }

/** Handoff on the files (`texts`: path → text) against what squawk said about them. */
export function compareFiles(texts: Map<string, string>, violations: SquawkViolation[]) {
  const paths = [...texts.keys()];
  const sq = squawkFlags(violations);
  const byFamily = new Map<string, Tally>(FAMILIES.map((f) => [f.family, emptyTally()]));
  const total = emptyTally();
  const disagreements: Disagreement[] = [];
  const purposes = new Map<string, number>();
  const add = (fam: string, key: keyof Tally) => { byFamily.get(fam)![key]++; total[key]++; };
  for (const p of paths) {
    if (sq.unparsed.has(p)) continue; // squawk cannot read it: nothing to compare
    const hf = handoffFlags(p, texts.get(p) ?? '');
    const sf = sq.flags.filter((f) => f.file === p);
    for (const fam of FAMILIES) {
      // Per file and family: both flag it, or one of them does.
      const h = hf.filter((f) => f.family === fam.family);
      const q = sf.filter((f) => f.family === fam.family);
      if (h.length && q.length) add(fam.family, 'both');
      else if (h.length) { add(fam.family, 'handoffOnly'); disagreements.push({ side: 'Handoff only', flag: h[0] }); }
      else if (q.length) {
        const why = onPurpose(texts.get(p) ?? '', q[0].line, fam.family);
        if (why) purposes.set(why, (purposes.get(why) ?? 0) + 1);
        add(fam.family, why ? 'onPurpose' : 'squawkOnly');
        disagreements.push({ side: 'squawk only', flag: q[0], ...(why ? { onPurpose: why } : {}) });
      }
    }
  }
  return { total, byFamily, disagreements, purposes, unparsed: sq.unparsed.size, unmapped: sq.unmapped };
}

function main(): void {
  const spec = JSON.parse(readFileSync(join(root, 'eval/risk.json'), 'utf8')) as { sources: Source[] };
  const sources = spec.sources.filter((s) => !projects.length || projects.includes(s.project));
  const byFamily = new Map<string, Tally>(FAMILIES.map((f) => [f.family, emptyTally()]));
  const perProject: ({ project: string; files: number; unparsed: number } & Tally)[] = [];
  const disagreements: ({ project: string } & Disagreement)[] = [];
  const purposes = new Map<string, number>();
  const unmappedAll = new Map<string, number>();
  const missing: Source[] = [];
  const work = mkdtempSync(join(tmpdir(), 'handoff-risk-eval-'));
  const sum = <K,>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  try {
    for (const s of sources) {
      const gitDir = cachedGitDir(s.repo);
      if (!gitDir) { missing.push(s); continue; }
      const tests = s.globs.map(globTest);
      const paths = git(gitDir, ['ls-tree', '-r', '--name-only', '-z', s.commit]).split('\0').filter((p) => p && tests.some((t) => t(p)));
      const dir = join(work, s.project);
      const texts = readBlobs(gitDir, s.commit, paths);
      for (const [p, text] of texts) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
      const r = compareFiles(texts, runSquawk(dir, paths));
      for (const [rule, n] of r.unmapped) sum(unmappedAll, rule, n);
      for (const [why, n] of r.purposes) sum(purposes, why, n);
      for (const [fam, t] of r.byFamily) for (const k of Object.keys(t) as (keyof Tally)[]) byFamily.get(fam)![k] += t[k];
      disagreements.push(...r.disagreements.map((d) => ({ project: s.project, ...d })));
      perProject.push({ project: s.project, files: paths.length, unparsed: r.unparsed, ...r.total });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const total = emptyTally();
  for (const t of byFamily.values()) for (const k of Object.keys(t) as (keyof Tally)[]) total[k] += t[k];
  const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}% (${n}/${d})` : '—');
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ total, perProject, byFamily: Object.fromEntries(byFamily), onPurpose: Object.fromEntries(purposes), disagreements, unmapped: Object.fromEntries(unmappedAll), missing: missing.map((m) => m.project) }, null, 2)}\n`);
  } else {
    log('| project | files | squawk cannot parse | both flag | squawk only | squawk only, Handoff on purpose | Handoff only |');
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of perProject) log(`| ${r.project} | ${r.files} | ${r.unparsed} | ${r.both} | ${r.squawkOnly} | ${r.onPurpose} | ${r.handoffOnly} |`);
    log('');
    log('| hazard family | both flag | squawk only | squawk only, Handoff on purpose | Handoff only | Handoff finds of squawk\'s (on purpose left out) | squawk confirms of Handoff\'s |');
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const row = (name: string, t: Tally) => `| ${name} | ${t.both} | ${t.squawkOnly} | ${t.onPurpose} | ${t.handoffOnly} | ${pct(t.both, t.both + t.squawkOnly)} | ${pct(t.both, t.both + t.handoffOnly)} |`;
    for (const [fam, t] of byFamily) if (t.both + t.squawkOnly + t.onPurpose + t.handoffOnly) log(row(fam, t));
    log(row('**all**', total));
    log(`\nLeft out on purpose (squawk flags, Handoff does not, for a reason it holds): ${[...purposes].map(([why, n]) => `${why} ×${n}`).join('; ') || 'none'}.`);
    if (unmappedAll.size) log(`\nsquawk rules with no family here (not compared): ${[...unmappedAll].map(([r, n]) => `${r} ×${n}`).join(', ')}`);
    if (verbose) {
      log('\nDisagreements (file:line, family, what the flagging tool said):');
      for (const d of disagreements) log(`  ${(d.onPurpose ? 'on purpose' : d.side).padEnd(12)} ${d.project} ${d.flag.file}:${d.flag.line} [${d.flag.family}] ${d.flag.what.slice(0, 160)}${d.onPurpose ? ` (${d.onPurpose})` : ''}`);
    }
  }
  if (missing.length) {
    process.stderr.write(`\neval:risk: ${missing.length} project(s) are not in the cache. Fill it with:\n${missing.map((m) => `  ${cacheFillCommand(m.repo)}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

// Run as a script (npm run eval:risk); imported by its test, it only exports.
if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`eval:risk: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
