import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { mayAddSchemaCall, schemaCallFindings } from '../../../src/core/analyzers/schemaCalls';
import { translateMessage } from '../../../src/core/l10n/catalog';
import { TestRepo } from '../../helpers/repo';
import { assertLinear, assertLinearPrepared, repeatTo } from '../hostile/timing';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 16 (mig15): a named data migration added to a project's own migration code, which its
// migration runner runs once per name. Seen in ex-holdout v14 in Python (beets' beets/library/migrations.py:
// `class RemoveInheritedArtpathMigration(Migration):`, listed in the library's migrations and run on the next
// `beet` command) and Node.js (ApostropheCMS's modules: `self.apos.migration.add('deduplicate-widget-ids', …)`,
// run once at startup by its own migration module). With the look-alikes that stay silent: a class named for a
// migration that extends no migration base, a migration the old file already had (moved), a browser store's
// migration registry that names no database, a registry's own declaration, a test's migration.

const BEETS_OLD = `from beets.dbcore.db import Migration


class RelativePathMigration(Migration):
    """Store paths relative to the library directory."""

    def _migrate_data(self, model_cls, current_fields):
        with self.db.transaction() as tx:
            tx.mutate(f"UPDATE {model_cls._table} SET path = ?", ("x",))
`;

const BEETS_NEW = `${BEETS_OLD}

class RemoveInheritedArtpathMigration(Migration):
    """Remove artpath flex attribute erroneously inherited onto items."""

    def _migrate_data(self, model_cls, _):
        with self.db.transaction() as tx:
            tx.mutate(f"DELETE FROM {model_cls._flex_table} WHERE key == 'artpath'")
`;

// review16 F4: a domain class about moving things, named for a migration and extending one, in code that names a
// database, outside the project's migration code: no migration runner runs it.
const VM_OLD = `"""Moving instances between hypervisors."""
from cloud.db import session


class Migration:
    """A request to move one instance to another host."""

    def __init__(self, instance, target):
        self.instance = instance
        self.target = target

    def record(self):
        session.add(self)


class LiveMigration(Migration):
    def run(self):
        self.instance.hypervisor.live_move(self.target)
        self.record()
`;

const VM_NEW = `${VM_OLD}

class ColdMigration(Migration):
    def run(self):
        self.instance.stop()
        self.instance.hypervisor.copy_disk(self.target)
        self.record()
`;

const APOS_OLD = `module.exports = {
  async init(self) {
    self.addMigrations();
  },
  methods(self) {
    return {
      addMigrations() {
        self.apos.migration.add('fix-ranks', async () => {
          await self.apos.doc.db.updateMany({ rank: null }, { $set: { rank: 0 } });
        });
      }
    };
  }
};
`;

// the same module with two migrations added under the first
const APOS_NEW = APOS_OLD.replace("        });\n      }\n", `        });\n        self.apos.migration.add('misreplicated-parked-pages', async () => {
          await self.apos.doc.db.deleteMany({ parkedId: { $exists: true }, aposLocale: null });
        });
        self.apos.migration.add(
          \`\${self.__meta.name}:clean-naughty-link-href\`,
          async () => {
            await self.apos.doc.db.updateOne({ _id: 'x' }, { $set: { linkHref: '' } });
          }
        );
      }\n`);

