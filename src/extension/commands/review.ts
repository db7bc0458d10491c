import * as vscode from 'vscode';
import { IMPACT_VIEW_ID } from '../views/impactTree';
import type { RepositoryModel } from '../model/repositoryModel';
import type { CommandContext } from './context';
import { pickRef, pickRepository, refItems } from './pickers';

export interface ReviewArgs {
  repo?: string;
  base?: string;
  head?: string;
}

/**
 * "Handoff: Review Branch…": pick a base and a head (branches, remote branches, tags,
 * recent commits, or any typed ref), then the views show `base...head`. Nothing is
 * checked out: the engine reads both commits from git.
 */
export async function reviewBranch(ctx: CommandContext, args: ReviewArgs = {}): Promise<void> {
  const repo = await pickRepository(ctx.model, args.repo);
  let base = args.base;
  let head = args.head;
  if (!base || !head) {
    const refs = await repo.git.refs();
    const currentBase = repo.report?.range.base ?? ctx.config.baseBranch ?? (await repo.git.detectBase().catch(() => undefined));
    if (!base) {
      base = await pickRef(refItems(refs, currentBase ? [{ ref: currentBase, description: vscode.l10n.t('current base') }] : []), {
        title: vscode.l10n.t('Review Branch: base'),
        placeholder: vscode.l10n.t('The branch, tag or commit the changes will be deployed onto'),
        step: 1,
        totalSteps: 2,
      });
    }
    if (!head) {
      const first = refs.current && refs.current !== base ? [{ ref: refs.current, description: vscode.l10n.t('checked out') }] : [];
      head = await pickRef(refItems({ ...refs, branches: refs.branches.filter((b) => b !== base) }, first), {
        title: vscode.l10n.t('Review Branch: head'),
        placeholder: vscode.l10n.t('The branch, tag or commit to review (it is not checked out)'),
        step: 2,
        totalSteps: 2,
      });
    }
  }
  await startReview(repo, base!, head!);
}

/**
 * Shows `base...head` (optionally titled "PR #7") in the views; when the range does not
 * resolve, the error was reported and the repository goes back to the working tree.
 */
export async function startReview(repo: RepositoryModel, base: string, head: string, title?: string): Promise<void> {
  const label = title ?? `${base}…${head}`;
  await vscode.window.withProgress({ location: { viewId: IMPACT_VIEW_ID }, title: vscode.l10n.t('Reviewing {0}…', label) }, () => repo.review(base, head, title));
  if (repo.state === 'error') {
    // The range did not resolve (unknown ref…): the error was shown; go back to the working tree.
    await repo.backToWorkingTree();
    return;
  }
  void vscode.commands.executeCommand(`${IMPACT_VIEW_ID}.focus`);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Handoff: reviewing {0}', label), 4000);
}

export async function backToWorkingTree(ctx: CommandContext, args: { repo?: string } = {}): Promise<void> {
  const targets = args.repo ? [await pickRepository(ctx.model, args.repo)] : ctx.model.repositories.filter((r) => r.reviewing);
  await Promise.all(targets.map((r) => r.backToWorkingTree()));
}
