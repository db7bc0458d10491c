import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { isHistoryFileName } from '../../../src/core/profile';
import { TestRepo } from '../../helpers/repo';
import { impactAt } from '../../helpers/impacts';

// Issue 11, shapes of schema changes read on never-seen layouts (session 6, from the misses of
// ex-holdout v4): an embedded store's schema version held in a Go const block as a string, a
// history of migration classes named by their version, a table's options changed in place.
// Each with decoys.

const notMigration = (report: Report, p: string) => {
  const i = impactAt(report, p);
  assert.ok(!i || i.category !== 'migration' || !i.requiresNote, `${p}: ${i?.rule} ${i?.findings.map((f) => f.message).join(' | ')}`);
};

const GO_DB = (version: string, steps: string) => `package irc

const (
	// 'version' of the database schema
	keySchemaVersion = "db.version"
	// latest schema of the db
	latestDbSchema = ${version}
)

type SchemaChange struct {
	InitialVersion string
	TargetVersion  string
}

var allChanges = []SchemaChange{
${steps}}
`;
const STEP = (a: number, b: number) => `	{
		InitialVersion: "${a}",
		TargetVersion:  "${b}",
	},
`;

describe('generic layer: an embedded store\'s schema version in a Go const block (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# ircd\n',
      'irc/database.go': GO_DB('"11"', STEP(10, 11)),
      'irc/cache.go': 'package irc\n\nconst (\n\tkeyCacheVersion = "cache.v1"\n\tlatestCache = "3"\n)\n',
      'irc/upgrade.go': 'package irc\n\nfunc up() string {\n\treturn "11"\n}\n',
      'irc/database_test.go': 'package irc\n\nconst latestDbSchema = "11"\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // the string constant raised, and the list of upgrade steps gains its entry
      'irc/database.go': GO_DB('"12"', STEP(10, 11) + STEP(11, 12)),
      // decoys: a cache key and a cache version (not the schema), a local, a comment, a test
      'irc/cache.go': 'package irc\n\nconst (\n\tkeyCacheVersion = "cache.v2"\n\tlatestCache = "4"\n)\n',
      'irc/upgrade.go': 'package irc\n\nfunc up() string {\n\tlatestDbSchema := "13"\n\t// latestDbSchema = "14"\n\treturn latestDbSchema\n}\n',
      'irc/database_test.go': 'package irc\n\nconst latestDbSchema = "12"\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the schema version string raised in a const block is a schema change that needs a note', () => {
    const i = impactAt(report, 'irc/database.go');
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, true);
    const msgs = i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message);
    assert.deepEqual(msgs, ['raises the schema version latestDbSchema from 11 to 12: the database is upgraded when this version starts']);
    assert.ok(translateMessage(msgs[0])?.includes('latestDbSchema'));
  });

  it('a cache key, a cache version, a local, a comment and a test are not', () => {
    for (const p of ['irc/cache.go', 'irc/upgrade.go', 'irc/database_test.go']) notMigration(report, p);
  });

  it('reads the version from a bare number or a string of digits, never from a key or a local', () => {
    const one = (l: string) => schemaVersionDecls(l).map((d) => `${d.name}=${d.value}`);
    assert.deepEqual(one('\tlatestDbSchema = "12"'), ['latestDbSchema=12']);
    assert.deepEqual(one('\tlatestDbSchema = 18'), ['latestDbSchema=18']);
    assert.deepEqual(one("const SCHEMA_VERSION = '7';"), ['SCHEMA_VERSION=7']);
    assert.deepEqual(one('\trequiredSchema = `4`'), ['requiredSchema=4']);
    assert.deepEqual(one('\tkeySchemaVersion = "db.version"'), []);
    assert.deepEqual(one('\tlatestDbSchema := "12"'), []);
    assert.deepEqual(one('\tcurrentDbSchema = "3"'), []);
    assert.deepEqual(one("latestSchema = 'v3'"), []);
    assert.deepEqual(one('schemaVersion: 1,'), []);
  });
});

const PHP_MIGRATION = (version: number, body: string) => `<?php

namespace App\\Module\\System\\Update\\Migration\\V7;

use App\\Module\\System\\Update\\Migration\\AbstractMigration;

final class Migration${version} extends AbstractMigration
{
    public function migrate(): void
    {
${body}
    }
}
`;

