import { TestRepo } from '../../helpers/repo';

export const MIGRATION = 'db/migrate/20261124093000_add_billing_plan.rb';
export const OTHER_NOTE = '.handoff/notes/2026-11-24-other.md';
export const NOTE = '.handoff/notes/2026-11-24-billing.md';

/**
 * A repository in working mode (HEAD is main, so the range is the uncommitted work):
 * - base commit: an app reading PORT, a settings file, roles in the config, an old note;
 * - uncommitted: a Rails migration (covered by another note of the range) and a new read
 *   of BILLING_API_KEY in src/app.js (covered by nothing).
 */
export function billingRepo(): TestRepo {
  const repo = new TestRepo();
  repo.commit('base', {
    'src/app.js': 'const port = process.env.PORT;\n',
    'config/settings.yml': 'a: 1\n',
    '.env.example': 'PORT=3000\n',
    'README.md': '# app\n',
    '.handoff/config.yaml': 'roles: [ops, dev, dba]\n',
    '.handoff/notes/2026-01-01-old.md': '---\ntitle: Old\ncovers:\n  - config/settings.yml\n---\n## Deploy\n- [ ] old step\n',
  });
  repo.write({
    [MIGRATION]: 'class AddBillingPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
    'src/app.js': 'const port = process.env.PORT;\nconst key = process.env.BILLING_API_KEY;\n',
    [OTHER_NOTE]: `---\ntitle: Other\ncovers:\n  - ${MIGRATION}\n---\n## Deploy\n- [ ] migrate @ops\n`,
  });
  return repo;
}
