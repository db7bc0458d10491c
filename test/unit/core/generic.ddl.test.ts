import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { codeDdl, ddlStatements } from '../../../src/core/analyzers/ddl';
import { lineIndex } from '../../../src/core/analyzers/sql';
import { impactAt } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';

const GO_MIGRATIONS_BASE = `package database

import "database/sql"

var migrations = []func(tx *sql.Tx) error{
	func(tx *sql.Tx) (err error) {
		sql := \`
			CREATE TABLE users (
				id serial not null,
				username text not null unique,
				primary key (id)
			);
		\`
		_, err = tx.Exec(sql)
		return err
	},
}
`;

const GO_MIGRATIONS_HEAD = GO_MIGRATIONS_BASE.replace(
  '}\n`'.slice(0, 0) + '\t},\n}\n',
  `\t},
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec(\`ALTER TABLE users ADD COLUMN theme text default 'light'\`)
		return err
	},
	func(tx *sql.Tx) (err error) {
		_, err = tx.Exec("CREATE INDEX entries_user_idx ON entries(user_id)")
		return err
	},
}
`,
);

describe('generic layer: schema changes wherever they are (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# svc\n',
      'internal/database/migrations.go': GO_MIGRATIONS_BASE,
      'db/seed.sql': "INSERT INTO plans (name) VALUES ('free');\n",
      'internal/store/query.go': 'package store\n\nconst q = "SELECT id FROM users WHERE id = $1"\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'internal/database/migrations.go': GO_MIGRATIONS_HEAD,
      // Synapse-style delta folder with a dialect extension, plus a queued background update
      'synapse/storage/schema/main/delta/73/01_add_theme.sql.postgres': 'ALTER TABLE users ADD COLUMN theme TEXT;\n',
      'synapse/storage/schema/main/delta/73/02_bg.sql': "INSERT INTO background_updates (ordering, update_name, progress_json) VALUES (7302, 'users_theme_idx', '{}');\n",
      'app/SQL/install.sql.php': "<?php\nconst SQL_CREATE_TABLES = <<<'SQL'\nCREATE TABLE IF NOT EXISTS `_feed` (\n  id INT NOT NULL\n);\nSQL;\n",
      // negatives
      'db/seed.sql': "INSERT INTO plans (name) VALUES ('free');\nINSERT INTO plans (name) VALUES ('pro');\n",
      'internal/store/query.go': 'package store\n\nconst q = "SELECT id, theme FROM users WHERE id = $1"\n',
      'internal/orm/dialect.go': 'package orm\n\nfunc createTable(name string) string { return "CREATE TABLE " + name + " (" }\n',
      'docs/schema.sql': 'CREATE TABLE docs_only (id int);\n',
      'test/schema.sql': 'CREATE TABLE test_only (id int);\n',
      'internal/database/migrations_test.go': 'package database\n\nconst x = "CREATE TABLE t (id int)"\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('DDL added to an ordered list of Go functions is a migration with its statements', () => {
    const i = impactAt(report, 'internal/database/migrations.go');
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.rule, 'generic.code-ddl');
    assert.equal(i.requiresNote, true);
    const msgs = i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message);
    assert.deepEqual(msgs, ['alters table users', 'creates index entries_user_idx']);
    // the unchanged CREATE TABLE users is not reported
    assert.ok(!msgs.some((m) => m.includes('creates table users')));
  });

  it('a .sql.postgres delta in an unknown folder is a migration', () => {
    const i = impactAt(report, 'synapse/storage/schema/main/delta/73/01_add_theme.sql.postgres');
    assert.equal(i?.category, 'migration');
    assert.equal(i?.rule, 'generic.sql-schema');
    assert.deepEqual(i?.findings.map((f) => `${f.kind}:${f.message}@${f.line}`), ['schema-change:alters table users@1']);
  });

  it('a background update queued by a delta is a post-deploy finding', () => {
    const i = impactAt(report, 'synapse/storage/schema/main/delta/73/02_bg.sql');
    assert.equal(i?.category, 'migration');
    const f = i?.findings.find((x) => x.kind === 'post-deploy-migration');
    assert.ok(f, JSON.stringify(i?.findings));
    assert.match(f.message, /users_theme_idx/);
  });

  it('DDL in a PHP nowdoc is a migration', () => {
    const i = impactAt(report, 'app/SQL/install.sql.php');
    assert.equal(i?.category, 'migration');
    assert.deepEqual(i?.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['creates table _feed']);
  });

  it('seed data, queries, SQL builders, docs and tests are not migrations', () => {
    for (const p of ['db/seed.sql', 'internal/store/query.go', 'internal/orm/dialect.go', 'docs/schema.sql', 'test/schema.sql', 'internal/database/migrations_test.go']) {
      assert.equal(impactAt(report, p)?.category === 'migration', false, p);
    }
  });
});

