// The developer while coding: diagnostics on the impacted lines after a save, cleared by a
// note; the quick fixes write notes; prompting can be turned off. Real repository (the demo
// repo on feature/billing), real extension host, assertions on files and diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { abs, closeAllEditors, DEMO_MIGRATION, DEMO_NOTE, handoff, handoffDiagnostics, uriOf, waitFor, workspaceDir, writeAndSave } from './hostUtil';

describe('editor: prompting while coding', function () {
  // A real editor on a shared 2-core machine: saves and git runs take seconds under load.
  this.timeout(90_000);
  after(closeAllEditors);

  it('puts a diagnostic on the line that reads a new env var after a save, and clears it once a note covers it', async () => {
    const api = await handoff();
    const ws = workspaceDir();
    const countsBefore = api.analysisCounts(ws)!;
    const rel = 'src/mailer.js';
    const doc = await writeAndSave(rel, "const nodemailer = require('nodemailer');\n\nmodule.exports = nodemailer.createTransport({ host: process.env.SMTP_RELAY_HOST });\n");
    const diags = await waitFor(() => {
      const d = handoffDiagnostics(doc.uri).filter((x) => x.message.includes('SMTP_RELAY_HOST'));
      return d.length ? d : undefined;
    }, 'a handoff diagnostic naming SMTP_RELAY_HOST');
    assert.equal(diags[0].range.start.line, 2, 'on the line that reads the variable');
    assert.equal(diags[0].code, 'env-var-added');
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(api.report(workspaceDir())!.impacts.some((i) => i.path === rel && i.coveredBy.length === 0));
    // The save was read incrementally: only that file, no full re-read of the range.
    const countsAfter = api.analysisCounts(ws)!;
    assert.equal(countsAfter.fullLoads, countsBefore.fullLoads, 'no full analysis after a save');
    assert.ok(countsAfter.updates > countsBefore.updates, 'an incremental update ran');

    // A note written outside the editor (as `handoff note new` or a teammate's pull would).
    fs.writeFileSync(abs('.handoff/notes/2026-11-25-smtp-relay.md'), '---\ntitle: SMTP relay\ncovers:\n  - env:SMTP_RELAY_HOST\n---\n## Deploy\n- [ ] Set `SMTP_RELAY_HOST` @ops\n');
    await waitFor(() => handoffDiagnostics(doc.uri).length === 0, 'the diagnostics of src/mailer.js to clear');
    await api.whenIdle();
    const impact = api.report(workspaceDir())!.impacts.find((i) => i.path === rel);
    assert.deepEqual(impact?.coveredBy, ['.handoff/notes/2026-11-25-smtp-relay.md']);
  });

  it('"Add to note" adds the file to the note\'s covers and its action, and changes nothing else', async () => {
    const api = await handoff();
    const rel = 'src/queue.js';
    const doc = await writeAndSave(rel, 'module.exports = { url: process.env.QUEUE_URL };\n');
    const [diag] = await waitFor(() => {
      const d = handoffDiagnostics(doc.uri);
      return d.length ? d : undefined;
    }, 'a diagnostic on src/queue.js');
    const before = fs.readFileSync(abs(DEMO_NOTE), 'utf8');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const add = actions.find((a) => a.title.startsWith('Add to note') && a.title.includes('Billing API key'));
    assert.ok(add?.command, `an "Add to note" action for the demo note (got: ${actions.map((a) => a.title).join(' | ')})`);
    await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? []));
    const after = await waitFor(() => {
      const t = fs.readFileSync(abs(DEMO_NOTE), 'utf8');
      return t !== before ? t : undefined;
    }, 'the note to be saved with the new entry');
    assert.ok(after.includes('  - .env.example\n  - src/queue.js\n'), 'the file added to covers');
    assert.equal(after.split('src/queue.js\n').length - 1, 1, 'exactly one covers line added');
    // the action that goes with covering a new required env var (issue 13), once
    assert.equal(after.split('Set `QUEUE_URL` in every environment').length - 1, 1, 'the "set QUEUE_URL" item, once');
    // every line that was there is still there, in the same order
    const kept = after.split('\n');
    let at = 0;
    for (const line of before.split('\n')) {
      at = kept.indexOf(line, at);
      assert.ok(at >= 0, `line kept: ${line}`);
      at++;
    }
    await waitFor(() => handoffDiagnostics(doc.uri).length === 0, 'the diagnostic of src/queue.js to clear');
    await api.whenIdle();
    assert.ok(api.report(workspaceDir())!.impacts.find((i) => i.path === rel)?.coveredBy.includes(DEMO_NOTE));
  });

  it('"Create deployment note" on a migration writes a drafted note and opens it on the first item', async () => {
    const api = await handoff();
    const uri = uriOf(DEMO_MIGRATION);
    await vscode.window.showTextDocument(uri);
    const [diag] = await waitFor(() => {
      const d = handoffDiagnostics(uri);
      return d.length ? d : undefined;
    }, 'a diagnostic on the migration');
    assert.equal(diag.source, 'handoff');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.some((l) => l.range.start.line === 0 && l.command?.command === 'handoff.createNote'), 'a "needs a deployment note" CodeLens at the top');
    const notesBefore = new Set(fs.readdirSync(abs('.handoff/notes')));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const create = actions.find((a) => a.title === 'Create deployment note');
    assert.ok(create?.command, 'a "Create deployment note" quick fix');
    assert.equal(create.isPreferred, true);
    await vscode.commands.executeCommand(create.command.command, ...(create.command.arguments ?? []));

    const added = fs.readdirSync(abs('.handoff/notes')).filter((f) => !notesBefore.has(f));
    assert.equal(added.length, 1, `one new note (got ${added.join(', ')})`);
    const text = fs.readFileSync(abs(`.handoff/notes/${added[0]}`), 'utf8');
    assert.match(text, /^---\ntitle: /);
    assert.ok(text.includes(`  - ${DEMO_MIGRATION}\n`), 'the migration is in covers');
    assert.match(text, /^- \[ \] /m, 'a drafted checklist');

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.fsPath.endsWith(added[0]), 'the new note is the active editor');
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(line, /^- \[ \] /, 'the cursor is on the first checklist item');
    assert.equal(editor.selection.active.character, 6, 'just after "- [ ] "');

    await waitFor(() => handoffDiagnostics(uri).length === 0, 'the migration diagnostic to clear');
    await api.whenIdle();
    assert.equal(api.report(workspaceDir())!.impacts.find((i) => i.path === DEMO_MIGRATION)?.coveredBy[0], `.handoff/notes/${added[0]}`);
  });

  it('prompting "off" removes every diagnostic; "normal" brings them back', async () => {
    const api = await handoff();
    const doc = await writeAndSave('src/cache.js', 'module.exports = process.env.CACHE_TTL_SECONDS;\n');
    await waitFor(() => handoffDiagnostics(doc.uri).length > 0, 'a diagnostic on src/cache.js');
    const cfg = vscode.workspace.getConfiguration('handoff');
    try {
      await cfg.update('prompting', 'off', vscode.ConfigurationTarget.Global);
      await waitFor(() => handoffDiagnostics(doc.uri).length === 0, 'no diagnostics with prompting off');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      assert.equal(lenses.filter((l) => l.command?.command.startsWith('handoff.')).length, 0, 'no Handoff CodeLens with prompting off');
    } finally {
      await cfg.update('prompting', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => handoffDiagnostics(doc.uri).length > 0, 'the diagnostic back with prompting normal');
    assert.ok(api.report(workspaceDir())!.summary.uncovered >= 1);
  });
});