describe('generic layer: a history of migration classes named by their version (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  const dir = 'src/Module/System/Update/Migration';
  before(async () => {
    repo.commit('init', {
      'README.md': '# media\n',
      [`${dir}/AbstractMigration.php`]: '<?php\nabstract class AbstractMigration {}\n',
      [`${dir}/V6/Migration600001.php`]: PHP_MIGRATION(600001, "        $this->updateDatabase('ALTER TABLE `song` ADD COLUMN `mbid` varchar(36) NULL;');"),
      [`${dir}/V6/Migration600002.php`]: PHP_MIGRATION(600002, "        $this->updateDatabase('CREATE TABLE IF NOT EXISTS `song_map` (`id` int(11) NOT NULL);');"),
      [`${dir}/V7/Migration700001.php`]: PHP_MIGRATION(700001, "        $this->updateDatabase('ALTER TABLE `tag` ADD COLUMN `count` int(11) NOT NULL DEFAULT 0;');"),
      // not a history: version-named classes of an API, no schema work in them
      'src/Api/Version/Version100.php': '<?php\nfinal class Version100 { public function name(): string { return "v100"; } }\n',
      'src/Api/Version/Version101.php': '<?php\nfinal class Version101 { public function name(): string { return "v101"; } }\n',
      'src/Api/Version/Version102.php': '<?php\nfinal class Version102 { public function name(): string { return "v102"; } }\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a new step that only adds a preference row through the migration's helper: no DDL in it
      [`${dir}/V7/Migration721001.php`]: PHP_MIGRATION(721001, "        $this->updatePreferences('show_playlist_media_parent', 'Show Artist column', '0', 25, 'boolean', 'playlist');"),
      // a step whose comment names DDL (the prefilter fires) but whose statements only fix rows
      [`${dir}/V7/Migration721002.php`]: PHP_MIGRATION(721002, "        // no ALTER TABLE needed: only rows change\n        $this->updateDatabase('UPDATE `song` SET `license` = NULL WHERE `license` = 0;');"),
      // decoys: a helper beside the steps, a new API version class
      [`${dir}/MigrationHelper.php`]: '<?php\nfinal class MigrationHelper { public function name(): string { return "x"; } }\n',
      'src/Api/Version/Version103.php': '<?php\nfinal class Version103 { public function name(): string { return "v103"; } }\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a new class named by its version in the learned history is a schema change, with the profile\'s evidence', () => {
    const i = impactAt(report, `${dir}/V7/Migration721001.php`);
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, true);
    assert.match(i.findings[0].message, /^added to the schema history at src\/Module\/System\/Update\/Migration \(learned by the repository profile: \d+ numbered files;/);
  });

  it('a step whose DDL-looking line is only a comment is still a step of the history', () => {
    const i = impactAt(report, `${dir}/V7/Migration721002.php`);
    assert.equal(i?.rule, 'generic.schema-history');
    assert.equal(i?.requiresNote, true);
  });

  it('a helper beside the steps and a version-named class outside any history are not', () => {
    for (const p of [`${dir}/MigrationHelper.php`, 'src/Api/Version/Version103.php']) notMigration(report, p);
  });

  it('names a history holds: numbered, timestamped, or a version after a word', () => {
    for (const b of ['Migration721001.php', 'Version20240101120000.php', 'm240101_120000_add_x.php', 'upgrade_042.sql', '0042_add_x.sql', 'V3__x.sql']) assert.ok(isHistoryFileName(b), b);
    for (const b of ['MigrationHelper.php', 'AbstractMigration.php', 'Update2.php', 'README.md', 'migration.php']) assert.ok(!isHistoryFileName(b), b);
  });
});

const MYSQL = (tail: string, counter: number) => `CREATE TABLE push_session (
    username text NOT NULL,
    node text NOT NULL
)${tail};

CREATE UNIQUE INDEX i_push_usn ON push_session (username(191), node(191));
`;
const DUMP = (counter: number) => `CREATE TABLE IF NOT EXISTS \`preference\` (
  \`id\` int(11) UNSIGNED NOT NULL AUTO_INCREMENT,
  \`name\` varchar(128) NOT NULL
) ENGINE=InnoDB AUTO_INCREMENT=${counter} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO \`preference\` (\`id\`, \`name\`) VALUES
(1, 'a');
`;

describe('generic layer: a table\'s options changed in place (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# xmpp\n',
      'sql/mysql.sql': MYSQL('', 0),
      'resources/sql/dump.sql': DUMP(230),
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'sql/mysql.sql': MYSQL(' ENGINE=InnoDB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', 0),
      // decoy: a dump whose AUTO_INCREMENT counter moved, nothing else
      'resources/sql/dump.sql': DUMP(231),
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a CREATE TABLE whose closing options line changed is a schema change of that table', () => {
    const i = impactAt(report, 'sql/mysql.sql');
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'schema-change' && / table push_session/.test(f.message)), i.findings.map((f) => f.message).join(' | '));
  });

  it('a dump whose AUTO_INCREMENT counter moved is not', () => {
    notMigration(report, 'resources/sql/dump.sql');
  });
});

