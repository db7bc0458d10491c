// Implementation engineer reviewing: with main checked out, "Handoff: Review Branch…" main →
// feature/billing; the Impact view lists every impacted file under its category, a click opens
// its diff; after checking the branch out, ticking a Checklist item changes exactly that `[ ]`
// to `[x]` in the note on disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_BRANCH, DEMO_MIGRATION, DEMO_NOTE } from '../../../scripts/demo-repo.mjs';
import { assert, CATEGORY_LABELS, cliReport, git, type Scenario } from '../scenario';
import { waitFor } from '../workbench';

export const scenario: Scenario = {
  name: 'reviewer',
  title: 'implementation engineer: Review Branch main…feature/billing, Impact view by category, diff, tick a checklist item',
  checkout: 'main',
  async run({ wb, page, workspace, step }) {
    const expected = cliReport(workspace, 'main', DEMO_BRANCH);
    assert(expected.impacts.length > 0, 'the engine reports impacts for main…feature/billing');

    await wb.ready();
    step('Handoff: Review Branch… base main, head feature/billing');
    await wb.command('Handoff: Review Branch…');
    await wb.pick(/base/i, /^\W*main$/);
    await wb.pick(/head/i, new RegExp(`^\\W*${DEMO_BRANCH}$`));

    step('the Impact view lists each impacted file under its category');
    await wb.openContainer();
    const impactPane = await wb.openPane('Impact');
    await waitFor('the Impact view to list the migration', async () => (await wb.treeRows(impactPane)).some((r) => r.label.startsWith(DEMO_MIGRATION)), 30_000);
    const rows = await wb.treeRows(impactPane);
    for (const impact of expected.impacts) {
      const at = rows.findIndex((r) => r.label.startsWith(`${impact.path},`));
      assert(at >= 0, `the Impact view lists ${impact.path} (rows: ${rows.map((r) => r.label).join(' | ')})`);
      const parent = rows.slice(0, at).reverse().find((r) => r.level === rows[at].level - 1);
      assert(parent && parent.text.startsWith(CATEGORY_LABELS[impact.category]), `${impact.path} is under "${CATEGORY_LABELS[impact.category]}" (found under "${parent?.text ?? 'nothing'}")`);
    }
    await wb.shot('impact-view');

    step('clicking the migration opens its diff');
    await wb.row(impactPane, path.posix.basename(DEMO_MIGRATION)).click();
    await page.locator('.editor-instance .monaco-diff-editor').first().waitFor();
    await waitFor('the diff tab to name the migration', async () => ((await wb.activeTab().textContent()) ?? '').includes(path.posix.basename(DEMO_MIGRATION)));
    await wb.shot('diff');

    step(`check out ${DEMO_BRANCH} (the note is now on disk) and tick one checklist item`);
    git(workspace, 'checkout', '-q', DEMO_BRANCH);
    const notePath = path.join(workspace, DEMO_NOTE);
    const before = fs.readFileSync(notePath);
    const target = 'Set `BILLING_API_KEY` in production secrets';
    const lines = before.toString('utf8').split('\n');
    const lineIndex = lines.findIndex((l) => l.includes(target));
    assert(lineIndex >= 0 && lines[lineIndex].includes('- [ ]'), `the demo note has an open item "${target}"`);
    const expectedAfter = Buffer.from([...lines.slice(0, lineIndex), lines[lineIndex].replace('- [ ]', '- [x]'), ...lines.slice(lineIndex + 1)].join('\n'));

    const checklist = await wb.openPane('Checklist');
    const item = wb.row(checklist, 'in production secrets');
    await item.waitFor({ timeout: 30_000 });
    await wb.shot('checklist');
    // VS Code's Git status-bar item names the branch once the checkout is seen (Handoff listens to the same Git API).
    await page.locator('.statusbar .statusbar-item-label').filter({ hasText: new RegExp(`^\\W*${DEMO_BRANCH}\\W*$`) }).first().waitFor();
    const box = item.locator('.monaco-checkbox, [role="checkbox"]').first();
    assert((await box.getAttribute('aria-checked')) !== 'true', 'the item starts unticked');
    // A click that lands while the view re-renders after the checkout is dropped by VS Code (the
    // row it was made on is gone) and the box shows the file's state again: click again then,
    // as a user would. Three tries at most; each waits for the file, never for a fixed time.
    const describe = (now: Buffer): string => {
      const want = expectedAfter.toString('utf8').split('\n');
      const got = now.toString('utf8').split('\n');
      const diff = [...Array(Math.max(want.length, got.length)).keys()].filter((n) => want[n] !== got[n]).map((n) => `line ${n + 1}: expected ${JSON.stringify(want[n])}, on disk ${JSON.stringify(got[n])}`);
      return diff.join('; ') || `same lines, different bytes (${expectedAfter.length} vs ${now.length})`;
    };
    let ticked = false;
    for (let attempt = 1; attempt <= 3 && !ticked; attempt++) {
      await box.click();
      // done when the file is byte for byte the original with that one [ ] → [x]
      const outcome = await waitFor(`"${target}" to be ticked in ${DEMO_NOTE}`, async () => {
        const now = fs.readFileSync(notePath);
        if (now.equals(expectedAfter)) return 'ticked';
        if (now.equals(before) && (await box.getAttribute('aria-checked')) === 'false') return 'reverted';
        return undefined;
      }, 10_000).catch(async (err: Error) => {
        const now = fs.readFileSync(notePath);
        const state = await box.getAttribute('aria-checked').catch(() => 'gone');
        const shown = await page.locator('.notification-list-item-message').allTextContents();
        throw new Error(`${err.message}: ${now.equals(before) ? 'the note is unchanged' : describe(now)}; checkbox aria-checked=${state}; notifications: ${shown.join(' | ') || 'none'}`);
      });
      ticked = outcome === 'ticked';
      if (!ticked) step(`click ${attempt} was not written (the box went back to unticked)`);
    }
    assert(ticked, `three clicks on "${target}" left ${DEMO_NOTE} unchanged`);
    await waitFor('the ticked checkbox', async () => (await box.getAttribute('aria-checked')) === 'true');
    await wb.shot('ticked');
  },
};
