// The Checklist view: ticking a native tree checkbox changes exactly that `[ ]` in the note,
// through a WorkspaceEdit, so an open note with unsaved edits keeps them (and Undo works).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { HandoffApi } from '../../src/extension/extension';
import type { ChecklistNode } from '../../src/extension/views/checklistTree';
import { abs, closeAllEditors, DEMO_NOTE, handoff, uriOf, waitFor, workspaceDir } from './hostUtil';

/** The demo note's item whose text starts with `prefix`, as the Checklist view shows it. */
async function findItem(api: HandoffApi, prefix: string): Promise<Extract<ChecklistNode, { kind: 'item' }> | undefined> {
  const ws = workspaceDir();
  const walk = async (nodes: ChecklistNode[]): Promise<Extract<ChecklistNode, { kind: 'item' }> | undefined> => {
    for (const n of nodes) {
      if (n.kind === 'repo' && n.repo.root !== ws) continue;
      if (n.kind === 'note' && n.note.path !== DEMO_NOTE) continue;
      if (n.kind === 'item') {
        if (n.item.text.startsWith(prefix)) return n;
        continue;
      }
      const found = await walk(await api.checklistChildren(n));
      if (found) return found;
    }
    return undefined;
  };
  return walk(await api.checklistChildren());
}

describe('editor: Checklist view', function () {
  // A real editor on a shared 2-core machine: saves and git runs take seconds under load.
  this.timeout(90_000);
  after(closeAllEditors);

  it('shows the notes of the range with sections, roles and progress', async () => {
    const api = await handoff();
    const roots = await api.checklistChildren();
    const note = roots.find((n) => n.kind === 'note' && n.note.path === DEMO_NOTE);
    assert.ok(note && note.kind === 'note', 'the demo note is listed');
    assert.equal(note.note.title, 'Billing API key for the new billing client');
    const sections = (await api.checklistChildren(note)).map((s) => (s.kind === 'section' ? s.section : s.kind));
    assert.deepEqual(sections, ['Deploy', 'Verify', 'Rollback']);
    const item = await findItem(api, 'Create a production API key');
    assert.equal(item?.item.role, 'ops');
  });

  it('the handoff.roles setting filters the Checklist, and clearing it shows every item again', async () => {
    // The settings are read after activation, not within it (issue 17): a change made later still reaches the view.
    const api = await handoff();
    const cfg = vscode.workspace.getConfiguration('handoff');
    assert.ok(await findItem(api, 'Restart the app servers'), 'an @implementation item is listed with no filter');
    await cfg.update('roles', ['ops'], vscode.ConfigurationTarget.Global);
    try {
      await waitFor(async () => !(await findItem(api, 'Restart the app servers')), 'the @implementation item to go with roles [ops]');
      assert.equal((await findItem(api, 'Create a production API key'))?.item.role, 'ops', 'the @ops items stay');
    } finally {
      await cfg.update('roles', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => findItem(api, 'Restart the app servers'), 'every item back once the setting is cleared');
  });

  it('ticking a checkbox changes exactly that [ ] on disk, and unticking restores the file', async () => {
    const api = await handoff();
    const file = abs(DEMO_NOTE);
    const before = fs.readFileSync(file, 'utf8');
    const item = await findItem(api, 'Set `BILLING_API_KEY`');
    assert.ok(item, 'the item is in the tree');
    assert.equal(item.item.done, false);

    assert.deepEqual(await api.setChecklistItemsDone([[item, true]]), ['changed']);
    const expected = before.replace('- [ ] Set `BILLING_API_KEY`', '- [x] Set `BILLING_API_KEY`');
    const ticked = await waitFor(() => {
      const t = fs.readFileSync(file, 'utf8');
      return t !== before ? t : undefined;
    }, 'the tick to reach the file');
    assert.equal(ticked, expected);
    assert.equal(ticked.length, before.length, 'one character replaced, nothing else');
    await waitFor(async () => (await findItem(api, 'Set `BILLING_API_KEY`'))?.item.done, 'the tree to show the item done');

    const again = (await findItem(api, 'Set `BILLING_API_KEY`'))!;
    assert.deepEqual(await api.setChecklistItemsDone([[again, false]]), ['changed']);
    await waitFor(() => fs.readFileSync(file, 'utf8') === before, 'the file back to its original bytes');
  });

  it('an open note with unsaved edits keeps them after a tick, stays unsaved, and Undo takes the tick back', async () => {
    const api = await handoff();
    // code-server saves after a delay by default; this is about a user who has not saved yet.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      await uncommittedEditsSurviveATick(api);
    } finally {
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });

  async function uncommittedEditsSurviveATick(api: HandoffApi): Promise<void> {
    const file = abs(DEMO_NOTE);
    const onDisk = fs.readFileSync(file, 'utf8');
    const doc = await vscode.workspace.openTextDocument(uriOf(DEMO_NOTE));
    const editor = await vscode.window.showTextDocument(doc);
    const verifyLine = doc.getText().split('\n').findIndex((l) => l.startsWith('## Verify'));
    await editor.edit((b) => b.insert(new vscode.Position(verifyLine, 0), '- [ ] Unsaved step written by hand @ops\n\n'));
    assert.equal(doc.isDirty, true);
    const withEdit = doc.getText();

    // The tree reads the open document, so the unsaved item is there already.
    await waitFor(() => findItem(api, 'Unsaved step written by hand'), 'the unsaved item in the Checklist view');
    const item = await findItem(api, 'Restart the app servers');
    assert.ok(item);
    assert.deepEqual(await api.setChecklistItemsDone([[item, true]]), ['changed']);

    assert.equal(doc.isDirty, true, 'still unsaved: the user decides when to save');
    assert.equal(doc.getText(), withEdit.replace('- [ ] Restart the app servers', '- [x] Restart the app servers'));
    assert.equal(fs.readFileSync(file, 'utf8'), onDisk, 'nothing written behind the user\'s back');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), withEdit, 'Undo reverts exactly the tick');

    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), onDisk);
  }

  it('filters items by role', async () => {
    const api = await handoff();
    try {
      await vscode.commands.executeCommand('handoff.filterByRole', ['implementation']);
      assert.equal(await findItem(api, 'Create a production API key'), undefined, 'an @ops item is hidden');
      assert.ok(await findItem(api, 'Restart the app servers'), 'an @implementation item is shown');
    } finally {
      await vscode.commands.executeCommand('handoff.clearRoleFilter');
    }
    assert.ok(await findItem(api, 'Create a production API key'));
  });
});
