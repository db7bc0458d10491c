// Issue 16 in the real editor: the hostile repository of test/unit/hostile/exec.test.ts (hooks,
// core.hooksPath, include.path/includeIf, filter drivers, fsmonitor, external diff, textconv,
// pager, gpg, a partial clone's ssh fetch: each leaves a marker file when it runs) followed by
// Handoff, a note opened (the language server), a file saved, the check re-run. No marker appears.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestRepo } from '../helpers/repo';
import { hostileRepo, type Markers } from '../unit/hostile/hostile';
import { assert, closeAllEditors, handoff, waitFor } from './hostUtil';

const NOTE = '.handoff/notes/2026-11-24-legacy.md';

describe('hostile repository in the editor: nothing from it runs', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let markers: Markers;
  let root: string;
  let detection: unknown;

  before(async () => {
    // VS Code's own Git extension would open the repository of an opened file and run plain
    // git in it (setting the vectors off): Handoff's guarded git is what this suite tests.
    const git = vscode.workspace.getConfiguration('git');
    detection = git.inspect('autoRepositoryDetection')?.globalValue;
    await git.update('autoRepositoryDetection', false, vscode.ConfigurationTarget.Global);
    ({ repo, markers } = hostileRepo());
    root = fs.realpathSync(repo.dir);
  });
  after(async () => {
    await closeAllEditors();
    (await handoff()).unfollow(root);
    await vscode.workspace.getConfiguration('git').update('autoRepositoryDetection', detection, vscode.ConfigurationTarget.Global);
    repo.dispose();
    fs.rmSync(markers.dir, { recursive: true, force: true });
  });

  it('following it, opening a note, saving a file and running the check leave no marker', async () => {
    const api = await handoff();
    markers.clear();
    assert(await api.follow(root), 'the hostile repository is followed');
    await api.whenIdle();
    const report = api.report(root);
    assert(report, `the analysis ran: ${String(api.analysisCounts(root) && JSON.stringify(api.analysisCounts(root)))}`);
    assert(report.impacts.some((i) => i.path === 'db/migrate/20261124093000_drop_legacy.rb'), `the migration is found: ${report.impacts.map((i) => i.path).join(', ')}`);
    assert(report.envVars.added.includes('NEW_SECRET'), 'the modified work-tree file was read by Handoff (not through the filter)');

    // The note: the language server starts (or is running) and asks for this repository.
    const noteUri = vscode.Uri.file(path.join(root, NOTE));
    const note = await vscode.workspace.openTextDocument(noteUri);
    await vscode.window.showTextDocument(note);
    const status = await waitFor(async () => {
      const s = await api.serverStatus(noteUri);
      return s && s.received > 0 && !s.running ? s : undefined;
    }, 'the language server holds the hostile repository\'s report', 60_000);
    assert(!status.error && status.impacts === report.impacts.length, `server status: ${JSON.stringify(status)}`);
    // A completion request makes the server grep the work tree for env names and list files.
    await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', noteUri, new vscode.Position(3, 4));

    // A save of a tracked file whose attributes name a filter driver.
    const src = vscode.Uri.file(path.join(root, 'src/app.js'));
    const doc = await vscode.workspace.openTextDocument(src);
    const editor = await vscode.window.showTextDocument(doc);
    const text = 'module.exports = process.env.NEW_SECRET + process.env.OTHER_SECRET;\n';
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    await doc.save();
    await waitFor(() => !doc.isDirty && fs.readFileSync(src.fsPath, 'utf8') === text, 'src/app.js saved');
    await waitFor(() => api.report(root)?.envVars.added.includes('OTHER_SECRET'), 'the save was analysed');

    // The check again, whole: Handoff: Refresh.
    const loads = api.analysisCounts(root)!.fullLoads;
    await vscode.commands.executeCommand('handoff.refresh');
    await api.whenIdle();
    assert(api.analysisCounts(root)!.fullLoads > loads, 'the refresh re-ran the analysis');
    await new Promise((r) => setTimeout(r, 500));
    const got = markers.list();
    assert(got.length === 0, `the editor ran something from the repository: ${got.join(', ')}`);
  });
});
