import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { codeStrings, isShellUpgradeScript } from '../../../src/core/analyzers/ddlStrings';
import { TestRepo } from '../../helpers/repo';
import { assertLinear, repeatTo } from '../hostile/timing';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 13 (mig12): a version-named upgrade script in shell whose strings or heredocs carry
// the DDL. Seen in two dev projects of different ecosystems: SOGo (Objective-C; `Scripts/sql-update-
// 5.5.1_to_5.6.0.sh`: `psql $url -c "ALTER TABLE $sessiontable ALTER COLUMN c_value TYPE VARCHAR(4096);"`,
// and older ones that build the statement in backquotes) and Kea (C++; `src/share/database/scripts/pgsql/
// upgrade_6.2_to_7.0.sh.in`: `psql "$@" <<EOF … ALTER TABLE …`). With the look-alikes that stay silent:
// a script not named for an upgrade, one named so whose strings hold no DDL, and a test's script.

const SOGO = `#!/bin/bash
set -euo pipefail
# This script only works with PostgreSQL and MySQL - it does:
# - increase the c_value column of sessions table to varchar(4096)
sessiontable=$(sogo-tool dump-defaults -f /etc/sogo/sogo.conf | awk -F/ '{print $NF}')
if [[ "$sessiontype" == "postgresql" ]]; then
    psql $sessionurl -c "ALTER TABLE $sessiontable ALTER COLUMN c_value TYPE VARCHAR(4096);"
else
    mysql -v $mysqlargs -e "ALTER TABLE $sessiontable MODIFY c_value VARCHAR(4096);"
fi
`;

const SOGO_OLD = `#!/bin/bash
function growMailInContactsQuick() {
    part="\`echo -e \\"ALTER TABLE $table ALTER COLUMN c_mail TYPE TEXT;\\\\n\\"\`";
    sqlscript="$sqlscript$part"
}
`;

const KEA = `#!/bin/sh
set -eu
VERSION=$(pgsql_version "$@")
if [ "$VERSION" != "6.2" ]; then
    exit 0
fi
psql "$@" >/dev/null <<EOF
START TRANSACTION;
CREATE TABLE dhcp4_server (
    id BIGSERIAL PRIMARY KEY NOT NULL,
    tag VARCHAR(64) NOT NULL
);
ALTER TABLE lease4 ADD COLUMN pool_id BIGINT NOT NULL DEFAULT 0;
UPDATE schema_version SET version = '7', minor = '0';
COMMIT;
EOF
`;


/** Each path is a schema change read from the script's DDL (generic.code-ddl, with schema-change findings). */
function assertShellSchemaChanges(report: Report, paths: string[]): void {
  for (const p of paths) {
    const i = impactAt(report, p);
    assert.ok(isMigration(i), `${p}: ${i?.rule} ${JSON.stringify(i?.findings)}`);
    assert.equal(i!.rule, 'generic.code-ddl');
    assert.ok(i!.findings.some((f) => f.kind === 'schema-change'), `${p}: ${JSON.stringify(i!.findings)}`);
  }
}

