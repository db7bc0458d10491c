import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnalysisSession, renderChangelog, type Note, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const NOTE = `---
title: Billing <plan> & "accounts"
covers:
  - db/migrate/*.rb
  - env:BILLING_API_KEY
  - "skip: config/locales/*.yml — copy only, nothing to deploy"
risk: high
---
Intro item first:
- [ ] Tell support @ops

## Before deploy
- [ ] Set \`BILLING_API_KEY\` in production secrets <script>alert(1)</script> @ops

## Deploy
- [x] Run \`rails db:migrate\` @implementation

## Rollback
- [ ] \`rails db:rollback STEP=1\`
`;

describe('changelog of a real release range', () => {
  const repo = new TestRepo();
  let report: Report;
  let notes: Note[];
  before(async () => {
    repo.commit('init', {
      'src/app.js': 'const port = process.env.PORT;\nconst old = process.env.LEGACY_FLAG;\n',
      'config/locales/en.yml': 'en:\n  hi: Hi\n',
      '.handoff/config.yaml': 'rules:\n  - id: acme.locales\n    title: Locale file\n    paths: ["config/locales/*.yml"]\n    category: config\n    requiresNote: true\n  - id: acme.infra\n    title: Infrastructure file\n    paths: ["infra/**"]\n    category: infrastructure\n    requiresNote: true\n',
    });
    repo.git('tag', 'v1.0.0');
    repo.commit('release work', {
      'db/migrate/20261124093000_add_plan.rb': 'class AddPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
      'src/app.js': 'const port = process.env.PORT;\n',
      'src/billing.js': 'const key = process.env.BILLING_API_KEY;\n',
      'config/locales/en.yml': 'en:\n  hi: Hello\n',
      'infra/main.tf': 'resource "aws_s3_bucket" "b" {}\n',
      '.handoff/notes/2026-11-24-billing.md': NOTE,
    });
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'v1.0.0', head: 'HEAD' });
    report = await session.result();
    notes = session.rangeNotes();
  });
  after(() => repo.dispose());
  const at = new Date('2026-11-24T12:00:00Z');

  it('json: notes with sections, impacts by category, uncovered ids, skips with reasons, env vars', () => {
    const doc = JSON.parse(renderChangelog(report, notes, 'json', { generatedAt: at }));
    assert.equal(doc.kind, 'handoff-changelog');
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.generatedAt, '2026-11-24T12:00:00.000Z');
    assert.equal(doc.range.base, 'v1.0.0');
    assert.equal(doc.notes.length, 1);
    const n = doc.notes[0];
    assert.equal(n.risk, 'high');
    assert.deepEqual(n.sections.map((s: { title: string | null; items: unknown[] }) => [s.title, s.items.length]), [[null, 1], ['Before deploy', 1], ['Deploy', 1], ['Rollback', 1]]);
    assert.deepEqual(n.covers[2], { raw: 'skip: config/locales/*.yml — copy only, nothing to deploy', kind: 'skip', target: 'config/locales/*.yml', reason: 'copy only, nothing to deploy' });
    assert.ok(doc.impactsByCategory.migration.some((i: { path: string; coveredBy: string[] }) => i.path.startsWith('db/migrate/') && i.coveredBy[0] === '.handoff/notes/2026-11-24-billing.md'));
    assert.ok(doc.impactsByCategory.config.some((i: { skipped?: unknown[] }) => i.skipped?.length === 1));
    assert.deepEqual(doc.skips, [{ impact: 'config:config/locales/en.yml', path: 'config/locales/en.yml', note: '.handoff/notes/2026-11-24-billing.md', reason: 'copy only, nothing to deploy' }]);
    assert.deepEqual(doc.uncovered, ['infrastructure:infra/main.tf', 'env:src/app.js']);
    assert.deepEqual(doc.envVars, { added: ['BILLING_API_KEY'], removed: ['LEGACY_FLAG'] });
    assert.equal(doc.summary.items, 4);
    assert.equal(doc.summary.itemsDone, 1);
  });

  it('markdown: headings per note, section and category; task lists; uncovered flagged; skip and env tables', () => {
    const md = renderChangelog(report, notes, 'markdown', { generatedAt: at });
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    assert.equal(headings[0], '# Deployment notes: v1.0.0 → HEAD');
    assert.ok(headings.includes('## Notes'));
    assert.ok(headings.includes('### Billing <plan> & "accounts"'));
    for (const h of ['#### Before deploy', '#### Deploy', '#### Rollback', '## Impacts by category', '### Migrations (1)', '### Infrastructure (1)', '## Skipped: no action needed', '## Environment variables']) assert.ok(headings.includes(h), h);
    assert.ok(md.includes('- [x] Run `rails db:migrate` _@implementation_'));
    assert.ok(md.includes('- [ ] Tell support _@ops_'));
    assert.match(md, /- `infra\/main\.tf`: .*⚠ UNCOVERED/);
    assert.match(md, /> \[!WARNING\]\n> 2 impacts that need a deployment note have none: `infra\/main\.tf`, `src\/app\.js`/);
    assert.ok(md.includes('| `config/locales/en.yml` | copy only, nothing to deploy | `.handoff/notes/2026-11-24-billing.md` |'));
    assert.ok(md.includes('| `BILLING_API_KEY` | added |'));
    assert.ok(md.includes('| `LEGACY_FLAG` | removed |'));
  });

  it('html: one standalone document, everything escaped, no scripts or external resources', () => {
    const html = renderChangelog(report, notes, 'html', { generatedAt: at });
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.equal((html.match(/<html/g) ?? []).length, 1);
    assert.ok(!/<script/i.test(html), 'no script element: the note text is escaped');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<h3>Billing &lt;plan&gt; &amp; &quot;accounts&quot;</h3>'));
    assert.ok(!/(src|href)=["']?https?:/i.test(html), 'no external resources');
    assert.ok(html.includes('@media print'));
    assert.ok(html.includes('<code>BILLING_API_KEY</code>'));
    assert.match(html, /<tr class="state-uncovered"><td><code>infra\/main\.tf<\/code>/);
    assert.match(html, /<section id="skips">[\s\S]*copy only, nothing to deploy/);
    assert.match(html, /<td><code>LEGACY_FLAG<\/code><\/td><td class="removed">removed<\/td>/);
    // Balanced structure: every opened section/table/ul closes.
    for (const tag of ['section', 'table', 'ul', 'article', 'li', 'tr']) {
      assert.equal((html.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length, (html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length, tag);
    }
  });

  it('falls back to the report note summaries when no parsed notes are given', () => {
    const doc = JSON.parse(renderChangelog(report, [], 'json'));
    assert.equal(doc.notes[0].covers[2].kind, 'skip');
    assert.equal(doc.notes[0].sections.length, 4);
  });
});
