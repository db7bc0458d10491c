import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { dataMigrationModulePlace, isSchemaOperationName } from '../../../src/core/analyzers/schemaCalls';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 11 (mig10): schema changes in shapes ex-holdout v9 showed and the generic layer missed.
// 1. An upgrade script added beside the older scripts of its sequence in a documentation folder
//    (koji: `docs/schema-upgrade-1.25-1.26.sql`, the script operators run; docs are otherwise never read).
// Each with the look-alikes that must stay silent.

describe('generic: an upgrade script added to its sequence in a documentation folder', () => {
  const repo = new TestRepo();
  let report: Report;
  const step = (from: string, to: string, body: string) => `-- upgrade script to migrate the database schema\n-- from version ${from} to ${to}\n\nBEGIN;\n${body}\nCOMMIT;\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# hub\n',
      'hub/app.py': 'def main():\n    pass\n',
      'docs/schema.sql': 'CREATE TABLE channels (id SERIAL PRIMARY KEY);\n',
      'docs/schema-upgrade-1.1-1.2.sql': step('1.1', '1.2', 'ALTER TABLE channels ADD COLUMN name TEXT;'),
      'docs/schema-upgrade-1.2-1.3.sql': step('1.2', '1.3', 'CREATE INDEX channels_name ON channels(name);'),
      // a folder of documentation with one lone upgrade script: no sequence
      'doc/admin/upgrade-2.sql': step('1', '2', 'ALTER TABLE hosts ADD COLUMN arch TEXT;'),
      // numbered steps in an upgrade folder of the documentation: a sequence of another spelling
      'doc/upgrade/040.sql': 'ALTER TABLE hosts ADD COLUMN kernel TEXT;\n',
      'doc/upgrade/041.sql': 'CREATE INDEX hosts_kernel ON hosts(kernel);\n',
      // the examples of a tutorial
      'docs/tutorial/example-1.sql': 'CREATE TABLE pets (id INT);\n',
      'docs/tutorial/example-2.sql': 'CREATE TABLE owners (id INT);\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'docs/schema-upgrade-1.3-1.4.sql': step('1.3', '1.4', 'ALTER TABLE channels ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT true;'),
      // the next release's script, with no change: "this version introduced no changes in db schema"
      'docs/schema-upgrade-1.4-1.5.sql': '-- upgrade script to migrate the database schema\n-- from version 1.4 to 1.5\n\n-- This version introduced no changes in db schema\n',
      'doc/admin/upgrade-3.sql': step('2', '3', 'ALTER TABLE hosts ADD COLUMN os TEXT;'),
      'doc/upgrade/042.sql': 'ALTER TABLE hosts ADD COLUMN release TEXT;\n',
      'docs/tutorial/example-3.sql': 'CREATE TABLE visits (id INT);\n',
      'docs/tutorial/upgrade-example-3.sql': 'ALTER TABLE pets ADD COLUMN name TEXT;\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the new step of the sequence is a schema change with its statements', () => {
    const i = impactAt(report, 'docs/schema-upgrade-1.3-1.4.sql');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => x.path)));
    assert.equal(i!.rule, 'generic.sql-schema');
    assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /channels/.test(f.message ?? '')));
  });
  it('a numbered step added beside the older ones of an upgrade folder is one too (doc/upgrade/042.sql)', () => {
    const i = impactAt(report, 'doc/upgrade/042.sql');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => x.path)));
    assert.equal(i!.rule, 'generic.sql-schema');
    assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /hosts/.test(f.message ?? '')));
  });
  it('a step that changes nothing, a lone upgrade script and a tutorial\'s examples are nothing', () => {
    for (const p of ['docs/schema-upgrade-1.4-1.5.sql', 'doc/admin/upgrade-3.sql', 'docs/tutorial/example-3.sql', 'docs/tutorial/upgrade-example-3.sql']) {
      assert.equal(isMigration(impactAt(report, p)), false, p);
    }
  });
});

// 2. Schema operations the project's own upgrade code calls by name, with the table as a literal
//    (mattermost, Go: `sqlStore.CreateColumnIfNotExists("Sessions", …)` in upgradeDatabaseToVersion526;
//    bugzilla, Perl: `$dbh->bz_alter_column('flagtypes', 'id', …)` in Bugzilla/Install/DB.pm).
describe('generic: schema operations called by name in upgrade code', () => {
  it('names a schema operation by a verb and a schema object, with the tails helpers use', () => {
    for (const n of ['CreateColumnIfNotExists', 'CreateColumnIfNotExistsNoDefault', 'AlterColumnTypeIfExists', 'AlterPrimaryKey', 'bz_add_column', 'bz_drop_index', 'add_index', 'dropTable', 'RemoveColumnIfExists', 'renameColumn', 'AddForeignKey', 'addUniqueIndex']) {
      assert.equal(isSchemaOperationName(n), true, n);
    }
    for (const n of ['DoesColumnExist', 'GetColumnInfo', 'getAddColumnSQL', 'generateAddColumn', 'buildCreateTable', 'addColumnButton', 'TableColumn', 'add', 'createTableRow', 'isDropIndex', 'handleAddColumn', 'canAlterTable', 'CreateIndexesForTeams']) {
      assert.equal(isSchemaOperationName(n), false, n);
    }
  });

  const repo = new TestRepo();
  let report: Report;
  const goUpgrade = (steps: string) => `package sqlstore\n\nfunc upgradeDatabase(s SqlStore) {\n\tupgradeDatabaseToVersion523(s)\n}\n\nfunc upgradeDatabaseToVersion523(s SqlStore) {\n\ts.CreateColumnIfNotExists("Posts", "HasReactions", "boolean", "boolean", "0")\n}\n${steps}`;
  const perlDb = (body: string) => `package App::Install::DB;\nuse strict;\n\nsub update_table_definitions {\n    my $dbh = App->dbh;\n    _migrate_user_tags();\n${body}}\n\nsub _migrate_user_tags {\n    my $dbh = App->dbh;\n}\n\n1;\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# chat\n',
      'store/sqlstore/upgrade.go': goUpgrade(''),
      'lib/App/Install/DB.pm': perlDb("    $dbh->bz_add_column('bugs', 'votes', {TYPE => 'INT2', NOTNULL => 1});\n"),
      'lib/App/Install/Legacy.pm': perlDb("    $dbh->bz_add_column('bugs', 'votes', {TYPE => 'INT2', NOTNULL => 1});\n    $dbh->bz_alter_column('series', 'query', {TYPE => 'MEDIUMTEXT', NOTNULL => 1});\n"),
      'web/editor.go': 'package web\n\nfunc render(e *Editor) {\n\te.Title("tables")\n}\n',
      'store/sqlstore/helpers.go': 'package sqlstore\n\n// MigrateAll runs the upgrade.\nfunc MigrateAll() {}\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'store/sqlstore/upgrade.go': goUpgrade('\nfunc upgradeDatabaseToVersion524(s SqlStore) {\n\ts.CreateColumnIfNotExists("UserGroups", "AllowReference", "boolean", "boolean", "0")\n\ts.AlterPrimaryKey("Reactions", []string{"PostId", "UserId", "EmojiName"})\n}\n'),
      'lib/App/Install/DB.pm': perlDb("    $dbh->bz_add_column('bugs', 'votes', {TYPE => 'INT2', NOTNULL => 1});\n    $dbh->bz_alter_column('flagtypes', 'id', {TYPE => 'MEDIUMSERIAL', NOTNULL => 1, PRIMARYKEY => 1});\n"),
      // reformatted: the same calls, laid out anew (perltidy)
      'lib/App/Install/Legacy.pm': perlDb("  $dbh->bz_add_column('bugs', 'votes',\n      {TYPE => 'INT2', NOTNULL => 1});\n  $dbh->bz_alter_column('series', 'query',\n      {TYPE => 'MEDIUMTEXT', NOTNULL => 1});\n"),
      // a schema editor's screen, in a module that migrates nothing
      'web/editor.go': 'package web\n\nfunc render(e *Editor) {\n\te.Title("tables")\n\te.AddColumn("name")\n\te.DropTable("pets")\n}\n',
      // the helpers themselves, declared and called with a variable: no operation on a table of this schema
      'store/sqlstore/helpers.go': 'package sqlstore\n\n// MigrateAll runs the upgrade.\nfunc MigrateAll() {}\n\nfunc (s SqlStore) CreateColumnIfNotExists(table string, column string) bool {\n\treturn s.addColumn(table, column)\n}\n\nfunc check(s SqlStore) bool {\n\treturn s.DoesColumnExist("Posts", "FileIds")\n}\n',
      'store/sqlstore/upgrade_test.go': 'package sqlstore\n\nfunc TestUpgrade(t *testing.T) {\n\tupgradeDatabase(s)\n\ts.CreateColumnIfNotExists("Tests", "X", "int", "int", "0")\n}\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a new upgrade step calling schema operations on literal tables is a schema change (Go, Perl)', () => {
    const go = impactAt(report, 'store/sqlstore/upgrade.go');
    assert.ok(isMigration(go), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    assert.deepEqual(go!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['schema operation CreateColumnIfNotExists on UserGroups', 'schema operation AlterPrimaryKey on Reactions']);
    assert.match(translateMessage(go!.findings[0].message!) ?? '', /数据库结构操作 CreateColumnIfNotExists/);
    const pl = impactAt(report, 'lib/App/Install/DB.pm');
    assert.ok(isMigration(pl));
    // the call the base already made is not new
    assert.deepEqual(pl!.findings.map((f) => f.message), ['schema operation bz_alter_column on flagtypes']);
    assert.equal(pl!.findings.some((f) => f.kind === 'migration-edited'), false);
  });
  it('reformatted calls, a schema editor, the helpers\' declarations, a variable table and a test are nothing', () => {
    for (const p of ['lib/App/Install/Legacy.pm', 'web/editor.go', 'store/sqlstore/helpers.go', 'store/sqlstore/upgrade_test.go']) {
      assert.equal(isMigration(impactAt(report, p)), false, p);
    }
  });
});

