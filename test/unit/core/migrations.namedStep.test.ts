import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { isNamedStepName, mayAddSchemaCall, schemaCallFindings } from '../../../src/core/analyzers/schemaCalls';
import { translateMessage } from '../../../src/core/l10n/catalog';
import { TestRepo } from '../../helpers/repo';
import { assertLinear, assertLinearPrepared, repeatTo } from '../hostile/timing';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 17 (mig16): a named step added to a project's own migration code, which works on a database or
// a store and runs the step on the stored data. Seen in ex-holdout v15 in Rust (tuwunel's src/service/migrations.rs:
// `async fn upgrade_legacy_mediaid_user(services)`, run once on boot under a marker key in RocksDB's `global` column
// family) and Go (asynq's tools/asynq/cmd/migrate.go: `func migrateList(c *redis.Client, key string)`, run by the
// `asynq migrate` command on the Redis keys). The look-alikes stay silent: a helper nobody calls, the same step in
// code that is no migration code, migration code that works on no database or store (a config file's converter),
// a step the old file already declared (moved), a test.

const TUWUNEL_OLD = `use tuwunel_database::Deserialized;

use crate::Services;

pub(crate) async fn migrations(services: &Services) -> Result {
	migrate(services).await
}

async fn migrate(services: &Services) -> Result {
	let db = &services.db;
	if db["global"].get(b"fix_referencedevents_missing_sep").await.is_not_found() {
		fix_referencedevents_missing_sep(services).await?;
	}
	Ok(())
}

async fn fix_referencedevents_missing_sep(services: &Services) -> Result {
	let db = &services.db;
	db["global"].insert(b"fix_referencedevents_missing_sep", []);
	Ok(())
}
`;

// a new step, declared and run by the runner
const TUWUNEL_NEW = TUWUNEL_OLD.replace('	Ok(())\n}\n\nasync fn fix_referencedevents', `	if db["global"].get(b"upgrade_legacy_mediaid_user").await.is_not_found() {
		upgrade_legacy_mediaid_user(services).await?;
	}
	Ok(())
}

async fn upgrade_legacy_mediaid_user(services: &Services) -> Result {
	let db = &services.db;
	let mediaid_user = db["mediaid_user"].clone();
	mediaid_user.remove(b"legacy");
	db["global"].insert(b"upgrade_legacy_mediaid_user", []);
	Ok(())
}

async fn fix_referencedevents`);

const ASYNQ_NEW = `package cmd

import (
	"github.com/go-redis/redis/v7"
	"github.com/spf13/cobra"
)

var migrateCmd = &cobra.Command{
	Use: "migrate",
	Run: migrate,
}

func migrate(cmd *cobra.Command, args []string) {
	c := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	for _, key := range []string{"asynq:in_progress"} {
		migrateList(c, key)
	}
}

func migrateList(c *redis.Client, key string) error {
	return c.Rename(key, key+":old").Err()
}
`;

// a config file's converter in a migrate module: no database, no store
const CONFIG_OLD = 'import json\n\n\ndef migrate(path):\n    cfg = json.load(open(path))\n    return cfg\n';
const CONFIG_NEW = 'import json\n\n\ndef migrate(path):\n    cfg = json.load(open(path))\n    return convert_legacy_keys(cfg)\n\n\ndef convert_legacy_keys(cfg):\n    cfg["listen"] = cfg.pop("bind", None)\n    return cfg\n';

