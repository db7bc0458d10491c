import type { Finding, Severity } from '../types';

/**
 * The one risk model of schema migrations. Every migration reader (plain SQL in
 * `sql.ts`; Rails, Django, Alembic, Knex, TypeORM, Sequelize, Laravel, Doctrine, Ecto,
 * EF Core, Liquibase in `migrationDsl.ts`) turns what it reads into a normalized
 * operation (`RiskOp`) and asks this table what that operation does to a live database:
 * the finding kind, the lock or rewrite it causes, and the safe recipe. So a hazard and
 * its advice are written once, whatever DSL the migration is in.
 *
 * The message is one line of a fixed shape, as strong_migrations explains itself:
 *   `<what it does>: <lock, rewrite or breakage>; safe: <recipe>`
 * and the parts are also on the finding (`hazard`, `lock`, `recipe`) for the checklist
 * planner and for translation (the templates below are the catalog's English entries).
 */

export type RiskOp =
  | 'drop-table'
  | 'drop-column'
  | 'drop-schema'
  | 'drop-database'
  | 'truncate'
  | 'delete-all'
  | 'replace-table'
  | 'rename-table'
  | 'rename-column'
  | 'rename-schema'
  | 'rename-enum-value'
  | 'change-type'
  | 'drop-not-null'
  | 'set-not-null'
  | 'add-column-required'
  | 'add-column-volatile-default'
  | 'add-column-rewrite'
  | 'add-column-json'
  | 'add-column-inline-constraint'
  | 'add-index'
  | 'drop-index'
  | 'concurrently-in-transaction'
  | 'add-foreign-key'
  | 'add-check'
  | 'add-unique'
  | 'add-exclusion'
  | 'add-primary-key'
  | 'validate-in-transaction'
  | 'reindex'
  | 'vacuum-full'
  | 'lock-table'
  | 'table-rewrite'
  | 'rebuild-table'
  | 'detach-partition'
  | 'drop-partition'
  | 'domain-constraint'
  | 'alter-field'
  | 'revert-migration';

type RiskKind = 'destructive-sql' | 'locking-migration';

export interface RiskSpec {
  kind: RiskKind;
  severity: Severity;
  /** What the statement does: `{subject}` and `{detail}` are filled in. */
  what: string;
  /** The lock, rewrite or breakage it causes on a live database. */
  lock: string;
  /** The safe way to get the same result. */
  recipe: string;
}

