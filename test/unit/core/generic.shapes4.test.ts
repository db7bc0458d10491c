import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { codeStrings } from '../../../src/core/analyzers/ddlStrings';
import { schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { isUpgradeScriptPath } from '../../../src/core/analyzers/migrationInstall';
import { localizeTitle } from '../../../src/core/l10n/catalog';
import { TestRepo } from '../../helpers/repo';
import { impactAt } from '../../helpers/impacts';

// Issue 11, shapes of schema changes read on never-seen layouts (session 5): DDL in Lua
// strings, a schema version constant raised, a fresh-install schema changed with no upgrade,
// a folder of numbered queries that is not a schema history. Each with decoys.

const needsMigrationNote = (r: Report) => r.impacts.some((i) => i.category === 'migration' && i.requiresNote);

const LUA_BASE = `return {
  postgres = {
    up = [[
      CREATE TABLE IF NOT EXISTS "tags" (
        entity_id uuid PRIMARY KEY
      );
    ]],
  },
}
`;

describe('generic layer: DDL in the strings of Lua migration modules (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# gw\n',
      'gw/db/migrations/core/000_base.lua': LUA_BASE,
      'gw/db/migrations/core/001_a.lua': LUA_BASE.replace('tags', 'a'),
      'gw/db/migrations/core/002_b.lua': LUA_BASE.replace('tags', 'b'),
      'gw/db/dao.lua': 'local q = "SELECT * FROM tags WHERE id = $1"\nreturn q\n',
      'gw/db/strategy.lua': 'local M = {}\nreturn M\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a new migration module: Postgres in a long bracket, Cassandra (CQL) in a level-1 bracket
      'gw/db/migrations/core/003_100_to_110.lua': `-- adds ttls
return {
  postgres = {
    up = [[
      ALTER TABLE routes ADD COLUMN path_handling text;
    ]],
  },
  cassandra = {
    up = [=[
      CREATE TABLE IF NOT EXISTS ttls (key text PRIMARY KEY, expire_at timestamp);
    ]=],
  },
}
`,
      // decoys: DDL in a comment, a query, a spec file
      'gw/db/strategy.lua': 'local M = {}\n-- ALTER TABLE routes ADD COLUMN x text\n--[[ DROP TABLE routes; ]]\nreturn M\n',
      'gw/db/dao.lua': 'local q = "SELECT id, name FROM tags WHERE id = $1"\nreturn q\n',
      'spec/02-integration/db_spec.lua': 'local s = [[ CREATE TABLE spec_only (id int) ]]\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a Lua module whose long-bracket strings hold DDL is a migration with its statements', () => {
    const i = impactAt(report, 'gw/db/migrations/core/003_100_to_110.lua');
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, true);
    const msgs = i.findings.map((f) => f.message);
    assert.ok(msgs.includes('alters table routes'), msgs.join(' | '));
    assert.ok(msgs.includes('creates table ttls'), msgs.join(' | '));
  });

  it('DDL in Lua comments, a query and a spec file are not migrations', () => {
    for (const p of ['gw/db/strategy.lua', 'gw/db/dao.lua', 'spec/02-integration/db_spec.lua']) {
      const i = impactAt(report, p);
      assert.ok(!i || i.category !== 'migration', `${p}: ${i?.rule}`);
    }
  });

  it('reads Lua literals: long brackets of any level, quotes with escapes, comments skipped', () => {
    const lits = codeStrings('x.lua', 'local a = "x\\"y" -- "not"\nlocal b = [==[\nA ]] B\n]==] --[[ "no" ]] local c = \'z\'\n');
    assert.deepEqual(lits.map((l) => [l.value, l.line, l.endLine]), [['x"y', 1, 1], ['A ]] B\n', 3, 4], ['z', 4, 4]]);
  });
});