// review17 F7: helpers of migration code, self-updaters and a CLI's upgrade command, whose own code touches no stored
// data although the file names a database or a word of a store's (`kv`, `collections`).
const RUNNER_OLD = `package db

import "database/sql"

// Migrate applies the embedded SQL files in order.
func Migrate(db *sql.DB, files []string) error {
	for _, f := range files {
		if _, err := db.Exec(f); err != nil {
			return err
		}
	}
	return nil
}
`;
const RUNNER_NEW = `package db

import (
	"database/sql"
	"strings"
)

// Migrate applies the embedded SQL files in order, one statement at a time.
func Migrate(db *sql.DB, files []string) error {
	for _, f := range files {
		for _, stmt := range splitStatements(f) {
			if _, err := db.Exec(stmt); err != nil {
				return err
			}
		}
	}
	return nil
}

func splitStatements(script string) []string {
	var out []string
	for _, s := range strings.Split(script, ";") {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
`;
const SELF_UPDATE_OLD = 'package upgrade\n\nimport "os"\n\n// Run replaces the running binary.\nfunc Run(url string) error {\n\tfor _, kv := range os.Environ() {\n\t\t_ = kv\n\t}\n\treturn nil\n}\n';
const SELF_UPDATE_NEW = `package upgrade

import (
	"net/http"
	"os"
	"strings"
)

// Run replaces the running binary with the release at url, keeping UPGRADE_* settings of the environment.
func Run(url string) error {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "UPGRADE_") {
			_ = kv
		}
	}
	return upgradeBinary(url)
}

func upgradeBinary(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}
`;
const PLUGINS_OLD = 'import collections\nimport subprocess\n\n\ndef main(argv):\n    subprocess.run(["pip", "install", "-U", "mytool"])\n';
const PLUGINS_NEW = `import collections
import subprocess


def upgrade_plugins(
    names,
):
    counts = collections.Counter(names)
    for name in counts:
        subprocess.run(["pip", "install", "-U", name])


def main(argv, db):
    subprocess.run(["pip", "install", "-U", "mytool"])
    upgrade_plugins(argv[1:])
    db.execute("DELETE FROM plugin_cache")
`;
// Python and Scala steps whose own body touches the stored data (anchore-engine's `db_upgrade_015_016`, registered in
// its list of upgrade functions; Marathon's `renameFrameworkId` on the ZooKeeper store, a nested `migrateKey`)
const PY_STEP_OLD = 'from anchore_engine.db import session_scope\n\n\ndef do_upgrade():\n    pass\n';
const PY_STEP_NEW = `from anchore_engine.db import session_scope


def backfill_image_digests(
    batch=100,
):
    with session_scope() as session:
        session.execute("UPDATE images SET digest = id WHERE digest IS NULL")


def do_upgrade():
    backfill_image_digests()
`;
const SCALA_OLD = 'package mesosphere.marathon.state\n\nclass Migration(store: PersistentStore) {\n  def migrate(): Unit = {}\n}\n';
const SCALA_NEW = `package mesosphere.marathon.state

class Migration(store: PersistentStore) {
  def migrate(): Unit = {
    migrateTasks()
  }

  def migrateTasks(): Future[Unit] = {
    log.info("Start 0.13 migration")
    def migrateKey(legacyKey: String): Future[Unit] = {
      fetchLegacyTask(legacyKey).map(_ => ())
    }
    entityStore.names().flatMap { keys =>
      Future.sequence(keys.map(migrateKey)).map(_ => ())
    }
  }
}
`;

