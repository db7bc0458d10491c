import * as vscode from 'vscode';
import { parseNote, signOffEdits } from '../../core';
import { applyNoteEdits, reviewedNoteIsCheckedOut } from '../features/noteActions';
import type { CommandContext } from './context';
import { requireTrust } from './notes';
import { Cancelled, pickRepository } from './pickers';

/** "Handoff: Sign Off For Environment…": which environment the Checklist's checkboxes tick. */
export async function chooseEnvironment(ctx: CommandContext, environment?: string): Promise<string> {
  const envs = ctx.signoffs.allEnvironments();
  if (!environment) {
    const current = ctx.model.repositories[0] ? ctx.signoffs.current(ctx.model.repositories[0]) : envs[0];
    const pick = await vscode.window.showQuickPick(
      envs.map((e) => ({ label: `$(server-environment) ${e}`, description: e === current ? vscode.l10n.t('current') : undefined, env: e })),
      { title: vscode.l10n.t('Sign off for which environment?'), placeHolder: vscode.l10n.t('Environments from .handoff/config.yaml, in rollout order') },
    );
    if (!pick) throw new Cancelled();
    environment = pick.env;
  }
  if (!envs.includes(environment)) throw new Error(vscode.l10n.t('{0} is not an environment of .handoff/config.yaml ({1}).', environment, envs.join(', ')));
  await ctx.signoffs.setCurrent(environment);
  return environment;
}

export interface ApplySignOffsArgs {
  repo?: string;
  note?: string;
}

/**
 * "Handoff: Write Sign-offs into Note": items signed off in every environment become `[x]`
 * in the checked-out note, through a normal workspace edit the user sees and commits.
 */
export async function applySignOffs(ctx: CommandContext, args: ApplySignOffsArgs = {}): Promise<number> {
  requireTrust();
  const repo = await pickRepository(ctx.model, args.repo);
  let note = args.note;
  if (!note) {
    const pick = await vscode.window.showQuickPick(repo.notes.map((n) => ({ label: n.title || n.path, description: n.path, path: n.path })), { title: vscode.l10n.t('Write Sign-offs into Note') });
    if (!pick) throw new Cancelled();
    note = pick.path;
  }
  if (repo.reviewing && !(await reviewedNoteIsCheckedOut(repo, note))) {
    throw new Error(vscode.l10n.t('{0} is not checked out: its sign-offs stay in this clone until its branch is checked out.', note));
  }
  const doc = await vscode.workspace.openTextDocument(repo.uriOf(note));
  const parsed = parseNote(note, doc.getText()).note;
  if (!parsed) throw new Error(vscode.l10n.t('{0} could not be read as a deployment note.', note));
  const all = await (await ctx.signoffs.store(repo)).forNote(note);
  const edits = signOffEdits(doc.getText(), parsed, all, ctx.signoffs.environments(repo));
  if (!edits.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No item of {0} is signed off in every environment yet.', note));
    return 0;
  }
  if (!(await applyNoteEdits(doc, edits))) throw new Error(vscode.l10n.t('{0} could not be edited.', note));
  if (!repo.reviewing) repo.scheduleUpdate([note]);
  ctx.log.channel.info(`[sign-off] wrote ${edits.length} sign-off(s) into ${note}`);
  return edits.length;
}
