import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../../src/core';
import { draftNote, parseNote } from '../../../src/core/notes';
import { planItemsForNote, startupEvidence, type PlanFacts } from '../../../src/core/plan';
import { applyEdits } from '../../../src/core/notes/edit';
import type { TestRepo } from '../../helpers/repo';
import { englishSentences } from '../l10n/english';
import { drafted, scenario, SCENARIOS } from './scenarios';

/**
 * For each finding kind, a note drafted on a real repository: its items, their order and
 * the values filled in from the repository (app label, previous migration, revision,
 * service, env var and whether it is required, the old and new key of a rename).
 */
const EXPECTED: Record<string, string[]> = {
  djangoDrop: [
      "Before deploy | Back up the data of `account.legacy_plan`: it is gone once `accounts.0002_remove_account_legacy_plan` runs | dba",
      "Before deploy | Check that no code of the new version reads `account.legacy_plan` (models, queries, serializers, reports) | dev",
      "Deploy | Deploy the code that no longer reads `account.legacy_plan` and wait until no server runs the previous release | implementation",
      "After deploy | Then run `accounts.0002_remove_account_legacy_plan`: `python manage.py migrate accounts 0002_remove_account_legacy_plan` | implementation",
      "Verify | `python manage.py showmigrations accounts` shows `accounts.0002_remove_account_legacy_plan` as applied | implementation",
      "Rollback | Migrate back: `python manage.py migrate accounts 0001_initial` (recreates what it dropped, empty) | implementation",
      "Rollback | Restore the data of `account.legacy_plan` from the backup, once the migration back has recreated it | dba",
      "Rollback | Redeploy the previous release | implementation"
  ],
  djangoDropAtStartup: [
      "Before deploy | Back up the data of `account.legacy_plan`: it is gone once `accounts.0002_remove_account_legacy_plan` runs | dba",
      "Before deploy | Check that no code of the new version reads `account.legacy_plan` (models, queries, serializers, reports) | dev",
      "Before deploy | Migrations run by themselves here (`Procfile:1`): `accounts.0002_remove_account_legacy_plan` drops `account.legacy_plan` while servers of the previous release may still read it. Ship the code that stops reading it in an earlier release, then this migration | dev",
      "Deploy | Nothing to run by hand: the release phase runs them before the new version takes traffic (`Procfile:1`); watch the first instance's log for migration errors | implementation",
      "Verify | `python manage.py showmigrations accounts` shows `accounts.0002_remove_account_legacy_plan` as applied | implementation",
      "Rollback | Migrate back: `python manage.py migrate accounts 0001_initial` (recreates what it dropped, empty) | implementation",
      "Rollback | Restore the data of `account.legacy_plan` from the backup, once the migration back has recreated it | dba",
      "Rollback | Redeploy the previous release | implementation"
  ],
  railsRename: [
      "Before deploy | `db/migrate/20261124093000_rename_plan.rb:4` adds an index on accounts without CONCURRENTLY: blocks writes to the table while it builds. Use the safe way (create it CONCURRENTLY, outside a transaction) or plan a low-traffic window | dba",
      "Before deploy | Check what still reads `accounts.plan` by its old name: servers of the previous release fail once `20261124093000` renames it to `tier`. Safer in two releases: add the new name, write both, switch reads, then drop the old one | dev",
      "Deploy | Run `bin/rails db:migrate` before starting the new version | implementation",
      "Verify | `bin/rails db:migrate:status` shows `20261124093000` as applied | implementation",
      "Rollback | Redeploy the previous release | implementation",
      "Rollback | Migrate back: `bin/rails db:migrate:down VERSION=20261124093000` | implementation"
  ],
  railsPostDeploy: [
      "Deploy | Watch the data change of `db/post_migrate/20261124100000_backfill_tiers.rb` run to the end (time it on a production-sized copy first) | implementation",
      "After deploy | Run the post-deployment migration `db/post_migrate/20261124100000_backfill_tiers.rb` once every server runs the new version | implementation",
      "Verify | Spot-check the rows changed by `db/post_migrate/20261124100000_backfill_tiers.rb` | qa",
      "Verify | `bin/rails db:migrate:status` shows `20261124100000` as applied | implementation",
      "Rollback | Migrate back: `bin/rails db:migrate:down VERSION=20261124100000` | implementation",
      "Rollback | Redeploy the previous release | implementation"
  ],
  alembicIrreversible: [
      "Before deploy | Back up the tables `alembic/versions/b2_backfill.py` changes: it cannot be migrated back | dba",
      "Deploy | Run `alembic upgrade b2` before starting the new version | implementation",
      "Deploy | Watch the data change of `alembic/versions/b2_backfill.py` run to the end (time it on a production-sized copy first) | implementation",
      "Verify | Spot-check the rows changed by `alembic/versions/b2_backfill.py` | qa",
      "Verify | `alembic current` shows `b2` as applied | implementation",
      "Rollback | `alembic/versions/b2_backfill.py` cannot be migrated back: restore the backup taken before it ran | dba"
  ],
  dieselTruncateAtStartup: [
      "Before deploy | Back up the rows of `sessions`: `2026-11-24-000000_reset_sessions` deletes them | dba",
      "Deploy | Nothing to run by hand: the application runs them when it starts (`src/main.rs:3`); watch the first instance's log for migration errors | implementation",
      "Verify | `diesel migration list` shows `2026-11-24-000000_reset_sessions` as applied | implementation",
      "Rollback | Migrate back: `diesel migration revert` | implementation",
      "Rollback | Restore the rows of `sessions` from the backup | dba",
      "Rollback | Redeploy the previous release | implementation"
  ],
  env: [
      "Before deploy | Set `BILLING_API_KEY` in every environment before the new version starts: it is read without a default (`app/settings.py:2`) | ops",
      "Before deploy | Decide whether `HTTP_TIMEOUT` needs a value other than its default in any environment (optional; read at `app/settings.py:3`) | ops",
      "After deploy | Remove `LEGACY_TOKEN` from every environment once no running release reads it | ops",
      "Verify | The application starts and finds `BILLING_API_KEY` (no missing-variable error in the logs) | ops",
      "Rollback | Redeploy the previous release | implementation"
  ],
  config: [
      "Deploy | Rename `mail.smtp_host` to `mail.relay_host` in every environment's overrides of `config/settings.yml` as the new version rolls out (it reads only `mail.relay_host`) | ops",
      "Verify | Check the new value of `cache.ttl` in `config/settings.yml` suits every environment | ops",
      "Rollback | Rename `mail.relay_host` back to `mail.smtp_host` in the overrides of `config/settings.yml` | ops"
  ],
  platform: [
      "Before deploy | Provide the new runtime on every host and build image: Node.js 18 → 20 (`.nvmrc`) | ops",
      "Before deploy | Update load balancers, firewalls and health checks for `services.web.ports` in `docker-compose.yml`: 8080:80 → 9090:80 | ops",
      "Before deploy | Tell the consumers of `openapi.yaml` about its breaking changes before the deploy | dev",
      "Before deploy | Read the upgrade guide of `express` 4 → 5 and check the code that uses it | dev",
      "Deploy | Roll out the new image for `web` (acme/web:1.4 → acme/web:2.0): `docker compose pull web && docker compose up -d web` | ops",
      "Verify | Check the main clients still work against `openapi.yaml` | qa",
      "Verify | Smoke-test the features that use `express` | qa",
      "Rollback | Redeploy on the previous runtime (`.nvmrc`) | ops",
      "Rollback | Redeploy the previous image of `web` | ops"
  ],
};

