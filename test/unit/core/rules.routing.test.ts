import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { analyzerFor } from '../../../src/core/analyzers';
import { NOTE_REQUIRING_KINDS } from '../../../src/core/engine';
import { BUILTIN_IGNORES } from '../../../src/core/config/types';
import { RuleMatcher } from '../../../src/core/rules/matcher';
import { BUILTIN_RULES } from '../../../src/core/rules/packs';
import { CATEGORIES, ROLLOUT_PHASES, type Change } from '../../../src/core/types';

const matcher = new RuleMatcher(BUILTIN_RULES, BUILTIN_IGNORES);

/** The rule id a new file at `path` (whose first line is `firstLine`) gets; '-' none, 'ignored'. */
function route(path: string, firstLine = ''): string {
  if (matcher.isIgnored(path)) return 'ignored';
  const change: Change = { status: 'added', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, removed: [], added: [firstLine] }] };
  return matcher.match(change)?.id ?? '-';
}

/** [path, first line of the file or '', expected rule id ('-' = no rule)]. */
const TABLE: [string, string, string][] = [
  // migrations: specific before generic
  ['db/migrate/20240101093000_add_plan.rb', '', 'rails.migration'],
  ['db/post_migrate/20240101093000_drop_legacy.rb', '', 'rails.post-deploy-migration'],
  ['ee/db/post_migrate/20240101093000_x.rb', '', 'rails.post-deploy-migration'],
  ['db/cache_migrate/20240101_x.rb', '', 'rails.migration'],
  ['db/data/20240101_backfill.rb', '', 'rails.data-migration'],
  ['shop/migrations/0002_account_plan.py', '', 'django.migration'],
  ['shop/migrations/__init__.py', '', '-'],
  ['migrations/versions/3f2a1b_add_plan.py', '', 'alembic.migration'],
  ['alembic/versions/1a2b_add_plan.py', '', 'alembic.migration'],
  ['src/main/resources/db/migration/V1_2__add_plan.sql', '', 'flyway.migration'],
  ['src/main/resources/db/migration/R__views.sql', '', 'flyway.migration'],
  ['src/main/resources/db/migration/U2__undo.sql', '', 'sql.down-migration'],
  ['src/main/resources/db/changelog/db.changelog-master.yaml', '', 'liquibase.changelog'],
  ['src/main/resources/changes/001.xml', '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">', 'liquibase.changelog-content'],
  ['sql/001_plan.sql', '--liquibase formatted sql', 'liquibase.sql'],
  ['prisma/migrations/20240101_init/migration.sql', '', 'prisma.migration'],
  ['prisma/schema.prisma', '', 'prisma.schema'],
  ['migrations/2024-01-01-000000_create_posts/up.sql', '', 'diesel.migration'],
  ['migrations/2024-01-01-000000_create_posts/down.sql', '', 'sql.down-migration'],
  ['migrations/default/1700000000_init/up.sql', '', 'hasura.migration'],
  ['migrations/000001_init.up.sql', '', 'golang-migrate.migration'],
  ['migrations/000001_init.down.sql', '', 'sql.down-migration'],
  ['db/migrations/20240101_plan.sql', '-- migrate:up', 'dbmate.migration'],
  ['sql/schema/00001_plan.sql', '-- +goose Up', 'goose.migration'],
  ['migrations/20240101_plan.go', 'func init() { goose.AddMigrationContext(upPlan, downPlan) }', 'goose.go-migration'],
  ['migrations/1_init.sql', '-- +migrate Up', 'sql-migrate.migration'],
  ['db/migrations/20240101_plan.sql', '', 'sql.migration'],
  ['deploy/add_plan.sql', '', 'sqitch.change'],
  ['revert/add_plan.sql', '', 'sql.down-migration'],
  ['sqitch.plan', '', 'sqitch.plan'],
  ['priv/repo/migrations/20240101_add_plan.exs', '', 'ecto.migration'],
  ['database/migrations/2024_01_01_000000_add_plan.php', '', 'laravel.migration'],
  ['migrations/Version20240101000000.php', '', 'doctrine.migration'],
  ['src/Migrations/Version20240101000000.php', '', 'doctrine.migration'],
  ['Data/Migrations/20240101_AddPlan.cs', '', 'efcore.migration'],
  ['Data/Migrations/20240101_AddPlan.Designer.cs', '', '-'],
  ['Data/Migrations/AppDbContextModelSnapshot.cs', '', '-'],
  ['conf/evolutions/default/2.sql', '', 'play.evolution'],
  ['src/migration/1700000000000-AddPlan.ts', 'export class AddPlan1700000000000 implements MigrationInterface {', 'typeorm.migration'],
  ['migrations/20240101-add-plan.js', '    await queryInterface.addColumn("Accounts", "plan", Sequelize.STRING);', 'sequelize.migration'],
  ['migrations/20240101_add_plan.js', 'exports.up = function (knex) {', 'knex.migration'],
  ['migrations/1700000000000_add-plan.js', '  pgm.addColumn("accounts", { plan: "text" });', 'node-pg-migrate.migration'],
  ['migrations/20240101-backfill.js', 'exports.up = async (db) => {', 'js.migration'],
  ['src/migrations/index.ts', "export * from './v2';", '-'],
  ['src/store/migrations/v2.ts', 'export const migrate = (state) => state;', '-'],
  // env and config
  ['.env.example', '', 'env.example'],
  ['config/.env.sample', '', 'env.example'],
  ['app.env.dist', '', 'env.example'],
  ['.env', '', 'env.file'],
  ['.env.production', '', 'env.file'],
  ['.env.test', '', 'env.local-file'],
  ['.env.development', '', 'env.local-file'],
  ['.envrc', '', 'env.local-file'],
  ['config/database.yml', '', 'rails.config'],
  ['config/settings.yml', '', 'rails.config'],
  ['config/locales/en.yml', '', '-'],
  ['config/application.rb', '', '-'],
  ['config/webpack/production.js', '', '-'],
  ['config/tsconfig.app.json', '', '-'],
  ['config/app.toml', '', 'config.file'],
  ['conf/server.properties', '', 'config.file'],
  ['config.yaml', '', 'config.named-file'],
  ['config.example.yml', '', 'config.named-file'],
  ['airflow/config_templates/config.yml', '', 'config.named-file'],
  ['web/src/components/Chart/config.json', '', '-'],
  ['config/locales-glitch/en.yml', '', '-'],
  ['config/activerecord.ja.yml', '', '-'],
  ['config/locales/client.en_GB.yml', '', '-'],
  ['config/default_settings/zh_CN.yml', '', '-'],
  ['config/i18n-tasks.yml', '', '-'],
  ['config/development.json', '', '-'],
  ['config/production.json', '', 'config.file'],
  ['config/settings/production.yml', '', 'config.file'],
  ['config/application_setting_columns/akismet_enabled.yml', '', '-'],
  ['conf/defaults.ini', '', 'config.file'],
  ['conf/provisioning/dashboards/json/infrastructure.json', '', '-'],
  ['config/gitlab.yml.example', '', 'rails.config'],
  ['packages/cli/src/databases/migrations/common/1745934666077-DropRoleTable.ts', 'export class DropRoleTable1745934666077 implements IrreversibleMigration {', 'typeorm.migration'],
  ['src/services/user.service.ts', '    await queryRunner.startTransaction();', '-'],
  ['src/main/resources/application.yml', '', 'spring.config'],
  ['src/main/resources/application-prod.properties', '', 'spring.config'],
  ['appsettings.Production.json', '', 'spring.config'],
  ['appsettings.Development.json', '', '-'],
  ['mysite/settings.py', '', 'python.settings'],
  ['mysite/settings/production.py', '', 'python.settings'],
  ['mysite/settings/test.py', '', '-'],
  ['app/config.py', 'class ProductionConfig(Config):', 'flask.config'],
  ['lib/config.py', 'DEFAULT_WIDTH = 80', '-'],
  ['config/runtime.exs', '', 'elixir.config'],
  ['Web.config', '', 'dotnet.config'],
  ['nginx/default.conf', '', 'nginx.config'],
  ['deploy/nginx.conf', '', 'nginx.config'],
  ['etc/systemd/app.service', '', 'systemd.unit'],
  ['src/app/user.service.ts', '', '-'],
  ['config/uwsgi.ini', '', 'web-server.config'],
  // infrastructure
  ['Dockerfile', '', 'docker.dockerfile'],
  ['docker/api.Dockerfile', '', 'docker.dockerfile'],
  ['docker/Dockerfile.prod', '', 'docker.dockerfile'],
  ['Dockerfile.dev', '', '-'],
  ['.devcontainer/Dockerfile', '', '-'],
  ['docker-compose.yml', '', 'docker.compose'],
  ['compose.yaml', '', 'docker.compose'],
  ['docker-compose.prod.yml', '', 'docker.compose'],
  ['docker-compose.override.yml', '', '-'],
  ['docker-compose.dev.yml', '', '-'],
  ['composer.yml', '', '-'],
  ['k8s/deployment.yaml', '', 'kubernetes.manifest'],
  ['deploy/k8s/service.yaml', '', 'kubernetes.manifest'],
  ['overlays/prod/kustomization.yaml', '', 'kubernetes.manifest'],
  ['config/manager/manager.yaml', 'apiVersion: apps/v1', 'kubernetes.manifest-content'],
  ['catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1', '-'],
  ['charts/shop/Chart.yaml', '', 'helm.chart'],
  ['charts/shop/templates/deployment.yaml', '', 'helm.chart'],
  ['templates/change.tpl', '', '-'],
  ['charts/shop/values.yaml', '', 'helm.values'],
  ['charts/shop/values-production.yaml', '', 'helm.values'],
  ['charts/shop/ci/default-values.yaml', '', '-'],
  ['infra/main.tf', '', 'terraform.config'],
  ['terraform/prod.tfvars', '', 'terraform.config'],
  ['.terraform.lock.hcl', '', 'terraform.lock'],
  ['ansible/site.yml', '', 'ansible.playbook'],
  ['roles/web/tasks/main.yml', '', 'ansible.playbook'],
  ['serverless.yml', '', 'serverless.config'],
  ['template.yaml', "Transform: AWS::Serverless-2016-10-31", 'cloudformation.template'],
  ['Procfile', '', 'paas.manifest'],
  ['Procfile.dev', '', '-'],
  ['fly.toml', '', 'paas.manifest'],
  ['app.yaml', 'runtime: python312', 'appengine.config'],
  ['app.json', '  "expo": {', '-'],
  ['app.json', '  "buildpacks": [{ "url": "heroku/nodejs" }],', 'heroku.app-json'],
  ['vercel.json', '', 'hosting.static-config'],
  ['netlify.toml', '', 'hosting.static-config'],
  ['config/deploy.yml', '', 'deploy-tool.config'],
  ['hack/Dockerfile', '', '-'],
  // dependencies and runtimes
  ['package.json', '', 'npm.manifest'],
  ['packages/api/package.json', '', 'npm.manifest'],
  ['docs/package.json', '', '-'],
  ['package-lock.json', '', 'npm.lockfile'],
  ['yarn.lock', '', 'npm.lockfile'],
  ['pnpm-lock.yaml', '', 'npm.lockfile'],
  ['requirements.txt', '', 'python.manifest'],
  ['requirements/base.txt', '', 'python.manifest'],
  ['requirements-dev.txt', '', 'python.dev-requirements'],
  ['requirements/test.txt', '', 'python.dev-requirements'],
  ['pyproject.toml', '', 'python.manifest'],
  ['poetry.lock', '', 'python.lockfile'],
  ['uv.lock', '', 'python.lockfile'],
  ['Gemfile', '', 'bundler.manifest'],
  ['Gemfile.lock', '', 'bundler.lockfile'],
  ['go.mod', '', 'go.mod'],
  ['go.sum', '', 'go.sum'],
  ['pom.xml', '', 'maven.pom'],
  ['build.gradle.kts', '', 'gradle.build'],
  ['gradle/libs.versions.toml', '', 'gradle.build'],
  ['Cargo.toml', '', 'cargo.manifest'],
  ['Cargo.lock', '', 'cargo.lockfile'],
  ['composer.json', '', 'composer.manifest'],
  ['composer.lock', '', 'composer.lockfile'],
  ['src/Shop/Shop.csproj', '', 'nuget.manifest'],
  ['Directory.Packages.props', '', 'nuget.manifest'],
  ['packages.config', '', 'nuget.manifest'],
  ['.nvmrc', '', 'runtime.version-file'],
  ['.ruby-version', '', 'runtime.version-file'],
  ['.python-version', '', 'runtime.version-file'],
  ['.tool-versions', '', 'runtime.version-file'],
  ['rust-toolchain.toml', '', 'runtime.version-file'],
  ['global.json', '', 'runtime.version-file'],
  // CI
  ['.github/workflows/ci.yml', '', 'github.workflow'],
  ['.github/dependabot.yml', '', '-'],
  ['.github/ISSUE_TEMPLATE/bug.yml', '', '-'],
  ['.github/workflows/deploy.yml', 'apiVersion: v1', 'github.workflow'],
  ['.gitlab-ci.yml', '', 'gitlab.ci'],
  ['Jenkinsfile', '', 'jenkins.pipeline'],
  ['.circleci/config.yml', '', 'circleci.config'],
  ['azure-pipelines.yml', '', 'azure.pipeline'],
  ['bitbucket-pipelines.yml', '', 'bitbucket.pipeline'],
  ['.travis.yml', '', 'travis.config'],
  // API schemas
  ['openapi.yaml', '', 'openapi.spec'],
  ['api/openapi/v1.yaml', '', 'openapi.spec'],
  ['docs/swagger.json', '', 'openapi.spec'],
  ['docs/api.yaml', 'openapi: 3.0.3', 'openapi.spec-content'],
  ['schema.graphql', '', 'graphql.schema'],
  ['src/graphql/types.graphql', 'type Order {', 'graphql.schema-content'],
  ['src/queries/getOrder.graphql', 'query GetOrder($id: ID!) {', '-'],
  ['proto/shop/v1/order.proto', '', 'protobuf.schema'],
  // feature flags
  ['flags.yml', '', 'feature-flags.definitions'],
  ['config/feature_flags/development/new_checkout.yml', '', 'feature-flags.definitions'],
  ['config/features.yml', '', 'feature-flags.definitions'],
  ['flipper.yml', '', 'feature-flags.definitions'],
  ['flags/checkout.flagd.json', '', 'feature-flags.definitions'],
  // not deployed: docs, examples, tests
  ['docs/deploy/docker-compose.yml', '', '-'],
  ['examples/k8s/deployment.yaml', '', '-'],
  ['examples/rails/db/migrate/1_x.rb', '', '-'],
  ['test/fixtures/db/migrate/1_x.rb', '', 'ignored'],
  ['README.md', '', '-'],
  ['src/index.ts', '', '-'],
];

