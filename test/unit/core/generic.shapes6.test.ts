import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

// Issue 11, a shape of schema changes read on never-seen layouts (session 7, from the misses of
// ex-holdout v5): a Go service's migration list (gormigrate) whose new step drops old tables and
// indices through GORM's Migrator. Decoys: a step that only asks the Migrator whether a table or a
// column exists, and the same drop in a test file.

const DB_GO = (steps: string) => `package db

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{
			ID: "202401010000",
			Migrate: func(tx *gorm.DB) error {
				return nil
			},
		},
${steps}	}
}
`;
const DROP_STEP = `		{
			// Drop tables no longer in use.
			ID: "202510311551",
			Migrate: func(tx *gorm.DB) error {
				for _, old := range []string{"namespaces", "machines"} {
					_ = tx.Migrator().DropTable(old)
				}
				return tx.Migrator().DropIndex("routes", "idx_routes_deleted_at")
			},
		},
`;
const CHECK_STEP = `		{
			ID: "202510311552",
			Migrate: func(tx *gorm.DB) error {
				if tx.Migrator().HasTable("users") && tx.Migrator().HasColumn(&User{}, "email") {
					return nil
				}
				return nil
			},
		},
`;

describe('generic layer: GORM Migrator operations in a migration step (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# svc\n',
      'hscontrol/db/db.go': DB_GO(''),
      'hscontrol/db/checks.go': DB_GO(''),
      'hscontrol/db/db_test.go': 'package db\n\nfunc setup() {}\n',
    });
    repo.checkout('feature', true);
    repo.commit('steps', {
      'hscontrol/db/db.go': DB_GO(DROP_STEP),
      'hscontrol/db/checks.go': DB_GO(CHECK_STEP),
      'hscontrol/db/db_test.go': 'package db\n\nfunc setup(tx *gorm.DB) {\n\t_ = tx.Migrator().DropTable("users")\n}\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a step that drops tables and an index through the Migrator is a schema change naming the operations', () => {
    const i = report.impacts.find((x) => x.path === 'hscontrol/db/db.go');
    assert.equal(i?.category, 'migration');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['schema operation .Migrator().DropTable', 'schema operation .Migrator().DropIndex']);
  });

  it('decoys: Migrator checks (HasTable/HasColumn) and a drop in a test file are not schema changes', () => {
    for (const p of ['hscontrol/db/checks.go', 'hscontrol/db/db_test.go']) {
      const i = report.impacts.find((x) => x.path === p);
      assert.ok(!i || i.category !== 'migration' || !i.requiresNote, `${p}: ${i?.rule} ${i?.findings.map((f) => f.message).join(' | ')}`);
    }
  });
});

// peewee's playhouse migrator in an upgrade module (the API candig-server 1.3.0's migration script uses;
// server/upgrade/add_columns.py); decoy: a script that only reads the schema.
describe('generic layer: peewee playhouse migrator operations (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', { 'README.md': '# server\n', 'server/models.py': 'import peewee as pw\n' });
    repo.checkout('feature', true);
    repo.commit('migration script', {
      'server/upgrade/add_columns.py': 'from playhouse import migrate as mgt\n\ndef add_columns(migrator, table, column):\n    mgt.migrate(\n        migrator.add_column(table, column, mgt.TextField(null=True))\n    )\n',
      'server/upgrade/inspect.py': 'def columns(db, table):\n    return [c.name for c in db.get_columns(table)]\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('migrator.add_column in a new script is a schema change; a script that reads columns is not', () => {
    const i = report.impacts.find((x) => x.path === 'server/upgrade/add_columns.py');
    assert.equal(i?.category, 'migration');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['schema operation migrator.add_column']);
    const d = report.impacts.find((x) => x.path === 'server/upgrade/inspect.py');
    assert.ok(!d || d.category !== 'migration' || !d.requiresNote, JSON.stringify(d));
  });
});