/** Placeholders a user would have to fill: `<app>`, `{path}`, `<previous_migration>`. */
const PLACEHOLDER = /<[\w -]+>|\{\w+\}|\.\.\./;

describe('planner: drafted notes on real repositories', () => {
  const results = new Map<string, { repo: TestRepo; report: Report; facts: PlanFacts }>();
  before(async () => {
    for (const [name, s] of Object.entries(SCENARIOS)) results.set(name, await scenario(s.base, s.change, { remove: s.remove }));
  });
  after(() => {
    for (const r of results.values()) r.repo.dispose();
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name}: items, order and filled values`, () => {
      const { report, facts } = results.get(name)!;
      const { items } = drafted(report, facts);
      assert.deepEqual(items, EXPECTED[name]);
      for (const item of items) assert.doesNotMatch(item, PLACEHOLDER, item);
    });
  }

  it('a dropped column: code that stops reading it ships first, the drop runs after, and the rollback migrates back before restoring the data', () => {
    const items = EXPECTED.djangoDrop;
    const at = (s: string) => items.findIndex((i) => i.includes(s));
    assert.ok(at('Deploy the code that no longer reads') < at('Then run'));
    assert.ok(at('Migrate back') < at('Restore the data'));
    assert.ok(at('Restore the data') < at('Redeploy the previous release'));
    assert.ok(!items.some((i) => /before starting the new version/.test(i)), 'a drop never runs before the code stops reading it');
  });

  it('migrations run at start-up: no manual command, and the evidence is named', () => {
    const items = EXPECTED.djangoDropAtStartup;
    assert.ok(items.some((i) => i.includes('Nothing to run by hand') && i.includes('`Procfile:1`')));
    assert.ok(!items.some((i) => /^(Deploy|After deploy) \| .*python manage\.py migrate/.test(i)));
  });

  it('drafts in Chinese: headings, items, title; only identifiers, paths and commands stay as written', () => {
    for (const name of Object.keys(EXPECTED)) {
      const { report, facts } = results.get(name)!;
      const { content } = drafted(report, facts, 'zh-cn');
      const parsed = parseNote('n.md', content);
      assert.deepEqual(parsed.problems, []);
      for (const s of parsed.note!.sections) assert.match(s.title, /^(部署前|部署|部署后|验证|回滚)$/);
      for (const line of content.split('\n')) assert.equal(englishSentences(line), '', `${name}: ${line}`);
    }
  });

  it('adding the planned items to a note twice adds nothing the second time; a Chinese note gets Chinese items under its own headings', () => {
    const { report, facts } = results.get('env')!;
    const note = '---\r\ntitle: Env\r\ncovers: []  # keep me\r\n---\r\n\r\n## 部署前\r\n- [ ] 通知团队 @dev\r\n';
    const first = planItemsForNote(note, report.impacts, 'en', { facts });
    assert.ok(first.added >= 2);
    const once = applyEdits(note, first.edits);
    assert.ok(once.startsWith('---\r\ntitle: Env\r\ncovers: []  # keep me\r\n---\r\n'), 'comments and CRLF kept');
    assert.doesNotMatch(once.replace(/\r\n/g, ''), /\n/, 'no bare LF');
    assert.match(once, /## 部署前\r\n- \[ \] 通知团队 @dev\r\n- \[ \] 在新版本启动前，在每个环境中设置 `BILLING_API_KEY`/);
    assert.match(once, /## 部署后\r\n- \[ \] 在没有任何运行中的版本读取 `LEGACY_TOKEN` 之后/);
    const twice = planItemsForNote(once, report.impacts, 'en', { facts });
    assert.equal(twice.added, 0);
    assert.deepEqual(twice.edits, []);
  });

  it('an item already written in the other language counts as there', () => {
    const { report, facts } = results.get('config')!;
    const en = draftNote(report, { existingPaths: [], facts, locale: 'en' }).content;
    assert.equal(planItemsForNote(en, report.impacts, 'zh-cn', { facts }).added, 0);
  });
});

describe('start-up migrations', () => {
  it('counts release phases, entrypoints, compose commands and boot code; not docs, tests, CI or comments', () => {
    assert.equal(startupEvidence('Procfile', 1, 'release: python manage.py migrate')?.how, 'release-phase');
    assert.equal(startupEvidence('bin/docker-entrypoint', 3, '  ./bin/rails db:prepare')?.how, 'start-up');
    assert.equal(startupEvidence('docker-compose.yml', 9, '    command: sh -c "python manage.py migrate && gunicorn app.wsgi"')?.how, 'start-up');
    assert.equal(startupEvidence('src/main.rs', 3, '    sqlx::migrate!().run(&pool).await?;')?.how, 'start-up');
    assert.equal(startupEvidence('Dockerfile', 4, 'RUN python manage.py migrate'), null);
    assert.equal(startupEvidence('README.md', 4, 'python manage.py migrate'), null);
    assert.equal(startupEvidence('.github/workflows/ci.yml', 4, 'run: bin/rails db:migrate'), null);
    assert.equal(startupEvidence('tests/test_app.py', 4, "call_command('migrate')"), null);
    assert.equal(startupEvidence('scripts/deploy.sh', 4, 'python manage.py migrate'), null);
    assert.equal(startupEvidence('docker-entrypoint.sh', 4, '# python manage.py migrate'), null);
  });
});
