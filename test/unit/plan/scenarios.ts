import { analyze, SimpleGitSource, type Report } from '../../../src/core';
import { draftNote, parseNote } from '../../../src/core/notes';
import { gatherPlanFacts, type PlanFacts } from '../../../src/core/plan';
import type { Locale } from '../../../src/core/l10n/locale';
import { TestRepo } from '../../helpers/repo';

/** A real repository: `base` committed on main, `change` on a feature branch. */
export async function scenario(base: Record<string, string>, change: Record<string, string>, opts: { remove?: string[] } = {}): Promise<{ repo: TestRepo; report: Report; facts: PlanFacts }> {
  const repo = new TestRepo();
  repo.commit('init', { 'README.md': '# app\n', ...base });
  repo.checkout('feature', true);
  repo.write(change);
  if (opts.remove) repo.remove(...opts.remove);
  repo.commit('change');
  const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  const facts = await gatherPlanFacts(await SimpleGitSource.open(repo.dir), report);
  return { repo, report, facts };
}

/** The drafted note's items as `Section | text | role`. */
export function drafted(report: Report, facts: PlanFacts, locale: Locale = 'en'): { content: string; items: string[] } {
  const d = draftNote(report, { existingPaths: [], facts, locale, date: new Date(2026, 10, 24) });
  const note = parseNote(d.path, d.content).note!;
  return { content: d.content, items: note.items.map((i) => `${i.section} | ${i.text} | ${i.role}`) };
}

export const SCENARIOS: Record<string, { base: Record<string, string>; change: Record<string, string>; remove?: string[] }> = {
  djangoDrop: {
    base: {
      'manage.py': 'import os\n',
      'accounts/migrations/0001_initial.py': 'from django.db import migrations, models\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = [migrations.CreateModel(name="Account", fields=[("legacy_plan", models.CharField(max_length=10))])]\n',
    },
    change: {
      'accounts/migrations/0002_remove_account_legacy_plan.py': "from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [('accounts', '0001_initial')]\n    operations = [\n        migrations.RemoveField(model_name='account', name='legacy_plan'),\n    ]\n",
    },
  },
  djangoDropAtStartup: {
    base: {
      'manage.py': 'import os\n',
      Procfile: 'release: python manage.py migrate --noinput\nweb: gunicorn app.wsgi\n',
      'accounts/migrations/0001_initial.py': 'from django.db import migrations\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = []\n',
    },
    change: {
      'accounts/migrations/0002_remove_account_legacy_plan.py': "from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [('accounts', '0001_initial')]\n    operations = [\n        migrations.RemoveField(model_name='account', name='legacy_plan'),\n    ]\n",
    },
  },
  railsRename: {
    base: { 'Gemfile': "gem 'rails'\n", 'db/migrate/20260101000000_create_accounts.rb': 'class CreateAccounts < ActiveRecord::Migration[7.1]\n  def change\n    create_table :accounts\n  end\nend\n' },
    change: {
      'db/migrate/20261124093000_rename_plan.rb': 'class RenamePlan < ActiveRecord::Migration[7.1]\n  def change\n    rename_column :accounts, :plan, :tier\n    add_index :accounts, :tier\n  end\nend\n',
    },
  },
  railsPostDeploy: {
    base: { 'Gemfile': "gem 'rails'\n" },
    change: { 'db/post_migrate/20261124100000_backfill_tiers.rb': 'class BackfillTiers < ActiveRecord::Migration[7.1]\n  def up\n    execute "UPDATE accounts SET tier = 1"\n  end\n\n  def down\n  end\nend\n' },
  },
  alembicIrreversible: {
    base: { 'alembic.ini': '[alembic]\n', 'alembic/versions/a1_create.py': "revision = 'a1'\ndown_revision = None\n" },
    change: {
      'alembic/versions/b2_backfill.py': "\"\"\"backfill\"\"\"\nfrom alembic import op\nrevision = 'b2'\ndown_revision = 'a1'\n\ndef upgrade():\n    op.add_column('accounts', sa.Column('tier', sa.Integer()))\n    op.execute(\"UPDATE accounts SET tier = 1\")\n\ndef downgrade():\n    pass\n",
    },
  },
  dieselTruncateAtStartup: {
    base: { 'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\ndiesel = "2"\n', 'src/main.rs': 'const MIGRATIONS: EmbeddedMigrations = embed_migrations!();\nfn main() {\n    conn.run_pending_migrations(MIGRATIONS).unwrap();\n}\n' },
    change: { 'migrations/2026-11-24-000000_reset_sessions/up.sql': 'TRUNCATE TABLE sessions;\n', 'migrations/2026-11-24-000000_reset_sessions/down.sql': 'SELECT 1;\n' },
  },
  env: {
    base: { 'app/settings.py': "import os\nOLD = os.environ['LEGACY_TOKEN']\n", '.env.example': 'LEGACY_TOKEN=\n' },
    change: { 'app/settings.py': "import os\nKEY = os.environ['BILLING_API_KEY']\nT = os.environ.get('HTTP_TIMEOUT', '5')\n", '.env.example': 'BILLING_API_KEY=\n' },
  },
  config: {
    base: { 'config/settings.yml': 'mail:\n  smtp_host: localhost\n  port: 25\ncache:\n  ttl: 60\n' },
    change: { 'config/settings.yml': 'mail:\n  relay_host: localhost\n  port: 25\ncache:\n  ttl: 300\n' },
  },
  platform: {
    base: {
      'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "express": "^4.18.2"\n  }\n}\n',
      '.nvmrc': '18\n',
      'docker-compose.yml': 'services:\n  web:\n    image: acme/web:1.4\n    ports:\n      - "8080:80"\n',
      'openapi.yaml': 'openapi: 3.0.0\ninfo:\n  title: API\n  version: "1"\npaths:\n  /accounts:\n    get:\n      responses:\n        "200":\n          description: ok\n  /legacy:\n    get:\n      responses:\n        "200":\n          description: ok\n',
    },
    change: {
      'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "express": "^5.0.0"\n  }\n}\n',
      '.nvmrc': '20\n',
      'docker-compose.yml': 'services:\n  web:\n    image: acme/web:2.0\n    ports:\n      - "9090:80"\n',
      'openapi.yaml': 'openapi: 3.0.0\ninfo:\n  title: API\n  version: "1"\npaths:\n  /accounts:\n    get:\n      responses:\n        "200":\n          description: ok\n',
      'config/production.yml': 'aws:\n  secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8x7Lm2Ra"\n',
    },
  },
};
