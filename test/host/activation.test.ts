// The extension in the real extension host: it activates on the demo repository and registers
// the commands of its manifest. Runs inside code-server via scripts/host-tests.mjs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'handoff.handoff';
const CONTRACT_COMMANDS = [
  'handoff.reviewBranch',
  'handoff.backToWorkingTree',
  'handoff.exportChangeLog',
  'handoff.createNote',
  'handoff.refresh',
  'handoff.init',
];

describe('activation (real extension host)', () => {
  const workspace = process.env.HANDOFF_TEST_WORKSPACE;

  it('runs in code-server with the demo repository as the workspace', () => {
    assert.ok(workspace, 'HANDOFF_TEST_WORKSPACE is set by scripts/host-tests.mjs');
    assert.equal(vscode.env.appName, 'code-server');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(fs.realpathSync(folders[0].uri.fsPath), fs.realpathSync(workspace));
    assert.ok(fs.existsSync(path.join(workspace, 'db', 'migrate')), 'the workspace is the generated demo repository');
  });

  it('activates on a git workspace without being asked', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded as the extension under development`);
    // activationEvents include workspaceContains:.git, so the host activates it by itself
    const deadline = Date.now() + 15_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true, 'extension became active within 15 s');
  });

  it('registers every command of the manifest and of the contract', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const expected = [...new Set([...CONTRACT_COMMANDS, ...declared])];
    const missing = expected.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('contributes the Handoff views to their own activity-bar container', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const containers = ext.packageJSON.contributes?.viewsContainers?.activitybar ?? [];
    assert.ok(containers.some((c: { id: string }) => c.id === 'handoff'), 'activity-bar container "handoff"');
    const views: string[] = (ext.packageJSON.contributes?.views?.handoff ?? []).map((v: { id: string }) => v.id);
    assert.deepEqual(['handoff.impact', 'handoff.checklist'].filter((v) => !views.includes(v)), []);
  });

  it('opens its views through the commands VS Code derives from them', async () => {
    // `<viewId>.focus` exists only for contributed views; running it reveals the container
    await vscode.commands.executeCommand('handoff.impact.focus');
    await vscode.commands.executeCommand('handoff.checklist.focus');
  });

  it('measures its activation time (npm run bench reads it)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = (await ext.activate()) as { activationMs?: number };
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs! > 0, `activationMs = ${api.activationMs}`);
    const out = process.env.HANDOFF_BENCH_ACTIVATION_FILE;
    if (out) fs.writeFileSync(out, JSON.stringify({ activationMs: Math.round(api.activationMs! * 10) / 10, vscode: vscode.version, appName: vscode.env.appName }));
  });
});