describe('generic layer: a schema version constant raised (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# dns\n',
      'modules/kvbackend/kvbackend.cc': '#include "kv.hh"\n#define SCHEMAVERSION 5\nint f() { uint32_t schemaversion = 0; return schemaversion; }\n',
      'src/store/lib.rs': 'pub const LIMIT: u32 = 10;\n',
      'src/api/version.go': 'package api\n\nconst SchemaVersion = 2\n',
      'src/lib/kv.h': '#define MDB_VERSION_MAJOR 0\n#define MDB_VERSION_PATCH 70\n',
      'src/cache/cache.cc': '#define CACHE_SCHEMA_VERSION 3\n',
      'deploy/manifest.json': '{ "schemaVersion": 1 }\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // raised: `#define SCHEMAVERSION 5` → `constexpr unsigned int SCHEMAVERSION{6};`
      'modules/kvbackend/kvbackend.cc': '#include "kv.hh"\nconstexpr unsigned int SCHEMAVERSION{6};\nint f() { uint32_t schemaversion = 1; return schemaversion; }\n',
      // declared for the first time: the database becomes versioned
      'src/store/lib.rs': 'pub const LIMIT: u32 = 10;\npub const DATABASE_SCHEMA_VERSION: u32 = 1;\n',
      // decoys: a comment, a library version, a lowered value, a manifest, a test
      'src/api/version.go': 'package api\n\n// SCHEMA_VERSION = 9 once the API moves\nconst SchemaVersion = 2\n',
      'src/lib/kv.h': '#define MDB_VERSION_MAJOR 0\n#define MDB_VERSION_PATCH 71\n',
      'src/cache/cache.cc': '#define CACHE_SCHEMA_VERSION 2\n',
      'deploy/manifest.json': '{ "schemaVersion": 2 }\n',
      'src/store/lib_test.rs': 'const DB_VERSION: u32 = 7;\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a schema version constant raised is a schema change that needs a note', () => {
    const i = impactAt(report, 'modules/kvbackend/kvbackend.cc');
    assert.ok(i, 'impact');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, true);
    assert.deepEqual(i.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['raises the schema version SCHEMAVERSION from 5 to 6: the database is upgraded when this version starts']);
    assert.ok(translateMessage(i.findings[0].message)?.includes('SCHEMAVERSION'));
  });

  it('a schema version constant declared for the first time is one too', () => {
    const i = impactAt(report, 'src/store/lib.rs');
    assert.equal(i?.category, 'migration');
    assert.match(i!.findings[0].message, /^declares the schema version DATABASE_SCHEMA_VERSION = 1/);
    assert.ok(translateMessage(i!.findings[0].message));
  });

  it('a comment, a library version, a lowered value, a manifest and a test are not', () => {
    for (const p of ['src/api/version.go', 'src/lib/kv.h', 'src/cache/cache.cc', 'deploy/manifest.json', 'src/store/lib_test.rs']) {
      const i = impactAt(report, p);
      assert.ok(!i || i.category !== 'migration', `${p}: ${i?.rule}`);
    }
  });

  it('reads the declaration shapes of C, C++, Rust, Go, Java and TS', () => {
    const one = (l: string) => schemaVersionDecls(l).map((d) => `${d.name}=${d.value}`);
    assert.deepEqual(one('#define SCHEMA_VERSION 12'), ['SCHEMA_VERSION=12']);
    assert.deepEqual(one('constexpr unsigned int SCHEMAVERSION{6};'), ['SCHEMAVERSION=6']);
    assert.deepEqual(one('pub const DATABASE_SCHEMA_VERSION: u32 = 1;'), ['DATABASE_SCHEMA_VERSION=1']);
    assert.deepEqual(one('const DBVersion = 42'), ['DBVersion=42']);
    assert.deepEqual(one('private static final int DB_VERSION = 7;'), ['DB_VERSION=7']);
    assert.deepEqual(one('export const kSchemaVersion = 3;'), ['kSchemaVersion=3']);
    assert.deepEqual(one('uint32_t schemaversion = 0;'), []);
    assert.deepEqual(one('// SCHEMA_VERSION = 4'), []);
    assert.deepEqual(one('#define MDB_VERSION_MAJOR 0'), []);
  });
});

const INSTALL = `CREATE TABLE domains (
  id INT NOT NULL,
  name VARCHAR(255) NOT NULL
);
CREATE INDEX domains_name ON domains (name);
`;

function installRepo(): TestRepo {
  const repo = new TestRepo();
  repo.commit('init', {
    'README.md': '# dns\n',
    'modules/mysql/schema.mysql.sql': INSTALL,
    'modules/mysql/3.4.0_to_4.1.0_schema.mysql.sql': 'ALTER TABLE domains ADD COLUMN account VARCHAR(40);\n',
    'modules/pgsql/schema.pgsql.sql': INSTALL,
    'modules/pgsql/3.4.0_to_4.1.0_schema.pgsql.sql': 'ALTER TABLE domains ADD COLUMN account VARCHAR(40);\n',
    'modules/side/schema.side.sql': 'CREATE TABLE soa (id INT);\n',
  });
  repo.checkout('feature', true);
  return repo;
}

