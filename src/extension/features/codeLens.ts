import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import type { Config } from '../config';
import type { HandoffModel } from '../model/handoffModel';
import type { AddToNoteArgs, CreateNoteArgs } from './codeActions';

/**
 * A CodeLens at the top of migrations and impacted config files (working mode, prompting
 * `normal`): "Covered by <note>" opening it, or "Needs a deployment note" drafting one.
 */
export function registerCodeLens(model: HandoffModel, config: Config): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      if (config.prompting !== 'normal') return [];
      const repo = model.forUri(document.uri);
      const rel = repo?.relativePath(document.uri);
      if (!repo || !rel || repo.reviewing || !repo.report) return [];
      const impacts = repo.report.impacts.filter((i) => i.path === rel && (i.category === 'migration' || i.category === 'config' || i.requiresNote));
      if (!impacts.length) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      const lenses: vscode.CodeLens[] = [];
      const coveredBy = [...new Set(impacts.flatMap((i) => i.coveredBy))];
      const uncovered = impacts.filter((i) => i.requiresNote && !i.coveredBy.length);
      for (const notePath of coveredBy) {
        const title = repo.notes.find((n) => n.path === notePath)?.title || notePath.split('/').pop()!;
        lenses.push(new vscode.CodeLens(top, { title: `$(pass) ${vscode.l10n.t('Covered by "{0}"', title)}`, command: CommandId.OpenNote, arguments: [{ repo: repo.root, note: notePath }] }));
      }
      if (uncovered.length && !vscode.workspace.isTrusted) {
        // Restricted Mode is read-only: say what is needed, offer nothing that writes.
        lenses.push(new vscode.CodeLens(top, { title: `$(warning) ${vscode.l10n.t('Needs a deployment note')}`, command: CommandId.ShowImpact, arguments: [] }));
      } else if (uncovered.length) {
        const createArgs: CreateNoteArgs = { repo: repo.root, covers: [rel] };
        lenses.push(new vscode.CodeLens(top, { title: `$(warning) ${vscode.l10n.t('Needs a deployment note: create one')}`, command: CommandId.CreateNote, arguments: [createArgs] }));
        if (repo.notes.length) {
          const addArgs: AddToNoteArgs = { repo: repo.root, covers: [rel] };
          lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('Add to a note…'), command: CommandId.AddToNote, arguments: [addArgs] }));
        }
      } else if (!coveredBy.length) {
        lenses.push(new vscode.CodeLens(top, { title: `$(info) ${vscode.l10n.t('Deployment impact: no note required')}`, command: CommandId.ShowImpact, arguments: [] }));
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, provider),
    model.onDidChange(() => changed.fire()),
    config.onDidChange((c) => (c.keys.includes('prompting') ? changed.fire() : undefined)),
  );
}
