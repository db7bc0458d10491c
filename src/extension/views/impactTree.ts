import * as path from 'node:path';
import * as vscode from 'vscode';
import { CATEGORIES, type Category, type Finding, type Impact } from '../../core';
import { CommandId } from '../commands/commandIds';
import { describeError } from '../errors';
import { categoryIcon, categoryLabel, coverIcon, coverState, severityLabel } from '../features/labels';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { Disposable } from '../util/dispose';
import { localizeTitle, translateFinding } from '../../core';
import { displayLocale } from '../features/noteActions';

export const IMPACT_VIEW_ID = 'handoff.impact';

export type ImpactNode =
  | { kind: 'repo'; repo: RepositoryModel }
  | { kind: 'category'; repo: RepositoryModel; category: Category; impacts: Impact[] }
  | { kind: 'impact'; repo: RepositoryModel; impact: Impact }
  | { kind: 'finding'; repo: RepositoryModel; impact: Impact; finding: Finding; index: number }
  | { kind: 'message'; repo: RepositoryModel; text: string; icon: string; command?: vscode.Command };

/** Arguments commands accept from the Impact view, or from code: a repository and a path. */
export interface ImpactTarget {
  repo: string;
  path: string;
  line?: number;
}

export function impactTarget(node: ImpactNode): ImpactTarget | undefined {
  if (node.kind === 'impact') return { repo: node.repo.root, path: node.impact.path };
  if (node.kind === 'finding') return { repo: node.repo.root, path: node.impact.path, line: node.finding.line };
  return undefined;
}

/**
 * The Impact view: repository (when several) → category → file → finding, with covered /
 * uncovered state. The range shows in the view's description; a review says so in its message.
 */
