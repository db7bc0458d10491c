import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { raisedSchemaVersionRows } from '../../../src/core/analyzers/schemaVersionRow';
import type { Change } from '../../../src/core/types';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 14 (mig13a): schema changes ex-holdout v12 showed and the generic layer missed.
// 1. A schema version row raised in place in a SQL install script: gammu's `docs/sql/mysql.sql`
//    (`INSERT INTO gammu (Version) VALUES (17)` → `(18)`, the schema operators install, kept in a documentation
//    folder), Bareos's `INSERT INTO Version (VersionId) VALUES (2171)`, Ampache's `('db_version', '790001'),`,
//    OpenAtlas's `('database_version', '9.0.0'),` in its data script: the program compares that row with the
//    version it expects, so existing databases must be upgraded.
// With the look-alikes that must stay silent.

function hunkChange(removed: string[], added: string[]): Pick<Change, 'hunks'> {
  return { hunks: [{ oldStart: 3, oldLines: removed.length, newStart: 3, newLines: added.length, removed, added }] };
}

describe('generic: a schema version row raised in place in a SQL file', () => {
  it('reads the number next to a version name in a statement that writes a row, and only a raised one', () => {
    const raised = (from: string, to: string) => raisedSchemaVersionRows(hunkChange([from], [to]));
    assert.deepEqual(raised('INSERT INTO `gammu` (`Version`) VALUES (17);', 'INSERT INTO `gammu` (`Version`) VALUES (18);'), [{ line: 3, name: 'Version', from: '17', to: '18' }]);
    assert.deepEqual(raised('INSERT INTO Version (VersionId) VALUES (2171);', 'INSERT INTO Version (VersionId) VALUES (2192);').map((r) => r.name), ['VersionId']);
    assert.equal(raised("  ('db_version', '790001'),", "  ('db_version', '793001'),").length, 1);
    assert.equal(raised("  ('database_version', '9.0.0'),", "  ('database_version', '9.1.0'),").length, 1);
    assert.equal(raised("UPDATE web.settings SET value = '9.0.0' WHERE name = 'database_version';", "UPDATE web.settings SET value = '9.1.0' WHERE name = 'database_version';").length, 1);
    // an application's release recorded in a row (a dotted number under a plain version name)
    assert.deepEqual(raised("INSERT INTO settings (name, value) VALUES ('version', '1.2.19');", "INSERT INTO settings (name, value) VALUES ('version', '1.2.20');"), []);
    // column metadata: words between the name and the number
    assert.deepEqual(raised("INSERT INTO `table_columns` VALUES ('plugin_config',7,'version','varchar(20)');", "INSERT INTO `table_columns` VALUES ('plugin_config',7,'version','varchar(40)');"), []);
    // lowered, unchanged, a comment, a column's type, another number on the line
    assert.deepEqual(raised('INSERT INTO gammu (Version) VALUES (18);', 'INSERT INTO gammu (Version) VALUES (17);'), []);
    assert.deepEqual(raised('-- schema Version 17', '-- schema Version 18'), []);
    assert.deepEqual(raised('  `Version` varchar(10) NOT NULL,', '  `Version` varchar(20) NOT NULL,'), []);
    assert.deepEqual(raised("INSERT INTO hosts (name, port, version) VALUES ('a', 8080, 3);", "INSERT INTO hosts (name, port, version) VALUES ('a', 8081, 3);"), []);
    // review14 F5: a version column or key of a row's data, not the schema's; with a column list the value
    // paired with the name is the one at its position (here the id changed, not the version)
    assert.deepEqual(raised("INSERT INTO documents (id, title, version) VALUES (1, 'Welcome', 0);", "INSERT INTO documents (id, title, version) VALUES (2, 'Welcome', 0);"), []);
    assert.deepEqual(raised("INSERT INTO documents (id, title, version) VALUES (1, 'Welcome', 0);", "INSERT INTO documents (id, title, version) VALUES (1, 'Welcome', 1);"), []);
    assert.deepEqual(raised('UPDATE documents SET version = 2 WHERE id = 5;', 'UPDATE documents SET version = 3 WHERE id = 5;'), []);
    assert.deepEqual(raised("  ('min_client_version', 41),", "  ('min_client_version', 42),"), []);
    assert.deepEqual(raised("INSERT INTO plugins (name, api_version) VALUES ('auth', 3);", "INSERT INTO plugins (name, api_version) VALUES ('auth', 4);"), []);
    // the schema's version: a version table, a one-column row, a name that says so (any column position)
    assert.deepEqual(raised('INSERT INTO "Version" ("Version") VALUES (9);', 'INSERT INTO "Version" ("Version") VALUES (11);').map((r) => [r.from, r.to]), [['9', '11']]);
    assert.deepEqual(raised('UPDATE Version SET VersionId = 2171;', 'UPDATE Version SET VersionId = 2192;').map((r) => r.to), ['2192']);
    assert.deepEqual(raised("INSERT INTO meta (id, schema_version) VALUES (1, 4);", "INSERT INTO meta (id, schema_version) VALUES (1, 5);").map((r) => [r.name, r.from, r.to]), [['schema_version', '4', '5']]);
    assert.deepEqual(raised("INSERT INTO settings (name, value) VALUES ('db_version', '7');", "INSERT INTO settings (name, value) VALUES ('db_version', '8');").map((r) => r.to), ['8']);
  });

  it('stays linear on a long line of names and numbers', () => {
    const long = (n: number) => `INSERT INTO t VALUES (${Array.from({ length: n }, (_, i) => `version${i}x ${i}`).join(' ')});`;
    const time = (n: number) => {
      const a = long(n);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < 20; i++) raisedSchemaVersionRows(hunkChange([a], [a.replace(/ 1\)/, ' 2)')]));
      return Number(process.hrtime.bigint() - t0);
    };
    time(50);
    assert.ok(time(150) < 40 * Math.max(time(15), 1e6), 'super-linear');
  });

  const repo = new TestRepo();
  let report: Report;
  const gammu = (v: number, cols: string) => `CREATE TABLE \`gammu\` (\n  \`Version\` integer NOT NULL default '0' PRIMARY KEY\n) ENGINE=InnoDB;\n\nINSERT INTO \`gammu\` (\`Version\`) VALUES (${v});\n\nCREATE TABLE \`inbox\` (\n  \`ID\` integer unsigned NOT NULL auto_increment,\n${cols}  PRIMARY KEY (\`ID\`)\n) ENGINE=InnoDB;\n`;
  const ampache = (v: string) => `INSERT INTO \`update_info\` (\`key\`, \`value\`) VALUES\n  ('db_version', '${v}'),\n  ('Plugin_Last.FM', '000005');\n`;
  const atlas = (v: string) => `INSERT INTO web.settings (name, value) VALUES\n  ('database_version', '${v}'),\n  ('default_language', 'en');\n`;
  const appRelease = (v: string) => `INSERT INTO settings (name, value) VALUES ('version', '${v}');\n`;
  // review14 F5's probe: seed data whose rows carry a version column or key
  const clientRow = (v: number) => `INSERT INTO app_settings (key, value) VALUES\n  ('min_client_version', ${v}),\n  ('motd', 'hi');\n`;
  const content = (id: number, v: number) => `INSERT INTO documents (id, title, version) VALUES (${id}, 'Welcome', 0);\nUPDATE documents SET version = ${v} WHERE id = 5;\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# sms\n',
      'smsd/core.c': 'int check(void) { return 0; }\n',
      'docs/sql/mysql.sql': gammu(17, ''),
      'docs/sql/pgsql.sql': gammu(17, ''),
      'resources/sql/ampache.sql': ampache('790001'),
      'install/3_data_web.sql': atlas('9.0.0'),
      // look-alikes
      'sql/release.sql': appRelease('1.2.19'),
      'docs/examples/config/mysql.sql': gammu(3, ''),
      'docs/sql/notes.sql': gammu(17, ''),
      'tests/fixtures/schema.sql': gammu(17, ''),
      'sql/install.sql': clientRow(41),
      'database/content.sql': content(1, 2),
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'docs/sql/mysql.sql': gammu(18, '  `MessageID` integer unsigned NOT NULL default 0,\n'),
      // the version row alone, no other line
      'docs/sql/pgsql.sql': gammu(18, ''),
      'resources/sql/ampache.sql': ampache('793001'),
      'install/3_data_web.sql': atlas('9.1.0'),
      'sql/release.sql': appRelease('1.2.20'),
      'docs/examples/config/mysql.sql': gammu(4, ''),
      // a documentation folder's SQL edited without raising its version: still documentation
      'docs/sql/notes.sql': gammu(17, '  `MessageID` integer unsigned NOT NULL default 0,\n'),
      'tests/fixtures/schema.sql': gammu(18, ''),
      'sql/install.sql': clientRow(42),
      'database/content.sql': content(2, 3),
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('an install schema in a documentation folder whose version row is raised is a schema change', () => {
    for (const p of ['docs/sql/mysql.sql', 'docs/sql/pgsql.sql']) {
      const i = impactAt(report, p);
      assert.ok(isMigration(i), `${p}: ${JSON.stringify(report.impacts.map((x) => [x.path, x.rule, x.requiresNote]))}`);
      assert.equal(i!.rule, 'generic.sql-schema');
      const f = i!.findings.find((x) => x.kind === 'schema-change' && x.message.startsWith('raises the schema version'));
      assert.ok(f, JSON.stringify(i!.findings));
      assert.match(f!.message, /Version: 17 → 18/);
      assert.equal(f!.line, 5);
      assert.ok(translateMessage(f!.message)?.includes('17 → 18'));
    }
  });
  it('a version row raised alone in a data script is a schema change (db_version, database_version)', () => {
    for (const p of ['resources/sql/ampache.sql', 'install/3_data_web.sql']) {
      const i = impactAt(report, p);
      assert.ok(isMigration(i), `${p}: ${JSON.stringify(report.impacts.map((x) => [x.path, x.rule, x.requiresNote]))}`);
      assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /version/.test(f.message) && f.line === 2));
    }
  });
  it("an application's release in a row, an example config's schema, tests, and documentation that raises nothing are nothing", () => {
    for (const p of ['sql/release.sql', 'docs/examples/config/mysql.sql', 'docs/sql/notes.sql', 'tests/fixtures/schema.sql']) {
      assert.equal(isMigration(impactAt(report, p)), false, p);
    }
  });
  it("a data row's version column or key (min_client_version, a documents table's version) is no schema version (review14 F5)", () => {
    for (const p of ['sql/install.sql', 'database/content.sql']) {
      assert.equal(isMigration(impactAt(report, p)), false, `${p}: ${JSON.stringify(impactAt(report, p)?.findings)}`);
    }
  });
});

// 2. A column added in place to a SQL Server table, its type in brackets (`[Priority] [int] NULL`): FreeRADIUS's
//    `raddb/mods-config/sql/main/mssql/schema.sql`, ejabberd's `sql/mssql.sql`, MongooseIM's `priv/mssql2012.sql`,
//    Guacamole's `sqlserver/schema/001-create-schema.sql`. The hunk shows the column, not the `CREATE TABLE`.
describe('generic: a column with a bracketed type added inside a SQL Server CREATE TABLE', () => {
  const repo = new TestRepo();
  let report: Report;
  const table = (cols: string) => `CREATE TABLE [radusergroup] (\n\t[id] [int] IDENTITY (1, 1) NOT NULL ,\n\t[UserName] [varchar] (64) NOT NULL ,\n${cols}) ON [PRIMARY]\nGO\n\n/* the group a user belongs to */\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# radius\n',
      'raddb/sql/mssql/schema.sql': table('\t[GroupName] [varchar] (64) NULL\n'),
      'raddb/sql/mssql/queries.sql': table('\t[GroupName] [varchar] (64) NULL\n'),
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'raddb/sql/mssql/schema.sql': table('\t[GroupName] [varchar] (64) NULL ,\n\t[Priority] [int] NULL\n'),
      // a comment reworded beside the same table: no column
      'raddb/sql/mssql/queries.sql': table('\t[GroupName] [varchar] (64) NULL\n').replace('the group a user belongs to', 'the groups of a user'),
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('is a schema change of the table', () => {
    const i = impactAt(report, 'raddb/sql/mssql/schema.sql');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule, x.requiresNote])));
    assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /radusergroup/.test(f.message)));
  });
  it('a comment changed beside the table is nothing', () => {
    assert.equal(isMigration(impactAt(report, 'raddb/sql/mssql/queries.sql')), false);
  });
});
