// The note language in the real editor: VS Code gives `.handoff/notes/*.md` the language id
// `handoff-note`, and opening one starts the language server, whose diagnostics arrive
// through the real client. Runs inside code-server via scripts/host-tests.mjs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_NOTE, handoff, waitFor, workspaceDir } from './hostUtil';

describe('note files as a language (real extension host)', () => {
  const broken = '.handoff/notes/2026-11-25-half-typed.md';

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(workspaceDir(), broken), { force: true });
  });

  it('opens a note as handoff-note', async () => {
    await handoff();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspaceDir(), DEMO_NOTE)));
    assert.equal(doc.languageId, 'handoff-note');
  });

  it('starts the language server on the first note and shows its diagnostics', async () => {
    const file = path.join(workspaceDir(), broken);
    // A half-typed note: no title, a skip without its reason.
    fs.writeFileSync(file, '---\ncovers:\n  - "skip: config/locales/*.yml"\n---\n## Deploy\n- [ ] Tell ops\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'handoff-note');
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'handoff');
      return d.length >= 2 ? d : null;
    }, 'diagnostics from the note language server', 60_000);
    const text = diags.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n');
    assert.match(text, /title/i, text);
    assert.match(text, /reason/i, text);
  });
});