describe('ddl statements', () => {
  it('names verb, object and name; skips DML', () => {
    const text = 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON a (x);\nUPDATE a SET x = 1;\nDROP TABLE IF EXISTS "old";\nCREATE OR REPLACE VIEW v AS SELECT 1;\nALTER TABLE ONLY public.t ADD CONSTRAINT c UNIQUE (x);\n';
    const got = ddlStatements(text, 'postgresql', lineIndex(text), () => true).map((s) => `${s.verb} ${s.object} ${s.name}@${s.line}`);
    assert.deepEqual(got, ['creates index a_idx@1', 'drops table old@3', 'replaces view v@4', 'alters table public.t@5']);
  });

  it('reads Python, Ruby heredoc, Java text block, C# verbatim, Rust raw and Elixir strings', () => {
    const cases: [string, string][] = [
      ['x.py', 'cur.execute("""\n  CREATE TABLE py_t (id int)\n""")\n'],
      ['x.rb', 'execute <<~SQL\n  CREATE TABLE rb_t (id int)\nSQL\n'],
      ['X.java', 'String s = """\n  CREATE TABLE java_t (id int)\n  """;\n'],
      ['X.cs', 'var s = @"CREATE TABLE ""cs_t"" (id int)";\n'],
      ['x.rs', 'let s = r#"CREATE TABLE rs_t (id int)"#;\n'],
      ['x.ex', 'execute ~s(CREATE TABLE ex_t \\(id int\\))\nexecute "ALTER TABLE ex_u ADD COLUMN y int"\n'],
      ['x.ts', 'await db.query(`CREATE TABLE ts_t (id int)`);\n// CREATE TABLE in_comment (id int)\n'],
    ];
    for (const [path, text] of cases) {
      const got = codeDdl(path, text, () => true).statements.map((s) => s.name);
      assert.ok(got.length >= 1 && got.every((n) => /_t$|_u$/.test(n)), `${path}: ${JSON.stringify(got)}`);
    }
  });
});

describe('generic layer: a table edited inside an install script, a statement spliced around its table name (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  const install = (url: string, website: string) =>
    `<?php\nreturn <<<'SQL'\nCREATE TABLE IF NOT EXISTS \`category\` (\n\t\`id\` SERIAL PRIMARY KEY,\n\t\`name\` VARCHAR(191) NOT NULL\n);\nCREATE TABLE IF NOT EXISTS \`feed\` (\n\t\`id\` SERIAL PRIMARY KEY,\n\t${url}\n\t${website}\n);\nSQL;\n`;
  const dao = (body: string) => `<?php\nclass Database {\n  public function upgrade($old) {\n${body}  }\n}\n`;
  before(async () => {
    repo.commit('init', {
      'app/SQL/install.sql.mysql.php': install('`url` VARCHAR(511) NOT NULL,', '`website` VARCHAR(255)'),
      'lib/Data/Database.php': dao('    return true;\n'),
      'lib/Log.php': dao('    return true;\n'),
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // only a column line of `feed` changes: the hunk never shows `CREATE TABLE`
      'app/SQL/install.sql.mysql.php': install('`url` VARCHAR(32768) NOT NULL,', '`website` VARCHAR(32768)'),
      'lib/Data/Database.php': dao(
        `    $this->_exec(\n      'ALTER TABLE "' . $this->_sanitizeIdentifier('paste') .\n      '" DROP COLUMN "opendiscussion"'\n    );\n`,
      ),
      // decoys: a head whose name is spliced but no clause follows; a log message
      'lib/Log.php': dao(`    $sql = 'CREATE TABLE ' . $name;\n    $this->log('ALTER TABLE "', 'paste', 'was slow');\n`),
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a column changed inside CREATE TABLE is a schema change of that table only', () => {
    const i = impactAt(report, 'app/SQL/install.sql.mysql.php');
    assert.equal(i?.category, 'migration');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i?.findings.filter((f) => f.kind === 'schema-change').map((f) => f.subject), ['feed']);
  });
  it('ALTER TABLE "<name spliced in>" DROP COLUMN is a schema change of the named table', () => {
    const i = impactAt(report, 'lib/Data/Database.php');
    assert.equal(i?.category, 'migration');
    assert.deepEqual(i?.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['alters table paste']);
  });
  it('a DDL head without a clause after the spliced name is no statement', () => {
    assert.equal(impactAt(report, 'lib/Log.php')?.category === 'migration', false);
  });
});

describe('generic layer: DDL in a resource file of SQL statements keyed by name (real repository)', () => {
  const repo = new TestRepo('sqlprops');
  after(() => repo.dispose());
  const SQL_PROPS = [
    '# SQL statements of the JDBC store, one per dialect',
    'create-node-manager-store-table=CREATE TABLE %s (ID INT NOT NULL, HOLDER_ID VARCHAR(128), HOLDER_EXPIRATION_TIME TIMESTAMP, PRIMARY KEY(ID))',
    'try-acquire-lock=UPDATE %s SET HOLDER_ID = ? WHERE ID = %s',
    '',
  ].join('\n');
  repo.commit('init', {
    'store/src/main/resources/journal-sql.properties': SQL_PROPS,
    'app/src/main/resources/messages.properties': 'greeting=Hello\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    'store/src/main/resources/journal-sql.properties': SQL_PROPS.replace('HOLDER_EXPIRATION_TIME TIMESTAMP', 'HOLDER_EXPIRATION_TIME BIGINT').replace('WHERE ID = %s', 'WHERE ID = %s AND HOLDER_ID IS NULL'),
    // decoys: a property whose text only mentions a DDL verb in words, a comment with DDL
    'app/src/main/resources/messages.properties': 'greeting=Hello\nhelp.tables=Use the admin page to create table layouts\n# CREATE TABLE notes (id int)\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a changed CREATE TABLE value is a schema change needing a note', async () => {
    const i = impactAt(await get(), 'store/src/main/resources/journal-sql.properties');
    assert.equal(i?.category, 'migration');
    assert.equal(i?.rule, 'generic.code-ddl');
    assert.equal(i?.requiresNote, true);
    assert.ok(i?.findings.some((f) => f.kind === 'schema-change' && f.line === 2 && f.message === 'creates table (create-node-manager-store-table)'), JSON.stringify(i?.findings));
    assert.equal(translateMessage('creates table (create-node-manager-store-table)'), '创建表 (create-node-manager-store-table)');
  });

  it('words about tables and a commented statement are not a schema change', async () => {
    assert.equal(impactAt(await get(), 'app/src/main/resources/messages.properties')?.category === 'migration', false);
  });
});
