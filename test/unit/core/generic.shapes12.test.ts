import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Impact, type Report } from '../../../src/core';
import { schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { TestRepo } from '../../helpers/repo';

// Issue 11, session 12 (mig11): the database module's own version with no qualifier, raised, where the
// module upgrades the database. Seen in two ecosystems of the dev corpus: Perl (netdisco's DBIx::Class
// schema class `lib/App/Netdisco/DB.pm`: `$VERSION = 75;` → `76`, "schema version used for upgrades",
// its `upgrade_directory` applies the SQL steps) and Python (fail2ban's `database.py`: the database
// class's `__version__ = 2` → `4`, its code upgrades older files on open). Perl is not scanned for DDL
// strings, so the generic layer now reads a schema version line in any lexed code, not only in the
// languages whose strings it scans. Each with the look-alikes that must stay silent: a release number
// (`$VERSION = '1.02'`), a bare version outside a database module, a database module that upgrades
// nothing, a browser app's state store.

function impactAt(report: Report, path: string): Impact | undefined {
  return report.impacts.find((x) => x.path === path);
}
const isMigration = (i: Impact | undefined) => i?.category === 'migration' && i.requiresNote === true;

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