// 3. A migration module added to the data layer (garage 0.6, Rust: `src/model/migrate.rs`, converting
//    the 0.5 tables; lnd: `channeldb/migration31/migration.go`; kinto: `core/storage/postgresql/migrator.py`).
describe('generic: a data migration module added', () => {
  it('is a migration module of the data layer only by its name and a data folder above it', () => {
    for (const p of ['src/model/migrate.rs', 'channeldb/migration31/migration.go', 'kinto/core/storage/postgresql/migrator.py', 'Duplicati/CommandLine/DatabaseTool/Commands/Upgrade.cs', 'server/store/datastore/migration/migration.go', 'store/sqlstore/upgrade.go', 'pkg/db_util/migrate.go', 'internal/kvstore/migrate.go', 'app/Models/Upgrade.php', 'lib/sql-store/migrator.rb']) {
      assert.notEqual(dataMigrationModulePlace(p), null, p);
    }
    for (const p of ['src/config/migrate.go', 'cmd/upgrade.go', 'migrate.rs', 'src/model/migrate.md', 'src/model/migrate_test_data.rs', 'web/src/store/migrations.ts', 'src/model/migrations.json', 'internal/restore/migrate.go', 'pkg/feedback/upgrade.go', 'internal/metadata/migration.go', 'lib/sandbox/migrate.py', 'internal/dbus/migrate.go']) {
      assert.equal(dataMigrationModulePlace(p), null, p);
    }
  });

  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# store\n',
      'src/model/lib.rs': 'pub mod bucket_table;\n',
      'src/model/bucket_table.rs': 'pub struct Bucket { pub name: String }\n',
      'src/config/mod.rs': 'pub struct Config {}\n',
      'web/src/store/index.ts': 'export const store = {};\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'src/model/lib.rs': 'pub mod bucket_table;\npub mod migrate;\n',
      'src/model/migrate.rs': 'use crate::bucket_table::Bucket;\n\npub struct Migrate {}\n\nimpl Migrate {\n    pub fn migrate_buckets050(&self) {}\n}\n',
      // the config file's own upgrade, and a browser state store's
      'src/config/migrate.rs': 'pub fn migrate_config() {}\n',
      'web/src/store/migrations.ts': 'export const migrations = { 1: (s: unknown) => s };\n',
      'src/model/migrate_test.rs': 'fn t() {}\n',
      // folders whose names hold a data word inside another word (review11 F14): no data layer
      'internal/restore/migrate.go': 'package restore\n\nfunc Migrate() {}\n',
      'pkg/feedback/upgrade.go': 'package feedback\n\nfunc Upgrade() {}\n',
      'internal/metadata/migration.go': 'package metadata\n\nfunc Migrate() {}\n',
      'lib/sandbox/migrate.py': 'def migrate():\n    pass\n',
      // a compound data word is one: a key-value store's
      'internal/kvstore/migrate.go': 'package kvstore\n\nfunc Migrate() {}\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the new module is a schema change that needs a note', () => {
    const i = impactAt(report, 'src/model/migrate.rs');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    assert.match(i!.findings[0].message ?? '', /^adds the data migration module migrate\.rs/);
    assert.match(translateMessage(i!.findings[0].message!) ?? '', /新增数据迁移模块 migrate\.rs/);
  });
  it('a config migration, a browser store\'s migrations and a test are nothing', () => {
    for (const p of ['src/config/migrate.rs', 'web/src/store/migrations.ts', 'src/model/migrate_test.rs']) assert.equal(isMigration(impactAt(report, p)), false, p);
  });
  it('a data word inside another folder name (restore, feedback, metadata, sandbox) is no data layer; a compound store is', () => {
    for (const p of ['internal/restore/migrate.go', 'pkg/feedback/upgrade.go', 'internal/metadata/migration.go', 'lib/sandbox/migrate.py']) assert.equal(isMigration(impactAt(report, p)), false, p);
    assert.ok(isMigration(impactAt(report, 'internal/kvstore/migrate.go')));
  });
});

