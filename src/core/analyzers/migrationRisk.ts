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
  'rebuild-table': { kind: 'locking-migration', severity: 'warning', what: 'rebuilds table {subject} (copies rows, drops and renames)', lock: 'blocks writes while rows are copied', recipe: 'run it in a low-traffic window; keep the copy batched' },
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

/**
 * Simplified Chinese for the catalog (what / lock / recipe, same placeholders), for the
 * central message catalog to pick up; `riskFinding` itself writes English.
 */
export const RISKS_ZH: Record<RiskOp, { what: string; lock: string; recipe: string }> = {
  'drop-table': { what: '删除表 {subject}', lock: '数据丢失，仍在读取它的代码会失败', recipe: '先部署不再读取该表的代码，备份后在之后的部署中删除' },
  'drop-column': { what: '删除列 {subject}', lock: '数据丢失，仍在读取它的代码会失败', recipe: '先停止读取该列（如 ignored_columns），在之后的部署中删除' },
  'drop-schema': { what: '删除 schema {subject}', lock: '其中所有对象都会丢失', recipe: '先迁出仍在使用的对象，备份后在之后的部署中删除' },
  'drop-database': { what: '删除数据库 {subject}', lock: '其全部数据都会丢失', recipe: '备份后在迁移之外手工删除' },
  truncate: { what: '清空表 {subject}{detail}', lock: '在 ACCESS EXCLUSIVE 锁下删除所有行', recipe: '备份后用带 WHERE 的分批删除' },
  'delete-all': { what: '删除 {subject} 的所有行', lock: '数据丢失，执行期间锁表', recipe: '备份后用带 WHERE 的分批删除' },
  'replace-table': { what: '以 force 方式创建表 {subject}', lock: '会先删除现有的表及其数据', recipe: '不用 force 创建；旧表在单独的迁移中显式删除' },
  'rename-table': { what: '将表 {subject} 重命名为 {detail}', lock: '使用旧名称的代码在部署前会失败', recipe: '新建表，双写，回填，迁移读取，再删除旧表' },
  'rename-column': { what: '将列 {subject} 重命名为 {detail}', lock: '使用旧名称的代码在部署前会失败', recipe: '新增列，双写，回填，迁移读取，再删除旧列' },
  'rename-schema': { what: '将 schema {subject} 重命名为 {detail}', lock: '使用旧名称的代码在部署前会失败', recipe: '新建 schema，迁移对象和代码，再删除旧的' },
  'rename-enum-value': { what: '重命名枚举 {subject} 的值 {detail}', lock: '仍写入旧值的代码在部署前会失败', recipe: '先新增值，迁移代码和数据，再停用旧值' },
  'change-type': { what: '修改列 {subject} 的类型{detail}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表（读写都要等待）', recipe: '新增目标类型的列，双写，回填，迁移读取，再删除旧列' },
  'drop-not-null': { what: '去掉 {subject} 的 NOT NULL', lock: '假定有值的读取方会开始读到 NULL', recipe: '部署前确认所有读取方都能处理 NULL' },
  'set-not-null': { what: '将 {subject} 设为 NOT NULL{detail}', lock: '在 ACCESS EXCLUSIVE 锁下扫描整张表', recipe: '先加 CHECK (col IS NOT NULL) NOT VALID，在另一个事务中 VALIDATE，再 SET NOT NULL' },
  'add-column-required': { what: '新增没有数据库默认值的 NOT NULL 列 {subject}', lock: '非空表上会失败，尚未部署的代码插入时会失败', recipe: '先以可空（或带数据库默认值）新增，回填后再设为 NOT NULL' },
  'add-column-volatile-default': { what: '新增带易变默认值 {detail} 的列 {subject}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表', recipe: '先不带默认值新增列，再设置默认值，然后分批回填' },
  'add-column-rewrite': { what: '新增 {detail} 列 {subject}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表', recipe: '建新表并迁移数据，或新增普通列后分批填充' },
  'add-column-json': { what: '新增 json 列 {subject}', lock: 'json 没有相等运算符：表上现有的 SELECT DISTINCT 查询会失败', recipe: '改用 jsonb' },
  'add-column-inline-constraint': { what: '新增带内联 {detail} 约束的列 {subject}', lock: '在锁下校验或索引每一行', recipe: '先新增普通列，再以 NOT VALID 加约束（或 CONCURRENTLY 建索引）并单独校验' },
  'add-index': { what: '在 {subject}{detail} 上不带 CONCURRENTLY 创建索引', lock: '建索引期间阻塞对表的写入', recipe: '在事务之外用 CONCURRENTLY 创建' },
  'drop-index': { what: '不带 CONCURRENTLY 删除索引 {subject}', lock: '对表加 ACCESS EXCLUSIVE 锁', recipe: '在事务之外用 CONCURRENTLY 删除' },
  'concurrently-in-transaction': { what: '在事务内对 {subject} 执行 {detail} CONCURRENTLY', lock: 'PostgreSQL 会拒绝：迁移失败', recipe: '在事务之外执行（单独的迁移，关闭事务）' },
  'add-foreign-key': { what: '在 {subject} 上新增外键{detail}', lock: '校验每一行，期间两张表的写入都被阻塞', recipe: '以 NOT VALID（validate: false）新增，再在另一个事务中 VALIDATE' },
  'add-check': { what: '在 {subject} 上新增 CHECK 约束{detail}', lock: '校验每一行，期间写入被阻塞', recipe: '以 NOT VALID（validate: false）新增，再在另一个事务中 VALIDATE' },
  'add-unique': { what: '在 {subject} 上新增 UNIQUE 约束{detail}', lock: '建索引期间写入被阻塞', recipe: '先 CONCURRENTLY 建唯一索引，再 ADD CONSTRAINT … UNIQUE USING INDEX' },
  'add-exclusion': { what: '在 {subject} 上新增排他约束', lock: '建索引并检查每一行，期间写入被阻塞', recipe: '在新表上添加，或在低峰期设置 lock_timeout 后执行' },
  'add-primary-key': { what: '在 {subject} 上新增主键{detail}', lock: '建索引期间读写都被阻塞', recipe: '先 CONCURRENTLY 建唯一索引，再 ADD PRIMARY KEY USING INDEX' },
  'validate-in-transaction': { what: '在添加约束 {detail} 的同一事务中校验 {subject}', lock: '添加时取得的锁在检查每一行期间一直持有', recipe: '在单独的迁移中（或关闭事务）校验' },
  reindex: { what: '不带 CONCURRENTLY 重建 {subject} 的索引', lock: '执行期间阻塞写入（以及用到该索引的读取）', recipe: 'REINDEX … CONCURRENTLY' },
  'vacuum-full': { what: '对 {subject} 执行 {detail}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表', recipe: '在迁移之外改用 pg_repack（或 REPACK）' },
  'lock-table': { what: '锁定表 {subject}{detail}', lock: '事务结束前阻塞读或写', recipe: '保持事务简短并设置 lock_timeout' },
  'table-rewrite': { what: '重写表 {subject}（{detail}）', lock: '在排他锁下复制每一行', recipe: '在低峰期设置 lock_timeout 执行，或使用在线变更工具' },
  'rebuild-table': { what: '重建表 {subject}（复制行、删除并重命名）', lock: '复制期间阻塞写入', recipe: '在低峰期执行，并分批复制' },
  'detach-partition': { what: '不带 CONCURRENTLY 分离 {subject} 的分区 {detail}', lock: '对父表加 ACCESS EXCLUSIVE 锁', recipe: 'DETACH PARTITION … CONCURRENTLY' },
  'drop-partition': { what: '{detail} {subject} 的分区', lock: '该分区的行会丢失', recipe: '先 CONCURRENTLY 分离并备份，再删除' },
  'domain-constraint': { what: '在 domain {subject} 上{detail}', lock: '在锁下检查所有表中使用该 domain 的每一列，且无法 NOT VALID', recipe: '改在各列上加 CHECK（NOT VALID 后再 VALIDATE）' },
  'alter-field': { what: '修改字段 {subject}{detail}', lock: '可能在 ACCESS EXCLUSIVE 锁下重写表或设置 NOT NULL', recipe: '用 `manage.py sqlmigrate` 检查；改类型用新字段加回填，只放宽约束' },
  'revert-migration': { what: '回滚迁移 {subject}', lock: '其步骤反向执行：它新增的列、表、索引会被删除', recipe: '在本迁移中写出反向步骤，逐一检查' },
};
