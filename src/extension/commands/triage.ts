import * as vscode from 'vscode';
import type { Impact } from '../../core';
import type { RepositoryModel } from '../model/repositoryModel';
import { IMPACT_SORTS, type ImpactSort } from '../views/impactTree';
import type { CommandContext } from './context';
import { openDiff } from './navigation';
import { Cancelled } from './pickers';

function sortLabel(s: ImpactSort): string {
  switch (s) {
    case 'category':
      return vscode.l10n.t('By category');
    case 'needsNote':
      return vscode.l10n.t('Needs a note first');
    case 'severity':
      return vscode.l10n.t('By severity');
    case 'path':
      return vscode.l10n.t('By path');
  }
}

/** "Handoff: Sort Impacts…": by category (grouped), needs-a-note first, severity or path. */
export async function sortImpacts(ctx: CommandContext, sort?: ImpactSort): Promise<void> {
  if (!sort) {
    const current = ctx.impact.provider.sort;
    const pick = await vscode.window.showQuickPick(
      IMPACT_SORTS.map((s) => ({ label: sortLabel(s), description: s === current ? vscode.l10n.t('current') : undefined, sort: s })),
      { title: vscode.l10n.t('Sort Impacts'), placeHolder: vscode.l10n.t('How the Impact view orders changes') },
    );
    if (!pick) throw new Cancelled();
    sort = pick.sort;
  }
  if (!IMPACT_SORTS.includes(sort)) throw new Error(vscode.l10n.t('Unknown sort order: {0}', String(sort)));
  ctx.impact.provider.setSort(sort);
}

/** The impact last stepped to by next/previous (the walk continues from it). */
let last: { root: string; id: string } | undefined;

/**
 * "Handoff: Next Impact" / "Previous Impact": walks the impacts in the Impact view's order
 * (filter applied, folded groups included), reveals the row and opens its diff at the
 * first finding's line.
 */
export async function stepImpact(ctx: CommandContext, delta: 1 | -1): Promise<{ repo: string; path: string } | undefined> {
  const list = ctx.impact.provider.visibleImpacts();
  if (!list.length) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('Handoff: no impact to go to.'), 3000);
    return undefined;
  }
  let index = last ? list.findIndex((x) => x.repo.root === last!.root && x.impact.id === last!.id) : -1;
  index = index < 0 ? (delta > 0 ? 0 : list.length - 1) : (index + delta + list.length) % list.length;
  const { repo, impact } = list[index];
  last = { root: repo.root, id: impact.id };
  await reveal(ctx, repo, impact);
  const line = impact.findings.find((f) => f.line !== undefined)?.line;
  await openDiff(ctx, { repo: repo.root, path: impact.path, line });
  return { repo: repo.root, path: impact.path };
}

async function reveal(ctx: CommandContext, repo: RepositoryModel, impact: Impact): Promise<void> {
  const node = ctx.impact.provider.nodeFor(repo, impact);
  if (!node || !ctx.impact.view.visible) return;
  // The view loads rows asynchronously: a reveal right after a change may not find them yet.
  await Promise.resolve(ctx.impact.view.reveal(node, { select: true, focus: false, expand: false })).catch(() => undefined);
}

/** The Impact view's "uncovered only" filter. */
export function setUncoveredOnly(ctx: CommandContext, on: boolean): void {
  ctx.impact.provider.setUncoveredOnly(on);
}