describe('built-in rules: which rule a path gets', () => {
  for (const [path, firstLine, want] of TABLE) {
    it(`${path}${firstLine ? ` (${firstLine.trim().slice(0, 30)}…)` : ''} → ${want}`, () => {
      assert.equal(route(path, firstLine), want);
    });
  }

  it('a content rule falls through when the content does not match', () => {
    assert.equal(route('src/main/resources/changes/001.xml', '<project/>'), '-');
    assert.equal(route('sql/schema/00001_plan.sql', 'CREATE TABLE t (id int);'), '-');
  });

  it('a rename is matched by its old path too', () => {
    const change: Change = { status: 'renamed', path: 'archive/1_x.rb', oldPath: 'db/migrate/1_x.rb', oldBlob: null, newBlob: null, binary: false, hunks: [] };
    assert.equal(matcher.match(change)?.id, 'rails.migration');
  });
});

describe('built-in rules: the tables are consistent', () => {
  it('ids are unique and `<pack>.<name>`', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    for (const id of ids) assert.match(id, /^[a-z0-9-]+\.[a-z0-9-.]+$/);
  });

  it('every rule has a category, a priority, compilable globs and content, known analyzers', () => {
    for (const r of BUILTIN_RULES) {
      assert.ok((CATEGORIES as readonly string[]).includes(r.category), `${r.id}: category`);
      assert.equal(typeof r.priority, 'number', `${r.id}: priority`);
      assert.ok(r.paths.length > 0, `${r.id}: paths`);
      for (const g of [...r.paths, ...(r.exclude ?? [])]) assert.doesNotThrow(() => picomatch(g, { dot: true }), `${r.id}: ${g}`);
      if (r.content) assert.doesNotThrow(() => new RegExp(r.content!, 'm'), `${r.id}: content`);
      for (const a of r.analyzers ?? []) assert.ok(analyzerFor(a), `${r.id}: analyzer ${a}`);
    }
  });

  it('checklists use the rollout phases, and every rule that requires a note drafts one', () => {
    for (const r of BUILTIN_RULES) {
      for (const step of r.checklist ?? []) assert.ok(ROLLOUT_PHASES.includes(step.phase), `${r.id}: phase ${step.phase}`);
      if (r.requiresNote === true) assert.ok((r.checklist?.length ?? 0) >= 2, `${r.id}: checklist`);
    }
  });

  it('note policy: migrations and infrastructure always; config, env, dependencies, API and flags on findings; CI never on its own; lockfiles never', () => {
    for (const r of BUILTIN_RULES) {
      if (r.category === 'ci') assert.notEqual(r.requiresNote, true, r.id);
      if (r.category === 'config' || r.category === 'env' || r.category === 'api' || r.category === 'feature-flag') assert.notEqual(r.requiresNote, true, r.id);
      if (r.category === 'dependency') assert.notEqual(r.requiresNote, true, r.id);
      if (/lock/.test(r.id)) assert.equal(r.requiresNote, false, r.id);
      if (r.category === 'migration' && r.severity !== 'info') assert.equal(r.requiresNote, true, r.id);
    }
    // 'findings' rules need an analyzer that can produce a note-requiring finding.
    for (const r of BUILTIN_RULES.filter((x) => x.requiresNote === 'findings')) {
      assert.ok((r.analyzers ?? []).length > 0 || r.category === 'config', `${r.id}: 'findings' without analyzers`);
    }
    assert.ok(NOTE_REQUIRING_KINDS.has('post-deploy-migration'));
  });

  it('migration rules that read SQL or a DSL name the right analyzer', () => {
    for (const r of BUILTIN_RULES.filter((x) => x.category === 'migration' && x.requiresNote === true)) {
      if (r.paths.some((p) => p.endsWith('.sql')) && !r.paths.some((p) => /\.(rb|py|php|exs|cs|js|ts|xml|yaml|go|java)\b/.test(p))) assert.deepEqual(r.analyzers, ['sql'], r.id);
      if (r.dialect && r.analyzers?.includes('migration-dsl')) assert.ok(['rails', 'sequel', 'django', 'alembic', 'laravel', 'knex', 'sequelize', 'typeorm', 'node-pg-migrate', 'mikro-orm', 'js', 'ecto', 'efcore', 'doctrine', 'liquibase'].includes(r.dialect), r.id);
    }
  });
});