describe('generic: a version-named upgrade script in shell carrying DDL', () => {
  it('knows such a script by its name and language', () => {
    assert.equal(isShellUpgradeScript('Scripts/sql-update-5.5.1_to_5.6.0.sh'), true);
    assert.equal(isShellUpgradeScript('src/share/database/scripts/pgsql/upgrade_6.2_to_7.0.sh.in'), true);
    assert.equal(isShellUpgradeScript('scripts/upgrade.sh'), false, 'no version in the name');
    assert.equal(isShellUpgradeScript('scripts/backup-1.2.sh'), false, 'not an upgrade');
    assert.equal(isShellUpgradeScript('db/upgrade_1.2.py'), false, 'not shell');
  });

  it('joins a double-quoted string cut by $X back together with the name', () => {
    const lits = codeStrings('x.sh', SOGO).map((l) => l.value);
    assert.ok(lits.includes('ALTER TABLE $sessiontable ALTER COLUMN c_value TYPE VARCHAR(4096);'), JSON.stringify(lits));
    const heredoc = codeStrings('x.sh.in', KEA).find((l) => l.value.includes('CREATE TABLE dhcp4_server'));
    assert.ok(heredoc && heredoc.line === 8, JSON.stringify(heredoc));
    const backquoted = codeStrings('x.sh', SOGO_OLD).map((l) => l.value);
    assert.ok(backquoted.some((v) => v.startsWith('ALTER TABLE $table ALTER COLUMN c_mail TYPE TEXT;')), JSON.stringify(backquoted));
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    before(async () => {
      repo.commit('init', {
        'README.md': '# groupware\n',
        'Scripts/sql-update-2.0.0_to_2.1.0.sh': '#!/bin/bash\necho "nothing to do"\n',
        'Scripts/backup.sh': '#!/bin/bash\npg_dump sogo > /tmp/sogo.sql\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'Scripts/sql-update-5.5.1_to_5.6.0.sh': SOGO,
        'Scripts/sql-update-3.2.10_to_4.0.0.sh': SOGO_OLD,
        'src/share/database/pgsql/upgrade_6.2_to_7.0.sh.in': KEA,
        // Kea's own place: a scripts/ folder the profile calls development-only by its name
        'src/share/database/scripts/mysql/upgrade_7.0_to_8.0.sh.in': KEA,
        // a dev script in that folder, not named for an upgrade
        'src/share/database/scripts/reset-dev-db.sh': '#!/bin/sh\npsql -c "DROP TABLE leases; CREATE TABLE leases (id int);"\n',
        // not named for an upgrade: a backup script that re-creates a scratch table
        'Scripts/backup.sh': '#!/bin/bash\npsql -c "CREATE TABLE backup_runs (id int);"\npg_dump sogo > /tmp/sogo.sql\n',
        // named for an upgrade, without DDL
        'Scripts/update-1.2_to_1.3.sh': '#!/bin/bash\nsystemctl restart sogo\necho "UPDATE done"\n',
        // a test's upgrade script
        'tests/upgrade_1.0_to_1.1.sh': KEA,
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('the SOGo scripts (psql -c, a backquoted echo) and the Kea heredoc are schema changes with their statements', () => {
      assertShellSchemaChanges(report, ['Scripts/sql-update-5.5.1_to_5.6.0.sh', 'Scripts/sql-update-3.2.10_to_4.0.0.sh', 'src/share/database/pgsql/upgrade_6.2_to_7.0.sh.in']);
      const kea = impactAt(report, 'src/share/database/pgsql/upgrade_6.2_to_7.0.sh.in')!;
      assert.ok(kea.findings.some((f) => f.kind === 'schema-change' && /dhcp4_server/.test(f.message)), JSON.stringify(kea.findings));
    });

    it('an upgrade script in a scripts/ folder is one too (the profile calls the folder development-only by its name alone)', () => {
      const i = impactAt(report, 'src/share/database/scripts/mysql/upgrade_7.0_to_8.0.sh.in');
      assert.ok(isMigration(i), `${i?.rule} ${JSON.stringify(report.impacts.map((x) => [x.path, x.rule]))}`);
      assert.ok(!isMigration(impactAt(report, 'src/share/database/scripts/reset-dev-db.sh')));
    });

    it('a script not named for an upgrade, one without DDL, and a test\'s script are no schema change', () => {
      assert.ok(!isMigration(impactAt(report, 'Scripts/backup.sh')));
      assert.ok(!isMigration(impactAt(report, 'Scripts/update-1.2_to_1.3.sh')));
      assert.ok(!isMigration(impactAt(report, 'tests/upgrade_1.0_to_1.1.sh')));
    });
  });

  // review13 F7: `scripts/` and `tools/` are development-only by their name alone (profile isDevOnlyByToolingFolder):
  // the commonest home of an operator's upgrade script, and Kea's real one (`src/share/database/scripts/pgsql/`).
  describe('in a scripts/ or tools/ folder the profile calls development-only by its name (review13 F7)', () => {
    const repo = new TestRepo();
    let report: Report;
    const psql = (v: string) => `#!/bin/sh\n# upgrade the database from ${v}\npsql "$DB_URL" -c "ALTER TABLE app_user_profile ALTER COLUMN c_defaults TYPE TEXT;"\n`;
    before(async () => {
      repo.commit('init', {
        'README.md': '# server\n',
        // the image ships src/ only: scripts/, tools/ and dev/ are development-only in the profile
        Dockerfile: 'FROM debian:12\nCOPY src /app/src\nCMD ["/app/src/server"]\n',
        'src/server.c': 'int main(void) { return 0; }\n',
        'src/share/database/scripts/pgsql/upgrade_6.1_to_6.2.sh.in': '#!/bin/sh\necho "nothing to do"\n',
        'scripts/build.sh': '#!/bin/sh\nmake\n',
        'scripts/sql-update-1.1_to_1.2.sh': psql('1.1'),
        'tools/lint.sh': '#!/bin/sh\nshellcheck scripts/*.sh\n',
        'dev/run.sh': '#!/bin/sh\n./src/server\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'scripts/sql-update-1.2_to_1.3.sh': psql('1.2'),
        'tools/upgrade_6.2_to_7.0.sh': KEA,
        'src/share/database/scripts/pgsql/upgrade_6.2_to_7.0.sh.in': KEA,
        // look-alikes: not named for an upgrade, named so without DDL, and a folder development-only for another reason
        'scripts/reset-db.sh': '#!/bin/sh\npsql -c "CREATE TABLE scratch (id int);"\n',
        'scripts/update-1.3_to_1.4.sh': '#!/bin/sh\nsystemctl restart server\necho "UPDATE done"\n',
        'dev/upgrade_1.0_to_1.1.sh': KEA,
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('the scripts/ and tools/ upgrade scripts carrying DDL are schema changes (Kea at its real path)', () => {
      assertShellSchemaChanges(report, ['scripts/sql-update-1.2_to_1.3.sh', 'tools/upgrade_6.2_to_7.0.sh', 'src/share/database/scripts/pgsql/upgrade_6.2_to_7.0.sh.in']);
    });

    it('a tooling script not named for an upgrade, one without DDL, and a dev/ script are no schema change', () => {
      for (const p of ['scripts/reset-db.sh', 'scripts/update-1.3_to_1.4.sh', 'dev/upgrade_1.0_to_1.1.sh']) assert.ok(!isMigration(impactAt(report, p)), p);
    });
  });

  it('reading a shell script\'s strings is linear (cut strings, unclosed ones, many $X)', () => {
    for (const unit of ['"ALTER TABLE $t ', '"$a$b$c', '"x $(y "z $w', 'psql <<EOF\nALTER TABLE t ADD c int;\n', '"`echo \\"`x \\"$a', '"`"`"`']) {
      const r = assertLinear(`shell strings: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => codeStrings('x.sh', text));
      assert.ok(r.large < 2000);
    }
    // one 1 MB line of a string cut by names
    const t0 = process.cpuUsage();
    codeStrings('x.sh', `"ALTER TABLE ${repeatTo('$t ', 1024 * 1024)}`);
    const t = process.cpuUsage(t0);
    assert.ok((t.user + t.system) / 1000 < 2000);
  });
});
