import type { GrepHit } from '../git/gitSource';
import type { Rule } from '../rules/rule';
import type { Change, Finding } from '../types';

/**
 * Deploy-order findings: what no single-file migration linter can see, because it needs
 * the migration, the code and the history together.
 *
 * - `migration-column-still-read`: a column or table dropped or renamed while code at head
 *   still reads it (critical, with the reading lines: `git grep -F -w` of head, bounded).
 * - `expand-contract-violated`: the destructive step ships in the same range as the code
 *   change that stops using the thing: old servers still read it while the migration runs.
 * - `migration-edited`: a migration that exists at the base was modified: it will not run
 *   again where it already ran. One finding replaces the hazards of its body; a
 *   formatting-only edit is info.
 * - `migration-out-of-order`: a new migration whose version sorts before the newest one at
 *   the base in the same folder, or two migrations with the same version.
 * - `schema-snapshot-missing`: a migration without its schema snapshot (db/schema.rb,
 *   db/structure.sql, schema.prisma, EF Core model snapshot) changed in the range, or the
 *   reverse.
 */

export interface OrderFile {
  change: Change;
  rule: Rule | null;
  findings: Finding[];
  /** True when only comments or whitespace changed. */
  formattingOnly: boolean;
}

export interface OrderInput {
  files: OrderFile[];
  /** All paths at the base (merge-base) and at head. */
  basePaths(): Promise<string[]>;
  /** Whether some path at head passes `test` (asked once per snapshot place; the caller need not list head). */
  headHas(test: (path: string) => boolean): Promise<boolean>;
  /** Whole-word fixed-string grep of head / of the base, restricted to pathspecs. */
  grepHead(words: string[]): Promise<GrepHit[]>;
  grepBase(words: string[]): Promise<GrepHit[]>;
}

/** Rules whose files are schema snapshots or plans, not migrations that run once. */
const SNAPSHOT_RULES = /(?:^|\.)(?:schema|model-snapshot|plan)$/;

