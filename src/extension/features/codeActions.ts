import * as vscode from 'vscode';
import type { Impact } from '../../core';
import { CommandId } from '../commands/commandIds';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Arguments of `handoff.createNote` (all optional: the palette passes none). */
export interface CreateNoteArgs {
  repo?: string;
  covers?: string[];
  title?: string;
}

/** Arguments of `handoff.addToNote`; without `note` the command asks which one. */
export interface AddToNoteArgs {
  repo?: string;
  note?: string;
  covers?: string[];
}

/** The uncovered impacts that require a note, of one file of a repository in working mode. */
export function uncoveredImpactsOf(repo: RepositoryModel | undefined, uri: vscode.Uri): Impact[] {
  const rel = repo?.relativePath(uri);
  if (!repo || !rel || repo.reviewing || !repo.report) return [];
  return repo.report.impacts.filter((i) => i.path === rel && i.requiresNote && i.coveredBy.length === 0);
}

/**
 * Quick fixes on Handoff diagnostics: "Create deployment note" (drafted by the engine,
 * covering this file) and "Add to note …" for each note of the range.
 */
export function registerCodeActions(model: HandoffModel): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      // Restricted Mode is read-only: no fix that writes a note.
      if (!diagnostics.length || !vscode.workspace.isTrusted) return [];
      const repo = model.forUri(document.uri);
      const impacts = uncoveredImpactsOf(repo, document.uri);
      if (!repo || !impacts.length) return [];
      const covers = [...new Set(impacts.map((i) => i.path))];

      const create = new vscode.CodeAction(vscode.l10n.t('Create deployment note'), vscode.CodeActionKind.QuickFix);
      create.diagnostics = diagnostics;
      create.isPreferred = true;
      const createArgs: CreateNoteArgs = { repo: repo.root, covers };
      create.command = { command: CommandId.CreateNote, title: create.title, arguments: [createArgs] };
      const actions = [create];

      for (const note of repo.notes) {
        const title = note.title || note.path.split('/').pop()!;
        const add = new vscode.CodeAction(vscode.l10n.t('Add to note "{0}"', title), vscode.CodeActionKind.QuickFix);
        add.diagnostics = diagnostics;
        const args: AddToNoteArgs = { repo: repo.root, note: note.path, covers };
        add.command = { command: CommandId.AddToNote, title: add.title, arguments: [args] };
        actions.push(add);
      }
      return actions;
    },
  };
  return vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}
