import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { dataMigrationModulePlace, isDataMigrationModule } from '../../../src/core/analyzers/schemaCalls';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 14 (mig13b): schema changes ex-holdout v12 showed and the generic layer missed,
// in projects that keep their data in their own code. Each with the look-alikes that must stay silent.

// 1. A module named for one numbered step of the upgrade, added under the data layer or in a folder of
//    migrations (Marathon, Scala: `storage/migration/MigrationTo152.scala`, its ZooKeeper state migrated at
//    start-up; Ampache, PHP: `Update/Migration/V7/Migration750001.php`; Penpot, Clojure: `app/migrations/migration_0023.clj`).
describe('generic: a numbered migration step module added', () => {
  it('is a data migration module by its step name under a data folder or a folder of migrations', () => {
    for (const p of [
      'src/main/scala/mesosphere/marathon/storage/migration/MigrationTo152.scala',
      'src/main/scala/mesosphere/marathon/storage/migration/legacy/MigrationTo_1_4_2.scala',
      'src/Module/System/Update/Migration/V7/Migration750001.php',
      'backend/src/app/migrations/migration_0023.clj',
      'internal/store/upgrade_1844.go',
    ]) assert.notEqual(dataMigrationModulePlace(p), null, p);
    for (const p of [
      // no data folder, no folder of migrations
      'src/main/scala/mesosphere/marathon/core/MigrationTo152.scala',
      'cmd/upgrade_1844.go',
      // a step name that is no step (a one-digit format version, a word after the number), a test, a document
      'storage/migration/MigrateToV2.scala',
      'storage/migration/MigrationTo152Test.scala',
      'storage/migration/MigrationTo152.md',
      // a browser store's saved state
      'web/src/store/migrations/migrate_v12.ts',
    ]) assert.equal(dataMigrationModulePlace(p), null, p);
  });
  it('a step in a folder of migrations counts only when its code works on a database or a store (review14 F3)', () => {
    // a CLI's settings object upgraded: no database anywhere
    assert.equal(isDataMigrationModule('src/settings/upgrades/upgradeTo12.ts', 'export const upgradeTo12 = (s: any) => ({ ...s, v: 12 });\n'), false);
    assert.equal(isDataMigrationModule('src/settings/upgrades/upgradeTo12.ts', null), false);
    // Penpot's step names its db, Ampache's updates its database, a store's step names its ZooKeeper
    assert.equal(isDataMigrationModule('backend/src/app/migrations/migration_0023.clj', '(ns app.migrations.migration-0023\n  (:require [app.db :as db]))\n(defn migrate [conn] (db/exec! conn ["select * from file;"]))\n'), true);
    assert.equal(isDataMigrationModule('src/Module/System/Update/Migration/V7/Migration750001.php', '<?php\nfinal class Migration750001 extends AbstractMigration {\n  public function migrate(): void { $this->updateDatabase("ALTER TABLE `user` ADD `x` int"); }\n}\n'), true);
    assert.equal(isDataMigrationModule('app/migrate/MigrationTo152.scala', 'class MigrationTo152(zk: ZooKeeperClient) {\n  def migrate(): Unit = zk.set("/flag")\n}\n'), true);
    // under a data folder the name is enough (the path's own evidence)
    assert.equal(isDataMigrationModule('src/main/scala/app/storage/migration/MigrationTo152.scala', 'object MigrationTo152\n'), true);
  });

  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# orchestrator\n',
      'src/main/scala/app/storage/migration/Migration.scala': 'package app.storage.migration\n\nclass Migration(store: PersistenceStore) {\n  def migrate(): Unit = {}\n}\n',
      'src/main/scala/app/storage/migration/MigrationTo146.scala': 'package app.storage.migration\n\nclass MigrationTo146(store: PersistenceStore) {\n  def migrate(): Unit = {}\n}\n',
      'src/main/scala/app/core/Planner.scala': 'package app.core\n\nclass Planner\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'src/main/scala/app/storage/migration/MigrationTo152.scala': 'package app.storage.migration\n\n/** Stores a flag node while the stored apps are migrated. */\nclass MigrationTo152(store: PersistenceStore) {\n  def migrate(): Unit = store.markMigrating()\n}\n',
      // a step-named module outside the data layer, and a one-digit format version: no migration of stored data
      'src/main/scala/app/core/MigrationTo152.scala': 'package app.core\n\nobject MigrationTo152 { val note = "moved" }\n',
      'src/main/scala/app/storage/migration/MigrateToV2.scala': 'package app.storage.migration\n\nobject MigrateToV2\n',
      // the step's test
      'src/test/scala/app/storage/migration/MigrationTo152Test.scala': 'package app.storage.migration\n\nclass MigrationTo152Test\n',
      // review14 F3's probe: a settings object's upgrade step in an `upgrades/` folder, no database anywhere
      'src/settings/upgrades/upgradeTo12.ts': 'export const upgradeTo12 = (s: any) => ({ ...s, v: 12 });\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the added step is a schema change that needs a note, in English and Chinese', () => {
    const i = impactAt(report, 'src/main/scala/app/storage/migration/MigrationTo152.scala');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => [x.path, x.rule])));
    assert.match(i!.findings[0].message ?? '', /^adds the data migration module MigrationTo152\.scala/);
    assert.match(translateMessage(i!.findings[0].message!) ?? '', /新增数据迁移模块 MigrationTo152\.scala/);
  });
  it('a step name outside the data layer, a one-digit version and a test are nothing', () => {
    for (const p of ['src/main/scala/app/core/MigrationTo152.scala', 'src/main/scala/app/storage/migration/MigrateToV2.scala', 'src/test/scala/app/storage/migration/MigrationTo152Test.scala', 'src/settings/upgrades/upgradeTo12.ts']) {
      assert.equal(isMigration(impactAt(report, p)), false, p);
    }
  });
});
