// Chinese UI: with VS Code's display language set to zh-cn, Handoff's container, views, commands
// and runtime strings are the Simplified Chinese ones of package.nls.zh-cn.json and
// l10n/bundle.l10n.zh-cn.json (as installed from the .vsix).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assert, noteFiles, ROOT, type Scenario, STATUS_ID } from '../scenario';
import { waitFor } from '../workbench';
import { CATEGORY_ZH } from '../../../src/core/l10n/categories';
import { PHASE_HEADINGS } from '../../../src/core/plan/phases';

function readJson(rel: string): Record<string, string> {
  const file = path.join(ROOT, rel);
  assert(fs.existsSync(file), `${rel} exists`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

const HAN = /[\u4e00-\u9fff]/;

export const scenario: Scenario = {
  name: 'chinese',
  title: 'Chinese UI: display language zh-cn shows Handoff views and commands in Simplified Chinese',
  checkout: 'feature/billing',
  locale: 'zh-cn',
  async run({ wb, page, step, workspace }) {
    const en = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    for (const key of ['view.impact.name', 'view.checklist.name', 'command.reviewBranch.title', 'command.exportChangeLog.title']) {
      assert(zh[key] && zh[key] !== en[key] && HAN.test(zh[key]), `package.nls.zh-cn.json translates ${key}`);
    }

    await wb.ready(zh['viewsContainer.handoff.title']);
    step(`the side bar shows the views "${zh['view.impact.name']}" and "${zh['view.checklist.name']}"`);
    await wb.openContainer(zh['viewsContainer.handoff.title']);
    await wb.openPane(zh['view.impact.name']);
    await wb.openPane(zh['view.checklist.name']);
    assert(!(await wb.pane(en['view.impact.name']).isVisible()), `no English "${en['view.impact.name']}" view`);

    step('the Impact tree uses the core\'s Chinese category names, the status bar the zh-cn runtime bundle');
    const migrations = CATEGORY_ZH.migration;
    assert(HAN.test(migrations), 'the core names the migration category in Chinese');
    await wb.waitRow(wb.pane(zh['view.impact.name']), migrations, 60_000);
    const template = bundle['{0} changes need a deployment note'] ?? bundle['1 change needs a deployment note'];
    assert(template && HAN.test(template), 'bundle.l10n.zh-cn.json translates the status-bar text');
    const label = await waitFor('a Chinese status-bar label', async () => {
      const l = (await wb.statusItem(STATUS_ID).getAttribute('aria-label')) ?? '';
      return HAN.test(l) ? l : undefined;
    }, 60_000);
    const head = template.split('{0}')[0] || template.split('{0}')[1];
    assert(label.includes(head.trim()), `status-bar label "${label}" uses "${template}"`);
    await wb.row(wb.pane(zh['view.checklist.name']), 'Billing API key').waitFor({ timeout: 30_000 });
    // The note is written with English `## Deploy` / `## Rollback` headings; the Checklist names the phases in Chinese.
    for (const phase of [PHASE_HEADINGS['zh-cn'].Deploy, PHASE_HEADINGS['zh-cn'].Rollback]) {
      await wb.waitRow(wb.pane(zh['view.checklist.name']), new RegExp(`^${phase}[\\s\\d]`), 30_000);
    }
    assert(!(await wb.rows(wb.pane(zh['view.checklist.name'])).allTextContents()).some((t) => /^(Deploy|Rollback)\b/.test(t)), 'no English phase row in the Chinese Checklist');
    await wb.shot('sidebar-zh');

    step('the palette lists the commands in Chinese');
    for (const key of ['command.reviewBranch.title', 'command.exportChangeLog.title', 'command.createNote.title']) {
      const title = `${zh['command.category']}: ${zh[key]}`;
      await page.keyboard.press('F1');
      const input = wb.quickInput().locator('input').first();
      await input.fill(`>${title}`);
      await wb.quickInput().locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor().catch(async () => {
        throw new Error(`"${title}" is not in the palette (it lists: ${(await wb.quickInput().locator('.quick-input-list .monaco-list-row').allTextContents()).join(' | ')})`);
      });
      if (key === 'command.reviewBranch.title') await wb.shot('palette-zh');
      await wb.closeQuickInput();
    }

    step('finding messages and the drafted note are in Chinese too');
    const impactPane = wb.pane(zh['view.impact.name']);
    await wb.expandAll(impactPane);
    await wb.row(impactPane, /删除列 accounts\.legacy_plan：列中数据将丢失/).waitFor({ timeout: 30_000 });
    await wb.shot('finding-zh');
    const notesBefore = noteFiles(workspace);
    const create = `${zh['command.category']}: ${zh['command.createNote.title']}`;
    await page.keyboard.press('F1');
    await wb.quickInput().locator('input').first().fill(`>${create}`);
    await wb.quickInput().locator('.quick-input-list .monaco-list-row').filter({ hasText: create }).first().click();
    const created = await waitFor('a drafted note', () => noteFiles(workspace).find((f) => !notesBefore.includes(f)), 30_000);
    const drafted = await waitFor(`${created} to be written`, () => {
      const text = fs.readFileSync(path.join(workspace, created), 'utf8');
      return text.includes('## 回滚') ? text : undefined;
    });
    for (const heading of ['## 部署前', '## 部署后', '## 验证', '## 回滚']) assert(drafted.includes(`\n${heading}\n`), `the drafted note has "${heading}":\n${drafted}`);
    assert(/迁移回退：`bin\/rails db:migrate:down VERSION=\d+`/.test(drafted), `the rollback migrates back with the version filled in:\n${drafted}`);
    assert(!/^## (Before deploy|Deploy|After deploy|Verify|Rollback)$/m.test(drafted), 'no English heading');
    // Create Note opens the draft in an editor: its Chinese headings are on screen, not only on disk.
    await page.locator('.monaco-editor .view-lines').filter({ hasText: '## 部署前' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.tabs-container .tab').filter({ hasText: path.basename(created) }).first().waitFor({ timeout: 30_000 });
    await wb.shot('note-zh');
  },
};
