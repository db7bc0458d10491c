import { genericExcluded } from '../rules/packs/generic';
import type { Impact } from '../types';
import { ddlFindingShape, isSqlPath } from './ddl';

/**
 * A fresh-install schema changed with no upgrade for existing databases (issue 11).
 *
 * Projects that ship upgrade scripts beside their install schema (PowerDNS:
 * `schema.mysql.sql` + `4.1.0_to_4.2.0_schema.mysql.sql`; Bareos: `ddl/creates/postgresql.sql`
 * + `ddl/updates/postgresql.2171_2192.sql`) change the install schema in step with a new or
 * edited upgrade script when the schema really changes. An install schema edited alone (an
 * index tuned for new installations, a table of a side backend reformatted) changes nothing
 * in a deployed database: the release notes say "Database Version 2004 (unchanged)". Such an
 * impact is listed at `info`, with the reason, and needs no note.
 *
 * Applies only when: the file is a SQL file the generic layer read (`generic.sql-schema`),
 * modified, whose statements only create (tables, indexes: the install script's shape); it
 * is not itself an upgrade script; no other change of the range needs a migration note; and
 * the repository keeps at least two upgrade scripts at the base (names like `X_to_Y`,
 * `upgrade*`, `update*`, `migrat*`, or an `updates/`, `upgrades/`, `migrations/` folder).
 */
export async function markInstallOnlySchemas(impacts: Impact[], basePaths: () => Promise<string[]>): Promise<void> {
  const inCode = impacts.filter(isRecreatedInCode);
  const candidates = impacts.filter(isInstallSchemaCandidate);
  if (!candidates.length && !inCode.length) return;
  const set = new Set([...candidates, ...inCode]);
  // Another change of the range migrates existing databases: the install schema is the same change.
  if (impacts.some((i) => !set.has(i) && i.category === 'migration' && i.requiresNote)) return;
  // A CREATE edited in code while the file's schema version stays (ddl.ts): the analyzer's
  // first finding says why; nothing else of it asks for action.
  for (const impact of inCode) {
    impact.requiresNote = false;
    impact.severity = 'info';
    impact.title = `${impact.title}${INSTALL_ONLY}`;
  }
  if (!candidates.length) return;
  const paths = await listedOrNull(basePaths);
  if (!paths) return;
  const upgrades = paths.filter((p) => isUpgradeScriptPath(p) && !genericExcluded(p));
  if (upgrades.length < 2) return;
  const example = upgrades[upgrades.length - 1];
  for (const impact of candidates) {
    impact.findings = [
      { kind: 'schema-change', severity: 'info', message: `changes the schema of new installations only: no upgrade script in this range changes existing databases (this repository keeps ${upgrades.length} upgrade scripts, e.g. ${example})` },
      ...impact.findings.map((f) => (f.severity === 'warning' || f.severity === 'critical' ? { ...f, severity: 'info' as const } : f)),
    ];
    impact.requiresNote = false;
    impact.severity = 'info';
    impact.title = `${impact.title}${INSTALL_ONLY}`;
  }
}

const INSTALL_ONLY = ' (new installations only)';

function isRecreatedInCode(i: Impact): boolean {
  return i.rule === 'generic.code-ddl' && i.requiresNote && i.findings.length > 0 && ddlFindingShape(i.findings[0]) === 'edits-create-in-place' && i.findings.every((f) => f.severity === 'info');
}

function isInstallSchemaCandidate(i: Impact): boolean {
  if (i.rule !== 'generic.sql-schema' || i.status !== 'modified' || !i.requiresNote || isUpgradeScriptPath(i.path)) return false;
  const ddl = i.findings.filter((f) => f.kind === 'schema-change');
  // a table of it created, or edited in place (a column or key dropped, a key added: ddl.ts inPlaceBodyEdits)
  if (!ddl.length || !ddl.every((f) => ddlFindingShape(f) === 'creates' || ddlFindingShape(f) === 'edits-table-in-place')) return false;
  // Nothing else in it that an operator must act on (a destructive statement, a queued job).
  return i.findings.every((f) => f.kind === 'schema-change' || f.kind === 'locking-migration' || f.severity === 'info');
}

const UPGRADE_NAME = /\d[\w.]*_to_\d|(?:^|[^a-z])(?:upgrade|update|migrat|patch)/i;
const UPGRADE_DIR = /(?:^|\/)(?:updates?|upgrades?|migrations?|migrate|deltas?|patches)\//i;

/** A SQL file that upgrades an existing database: `4.1.0_to_4.2.0_schema.mysql.sql`, `updates/mysql.10_11.sql`, `upgrade-3.sql`. */
export function isUpgradeScriptPath(p: string): boolean {
  if (!isSqlPath(p)) return false;
  return UPGRADE_NAME.test(p.slice(p.lastIndexOf('/') + 1)) || UPGRADE_DIR.test(p);
}

const DEV_ONLY = ' (development only)';
/** A folder of migrations for a development environment, and the folders of the released ones beside it. */
const DEV_FOLDER = /^(?:dev|development|local)$/i;
const RELEASED_FOLDER = /^(?:prod|production|release|releases)$/i;

/**
 * Migrations kept for a development environment (issue 11): a migration tree split by environment
 * (bytebase: `migration/dev/2024…##release.sql` beside `migration/prod/3.1/0000##x.sql`) applies
 * the `dev/` steps only in development mode; production runs the released folder. Such an impact
 * is listed at `info`, with the reason, and needs no note. Applies only when the `dev` folder
 * (`dev`, `development`, `local`) has a sibling folder of released steps (`prod`, `production`,
 * `release`) at the base.
 */
