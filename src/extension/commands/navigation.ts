import * as path from 'node:path';
import * as vscode from 'vscode';
import { WORKTREE } from '../../core';
import { gitUri } from '../features/gitContent';
import { IMPACT_VIEW_ID, impactTarget, type ImpactNode, type ImpactTarget } from '../views/impactTree';
import type { CommandContext } from './context';
import { Cancelled, pickRepository } from './pickers';
import { UserError } from '../errors';

function toTarget(arg: ImpactTarget | ImpactNode | string | undefined): Partial<ImpactTarget> {
  if (!arg) return {};
  if (typeof arg === 'string') return { path: arg };
  if ('kind' in arg) return impactTarget(arg) ?? {};
  return arg;
}

/**
 * Opens the diff of an impacted file: base ↔ head of the review (both read from git,
 * nothing checked out), or merge-base ↔ the working file in working mode.
 */
export async function openDiff(ctx: CommandContext, arg?: ImpactTarget | ImpactNode | string): Promise<void> {
  const target = toTarget(arg);
  const repo = await pickRepository(ctx.model, target.repo);
  const report = repo.report;
  let rel = target.path;
  if (!rel) {
    // From the palette: pick an impact (the active editor's first, when it is one).
    if (!report) throw repo.error ?? new Error(vscode.l10n.t('The analysis of {0} is not ready yet.', repo.name));
    if (!report.impacts.length) throw new Error(vscode.l10n.t('{0} has no impact to open.', repo.rangeLabel(vscode.l10n.t('working tree'))));
    const uri = vscode.window.activeTextEditor?.document.uri;
    const active = uri && repo.relativePath(uri);
    const impacts = [...report.impacts].sort((a, b) => Number(b.path === active) - Number(a.path === active));
    const pick = await vscode.window.showQuickPick(
      impacts.map((i) => ({ label: i.path, description: i.title, detail: i.findings.map((f) => f.message).join(' · ') || undefined })),
      { title: vscode.l10n.t('Open Diff'), placeHolder: vscode.l10n.t('Which impacted file?'), matchOnDescription: true },
    );
    if (!pick) throw new Cancelled();
    rel = pick.label;
  }
  if (!report) throw repo.error ?? new Error(vscode.l10n.t('The analysis of {0} is not ready yet.', repo.name));
  const impact = report.impacts.find((i) => i.path === rel);
  const status = impact?.status ?? 'modified';
  const oldPath = impact?.oldPath ?? rel;
  const left = gitUri(repo.root, report.range.mergeBase, status === 'added' ? rel : oldPath);
  const reviewing = repo.reviewing;
  const right = reviewing ? gitUri(repo.root, report.range.headSha, rel) : status === 'deleted' ? gitUri(repo.root, WORKTREE, rel) : repo.uriOf(rel);
  const range = repo.rangeLabel(vscode.l10n.t('working tree'));
  const title = `${path.posix.basename(rel)} (${range})`;
  const line = target.line;
  const options: vscode.TextDocumentShowOptions = { preview: true, ...(line ? { selection: new vscode.Range(line - 1, 0, line - 1, 0) } : {}) };
  await vscode.commands.executeCommand('vscode.diff', left, right, title, options);
}

/** Opens the impacted file itself (working mode) or its head version (review), at the finding's line. */
export async function openFile(ctx: CommandContext, arg?: ImpactTarget | ImpactNode): Promise<void> {
  const target = toTarget(arg);
  const repo = await pickRepository(ctx.model, target.repo);
  if (!target.path) throw new UserError(vscode.l10n.t('No file to open.'));
  const uri = repo.reviewing && repo.report ? gitUri(repo.root, repo.report.range.headSha, target.path) : repo.uriOf(target.path);
  const selection = target.line ? new vscode.Range(target.line - 1, 0, target.line - 1, 0) : undefined;
  await vscode.window.showTextDocument(uri, { selection, preview: true });
}

export async function showImpact(): Promise<void> {
  await vscode.commands.executeCommand(`${IMPACT_VIEW_ID}.focus`);
}

export async function refresh(ctx: CommandContext): Promise<void> {
  await Promise.all(ctx.model.repositories.map((r) => r.reload('refresh')));
}

export async function filterByRole(ctx: CommandContext, roles?: string[]): Promise<void> {
  if (Array.isArray(roles)) {
    ctx.checklist.setRoleFilter(roles);
    return;
  }
  const known = new Set<string>();
  for (const repo of ctx.model.repositories) {
    for (const r of repo.config?.roles ?? []) known.add(r);
    for (const n of repo.notes) for (const i of n.items) if (i.role) known.add(i.role);
  }
  for (const r of ctx.config.roles) known.add(r);
  const current = new Set(ctx.checklist.roleFilter);
  const picks = await vscode.window.showQuickPick(
    [...known].sort().map((r) => ({ label: `@${r}`, role: r, picked: current.has(r) })),
    { canPickMany: true, title: vscode.l10n.t('Filter the Checklist by role'), placeHolder: vscode.l10n.t('Pick roles; pick none to show every item') },
  );
  if (!picks) throw new Cancelled();
  ctx.checklist.setRoleFilter(picks.map((p) => p.role));
}
