import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { isUpgradeStepName, mayAddSchemaCall, schemaCallFindings } from '../../../src/core/analyzers/schemaCalls';
import { translateMessage } from '../../../src/core/l10n/catalog';
import { TestRepo } from '../../helpers/repo';
import { assertLinear, repeatTo } from '../hostile/timing';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 13 (mig12): a numbered step added to a project's own upgrade code, known by its
// declared name. Seen in the dev corpus in PHP (PostfixAdmin's public/upgrade.php: `function upgrade_1844()`,
// run by its upgrade page for every step not yet applied; its body calls the project's `_db_add_field`,
// which names no schema object the call reader knows) and Go (Mattermost's store/sqlstore/upgrade.go:
// `func upgradeDatabaseToVersion516(sqlStore *SqlStore)`; ntfy's `migrateFrom12`; Authelia's
// `migrationSpecialUp24`), Rust (Stalwart's `migrate_v0_12`). With the look-alikes that stay silent:
// a protocol upgrade (`upgradeToHttp2`), a fork upgrade (`upgrade_to_eip4844`), a step the old file
// already declared (moved), a step in a test.

const PFA_OLD = `<?php
function upgrade_1843() {
    # Additional field for fetchmail to allow server with non-standard port number
    _db_add_field('fetchmail', 'src_port', "{INT}", 'src_server');
}
`;

const PFA_NEW = `${PFA_OLD}

/**
 * @return void
 */
function upgrade_1844() {
    if (db_sqlite()) {
        return;
    }
    _db_add_field('domain_admins', 'id', '{AUTOINCREMENT} {PRIMARY}');
}
`;

const MM_OLD = `package sqlstore

func upgradeDatabaseToVersion515(sqlStore *SqlStore) {
\tsaveSchemaVersion(sqlStore, Version5150)
}
`;

const MM_NEW = `${MM_OLD}
func upgradeDatabaseToVersion516(sqlStore *SqlStore) {
\tif shouldPerformUpgrade(sqlStore, Version5150, Version5160) {
\t\tsqlStore.GetMaster().ExecNoTimeout("UPDATE Users SET Props = '{}' WHERE Props IS NULL")
\t\tsaveSchemaVersion(sqlStore, Version5160)
\t}
}
`;

