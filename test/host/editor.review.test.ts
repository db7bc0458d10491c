// Review mode and export: a branch's impacts without checking it out (main is checked out in
// a second clone), the diff read from git, and the change log written in every format.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChecklistNode } from '../../src/extension/views/checklistTree';
import type { ImpactNode } from '../../src/extension/views/impactTree';
import { closeAllEditors, DEMO_MIGRATION, DEMO_NOTE, git, handoff, waitFor, workspaceDir } from './hostUtil';

describe('editor: review mode', function () {
  // A real editor on a shared 2-core machine: saves and git runs take seconds under load.
  this.timeout(90_000);
  let clone: string;
  before(() => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-review-'));
    clone = path.join(parent, 'billing-review');
    git(parent, 'clone', '-q', workspaceDir(), clone);
    git(clone, 'checkout', '-q', 'main');
    // The source repository has feature/billing checked out, so the clone's origin/HEAD names
    // it; point it at main, the base a team would have.
    git(clone, 'remote', 'set-head', 'origin', 'main');
    clone = fs.realpathSync(clone);
  });
  after(async () => {
    await closeAllEditors();
    fs.rmSync(path.dirname(clone), { recursive: true, force: true });
  });

  it('shows the impacts of a branch that is not checked out, and goes back', async () => {
    const api = await handoff();
    await vscode.commands.executeCommand('handoff.reviewBranch', { repo: clone, base: 'main', head: 'origin/feature/billing' });
    await api.whenIdle();
    const report = api.report(clone);
    assert.ok(report, 'the clone is followed');
    assert.equal(report.range.base, 'main');
    assert.equal(report.range.head, 'origin/feature/billing');
    const paths = report.impacts.map((i) => i.path).sort();
    assert.ok(paths.includes(DEMO_MIGRATION), `the migration is an impact (got ${paths.join(', ')})`);
    assert.ok(paths.includes('src/billing/client.js'));
    assert.ok(report.impacts.find((i) => i.path === 'src/billing/client.js')?.coveredBy.includes(DEMO_NOTE), 'covered by the note of the head commit');

    // Nothing was checked out or written.
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
    assert.equal(git(clone, 'status', '--porcelain').trim(), '');
    assert.equal(fs.existsSync(path.join(clone, DEMO_MIGRATION)), false);

    // The Impact view shows the clone's range: repository → category → file.
    const roots = api.impactChildren();
    const repoNode = roots.find((n) => n.kind === 'repo' && n.repo.root === clone);
    const top: ImpactNode[] = repoNode ? api.impactChildren(repoNode) : roots;
    const migrations = top.find((n) => n.kind === 'category' && n.category === 'migration');
    assert.ok(migrations, 'a Migrations category');
    assert.ok(api.impactChildren(migrations).some((n) => n.kind === 'impact' && n.impact.path === DEMO_MIGRATION));

    // The diff is read from git: the head side holds the migration.
    await vscode.commands.executeCommand('handoff.openDiff', { repo: clone, path: DEMO_MIGRATION });
    const input = await waitFor(() => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return i instanceof vscode.TabInputTextDiff ? i : undefined;
    }, 'a diff editor');
    assert.equal(input.modified.scheme, 'handoff-git');
    const head = await vscode.workspace.openTextDocument(input.modified);
    assert.match(head.getText(), /remove_column :accounts, :legacy_plan/);
    const base = await vscode.workspace.openTextDocument(input.original);
    assert.equal(base.getText(), '', 'the migration is new: the base side is empty');

    // The checklist comes from the head commit; ticking cannot write a file that is not checked out.
    const walk = async (nodes: ChecklistNode[]): Promise<ChecklistNode | undefined> => {
      for (const n of nodes) {
        if (n.kind === 'item' && n.repo.root === clone) return n;
        if (n.kind !== 'item' && (n.kind !== 'repo' || n.repo.root === clone)) {
          const f = await walk(await api.checklistChildren(n));
          if (f) return f;
        }
      }
      return undefined;
    };
    const item = await walk(await api.checklistChildren());
    assert.ok(item, 'the reviewed note\'s items are listed');
    // Not checked out: the tick is a sign-off kept under .git (the branch's files are not written).
    assert.deepEqual(await api.setChecklistItemsDone([[item, true]]), ['signed-off']);
    assert.equal(fs.existsSync(path.join(clone, DEMO_NOTE)), false, 'nothing written');
    assert.equal(git(clone, 'status', '--porcelain').trim(), '');
    assert.deepEqual(await api.setChecklistItemsDone([[item, false]]), ['sign-off-removed']);

    // Checked out (still reviewing), the same note is on disk: now a tick writes it.
    git(clone, 'checkout', '-q', 'feature/billing');
    const notePath = path.join(clone, DEMO_NOTE);
    const before = fs.readFileSync(notePath, 'utf8');
    const fresh = (await walk(await api.checklistChildren()))!;
    assert.ok(fresh.kind === 'item');
    assert.deepEqual(await api.setChecklistItemsDone([[fresh, true]]), ['changed']);
    const line = `- [ ] ${fresh.item.text}`;
    await waitFor(() => fs.readFileSync(notePath, 'utf8') === before.replace(line, line.replace('[ ]', '[x]')), 'the tick in the checked-out note');
    assert.deepEqual(await api.setChecklistItemsDone([[fresh, false]]), ['changed']);
    await waitFor(() => fs.readFileSync(notePath, 'utf8') === before, 'the note back to its original bytes');
    git(clone, 'checkout', '-q', 'main');

    await vscode.commands.executeCommand('handoff.backToWorkingTree', { repo: clone });
    await api.whenIdle();
    assert.equal(api.report(clone)?.range.head, 'WORKTREE');
    assert.equal(api.report(clone)?.impacts.length, 0, 'main has nothing to deploy');
  });

  it('re-reads the whole range when the branch is switched with git outside the editor', async () => {
    const api = await handoff();
    assert.equal(api.report(clone)?.range.head, 'WORKTREE');
    const loads = api.analysisCounts(clone)!.fullLoads;
    git(clone, 'checkout', '-q', 'feature/billing');
    await waitFor(() => api.report(clone)?.impacts.some((i) => i.path === DEMO_MIGRATION), 'the migration of feature/billing in working mode');
    // HEAD moved (seen through .git/HEAD): the range is re-read whole, not file by file.
    await waitFor(() => api.analysisCounts(clone)!.fullLoads > loads, 'a full analysis after the checkout');
    assert.equal(api.report(clone)?.range.base, 'origin/main');
  });
});