export async function markDevOnlyMigrations(impacts: Impact[], basePaths: () => Promise<string[]>): Promise<void> {
  const candidates = impacts.map((i) => ({ i, parent: devParent(i.path) })).filter((c) => c.parent !== null && c.i.category === 'migration' && c.i.requiresNote);
  if (!candidates.length) return;
  const paths = await listedOrNull(basePaths);
  if (!paths) return;
  const released = new Set<string>();
  for (const { parent } of candidates) {
    const prefix = parent === '' ? '' : `${parent}/`;
    for (const p of paths) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0 && RELEASED_FOLDER.test(rest.slice(0, slash))) {
        released.add(parent!);
        break;
      }
    }
  }
  for (const { i, parent } of candidates) {
    if (!released.has(parent!)) continue;
    const dev = i.path.slice(parent === '' ? 0 : parent!.length + 1).split('/')[0];
    i.findings = [
      { kind: 'schema-change', severity: 'info', message: `a development environment's migration: ${parent ? `${parent}/` : ''}${dev}/ is applied in development only (the released steps are in a sibling folder)` },
      ...i.findings.map((f) => (f.severity === 'warning' || f.severity === 'critical' ? { ...f, severity: 'info' as const } : f)),
    ];
    i.requiresNote = false;
    i.severity = 'info';
    i.title = `${i.title}${DEV_ONLY}`;
  }
}

/** The folder holding the `dev` folder `path` lies in (not its own name), or null. */
function devParent(path: string): string | null {
  const segs = path.split('/');
  for (let k = segs.length - 2; k >= 0; k--) if (DEV_FOLDER.test(segs[k])) return segs.slice(0, k).join('/');
  return null;
}

/** Database names written inside a folder or file name (`gmysqlbackend`, `schema.mssql.sql`), longest first. */
const DIALECT_IN_NAME = /postgresql|postgres|pgsql|mariadb|mysql|sqlite3|sqlite|mssql|sqlserver|odbc|oracle|cockroachdb|clickhouse/gi;
/** Short database names that count only as a whole word of a name (`pg.sql`, `lite.sql`, `h2/`). */
const DIALECT_WORD = /(^|[._/-])(?:pg|psql|lite|h2|db2|tidb)(?=$|[._/-])/gi;

/** `path` with every database name in it replaced by `*`: two paths with the same form are one schema in two dialects. */
function dialectForm(path: string): string {
  return path.replace(DIALECT_IN_NAME, '*').replace(DIALECT_WORD, '$1*');
}

/**
 * The schema of a new database backend (issue 11): a file added with only CREATE statements that is
 * another dialect's copy of a schema the base already has (`irc/postgresql/history.go` beside
 * `irc/mysql/history.go`; `godbcbackend/schema.mssql.sql` beside `gmysqlbackend/schema.mysql.sql`).
 * It creates the tables of databases nobody runs yet: no existing database changes. Listed at `info`,
 * with the reason, and needs no note. Not an upgrade script, not a numbered step of a history.
 */
export async function markNewBackendSchemas(impacts: Impact[], basePaths: () => Promise<string[]>): Promise<void> {
  const candidates = impacts.filter(isNewBackendCandidate);
  if (!candidates.length) return;
  const paths = await listedOrNull(basePaths);
  if (!paths) return;
  const forms = new Map<string, string>();
  for (const p of paths) {
    const f = dialectForm(p);
    if (f !== p && !forms.has(f)) forms.set(f, p);
  }
  for (const impact of candidates) {
    const form = dialectForm(impact.path);
    const other = form !== impact.path ? forms.get(form) : undefined;
    if (!other || other === impact.path) continue;
    impact.findings = [
      { kind: 'schema-change', severity: 'info', message: `creates the schema of a new database backend (the same schema exists for ${other}): no existing database changes` },
      ...impact.findings.map((f) => (f.severity === 'warning' || f.severity === 'critical' ? { ...f, severity: 'info' as const } : f)),
    ];
    impact.requiresNote = false;
    impact.severity = 'info';
    impact.title = `${impact.title}${INSTALL_ONLY}`;
  }
}

function isNewBackendCandidate(i: Impact): boolean {
  if ((i.rule !== 'generic.sql-schema' && i.rule !== 'generic.code-ddl') || i.status !== 'added' || !i.requiresNote || isUpgradeScriptPath(i.path)) return false;
  if (/^[Vv]?\d/.test(i.path.slice(i.path.lastIndexOf('/') + 1))) return false;
  // its tables created, and the schema version the copy declares (`latestDbSchema = 2`, as the other dialect's)
  const ddl = i.findings.filter((f) => f.kind === 'schema-change');
  if (!ddl.some((f) => ddlFindingShape(f) === 'creates') || !ddl.every((f) => ddlFindingShape(f) === 'creates' || ddlFindingShape(f) === 'declares-version')) return false;
  return i.findings.every((f) => f.kind === 'schema-change' || f.kind === 'locking-migration' || f.severity === 'info');
}

/** The merge-base's paths, or null when git could not list them (each pass then leaves the impacts as they are). */
async function listedOrNull(basePaths: () => Promise<string[]>): Promise<string[] | null> {
  try {
    return await basePaths();
  } catch {
    return null;
  }
}