// 4. A migration tree split by environment (bytebase: `migration/dev/20241014000001##release.sql` beside
//    `migration/prod/3.1/0000##x.sql`): the `dev/` steps run in development mode only.
describe('migrations of a development environment beside the released ones', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# server\n',
      'backend/migration/prod/1.0/0000##init.sql': 'CREATE TABLE project (id INT);\n',
      'backend/migration/prod/1.0/0001##member.sql': 'CREATE TABLE member (id INT);\n',
      'backend/migration/dev/20240101000000##a.sql': 'CREATE TABLE a (id INT);\n',
      // a project whose only migration tree is named `local` (no released sibling): its steps are the schema
      'service/db/local/0001_init.sql': 'CREATE TABLE t (id INT);\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'backend/migration/dev/20240924000000##release.sql': 'CREATE TABLE release (id INT, name TEXT);\n',
      'backend/migration/prod/1.0/0002##sheet.sql': 'ALTER TABLE project ADD COLUMN sheet TEXT;\n',
      'service/db/local/0002_users.sql': 'CREATE TABLE users (id INT);\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the development step is listed as such and needs no note; the released step and a lone tree still do', () => {
    const dev = impactAt(report, 'backend/migration/dev/20240924000000##release.sql');
    assert.ok(dev && dev.category === 'migration', JSON.stringify(report.impacts.map((x) => [x.path, x.rule, x.requiresNote])));
    assert.equal(dev!.requiresNote, false);
    assert.match(dev!.title, /\(development only\)$/);
    assert.match(dev!.findings[0].message ?? '', /^a development environment's migration: backend\/migration\/dev\//);
    assert.match(translateMessage(dev!.findings[0].message!) ?? '', /开发环境的迁移/);
    assert.ok(isMigration(impactAt(report, 'backend/migration/prod/1.0/0002##sheet.sql')));
    assert.ok(isMigration(impactAt(report, 'service/db/local/0002_users.sql')));
  });
});

