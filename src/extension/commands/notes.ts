import * as vscode from 'vscode';
import { CONFIG_PATH, initRepository, NOTES_DIR } from '../../core';
import type { AddToNoteArgs, CreateNoteArgs } from '../features/codeActions';
import { gitUri } from '../features/gitContent';
import { addToNote as addCoversToNote, createNote as draftAndWrite } from '../features/noteActions';
import { impactTarget, type ImpactNode } from '../views/impactTree';
import type { RepositoryModel } from '../model/repositoryModel';
import type { CommandContext } from './context';
import { Cancelled, pickRepository } from './pickers';
import { UserError } from '../errors';

/** Handoff never changes files in Restricted Mode: analysis there is read-only. */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new UserError(vscode.l10n.t('Handoff does not change files in Restricted Mode. Trust this workspace to write deployment notes.'));
  }
}

/** Accepts the command's own arguments or an Impact view node (inline actions pass the node). */
function fromNode<T extends { repo?: string; covers?: string[] }>(arg: T | ImpactNode | undefined): T | { repo?: string; covers?: string[] } {
  if (arg && 'kind' in arg) {
    const t = impactTarget(arg as ImpactNode);
    return t ? { repo: t.repo, covers: [t.path] } : {};
  }
  return arg ?? {};
}

/**
 * A review shows another commit and never changes files: writing a note needs the working
 * tree. Menus hide note-writing actions while reviewing; reached anyway (a keybinding, a
 * link), it offers to go back instead of failing. True when the repository is back.
 */
async function offerBackToWorkingTree(repo: RepositoryModel): Promise<boolean> {
  const back = vscode.l10n.t('Back to Working Tree');
  const pick = await vscode.window.showInformationMessage(vscode.l10n.t('You are reviewing {0}: notes are written in the working tree. Go back to it?', repo.rangeLabel('')), back);
  if (pick !== back) return false;
  await repo.backToWorkingTree();
  return true;
}

export async function createNote(ctx: CommandContext, arg?: CreateNoteArgs | ImpactNode): Promise<string | undefined> {
  requireTrust();
  const args = fromNode<CreateNoteArgs>(arg) as CreateNoteArgs;
  const repo = await pickRepository(ctx.model, args.repo);
  if (repo.reviewing && !(await offerBackToWorkingTree(repo))) return undefined;
  await repo.idle();
  if (!args.covers?.length && repo.report && repo.report.summary.uncovered === 0) {
    const create = vscode.l10n.t('Create Empty Note');
    const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Every change of this range that needs a note has one.'), create);
    if (pick !== create) return undefined;
  }
  const created = await draftAndWrite(repo, { covers: args.covers, title: args.title });
  ctx.log.channel.info(`[notes] created ${created.path}`);
  return created.uri.fsPath;
}

export async function addToNote(ctx: CommandContext, arg?: AddToNoteArgs | ImpactNode): Promise<void> {
  requireTrust();
  const args = fromNode<AddToNoteArgs>(arg) as AddToNoteArgs;
  const repo = await pickRepository(ctx.model, args.repo);
  if (repo.reviewing && !(await offerBackToWorkingTree(repo))) return;
  let note = args.note;
  if (!note) {
    const notes = repo.notes;
    if (!notes.length) throw new UserError(vscode.l10n.t('No deployment note of this range to add to: create one first.'));
    const pick = await vscode.window.showQuickPick(
      notes.map((n) => ({ label: n.title || n.path, description: n.path, path: n.path })),
      { title: vscode.l10n.t('Add to a deployment note'), placeHolder: vscode.l10n.t('Which note covers this change?') },
    );
    if (!pick) throw new Cancelled();
    note = pick.path;
  }
  let covers = args.covers;
  if (!covers?.length) {
    const rel = vscode.window.activeTextEditor && repo.relativePath(vscode.window.activeTextEditor.document.uri);
    if (!rel) throw new UserError(vscode.l10n.t('Open the changed file to add it to a note.'));
    covers = [rel];
  }
  await addCoversToNote(repo, note, covers);
  ctx.log.channel.info(`[notes] added ${covers.join(', ')} to ${note}`);
}

export interface OpenNoteArgs {
  repo?: string;
  note?: string;
  line?: number;
}

/** Opens a note (at a checklist line); from the Impact view, the note(s) covering the impact. */
export async function openNote(ctx: CommandContext, arg: OpenNoteArgs | ImpactNode = {}): Promise<void> {
  const args: OpenNoteArgs = 'kind' in arg ? (arg.kind === 'impact' ? { repo: arg.repo.root } : {}) : arg;
  const candidates = 'kind' in arg && arg.kind === 'impact' ? arg.impact.coveredBy : undefined;
  const repo = await pickRepository(ctx.model, args.repo);
  let note = args.note ?? (candidates?.length === 1 ? candidates[0] : undefined);
  if (!note) {
    const notes = candidates ? repo.notes.filter((n) => candidates.includes(n.path)) : repo.notes;
    const pick = await vscode.window.showQuickPick(notes.map((n) => ({ label: n.title || n.path, description: n.path, path: n.path })), { title: vscode.l10n.t('Open a deployment note') });
    if (!pick) throw new Cancelled();
    note = pick.path;
  }
  const selection = args.line ? new vscode.Range(args.line - 1, 0, args.line - 1, 0) : undefined;
  const uri = repo.uriOf(note);
  const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
  if (!exists && repo.reviewing && repo.report) {
    // The note is only in the reviewed commit: show that version, read-only.
    await vscode.window.showTextDocument(gitUri(repo.root, repo.report.range.headSha, note), { selection, preview: true });
    return;
  }
  await vscode.window.showTextDocument(uri, { selection, preview: false });
}

export async function init(ctx: CommandContext, args: { repo?: string } = {}): Promise<void> {
  requireTrust();
  const repo = await pickRepository(ctx.model, args.repo);
  const result = await initRepository(repo.git);
  ctx.log.channel.info(`[init] ${repo.root}: created ${result.created.join(', ') || 'nothing'}; kept ${result.existing.join(', ') || 'nothing'}`);
  void repo.reload('initialised');
  if (result.created.length) {
    await vscode.window.showTextDocument(repo.uriOf(result.created.includes(CONFIG_PATH) ? CONFIG_PATH : `${NOTES_DIR}/README.md`), { preview: false });
    void vscode.window.showInformationMessage(vscode.l10n.t('Handoff is set up in {0}: {1}.', repo.name, result.created.join(', ')));
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Handoff was already set up in {0}; nothing was changed.', repo.name));
  }
}