describe('generic layer: a fresh-install schema changed with no upgrade script (real repository)', () => {
  const alone = installRepo();
  const inStep = installRepo();
  const noUpgrades = new TestRepo();
  let aloneReport: Report;
  let inStepReport: Report;
  let noUpgradesReport: Report;
  before(async () => {
    // The install schema's index tuned for new installations, a side backend's table reshaped: no upgrade script.
    alone.commit('tune', {
      'modules/mysql/schema.mysql.sql': INSTALL.replace('CREATE INDEX domains_name ON domains (name);', 'CREATE INDEX domains_name_id ON domains (name, id);'),
      'modules/side/schema.side.sql': 'CREATE TABLE soa (\n  id INT,\n  origin CHAR(255)\n);\n',
    });
    aloneReport = await analyze({ repo: alone.dir, base: 'main', head: 'feature' });
    // The same change in step with a new upgrade script: a migration.
    inStep.commit('column', {
      'modules/mysql/schema.mysql.sql': INSTALL.replace('name VARCHAR(255) NOT NULL', 'name VARCHAR(255) NOT NULL,\n  catalog VARCHAR(255)'),
      'modules/mysql/4.6.0_to_4.7.0_schema.mysql.sql': 'ALTER TABLE domains ADD COLUMN catalog VARCHAR(255);\n',
    });
    inStepReport = await analyze({ repo: inStep.dir, base: 'main', head: 'feature' });
    // A repository without upgrade scripts: its schema file is all there is.
    noUpgrades.commit('init', { 'README.md': '# app\n', 'db/schema.sql': INSTALL });
    noUpgrades.checkout('feature', true);
    noUpgrades.commit('column', { 'db/schema.sql': INSTALL.replace('CREATE INDEX domains_name ON domains (name);', 'CREATE INDEX domains_name_id ON domains (name, id);') });
    noUpgradesReport = await analyze({ repo: noUpgrades.dir, base: 'main', head: 'feature' });
  });
  after(() => {
    alone.dispose();
    inStep.dispose();
    noUpgrades.dispose();
  });

  it('alone, it changes new installations only: listed at info, no note needed', () => {
    assert.equal(needsMigrationNote(aloneReport), false, JSON.stringify(aloneReport.impacts.map((i) => [i.path, i.requiresNote])));
    for (const p of ['modules/mysql/schema.mysql.sql', 'modules/side/schema.side.sql']) {
      const i = impactAt(aloneReport, p);
      assert.ok(i, p);
      assert.equal(i.severity, 'info');
      assert.match(i.title, /\(new installations only\)$/);
      assert.match(i.findings[0].message, /^changes the schema of new installations only: no upgrade script in this range changes existing databases \(this repository keeps 2 upgrade scripts/);
      assert.ok(translateMessage(i.findings[0].message)?.startsWith('只改变新安装的数据库结构'));
      assert.match(localizeTitle(i.title, 'zh-cn'), /（仅影响新安装）$/);
    }
  });

  it('in step with a new upgrade script, both need a note', () => {
    assert.equal(impactAt(inStepReport, 'modules/mysql/schema.mysql.sql')?.requiresNote, true);
    assert.equal(impactAt(inStepReport, 'modules/mysql/4.6.0_to_4.7.0_schema.mysql.sql')?.requiresNote, true);
  });

  it('in a repository that keeps no upgrade scripts, the schema file still needs a note', () => {
    assert.equal(impactAt(noUpgradesReport, 'db/schema.sql')?.requiresNote, true);
  });

  it('knows upgrade scripts by name and folder', () => {
    assert.ok(isUpgradeScriptPath('modules/gmysqlbackend/4.1.0_to_4.2.0_schema.mysql.sql'));
    assert.ok(isUpgradeScriptPath('src/cats/ddl/updates/postgresql.2171_2192.sql'));
    assert.ok(isUpgradeScriptPath('sql/upgrade-12.sql'));
    assert.ok(!isUpgradeScriptPath('modules/gmysqlbackend/schema.mysql.sql'));
    assert.ok(!isUpgradeScriptPath('src/cats/ddl/creates/postgresql.sql'));
    assert.ok(!isUpgradeScriptPath('docs/updates/notes.md'));
  });
});

describe('profile: a folder of numbered queries is not a schema history (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    const queries: Record<string, string> = { 'README.md': '# backup\n' };
    for (let n = 1; n <= 9; n++) queries[`src/cats/dml/000${n}_list_jobs_${n}.mysql`] = `SELECT JobId, Name FROM Job WHERE JobId > ${n}\n`;
    queries['src/cats/dml/0010_create_deltabs.mysql'] = 'CREATE TEMPORARY TABLE\n  DelCandidates (JobId INTEGER)\n';
    queries['src/cats/dml/0011_drop_deltabs.mysql'] = 'DROP TABLE DelCandidates\n';
    // (the dialect variants, `0013_create_deltabs.mysql`, are what makes the folder look like SQL)
    // a real history beside it: numbered upgrade scripts holding DDL
    for (let n = 1; n <= 3; n++) queries[`db/changes/00${n}_step.sql`] = `ALTER TABLE Job ADD COLUMN c${n} INT;\n`;
    repo.commit('init', queries);
    repo.checkout('feature', true);
    repo.commit('feature', {
      'src/cats/dml/0012_get_orphaned_paths.mysql': 'SELECT PathId FROM Path LIMIT 300000\n',
      'db/changes/004_step.sql': 'UPDATE Job SET c3 = 0;\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a new numbered query beside SELECTs and a scratch table is not a migration', () => {
    const i = impactAt(report, 'src/cats/dml/0012_get_orphaned_paths.mysql');
    assert.ok(!i || i.category !== 'migration', i?.rule);
  });

  it('a file added to a folder of numbered DDL files still is', () => {
    const i = impactAt(report, 'db/changes/004_step.sql');
    assert.equal(i?.rule, 'generic.schema-history');
    assert.equal(i?.requiresNote, true);
  });
});
