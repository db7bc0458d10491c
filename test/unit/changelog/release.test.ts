import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnalysisSession, renderChangelog, type Note, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

/**
 * The change log of a real 100+-file release: the summary line, the notes' items merged by
 * phase (headings in either language) and role, and the informational rows folded.
 */
describe('changelog of a 100+-file release', () => {
  const repo = new TestRepo();
  let report: Report;
  let notes: Note[];
  before(async () => {
    const base: Record<string, string> = { 'manage.py': 'import os\n', 'accounts/migrations/0001_initial.py': 'from django.db import migrations\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = []\n', 'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "1.0.0"\n  }\n}\n' };
    for (let i = 0; i < 60; i++) base[`src/mod_${i}.py`] = `# module ${i}\ndef f():\n    return ${i}\n`;
    for (let i = 0; i < 30; i++) base[`.github/workflows/job_${i}.yml`] = `name: job ${i}\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${i}\n`;
    repo.commit('init', base);
    repo.git('tag', 'v1.0.0');
    const change: Record<string, string> = {};
    for (let i = 0; i < 60; i++) change[`src/mod_${i}.py`] = `# module ${i}, documented\ndef f():\n    return ${i}\n`;
    for (let i = 0; i < 30; i++) change[`.github/workflows/job_${i}.yml`] = `name: job ${i}\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${i}\n`;
    for (let i = 0; i < 12; i++) change[`docs/page_${i}.md`] = `# Page ${i}\n`;
    change['accounts/migrations/0002_drop_legacy.py'] = "from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [('accounts', '0001_initial')]\n    operations = [\n" + Array.from({ length: 12 }, (_, k) => `        migrations.RemoveField(model_name='account', name='legacy_${k}'),\n`).join('') + '    ]\n';
    change['accounts/migrations/0003_drop_more.py'] = "from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [('accounts', '0002_drop_legacy')]\n    operations = [\n" + Array.from({ length: 12 }, (_, k) => `        migrations.RemoveField(model_name='profile', name='old_${k}'),\n`).join('') + '    ]\n';
    change['app/settings.py'] = "import os\nA = os.environ['BILLING_API_KEY']\nB = os.environ['SMTP_URL']\nC = os.environ['QUEUE_URL']\nD = os.environ.get('TIMEOUT', '5')\nE = os.getenv('RETRIES', '3')\nF = os.environ.get('REGION', 'eu')\nG = os.environ.get('POOL', '4')\n";
    change['package.json'] = '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "1.0.0",\n    "lodash": "^4.17.21"\n  }\n}\n';
    change['.handoff/notes/2026-12-01-drop-legacy.md'] = "---\ntitle: Drop legacy columns\ncovers:\n  - accounts/migrations/*.py\n---\n## Before deploy\n- [ ] Back up `account` @dba\n## After deploy\n- [ ] Run `python manage.py migrate accounts` @implementation\n## Rollback\n- [ ] `python manage.py migrate accounts 0001_initial` @implementation\n";
    change['.handoff/notes/2026-12-02-billing.md'] = "---\ntitle: Billing settings\ncovers:\n  - env:BILLING_API_KEY\n  - env:SMTP_URL\n---\n## 部署前\n- [ ] 设置 `BILLING_API_KEY` @ops\n## Verify\n- [ ] Billing page loads @qa\n";
    repo.write(change);
    repo.commit('release');

    const session = await AnalysisSession.open({ repo: repo.dir, base: 'v1.0.0', head: 'HEAD' });
    report = await session.result();
    notes = session.rangeNotes();
  });
  after(() => repo.dispose());
  const at = new Date('2026-12-05T12:00:00Z');

  it('markdown: summary first, merged phases with links to their notes, info rows folded into one counted line', () => {
    assert.ok(report.summary.changes > 100, `${report.summary.changes} changed files`);
    const md = renderChangelog(report, notes, 'markdown', { generatedAt: at });
    const lines = md.split('\n');
    assert.equal(lines[4], '**2 migrations drop 24 columns; 3 new required env vars; 4 new optional settings**');
    const phases = lines.filter((l) => l.startsWith('### ')).slice(0, 4);
    assert.deepEqual(phases, ['### Before deploy', '### After deploy', '### Verify', '### Rollback']);
    // The note written in Chinese (`## 部署前`) is merged into the same phase, after the database role.
    assert.ok(md.includes('### Before deploy\n\n**Database** `@dba`\n\n- [ ] Back up `account` · [Drop legacy columns](#drop-legacy-columns)\n\n**Operations** `@ops`\n\n- [ ] 设置 `BILLING_API_KEY` · [Billing settings](#billing-settings)'), md);
    assert.ok(lines.includes('_31 informational changes (no note needed) not listed: Dependencies 1, CI 30_'));
    assert.ok(!md.includes('.github/workflows/job_'), 'no CI row listed one by one');
    assert.ok(md.split('\n').length < 120, `${md.split('\n').length} lines`);
    const all = renderChangelog(report, notes, 'markdown', { generatedAt: at, includeInfo: true });
    assert.equal((all.match(/\.github\/workflows\/job_/g) ?? []).length, 30, 'includeInfo lists them');
  });

  it('html: a table of contents, the summary, the phases, the folded line; zh-cn the same in Chinese', () => {
    const html = renderChangelog(report, notes, 'html', { generatedAt: at });
    assert.match(html, /<nav class="toc"[^>]*><h2>Contents<\/h2><ol><li><a href="#runbook">Runbook<\/a><ol><li><a href="#phase-1">Before deploy<\/a><\/li><li><a href="#phase-2">After deploy<\/a><\/li><li><a href="#phase-3">Verify<\/a><\/li><li><a href="#phase-4">Rollback<\/a><\/li><\/ol>/);
    assert.match(html, /<strong>2 migrations drop 24 columns; 3 new required env vars; 4 new optional settings<\/strong>/);
    assert.match(html, /<p class="folded">31 informational changes \(no note needed\) not listed: Dependencies 1, CI 30<\/p>/);
    const zh = renderChangelog(report, notes, 'html', { generatedAt: at, locale: 'zh-cn' });
    assert.match(zh, /<html lang="zh-CN">/);
    assert.match(zh, /<strong>2 个迁移删除 24 列；3 个新的必需环境变量；4 个新的可选设置<\/strong>/);
    assert.match(zh, /<p class="folded">另有 31 项提示性改动（无需部署说明）未列出：依赖 1、CI 30<\/p>/);
  });
});
