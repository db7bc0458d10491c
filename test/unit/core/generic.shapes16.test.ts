import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { codeDdl, guardOnlyRewrites } from '../../../src/core/analyzers/ddl';
import { impactAt, isMigration } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';
import { assertLinearPrepared, repeatTo } from '../hostile/timing';

// Issue 11, session 16 (mig15): schema changes and look-alikes ex-holdout v14 showed.

// 1. A statement the base already ran, made idempotent: Overwatch (Scala, labelled "No upgrade script is required")
//    turned `s"create table ${target.tableFullName} "` into `s"create table if not exists ${…} "`; an install schema
//    whose `CREATE TABLE t (…)` becomes `CREATE TABLE IF NOT EXISTS t (…)` the same. Nothing new is created; a
//    statement whose body changed too, or a guarded statement the base did not run, is still a schema change.
describe('generic: a statement made idempotent is no schema change', () => {
  const OLD_SCALA = 'class Database {\n  def registerTarget(t: Target): Unit = {\n    val createStatement = s"create table ${t.tableFullName} " +\n      s"USING DELTA location \'${t.tableLocation}\'"\n    spark.sql(createStatement)\n  }\n}\n';
  const NEW_SCALA = OLD_SCALA.replace('s"create table ${', 's"create table if not exists ${');
  const OLD_SQL = '-- schema\n\nCREATE TABLE jobs (\n  id INT NOT NULL,\n  name VARCHAR(64)\n);\n\nCREATE TABLE runs (\n  id INT NOT NULL\n);\n';
  const GO_LIST_OLD = 'package store\n\nimport "database/sql"\n\n// applied in order; the index of the last one applied is kept in schema_version\nvar migrations = []string{\n\t`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)`,\n\t`CREATE INDEX idx_items_name ON items (name)`,\n\t`DROP INDEX idx_items_name`,\n}\n\nfunc Migrate(db *sql.DB, from int) error {\n\tfor _, m := range migrations[from:] {\n\t\tif _, err := db.Exec(m); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n}\n';
  const GO_LIST_NEW = GO_LIST_OLD.replace('\t`DROP INDEX idx_items_name`,\n', '\t`DROP INDEX idx_items_name`,\n\t`CREATE INDEX IF NOT EXISTS idx_items_name ON items (name)`,\n');
  const OLD_KT = 'object Schema {\n  fun create(db: Db) {\n    db.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT)")\n  }\n}\n';

  it('names the statements of a change that the base ran without their guard', () => {
    const oldSt = codeDdl('Db.kt', OLD_KT, () => true).statements;
    const guarded = codeDdl('Db.kt', OLD_KT.replace('CREATE TABLE events', 'CREATE TABLE IF NOT EXISTS events'), () => true).statements;
    assert.equal(guardOnlyRewrites(guarded, () => oldSt, () => guarded)?.size, 1);
    // a column added as well: a new shape
    const widened = codeDdl('Db.kt', OLD_KT.replace('CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT)', 'CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at TEXT, kind TEXT)'), () => true).statements;
    assert.equal(guardOnlyRewrites(widened, () => oldSt, () => widened), null);
    // a guarded table the base did not create
    const fresh = codeDdl('Db.kt', OLD_KT.replace('CREATE TABLE events', 'CREATE TABLE IF NOT EXISTS audits'), () => true).statements;
    assert.equal(guardOnlyRewrites(fresh, () => oldSt, () => fresh), null);
    // no guard in the change: the base is not read
    assert.equal(guardOnlyRewrites(oldSt, () => { throw new Error('read'); }, () => { throw new Error('read'); }), null);
    // review16 F5: a guarded step appended to an ordered list, recreating an index an earlier step created and a
    // later one dropped: the base's statement of that shape is still there, so the new one replaces nothing
    const listOld = codeDdl('migrate.go', GO_LIST_OLD, () => true).statements;
    const listNew = codeDdl('migrate.go', GO_LIST_NEW, () => true).statements;
    const appended = codeDdl('migrate.go', GO_LIST_NEW, (l) => l === 10).statements;
    assert.equal(appended.length, 1);
    assert.equal(guardOnlyRewrites(appended, () => listOld, () => listNew), null);
    // the same step made idempotent in place (the unguarded one removed) is a rewrite
    const inPlace = GO_LIST_OLD.replace('`CREATE INDEX idx_items_name', '`CREATE INDEX IF NOT EXISTS idx_items_name');
    assert.equal(guardOnlyRewrites(codeDdl('migrate.go', inPlace, (l) => l === 8).statements, () => listOld, () => codeDdl('migrate.go', inPlace, () => true).statements)?.size, 1);
  });

  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'src/main/scala/env/Database.scala': OLD_SCALA,
      'db/schema.sql': OLD_SQL,
      'db/install.sql': OLD_SQL,
      'app/src/main/kotlin/Schema.kt': OLD_KT,
      'internal/store/migrate.go': GO_LIST_OLD,
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'src/main/scala/env/Database.scala': NEW_SCALA,
      'db/schema.sql': OLD_SQL.replace(/CREATE TABLE /g, 'CREATE TABLE IF NOT EXISTS '),
      // made idempotent and a column added to jobs
      'db/install.sql': OLD_SQL.replace(/CREATE TABLE /g, 'CREATE TABLE IF NOT EXISTS ').replace('  name VARCHAR(64)\n', '  name VARCHAR(64),\n  owner VARCHAR(64)\n'),
      // a guarded table the base did not create
      'internal/store/migrate.go': GO_LIST_NEW,
      'app/src/main/kotlin/Schema.kt': OLD_KT.replace('  }\n}', '    db.exec("CREATE TABLE IF NOT EXISTS audits (id INTEGER PRIMARY KEY)")\n  }\n}'),
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('Overwatch\'s create table made `if not exists`, and an install schema\'s tables made idempotent, stay silent', () => {
    assert.ok(!isMigration(impactAt(report, 'src/main/scala/env/Database.scala')), JSON.stringify(impactAt(report, 'src/main/scala/env/Database.scala')));
    assert.ok(!isMigration(impactAt(report, 'db/schema.sql')), JSON.stringify(impactAt(report, 'db/schema.sql')));
  });

  it('a table whose body changed too, and a guarded table the base did not create, are schema changes', () => {
    const install = impactAt(report, 'db/install.sql');
    assert.ok(isMigration(install), JSON.stringify(install));
    assert.ok(install!.findings.some((f) => f.kind === 'schema-change' && f.message.includes('jobs')), JSON.stringify(install!.findings));
    assert.ok(!install!.findings.some((f) => f.kind === 'schema-change' && f.message.includes('runs')), JSON.stringify(install!.findings));
    const kt = impactAt(report, 'app/src/main/kotlin/Schema.kt');
    assert.ok(isMigration(kt) && kt!.findings.some((f) => f.message.includes('audits')), JSON.stringify(kt));
  });

  it('a guarded step appended to a migration list, recreating a dropped index, is a schema change (review16 F5)', () => {
    const go = impactAt(report, 'internal/store/migrate.go');
    assert.ok(isMigration(go), JSON.stringify(go));
    assert.ok(go!.findings.some((f) => f.kind === 'schema-change' && f.line === 10 && f.message.includes('idx_items_name')), JSON.stringify(go!.findings));
  });

  it('is linear on near-miss statements', () => {
    const oldSt = codeDdl('a.kt', OLD_KT, () => true).statements;
    for (const unit of [' if not exists', ' IF  NOT  EXISTS ', 'if exists if']) {
      // the input cut into statements under the 4,000-character cut, n changed statements against n base ones (review16 F7)
      const r = assertLinearPrepared(`guard: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => {
        const chunks = (text.match(/[^]{1,3900}/g) ?? []).slice(0, 200); // at most 200 changed statements are read (the 1 MB probe: 780 KB)
        const now = chunks.map((c, i) => ({ ...oldSt[0], line: i + 1, sql: `CREATE TABLE IF NOT EXISTS t ${c}` }));
        const base = chunks.map((c, i) => ({ ...oldSt[0], line: i + 1, sql: `CREATE TABLE t ${c}` }));
        return () => assert.equal(guardOnlyRewrites(now, () => base, () => now)?.size, now.length);
      });
      assert.ok(r.large < 2000);
    }
  });
});