export class ImpactTreeProvider extends Disposable implements vscode.TreeDataProvider<ImpactNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<ImpactNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  /** Nodes are rebuilt on each change; parents are remembered for `reveal`. */
  private parents = new WeakMap<object, ImpactNode | undefined>();

  constructor(private readonly model: HandoffModel) {
    super();
    this._register(model.onDidChange(() => this._onDidChangeTreeData.fire(undefined)));
  }

  getChildren(element?: ImpactNode): ImpactNode[] {
    const children = this.children(element);
    for (const c of children) this.parents.set(c, element);
    return children;
  }

  private children(element?: ImpactNode): ImpactNode[] {
    if (!element) {
      const repos = this.model.repositories;
      if (repos.length === 1) return this.repoChildren(repos[0]);
      // No impact anywhere: an empty tree lets the welcome view show.
      if (repos.every((r) => r.report && r.report.impacts.length === 0 && !r.reviewing)) return [];
      return repos.map((repo) => ({ kind: 'repo', repo }));
    }
    switch (element.kind) {
      case 'repo':
        return this.repoChildren(element.repo);
      case 'category':
        return element.impacts.map((impact) => ({ kind: 'impact', repo: element.repo, impact }));
      case 'impact':
        return element.impact.findings.map((finding, index) => ({ kind: 'finding', repo: element.repo, impact: element.impact, finding, index }));
      default:
        return [];
    }
  }

  private repoChildren(repo: RepositoryModel): ImpactNode[] {
    if (repo.state === 'error') {
      return [{ kind: 'message', repo, text: describeError(repo.error), icon: 'error', command: { command: CommandId.ShowLog, title: vscode.l10n.t('Show Log') } }];
    }
    const report = repo.report;
    if (!report) return repo.state === 'loading' ? [{ kind: 'message', repo, text: vscode.l10n.t('Analysing…'), icon: 'loading~spin' }] : [];
    const nodes: ImpactNode[] = [];
    for (const category of CATEGORIES) {
      const impacts = report.impacts.filter((i) => i.category === category);
      if (impacts.length) nodes.push({ kind: 'category', repo, category, impacts });
    }
    for (const w of report.warnings ?? []) nodes.push({ kind: 'message', repo, text: w, icon: 'warning' });
    if (!nodes.length && repo.reviewing) nodes.push({ kind: 'message', repo, text: vscode.l10n.t('No change in {0} needs a deployment note.', repo.rangeLabel('')), icon: 'pass' });
    return nodes;
  }

  getParent(element: ImpactNode): ImpactNode | undefined {
    return this.parents.get(element);
  }

  getTreeItem(node: ImpactNode): vscode.TreeItem {
    switch (node.kind) {
      case 'repo': {
        const item = new vscode.TreeItem(node.repo.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `repo:${node.repo.root}`;
        item.description = node.repo.rangeLabel(vscode.l10n.t('working tree'));
        item.iconPath = new vscode.ThemeIcon(node.repo.reviewing ? 'git-compare' : 'repo');
        item.tooltip = node.repo.root;
        item.contextValue = node.repo.reviewing ? 'repo.reviewing' : 'repo';
        return item;
      }
      case 'category': {
        const item = new vscode.TreeItem(categoryLabel(node.category), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `cat:${node.repo.root}:${node.category}`;
        const uncovered = node.impacts.filter((i) => coverState(i) === 'uncovered').length;
        item.description = uncovered ? vscode.l10n.t('{0} files, {1} need a note', node.impacts.length, uncovered) : String(node.impacts.length);
        item.iconPath = new vscode.ThemeIcon(categoryIcon(node.category), uncovered ? new vscode.ThemeColor('list.warningForeground') : undefined);
        item.contextValue = 'category';
        return item;
      }
      case 'impact': {
        const { impact, repo } = node;
        const findings = impact.findings.length;
        const item = new vscode.TreeItem(path.posix.basename(impact.path), findings ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `impact:${repo.root}:${impact.id}`;
        const state = coverState(impact);
        const dir = path.posix.dirname(impact.path);
        const stateText = state === 'covered' ? vscode.l10n.t('covered') : state === 'uncovered' ? vscode.l10n.t('needs a note') : vscode.l10n.t('no note required');
        item.description = `${dir === '.' ? '' : dir + ' · '}${stateText}`;
        item.iconPath = coverIcon(state);
        item.resourceUri = repo.reviewing ? undefined : repo.uriOf(impact.path);
        item.tooltip = impactTooltip(repo, impact);
        item.contextValue = `impact.${state}${repo.reviewing ? '.review' : ''}`;
        item.command = { command: CommandId.OpenDiff, title: vscode.l10n.t('Open Diff'), arguments: [impactTarget(node)] };
        item.accessibilityInformation = { label: `${impact.path}, ${localizeTitle(impact.title, displayLocale())}, ${stateText}` };
        return item;
      }
      case 'finding': {
        const { finding } = node;
        const item = new vscode.TreeItem(translateFinding(finding, displayLocale()), vscode.TreeItemCollapsibleState.None);
        item.id = `finding:${node.repo.root}:${node.impact.id}:${node.index}`;
        item.description = finding.line !== undefined ? vscode.l10n.t('line {0}', finding.line) : undefined;
        const sev = finding.severity ?? node.impact.severity;
        item.iconPath = new vscode.ThemeIcon(sev === 'critical' ? 'error' : sev === 'warning' ? 'warning' : 'info', new vscode.ThemeColor(sev === 'critical' ? 'list.errorForeground' : sev === 'warning' ? 'list.warningForeground' : 'descriptionForeground'));
        item.tooltip = `${finding.kind} · ${severityLabel(sev)}\n${translateFinding(finding, displayLocale())}`;
        item.contextValue = 'finding';
        item.command = { command: CommandId.OpenDiff, title: vscode.l10n.t('Open Diff'), arguments: [impactTarget(node)] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.text;
        item.command = node.command;
        item.contextValue = 'message';
        return item;
      }
    }
  }
}

function impactTooltip(repo: RepositoryModel, impact: Impact): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(localizeTitle(impact.title, displayLocale()))}** · ${severityLabel(impact.severity)}\n\n`);
  md.appendMarkdown(`\`${escape(impact.path)}\`${impact.oldPath ? ` ← \`${escape(impact.oldPath)}\`` : ''}\n\n`);
  for (const f of impact.findings) md.appendMarkdown(`- ${escape(translateFinding(f, displayLocale()))}${f.line !== undefined ? ` (${vscode.l10n.t('line {0}', f.line)})` : ''}\n`);
  if (impact.coveredBy.length) {
    const titles = impact.coveredBy.map((p) => repo.notes.find((n) => n.path === p)?.title || p);
    md.appendMarkdown(`\n${escape(vscode.l10n.t('Covered by: {0}', titles.join(', ')))}`);
  } else if (impact.requiresNote) {
    md.appendMarkdown(`\n${escape(vscode.l10n.t('Needs a deployment note.'))}`);
  }
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * Creates the Impact view: the range in its description, the review state in its message,
 * the uncovered count as its badge.
 */
export function registerImpactView(model: HandoffModel): { view: vscode.TreeView<ImpactNode>; provider: ImpactTreeProvider; disposable: vscode.Disposable } {
  const provider = new ImpactTreeProvider(model);
  const view = vscode.window.createTreeView(IMPACT_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const render = () => {
    const repos = model.repositories;
    const worktree = vscode.l10n.t('working tree');
    view.description = repos.length === 1 ? repos[0].rangeLabel(worktree) : undefined;
    const reviewing = repos.filter((r) => r.reviewing);
    view.message = reviewing.length
      ? vscode.l10n.t('Reviewing {0} (nothing checked out). Run "Back to Working Tree" to return.', reviewing.map((r) => r.rangeLabel(worktree)).join(', '))
      : undefined;
    const uncovered = repos.reduce((n, r) => n + (r.report?.summary.uncovered ?? 0), 0);
    view.badge = uncovered ? { value: uncovered, tooltip: vscode.l10n.t('{0} changes need a deployment note', uncovered) } : undefined;
  };
  render();
  const disposable = vscode.Disposable.from(provider, view, model.onDidChange(render));
  return { view, provider, disposable };
}
