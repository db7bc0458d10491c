import type { Change, Finding } from '../types';

/**
 * A schema version row raised in place in a SQL file (issue 11): the install script records the
 * version of the schema it creates, and a release that changes the schema raises it on the same line.
 *
 *   gammu       docs/sql/mysql.sql          INSERT INTO `gammu` (`Version`) VALUES (17);  →  (18)
 *   Bareos      ddl/creates/postgresql.sql  INSERT INTO Version (VersionId) VALUES (2171); →  (2192)
 *   Duplicati   Database schema/Schema.sql  INSERT INTO "Version" ("Version") VALUES (9); →  (11)
 *   Ampache     resources/sql/ampache.sql   ('db_version', '790001'),                     →  '793001'
 *   OpenAtlas   install/3_data_web.sql      ('database_version', '9.0.0'),                →  '9.1.0'
 *
 * The program compares that row with the version it expects, so existing databases must be upgraded.
 * Read only where the line stays the same but for the number next to a name that says version, in a
 * statement that writes a row (`INSERT`, `VALUES`, `UPDATE … SET`, a tuple of a values list), and the
 * number rises. An application's release recorded in a row (`('version', '1.2.19')`) is no schema's:
 * a dotted number counts only under a name that says database or schema (`db_version`,
 * `database_version`, `schema_version`); a whole number under a version name only where the row is the
 * schema's: a version table (`INSERT INTO Version …`, `UPDATE Version SET …`) or a one-column row
 * (`INSERT INTO gammu (Version)`). A `version` column of another table (`INSERT INTO documents (id,
 * title, version)`, `SET version = 3`, an optimistic lock) and a key such as `min_client_version` are
 * the row's data; with a column list the name is paired with the value at its own position.
 * Column metadata (`('plugin_config', 7, 'version', 'varchar(20)')`) has words between the name and
 * the number, and is nothing. Linear: lines over 2000 characters are skipped, one pass per line.
 */
export interface RaisedVersionRow {
  /** 1-based line of the new side. */
  line: number;
  name: string;
  from: string;
  to: string;
}