// 5. The schema of a new database backend: another dialect's copy of a schema the base already has
//    (ergo 2.18: `irc/postgresql/history.go` and `irc/sqlite/history.go` beside `irc/mysql/history.go`).
describe('the schema of a new database backend', () => {
  const repo = new TestRepo();
  let report: Report;
  const store = (pkg: string) => `package ${pkg}\n\nconst latestDbSchema = 2\n\nconst initialSchema = \`\nCREATE TABLE history (id BIGINT PRIMARY KEY, data BLOB);\nCREATE INDEX idx_history_id ON history (id);\n\`\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# server\n',
      'irc/mysql/history.go': store('mysql'),
      'sql/schema.mysql.sql': 'CREATE TABLE users (id INT);\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'irc/postgresql/history.go': store('postgresql'),
      'sql/schema.pgsql.sql': 'CREATE TABLE users (id INT);\n',
      // a new table for every backend is a schema change, and so is a new store of another name
      'irc/mysql/accounts.go': 'package mysql\n\nconst accounts = `CREATE TABLE accounts (id BIGINT);`\n',
      'sql/schema.mssql.sql': 'CREATE TABLE users (id INT);\nALTER TABLE users ADD COLUMN name TEXT;\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a creates-only copy for another database is listed as a new backend and needs no note', () => {
    for (const [p, other] of [['irc/postgresql/history.go', 'irc/mysql/history.go'], ['sql/schema.pgsql.sql', 'sql/schema.mysql.sql']] as const) {
      const i = impactAt(report, p);
      assert.ok(i && i.category === 'migration', JSON.stringify(report.impacts.map((x) => [x.path, x.rule, x.requiresNote])));
      assert.equal(i!.requiresNote, false, p);
      assert.equal(i!.findings[0].message, `creates the schema of a new database backend (the same schema exists for ${other}): no existing database changes`);
      assert.match(translateMessage(i!.findings[0].message!) ?? '', /创建新数据库后端的结构/);
    }
  });
  it('a new table under an existing backend and a copy that also alters are still schema changes', () => {
    assert.ok(isMigration(impactAt(report, 'irc/mysql/accounts.go')));
    assert.ok(isMigration(impactAt(report, 'sql/schema.mssql.sql')));
  });
});
