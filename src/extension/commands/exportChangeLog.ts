import * as path from 'node:path';
import * as vscode from 'vscode';
import { AnalysisSession, renderChangelog, withSignOffs, type GitSource } from '../../core';
import { displayLocale } from '../util/locale';
import { gitRunner } from '../git/runner';
import type { RepositoryModel } from '../model/repositoryModel';
import type { CommandContext } from './context';
import { Cancelled, pickRef, pickRepository, refItems } from './pickers';

export type ChangelogFormat = 'markdown' | 'json' | 'html';

export interface ExportArgs {
  repo?: string;
  from?: string;
  to?: string;
  format?: ChangelogFormat;
  /** A file path to write, or `editor` to open the result in an untitled editor. */
  output?: string;
}

const EXTENSIONS: Record<ChangelogFormat, string> = { markdown: 'md', json: 'json', html: 'html' };
const LANGUAGES: Record<ChangelogFormat, string> = { markdown: 'markdown', json: 'json', html: 'html' };

/**
 * "Handoff: Export Change Log…": a range (last tag → HEAD by default), a format, then a
 * file or an editor. The same engine rendering as `handoff changelog`.
 */
export async function exportChangeLog(ctx: CommandContext, args: ExportArgs = {}): Promise<string | undefined> {
  const repo = await pickRepository(ctx.model, args.repo);
  const git = repo.git;

  let from = args.from;
  let to = args.to ?? 'HEAD';
  if (!from) {
    const lastTag = await previousTag(git, to);
    const base = repo.report?.range.base ?? ctx.config.baseBranch ?? (await git.detectBase().catch(() => undefined));
    type RangeItem = vscode.QuickPickItem & { from?: string; custom?: boolean };
    const items: RangeItem[] = [];
    if (lastTag) items.push({ label: `$(tag) ${lastTag} → HEAD`, description: vscode.l10n.t('since the last tag'), from: lastTag });
    if (base && base !== lastTag) items.push({ label: `$(git-branch) ${base} → HEAD`, description: vscode.l10n.t('since the base branch'), from: base });
    items.push({ label: `$(list-selection) ${vscode.l10n.t('Other range…')}`, custom: true });
    const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Change Log: range'), placeHolder: vscode.l10n.t('Which changes go into the change log?') });
    if (!pick) throw new Cancelled();
    if (pick.custom) {
      const refs = await git.refs();
      from = await pickRef(refItems(refs), { title: vscode.l10n.t('Export Change Log: from'), placeholder: vscode.l10n.t('The release before (a tag, branch or commit)') });
      to = await pickRef(refItems(refs, [{ ref: 'HEAD', description: vscode.l10n.t('checked out') }]), { title: vscode.l10n.t('Export Change Log: to'), placeholder: vscode.l10n.t('The release (a tag, branch or commit)') });
    } else {
      from = pick.from!;
    }
  }

  let format = args.format;
  if (!format) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Markdown', description: vscode.l10n.t('for a release PR, a GitHub release or a wiki'), format: 'markdown' as const },
        { label: 'HTML', description: vscode.l10n.t('one printable, standalone page'), format: 'html' as const },
        { label: 'JSON', description: vscode.l10n.t('for scripts and other tools'), format: 'json' as const },
      ],
      { title: vscode.l10n.t('Export Change Log: format'), placeHolder: vscode.l10n.t('Format') },
    );
    if (!picked) throw new Cancelled();
    format = picked.format;
  }

  let output = args.output;
  if (!output) {
    const save = vscode.l10n.t('Save to File…');
    const open = vscode.l10n.t('Open in Editor');
    const where = await vscode.window.showQuickPick([save, open], { title: vscode.l10n.t('Export Change Log: destination') });
    if (!where) throw new Cancelled();
    if (where === save) {
      const name = `deployment-changelog-${safeName(from)}-${safeName(to)}.${EXTENSIONS[format]}`;
      const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(repo.root, name)), filters: { [format.toUpperCase()]: [EXTENSIONS[format]] }, title: vscode.l10n.t('Save Change Log') });
      if (!target) throw new Cancelled();
      output = target.fsPath;
    } else {
      output = 'editor';
    }
  }

  const content = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Handoff: building the change log of {0}…{1}', from, to) },
    async () => {
      const session = await AnalysisSession.open({ repo: repo.root, git, base: from, head: to, logger: ctx.log.for('changelog') });
      const report = await session.result();
      const text = renderChangelog(report, session.rangeNotes(), format!, { locale: displayLocale() });
      return format === 'json' ? withSignOffs(gitRunner(repo), await ctx.signoffs.store(repo), text, report.range.headSha).catch(() => text) : text;
    },
  );

  if (output === 'editor') {
    const doc = await vscode.workspace.openTextDocument({ content, language: LANGUAGES[format] });
    await vscode.window.showTextDocument(doc, { preview: false });
    return undefined;
  }
  const uri = vscode.Uri.file(path.resolve(repo.root, output));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  ctx.log.channel.info(`[changelog] wrote ${uri.fsPath} (${from}…${to}, ${format})`);
  const openIt = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(vscode.l10n.t('Change log saved to {0}.', vscode.workspace.asRelativePath(uri)), openIt).then((p) => (p === openIt ? vscode.commands.executeCommand('vscode.open', uri) : undefined));
  return uri.fsPath;
}

/**
 * Where a change log starts by default, as `handoff changelog` decides: the newest tag
 * reachable from `to`, or the one before when that tag is `to` itself (the release being
 * described). Null when there is none (the base branch is offered instead).
 */
async function previousTag(git: GitSource, to: string): Promise<string | null> {
  const tag = await git.lastTag(to);
  if (!tag) return null;
  const range = await git.resolveRange({ base: tag, head: to });
  return range.baseSha !== range.headSha ? tag : git.lastTag(`${to}^`);
}

function safeName(ref: string): string {
  return ref.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'ref';
}