const NUMBER = /\d{1,12}(?:\.\d{1,9}){0,4}/g;
const NAME = /[A-Za-z0-9_-]{1,80}/g;
const VERSION = /version/i;
/** A name that says the version is a database's or a schema's (`db_version`, `DBVERSION`, `storage_schema_version`). */
const STORE_VERSION = /(?:db|database|schema)[_-]?version/i;
/** A statement (or a values tuple) that writes a row. */
const WRITES_ROW = /\b(?:INSERT|VALUES|UPDATE|REPLACE|SET)\b|^[ \t]*\(/i;
const COMMENT = /^[ \t]*(?:--|#|\/\*|\*|\/\/)/;
/** What may stand between a version's name and its value once quotes, brackets and separators are dropped. */
const GAP_AFTER = /^$/;
/** A table that holds the schema's version (`INSERT INTO Version (VersionId)`, `UPDATE "Version" SET`). */
const VERSION_TABLE = /\b(?:INSERT[ \t]+INTO|REPLACE[ \t]+INTO|UPDATE)[ \t]+[`"[]?(?:\w{1,40}\.)?\w{0,40}version\w{0,40}[`"\]]?/i;
/** `INSERT INTO t (c1, c2) VALUES (v1, v2)` on one line: the column list and the values tuple. */
const COLUMN_LIST_INSERT = /\b(?:INSERT|REPLACE)[ \t]+INTO[ \t]+[^\s(]{1,120}[ \t]*\(([^()]{1,1000})\)[ \t]*VALUES[ \t]*\(([^()]{0,1500})\)/i;
/** `SET value = '9.1.0' WHERE name = 'database_version'`: the value first, then the row's key. */
const GAP_BEFORE = /^WHERE[A-Za-z_]{1,40}$/i;
const PUNCT = /[\s'"`()[\],=.]/g;

/** Each raised schema version row of a modified SQL file's hunks. */
export function raisedSchemaVersionRows(change: Pick<Change, 'hunks'>): RaisedVersionRow[] {
  const out: RaisedVersionRow[] = [];
  for (const h of change.hunks) {
    if (!h.removed.length || !h.added.length) continue;
    let removed: Map<string, string> | null = null;
    h.added.forEach((text, i) => {
      if (text.length > 2000 || !VERSION.test(text) || COMMENT.test(text) || !WRITES_ROW.test(text)) return;
      if (!removed) {
        removed = new Map();
        for (const r of h.removed) if (r.length <= 2000 && VERSION.test(r)) removed.set(r.replace(NUMBER, '#'), r);
      }
      const before = removed.get(text.replace(NUMBER, '#'));
      if (before === undefined || before === text) return;
      const raised = raisedNextToVersion(before, text);
      if (raised) out.push({ line: h.newStart + i, ...raised });
    });
  }
  return out;
}

/** Whether a changed hunk of `change` may raise a schema version row (cheap: no number is compared). */
export function mayRaiseSchemaVersionRow(change: Pick<Change, 'hunks'>): boolean {
  for (const h of change.hunks) {
    if (!h.removed.length) continue;
    for (const l of h.added) if (l.length <= 2000 && VERSION.test(l) && WRITES_ROW.test(l) && !COMMENT.test(l)) return true;
  }
  return false;
}

export function raisedVersionRowFinding(r: RaisedVersionRow): Finding {
  return { kind: 'schema-change', message: `raises the schema version the database records (${r.name}: ${r.from} → ${r.to}): existing databases must be upgraded to it`, line: r.line, severity: 'warning' };
}

function numbersOf(text: string): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) out.push({ value: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The values of a one-line tuple, split at the commas outside quotes. */
function tupleValues(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const WHOLE_OR_DOTTED = /^['"]?(\d{1,12}(?:\.\d{1,9}){0,4})['"]?$/;

/**
 * A version column of a one-line `INSERT INTO t (…) VALUES (…)`: the name is paired with the value at its
 * own position of the tuple, and counts only as the schema's version when the name says so (`db_version`),
 * the table is a version table (`INSERT INTO Version (VersionId)`), or the row holds the version alone
 * (`INSERT INTO gammu (Version) VALUES (17)`). A `version` column of someone else's table (an optimistic
 * lock, a document's revision) is the row's data.
 */
function raisedInColumnList(before: string, after: string): { name: string; from: string; to: string } | null {
  const a = COLUMN_LIST_INSERT.exec(after);
  if (!a) return null;
  const b = COLUMN_LIST_INSERT.exec(before);
  if (!b) return null;
  const cols = a[1].split(',').map((c) => c.trim().replace(/^[`"[]|[`"\]]$/g, ''));
  const newVals = tupleValues(a[2]);
  const oldVals = tupleValues(b[2]);
  if (newVals.length !== cols.length || oldVals.length !== cols.length) return null;
  const versionTable = VERSION_TABLE.test(after);
  for (let k = 0; k < cols.length; k++) {
    const name = cols[k];
    if (!VERSION.test(name)) continue;
    if (!STORE_VERSION.test(name) && !versionTable && cols.length !== 1) continue;
    const from = WHOLE_OR_DOTTED.exec(oldVals[k])?.[1];
    const to = WHOLE_OR_DOTTED.exec(newVals[k])?.[1];
    if (!from || !to || compareVersions(to, from) <= 0) continue;
    if (to.includes('.') && !STORE_VERSION.test(name)) continue;
    return { name, from, to };
  }
  return null;
}

function raisedNextToVersion(before: string, after: string): { name: string; from: string; to: string } | null {
  // a column of the list, paired by position; else a key the values name (`VALUES ('db_version', '7')`)
  const listed = raisedInColumnList(before, after);
  if (listed) return listed;
  // elsewhere the name must say the database's or schema's version, or the row be in a version table:
  // `('min_client_version', 42)`, `SET version = 3` of a documents table are a row's data
  const versionTable = VERSION_TABLE.test(after);
  const oldNums = numbersOf(before);
  const newNums = numbersOf(after);
  if (oldNums.length !== newNums.length) return null;
  NAME.lastIndex = 0;
  for (let m = NAME.exec(after); m; m = NAME.exec(after)) {
    const name = m[0];
    // a name made of digits only, or one a number continues, is not a name
    if (!VERSION.test(name) || /^\d/.test(name)) continue;
    if (!STORE_VERSION.test(name) && !versionTable) continue;
    const end = m.index + name.length;
    // the value right after the name (`'db_version', '700029'`, `(Version) VALUES (18)`) …
    let k = newNums.findIndex((n) => n.start >= end);
    if (k >= 0 && !GAP_AFTER.test(after.slice(end, newNums[k].start).replace(PUNCT, ''))) k = -1;
    // … or right before it (`SET value = '9.1.0' WHERE name = 'database_version'`)
    if (k < 0) {
      let j = -1;
      for (let x = 0; x < newNums.length && newNums[x].end <= m.index; x++) j = x;
      if (j >= 0 && GAP_BEFORE.test(after.slice(newNums[j].end, m.index).replace(PUNCT, ''))) k = j;
    }
    if (k < 0) continue;
    const from = oldNums[k].value;
    const to = newNums[k].value;
    if (from === to || compareVersions(to, from) <= 0) continue;
    if (to.includes('.') && !STORE_VERSION.test(name)) continue;
    return { name, from, to };
  }
  return null;
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
