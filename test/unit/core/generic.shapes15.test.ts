import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { editsTableBody } from '../../../src/core/analyzers/ddl';
import type { Change } from '../../../src/core/types';
import { expectImpactAt, impactAt, isMigration } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';

// Issue 11, session 15 (mig14b): schema changes ex-holdout v13 showed and the generic layer missed, with the
// look-alikes that must stay silent.

function modified(path: string, hunks: { newStart: number; removed: string[]; added: string[] }[]): Change {
  return { status: 'modified', path, hunks: hunks.map((h) => ({ ...h, oldStart: h.newStart, oldLines: h.removed.length, newLines: h.added.length })) } as unknown as Change;
}

// 1. A table an install schema creates, edited in place without an added column line: a key or index line added
//    (OpenDKIM, C: `key(msgtime),` in stats/mkdb.mysql; Cacti, PHP: `KEY poller_id_disabled (…)` in cacti.sql), or
//    only a column or key line removed (OpenDMARC, C: `lastsent TIMESTAMP …` dropped from db/schema.mysql;
//    PowerDNS, C++: `notified_serial INT DEFAULT NULL,` dropped from schema.pgsql.sql).
describe('generic: a table body edited in an install schema', () => {
  it('the prefilter reads key lines added and column or key lines removed, in SQL files only', () => {
    assert.equal(editsTableBody(modified('stats/mkdb.mysql', [{ newStart: 56, removed: [], added: ['\tkey(msgtime),'] }])), true);
    assert.equal(editsTableBody(modified('cacti.sql', [{ newStart: 9, removed: [], added: ['  UNIQUE KEY `host_id` (`host_id`, `snmp_index`),'] }])), true);
    assert.equal(editsTableBody(modified('schema.pgsql.sql', [{ newStart: 9, removed: [], added: ['  CONSTRAINT fk_domain FOREIGN KEY (domain_id) REFERENCES domains(id),'] }])), true);
    assert.equal(editsTableBody(modified('db/schema.mysql', [{ newStart: 10, removed: ["\tlastsent TIMESTAMP NOT NULL DEFAULT '0000-00-00 00:00:00',"], added: [] }])), true);
    // a key whose trailing comma was fixed (ejabberd 26.02, labelled no schema change)
    assert.equal(editsTableBody(modified('sql/mysql.new.sql', [{ newStart: 520, removed: ['    PRIMARY KEY (token(191)),'], added: ['    PRIMARY KEY (token(191))'] }])), false);
    // not SQL; a comment; an INSERT's row; a whole table removed (its head and closing line in the hunk)
    assert.equal(editsTableBody(modified('src/db.c', [{ newStart: 10, removed: ['\tlastsent TIMESTAMP NOT NULL,'], added: [] }])), false);
    assert.equal(editsTableBody(modified('db/schema.mysql', [{ newStart: 10, removed: ['-- lastsent is kept for old reports'], added: ['-- note: keys are below'] }])), false);
    assert.equal(editsTableBody(modified('db/seed.sql', [{ newStart: 10, removed: ["  ('example.org', 'none'),"], added: [] }])), false);
    assert.equal(editsTableBody(modified('db/schema.mysql', [{ newStart: 10, removed: ['CREATE TABLE IF NOT EXISTS old (', '\tid INT NOT NULL,', ');'], added: [] }])), false);
  });

  const repo = new TestRepo();
  let report: Report;
  const schema = (messages: string, requests: string) =>
    `-- reporting database schema\n\nCREATE TABLE IF NOT EXISTS messages (\n\tid INT NOT NULL AUTO_INCREMENT,\n\tmsgtime TIMESTAMP NOT NULL,\n${messages}\tPRIMARY KEY(id)\n);\n\nCREATE TABLE IF NOT EXISTS requests (\n\tid INT NOT NULL AUTO_INCREMENT,\n${requests}\tPRIMARY KEY(id)\n);\n`;
  const seed = (rows: string) => `INSERT INTO policies (name, value) VALUES\n${rows}  ('reject', 2);\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# milter\n',
      'db/schema.mysql': schema('', "\tlastsent TIMESTAMP NOT NULL DEFAULT '0000-00-00 00:00:00',\n"),
      'stats/mkdb.mysql': schema('\tkey(id),\n', ''),
      'db/seed.sql': seed("  ('none', 0),\n  ('quarantine', 1),\n"),
      'db/extra.sql': "-- extra tables\n\nCREATE TABLE IF NOT EXISTS alpha (\n\tid INT NOT NULL\n);\n\nCREATE TABLE IF NOT EXISTS beta (\n\tid INT NOT NULL\n);\n\nCREATE TABLE IF NOT EXISTS gamma (\n\tid INT NOT NULL\n);\n",
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a column dropped from requests
      'db/schema.mysql': schema('', ''),
      // an index added to messages
      'stats/mkdb.mysql': schema('\tkey(id),\n\tkey(msgtime),\n', ''),
      // a row removed from a data file, a table removed whole: no table edited
      'db/seed.sql': seed("  ('none', 0),\n"),
      'db/extra.sql': "-- extra tables\n\nCREATE TABLE IF NOT EXISTS alpha (\n\tid INT NOT NULL\n);\n\nCREATE TABLE IF NOT EXISTS gamma (\n\tid INT NOT NULL\n);\n",
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  // review15 F11: the table exists already, so the finding says it is edited in place (not "creates table")
  it('a column removed from a table names the table and the column, edited in place, in English and Chinese', () => {
    const i = expectImpactAt(report, 'db/schema.mysql');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    const message = 'edits table requests in place (column lastsent removed): existing databases keep the old table until it is altered';
    assert.deepEqual(i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), [message]);
    assert.equal(translateMessage(message), '原地修改表 requests（删除列 lastsent）：现有数据库保留旧表，直到对其执行 ALTER');
  });
  it('a key added to a table names the table and the key, edited in place, in English and Chinese', () => {
    const i = expectImpactAt(report, 'stats/mkdb.mysql');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    const message = 'edits table messages in place (key (msgtime) added): existing databases keep the old table until it is altered';
    assert.deepEqual(i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), [message]);
    assert.equal(translateMessage(message), '原地修改表 messages（新增键 (msgtime)）：现有数据库保留旧表，直到对其执行 ALTER');
  });
  it('a row removed from a data file and a table removed whole stay silent (no neighbouring table named)', () => {
    assert.ok(!isMigration(impactAt(report, 'db/seed.sql')), JSON.stringify(impactAt(report, 'db/seed.sql')));
    const extra = impactAt(report, 'db/extra.sql');
    assert.ok(!extra?.findings.some((f) => /alpha|gamma/.test(f.message ?? '')), JSON.stringify(extra));
  });
});

// 2. A DDL statement the base already ran, its literal part now spliced in by a placeholder so each database gets
//    its own type (marchat, Go: `ALTER TABLE messages ADD COLUMN edited BOOLEAN DEFAULT 0` →
//    fmt.Sprintf("… edited %s", boolMigrationDefault); the same shape as Python's `"… {}".format(type)`): no new schema.
describe('generic: a DDL literal made dialect-dependent by a placeholder', () => {
  const repo = new TestRepo();
  let report: Report;
  const go = (body: string) => `package server\n\nimport (\n\t"database/sql"\n\t"fmt"\n)\n\nvar boolMigrationDefault = "BOOLEAN DEFAULT 0"\n\nfunc migrate(db *sql.DB) {\n\tfor _, ddl := range []string{\n${body}\t} {\n\t\t_, _ = db.Exec(ddl)\n\t}\n\t_ = fmt.Sprintf\n}\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# chat server\n',
      'server/handlers.go': go('\t\t`ALTER TABLE messages ADD COLUMN edited BOOLEAN DEFAULT 0`,\n\t\t`ALTER TABLE messages ADD COLUMN deleted BOOLEAN DEFAULT 0`,\n'),
      'server/store.go': go('\t\t`ALTER TABLE messages ADD COLUMN edited BOOLEAN DEFAULT 0`,\n'),
      'internal/db/migrate.go': go('\t\t"ALTER TABLE users ADD COLUMN email TEXT",\n'),
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // the same two statements, their type now per database
      'server/handlers.go': go('\t\tfmt.Sprintf("ALTER TABLE messages ADD COLUMN edited %s", boolMigrationDefault),\n\t\tfmt.Sprintf("ALTER TABLE messages ADD COLUMN deleted %s", boolMigrationDefault),\n'),
      // a statement the base did not run, written with a placeholder: a new column
      'server/store.go': go('\t\t`ALTER TABLE messages ADD COLUMN edited BOOLEAN DEFAULT 0`,\n\t\tfmt.Sprintf("ALTER TABLE messages ADD COLUMN pinned %s", boolMigrationDefault),\n'),
      // a new column whose name and type are the placeholder, next to a base statement it would fill that still
      // runs (review15 F10: `email text` fills `%s`, but nothing was replaced)
      'internal/db/migrate.go': go('\t\t"ALTER TABLE users ADD COLUMN email TEXT",\n\t\tfmt.Sprintf("ALTER TABLE users ADD COLUMN %s", avatarColumn()),\n') + 'func avatarColumn() string { return "avatar BLOB" }\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the rewritten statements are no schema change', () => {
    assert.ok(!isMigration(impactAt(report, 'server/handlers.go')), JSON.stringify(impactAt(report, 'server/handlers.go')));
  });
  it('a new statement with a placeholder still is one', () => {
    const i = expectImpactAt(report, 'server/store.go');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    assert.deepEqual(i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['alters table messages']);
  });
  it('a new ADD COLUMN whose column is the placeholder is a new column, though a base statement fills it', () => {
    const i = expectImpactAt(report, 'internal/db/migrate.go');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    assert.deepEqual(i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['alters table users']);
  });
});