describe('generic: a named step added to the project\'s own migration code', () => {
  it('names a step by its verb and what it converts, not the runner', () => {
    for (const n of ['upgrade_legacy_mediaid_user', 'backfill_server_name', 'migrateList', 'partitionZSetMembersByQueue', 'rebuild_roomid_tscount_pducount', 'do_migrate_media', 'db_upgrade_x']) assert.equal(isNamedStepName(n), true, n);
    for (const n of ['migrate', 'upgrade', 'Migrate', 'run_migrations_hook', 'epochs_per_migration', 'migration_version', 'test_migrate_list', 'fix', 'addColumn', 'createBackup']) {
      // `run_migrations_hook`: `migrations` is no verb; the rest are the runner, a noun or a test
      assert.equal(isNamedStepName(n), false, n);
    }
  });

  it('the prefilter reads a step\'s declaration in migration code only', () => {
    assert.equal(mayAddSchemaCall('src/service/migrations.rs', ['async fn upgrade_legacy_mediaid_user(services: &Services) -> Result {']), true);
    assert.equal(mayAddSchemaCall('tools/asynq/cmd/migrate.go', ['func migrateList(c *redis.Client, key string) error {']), true);
    assert.equal(mayAddSchemaCall('src/service/rooms.rs', ['async fn upgrade_legacy_mediaid_user(services: &Services) -> Result {']), false);
    assert.equal(mayAddSchemaCall('src/service/migrations.rs', ['async fn migrate(services: &Services) -> Result {', '	upgrade_legacy_mediaid_user(services).await?;']), false);
  });

  it('finds a new step the runner calls, in migration code that works on a database or a store', () => {
    const added = new Set(TUWUNEL_NEW.split('\n').map((l, i) => (TUWUNEL_OLD.includes(l) ? 0 : i + 1)).filter((n) => n > 0));
    const f = schemaCallFindings('src/service/migrations.rs', TUWUNEL_OLD, TUWUNEL_NEW, (l) => added.has(l));
    assert.deepEqual(f.map((x) => x.message), ["adds the migration step upgrade_legacy_mediaid_user: the project's migration code runs it on the stored data when this version starts or migrates"]);
    assert.equal(f[0].line, TUWUNEL_NEW.split('\n').findIndex((l) => l.startsWith('async fn upgrade_legacy')) + 1);
    const g = schemaCallFindings('tools/asynq/cmd/migrate.go', null, ASYNQ_NEW, () => true);
    assert.deepEqual(g.map((x) => x.subject), ['migrateList']);
  });

  it('stays silent on look-alikes', () => {
    // a helper declared and never called
    const unused = TUWUNEL_OLD.replace('async fn fix_referencedevents', 'async fn rebuild_media_index(services: &Services) -> Result {\n	let db = &services.db;\n	Ok(())\n}\n\nasync fn fix_referencedevents');
    assert.deepEqual(schemaCallFindings('src/service/migrations.rs', TUWUNEL_OLD, unused, () => true), []);
    // the same step in code that is no migration code
    assert.deepEqual(schemaCallFindings('src/service/rooms.rs', TUWUNEL_OLD, TUWUNEL_NEW, () => true), []);
    // migration code with no database and no store: a config file's converter
    assert.deepEqual(schemaCallFindings('app/cli/migrate.py', CONFIG_OLD, CONFIG_NEW, () => true), []);
    // a step the old file declared, moved below a new helper
    const moved = `const VERSION: u64 = 2;\n${TUWUNEL_NEW}`;
    assert.deepEqual(schemaCallFindings('src/service/migrations.rs', TUWUNEL_NEW, moved, () => true), []);
    // review17 F7: a step whose own code touches no stored data, though the file does (the runner's `db.Exec`, a
    // later function's SQL) or names `kv`/`collections`
    assert.deepEqual(schemaCallFindings('internal/db/migrate.go', RUNNER_OLD, RUNNER_NEW, () => true), []);
    assert.deepEqual(schemaCallFindings('internal/upgrade/upgrade.go', SELF_UPDATE_OLD, SELF_UPDATE_NEW, () => true), []);
    assert.deepEqual(schemaCallFindings('mytool/commands/upgrade.py', PLUGINS_OLD, PLUGINS_NEW, () => true), []);
  });

  it('reads the step\'s own body: a multi-line Python signature, a Scala step around a nested one', () => {
    assert.deepEqual(schemaCallFindings('anchore_engine/db/entities/upgrade.py', PY_STEP_OLD, PY_STEP_NEW, () => true).map((f) => f.subject), ['backfill_image_digests']);
    // the outer step's body goes on after the nested step (`entityStore`); the nested one touches nothing itself
    assert.deepEqual(schemaCallFindings('src/main/scala/mesosphere/marathon/state/Migration.scala', SCALA_OLD, SCALA_NEW, () => true).map((f) => f.subject), ['migrateTasks']);
  });

  it('in Chinese', () => {
    assert.equal(
      translateMessage("adds the migration step upgrade_legacy_mediaid_user: the project's migration code runs it on the stored data when this version starts or migrates"),
      '新增迁移步骤 upgrade_legacy_mediaid_user：此版本启动或执行迁移时，项目的迁移代码会对已存储的数据执行它',
    );
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    before(async () => {
      repo.commit('init', {
        'src/service/migrations.rs': TUWUNEL_OLD,
        'src/service/rooms.rs': TUWUNEL_OLD,
        'app/cli/migrate.py': CONFIG_OLD,
        'internal/db/migrate.go': RUNNER_OLD,
        'internal/upgrade/upgrade.go': SELF_UPDATE_OLD,
        'mytool/commands/upgrade.py': PLUGINS_OLD,
        'tools/asynq/go.mod': 'module github.com/hibiken/asynq/tools\n',
        'tools/asynq/cmd/root.go': 'package cmd\n',
        'go.mod': 'module github.com/hibiken/asynq\n',
        'client.go': 'package asynq\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'src/service/migrations.rs': TUWUNEL_NEW,
        'src/service/rooms.rs': TUWUNEL_NEW,
        'app/cli/migrate.py': CONFIG_NEW,
        'tools/asynq/cmd/migrate.go': ASYNQ_NEW,
        'tests/migrations.rs': TUWUNEL_NEW,
        'internal/db/migrate.go': RUNNER_NEW,
        'internal/upgrade/upgrade.go': SELF_UPDATE_NEW,
        'mytool/commands/upgrade.py': PLUGINS_NEW,
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('tuwunel\'s new step and asynq\'s migrate command are schema changes', () => {
      const t = impactAt(report, 'src/service/migrations.rs');
      assert.ok(isMigration(t), `${t?.rule} ${JSON.stringify(t?.findings)}`);
      assert.ok(t!.findings.some((f) => f.kind === 'schema-change' && f.subject === 'upgrade_legacy_mediaid_user'), JSON.stringify(t!.findings));
      assert.ok(!t!.findings.some((f) => f.subject === 'fix_referencedevents_missing_sep'), 'the old step is not new');
      const a = impactAt(report, 'tools/asynq/cmd/migrate.go');
      assert.ok(isMigration(a), `${a?.rule} ${JSON.stringify(a?.findings)}`);
      assert.ok(a!.findings.some((f) => f.subject === 'migrateList'), JSON.stringify(a!.findings));
    });

    it('code that is no migration code, a config converter and a test stay silent', () => {
      for (const p of ['src/service/rooms.rs', 'app/cli/migrate.py', 'tests/migrations.rs']) assert.ok(!isMigration(impactAt(report, p)), `${p}: ${JSON.stringify(impactAt(report, p))}`);
    });

    it('a runner\'s helper, a self-updater and a CLI\'s plugin upgrade add no migration step (review17 F7)', () => {
      for (const p of ['internal/db/migrate.go', 'internal/upgrade/upgrade.go', 'mytool/commands/upgrade.py']) {
        const i = impactAt(report, p);
        assert.ok(!i?.findings.some((f) => f.message.startsWith('adds the migration step')), `${p}: ${JSON.stringify(i)}`);
      }
    });
  });

  it('the prefilter and the reader are linear on near-miss lines', () => {
    for (const unit of ['fn upgrade_', 'func migrateX', 'def ', 'fn  fn ']) {
      const lines = (text: string) => text.match(/[^]{1,1000}/g) ?? [];
      const r = assertLinearPrepared(`named step hint: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => {
        const added = lines(text);
        return () => mayAddSchemaCall('src/migrations.rs', added);
      });
      assert.ok(r.large < 2000);
    }
    for (const unit of ['fn upgrade_a_b() {} ', 'upgrade_a_b(); ', 'fn fn fn ', 'let db = redis; ']) {
      const r = assertLinear(`named step reader: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => schemaCallFindings('src/migrations.rs', null, `let db = 1;\n${text}`, () => true));
      assert.ok(r.large < 2000);
    }
    // the step bodies' reader: nested and unclosed declarations, indentation (review17 F7)
    for (const [path, unit] of [['src/migrations.rs', '{ fn upgrade_a_b() { db; '], ['app/migrations.py', 'def upgrade_a_b(\n'], ['app/migrations.py', '\n        def upgrade_a_b(): db\n upgrade_a_b()']]) {
      const r = assertLinear(`named step bodies: ${path} ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => schemaCallFindings(path, null, text, () => true));
      assert.ok(r.large < 2000);
    }
  });
});
