// Implementation engineer reviewing a pull request as a pull request: the workspace's origin is a
// local bare repository publishing refs/pull/7/head (feature/billing plus a config naming two
// environments). "Handoff: Review Pull Request…" lists "#7", reviews it titled "PR #7"; the
// Impact view is sorted and filtered; one Checklist item is signed off for staging without a
// checkout (nothing in the working tree changes); after checking the branch out the Checklist
// still shows that tick; a change to a covered file marks it stale.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_BRANCH, DEMO_NOTE } from '../../../scripts/demo-repo.mjs';
import { assert, git, type Scenario } from '../scenario';
import { waitFor } from '../workbench';

const ITEM = 'in production secrets';
const COVERED = 'src/billing/client.js';

/** A bare "origin" beside the workspace with refs/pull/7/head; the workspace fetches from it. */
function publishPullRequest(workspace: string): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-e2e-pr-'));
  const bare = path.join(scratch, 'origin.git');
  git(scratch, 'clone', '-q', '--bare', workspace, bare);
  const work = path.join(scratch, 'work');
  git(scratch, 'clone', '-q', bare, work);
  git(work, 'checkout', '-q', DEMO_BRANCH);
  fs.mkdirSync(path.join(work, '.handoff'), { recursive: true });
  fs.writeFileSync(path.join(work, '.handoff', 'config.yaml'), 'environments: [staging, production]\n');
  git(work, 'add', '-A');
  git(work, '-c', 'user.name=Ada Developer', '-c', 'user.email=ada@example.com', 'commit', '-q', '-m', 'Billing: roll out to staging, then production');
  git(work, 'push', '-q', 'origin', 'HEAD:refs/pull/7/head');
  git(bare, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  git(workspace, 'remote', 'add', 'origin', bare);
  git(workspace, 'fetch', '-q', 'origin');
  git(workspace, 'remote', 'set-head', 'origin', 'main');
  git(workspace, 'config', 'user.name', 'Rui Reviewer');
  return bare;
}

export const scenario: Scenario = {
  name: 'pull-request',
  title: 'implementation engineer: Review Pull Request #7 from a local bare remote, sort and filter, sign off for staging without a checkout, stale after a change',
  checkout: 'main',
  async run({ wb, page, workspace, step }) {
    publishPullRequest(workspace);
    await wb.ready();

    step('Handoff: Review Pull Request… lists #7 (fetched from the bare remote) and reviews it');
    await wb.command('Handoff: Review Pull Request…');
    await wb.pick(/pull request/i, /^#7 Billing: roll out/);
    await wb.openContainer();
    const impactPane = await wb.openPane('Impact');
    await waitFor('the Impact view titled "PR #7"', async () => ((await page.locator('.pane-header', { hasText: 'Impact' }).first().textContent()) ?? '').includes('PR #7'), 30_000);
    await waitFor('the Impact view to list the migration', async () => (await wb.treeRows(impactPane)).some((r) => r.text.includes('remove_legacy_plan_from_accounts.rb')), 30_000);
    assert(git(workspace, 'rev-parse', '--abbrev-ref', 'HEAD').trim() === 'main', 'nothing is checked out');
    await wb.shot('pr-impact');

    step('sort by path, then show uncovered only');
    await wb.command('Handoff: Sort Impacts…');
    await wb.pick(/Sort Impacts/, /^By path$/);
    await waitFor('no category rows once sorted by path', async () => !(await wb.treeRows(impactPane)).some((r) => /^Migrations/.test(r.text)));
    await wb.command('Handoff: Show Uncovered Only');
    await waitFor('only rows that need a note', async () => {
      const rows = (await wb.treeRows(impactPane)).filter((r) => r.level === 1);
      return rows.length > 0 && rows.every((r) => r.text.includes('needs a note'));
    });
    await wb.shot('pr-uncovered-only');
    await wb.command('Handoff: Show All Impacts');

    step('sign off one Checklist item for staging, without a checkout');
    const checklist = await wb.openPane('Checklist');
    const item = wb.row(checklist, ITEM);
    await item.waitFor({ timeout: 30_000 });
    await waitFor('the Checklist signs off for staging', async () => ((await page.locator('.pane-header', { hasText: 'Checklist' }).first().textContent()) ?? '').includes('staging'));
    const box = item.locator('.monaco-checkbox, [role="checkbox"]').first();
    assert((await box.getAttribute('aria-checked')) !== 'true', 'the item starts unticked');
    const store = path.join(workspace, '.git', 'handoff', 'signoffs.json');
    for (let attempt = 0; attempt < 3 && !fs.existsSync(store); attempt++) {
      await box.click();
      await waitFor('the sign-off in .git/handoff/signoffs.json', async () => fs.existsSync(store), 10_000).catch(() => undefined);
    }
    const saved = JSON.parse(fs.readFileSync(store, 'utf8')) as { signoffs: { environment: string; by: string; note: string }[] };
    assert(saved.signoffs.length === 1 && saved.signoffs[0].environment === 'staging' && saved.signoffs[0].by === 'Rui Reviewer', `one staging sign-off by Rui Reviewer (got ${JSON.stringify(saved.signoffs)})`);
    assert(saved.signoffs[0].note === DEMO_NOTE, `for ${DEMO_NOTE}`);
    assert(git(workspace, 'status', '--porcelain').trim() === '', 'the working tree is untouched');
    await waitFor('the item shows "staging ✓"', async () => ((await item.textContent()) ?? '').includes('staging ✓'));
    await waitFor('the ticked checkbox', async () => (await box.getAttribute('aria-checked')) === 'true');
    await wb.shot('pr-signed-off');

    step('check the branch out: the note shows the staging tick');
    git(workspace, 'checkout', '-q', '--no-track', '-b', 'pr-7', 'origin/pr/7');
    await wb.command('Handoff: Back to Working Tree');
    const after = wb.row(await wb.openPane('Checklist'), ITEM);
    await waitFor('the checked-out note still shows the staging tick', async () => ((await after.textContent()) ?? '').includes('staging ✓'), 30_000);
    await waitFor('its checkbox ticked', async () => (await after.locator('.monaco-checkbox, [role="checkbox"]').first().getAttribute('aria-checked')) === 'true');
    assert(fs.readFileSync(path.join(workspace, DEMO_NOTE), 'utf8').includes('- [ ] Set `BILLING_API_KEY`'), 'the note file is unchanged (production is not signed off yet)');
    await wb.shot('pr-checked-out');

    step(`change ${COVERED} after the sign-off: the tick is stale`);
    fs.appendFileSync(path.join(workspace, COVERED), '\n// changed after the sign-off\n');
    await waitFor('the item shows the stale mark', async () => ((await after.textContent()) ?? '').includes('staging ⚠'), 30_000);
    await wb.shot('pr-stale');
  },
};
