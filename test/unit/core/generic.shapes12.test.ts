import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 12 (mig11): the database module's own version with no qualifier, raised, where the
// module upgrades the database. Seen in two ecosystems of the dev corpus: Perl (netdisco's DBIx::Class
// schema class `lib/App/Netdisco/DB.pm`: `$VERSION = 75;` → `76`, "schema version used for upgrades",
// its `upgrade_directory` applies the SQL steps) and Python (fail2ban's `database.py`: the database
// class's `__version__ = 2` → `4`, its code upgrades older files on open). Perl is not scanned for DDL
// strings, so the generic layer now reads a schema version line in any lexed code, not only in the
// languages whose strings it scans. Each with the look-alikes that must stay silent: a release number
// (`$VERSION = '1.02'`), a bare version outside a database module, a database module that upgrades
// nothing, a browser app's state store.

describe('schema version: a bare version constant in the database module', () => {
  it('reads it only where the caller says the module may hold one, and only as a whole number', () => {
    assert.deepEqual(schemaVersionDecls('  $VERSION = 76; # schema version used for upgrades', { dbModule: true, bare: true }), [{ name: 'VERSION', value: 76, format: true }]);
    assert.deepEqual(schemaVersionDecls('\t__version__ = 4', { dbModule: true, bare: true }), [{ name: '__version__', value: 4, format: true }]);
    assert.deepEqual(schemaVersionDecls('const version = 2', { dbModule: true, bare: true }), [{ name: 'version', value: 2, format: true }]);
    assert.deepEqual(schemaVersionDecls('  $VERSION = 76;', { dbModule: true }), []);
    assert.deepEqual(schemaVersionDecls('  $VERSION = 76;'), []);
    assert.deepEqual(schemaVersionDecls("our $VERSION = '1.02';", { dbModule: true, bare: true }), []);
    assert.deepEqual(schemaVersionDecls('our $VERSION = 2.01;', { dbModule: true, bare: true }), []);
    assert.deepEqual(schemaVersionDecls('__version__ = "2.1"', { dbModule: true, bare: true }), []);
    // a local variable is no constant
    assert.deepEqual(schemaVersionDecls('\t\tversion = 0', { dbModule: true, bare: true }), []);
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    const perlSchema = (v: string) => `package App::Tracker::DB;\nuse strict;\nuse base 'DBIx::Class::Schema';\n\nour # keep it an integer\n  $VERSION = ${v}; # schema version used for upgrades\n\n__PACKAGE__->load_components(qw/+DBIx::Class::Schema::Versioned/);\n__PACKAGE__->upgrade_directory('share/schema_versions');\n\n1;\n`;
    const pyDb = (v: string) => `import sqlite3\n\nclass TrackerDb(object):\n\t__version__ = ${v}\n\n\tdef __init__(self, path):\n\t\tself._db = sqlite3.connect(path)\n\t\tself._upgradeDb()\n\n\tdef _upgradeDb(self):\n\t\tpass\n`;
    before(async () => {
      repo.commit('init', {
        'README.md': '# tracker\n',
        'lib/App/Tracker/DB.pm': perlSchema('75'),
        'tracker/server/database.py': pyDb('2'),
        // a Perl module's release number, in a database module
        'lib/App/Inventory/DB.pm': "package App::Inventory::DB;\nour $VERSION = '1.02';\nsub upgrade_schema { }\n1;\n",
        // a bare version raised outside a database module
        'lib/App/Tracker/Util.pm': 'package App::Tracker::Util;\nour $VERSION = 3;\nsub upgrade_all { }\n1;\n',
        // a database module that upgrades nothing: its version is the class's own
        'lib/App/Report/DB.pm': 'package App::Report::DB;\nour $VERSION = 3;\nsub connect { }\n1;\n',
        // a browser app's saved state, migrated by the app
        'web/src/store.js': 'export const VERSION = 2;\nexport function migrateState(s) { return s; }\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'lib/App/Tracker/DB.pm': perlSchema('76'),
        'tracker/server/database.py': pyDb('4'),
        'lib/App/Inventory/DB.pm': "package App::Inventory::DB;\nour $VERSION = '1.03';\nsub upgrade_schema { }\n1;\n",
        'lib/App/Tracker/Util.pm': 'package App::Tracker::Util;\nour $VERSION = 4;\nsub upgrade_all { }\n1;\n',
        'lib/App/Report/DB.pm': 'package App::Report::DB;\nour $VERSION = 4;\nsub connect { }\n1;\n',
        'web/src/store.js': 'export const VERSION = 3;\nexport function migrateState(s) { return s; }\n',
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('the Perl schema class\'s $VERSION raised is a schema change (code-ddl, though Perl strings are not scanned)', () => {
      const i = impactAt(report, 'lib/App/Tracker/DB.pm');
      assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
      assert.equal(i!.rule, 'generic.code-ddl');
      assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /VERSION from 75 to 76/.test(f.message ?? '')), JSON.stringify(i!.findings));
    });
    it('the Python database class\'s __version__ raised is one too', () => {
      const i = impactAt(report, 'tracker/server/database.py');
      assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
      assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /__version__ from 2 to 4/.test(f.message ?? '')), JSON.stringify(i!.findings));
    });
    it('a release number, a version outside a database module, a database module that upgrades nothing and a browser store are nothing', () => {
      for (const p of ['lib/App/Inventory/DB.pm', 'lib/App/Tracker/Util.pm', 'lib/App/Report/DB.pm', 'web/src/store.js']) {
        assert.equal(isMigration(impactAt(report, p)), false, p);
      }
    });
  });
});

