// Pure scoring for `npm run eval` (scripts/eval.mjs): what counts as a "flag", the path-glob
// baseline, and recall / specificity / precision per field. No I/O here: test/unit/eval/score.test.ts
// runs these on hand-made reports, never on the cache.
//
// What counts as Handoff flagging a field, read from `handoff check --format json`:
//   migrations    an impact with category "migration" and requiresNote: true
//   envAdded      the names in report.envVars.added (each labelled name is looked up exactly)
//   envRemoved    the names in report.envVars.removed
//   configAction  an impact with category "config" or "env" and requiresNote: true
//                 (a config file or an environment variable the operator must act on; an
//                 optional new setting that needs no note is not a flag)
// What counts as the path-glob baseline flagging a field, from the changed paths alone
// (merge-base of base and head → head, the range Handoff reads):
//   migrations    a changed path with a folder named like migrat*/migrate/schema* or ending in .sql
//   envAdded      NAME in an added line `NAME=…` (or `# NAME=…`, `export NAME=…`) of a changed .env* / *.env file
//   envRemoved    NAME in a removed such line whose name is not added back
//   configAction  a changed .env* / *.env file, a file under a config*/ or conf/ folder, or a
//                 *.{conf,ini,toml,hjson,cfg,properties}, *.example, *.sample, *.dist, *.template,
//                 *.default.* file (never under .github/, test folders or docs)

/** @typedef {{ category: string, requiresNote: boolean }} Impact */
/** @typedef {{ impacts: Impact[], envVars: { added: string[], removed: string[] } }} Report */
/** @typedef {{ migrations: boolean, envAdded: string[], envRemoved: string[], configAction: boolean }} Flags */

export const FIELDS = ['migrations', 'envAdded', 'envRemoved', 'configAction'];

/** What Handoff flags in one JSON report. */
export function handoffFlags(report) {
  const impacts = Array.isArray(report?.impacts) ? report.impacts : [];
  const needs = (cats) => impacts.some((i) => cats.includes(i.category) && i.requiresNote === true);
  return {
    migrations: needs(['migration']),
    envAdded: [...new Set(report?.envVars?.added ?? [])],
    envRemoved: [...new Set(report?.envVars?.removed ?? [])],
    configAction: needs(['config', 'env']),
  };
}

function segments(path) {
  return path.split('/');
}

function base(path) {
  const s = segments(path);
  return s[s.length - 1];
}

function isEnvFile(path) {
  const b = base(path).toLowerCase();
  return b.startsWith('.env') || b.endsWith('.env');
}

function excluded(path) {
  const lower = path.toLowerCase();
  return segments(lower).some((s) => s === '.github' || s === 'test' || s === 'tests' || s === 'spec' || s === 'docs' || s === 'doc' || s === '__tests__' || s === 'testdata');
}

/** The naive baseline's migration test for one changed path. */
export function baselineMigrationPath(path) {
  const lower = path.toLowerCase();
  const dirs = segments(lower).slice(0, -1);
  if (lower.endsWith('.sql')) return true;
  return dirs.some((d) => d.startsWith('migrat') || d === 'migrate' || d.startsWith('schema') || d === 'delta' || d === 'deltas');
}

/** The naive baseline's config test for one changed path. */
export function baselineConfigPath(path) {
  if (isEnvFile(path)) return true;
  if (excluded(path)) return false;
  const lower = path.toLowerCase();
  const b = base(lower);
  const dirs = segments(lower).slice(0, -1);
  if (dirs.some((d) => d === 'config' || d === 'configs' || d === 'conf')) return true;
  const dot = b.lastIndexOf('.');
  const ext = dot >= 0 ? b.slice(dot + 1) : '';
  if (['conf', 'ini', 'toml', 'hjson', 'cfg', 'properties', 'example', 'sample', 'dist', 'template'].includes(ext)) return true;
  return b.includes('.default.') || b.includes('.example.') || b.includes('.sample.') || b.includes('_example.');
}

const NAME_CHARS = /^[A-Z][A-Z0-9_]*$/;

/** The env var a line of an env file declares (`NAME=`, `# NAME=`, `export NAME=`), or null. */
export function envLineName(line) {
  let s = line.trim();
  while (s.startsWith('#')) s = s.slice(1).trim();
  if (s.startsWith('export ')) s = s.slice(7).trim();
  const eq = s.indexOf('=');
  if (eq <= 0) return null;
  const name = s.slice(0, eq).trim();
  return NAME_CHARS.test(name) ? name : null;
}

/**
 * What the path-glob baseline flags.
 * @param {{ path: string, added?: string[], removed?: string[] }[]} changes changed paths, with the
 *   added and removed lines of env files
 */
export function baselineFlags(changes) {
  const added = new Set();
  const removed = new Set();
  for (const c of changes) {
    if (!isEnvFile(c.path)) continue;
    for (const l of c.added ?? []) { const n = envLineName(l); if (n) added.add(n); }
    for (const l of c.removed ?? []) { const n = envLineName(l); if (n) removed.add(n); }
  }
  for (const n of added) removed.delete(n);
  return {
    migrations: changes.some((c) => baselineMigrationPath(c.path)),
    envAdded: [...added],
    envRemoved: [...removed],
    configAction: changes.some((c) => baselineConfigPath(c.path)),
  };
}

