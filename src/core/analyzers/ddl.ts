import type { Change, Finding, Hunk } from '../types';
import type { Analyzer } from './analyzer';
import { codeStrings } from './ddlStrings';
import { identWords, languageOfPath, scan } from '../lex';
import { analyzeSqlText, detectFlavor, flavorFromHint, lineIndex, maskSql, splitStatements, sqlAnalyzer, type SqlFlavor } from './sql';

/**
 * Schema changes wherever they are (issue 11): DDL statements (`CREATE/ALTER/DROP TABLE`,
 * `INDEX`, `TYPE`, `VIEW`…, `RENAME`, `ADD CONSTRAINT`) in any `.sql` file, and inside
 * the string literals of code files (a Go list of functions that each `Exec` one, a PHP
 * updater, a Python delta script). A file that adds DDL is a migration candidate: each
 * statement is a `schema-change` finding, and the SQL risk analyzer (sql.ts) runs on the
 * extracted SQL. Long-running data work a migration queues (a background update, a job,
 * a batched backfill) is a `post-deploy-migration` finding.
 *
 * Cost: one masking pass and one statement split per SQL text; code files are read
 * through a linear string-literal scanner. No regex here has nested or adjacent
 * unbounded quantifiers over the same characters.
 */

/** What a DDL statement does, for messages: "creates table users". */
export interface DdlStatement {
  verb: 'creates' | 'alters' | 'drops' | 'renames' | 'replaces';
  object: string;
  name: string;
  /** 1-based line in the file. */
  line: number;
  /** The statement's SQL (original text). */
  sql: string;
}

const VERBS: Record<string, DdlStatement['verb']> = { CREATE: 'creates', ALTER: 'alters', DROP: 'drops', RENAME: 'renames', REPLACE: 'replaces' };

/**
 * The head of a DDL statement (anchored, one attempt per statement): verb, modifiers, the
 * object type, `IF [NOT] EXISTS`, the name. Every repetition is of fixed words followed by
 * spaces, so matching is linear.
 */