const GO_STORE = (version: string, seqColumns: string, extra = '') => `package mysql

const (
	// latest schema of the db
	latestDbSchema   = ${version}
	keySchemaVersion = "db.version"
)

func (m *MySQL) createTables() (err error) {
	_, err = m.db.Exec(\`CREATE TABLE sequence (
		${seqColumns}
		KEY (target, nanotime)
	) CHARSET=ascii COLLATE=ascii_bin;\`)
	if err != nil {
		return err
	}
${extra}	return nil
}
`;
const OLD_SEQ = 'id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,\n\t\ttarget VARBINARY(64) NOT NULL,\n\t\tnanotime BIGINT UNSIGNED NOT NULL,';
const NEW_SEQ = 'history_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,\n\t\ttarget VARBINARY(64) NOT NULL,\n\t\tnanotime BIGINT UNSIGNED NOT NULL,';

describe('generic layer: a CREATE edited in place while the file\'s schema version stays (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  let others: Report;
  let raised: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# chat\n',
      'irc/mysql/history.go': GO_STORE('"2"', OLD_SEQ),
      'irc/sqlstore/store.go': GO_STORE('"2"', OLD_SEQ).replace('latestDbSchema   = "2"', 'maxConns = 4'),
      'irc/other/history.go': GO_STORE('"5"', OLD_SEQ),
    });
    repo.checkout('feature', true);
    repo.commit('feature', { 'irc/mysql/history.go': GO_STORE('"2"', NEW_SEQ) });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    repo.checkout('main');
    repo.checkout('others', true);
    repo.commit('others', {
      // no schema version in the file: an edited CREATE stays a schema change
      'irc/sqlstore/store.go': GO_STORE('"2"', NEW_SEQ).replace('latestDbSchema   = "2"', 'maxConns = 4'),
      // version kept, but a new table beside the edited one: a schema change
      'irc/other/history.go': GO_STORE('"5"', NEW_SEQ, '\t_, err = m.db.Exec(`CREATE TABLE metadata (key_name VARCHAR(32) NOT NULL PRIMARY KEY, value VARCHAR(32) NOT NULL);`)\n'),
    });
    others = await analyze({ repo: repo.dir, base: 'main', head: 'others' });
    repo.checkout('main');
    repo.checkout('raised', true);
    repo.commit('raise', { 'irc/mysql/history.go': GO_STORE('"3"', NEW_SEQ) });
    raised = await analyze({ repo: repo.dir, base: 'main', head: 'raised' });
  });
  after(() => repo.dispose());

  it('is listed for new databases only, with the kept version as the reason, and needs no note', () => {
    const i = impactAt(report, 'irc/mysql/history.go');
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, false);
    assert.equal(i.severity, 'info');
    assert.match(i.title, /\(new installations only\)$/);
    assert.equal(i.findings[0].message, 'edits the creation of sequence in place while the schema version latestDbSchema stays 2: changes new databases only');
    assert.ok(translateMessage(i.findings[0].message)?.includes('latestDbSchema'));
    assert.ok(i.findings.every((f) => f.severity === 'info'));
  });

  it('without a schema version in the file, or with a new table beside it, it is a schema change', () => {
    for (const p of ['irc/sqlstore/store.go', 'irc/other/history.go']) {
      const i = impactAt(others, p);
      assert.equal(i?.category, 'migration', p);
      assert.equal(i?.requiresNote, true, p);
    }
  });

  it('with the version raised, it is a schema change that needs a note', () => {
    const i = impactAt(raised, 'irc/mysql/history.go');
    assert.equal(i?.requiresNote, true);
    assert.ok(i?.findings.some((f) => f.message.startsWith('raises the schema version latestDbSchema from 2 to 3')));
  });
});