describe('generic: a named data migration added to the project\'s own migration code', () => {
  it('the prefilter reads a migration class and a registry call, not other lines', () => {
    assert.equal(mayAddSchemaCall('beets/library/migrations.py', ['class RemoveInheritedArtpathMigration(Migration):']), true);
    assert.equal(mayAddSchemaCall('modules/page/index.js', ["    self.apos.migration.add('deduplicateRanks2', self.deduplicateRanks2Migration);"]), true);
    assert.equal(mayAddSchemaCall('src/upgrade.ts', ["  addMigration('users-email-lower', async (db) => {"]), true);
    assert.equal(mayAddSchemaCall('modules/page/index.js', ['    self.apos.area.add(widget);', 'class PageManager {']), false);
    // not code
    assert.equal(mayAddSchemaCall('README.md', ['class RemoveInheritedArtpathMigration(Migration):']), false);
  });

  it('finds the classes extending a migration base and the names registered, in code that works on a database', () => {
    const from = (first: number) => (l: number) => l >= first;
    const beets = schemaCallFindings('beets/library/migrations.py', BEETS_OLD, BEETS_NEW, from(BEETS_OLD.split('\n').length));
    assert.deepEqual(beets.map((f) => f.message), ["adds the data migration RemoveInheritedArtpathMigration: the project's migration code runs it once on the stored data when this version starts or migrates"]);
    assert.equal(beets[0].line, 12);
    const apos = schemaCallFindings('modules/page/index.js', APOS_OLD, APOS_NEW, (l) => l >= 11);
    assert.deepEqual(apos.map((f) => f.message.split(": the project's")[0]), ['adds the data migration misreplicated-parked-pages', 'adds the data migration …:clean-naughty-link-href']);
    assert.deepEqual(apos.map((f) => f.line), [11, 14]);
  });

  it('stays silent on look-alikes', () => {
    // a class named for a migration with no migration base (a settings file's converter)
    const conv = 'import json\n\nclass SettingsMigration(object):\n    def run(self, db):\n        db.execute("UPDATE settings SET v = 1")\n';
    assert.deepEqual(schemaCallFindings('app/settings.py', 'import json\n', conv, () => true), []);
    // a release's migration class with an empty body, inheriting the previous release's steps (Open XDMoD 7.0.1,
    // labelled "does not include any database schema changes"), in PHP and in Python
    const empty = '<?php\nnamespace OpenXdmod\\Migration\\Version700To701;\n\nuse CCR\\DB;\n\nclass DatabasesMigration extends \\OpenXdmod\\Migration\\Version660To700\\DatabasesMigration\n{\n}\n';
    assert.deepEqual(schemaCallFindings('classes/OpenXdmod/Migration/Version700To701/DatabasesMigration.php', null, empty, () => true), []);
    assert.deepEqual(schemaCallFindings('lib/migrations.py', BEETS_OLD, `${BEETS_OLD}\n\nclass KeepMigration(RelativePathMigration):\n    pass\n`, (l) => l >= 10), []);
    // a domain class named for a migration outside the migration code (review16 F4); the same class in a migrations module counts
    assert.deepEqual(schemaCallFindings('cloud/compute/moves.py', VM_OLD, VM_NEW, (l) => l >= 21), []);
    assert.equal(schemaCallFindings('cloud/compute/migrations/moves.py', VM_OLD, VM_NEW, (l) => l >= 21).length, 1);
    // a migration the old file had, moved below a new helper
    const moved = `const helper = () => 1;\n${APOS_OLD}`;
    assert.deepEqual(schemaCallFindings('modules/page/index.js', APOS_OLD, moved, (l) => l === 1 || l >= 9), []);
    // a browser store's registry of state migrations: no database in its code
    const store = "const migrations = new Registry();\nmigrations.add('v13-theme', (state) => ({ ...state, ui: { theme: state.theme } }));\n";
    assert.deepEqual(schemaCallFindings('web/src/persist.js', 'const migrations = new Registry();\n', store, () => true), []);
    // the registry's own declaration, and a call whose name is not a literal
    const registry = "export function addMigration(name, fn) {\n  db.migrations.push({ name, fn });\n}\nfor (const m of list) addMigration(m.name, m.fn);\n";
    assert.deepEqual(schemaCallFindings('src/migration/index.js', '', registry, () => true), []);
  });

  it('in Chinese', () => {
    assert.equal(
      translateMessage("adds the data migration RemoveInheritedArtpathMigration: the project's migration code runs it once on the stored data when this version starts or migrates"),
      '新增数据迁移 RemoveInheritedArtpathMigration：此版本启动或执行迁移时，项目的迁移代码会对已存储的数据执行一次',
    );
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    before(async () => {
      repo.commit('init', {
        'beets/library/migrations.py': BEETS_OLD,
        'modules/page/index.js': APOS_OLD,
        'app/settings.py': 'import json\n',
        'web/src/persist.js': 'const migrations = new Registry();\n',
        'cloud/compute/moves.py': VM_OLD,
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'beets/library/migrations.py': BEETS_NEW,
        'modules/page/index.js': APOS_NEW,
        'app/settings.py': 'import json\n\nclass SettingsMigration(object):\n    def run(self, db):\n        db.execute("UPDATE settings SET v = 1")\n',
        'web/src/persist.js': "const migrations = new Registry();\nmigrations.add('v13-theme', (state) => ({ ...state, ui: { theme: state.theme } }));\n",
        'cloud/compute/moves.py': VM_NEW,
        'test/migrations.test.js': "self.apos.migration.add('test-only', async () => { await db.x.deleteMany({}); });\n",
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('beets\' migration class and ApostropheCMS\'s registered migrations are schema changes', () => {
      const beets = impactAt(report, 'beets/library/migrations.py');
      assert.ok(isMigration(beets), `${beets?.rule} ${JSON.stringify(beets?.findings)}`);
      assert.ok(beets!.findings.some((f) => f.kind === 'schema-change' && f.message.includes('RemoveInheritedArtpathMigration') && f.line === 12), JSON.stringify(beets!.findings));
      assert.ok(!beets!.findings.some((f) => f.message.includes('RelativePathMigration')), 'the old migration is not new');
      const apos = impactAt(report, 'modules/page/index.js');
      assert.ok(isMigration(apos), `${apos?.rule} ${JSON.stringify(apos?.findings)}`);
      assert.ok(apos!.findings.some((f) => f.message.includes('misreplicated-parked-pages')), JSON.stringify(apos!.findings));
      assert.ok(!apos!.findings.some((f) => f.message.includes('fix-ranks')), 'the old migration is not new');
    });

    it('a class with no migration base, a browser store\'s registry and a test stay silent', () => {
      assert.ok(!isMigration(impactAt(report, 'app/settings.py')), JSON.stringify(impactAt(report, 'app/settings.py')));
      assert.ok(!isMigration(impactAt(report, 'web/src/persist.js')), JSON.stringify(impactAt(report, 'web/src/persist.js')));
      assert.ok(!isMigration(impactAt(report, 'test/migrations.test.js')));
    });

    it('a VM migration class outside the migration code stays silent (review16 F4)', () => {
      const vm = impactAt(report, 'cloud/compute/moves.py');
      assert.ok(!isMigration(vm), JSON.stringify(vm));
      assert.ok(!vm?.findings.some((f) => f.kind === 'schema-change'), JSON.stringify(vm?.findings));
    });
  });

  it('the prefilter and the reader are linear on near-miss lines', () => {
    for (const unit of ['class ', 'class xMigration', 'migrations.', 'migration . add ', 'addMigration ']) {
      // lines under the prefilter's 2,000-character cut, so the input it reads grows 10× (review16 F7)
      const lines = (text: string) => text.match(/[^]{1,1000}/g) ?? [];
      const r = assertLinearPrepared(`named migration hint: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => {
        const added = lines(text);
        return () => assert.equal(mayAddSchemaCall('a.js', added), false);
      });
      assert.ok(r.large < 2000);
    }
    for (const unit of ['class AMigration ', 'migration.add(`${a}', 'x.migration.add( ', 'class BMigration(']) {
      const r = assertLinear(`named migration reader: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => schemaCallFindings('a.js', null, `const db = 1;\n${text}`, () => true));
      assert.ok(r.large < 2000);
    }
  });
});