describe('generic: a numbered upgrade step declared anew', () => {
  it('knows a step by its name', () => {
    for (const n of ['upgrade_1844', 'upgrade_318_mysql', 'upgrade_4_pgsql', 'upgrade_to_1_1_28', 'upgrade_90_mysql_pgsql', 'upgradeDatabaseToVersion516', 'migrateFrom12', 'migrationSpecialUp24', 'migrate_v0_12']) assert.equal(isUpgradeStepName(n), true, n);
    for (const n of ['upgradeToHttp2', 'upgrade_to_eip4844', 'upgrade', 'migrateUsers', 'upgrade_1844_users', 'update_1844', 'migrate2fa', 'MigrateToV2', 'UpgradeToV2']) assert.equal(isUpgradeStepName(n), false, n);
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    before(async () => {
      repo.commit('init', {
        'public/upgrade.php': PFA_OLD,
        'store/sqlstore/upgrade.go': MM_OLD,
        'server/http.go': 'package server\n\nfunc serve() {}\n',
        'lib/steps.py': 'def migrate_0041(db):\n    db.run("x")\n',
        'src/store/persist.js': 'export const version = 12;\n',
        'server/cache.go': 'package server\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'public/upgrade.php': PFA_NEW,
        'store/sqlstore/upgrade.go': MM_NEW,
        // a protocol upgrade
        'server/http.go': 'package server\n\nfunc serve() {}\n\nfunc upgradeToHttp2(c *Conn) error {\n\treturn nil\n}\n',
        // a step the old file declared, moved below a new helper
        'lib/steps.py': 'def helper():\n    pass\n\n\ndef migrate_0041(db):\n    db.run("x")\n',
        // a test's step
        'tests/upgrade_test.php': '<?php\nfunction upgrade_9999() {}\n',
        // review13 F8 (probe p6): a browser store's migration, in code that names no database
        'src/store/persist.js': 'export const version = 13;\nfunction migrateFrom12(state) {\n  return { ...state, ui: { theme: state.theme } };\n}\nexport const migrations = { 13: migrateFrom12 };\n',
        // a step whose only database evidence is its SQL statement (ntfy's migrateFrom12 shape)
        'server/cache.go': 'package server\n\nconst updateTo13 = `UPDATE messages SET sender = \'\' WHERE sender IS NULL`\n\nfunc migrateFrom12(tx *Tx) error {\n\t_, err := tx.Exec(updateTo13)\n\treturn err\n}\n',
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('PostfixAdmin\'s upgrade_1844 and Mattermost\'s upgradeDatabaseToVersion516 are schema changes, at the declaration', () => {
      const pfa = impactAt(report, 'public/upgrade.php');
      assert.ok(isMigration(pfa), `${pfa?.rule} ${JSON.stringify(pfa?.findings)}`);
      const f = pfa!.findings.find((x) => x.kind === 'schema-change' && x.message.includes('upgrade_1844'));
      assert.ok(f && f.line === 11, JSON.stringify(pfa!.findings));
      assert.match(translateMessage(f.message) ?? '', /^新增升级步骤 upgrade_1844：/);
      const mm = impactAt(report, 'store/sqlstore/upgrade.go');
      assert.ok(isMigration(mm), `${mm?.rule} ${JSON.stringify(mm?.findings)}`);
      assert.ok(mm!.findings.some((x) => x.message.includes('upgradeDatabaseToVersion516')), JSON.stringify(mm!.findings));
      assert.ok(!mm!.findings.some((x) => x.message.includes('upgradeDatabaseToVersion515')), 'the old step is not new');
      const cache = impactAt(report, 'server/cache.go');
      assert.ok(isMigration(cache) && cache!.findings.some((x) => x.message.includes('migrateFrom12')), `${cache?.rule} ${JSON.stringify(cache?.findings)}`);
    });

    it('a step in code that names no database (a browser store\'s migrateFrom12(state)) is no schema change (review13 F8)', () => {
      const store = impactAt(report, 'src/store/persist.js');
      assert.ok(!isMigration(store), `${store?.rule} ${JSON.stringify(store?.findings)}`);
    });

    it('a protocol upgrade, a moved step and a test\'s step are no schema change', () => {
      assert.ok(!isMigration(impactAt(report, 'server/http.go')));
      assert.ok(!isMigration(impactAt(report, 'lib/steps.py')));
      assert.ok(!isMigration(impactAt(report, 'tests/upgrade_test.php')));
    });
  });

  it('the prefilter is linear on near-miss lines (1 MB included)', () => {
    for (const unit of ['function ', 'func upgrade', 'def _migrat', 'fn upgrade_x_y_z ']) {
      const r = assertLinear(`upgrade step hint: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => mayAddSchemaCall('a.go', [text]));
      assert.ok(r.large < 2000);
    }
    // the database evidence (review13 F8): identifiers' words and SQL-looking strings, on near misses
    for (const unit of ['"UPDATE ', '"UPDATE a.b.c ', '"SELECT  ', 'dbx_sqlz_', 'func upgrade_1844() { "DELETE  "} ']) {
      const r = assertLinear(`upgrade step evidence: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => schemaCallFindings('a.go', null, `package x\n${text}`, () => true));
      assert.ok(r.large < 2000);
    }
    const t0 = process.cpuUsage();
    mayAddSchemaCall('a.go', [`function ${repeatTo('upgrade', 1024 * 1024)}`]);
    const t = process.cpuUsage(t0);
    assert.ok((t.user + t.system) / 1000 < 2000);
  });
});
