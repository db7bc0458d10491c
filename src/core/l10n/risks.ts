import { RISKS, type RiskOp } from '../analyzers/migrationRisk';

/**
 * Simplified Chinese of the migration risk model (src/core/analyzers/migrationRisk.ts):
 * what an operation does, the lock or breakage it causes, and the safe recipe, with the
 * same `{subject}` / `{detail}` placeholders. A new RiskOp needs its row here (the
 * catalog test fails otherwise).
 */
export const RISKS_ZH: Record<RiskOp, { what: string; lock: string; recipe: string }> = {
  'drop-table': { what: '删除表 {subject}', lock: '表中数据将丢失，仍读取它的代码会出错', recipe: '先在一次部署中停止读取该表，备份后在之后的部署中再删除' },
  'drop-column': { what: '删除列 {subject}', lock: '列中数据将丢失，仍读取它的代码会出错', recipe: '先停止读取该列（例如 ignored_columns），在之后的部署中再删除' },
  'drop-schema': { what: '删除模式 {subject}', lock: '其中的所有对象都将丢失', recipe: '先把仍在使用的对象移出，备份后在之后的部署中再删除' },
  'drop-database': { what: '删除数据库 {subject}', lock: '其中的所有数据都将丢失', recipe: '先备份，再在迁移之外手动删除' },
  truncate: { what: '清空表 {subject}{detail}', lock: '在 ACCESS EXCLUSIVE 锁下删除所有行', recipe: '备份后用带 WHERE 条件的语句分批删除' },
  'delete-all': { what: '删除 {subject} 的全部数据行', lock: '数据将丢失，运行期间表被锁定', recipe: '备份后用带 WHERE 条件的语句分批删除' },
  'replace-table': { what: '用 force 创建表 {subject}', lock: '会先删除现有的表及其数据', recipe: '不带 force 创建表；在单独的迁移中显式删除旧表' },
  'rename-table': { what: '将表 {subject} 改名为 {detail}', lock: '在新代码部署前，仍使用旧名称的代码会出错', recipe: '创建新表并同时写入两者，回填数据，切换读取后再删除旧表' },
  'rename-column': { what: '将列 {subject} 改名为 {detail}', lock: '在新代码部署前，仍使用旧名称的代码会出错', recipe: '添加新列并同时写入两者，回填数据，切换读取后再删除旧列' },
  'rename-schema': { what: '将模式 {subject} 改名为 {detail}', lock: '在新代码部署前，仍使用旧名称的代码会出错', recipe: '创建新模式，把对象和代码迁移过去后再删除旧模式' },
  'rename-enum-value': { what: '修改枚举 {subject} 的值 {detail}', lock: '在新代码部署前，仍写入旧值的代码会出错', recipe: '先添加新值，把代码和数据迁移过去后再停用旧值' },
  'change-type': { what: '修改列 {subject} 的类型{detail}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表（读写都要等待）', recipe: '添加新类型的列并同时写入两者，回填数据，切换读取后再删除旧列' },
  'drop-not-null': { what: '去掉 {subject} 的 NOT NULL', lock: '假定有值的读取方会开始读到 NULL', recipe: '部署前确认每个读取方都能处理 NULL' },
  'set-not-null': { what: '将 {subject} 设为 NOT NULL{detail}', lock: '在 ACCESS EXCLUSIVE 锁下扫描整张表', recipe: '先添加 CHECK (col IS NOT NULL) NOT VALID，在之后的事务中 VALIDATE，再 SET NOT NULL' },
  'add-column-required': { what: '新增没有数据库默认值的 NOT NULL 列 {subject}', lock: '表非空时会失败，且尚未部署的代码插入数据会出错', recipe: '先以可空（或带数据库默认值）方式添加，回填后再设为 NOT NULL' },
  'add-column-volatile-default': { what: '新增带易变默认值 {detail} 的列 {subject}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表', recipe: '先添加不带默认值的列，再设置默认值，然后分批回填' },
  'add-column-rewrite': { what: '新增 {detail} 列 {subject}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表', recipe: '新建带该列的表并迁移数据，或添加普通列后分批填充' },
  'add-column-json': { what: '新增 json 列 {subject}', lock: 'json 没有相等运算符：该表上现有的 SELECT DISTINCT 查询会失败', recipe: '改用 jsonb' },
  'add-column-inline-constraint': { what: '新增带内联 {detail} 约束的列 {subject}', lock: '在锁下校验或索引每一行', recipe: '先添加普通列，再以 NOT VALID 添加约束（或 CONCURRENTLY 建索引），然后单独校验' },
  'add-index': { what: '在 {subject}{detail} 上新增索引但未使用 CONCURRENTLY', lock: '构建期间阻塞对表的写入', recipe: '在事务之外用 CONCURRENTLY 创建' },
  'drop-index': { what: '删除索引 {subject} 但未使用 CONCURRENTLY', lock: '对表加 ACCESS EXCLUSIVE 锁', recipe: '在事务之外用 CONCURRENTLY 删除' },
  'concurrently-in-transaction': { what: '在事务中对 {subject} 运行 {detail} CONCURRENTLY', lock: 'PostgreSQL 会拒绝：迁移失败', recipe: '在事务之外运行（单独的迁移，关闭事务）' },
  'add-foreign-key': { what: '在 {subject}{detail} 上新增外键', lock: '校验每一行，期间两张表的写入都被阻塞', recipe: '以 NOT VALID（validate: false）添加，再在单独的事务中 VALIDATE' },
  'add-check': { what: '在 {subject}{detail} 上新增 CHECK 约束', lock: '校验每一行，期间写入被阻塞', recipe: '以 NOT VALID（validate: false）添加，再在单独的事务中 VALIDATE' },
  'add-unique': { what: '在 {subject}{detail} 上新增 UNIQUE 约束', lock: '构建索引期间写入被阻塞', recipe: '先用 CONCURRENTLY 创建唯一索引，再 ADD CONSTRAINT … UNIQUE USING INDEX' },
  'add-exclusion': { what: '在 {subject} 上新增排他约束', lock: '构建索引并检查每一行，期间写入被阻塞', recipe: '在新表上添加，或在低流量时段设置锁超时后添加' },
  'add-primary-key': { what: '在 {subject}{detail} 上新增主键', lock: '构建索引期间读写都被阻塞', recipe: '先用 CONCURRENTLY 创建唯一索引，再 ADD PRIMARY KEY USING INDEX' },
  'validate-in-transaction': { what: '在添加约束 {detail} 的同一事务中校验 {subject} 上的该约束', lock: '添加时获得的锁在检查每一行期间一直持有', recipe: '在单独的迁移中（或关闭事务）校验' },
  reindex: { what: '重建 {subject} 的索引但未使用 CONCURRENTLY', lock: '运行期间阻塞写入（以及使用该索引的读取）', recipe: 'REINDEX … CONCURRENTLY' },
  'vacuum-full': { what: '在 {subject} 上运行 {detail}', lock: '在 ACCESS EXCLUSIVE 锁下重写整张表', recipe: '改用 pg_repack（或 REPACK），并在迁移之外运行' },
  'lock-table': { what: '锁定表 {subject}{detail}', lock: '在事务结束前阻塞读或写', recipe: '保持事务简短并设置 lock_timeout' },
  'table-rewrite': { what: '重写表 {subject}（{detail}）', lock: '在排他锁下复制每一行', recipe: '在低流量时段设置锁超时后运行，或使用在线表结构变更工具' },
  'rebuild-table': { what: '重建表 {subject}（删除原表，并用其数据行填充新表）', lock: '复制数据期间阻塞写入', recipe: '在低流量时段运行，并分批复制' },
  'detach-partition': { what: '分离 {subject} 的分区 {detail} 但未使用 CONCURRENTLY', lock: '对父表加 ACCESS EXCLUSIVE 锁', recipe: 'DETACH PARTITION … CONCURRENTLY' },
  'drop-partition': { what: '{detail} {subject} 的分区', lock: '分区中的数据将丢失', recipe: '先用 CONCURRENTLY 分离并备份，再删除' },
  'domain-constraint': { what: '在域 {subject} 上 {detail}', lock: '在锁下检查每张表中使用该域的每一列，且无法使用 NOT VALID', recipe: '改为在各列上添加 CHECK（先 NOT VALID，再 VALIDATE）' },
  'revert-migration': { what: '还原迁移 {subject}', lock: '其步骤会反向执行：它添加的列、表、索引都会被删除', recipe: '在本迁移中写出反向步骤，以便逐一检查' },
  'alter-field': { what: '修改字段 {subject}{detail}', lock: '可能在 ACCESS EXCLUSIVE 锁下重写表或设置 NOT NULL', recipe: '检查 `manage.py sqlmigrate`；改类型请新建字段并回填，约束只放宽不收紧' },
};

/** Catalog rows of the risk model: `<what>: <lock>; safe: <recipe>`, with and without a detail. */
export function riskRows(): [string, string][] {
  const rows: [string, string][] = [];
  const ph = (x: string) => x.replace('{subject}', '{s}').replace('{detail}', '{d}');
  // A detail glued to the subject, or ending the phrase, may be empty: the row without it too.
  const variants = (en: string, zh: string): [string, string][] => (/\{s\}\{d\}|\{d\}$|\{d\}:/.test(en) ? [[en, zh], [en.replace('{d}', ''), zh.replace('{d}', '')]] : [[en, zh]]);
  for (const op of Object.keys(RISKS) as RiskOp[]) {
    const en = RISKS[op];
    const zh = RISKS_ZH[op];
    rows.push(...variants(`${ph(en.what)}: ${en.lock}; safe: ${en.recipe}`, `${ph(zh.what)}：${zh.lock}；安全做法：${zh.recipe}`));
    rows.push(...variants(ph(en.what), ph(zh.what)), [en.lock, zh.lock], [en.recipe, zh.recipe]);
  }
  return rows;
}