/** The catalog (English). Keys are stable: translations and the checklist planner use them. */
export const RISKS: Record<RiskOp, RiskSpec> = {
  'drop-table': { kind: 'destructive-sql', severity: 'critical', what: 'drops table {subject}', lock: 'its data is gone and code still reading it fails', recipe: 'stop reading the table in one deploy, drop it in a later one after a backup' },
  'drop-column': { kind: 'destructive-sql', severity: 'critical', what: 'drops column {subject}', lock: 'its data is gone and code still reading it fails', recipe: 'stop reading the column first (e.g. ignored_columns), drop it in a later deploy' },
  'drop-schema': { kind: 'destructive-sql', severity: 'critical', what: 'drops schema {subject}', lock: 'every object in it is gone', recipe: 'move what is still used out first; drop it in a later deploy after a backup' },
  'drop-database': { kind: 'destructive-sql', severity: 'critical', what: 'drops database {subject}', lock: 'all its data is gone', recipe: 'take a backup and drop it by hand outside the migration' },
  truncate: { kind: 'destructive-sql', severity: 'critical', what: 'truncates table {subject}{detail}', lock: 'every row is deleted under an ACCESS EXCLUSIVE lock', recipe: 'delete in batches with a WHERE clause after a backup' },
  'delete-all': { kind: 'destructive-sql', severity: 'critical', what: 'deletes every row of {subject}', lock: 'the data is gone and the table is locked while it runs', recipe: 'delete in batches with a WHERE clause after a backup' },
  'replace-table': { kind: 'destructive-sql', severity: 'critical', what: 'creates table {subject} with force', lock: 'drops the existing table and its data first', recipe: 'create the table without force; drop an old one explicitly in its own migration' },
  'rename-table': { kind: 'destructive-sql', severity: 'critical', what: 'renames table {subject} to {detail}', lock: 'code still using the old name fails until it is deployed', recipe: 'create the new table, write to both, backfill, move reads, then drop the old one' },
  'rename-column': { kind: 'destructive-sql', severity: 'critical', what: 'renames column {subject} to {detail}', lock: 'code still using the old name fails until it is deployed', recipe: 'add the new column, write to both, backfill, move reads, then drop the old one' },
  'rename-schema': { kind: 'destructive-sql', severity: 'critical', what: 'renames schema {subject} to {detail}', lock: 'code still using the old name fails until it is deployed', recipe: 'create the new schema, move objects and code to it, then drop the old one' },
  'rename-enum-value': { kind: 'destructive-sql', severity: 'critical', what: 'renames value {detail} of enum {subject}', lock: 'code still writing the old value fails until it is deployed', recipe: 'add the new value, move code and data to it, then stop using the old one' },
  'change-type': { kind: 'destructive-sql', severity: 'critical', what: 'changes the type of column {subject}{detail}', lock: 'rewrites the table under an ACCESS EXCLUSIVE lock (reads and writes wait)', recipe: 'add a column of the new type, write to both, backfill, move reads, then drop the old one' },
  'drop-not-null': { kind: 'destructive-sql', severity: 'warning', what: 'drops NOT NULL on {subject}', lock: 'readers that assume a value start seeing NULLs', recipe: 'make sure every reader handles NULL before deploying it' },
  'set-not-null': { kind: 'locking-migration', severity: 'warning', what: 'sets {subject} NOT NULL{detail}', lock: 'scans the whole table under an ACCESS EXCLUSIVE lock', recipe: 'add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later transaction, then SET NOT NULL' },
  'add-column-required': { kind: 'locking-migration', severity: 'warning', what: 'adds NOT NULL column {subject} without a database default', lock: 'fails on a non-empty table, and inserts by code not yet deployed fail', recipe: 'add it nullable (or with a database default), backfill, then set NOT NULL' },
  'add-column-volatile-default': { kind: 'locking-migration', severity: 'warning', what: 'adds column {subject} with volatile default {detail}', lock: 'rewrites the table under an ACCESS EXCLUSIVE lock', recipe: 'add the column without a default, set the default, then backfill in batches' },
  'add-column-rewrite': { kind: 'locking-migration', severity: 'warning', what: 'adds {detail} column {subject}', lock: 'rewrites the table under an ACCESS EXCLUSIVE lock', recipe: 'create a new table with the column and move data to it, or fill a plain column in batches' },
  'add-column-json': { kind: 'destructive-sql', severity: 'warning', what: 'adds json column {subject}', lock: 'json has no equality operator: existing SELECT DISTINCT queries on the table fail', recipe: 'use jsonb instead' },
  'add-column-inline-constraint': { kind: 'locking-migration', severity: 'warning', what: 'adds column {subject} with an inline {detail} constraint', lock: 'validates or indexes every row under a lock', recipe: 'add the column plain, then add the constraint NOT VALID (or the index CONCURRENTLY) and validate it separately' },
  'add-index': { kind: 'locking-migration', severity: 'warning', what: 'adds an index on {subject}{detail} without CONCURRENTLY', lock: 'blocks writes to the table while it builds', recipe: 'create it CONCURRENTLY, outside a transaction' },
  'drop-index': { kind: 'locking-migration', severity: 'warning', what: 'drops index {subject} without CONCURRENTLY', lock: 'takes an ACCESS EXCLUSIVE lock on the table', recipe: 'drop it CONCURRENTLY, outside a transaction' },
  'concurrently-in-transaction': { kind: 'locking-migration', severity: 'warning', what: 'runs {detail} CONCURRENTLY on {subject} inside a transaction', lock: 'PostgreSQL refuses it: the migration fails', recipe: 'run it outside a transaction (its own migration, transaction disabled)' },
  'add-foreign-key': { kind: 'locking-migration', severity: 'warning', what: 'adds a foreign key on {subject}{detail}', lock: 'validates every row while writes to both tables are blocked', recipe: 'add it NOT VALID (validate: false), then VALIDATE in a separate transaction' },
  'add-check': { kind: 'locking-migration', severity: 'warning', what: 'adds a CHECK constraint on {subject}{detail}', lock: 'validates every row while writes are blocked', recipe: 'add it NOT VALID (validate: false), then VALIDATE in a separate transaction' },
  'add-unique': { kind: 'locking-migration', severity: 'warning', what: 'adds a UNIQUE constraint on {subject}{detail}', lock: 'builds its index while writes are blocked', recipe: 'create a unique index CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX' },
  'add-exclusion': { kind: 'locking-migration', severity: 'warning', what: 'adds an exclusion constraint on {subject}', lock: 'builds its index and checks every row while writes are blocked', recipe: 'add it on a new table, or in a low-traffic window with a lock timeout' },
  'add-primary-key': { kind: 'locking-migration', severity: 'warning', what: 'adds a primary key on {subject}{detail}', lock: 'builds its index while reads and writes are blocked', recipe: 'create a unique index CONCURRENTLY, then ADD PRIMARY KEY USING INDEX' },
  'validate-in-transaction': { kind: 'locking-migration', severity: 'warning', what: 'validates constraint {detail} on {subject} in the transaction that added it', lock: 'the lock taken to add it is held while every row is checked', recipe: 'validate it in a separate migration (or with the transaction disabled)' },
  reindex: { kind: 'locking-migration', severity: 'warning', what: 'reindexes {subject} without CONCURRENTLY', lock: 'blocks writes (and reads using the index) while it runs', recipe: 'REINDEX … CONCURRENTLY' },
  'vacuum-full': { kind: 'locking-migration', severity: 'warning', what: 'runs {detail} on {subject}', lock: 'rewrites the table under an ACCESS EXCLUSIVE lock', recipe: 'use pg_repack (or REPACK) instead, outside the migration' },
  'lock-table': { kind: 'locking-migration', severity: 'warning', what: 'locks table {subject}{detail}', lock: 'blocks reads or writes until the transaction ends', recipe: 'keep the transaction short and set a lock_timeout' },
  'table-rewrite': { kind: 'locking-migration', severity: 'warning', what: 'rewrites table {subject} ({detail})', lock: 'copies every row under an exclusive lock', recipe: 'run it in a low-traffic window with a lock timeout, or use an online schema-change tool' },
  'rebuild-table': { kind: 'locking-migration', severity: 'warning', what: 'rebuilds table {subject} (drops it and fills a new one with its rows)', lock: 'blocks writes while rows are copied', recipe: 'run it in a low-traffic window; keep the copy batched' },
  'detach-partition': { kind: 'locking-migration', severity: 'warning', what: 'detaches partition {detail} of {subject} without CONCURRENTLY', lock: 'takes an ACCESS EXCLUSIVE lock on the parent table', recipe: 'DETACH PARTITION … CONCURRENTLY' },
  'drop-partition': { kind: 'destructive-sql', severity: 'critical', what: '{detail}s partition of {subject}', lock: 'the partition’s rows are gone', recipe: 'detach it CONCURRENTLY, back it up, then drop it' },
  'domain-constraint': { kind: 'locking-migration', severity: 'warning', what: '{detail} on domain {subject}', lock: 'checks every column of that domain in every table under lock, with no NOT VALID escape', recipe: 'put the CHECK on the columns instead (NOT VALID, then VALIDATE)' },
  'revert-migration': { kind: 'destructive-sql', severity: 'critical', what: 'reverts migration {subject}', lock: 'its steps run backwards: what it added (columns, tables, indexes) is dropped', recipe: 'write the reverse steps out in this migration so each one can be checked' },
  'alter-field': { kind: 'locking-migration', severity: 'warning', what: 'alters field {subject}{detail}', lock: 'may rewrite the table or set NOT NULL under an ACCESS EXCLUSIVE lock', recipe: 'check `manage.py sqlmigrate`; change types with a new field and a backfill, relax constraints only' },
};

/** Fills a template: `{subject}`, `{detail}`. */
function fill(template: string, subject: string, detail: string): string {
  return template.replace('{subject}', subject).replace('{detail}', detail);
}

/** The finding of an operation: one templated line, with its parts as data. */
export function riskFinding(op: RiskOp, subject: string | null | undefined, opts: { detail?: string; line?: number; subjectKey?: string } = {}): Finding {
  const spec = RISKS[op];
  const what = fill(spec.what, subject ?? '?', opts.detail ?? '');
  const key = opts.subjectKey ?? subject ?? undefined;
  return {
    kind: spec.kind,
    message: `${what}: ${spec.lock}; safe: ${spec.recipe}`,
    ...(opts.line !== undefined ? { line: opts.line } : {}),
    severity: spec.severity,
    ...(key ? { subject: key } : {}),
    hazard: op,
    lock: spec.lock,
    recipe: spec.recipe,
  };
}
