import { genericExcluded } from '../rules/packs/generic';
import type { Impact } from '../types';
import { EDITS_CREATE_IN_PLACE, isSqlPath } from './ddl';

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
  let paths: string[];
  try {
    paths = await basePaths();
  } catch {
    return;
  }
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
  return i.rule === 'generic.code-ddl' && i.requiresNote && i.findings[0]?.message.startsWith(EDITS_CREATE_IN_PLACE) === true && i.findings.every((f) => f.severity === 'info');
}

function isInstallSchemaCandidate(i: Impact): boolean {
  if (i.rule !== 'generic.sql-schema' || i.status !== 'modified' || !i.requiresNote || isUpgradeScriptPath(i.path)) return false;
  const ddl = i.findings.filter((f) => f.kind === 'schema-change');
  if (!ddl.length || !ddl.every((f) => f.message.startsWith('creates '))) return false;
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
