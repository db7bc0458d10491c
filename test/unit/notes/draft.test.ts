import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftNote, parseNote, slugify } from '../../../src/core/notes';
import type { Impact, Report } from '../../../src/core/types';

function impact(path: string, extra: Partial<Impact>): Impact {
  return { id: `${extra.category ?? 'config'}:${path}`, path, oldPath: null, status: 'added', category: 'config', rule: 'r', severity: 'warning', requiresNote: true, title: 'T', findings: [], coveredBy: [], ...extra };
}

function report(impacts: Impact[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'handoff', version: '0' },
    range: { base: 'main', baseSha: 'a'.repeat(40), mergeBase: 'a'.repeat(40), head: 'WORKTREE', headSha: 'b'.repeat(40) },
    impacts,
    envVars: { added: [], removed: [] },
    notes: [],
    summary: { changes: impacts.length, impacts: impacts.length, requiringNotes: impacts.length, uncovered: impacts.length, byCategory: {} },
  };
}

const IMPACTS: Impact[] = [
  impact('db/migrate/20261124093000_drop_legacy_plan.rb', {
    category: 'migration',
    severity: 'critical',
    findings: [{ kind: 'destructive-sql', message: 'drops column accounts.legacy_plan', subject: 'accounts.legacy_plan', line: 3 }],
  }),
  impact('db/post_migrate/20261124100000_backfill.rb', { category: 'migration', findings: [{ kind: 'post-deploy-migration', message: 'post-deploy migration' }] }),
  impact('package.json', { category: 'dependency', status: 'modified', findings: [{ kind: 'dependency-major-upgrade', message: 'major upgrade of express: ^4.18.2 → ^5.0.0', subject: 'express', line: 4 }] }),
  impact('src/billing.js', { category: 'env', rule: 'env.code', findings: [{ kind: 'env-var-added', message: 'reads new environment variable BILLING_API_KEY', subject: 'BILLING_API_KEY', line: 1 }] }),
  impact('src/covered.js', { category: 'env', coveredBy: ['.handoff/notes/x.md'], findings: [{ kind: 'env-var-added', message: 'm', subject: 'ALREADY' }] }),
  impact('README.md', { category: 'custom', requiresNote: false }),
];