const DDL_HEAD =
  /^(CREATE|ALTER|DROP|RENAME)\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:(?:UNIQUE|TEMP|TEMPORARY|UNLOGGED|MATERIALIZED|GLOBAL|LOCAL|VIRTUAL|CLUSTERED|NONCLUSTERED|FULLTEXT|SPATIAL|RECURSIVE|DEFINER\s*=\s*\S+)\s+)*(TABLE|INDEX|VIEW|TYPE|SEQUENCE|SCHEMA|EXTENSION|TRIGGER|FUNCTION|PROCEDURE|DOMAIN|COLUMN|DATABASE|POLICY|COLLATION|AGGREGATE|PUBLICATION|ENUM)\b(?:\s+CONCURRENTLY)?(?:\s+IF\s+(?:NOT\s+)?EXISTS)?(?:\s+ONLY)?\s*([`"[]?[\w$.]+[`"\]]?(?:\.[`"[]?[\w$]+[`"\]]?)?)?/i;

/** A cheap test for a DDL verb and object on one line (a prefilter before any parsing). */
export const DDL_LINE = /\b(?:CREATE|ALTER|DROP|RENAME)\s+(?:OR\s+REPLACE\s+|UNIQUE\s+|TEMP\s+|TEMPORARY\s+|UNLOGGED\s+|MATERIALIZED\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TYPE|SEQUENCE|SCHEMA|EXTENSION|TRIGGER|DOMAIN|COLUMN)\b/i;

/** Tables whose rows queue long-running work that runs after the deploy. */
const QUEUE_TABLES = /^(?:\w+\.)?["`]?(background_updates|background_jobs|background_migrations|batched_background_migrations|async_migrations|pending_migrations|data_migrations|scheduled_jobs|jobs|queue_jobs|que_jobs|good_jobs|oban_jobs)["`]?$/i;

/** Lines of a migration that queue long-running data work (code shapes, any language). */
const QUEUE_CALL =
  /\b(?:queue_batched_background_migration|queue_background_migration_jobs_by_range_at_intervals|migrate_in|BackgroundMigrationWorker\.perform_\w+|register_background_update_handler|register_background_index_update|register_background_validate_constraint|updates\.register_\w+|perform_later|perform_async|enqueue(?:_\w+)?|dispatch(?:Sync)?|Oban\.insert|\w+Job\.(?:new|create)\b|in_batches|find_each|find_in_batches|each_batch|iterator\(\s*chunk_size|chunk(?:ById)?\s*\(\s*\d)/;

/** Whether `path` is an SQL file by name: `.sql`, `.sql.postgres`, `.pgsql`, `.ddl`, `.cql`. */
export function isSqlPath(path: string): boolean {
  const b = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return /\.(sql|pgsql|psql|mysql|ddl|cql)$/.test(b) || /\.sql\.(postgres|postgresql|pg|sqlite|sqlite3|mysql|mariadb|mssql|oracle)$/.test(b);
}

/** A flavor named by the file's extension (`x.sql.postgres`). */
function flavorOfPath(path: string): SqlFlavor | null {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return flavorFromHint(ext === 'pgsql' || ext === 'psql' || ext === 'pg' ? 'postgresql' : ext);
}

/** DDL statements of a SQL text whose lines meet `isChanged`; `lineOf` maps offsets in `text` to file lines. */
export function ddlStatements(text: string, flavor: SqlFlavor, lineOf: (offset: number) => number, isChanged: (line: number) => boolean): DdlStatement[] {
  const masked = maskSql(text, flavor);
  const out: DdlStatement[] = [];
  for (const st of splitStatements(masked, text, flavor)) {
    // The statement's masked text, leading blanks skipped (a bounded scan, not a regex).
    let s = st.start;
    while (s < st.end && /\s/.test(masked[s])) s++;
    const head = masked.slice(s, Math.min(st.end, s + 400));
    const m = DDL_HEAD.exec(head);
    if (!m) continue;
    const first = lineOf(s);
    const last = lineOf(Math.max(s, st.end - 1));
    let changed = false;
    for (let l = first; l <= last && !changed; l++) changed = isChanged(l);
    if (!changed) continue;
    let object = m[2].toLowerCase();
    if (/^MATERIALIZED\s/i.test(head.slice(m[1].length).trimStart()) || /\sMATERIALIZED\s+VIEW\b/i.test(m[0])) object = 'materialized view';
    const name = cleanIdent(m[3] ?? '') || '(unnamed)';
    const verb = /\bOR\s+REPLACE\b/i.test(m[0]) ? 'replaces' : VERBS[m[1].toUpperCase()];
    out.push({ verb, object, name, line: first, sql: text.slice(s, st.end).trim() });
  }
  return out;
}

function cleanIdent(raw: string): string {
  return raw.replace(/[`"[\]]/g, '');
}

/**
 * What a `schema-change` finding of this module says, for the passes that read an impact's findings again
 * (migrationInstall.ts): a table or index created, a table's body or a CREATE edited in place, a schema version
 * declared; null for anything else. The messages are built in this module, so this is the one place that knows
 * their shapes.
 */
export type DdlFindingShape = 'creates' | 'edits-table-in-place' | 'edits-create-in-place' | 'declares-version';

export function ddlFindingShape(f: Finding): DdlFindingShape | null {
  if (f.kind !== 'schema-change') return null;
  if (f.message.startsWith('creates ')) return 'creates';
  if (f.message.startsWith(`${EDITS_TABLE_IN_PLACE} `)) return 'edits-table-in-place';
  if (f.message.startsWith(`${EDITS_CREATE_IN_PLACE} `)) return 'edits-create-in-place';
  if (f.message.startsWith('declares the schema version ')) return 'declares-version';
  return null;
}

/** `schema-change` findings of DDL statements: "creates table users". */
export function ddlFindings(statements: DdlStatement[], via?: string): Finding[] {
  return statements.map((s) => ({
    kind: 'schema-change' as const,
    message: via ? `${s.verb} ${s.object} ${s.name} (${via})` : `${s.verb} ${s.object} ${s.name}`,
    line: s.line,
    severity: 'warning' as const,
    subject: s.name,
  }));
}

/** `post-deploy-migration` findings for rows inserted into job/update queues by a SQL text. */
function queuedWorkInSql(text: string, flavor: SqlFlavor, lineOf: (offset: number) => number, isChanged: (line: number) => boolean): Finding[] {
  const masked = maskSql(text, flavor);
  const out: Finding[] = [];
  for (const st of splitStatements(masked, text, flavor)) {
    const head = masked.slice(st.start, Math.min(st.end, st.start + 300)).trimStart();
    const m = /^INSERT\s+(?:OR\s+\w+\s+|IGNORE\s+)?INTO\s+([\w$."`]+)/i.exec(head);
    if (!m || !QUEUE_TABLES.test(m[1])) continue;
    const line = lineOf(st.start + (masked.slice(st.start, st.end).length - masked.slice(st.start, st.end).trimStart().length));
    if (!isChanged(line)) continue;
    // The update's name: the first string literal of the original statement, if short.
    const body = text.slice(st.start, st.end);
    const lit = /'([\w.:\-]{2,80})'/.exec(body);
    const table = cleanIdent(m[1]);
    out.push({
      kind: 'post-deploy-migration',
      message: lit ? `queues long-running work ${lit[1]} in ${table}: it runs after the deploy` : `queues long-running work in ${table}: it runs after the deploy`,
      line,
      severity: 'warning',
      subject: lit?.[1] ?? table,
    });
  }
  return out;
}

/** `post-deploy-migration` findings for added lines of a migration that queue jobs or backfill in batches. */
export function queuedWorkInLines(lines: Iterable<{ line: number; text: string }>): Finding[] {
  const out: Finding[] = [];
  for (const { line, text } of lines) {
    const t = text.length > 2000 ? text.slice(0, 2000) : text;
    const m = QUEUE_CALL.exec(t);
    if (!m) continue;
    if (/^\s*(?:#|\/\/|--|\*)/.test(t)) continue;
    const batched = /batch|each|chunk|iterator/i.test(m[0]);
    out.push({
      kind: 'post-deploy-migration',
      message: batched ? `backfills data in batches (${m[0].replace(/\s+/g, '')}): a long-running job after the deploy` : `queues long-running work (${m[0].replace(/\s+/g, '')}): it runs after the deploy`,
      line,
      severity: 'warning',
      subject: m[0].replace(/\s*\(.*$/, ''),
    });
    if (out.length >= 20) break;
  }
  return out;
}

/**
 * A dump's counter in a table's closing line (`) ENGINE=InnoDB AUTO_INCREMENT=231 …`): it moves
 * with every row a dump holds, never with the schema.
 */
const AUTO_INCREMENT_VALUE = /\bAUTO_INCREMENT[ \t]*=[ \t]*\d{1,20}/gi;

/**
 * Added lines with content, by new-file line number. A line that only moves a dump's
 * AUTO_INCREMENT counter (the same as a removed line of its hunk once the counter is dropped)
 * changes nothing in the schema.
 */
function addedLineSet(change: Change): Set<number> {
  const set = new Set<number>();
  for (const h of change.hunks) {
    let removed: Set<string> | null = null;
    for (let i = 0; i < h.added.length; i++) {
      const l = h.added[i];
      if (!l.trim()) continue;
      if (l.length < 2000 && /AUTO_INCREMENT/i.test(l)) {
        removed ??= new Set(h.removed.filter((r) => r.length < 2000).map((r) => r.replace(AUTO_INCREMENT_VALUE, '')));
        if (removed.has(l.replace(AUTO_INCREMENT_VALUE, ''))) continue;
      }
      set.add(h.newStart + i);
    }
  }
  return set;
}

/**
 * A column definition on its own line (`"url" VARCHAR(32768) NOT NULL,`; SQL Server's bracketed
 * `[Priority] [int] NULL`): a change inside a `CREATE TABLE` whose first line the hunk does not show
 * (an install script's table edited in place). The analyzer then decides from the whole statement.
 */
const COLUMN_DEF_LINE = /^\s*[`"[]?[A-Za-z_]\w{0,63}[`"\]]?[ \t]+\[?(?:VARCHAR|NVARCHAR|CHAR|CHARACTER|TEXT|MEDIUMTEXT|LONGTEXT|TINYINT|SMALLINT|INT|INTEGER|BIGINT|BOOLEAN|BOOL|TIMESTAMP|TIMESTAMPTZ|DATETIME|DATE|REAL|DOUBLE|FLOAT|NUMERIC|DECIMAL|BLOB|BYTEA|JSONB?|UUID|SERIAL|BIGSERIAL)\b/i;

/** A literal that ends where a table's name is spliced in: `ALTER TABLE "`, `DROP TABLE IF EXISTS `. */
const DDL_OPEN_TAIL = /\b(?:ALTER|CREATE)[ \t]+(?:TABLE|INDEX)(?:[ \t]+IF(?:[ \t]+NOT)?[ \t]+EXISTS)?[ \t]*[`"[]?$/i;

/** The rest of a spliced statement: the name's closing quote, then a clause (`" DROP COLUMN "x"`, `\` ADD INDEX …`). */
const SPLICED_CLAUSE = /^[`"\]]?[ \t\n]*(?:ADD\b|DROP[ \t]+(?:COLUMN|INDEX|CONSTRAINT|KEY|PRIMARY|FOREIGN)\b|RENAME\b|ALTER[ \t]+COLUMN\b|MODIFY\b|CHANGE\b|\()/i;

/**
 * The closing line of a `CREATE TABLE` with the table's options (`) ENGINE=InnoDB CHARACTER SET
 * utf8mb4;`, `) WITHOUT ROWID;`, `) PARTITION BY RANGE (…)`): a table's charset, engine or
 * partitioning changed in place. The analyzer then decides from the whole statement.
 */
const TABLE_OPTIONS_LINE = /^[ \t]*\)[ \t]*(?:ENGINE|TYPE[ \t]*=|(?:DEFAULT[ \t]+)?(?:CHARSET|CHARACTER[ \t]+SET|COLLATE)|ROW_FORMAT|WITHOUT[ \t]+ROWID|STRICT\b|PARTITION[ \t]+BY|TABLESPACE|INHERITS|WITH[ \t]*\()/i;

/**
 * A key or index declared on its own line inside a table's body (`KEY(msgtime),`, `UNIQUE KEY name (a, b)`,
 * `CONSTRAINT fk FOREIGN KEY (x)`, `INDEX idx_date (date)`): an index added to or dropped from a table an
 * install schema creates in place. Every run is bounded (one attempt per line, linear).
 */
const KEY_DEF_LINE = /^[ \t]{0,40}(?:CONSTRAINT[ \t]{1,8}[`"[]?\w{1,64}[`"\]]?[ \t]{1,8})?(?:(?:UNIQUE|FULLTEXT|SPATIAL|PRIMARY|FOREIGN)[ \t]{1,8})?(?:KEY|INDEX)\b[ \t]{0,8}(?:[`"[]?\w{1,64}[`"\]]?[ \t]{0,8})?\(/i;

/** A removed line that closed or opened a statement (`);`, `CREATE TABLE …`): the hunk removed more than a table's line. */
const STATEMENT_EDGE_LINE = /^[ \t]{0,40}\)|;[ \t]{0,40}$/;

/** A table's body edited in place: the new-file line it lies at, and what changed (`column lastsent removed`). */
interface BodyEdit {
  line: number;
  what: string;
}

/** How an install schema's table edited in place is reported (ddlFindingShape reads it back). */
const EDITS_TABLE_IN_PLACE = 'edits table';

/** A key line's columns (`KEY idx (a, b),` → `(a, b)`), else its text. */
function keyColumns(line: string): string {
  const m = /\(([^()]{1,200})\)/.exec(line);
  return m ? `(${m[1].trim()})` : line.trim().replace(/,$/, '');
}

/**
 * Where a hunk of a SQL file only removed lines of a table's body, with the column or key it removed (the first of
 * its hunk): a column or a key dropped from a `CREATE TABLE` edited in place (an install schema's `lastsent
 * TIMESTAMP …` removed). The new-file line after the removal lies in the same statement; a hunk that removed a
 * statement's edge (its head, its closing `)` or `;`) is not read here (a whole table removed is not a table edited).
 */
function removedBodyEdits(change: Change): BodyEdit[] {
  const out: BodyEdit[] = [];
  for (const h of change.hunks) {
    if (h.added.length || !h.removed.length || h.removed.length > 200) continue;
    let what = '';
    let edge = false;
    for (const r of h.removed) {
      const t = r.length < 4000 ? r : r.slice(0, 4000);
      if (DDL_LINE.test(t) || STATEMENT_EDGE_LINE.test(t)) edge = true;
      else if (KEY_DEF_LINE.test(t)) what ||= `key ${keyColumns(t)} removed`;
      else if (COLUMN_DEF_LINE.test(t)) what ||= `column ${/^[ \t]{0,40}[`"[]?(\w{1,64})/.exec(t)?.[1] ?? '?'} removed`;
    }
    if (what && !edge) out.push({ line: h.newStart + 1, what });
  }
  return out;
}

/** The key lines added to a table's body (not the same key with only its separator changed), with their columns. */
function addedKeyEdits(change: Change): BodyEdit[] {
  const out: BodyEdit[] = [];
  for (const h of change.hunks) {
    const reshaped = reshapedRemoval(h);
    h.added.forEach((l, i) => {
      if (l.length < 4000 && KEY_DEF_LINE.test(l) && !reshaped(l)) out.push({ line: h.newStart + i, what: `key ${keyColumns(l)} added` });
    });
  }
  return out;
}

/**
 * Per hunk: whether an added line is one of the hunk's removed lines again with only its blanks or trailing
 * separator changed (`body TEXT` → `body TEXT,`): no edit of its own. The removed lines are shaped on first ask.
 */
function reshapedRemoval(h: Hunk): (added: string) => boolean {
  let removed: Set<string> | null = null;
  return (l) => l.length < 4000 && (removed ??= new Set(h.removed.filter((r) => r.length < 4000).map(bodyLineShape))).has(bodyLineShape(l));
}

/**
 * The `CREATE TABLE` findings of a SQL file whose statement changed only by a column or key dropped from its body
 * or a key added to it (review15 F11): the table exists already, so the finding says it is edited in place and
 * the live table needs altering, not that a table is created.
 */
function inPlaceBodyEdits(findings: Finding[], statements: DdlStatement[], change: Change, removedEdits: BodyEdit[]): Finding[] {
  const edits = [...removedEdits, ...addedKeyEdits(change)];
  if (!edits.length) return findings;
  // the other added lines: not a key line, not a line whose separator alone changed (`body TEXT` → `body TEXT,`)
  const other: number[] = [];
  for (const h of change.hunks) {
    const reshaped = reshapedRemoval(h);
    h.added.forEach((l, i) => {
      if (!l.trim() || (l.length < 4000 && KEY_DEF_LINE.test(l))) return;
      if (!reshaped(l)) other.push(h.newStart + i);
    });
  }
  return findings.map((f, i) => {
    const st = statements[i];
    if (!st || st.verb !== 'creates' || st.object !== 'table') return f;
    const last = st.line + st.sql.split('\n').length - 1;
    if (other.some((l) => l >= st.line && l <= last)) return f;
    const inside = edits.filter((e) => e.line >= st.line && e.line <= last);
    if (!inside.length) return f;
    const what = inside.length === 1 ? inside[0].what : `${inside.length} columns or keys changed`;
    return { ...f, message: `${EDITS_TABLE_IN_PLACE} ${st.name} in place (${what}): existing databases keep the old table until it is altered` };
  });
}

/** A table body's line without its blanks and trailing separator: `PRIMARY KEY (token),` = `PRIMARY KEY (token)`. */
function bodyLineShape(line: string): string {
  return line.replace(/\s+/g, '').replace(/,$/, '').toLowerCase();
}

/**
 * Whether a SQL file's change edits a table's body without an added DDL or column line: a key or index line
 * added, or only column or key lines removed (analyzers/ddl.ts; the generic layer's prefilter for SQL files).
 * The analyzer then decides from the whole statement the line lies in.
 */
export function editsTableBody(change: Change): boolean {
  if (!isSqlPath(change.path) || change.status !== 'modified') return false;
  // a key whose separator alone changed (a trailing comma fixed) is no new key (addedKeyEdits)
  return addedKeyEdits(change).length > 0 || removedBodyEdits(change).length > 0;
}

/** Whether any added line of `change` looks like DDL or a column definition (the engine's prefilter). */
export function addsDdlLine(change: Change): boolean {
  for (const h of change.hunks) {
    let removed: Set<string> | null = null;
    for (const l of h.added) {
      const t = l.length < 4000 ? l : l.slice(0, 4000);
      if (DDL_LINE.test(t) || COLUMN_DEF_LINE.test(t)) return true;
      // a table's options changed; not a dump's AUTO_INCREMENT counter moving (one set per hunk)
      if (TABLE_OPTIONS_LINE.test(t)) {
        removed ??= new Set(h.removed.filter((r) => r.length < 4000).map((r) => r.replace(AUTO_INCREMENT_VALUE, '')));
        if (!removed.has(t.replace(AUTO_INCREMENT_VALUE, ''))) return true;
      }
    }
  }
  return false;
}

/**
 * DDL in the string literals of a code file, with the SQL risk findings of each statement.
 * Only literals that overlap the added lines count; a literal that only names a verb with a
 * placeholder (`"CREATE TABLE " + name`, `"DROP TABLE %s"`) is not a statement.
 */
export function codeDdl(path: string, text: string, isChanged: (line: number) => boolean): { statements: DdlStatement[]; risks: Finding[] } {
  const statements: DdlStatement[] = [];
  const risks: Finding[] = [];
  const lits = codeStrings(path, text);
  for (let i = 0; i < lits.length; i++) {
    const lit = lits[i];
    let v = lit.value;
    let endLine = lit.endLine;
    // `'ALTER TABLE "' . $this->quote('paste') . '" DROP COLUMN "x"'`: a DDL head whose table
    // name is spliced in, continued by the next literals on the next lines (the name's own
    // literal, then the clause). Joined, as the database will receive it.
    if (v.length < 40 && DDL_OPEN_TAIL.test(v)) {
      // [a bare name literal,] then a literal that closes the name and starts a clause
      let j = i + 1;
      if (j < lits.length && /^[\w.]{1,64}$/.test(lits[j].value) && lits[j].line <= lit.endLine + 2) j++;
      const clause = lits[j];
      if (clause && clause.line <= lits[j - 1].endLine + 2 && clause.value.length < 4000 && SPLICED_CLAUSE.test(clause.value)) {
        v = lits.slice(i, j + 1).map((l) => l.value).join('');
        endLine = clause.endLine;
        i = j;
      }
    }
    if (v.length < 12) continue;
    // Cheap first: a DDL verb within the literal's first words.
    if (!DDL_LINE.test(v.length > 4000 ? v.slice(0, 4000) : v)) continue;
    const idx = lineIndex(v);
    const lineOf = (o: number) => lit.line + idx(o) - 1;
    // The whole literal counts as changed when any of its lines is.
    let litChanged = false;
    for (let x = lit.line; x <= endLine && !litChanged; x++) litChanged = isChanged(x);
    if (!litChanged) continue;
    const flavor = detectFlavor(v);
    const named = (s: DdlStatement) => s.name !== '(unnamed)' && !/^(%|\?|\$\d|:\w|\{)/.test(s.name) && !/^(if|not|exists)$/i.test(s.name);
    // The statements whose own lines changed (a table edited inside an install script); when the
    // literal's lines do not map one to one (escapes), every statement of the changed literal.
    let found = ddlStatements(v, flavor, lineOf, isChanged).filter(named);
    if (!found.length) found = ddlStatements(v, flavor, lineOf, () => true).filter(named);
    if (!found.length) continue;
    statements.push(...found);
    risks.push(...analyzeSqlText(v, { flavor, lineOf, isChanged: () => true }).filter((f) => f.kind !== 'data-migration'));
    risks.push(...queuedWorkInSql(v, flavor, lineOf, () => true));
    if (statements.length > 200) break;
  }
  return { statements, risks };
}

/**
 * The `ddl` analyzer: SQL files (statements as `schema-change` findings, plus the SQL risk
 * analyzer's findings) and code files (DDL in string literals).
 */
export const ddlAnalyzer: Analyzer = {
  id: 'ddl',
  needsContent: true,
  analyze(input) {
    const { change, newText } = input;
    if (change.status === 'deleted' || change.hunks.length === 0) return [];
    const changed = addedLineSet(change);
    if (isSqlPath(change.path)) {
      // a column or key dropped from a table edited in place: the statement the removal lies in changed
      const removedEdits = change.status === 'modified' ? removedBodyEdits(change) : [];
      for (const e of removedEdits) changed.add(e.line);
      const findings: Finding[] = [];
      if (newText != null) {
        const text = newText.replace(/\r\n/g, '\n');
        const flavor = flavorFromHint(input.rule.dialect) ?? flavorOfPath(change.path) ?? detectFlavor(text);
        const lineOf = lineIndex(text);
        const found = ddlStatements(text, flavor, lineOf, (l) => changed.has(l));
        // a statement the base already ran, at most made idempotent (`CREATE TABLE t (…)` → `CREATE TABLE IF NOT EXISTS t (…)`)
        const oldText = change.status === 'modified' ? input.oldText?.replace(/\r\n/g, '\n') : undefined;
        const guarded = oldText ? guardOnlyRewrites(found, () => ddlStatements(oldText, flavor, lineIndex(oldText), () => true), () => ddlStatements(text, flavor, lineOf, () => true)) : null;
        const statements = guarded ? found.filter((st) => !guarded.has(st)) : found;
        findings.push(...(change.status === 'modified' ? inPlaceBodyEdits(ddlFindings(statements), statements, change, removedEdits) : ddlFindings(statements)));
        findings.push(...queuedWorkInSql(text, flavor, lineOf, (l) => changed.has(l)));
      }
      findings.push(...sqlAnalyzer.analyze(input).filter((f) => !(f.kind === 'irreversible-migration' && !input.rule.dialect)));
      return findings;
    }
    if (isSqlResourcePath(change.path)) return propertiesDdl(change);
    if (newText == null) return [];
    const text = newText.replace(/\r\n/g, '\n');
    const found = codeDdl(change.path, text, (l) => changed.has(l));
    // a statement the base already ran, its literal value now spliced in by a placeholder (a column type per dialect)
    const placeholders = change.status === 'modified' ? placeholderRewrites(change.path, found.statements, input.oldText, text) : null;
    // a statement the base already ran, at most made idempotent (`create table t` → `create table if not exists t`)
    const guarded = change.status === 'modified' && input.oldText ? guardOnlyRewrites(found.statements, () => codeDdl(change.path, input.oldText!.replace(/\r\n/g, '\n'), () => true).statements, () => codeDdl(change.path, text, () => true).statements) : null;
    const rewritten = placeholders || guarded ? new Set([...(placeholders ?? []), ...(guarded ?? [])]) : null;
    const statements = rewritten ? found.statements.filter((st) => !rewritten.has(st)) : found.statements;
    const dropped = new Set([...(rewritten ?? [])].map((st) => st.line));
    const risks = rewritten ? found.risks.filter((f) => f.line === undefined || !dropped.has(f.line) || statements.some((st) => st.line === f.line)) : found.risks;
    const versions = schemaVersionFindings(change, input.oldText, newText);
    const kept = !versions.length && statements.length ? recreatedUnderKeptVersion(change.path, statements, input.oldText, text) : null;
    if (kept) {
      const names = [...new Set(statements.map((st) => st.name))].slice(0, 5).join(', ');
      return [
        { kind: 'schema-change', severity: 'info', message: `${EDITS_CREATE_IN_PLACE} ${names} in place while the schema version ${kept.name} stays ${kept.value}: changes new databases only`, line: statements[0].line, subject: kept.name },
        ...[...ddlFindings(statements), ...risks].map((f) => (f.severity === 'warning' || f.severity === 'critical' ? { ...f, severity: 'info' as const } : f)),
      ];
    }
    return [...ddlFindings(statements), ...risks, ...versions];
  },
};

/**
 * A resource file of SQL statements keyed by name (`journal-sql.properties`:
 * `create-table=CREATE TABLE %s (…)`, one per dialect): the value of each key is SQL the
 * program runs, as a string literal would be in code.
 */
export function isSqlResourcePath(path: string): boolean {
  return path.toLowerCase().endsWith('.properties');
}

/** DDL in the values of the added lines of a `key=SQL` resource file. */
export function propertiesDdl(change: Change): Finding[] {
  const statements: DdlStatement[] = [];
  const risks: Finding[] = [];
  for (const h of change.hunks) {
    h.added.forEach((raw, i) => {
      if (raw.length > 4000 || !DDL_LINE.test(raw) || /^\s*[#!]/.test(raw)) return;
      // the value: after the key's first `=` or `:` (a key holds no spaces)
      let k = 0;
      while (k < raw.length && raw[k] !== '=' && raw[k] !== ':' && raw[k] !== ' ' && raw[k] !== '\t') k++;
      if (k === 0 || k >= raw.length || (raw[k] !== '=' && raw[k] !== ':')) return;
      const value = raw.slice(k + 1);
      const line = h.newStart + i;
      const flavor = detectFlavor(value);
      // a table named by a placeholder (`CREATE TABLE %s`) is named after its key
      const key = raw.slice(0, k).trim();
      const found = ddlStatements(value, flavor, () => line, () => true).map((st) => (st.name === '(unnamed)' ? { ...st, name: `(${key})` } : st));
      if (!found.length) return;
      statements.push(...found);
      risks.push(...analyzeSqlText(value, { flavor, lineOf: () => line, isChanged: () => true }).filter((f) => f.kind !== 'data-migration'));
    });
    if (statements.length > 200) break;
  }
  return [...ddlFindings(statements), ...risks];
}

/** Queued long-running work in a SQL migration's added statements (for pack rules that run the `sql` analyzer only). */
export function queuedWorkInSqlChange(change: Change, newText: string | null): Finding[] {
  const changed = addedLineSet(change);
  if (newText != null) {
    const text = newText.replace(/\r\n/g, '\n');
    return queuedWorkInSql(text, detectFlavor(text), lineIndex(text), (l) => changed.has(l));
  }
  const out: Finding[] = [];
  for (const h of change.hunks) {
    if (!h.added.length) continue;
    const text = h.added.join('\n');
    const idx = lineIndex(text);
    out.push(...queuedWorkInSql(text, 'unknown', (o) => h.newStart + idx(o) - 1, () => true));
  }
  return out;
}

// ─── a DDL literal made dialect-dependent by a placeholder (issue 11) ───

/** A value spliced into a SQL literal: `%s`, `%[1]v`, `{}`, `{0}`, `{name}`, `${name}`, `#{name}`, `?`, `$1`. */
const SQL_PLACEHOLDER = /%(?:\[\d{1,2}\])?[-+ #0]{0,4}\d{0,4}[sdvqi]|[$#]?\{\w{0,64}\}|\?|\$\d{1,2}/;

/** A statement head that ends where a column's name goes (`alter table t add column `, `… modify `, `… add if not exists `). */
const COLUMN_SLOT_HEAD = /\b(?:add|alter|modify|change|drop|rename)(?: column)?(?: if (?:not )?exists)? ?$/;

/** Blanks collapsed, lower case: statements compared as the database reads them. */
function sqlShape(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Whether `old` is `template` with each placeholder filled by a non-empty run (a glob match: the first
 * fragment a prefix, the last a suffix, the middle ones found leftmost in order; linear in both).
 */
function fillsTemplate(old: string, frags: string[]): boolean {
  const last = frags.length - 1;
  if (!old.startsWith(frags[0])) return false;
  let pos = frags[0].length;
  for (let i = 1; i < last; i++) {
    const at = old.indexOf(frags[i], pos + 1);
    if (at < 0) return false;
    pos = at + frags[i].length;
  }
  return old.length - frags[last].length >= pos + 1 && old.endsWith(frags[last]);
}

/**
 * Statements of a modified code file that the base already held, now with a literal part spliced in by a
 * placeholder (marchat's `ALTER TABLE messages ADD COLUMN edited BOOLEAN DEFAULT 0` → `fmt.Sprintf("ALTER
 * TABLE messages ADD COLUMN edited %s", boolMigrationDefault)`, the type chosen per database): the same
 * statement made dialect-dependent, no new schema. Only a base statement this change replaced counts (it is
 * gone from `newText`), and only when the placeholder stands for a value after the column's name: a new
 * `ADD COLUMN %s` next to the base's still-run `ADD COLUMN email TEXT` is a new column (review15 F10). Null
 * when no statement carries a placeholder.
 */
export function placeholderRewrites(path: string, statements: DdlStatement[], oldText: string | null, newText: string): Set<DdlStatement> | null {
  if (!oldText || statements.length > 200) return null;
  const templated = statements.filter((st) => st.sql.length < 4000 && SQL_PLACEHOLDER.test(st.sql));
  if (!templated.length) return null;
  // the base's statements without placeholders, by what they work on (at most 20 compared per statement: bounded)
  const before = new Map<string, string[]>();
  for (const b of codeDdl(path, oldText.replace(/\r\n/g, '\n'), () => true).statements) {
    if (b.sql.length >= 4000 || SQL_PLACEHOLDER.test(b.sql)) continue;
    const key = `${b.verb} ${b.object} ${b.name.toLowerCase()}`;
    const list = before.get(key) ?? [];
    if (list.length < 20) list.push(sqlShape(b.sql));
    before.set(key, list);
  }
  if (!before.size) return null;
  // the statements the new side still runs literally: a base statement among them was not rewritten
  const still = new Set<string>();
  for (const n of codeDdl(path, newText, () => true).statements) if (n.sql.length < 4000 && !SQL_PLACEHOLDER.test(n.sql)) still.add(sqlShape(n.sql));
  const out = new Set<DdlStatement>();
  for (const st of templated) {
    const frags = sqlShape(st.sql).split(SQL_PLACEHOLDER);
    // the statement's head and name before the first placeholder (`alter table messages add column edited `)
    if (frags.length < 2 || frags[0].length < 16) continue;
    // a placeholder right after `add column` / `alter column` / `modify` stands for the column itself
    if (COLUMN_SLOT_HEAD.test(frags[0])) continue;
    if ((before.get(`${st.verb} ${st.object} ${st.name.toLowerCase()}`) ?? []).some((b) => !still.has(b) && fillsTemplate(b, frags))) out.add(st);
  }
  return out.size ? out : null;
}

// ─── a statement made idempotent (issue 11, session 16) ───

/** A statement's shape without its existence guard: `create table if not exists t` = `create table t`. */
function unguardedShape(sql: string): string {
  return sqlShape(sql).replace(/\bif (?:not )?exists /g, '');
}

/**
 * Statements of a modified file that the base already ran, the same once blanks, case and an existence guard
 * (`IF NOT EXISTS`, `IF EXISTS`) are set aside (Overwatch's `s"create table ${target.tableFullName} "` →
 * `s"create table if not exists ${…} "`, labelled "no upgrade script is required"): the statement made
 * idempotent, or its literal touched for another reason, creates or changes nothing new. A statement whose body
 * changed too keeps its finding (its shape differs). A rewrite replaces a statement of the base: the base must
 * have more statements of that shape than the head still has outside the changed ones (counted, not a set), so
 * a guarded step appended to an ordered migration list that recreates what an earlier step created and a later
 * one dropped is still a schema change (review16 F5). Null when there is none, or no changed statement carries
 * a guard (the files are then not read). `before` lists the base's statements, `after` all the head's (each
 * read once, on demand).
 */
export function guardOnlyRewrites(statements: DdlStatement[], before: () => DdlStatement[], after: () => DdlStatement[]): Set<DdlStatement> | null {
  if (!statements.length || statements.length > 200) return null;
  if (!statements.some((st) => st.sql.length < 4000 && /\bIF\s+(?:NOT\s+)?EXISTS\b/i.test(st.sql))) return null;
  const shapeOf = (st: DdlStatement): string | null => (st.sql.length < 4000 ? `${st.verb} ${st.object} ${unguardedShape(st.sql)}` : null);
  const count = (list: Iterable<DdlStatement>, limit: number): Map<string, number> => {
    const m = new Map<string, number>();
    let n = 0;
    for (const st of list) {
      if (++n > limit) break;
      const k = shapeOf(st);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const changedShapes = statements.map(shapeOf);
  const wanted = new Set(changedShapes.filter((k): k is string => k !== null));
  const old = count(before(), 2000);
  if (![...wanted].some((k) => old.has(k))) return null;
  // the base's statements of each shape not still in the head outside the changed statements: the ones rewritten
  const spare = new Map<string, number>();
  for (const [k, n] of count(after(), 4000)) if (wanted.has(k)) spare.set(k, -n);
  for (const k of changedShapes) if (k !== null) spare.set(k, (spare.get(k) ?? 0) + 1);
  for (const k of wanted) spare.set(k, (old.get(k) ?? 0) + (spare.get(k) ?? 0));
  const out = new Set<DdlStatement>();
  statements.forEach((st, i) => {
    const k = changedShapes[i];
    if (k === null || !(spare.get(k)! > 0)) return;
    spare.set(k, spare.get(k)! - 1);
    out.add(st);
  });
  return out.size ? out : null;
}

// ─── a CREATE edited in place under a schema version that stays (issue 11) ───

/** How the in-place finding starts (ddlFindingShape reads it back). */
const EDITS_CREATE_IN_PLACE = 'edits the creation of';

/**
 * A code file that versions its schema with a constant (`latestDbSchema = "2"`) and whose
 * change only edits `CREATE TABLE`/`CREATE INDEX` statements the old file already ran, while
 * that constant keeps its value: the create runs for new databases only, and the code itself
 * says existing ones stay at the same version (Ergo's MySQL history tables edited in a release
 * whose notes say "no changes to the database format"). Returns the kept constant, or null.
 */
function recreatedUnderKeptVersion(path: string, statements: DdlStatement[], oldText: string | null, newText: string): { name: string; value: number } | null {
  if (!oldText) return null;
  if (!statements.every((st) => st.verb === 'creates' && (st.object === 'table' || st.object === 'index'))) return null;
  const declared = (text: string) => {
    const m = new Map<string, number>();
    for (const line of text.split('\n')) if (VERSION_WORD.test(line)) for (const d of schemaVersionDecls(line)) if (!m.has(d.name)) m.set(d.name, d.value);
    return m;
  };
  const before = declared(oldText);
  if (!before.size) return null;
  let kept: { name: string; value: number } | null = null;
  for (const [name, value] of declared(newText)) if (before.get(name) === value) kept ??= { name, value };
  if (!kept) return null;
  // Every table and index it creates, the old file created too.
  const old = new Set(codeDdl(path, oldText.replace(/\r\n/g, '\n'), () => true).statements.filter((st) => st.verb === 'creates').map((st) => `${st.object} ${st.name.toLowerCase()}`));
  return statements.every((st) => old.has(`${st.object} ${st.name.toLowerCase()}`)) ? kept : null;
}

// ─── schemas synced from model classes at start-up (issue 11, item 6) ────────

/**
 * A column declared on a model, in one line: a Go struct field tagged for GORM/xorm, a JPA /
 * JDO / TypeORM column or relation annotation, an SQLAlchemy `Column(` / `mapped_column(`.
 * Each pattern has one unbounded run at most (linear per line).
 */
const MODEL_COLUMN: Array<[RegExp, RegExp]> = [
  [/\.go$/, /`[^`]*\b(?:gorm|xorm):"/],
  [/\.(?:java|kt|kts|groovy|scala|ts|mts|js|mjs)$/, /@(?:Column|Persistent|Index|Unique|JoinColumn|JoinTable|ManyToOne|OneToMany|OneToOne|ManyToMany|Lob|Embedded|Element|Serialized|Enumerated|Temporal|PrimaryColumn|CreateDateColumn|UpdateDateColumn)\b/],
  // SQLAlchemy: a column, or an index / unique constraint of `__table_args__` (JPA's `@Index` and GORM's
  // `index:` tags are read above by the same lines).
  [/\.py$/, /=\s?(?:db\.|sa\.|sqlalchemy\.)?(?:Column|mapped_column)\(|^\s{0,40}(?:db\.|sa\.|sqlalchemy\.)?(?:Index|UniqueConstraint)\(\s?["']/],
];
/** A model line that declares an index or a constraint, not a column (SQLAlchemy `Index("ix_a", …)`). */
const MODEL_INDEX_LINE = /^\s{0,40}(?:db\.|sa\.|sqlalchemy\.)?(?:Index|UniqueConstraint)\(/;

/** The added lines of `change` that declare a model column (see MODEL_COLUMN). */
export function modelColumnLines(change: Change): { line: number; text: string }[] {
  const re = MODEL_COLUMN.find(([p]) => p.test(change.path))?.[1];
  if (!re) return [];
  const out: { line: number; text: string }[] = [];
  // A declaration the change only reformats (a formatter's spacing, a trailing comment edited) was there before.
  let before: Set<string> | undefined;
  for (const h of change.hunks) {
    h.added.forEach((text, i) => {
      if (text.length < 2000 && re.test(text) && !/^\s*(?:\/\/|#|\*|\/\*)/.test(text)) {
        before ??= new Set(change.hunks.flatMap((x) => x.removed.map((r) => declarationCore(change.path, r))));
        if (!before.has(declarationCore(change.path, text))) out.push({ line: h.newStart + i, text });
      }
    });
  }
  return out;
}

/** A declaration line without blanks and without a trailing comment (`# …`, `// …` after a blank). */
function declarationCore(path: string, text: string): string {
  if (text.length >= 2000) return text;
  const mark = path.endsWith('.py') ? ' #' : ' //';
  const at = text.indexOf(mark);
  return (at >= 0 ? text.slice(0, at) : text).replace(/\s+/g, '');
}

/**
 * The table a line of a model names, in the usual declarations: SQLAlchemy `__tablename__ = "x"` /
 * `Table("x", metadata`, JPA `@Table(name = "x")`, TypeORM `@Entity("x")` / `@Entity({ name: "x" })`,
 * GORM's `TableName() string { return "x" }` on one line. Each pattern has one bounded run.
 */
const MODEL_TABLE: Array<[RegExp, RegExp]> = [
  [/\.py$/, /(?:__tablename__[ \t]{0,4}=[ \t]{0,4}|\bTable\([ \t]{0,4})["']([\w.]{1,80})["']/],
  [/\.(?:java|kt|kts|groovy|scala)$/, /@Table\([^)"]{0,80}\bname[ \t]{0,4}=[ \t]{0,4}"([\w.]{1,80})"/],
  [/\.(?:ts|mts|js|mjs)$/, /@Entity\([ \t]{0,4}(?:\{[^}"'`]{0,40}name:[ \t]{0,4})?["'`]([\w.]{1,80})["'`]/],
  [/\.go$/, /\bTableName\(\)[ \t]{0,4}string[ \t]{0,4}\{[ \t]{0,4}return[ \t]{1,4}"([\w.]{1,80})"/],
];

/** The tables the model declarations of `text` name (see MODEL_TABLE). */
export function modelTables(path: string, text: string): string[] {
  const re = MODEL_TABLE.find(([p]) => p.test(path))?.[1];
  if (!re) return [];
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.length > 2000 || /^\s*(?:\/\/|#|\*|\/\*)/.test(line)) continue;
    const m = re.exec(line);
    if (m) out.add(m[1]);
  }
  return [...out];
}

/** The attribute names of a Python model's columns (`symbol = Column(String)` → symbol); other languages: none read. */
export function modelColumnNames(path: string, text: string): string[] {
  if (!path.endsWith('.py')) return [];
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.length > 2000) continue;
    const m = /^[ \t]{1,16}(\w{1,80})[ \t]{0,4}(?::[^=]{0,80})?=[ \t]?(?:db\.|sa\.|sqlalchemy\.)?(?:Column|mapped_column)\(/.exec(line);
    if (m) out.add(m[1]);
  }
  return [...out];
}

/** `schema-change` findings for the model columns a change adds, in a repository whose schema is synced from its models. */
export function modelColumnFindings(change: Change, evidence: string): Finding[] {
  return modelColumnLines(change).map(({ line, text }) => ({
    kind: 'schema-change' as const,
    message: `${MODEL_INDEX_LINE.test(text) ? 'adds an index to' : 'adds a column to'} a model the schema is created from at start-up: \`${text.trim().slice(0, 80)}\` (learned by the repository profile: ${evidence})`,
    line,
    severity: 'warning' as const,
  }));
}

// ─── a schema version constant bumped (issue 11) ─────────────────────────────

/**
 * Names of a constant that holds the version of the database schema the code expects
 * (`SCHEMAVERSION`, `SCHEMA_VERSION`, `DATABASE_SCHEMA_VERSION`, `DB_VERSION`,
 * `kSchemaVersion`, `currentDbVersion`), compared without case and underscores; with a
 * qualifier, the word `version` may be left out (`latestDbSchema`, `requiredSchema`). A
 * library's own version (`MDB_VERSION_MAJOR`) and API/manifest versions do not end so.
 * A key-value store versions its on-disk format the same way (`DATABASE_FORMAT_VERSION`,
 * `DB_FORMAT_VERSION`, with its `…_FORMAT_MINOR_VERSION` for in-place upgrades: Zebra's RocksDB
 * state, db4o / LMDB / sled stores); a file format named for something else (`CACHE_FORMAT_VERSION`,
 * `EXPORT_FORMAT_VERSION`) does not start with the database's word, and a qualified one is the storage
 * engine's own file format (`ROCKSDB_FORMAT_VERSION`: RocksDB's table format, read back by any newer
 * RocksDB), not the application's schema: only the plain name counts.
 */
const SCHEMA_VERSION_NAME = /^(?:k|current|latest|required|target|expected)?(?:db|database|dbschema|databaseschema|schema)version$|^(?:latest|required|target|expected)(?:db|database)?schema$|^(?:k|current|latest|required|target|expected)?(?:db|database)format(?:major|minor)?version$/;
/**
 * The versions of the database the code supports, as a list whose highest member is the one it
 * upgrades to (`DB_VERSIONS = [6, 7, 8]`: electrumx's UTXO and history databases, upgraded in
 * place at start-up when the stored version is lower).
 */
const SCHEMA_VERSIONS_NAME = /^(?:k|current|supported|known|valid)?(?:db|database|dbschema|databaseschema|schema)versions$/;
/**
 * In the module that opens the database (`db.rs`, `database.py`, `store.go`: DB_MODULE), the
 * version of its format needs no database word (`CURRENT_FORMAT`, `FORMAT_VERSION`, `kFormatVersion`:
 * electrs's RocksDB index, reindexed when the stored format differs).
 */
const FORMAT_VERSION_NAME = /^(?:(?:k|current|latest|required|target|expected)format(?:version)?|k?formatversion)$/;
/**
 * In the same module, the class's or package's own version with no qualifier at all (`$VERSION = 76`
 * of a Perl DBIx::Class schema class, "schema version used for upgrades"; `__version__ = 4` of a Python
 * database class whose code upgrades older files; `const version = 2` of a Go store): read like a
 * format's version (the file must also migrate or upgrade), and only as a whole number (`$VERSION =
 * '1.02'` is a release).
 */
const BARE_VERSION_NAME = /^k?version$/;
/** After the name: a decimal number, quoted or not. */
const DECIMAL_VALUE = /^[ \t]*(?::[ \t]*[\w:<>]{1,40}[ \t]*)?(?:=|:=)[ \t]*["'`]?\d+\.\d/;
/**
 * Whether a bare version constant in `path` may be its database's: a database module (DB_MODULE), not a
 * browser app's state store (`web/src/store.js`: redux-persist's `version` for its own saved state).
 */
function bareVersionModule(path: string): boolean {
  if (!DB_MODULE.test(path)) return false;
  if (!/\.(?:[cm]?[jt]sx?)$/i.test(path)) return true;
  return !path.split('/').slice(0, -1).some((seg) => FRONT_END_FOLDER.has(seg.toLowerCase()));
}
const FRONT_END_FOLDER = new Set(['web', 'webapp', 'frontend', 'front-end', 'ui', 'client', 'www', 'public', 'static', 'store', 'stores', 'redux', 'vuex', 'pinia', 'browser', 'extension']);
/** A module named for the database it opens: `src/db.rs`, `server/database.py`, `internal/store/store.go`, `chain_db.cpp`. */
const DB_MODULE = /(?:^|[/_-])(?:db|database|datastore|store|storage)\.[a-z]{1,5}$/i;

/**
 * Qualified names that say by themselves they are the version the code expects (`latestDbSchema`,
 * `requiredSchemaVersion`): a constant even without `const` on their line (a Go `const ( … )`
 * block). `current…` is not among them: a variable read from the database is often so named.
 */
const EXPECTED_VERSION_NAME = /^(?:latest|required|target|expected)/;

/**
 * After the name: an optional type (`: u32`), then `=`, `:=` or `{`, then the number (`{6}`,
 * `= 6;`), bare or as a string of digits (Go's `latestDbSchema = "12"`).
 */
const AFTER_NAME = /^[ \t]*(?::[ \t]*[\w:<>]{1,40}[ \t]*)?(?:=|:=|\{)[ \t]*\(?[ \t]*(?:(\d{1,9})\b|(["'`])(\d{1,9})\2)/;
/** After a plural name: a list of versions (`= [6, 7]`, `= (0, 1)`, `= {1, 2}`), at most 32 of them. */
const AFTER_NAME_LIST = /^[ \t]*(?::[ \t]*[\w:<>[\]]{1,40}[ \t]*)?(?:=|:=)[ \t]*[[({][ \t]*(\d{1,9}(?:[ \t]*,[ \t]*\d{1,9}){0,31})[ \t]*,?[ \t]*[\])}]/;
/**
 * The number wrapped in a newtype's constructor (`= SchemaVersion(9)`, `= new DbVersion(9)`,
 * `= Version::new(9)`): one argument, closed right after it (`Version(1, 2, 3)` is a release, not a schema).
 */
const AFTER_NAME_WRAPPED = /^[ \t]*(?::[ \t]*[\w:<>]{1,40}[ \t]*)?(?:=|:=)[ \t]*(?:new[ \t]+)?[A-Za-z_]\w{0,40}(?:::[a-z_]\w{0,20})?[ \t]*\([ \t]*(\d{1,9})[ \t]*\)/;
/**
 * A schema version named after the store it versions (`SQL_MARF_SCHEMA_VERSION`,
 * `CHAINSTATE_DB_VERSION`, `peerDbSchemaVersion`): words before `schema version`, `db version`
 * or `database version`. Only a constant's name (UPPER_CASE, `k…`, or after `const`/`static`/…), and
 * read as a database's only where its file also migrates or upgrades something (see
 * schemaVersionFindings): a cache rebuilt on a version change has no migration beside its version.
 */
const QUALIFIED_TAIL = /^(?:(?:db|database)(?:schema)?|schema)$/;
/**
 * Words before `schema version` that name a schema no database of the operator holds (a JSON or API
 * schema, a config file's, a wire protocol's, a cache's), or a version the code does not expect
 * but tolerates (`MIN_DB_VERSION`, `OLDEST_SCHEMA_VERSION`).
 */
const NOT_A_STORE = new Set(['api', 'json', 'jsonschema', 'openapi', 'swagger', 'graphql', 'gql', 'config', 'cfg', 'conf', 'settings', 'manifest', 'protocol', 'proto', 'wire', 'message', 'msg', 'event', 'events', 'cache', 'payload', 'export', 'report', 'min', 'minimum', 'max', 'maximum', 'oldest', 'earliest', 'lowest', 'prev', 'previous', 'old', 'legacy', 'test', 'mock', 'fake']);

/** Whether `name` is a schema version qualified by its store's name (`SQL_MARF_SCHEMA_VERSION`), not by a non-database word. */
export function isQualifiedSchemaVersionName(name: string): boolean {
  if (name.length > 60) return false;
  const w = identWords(name);
  if (w.length < 3 || w[w.length - 1] !== 'version') return false;
  // `…_DB_SCHEMA_VERSION`, `…_DATABASE_VERSION`, `…_SCHEMA_VERSION`
  const tail = w[w.length - 3] === 'db' || w[w.length - 3] === 'database' ? (w[w.length - 2] === 'schema' ? 2 : 1) : 1;
  const store = w.slice(w.length - 1 - tail, w.length - 1).join('');
  if (!QUALIFIED_TAIL.test(store)) return false;
  const qualifiers = w.slice(0, w.length - 1 - tail);
  return qualifiers.length > 0 && qualifiers.every((q) => !NOT_A_STORE.has(q));
}

/** Words that make a declaration a constant. */
const CONSTANT_WORD = /\b(?:const|constexpr|final|readonly|static|val)\b/;
/** After `#define NAME`: the number. */
const AFTER_DEFINE = /^[ \t]+\(?[ \t]*(\d{1,9})\b/;

/** The schema version constants a line declares, with their values: `#define SCHEMAVERSION 5` → [SCHEMAVERSION, 5]. */
export function schemaVersionDecls(text: string, opts: { qualified?: boolean; dbModule?: boolean; bare?: boolean; variable?: boolean } = {}): { name: string; value: number; qualified?: true; format?: true; variable?: true }[] {
  const t = text.length > 2000 ? text.slice(0, 2000) : text;
  const trimmed = t.trimStart();
  if (/^(?:\/\/|#(?!\s*define\b)|--|\*|\/\*)/.test(trimmed)) return [];
  const define = /^#\s*define\b/.test(trimmed);
  const out: { name: string; value: number; qualified?: true; format?: true; variable?: true }[] = [];
  const ident = /[A-Za-z_]\w*/g;
  for (let m = ident.exec(t); m; m = ident.exec(t)) {
    const name = m[0];
    if (name.length > 60) continue;
    const folded = name.toLowerCase().replace(/_/g, '');
    const list = SCHEMA_VERSIONS_NAME.test(folded);
    // A format's version without a database word (FORMAT_VERSION_NAME) is the database's only in a database module, and see schemaVersionFindings.
    const bare = !list && opts.bare === true && BARE_VERSION_NAME.test(folded);
    const format = bare || (!list && opts.dbModule === true && !SCHEMA_VERSION_NAME.test(folded) && FORMAT_VERSION_NAME.test(folded));
    const plain = list || format || SCHEMA_VERSION_NAME.test(folded);
    const qualified = !plain && opts.qualified === true && isQualifiedSchemaVersionName(name);
    if (!plain && !qualified) continue;
    // A type in its declaration's position (`CURRENT_SCHEMA_VERSION: SchemaVersion = SchemaVersion(9)`) is not a name.
    if (/:[ \t]*$/.test(t.slice(Math.max(0, m.index - 8), m.index)) && !/::[ \t]*$/.test(t.slice(Math.max(0, m.index - 8), m.index))) continue;
    // A constant: `#define`, `const`/`constexpr`/`final`/`readonly`, or a constant's name
    // (`SCHEMA_VERSION`, `kSchemaVersion`); a local `uint32_t schemaversion = 0;` is a variable.
    const expected = plain && EXPECTED_VERSION_NAME.test(name.toLowerCase());
    // Python's dunder names (`__version__`) are constants by convention.
    let variable = false;
    if (!define && !expected && !CONSTANT_WORD.test(t.slice(0, m.index)) && !/^(?:[A-Z][A-Z0-9_]*|k[A-Z]\w*|__[a-z]\w*__)$/.test(name)) {
      // A name that says it is the schema version, not spelled as a constant (`current_db_version = 5` in a class
      // body, `schema_version = 18`, a Go `const ( … )` block's `currentSchemaVersion = 12`): read only when the
      // caller asks (see bumpedInPlace), marked as such.
      if (!opts.variable || !plain || list || format) continue;
      variable = true;
    }
    const rest = t.slice(m.index + name.length, m.index + name.length + 80);
    // A release number (`$VERSION = 1.02`, `__version__ = "2.1"`) is the package's, not a schema's.
    if (bare && DECIMAL_VALUE.test(rest)) continue;
    // A Go `:=` declares a local, never the constant.
    if (expected && !define && /^[ \t]*:=/.test(rest)) continue;
    if (list) {
      // the highest version of the list is the one the code upgrades to
      const l = define ? null : AFTER_NAME_LIST.exec(rest);
      if (l) out.push({ name, value: Math.max(...l[1].split(',').map((n) => Number(n.trim()))) });
      continue;
    }
    const v = define ? AFTER_DEFINE.exec(rest) : AFTER_NAME.exec(rest) ?? AFTER_NAME_WRAPPED.exec(rest);
    if (v) out.push(qualified ? { name, value: Number(v[1] ?? v[3]), qualified: true } : format ? { name, value: Number(v[1] ?? v[3]), format: true } : variable ? { name, value: Number(v[1] ?? v[3]), variable: true } : { name, value: Number(v[1] ?? v[3]) });
  }
  return out;
}

/**
 * An identifier that names a migration, an upgrade step or a rebuild of the database's index
 * (`migrate_schema`, `MigrateV3`, `upgradeDb`, `SQL_MIGRATIONS`, electrs's `auto_reindex`).
 */
const MIGRATION_IDENT = /migrat|upgrad|reindex/i;

/**
 * Whether the code of `text` names a migration or an upgrade in an identifier (read through the
 * lexer: comments and strings do not count): what tells a store's schema version (its data is
 * migrated when the version moves) from a cache's or a format's (rebuilt, or refused).
 */
function namesMigration(path: string, text: string | null): boolean {
  const language = text == null ? null : languageOfPath(path);
  if (!language || text == null) return false;
  let found = false;
  scan(language, text, (tok) => {
    if (tok.kind === 'ident' && tok.text.length < 200 && MIGRATION_IDENT.test(tok.text)) found = true;
    return !found;
  });
  return found;
}

/** A cheap test before schemaVersionDecls: every name it accepts holds one of these words. */
const VERSION_WORD = /version|schema/i;
/** The same in a database module (DB_MODULE), where a format's version counts. */
const VERSION_OR_FORMAT_WORD = /version|schema|format/i;

/**
 * The schema versions a hunk raises in place where the name is not spelled as a constant: an added
 * `current_db_version = 6` whose hunk removes `current_db_version = 5` (roundup's rdbms_common.py class
 * attribute, kinto's `schema_version = 18`, ntfy's Go `currentSchemaVersion = 13` in a `const ( … )` block).
 * A local read from the database is never assigned a literal that a release raises; the removed line with
 * the same name and a lower number is what tells the schema's version from such a variable.
 */
function bumpedInPlace(h: { added: readonly string[]; removed: readonly string[] }, word: RegExp): Map<number, { name: string; value: number; old: number }[]> {
  const out = new Map<number, { name: string; value: number; old: number }[]>();
  let removed: Map<string, number> | null = null;
  h.added.forEach((text, i) => {
    if (text.length > 2000 || !word.test(text)) return;
    // The name opens the line (a class attribute, a `const ( … )` entry): not a local declared with its type inside code.
    const vars = schemaVersionDecls(text, { variable: true }).filter((d) => d.variable && text.trimStart().startsWith(d.name));
    if (!vars.length) return;
    if (!removed) {
      removed = new Map();
      for (const r of h.removed) {
        if (r.length > 2000 || !word.test(r)) continue;
        for (const d of schemaVersionDecls(r, { variable: true })) if (d.variable && r.trimStart().startsWith(d.name) && !removed.has(d.name)) removed.set(d.name, d.value);
      }
    }
    const raised = vars.flatMap((d) => {
      const old = removed!.get(d.name);
      return old !== undefined && d.value > old ? [{ name: d.name, value: d.value, old }] : [];
    });
    if (raised.length) out.set(i, raised);
  });
  return out;
}

/** Whether an added line of `change` declares a schema version constant (the engine's prefilter). */
export function addsSchemaVersionLine(change: Change): boolean {
  const dbModule = DB_MODULE.test(change.path);
  const bare = bareVersionModule(change.path);
  const word = dbModule ? VERSION_OR_FORMAT_WORD : VERSION_WORD;
  for (const h of change.hunks) for (const l of h.added) if (word.test(l.length < 2000 ? l : l.slice(0, 2000)) && schemaVersionDecls(l, { qualified: true, dbModule, bare }).length) return true;
  for (const h of change.hunks) if (h.removed.length && bumpedInPlace(h, word).size) return true;
  return false;
}

/**
 * `schema-change` findings for a schema version constant raised by the change (`SCHEMAVERSION
 * 5` → `{6}`) or declared for the first time: the code now expects a database at that version,
 * so starting it upgrades (or refuses) the operators' databases. Unchanged or lowered values,
 * comments, and tests (never read by the generic layer) are nothing.
 */
export function schemaVersionFindings(change: Change, oldText: string | null, newText: string | null = null): Finding[] {
  const before = new Map<string, number>();
  const dbModule = DB_MODULE.test(change.path);
  const bare = bareVersionModule(change.path);
  const word = dbModule ? VERSION_OR_FORMAT_WORD : VERSION_WORD;
  if (oldText) {
    for (const line of oldText.split('\n')) {
      if (!word.test(line)) continue;
      for (const d of schemaVersionDecls(line, { qualified: true, dbModule, bare })) if (!before.has(d.name)) before.set(d.name, d.value);
    }
  }
  const out: Finding[] = [];
  /** Whether the new file migrates, upgrades or reindexes something: asked once, for a store-qualified or format name only. */
  let migrates: boolean | undefined;
  for (const h of change.hunks) {
    const bumped = h.removed.length ? bumpedInPlace(h, word) : null;
    h.added.forEach((text, i) => {
      if (!word.test(text)) return;
      for (const d of bumped?.get(i) ?? []) {
        out.push({ kind: 'schema-change', message: `raises the schema version ${d.name} from ${d.old} to ${d.value}: the database is upgraded when this version starts`, line: h.newStart + i, severity: 'warning', subject: d.name });
      }
      for (const d of schemaVersionDecls(text, { qualified: true, dbModule, bare })) {
        const old = before.get(d.name);
        if (old !== undefined && d.value <= old) continue;
        // A store-qualified name counts when raised (a new one beside is often a renamed step: `…_EXTERNAL_BLOBS_SCHEMA_VERSION = 2`)
        // in a file that migrates.
        if (d.qualified && (old === undefined || !(migrates ??= namesMigration(change.path, newText)))) continue;
        // A format's version (`FORMAT_VERSION`, `CurrentFormat`) in a file named `store.ts` or `storage.go` is as often a
        // browser state store's or an export file's: the database's only where the file also migrates, upgrades or
        // reindexes it (electrs's db.rs: `auto_reindex` when the stored format differs).
        if (d.format && !(migrates ??= namesMigration(change.path, newText))) continue;
        out.push({
          kind: 'schema-change',
          message: old !== undefined ? `raises the schema version ${d.name} from ${old} to ${d.value}: the database is upgraded when this version starts` : `declares the schema version ${d.name} = ${d.value}: the database is versioned and upgraded when this version starts`,
          line: h.newStart + i,
          severity: 'warning',
          subject: d.name,
        });
      }
    });
  }
  return out;
}
