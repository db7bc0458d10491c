import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnalysisSession, renderChangelog, type Note, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { englishSentences } from '../l10n/english';

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

  it('markdown: summary first, then the runbook by phase and role linking to its note, what needs a note, notes, impacts', () => {
    const md = renderChangelog(report, notes, 'markdown', { generatedAt: at });
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(headings, [
      '# Deployment notes: v1.0.0 → HEAD',
      '## Runbook',
      '### Before deploy',
      '### Deploy',
      '### Other steps',
      '### Rollback',
      '## Needs a deployment note',
      '## Notes',
      '### Billing &lt;plan&gt; &amp; "accounts"',
      '## Impacts by category',
      '### Migrations (1)',
      '### Configuration (1)',
      '### Environment variables (2)',
      '### Infrastructure (1)',
      '## Skipped: no action needed',
      '## Environment variables',
    ]);
    const lines = md.split('\n');
    assert.match(lines[4], /^\*\*1 migration; 1 new required env var; 1 env var no longer read; 2 without a deployment note\*\*$/);
    const link = '[Billing &lt;plan&gt; &amp; "accounts"](#billing-plan--accounts)';
    assert.ok(md.includes(`**Operations** \`@ops\`\n\n- [ ] Set \`BILLING_API_KEY\` in production secrets &lt;script&gt;alert(1)&lt;/script&gt; · ${link}`), md);
    assert.ok(md.includes(`### Deploy\n\n**Implementation** \`@implementation\`\n\n- [x] Run \`rails db:migrate\` · ${link}`));
    assert.ok(md.includes(`### Other steps\n\n**Operations** \`@ops\`\n\n- [ ] Tell support · ${link}`));
    assert.ok(md.includes(`### Rollback\n\n**Unassigned**\n\n- [ ] \`rails db:rollback STEP=1\` · ${link}`));
    assert.match(md, /## Needs a deployment note\n\n- `infra\/main\.tf`: Terraform configuration added · warning · \*\*⚠ UNCOVERED: needs a deployment note\*\*/);
    assert.match(md, /> \[!WARNING\]\n> 2 changes need a deployment note and have none: `infra\/main\.tf`, `src\/app\.js`/);
    assert.ok(md.includes('| `config/locales/en.yml` | copy only, nothing to deploy | `.handoff/notes/2026-11-24-billing.md` |'));
    assert.ok(md.includes('| `BILLING_API_KEY` | added |'));
    assert.ok(md.includes('| `LEGACY_FLAG` | removed |'));
    assert.doesNotMatch(md, /<script|<plan>/, 'no raw HTML from the repository');
  });

  it('html: one standalone document with a table of contents, everything escaped, paths that break at /', () => {
    const html = renderChangelog(report, notes, 'html', { generatedAt: at });
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
    assert.equal((html.match(/<html/g) ?? []).length, 1);
    assert.ok(!/<script/i.test(html), 'no script element: the note text is escaped');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<h3>Billing &lt;plan&gt; &amp; &quot;accounts&quot;</h3>'));
    assert.ok(!/(src|href)=["']?https?:/i.test(html), 'no external resources');
    assert.ok(html.includes('@media print'));
    assert.match(html, /<nav class="toc" aria-label="Contents">[\s\S]*href="#runbook"[\s\S]*href="#phase-1">Before deploy<[\s\S]*href="#needs-note">[\s\S]*href="#notes"/);
    assert.match(html, /<p class="headline" id="summary"><strong>1 migration; 1 new required env var;/);
    assert.match(html, /<section class="phase" id="phase-1"><h3>Before deploy<\/h3>\n<h4>Operations <span class="role">@ops<\/span><\/h4><ul class="checklist">\n<li class="todo">.*<code>BILLING_API_KEY<\/code>.*<a href="#note-1">Billing &lt;plan&gt;/);
    assert.match(html, /<tr class="state-uncovered"><td><code>infra\/<wbr>main\.tf<\/code>/);
    assert.match(html, /<section id="skips">[\s\S]*copy only, nothing to deploy/);
    assert.match(html, /<td><code>LEGACY_FLAG<\/code><\/td><td class="removed">removed<\/td>/);
    // Balanced structure: every opened section/table/ul closes.
    for (const tag of ['section', 'table', 'ul', 'ol', 'article', 'li', 'tr', 'nav']) {
      assert.equal((html.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length, (html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length, tag);
    }
  });

  it('zh-cn: the change log speaks Chinese in every format (lang attribute, headings, summary, finding messages); the notes keep their own text', () => {
    const md = renderChangelog(report, notes, 'markdown', { generatedAt: at, locale: 'zh-cn' });
    assert.match(md, /^# 部署说明：v1\.0\.0 → HEAD$/m);
    assert.match(md, /^\*\*1 个迁移；1 个新的必需环境变量；1 个不再读取的环境变量；2 项没有部署说明\*\*$/m);
    for (const h of ['## 操作手册', '### 部署前', '### 部署', '### 其他步骤', '### 回滚', '## 需要部署说明', '## 部署说明', '## 按类别列出的影响', '## 环境变量']) assert.ok(md.split('\n').includes(h), h);
    assert.match(md, /不再读取环境变量 LEGACY_FLAG（其他地方也不再读取）/);
    const repoText = new Set(notes.flatMap((n) => [n.title, ...n.items.map((i) => i.text), ...n.covers.map((c) => c.reason ?? c.raw)]));
    for (const line of md.split('\n')) {
      if ([...repoText].some((t) => line.includes(t) || line.includes(t.replace(/</g, '&lt;').replace(/>/g, '&gt;')))) continue;
      assert.equal(englishSentences(line), '', line);
    }
    const html = renderChangelog(report, notes, 'html', { generatedAt: at, locale: 'zh-cn' });
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">'));
    assert.match(html, /<nav class="toc" aria-label="目录">/);
    const json = JSON.parse(renderChangelog(report, notes, 'json', { generatedAt: at, locale: 'zh-cn' }));
    assert.equal(json.locale, 'zh-cn');
    assert.deepEqual(json.runbook.map((p: { phase: string | null }) => p.phase), ['Before deploy', 'Deploy', null, 'Rollback']);
  });

  it('falls back to the report note summaries when no parsed notes are given', () => {
    const doc = JSON.parse(renderChangelog(report, [], 'json'));
    assert.equal(doc.notes[0].covers[2].kind, 'skip');
    assert.equal(doc.notes[0].sections.length, 4);
  });
});