describe('draftNote', () => {
  it('covers the uncovered impacts that need a note, with env entries for env-only code, and drafts steps in rollout phases', () => {
    const d = draftNote(report(IMPACTS), { date: new Date(2026, 10, 24), existingPaths: [] });
    const parsed = parseNote(d.path, d.content);
    assert.equal(parsed.error, undefined);
    assert.deepEqual(parsed.problems, []);
    const note = parsed.note!;
    assert.deepEqual(note.covers.map((c) => c.raw), ['db/migrate/20261124093000_drop_legacy_plan.rb', 'db/post_migrate/20261124100000_backfill.rb', 'package.json', 'env:BILLING_API_KEY']);
    assert.equal(note.risk, 'high');
    assert.deepEqual(note.sections.map((s) => s.title), ['Before deploy', 'Deploy', 'After deploy', 'Verify', 'Rollback']);
    const items = note.items.map((i) => `${i.section} | ${i.text} | ${i.role}`);
    assert.deepEqual(items, [
      'Before deploy | Back up the data of `accounts.legacy_plan`: it is gone once `db/migrate/20261124093000_drop_legacy_plan.rb` runs | dba',
      'Before deploy | Set `BILLING_API_KEY` in every environment before the new version starts: it is read without a default (`src/billing.js:1`) | ops',
      'Before deploy | Check that no code of the new version reads `accounts.legacy_plan` (models, queries, serializers, reports) | dev',
      'Before deploy | Read the upgrade guide of `express` 4 → 5 and check the code that uses it | dev',
      'Deploy | Deploy the code that no longer reads `accounts.legacy_plan` and wait until no server runs the previous release | implementation',
      "After deploy | Then apply `db/migrate/20261124093000_drop_legacy_plan.rb` with the project's migration tool | implementation",
      'After deploy | Run the post-deployment migration `db/post_migrate/20261124100000_backfill.rb` once every server runs the new version | implementation',
      'Verify | Smoke-test the features that use `express` | qa',
      'Verify | The application starts and finds `BILLING_API_KEY` (no missing-variable error in the logs) | ops',
      "Rollback | Migrate `db/post_migrate/20261124100000_backfill.rb` back with the project's migration tool (check that it has a down step first) | implementation",
      "Rollback | Migrate `db/migrate/20261124093000_drop_legacy_plan.rb` back with the project's migration tool (check that it has a down step first) | implementation",
      'Rollback | Restore the data of `accounts.legacy_plan` from the backup, once the migration back has recreated it | dba',
      'Rollback | Redeploy the previous release | implementation',
    ]);
    assert.doesNotMatch(d.content, /handoff note new|WORKTREE|main…/, 'no drafting command or range names in the header');
    assert.equal(d.path, '.handoff/notes/2026-11-24-migration-dependency-and-environment-variable-changes.md');
    assert.equal(d.impacts.length, 4);
  });

  it('never collides with an existing note (case-insensitively), and uses the title given', () => {
    const existing = ['.handoff/notes/2026-11-24-billing-plan.md', '.handoff/notes/2026-11-24-Billing-Plan-2.md'];
    const d = draftNote(report(IMPACTS), { title: 'Billing plan', date: new Date(2026, 10, 24), existingPaths: existing });
    assert.equal(d.path, '.handoff/notes/2026-11-24-billing-plan-3.md');
    assert.equal(parseNote(d.path, d.content).note!.title, 'Billing plan');
  });

  it('with covers given, writes them as they are and drafts the steps of the impacts they match', () => {
    const d = draftNote(report(IMPACTS), { covers: ['db/**', 'skip: README.md — docs only'], date: new Date(2026, 0, 2), existingPaths: [] });
    const note = parseNote(d.path, d.content).note!;
    assert.deepEqual(note.covers.map((c) => c.raw), ['db/**', 'skip: README.md — docs only']);
    assert.deepEqual(d.impacts.map((i) => i.path), ['db/migrate/20261124093000_drop_legacy_plan.rb', 'db/post_migrate/20261124100000_backfill.rb', 'README.md']);
    assert.ok(d.path.startsWith('.handoff/notes/2026-01-02-'));
  });

  it('config templates replace the built-in steps of a finding kind; rule checklists are used; categories fill in', () => {
    const impacts = [
      impact('src/billing.js', { category: 'env', findings: [{ kind: 'env-var-added', message: 'm', subject: 'BILLING_API_KEY' }] }),
      impact('search/index.json', { category: 'infrastructure', rule: 'acme.search', checklist: [{ phase: 'Deploy', text: 'Reindex `{path}`', role: 'ops' }] }),
      impact('terraform/main.tf', { category: 'infrastructure' }),
    ];
    const d = draftNote(report(impacts), { existingPaths: [], templates: { 'env-var-added': [{ phase: 'Before deploy', text: 'Add `{subject}` to Vault', role: 'sec' }] } });
    const items = parseNote(d.path, d.content).note!.items.map((i) => `${i.section} | ${i.text} | ${i.role}`);
    assert.deepEqual(items, [
      'Before deploy | Add `BILLING_API_KEY` to Vault | sec',
      'Deploy | Reindex `search/index.json` | ops',
      'Deploy | Apply `terraform/main.tf` | ops',
      'Verify | Smoke-test the release in production | qa',
      'Rollback | Re-apply the previous version of `terraform/main.tf` | ops',
    ]);
  });

  it('quotes titles and covers that YAML would misread', () => {
    const d = draftNote(report(IMPACTS), { title: 'Fix: "quotes" # and hashes', covers: ['*.yml', 'true'], existingPaths: [] });
    const note = parseNote(d.path, d.content).note!;
    assert.equal(note.title, 'Fix: "quotes" # and hashes');
    assert.deepEqual(note.covers.map((c) => c.raw), ['*.yml', 'true']);
  });
});

describe('slugify', () => {
  it('keeps letters of any script, drops the rest, and bounds the length', () => {
    assert.equal(slugify('Add billing plan to accounts!'), 'add-billing-plan-to-accounts');
    assert.equal(slugify('Crème brûlée — v2'), 'creme-brulee-v2');
    assert.equal(slugify('计费 方案'), '计费-方案');
    assert.equal(slugify('!!!'), 'note');
    assert.ok(slugify('word '.repeat(40)).length <= 60);
  });
});
