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
    const box = item.locator('.monaco-checkbox, [role="checkbox"]').first();
    assert((await box.getAttribute('aria-checked')) !== 'true', 'the item starts unticked');
    await box.click();
    const after = await waitFor(`"${target}" to be ticked in ${DEMO_NOTE}`, () => {
      const now = fs.readFileSync(notePath);
      return now.equals(before) ? undefined : now;
    });
    assert(after.equals(expectedAfter), `only "${target}" changed from [ ] to [x]:\n--- expected\n${expectedAfter.toString('utf8')}\n--- on disk\n${after.toString('utf8')}`);
    await waitFor('the ticked checkbox', async () => (await box.getAttribute('aria-checked')) === 'true');
    await wb.shot('ticked');
  },
};