function ratio(num, den) {
  return den === 0 ? null : num / den;
}

/**
 * Scores flags against labels.
 * @param {{ labels: Record<string, unknown>, flags: Flags | null, error?: string | null }[]} rows
 *   one per range; flags null when the run failed (counts as flagging nothing)
 */
export function score(rows) {
  const bool = () => ({ tp: 0, fn: 0, tn: 0, fp: 0 });
  const m = { migrations: bool(), configAction: bool() };
  const names = { envAdded: { labelled: 0, found: 0, reported: 0, reportedLabelled: 0, ranges: 0, rangeRecallSum: 0 }, envRemoved: { labelled: 0, found: 0, reported: 0, reportedLabelled: 0, ranges: 0, rangeRecallSum: 0 } };
  let errors = 0;
  for (const row of rows) {
    if (row.error) errors += 1;
    const flags = row.flags ?? { migrations: false, envAdded: [], envRemoved: [], configAction: false };
    for (const f of ['migrations', 'configAction']) {
      const label = row.labels[f];
      if (label === true) flags[f] ? m[f].tp++ : m[f].fn++;
      else if (label === false) flags[f] ? m[f].fp++ : m[f].tn++;
    }
    for (const f of ['envAdded', 'envRemoved']) {
      const label = row.labels[f];
      if (!Array.isArray(label)) continue;
      const want = new Set(label);
      const got = new Set(flags[f]);
      names[f].ranges += 1;
      names[f].labelled += want.size;
      const found = [...want].filter((n) => got.has(n)).length;
      names[f].found += found;
      names[f].rangeRecallSum += want.size ? found / want.size : 0;
      names[f].reported += got.size;
      names[f].reportedLabelled += [...got].filter((n) => want.has(n)).length;
    }
  }
  const boolOut = (c) => ({ ...c, recall: ratio(c.tp, c.tp + c.fn), specificity: ratio(c.tn, c.tn + c.fp) });
  // rangeRecall: the mean of each range's recall, so that one release announcing many names
  // (a whole new config section) weighs as much as one announcing a single name.
  const nameOut = ({ rangeRecallSum, ...c }) => ({ ...c, recall: ratio(c.found, c.labelled), rangeRecall: ratio(rangeRecallSum, c.ranges), precision: ratio(c.reportedLabelled, c.reported) });
  return {
    ranges: rows.length,
    errors,
    migrations: boolOut(m.migrations),
    envAdded: nameOut(names.envAdded),
    envRemoved: nameOut(names.envRemoved),
    configAction: boolOut(m.configAction),
  };
}

function pct(x) {
  return x === null ? '—' : `${Math.round(x * 100)}%`;
}

/** One table row's cells: recall/specificity with the counts they came from. */
export function cells(s) {
  const b = (c, k) => (c[k] === null ? '—' : `${pct(c[k])} (${k === 'recall' ? `${c.tp}/${c.tp + c.fn}` : `${c.tn}/${c.tn + c.fp}`})`);
  const n = (c, k) => (c[k] === null ? '—' : `${pct(c[k])} (${k === 'recall' ? `${c.found}/${c.labelled}` : `${c.reportedLabelled}/${c.reported}`})`);
  return [
    String(s.ranges),
    b(s.migrations, 'recall'), b(s.migrations, 'specificity'),
    n(s.envAdded, 'recall'), s.envAdded.rangeRecall === null ? '—' : `${pct(s.envAdded.rangeRecall)} (${s.envAdded.ranges} range${s.envAdded.ranges === 1 ? '' : 's'})`, n(s.envAdded, 'precision'),
    n(s.envRemoved, 'recall'),
    b(s.configAction, 'recall'), b(s.configAction, 'specificity'),
    String(s.errors),
  ];
}

export const HEADER = ['set', 'who', 'ranges', 'migrations recall', 'migrations specificity', 'env added recall', 'env added recall per range', 'env added precision', 'env removed recall', 'config recall', 'config specificity', 'errors'];

/** A Markdown table. */
export function table(header, rows) {
  const line = (r) => `| ${r.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i < 2 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/**
 * What the eval shows of a holdout beyond its summary rows. A holdout measures generalization only
 * while nobody tuning detection has read where it fails, so its per-project rows and its per-range
 * results (--verbose, --json) are withheld unless asked for (--holdout-details, for whoever retires it).
 * @template {{ split: string }} T
 * @param {T[]} rows per-project or per-range rows
 * @param {boolean} showHoldout
 * @returns {{ shown: T[], hidden: number }}
 */
export function withheld(rows, showHoldout) {
  if (showHoldout) return { shown: rows, hidden: 0 };
  const shown = rows.filter((r) => r.split !== 'holdout');
  return { shown, hidden: rows.length - shown.length };
}