export function isMigrationRule(rule: Rule | null): rule is Rule {
  return !!rule && rule.category === 'migration' && !SNAPSHOT_RULES.test(rule.id) && !/down-migration|post-deploy|data-migration/.test(rule.id) && (rule.analyzers ?? []).some((a) => a === 'sql' || a === 'migration-dsl');
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const dirname = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/**
 * The version a migration's name sorts by, and the folder it sorts within: the leading
 * digits of the file name (Rails, Django, Knex, goose, Ecto, Laravel, EF Core), Flyway's
 * `V1_2__`, or the folder name for one-folder-per-migration tools (Prisma, diesel).
 */
export function migrationVersion(path: string): { folder: string; version: number[] } | null {
  let name = basename(path);
  // Asked of every path of the merge-base: a name that starts with no digit, V or U, and is not
  // a folder-per-migration file, has no version (the patterns below need one of those).
  const c = name.charCodeAt(0);
  if (!(c >= 48 && c <= 57) && c !== 86 && c !== 85 && name !== 'migration.sql' && name !== 'up.sql' && name !== 'down.sql') return null;
  let folder = dirname(path);
  if (/^(?:migration|up|down)\.sql$/.test(name)) {
    name = basename(folder);
    folder = dirname(folder);
  }
  const flyway = /^[VU](\d+(?:[._]\d+)*)__/.exec(name);
  if (flyway) return { folder, version: flyway[1].split(/[._]/).map(Number) };
  const lead = /^(\d[\d_-]*\d|\d)(?=[_.-]|[A-Za-z])/.exec(name);
  if (!lead) return null;
  const digits = lead[1].replace(/[_-]/g, '');
  // One number, compared by value; long timestamps fit in a double exactly up to 15 digits.
  return { folder, version: digits.length > 15 ? [Number(digits.slice(0, 15)), Number(digits.slice(15))] : [Number(digits)] };
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Snapshot paths per migration kind, and the migration paths a snapshot goes with. */
/**
 * Where a migration's schema snapshot lives: a key naming that place (migrations sharing it
 * share the answer) and a test of a path. Null when the migration's framework keeps none.
 */
function snapshotFor(path: string, rule: Rule): { key: string; test: (p: string) => boolean } | null {
  if (rule.id.startsWith('rails.')) {
    const root = path.slice(0, path.indexOf('db/') + 3);
    return { key: `rails:${root}`, test: (p) => p === `${root}schema.rb` || p === `${root}structure.sql` || (p.startsWith(root) && /_(?:schema\.rb|structure\.sql)$/.test(p)) };
  }
  if (rule.id === 'prisma.migration') return { key: 'prisma', test: (p) => /(?:^|\/)schema\.prisma$/.test(p) || /\/prisma\/schema\/[^/]+\.prisma$/.test(p) };
  if (rule.id === 'efcore.migration') return { key: `efcore:${dirname(path)}`, test: (p) => p.startsWith(`${dirname(path)}/`) && /ModelSnapshot\.cs$/.test(p) };
  return null;
}

function isSnapshotPath(p: string): 'rails' | 'prisma' | 'efcore' | null {
  if (/(?:^|\/)db\/(?:\w+_)?(?:schema\.rb|structure\.sql)$/.test(p)) return 'rails';
  if (/(?:^|\/)schema\.prisma$/.test(p)) return 'prisma';
  if (/ModelSnapshot\.cs$/.test(p)) return 'efcore';
  return null;
}

/** Folders whose files never count as code reading a column (migrations, tests, fixtures), and their extensions (docs, data, lockfiles, SQL). */
const NOT_CODE_DIR = /(?:^|\/)(?:db\/migrate|migrations?|alembic|\.handoff|test|tests|spec|__tests__|fixtures)\//;
const NOT_CODE_EXT = /\.(?:md|txt|lock|sql)$/;

/**
 * Pathspecs for the pass's greps that leave out exactly files `notCode` drops by their path
 * (NOT_CODE_DIR, NOT_CODE_EXT): git never reads them, and the pass's findings are the same.
 */
export const NOT_CODE_PATHSPECS: readonly string[] = [
  ...['md', 'txt', 'lock', 'sql'].map((x) => `:(exclude)*.${x}`),
  ...['db/migrate', 'migration', 'migrations', 'alembic', '.handoff', 'test', 'tests', 'spec', '__tests__', 'fixtures'].map((d) => `:(exclude,glob)**/${d}/**`),
];

/** True when the pass drops a file's hits by its path alone (a schema snapshot, or NOT_CODE_DIR / NOT_CODE_EXT): no need to ask git about it. */
export function droppedByPath(p: string): boolean {
  return NOT_CODE_DIR.test(p) || NOT_CODE_EXT.test(p) || !!isSnapshotPath(p);
}

const DESTRUCTIVE_HAZARDS = new Set(['drop-column', 'drop-table', 'rename-column', 'rename-table']);
/** Identifiers too common to say anything when found in code. */
const COMMON = new Set(['id', 'name', 'type', 'value', 'data', 'status', 'created_at', 'updated_at', 'user', 'users', 'key', 'text', 'title', 'state']);
const MAX_IDENTIFIERS = 20;
const MAX_REFERENCES = 5;

/** The identifiers a migration's findings drop or rename, each with its finding, as the pass greps head for them. */
function destructiveTargets(f: Pick<OrderFile, 'findings'>): { word: string; finding: Finding }[] {
  const out: { word: string; finding: Finding }[] = [];
  for (const finding of f.findings) {
    if (!finding.hazard || !DESTRUCTIVE_HAZARDS.has(finding.hazard) || !finding.subject) continue;
    const word = finding.subject.split('.').pop()!.replace(/[^\w$]/g, '');
    if (word.length < 3 || COMMON.has(word.toLowerCase())) continue;
    out.push({ word, finding });
  }
  return out;
}

/**
 * The words the pass will grep head for, known before it runs (engine.ts starts that grep while
 * the range is still read, issue 17): fed the range's files in order, `add` returns the pass's
 * words (the first MAX_IDENTIFIERS identifiers of added or renamed migrations) once it has them
 * all, then null for ever. Fewer than that: never (the pass greps when it runs). The engine uses
 * the early grep only if the pass asks for these words (a superset answers too: the pass keeps
 * a word's hits by its own stricter test of the line).
 */
export class LeadingTargetWords {
  private readonly words = new Set<string>();
  private done = false;

  add(f: Pick<OrderFile, 'change' | 'rule' | 'findings'>): string[] | null {
    if (this.done || !isMigrationRule(f.rule) || f.change.status === 'deleted' || f.change.status === 'modified') return null;
    for (const { word } of destructiveTargets(f)) {
      this.words.add(word);
      if (this.words.size === MAX_IDENTIFIERS) {
        this.done = true;
        return [...this.words];
      }
    }
    return null;
  }
}

/** Extra findings per path, and paths whose own findings are replaced (edited migrations). */
export interface OrderResult {
  add: Map<string, Finding[]>;
  replace: Map<string, Finding[]>;
}

export async function migrationOrderPass(input: OrderInput): Promise<OrderResult> {
  const add = new Map<string, Finding[]>();
  const replace = new Map<string, Finding[]>();
  const push = (path: string, f: Finding): void => {
    const list = add.get(path) ?? [];
    list.push(f);
    add.set(path, list);
  };
  const migrations = input.files.filter((f) => isMigrationRule(f.rule) && f.change.status !== 'deleted');
  if (!migrations.length && !input.files.some((f) => isSnapshotPath(f.change.path))) return { add, replace };
  const changedPaths = new Set(input.files.map((f) => f.change.path));

  // Edited after release: one finding instead of the hazards of a body that will not run again.
  for (const f of migrations) {
    if (f.change.status !== 'modified') continue;
    replace.set(f.change.path, [
      f.formattingOnly
        ? { kind: 'migration-edited', severity: 'info', message: 'released migration reformatted (comments or whitespace only): nothing runs again', line: f.change.hunks[0]?.newStart || 1 }
        : {
            kind: 'migration-edited',
            severity: 'critical',
            message: 'edited after release: will not re-run on existing databases; safe: revert this edit and put the change in a new migration',
            line: f.change.hunks[0]?.newStart || 1,
            hazard: 'edited-after-release',
            recipe: 'revert this edit and put the change in a new migration',
          },
    ]);
  }

  // Out of order and duplicate versions, per folder.
  const added = migrations.filter((f) => f.change.status === 'added' || f.change.status === 'renamed');
  if (added.length) {
    const base = await input.basePaths();
    const newestAtBase = new Map<string, { path: string; version: number[] }>();
    const versionsAtBase = new Map<string, string>();
    // The range's first file per path (a lookup per base path, not a scan of the range's files).
    const firstByPath = new Map<string, (typeof input.files)[number]>();
    for (const x of input.files) if (!firstByPath.has(x.change.path)) firstByPath.set(x.change.path, x);
    for (const p of base) {
      const v = migrationVersion(p);
      if (!v) continue;
      const f = firstByPath.get(p);
      if (f && f.change.status === 'deleted') continue;
      const cur = newestAtBase.get(v.folder);
      if (!cur || compareVersions(v.version, cur.version) > 0) newestAtBase.set(v.folder, { path: p, version: v.version });
      versionsAtBase.set(`${v.folder}\0${v.version.join('.')}`, p);
    }
    const seen = new Map<string, string>();
    for (const f of added) {
      const v = migrationVersion(f.change.path);
      if (!v) continue;
      const key = `${v.folder}\0${v.version.join('.')}`;
      const twin = versionsAtBase.get(key) ?? seen.get(key);
      seen.set(key, f.change.path);
      if (twin && twin !== f.change.path && twin !== f.change.oldPath) {
        push(f.change.path, { kind: 'migration-out-of-order', severity: 'warning', line: 1, subject: v.version.join('.'), message: `version ${v.version.join('.')} is also used by ${twin}: one of them will not run (or the tool refuses both); safe: give this migration a new, later version` });
        continue;
      }
      const newest = newestAtBase.get(v.folder);
      if (newest && compareVersions(v.version, newest.version) < 0) {
        push(f.change.path, { kind: 'migration-out-of-order', severity: 'warning', line: 1, subject: v.version.join('.'), message: `sorts before ${basename(newest.path)}, the newest migration at the base: databases that already ran it may skip this one; safe: rename it to a version after ${basename(newest.path)}` });
      }
    }
  }

  // Migration without its schema snapshot, and the reverse.
  const changed = [...changedPaths];
  // Whether a snapshot place needs its snapshot updated, answered once per place: a range
  // of thousands of migrations must not scan every changed and head path once per migration.
  const missing = new Map<string, boolean>();
  for (const f of migrations) {
    if (f.change.status !== 'added' && f.change.status !== 'modified') continue;
    const snap = snapshotFor(f.change.path, f.rule!);
    if (!snap) continue;
    let isMissing = missing.get(snap.key);
    if (isMissing === undefined) {
      // Not updated in the range, while the project keeps one at head.
      isMissing = !changed.some(snap.test) && (await input.headHas(snap.test));
      missing.set(snap.key, isMissing);
    }
    if (!isMissing) continue;
    push(f.change.path, { kind: 'schema-snapshot-missing', severity: 'warning', line: 1, message: 'migration without its schema snapshot: the snapshot in the repository was not updated in this range; safe: run the migration and commit the regenerated snapshot' });
  }
  for (const f of input.files) {
    const kind = isSnapshotPath(f.change.path);
    if (!kind || f.change.status === 'deleted' || f.formattingOnly) continue;
    const withMigration = input.files.some((m) => isMigrationRule(m.rule) && (kind === 'rails' ? m.rule.id.startsWith('rails.') : kind === 'prisma' ? m.rule.id === 'prisma.migration' : m.rule.id === 'efcore.migration'));
    if (!withMigration) push(f.change.path, { kind: 'schema-snapshot-missing', severity: 'warning', line: f.change.hunks[0]?.newStart || 1, message: 'schema snapshot changed without a migration: databases will not get this change; safe: generate the migration that makes it' });
  }

  // Dropped or renamed while code reads it; and expand/contract in one range.
  const targets = new Map<string, { path: string; finding: Finding }[]>();
  for (const f of migrations) {
    if (replace.has(f.change.path)) continue;
    for (const { word, finding } of destructiveTargets(f)) {
      const list = targets.get(word) ?? [];
      list.push({ path: f.change.path, finding });
      targets.set(word, list);
    }
  }
  if (targets.size) {
    const words = [...targets.keys()].slice(0, MAX_IDENTIFIERS);
    const byPath = new Map(input.files.map((x) => [x.change.path, x]));
    const notCodeMemo = new Map<string, boolean>();
    const notCode = (p: string): boolean => {
      let v = notCodeMemo.get(p);
      if (v === undefined) notCodeMemo.set(p, (v = notCodeNow(p)));
      return v;
    };
    const notCodeNow = (p: string): boolean => {
      const f = byPath.get(p);
      return !!(f && f.rule && f.rule.category === 'migration') || !!isSnapshotPath(p) || NOT_CODE_DIR.test(p) || NOT_CODE_EXT.test(p);
    };
    const [headHits, baseHits] = await Promise.all([input.grepHead(words), input.grepBase(words)]);
    const hitsOf = (hits: GrepHit[], word: string): GrepHit[] => {
      // One expression per word, not per hit (words × hits compilations on a large range).
      const re = new RegExp(`(?<![\\w$])${word}(?![\\w$])`);
      return hits.filter((h) => !notCode(h.path) && re.test(h.text));
    };
    for (const word of words) {
      const atHead = hitsOf(headHits, word);
      const headFiles = new Set(atHead.map((h) => h.path));
      for (const { path, finding } of targets.get(word)!) {
        const what = finding.hazard!.startsWith('drop') ? 'drops' : 'renames';
        if (atHead.length) {
          const refs = atHead.slice(0, MAX_REFERENCES).map((h) => `${h.path}:${h.line}: ${h.text.trim().slice(0, 120)}`);
          push(path, {
            kind: 'migration-column-still-read',
            severity: 'critical',
            line: finding.line,
            subject: finding.subject,
            message: `${what} ${finding.subject} while code at head still reads \`${word}\` (${atHead[0].path}:${atHead[0].line}${atHead.length > 1 ? ` and ${atHead.length - 1} more` : ''}); safe: deploy code that stops reading it first, ${what === 'drops' ? 'drop' : 'rename'} it in a later deploy`,
            references: refs,
            hazard: 'still-read',
            recipe: `deploy code that stops reading ${word} first, then ${what === 'drops' ? 'drop' : 'rename'} it in a later deploy`,
          });
          continue;
        }
        // Read at the base by a file this range changes, and no longer at head: the code
        // change that stops using it ships with the migration that removes it.
        const stopped = [...new Set(hitsOf(baseHits, word).map((h) => h.path))].filter((p) => changedPaths.has(p) && !headFiles.has(p));
        if (stopped.length) {
          push(path, {
            kind: 'expand-contract-violated',
            severity: 'warning',
            line: finding.line,
            subject: finding.subject,
            message: `${what} ${finding.subject} in the same range as the code change that stops reading it (${stopped.slice(0, 3).join(', ')}): servers still running the old code fail while the migration runs; safe: split across two deploys, code first, then the migration`,
            references: stopped.slice(0, MAX_REFERENCES),
            hazard: 'expand-contract',
            recipe: 'split across two deploys: first the code that stops using it, then the migration',
          });
        }
      }
    }
  }
  return { add, replace };
}