describe('editor: export change log', function () {
  // A real editor on a shared 2-core machine: saves and git runs take seconds under load.
  this.timeout(90_000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-export-'));
  });
  after(async () => {
    await closeAllEditors();
    fs.rmSync(out, { recursive: true, force: true });
  });

  for (const [format, ext] of [['markdown', 'md'], ['json', 'json'], ['html', 'html']] as const) {
    it(`writes ${format}`, async () => {
      await handoff();
      const file = path.join(out, `changelog.${ext}`);
      const written = await vscode.commands.executeCommand('handoff.exportChangeLog', { repo: workspaceDir(), from: 'main', to: 'feature/billing', format, output: file });
      assert.equal(written, file);
      const text = fs.readFileSync(file, 'utf8');
      if (format === 'json') {
        const json = JSON.parse(text);
        assert.equal(json.kind, 'handoff-changelog');
        assert.equal(json.range.head, 'feature/billing');
        assert.ok(json.notes.some((n: { title: string }) => n.title === 'Billing API key for the new billing client'));
      } else {
        if (format === 'html') assert.match(text, /^<!DOCTYPE html>/i);
        assert.ok(text.includes('Billing API key for the new billing client'), 'the note title');
        assert.ok(text.includes('Create a production API key in the billing provider dashboard'), 'a checklist item');
        // HTML lets paths wrap after each '/' (<wbr>): the path reads whole once those are gone
        assert.ok((format === 'html' ? text.replace(/<wbr>/g, '') : text).includes(DEMO_MIGRATION), 'the uncovered migration');
      }
    });
  }

  it('opens the change log in an editor when asked', async () => {
    await handoff();
    await vscode.commands.executeCommand('handoff.exportChangeLog', { repo: workspaceDir(), from: 'main', to: 'feature/billing', format: 'markdown', output: 'editor' });
    const doc = await waitFor(() => vscode.window.activeTextEditor?.document, 'an editor');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.getText(), /^# Deployment notes: main → feature\/billing/);
  });
});

describe('editor: initialize repository', function () {
  this.timeout(90_000);
  after(closeAllEditors);

  it('writes .handoff/config.yaml and the notes README, opens the config, and never overwrites', async () => {
    const api = await handoff();
    const ws = workspaceDir();
    const config = path.join(ws, '.handoff', 'config.yaml');
    const readme = path.join(ws, '.handoff', 'notes', 'README.md');
    assert.equal(fs.existsSync(config), false, 'the demo repository starts without a config');
    await vscode.commands.executeCommand('handoff.init', { repo: ws });
    assert.ok(fs.existsSync(config) && fs.existsSync(readme));
    assert.ok(vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(path.join('.handoff', 'config.yaml')), 'the config is opened');
    const text = fs.readFileSync(config, 'utf8');
    await api.whenIdle();
    assert.equal(api.report(ws)?.notes.some((n) => n.path.endsWith('README.md')), false, 'the README is not a note');

    fs.writeFileSync(config, text + '# edited by the team\n');
    await vscode.commands.executeCommand('handoff.init', { repo: ws });
    assert.equal(fs.readFileSync(config, 'utf8'), text + '# edited by the team\n', 'a second init changes nothing');
  });
});
