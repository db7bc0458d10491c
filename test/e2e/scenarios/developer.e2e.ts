// Developer while coding: on feature/billing, the migration that drops a column is flagged in the
// Problems panel and counted in the status bar; the quick fix drafts a note that covers it, the
// note lands on disk and the count drops.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_MIGRATION, DEMO_NOTE } from '../../../scripts/demo-repo.mjs';
import { assert, cliReport, frontMatter, noteFiles, type Scenario, STATUS_ID } from '../scenario';
import { waitFor } from '../workbench';

export const scenario: Scenario = {
  name: 'developer',
  title: 'developer: diagnostic on the migration, status-bar count, quick fix writes a note covering it',
  checkout: 'feature/billing',
  async run({ wb, page, workspace, step }) {
    const expected = cliReport(workspace, 'main');
    const migration = expected.impacts.find((i) => i.path === DEMO_MIGRATION);
    assert(migration && migration.requiresNote && migration.coveredBy.length === 0, `the engine reports the demo migration as uncovered (impacts: ${expected.impacts.map((i) => i.path).join(', ')})`);

    await wb.ready();
    step('status bar shows the uncovered count');
    const before = await waitFor(`the status bar to count ${expected.summary.uncovered} uncovered`, async () => {
      const n = await wb.statusCount(STATUS_ID);
      return n === expected.summary.uncovered ? n : undefined;
    }, 60_000);

    step(`open ${DEMO_MIGRATION}; Problems lists the Handoff diagnostic`);
    await wb.openFile(DEMO_MIGRATION);
    const rows = await wb.problems();
    const problem = rows.filter({ hasText: 'needs a deployment note' }).filter({ hasText: 'handoff' }).first();
    await problem.waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`no Handoff diagnostic in Problems (rows: ${(await rows.allTextContents()).join(' | ') || 'none'})`);
    });
    await wb.shot('problems');

    step('run the quick fix "Create deployment note"');
    const notesBefore = noteFiles(workspace);
    await problem.dblclick(); // opens the editor at the diagnostic, cursor on it
    await page.locator('.editor-instance .monaco-editor.focused').first().waitFor();
    await page.locator('.editor-instance .lightBulbWidget').first().waitFor({ state: 'visible' });
    const action = await wb.quickFix('Create deployment note');
    await wb.shot('quick-fix');
    await action.click();

    step('a new note on disk covers the migration');
    const created = await waitFor('a new note in .handoff/notes', () => noteFiles(workspace).find((f) => !notesBefore.includes(f)), 30_000);
    assert(created !== DEMO_NOTE, 'the existing note was not replaced');
    const covers = await waitFor(`${created} to name the migration in covers`, () => {
      const fm = frontMatter(fs.readFileSync(path.join(workspace, created), 'utf8'));
      const list = Array.isArray(fm.covers) ? fm.covers.map(String) : [];
      return list.includes(DEMO_MIGRATION) ? list : undefined;
    });
    step(`${created} covers ${covers.join(', ')}`);

    step('the status-bar count drops');
    const after = await waitFor(`the status-bar count to drop below ${before}`, async () => {
      const n = await wb.statusCount(STATUS_ID);
      return n < before ? n + 1 : undefined; // +1: 0 is a valid answer
    }, 30_000) - 1;
    assert(after === before - 1, `the count went from ${before} to ${after}, expected ${before - 1}`);
    await wb.shot('count-dropped');
  },
};
