// One analysis per repository (issue 17): the extension and the note language server share
// the extension's analysis. Opening a note makes the server ask for the repository's report
// (no second analysis), and a save is read once: one incremental update in the extension,
// whose report the server receives as a delta of the one it holds. Counted in the real extension
// host, in both processes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestRepo } from '../helpers/repo';
import { assert, closeAllEditors, handoff, waitFor } from './hostUtil';

const NOTE = '.handoff/notes/2026-12-05-billing.md';

/** A repository with work in progress on a feature branch: a new env read not yet in the code, a note that covers it. */
function repositoryUnderWork(): TestRepo {
  const repo = new TestRepo('shared-analysis');
  repo.commit('base', {
    'src/app.js': 'const port = process.env.PORT;\n',
    '.env.example': 'PORT=3000\n',
    '.handoff/config.yaml': 'roles: [ops, dev]\n',
  });
  repo.checkout('feature/billing', true);
  repo.write({
    'db/migrate/20261205090000_add_plan.rb': 'class AddPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
    [NOTE]: '---\ntitle: Billing\ncovers:\n  - db/migrate/*.rb\n  - env:BILLING_API_KEY\n---\n## Deploy\n- [ ] Set BILLING_API_KEY @ops\n',
  });
  return repo;
}

describe('editor: one analysis per repository (extension and language server)', function () {
  // A real editor on a shared 2-core machine: saves and git runs take seconds under load.
  this.timeout(120_000);
  let repo: TestRepo;
  let root: string;
  let autoSave: unknown;

  before(async () => {
    repo = repositoryUnderWork();
    root = fs.realpathSync(repo.dir);
    // One save, one write: code-server's auto-save would write the edited file a second time
    // (a second, legitimate, update) at a moment of its own.
    const files = vscode.workspace.getConfiguration('files');
    autoSave = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await closeAllEditors();
    (await handoff()).unfollow(root);
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    repo.dispose();
  });

  it('opening a note and saving a file run exactly one analysis and one update, and none in the language server', async () => {
    const api = await handoff();
    assert(await api.follow(root), 'the repository is followed');
    await api.whenIdle();
    assert(api.report(root)?.impacts.some((i) => i.path.startsWith('db/migrate/')), 'the first analysis found the migration');
    const afterOpen0 = api.analysisCounts(root)!;
    assert(afterOpen0.fullLoads === 1 && afterOpen0.updates === 0, `one full analysis to follow the repository: ${JSON.stringify(afterOpen0)}`);

    // Opening the note starts (or reuses) the language server: it asks for this repository's report.
    const noteUri = vscode.Uri.file(path.join(root, NOTE));
    const note = await vscode.workspace.openTextDocument(noteUri);
    await vscode.window.showTextDocument(note);
    assert(note.languageId === 'handoff-note', `note language: ${note.languageId}`);
    // Before the save nothing reads BILLING_API_KEY: the server says the env entry covers nothing.
    await waitFor(() => vscode.languages.getDiagnostics(noteUri).some((d) => d.source === 'handoff' && d.message.includes('BILLING_API_KEY')), 'the server diagnostic on env:BILLING_API_KEY (from the pushed report)', 60_000);
    const opened = await waitFor(() => api.serverStatus(noteUri), 'the language server answers');
    assert(opened.source === 'client', `the server takes the extension's reports: ${JSON.stringify(opened)}`);
    assert(opened.received >= 1 && opened.impacts === api.report(root)!.impacts.length, `the server holds the extension's report: ${JSON.stringify(opened)}`);
    await api.whenIdle();
    const afterOpen = api.analysisCounts(root)!;
    assert(afterOpen.fullLoads === 1 && afterOpen.updates === 0, `opening the note ran no analysis: ${JSON.stringify(afterOpen)}`);

    // A save of a source file: read once, one incremental update, pushed to the server.
    const pushedBefore = api.reportsPushed();
    const kindsBefore = api.reportPushes();
    const src = vscode.Uri.file(path.join(root, 'src/app.js'));
    const doc = await vscode.workspace.openTextDocument(src);
    const editor = await vscode.window.showTextDocument(doc);
    const text = 'const port = process.env.PORT;\nconst key = process.env.BILLING_API_KEY;\n';
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    await doc.save();
    await waitFor(() => !doc.isDirty && fs.readFileSync(src.fsPath, 'utf8') === text, 'src/app.js saved');
    await waitFor(() => api.report(root)?.envVars.added.includes('BILLING_API_KEY'), 'the extension read the save');
    // The server's diagnostic goes once it has the new report: the note covers a real change now.
    await waitFor(() => !vscode.languages.getDiagnostics(noteUri).some((d) => d.source === 'handoff' && d.message.includes('BILLING_API_KEY')), 'the note diagnostic to clear with the pushed update', 60_000);
    // Let any late watcher event arrive and be handled before counting.
    await new Promise((r) => setTimeout(r, 1500));
    await api.whenIdle();
    const afterSave = api.analysisCounts(root)!;
    assert(afterSave.fullLoads === 1 && afterSave.updates === 1, `the save ran exactly one update and no full analysis: ${JSON.stringify(afterSave)}`);
    const server = (await api.serverStatus(noteUri))!;
    assert(server.analyses.fullLoads === 0 && server.analyses.updates === 0, `the language server ran no analysis of its own: ${JSON.stringify(server)}`);
    assert(server.received > opened.received && api.reportsPushed() > pushedBefore, `the update reached the server: ${JSON.stringify(server)}`);
    // The save's report crossed as a delta of the one the server held, never whole again (issue 17: the whole
    // report was most of a save's time on a large range); the server rebuilt the same report from it.
    const kinds = api.reportPushes();
    assert(kinds.full === kindsBefore.full && kinds.delta > kindsBefore.delta, `the save sent a delta, not the whole report: ${JSON.stringify({ before: kindsBefore, after: kinds })}`);
    assert((server.deltas?.applied ?? 0) >= 1 && server.deltas?.refused === 0, `the server applied the delta: ${JSON.stringify(server.deltas)}`);
    assert(server.impacts === api.report(root)!.impacts.length && server.uncovered === api.report(root)!.summary.uncovered, `the server holds the extension's report: ${JSON.stringify(server)}`);
  });
});