// 2. A schema version whose name says so but is not spelled as a constant, raised in place: the hunk that
//    adds `current_db_version = 6` removes `current_db_version = 5` (roundup, Python: a class attribute of
//    rdbms_common.py; kinto, Python: `schema_version = 18`; ntfy, Go: `currentSchemaVersion = 13` in a
//    `const ( … )` block). A local read from the database is never a literal a release raises.
describe('schema version: a lower-case schema version raised in place', () => {
  it('reads such a name only when asked, marked as a variable', () => {
    assert.deepEqual(schemaVersionDecls('    current_db_version = 6', { variable: true }), [{ name: 'current_db_version', value: 6, variable: true }]);
    assert.deepEqual(schemaVersionDecls('    current_db_version = 6'), []);
    assert.deepEqual(schemaVersionDecls('\tcurrentSchemaVersion          = 13', { variable: true }), [{ name: 'currentSchemaVersion', value: 13, variable: true }]);
    // not a schema's name
    assert.deepEqual(schemaVersionDecls('    current_version = 6', { variable: true }), []);
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    const backend = (v: string, extra = '') => `class Database(object):\n    current_db_version = ${v}\n\n    def upgrade_db(self):\n        version = self.load_dbschema()\n${extra}        return version\n`;
    const goStore = (v: string) => `package store\n\nconst (\n\tcurrentSchemaVersion          = ${v}\n\tcreateTablesQuery = "SELECT 1"\n)\n`;
    before(async () => {
      repo.commit('init', {
        'README.md': '# tracker\n',
        'tracker/backends/rdbms_common.py': backend('5'),
        'server/message_cache.go': goStore('12'),
        // a local that starts at a literal, in code the release adds
        'tracker/tools/check.py': 'def check(conn):\n    return conn\n',
        // lowered
        'tracker/backends/other.py': 'class Other(object):\n    current_db_version = 3\n',
        // a local declared with its type inside a function, raised
        'server/kv.cc': 'int f() {\n  uint32_t schemaversion = 0;\n  return schemaversion;\n}\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'tracker/backends/rdbms_common.py': backend('6', '        if version < 6:\n            self.fix_version_5_tables()\n'),
        'server/message_cache.go': goStore('13'),
        'tracker/tools/check.py': 'def check(conn):\n    current_db_version = 0\n    schema_version = 1\n    current_db_version = conn.version()\n    return current_db_version\n',
        'tracker/backends/other.py': 'class Other(object):\n    current_db_version = 2\n',
        'server/kv.cc': 'int f() {\n  uint32_t schemaversion = 1;\n  return schemaversion;\n}\n',
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('the class attribute raised from 5 to 6 is a schema change', () => {
      const i = impactAt(report, 'tracker/backends/rdbms_common.py');
      assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
      assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /current_db_version from 5 to 6/.test(f.message ?? '')), JSON.stringify(i!.findings));
    });
    it('the Go const block\'s currentSchemaVersion raised is one too', () => {
      const i = impactAt(report, 'server/message_cache.go');
      assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
      assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /currentSchemaVersion from 12 to 13/.test(f.message ?? '')), JSON.stringify(i!.findings));
    });
    it('locals assigned a literal with no lower value removed beside them, a local declared with its type, and a lowered version, are nothing', () => {
      for (const p of ['tracker/tools/check.py', 'tracker/backends/other.py', 'server/kv.cc']) assert.equal(isMigration(impactAt(report, p)), false, p);
    });
  });
});

// 3. A data migration module added in a `scripts/` or `tools/` folder, which the profile calls development-only by
//    its name alone (not shipped in the image): operators run such a script on upgrade (candig-server, Python:
//    `scripts/database_migration/migration.py` with peewee's migrator; the same folders hold sw360's
//    `scripts/migrations/NNN_*.py`, Kea's `src/share/database/scripts/*/upgrade_*.sh.in`, MongooseIM's
//    `tools/migration/*.escript`). Other development-only folders (`hack/`, `e2e/`) still hide it.
describe('generic: a data migration module in a scripts/ or tools/ folder', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# server\n',
      'Dockerfile': 'FROM python:3.12\nCOPY server /app/server\nCMD ["python", "-m", "server"]\n',
      'server/__init__.py': '',
      'server/repo/models.py': 'class Patient(object):\n    pass\n',
      'scripts/release.sh': '#!/bin/sh\necho release\n',
      'hack/lint.sh': '#!/bin/sh\necho lint\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'scripts/database_migration/migration.py': 'from playhouse import migrate as mgt\n\ndef add_columns(migrator, columns):\n    for table, column in columns:\n        mgt.migrate(migrator.add_column(table, column, mgt.TextField(null=True)))\n',
      'hack/db/migration.py': 'def run():\n    pass\n',
      'scripts/bench_postmigration.py': 'def bench():\n    pass\n',
      'scripts/migrate.py': 'def run():\n    pass\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the migration module of the scripts folder is a schema change', () => {
    const i = impactAt(report, 'scripts/database_migration/migration.py');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    assert.equal(i!.rule, 'generic.schema-call');
  });
  it('one in another development-only folder, a benchmark and a migration script beside no data folder are nothing', () => {
    for (const p of ['hack/db/migration.py', 'scripts/bench_postmigration.py', 'scripts/migrate.py']) assert.equal(isMigration(impactAt(report, p)), false, p);
  });
});
