import * as vscode from 'vscode';
import type { RefList } from '../../core';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { UserError } from '../errors';

/** Thrown when the user dismisses a picker: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * The repository a command acts on: the one named in its arguments, else the active
 * editor's, else (with several) the user's pick.
 */
export async function pickRepository(model: HandoffModel, root?: string, opts: { preferActive?: boolean } = {}): Promise<RepositoryModel> {
  if (root) {
    const named = model.get(root) ?? (await model.open(root));
    if (!named) throw new UserError(vscode.l10n.t('{0} is not a git repository Handoff follows.', root));
    return named;
  }
  await waitForRepositories(model);
  const repos = model.repositories;
  if (!repos.length) throw new UserError(vscode.l10n.t('Handoff found no git repository in this workspace.'));
  if (repos.length === 1) return repos[0];
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  const byEditor = editorUri && model.forUri(editorUri);
  if (opts.preferActive !== false && byEditor) return byEditor;
  const pick = await vscode.window.showQuickPick(
    repos.map((r) => ({ label: `$(repo) ${r.name}`, description: r.rangeLabel(vscode.l10n.t('working tree')), detail: r.root, repo: r })),
    { title: vscode.l10n.t('Choose a repository'), placeHolder: vscode.l10n.t('Repository') },
  );
  if (!pick) throw new Cancelled();
  return pick.repo;
}

/** Right after activation the repositories are still being discovered. */
async function waitForRepositories(model: HandoffModel): Promise<void> {
  for (let i = 0; i < 50 && !model.repositories.length && model.busy; i++) await new Promise((r) => setTimeout(r, 100));
}

interface RefItem extends vscode.QuickPickItem {
  ref?: string;
}

/** Quick-pick items for refs: branches, remote branches, tags, recent commits, with separators. */
export function refItems(refs: RefList, first: { ref: string; description: string }[] = []): RefItem[] {
  const items: RefItem[] = [];
  const seen = new Set<string>();
  const add = (ref: string, icon: string, description?: string, detail?: string) => {
    if (seen.has(ref)) return;
    seen.add(ref);
    items.push({ label: `$(${icon}) ${ref}`, description, detail, ref });
  };
  const section = (label: string) => items.push({ label, kind: vscode.QuickPickItemKind.Separator });
  if (first.length) for (const f of first) add(f.ref, 'star-full', f.description);
  if (refs.branches.length) {
    section(vscode.l10n.t('Branches'));
    for (const b of refs.branches) add(b, 'git-branch', b === refs.current ? vscode.l10n.t('checked out') : undefined);
  }
  if (refs.remoteBranches.length) {
    section(vscode.l10n.t('Remote branches'));
    for (const b of refs.remoteBranches) add(b, 'cloud');
  }
  if (refs.tags.length) {
    section(vscode.l10n.t('Tags'));
    for (const t of refs.tags) add(t, 'tag');
  }
  if (refs.commits.length) {
    section(vscode.l10n.t('Recent commits'));
    for (const c of refs.commits) add(c.sha.slice(0, 10), 'git-commit', c.subject);
  }
  // Drop separators that ended up with nothing after them (all their refs were listed first).
  return items.filter((it, i) => it.kind !== vscode.QuickPickItemKind.Separator || (items[i + 1] && items[i + 1].kind !== vscode.QuickPickItemKind.Separator));
}

/** Lets the user pick a ref, or type any ref (a sha, `HEAD~3`) and press Enter. */
export function pickRef(items: RefItem[], opts: { title: string; placeholder: string; step?: number; totalSteps?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const qp = vscode.window.createQuickPick<RefItem>();
    qp.title = opts.title;
    qp.placeholder = opts.placeholder;
    qp.step = opts.step;
    qp.totalSteps = opts.totalSteps;
    qp.items = items;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    let done = false;
    qp.onDidAccept(() => {
      const ref = qp.selectedItems[0]?.ref ?? qp.value.trim();
      if (!ref) return;
      done = true;
      qp.hide();
      resolve(ref);
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!done) reject(new Cancelled());
    });
    qp.show();
  });
}
