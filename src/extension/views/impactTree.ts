import * as path from 'node:path';
import * as vscode from 'vscode';
import { CATEGORIES, type Category, type Finding, type Impact } from '../../core';
import { CommandId, ContextKey } from '../commands/commandIds';
import { describeError } from '../errors';
import { offersBaseChoice } from '../features/baseRecovery';
import { categoryIcon, categoryLabel, coverState, impactIcon, severityLabel, uniqueLabels } from '../features/labels';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { Disposable } from '../util/dispose';
import { localizeTitle, translateFinding } from '../../core';
import { displayLocale } from '../util/locale';

export const IMPACT_VIEW_ID = 'handoff.impact';

export type ImpactNode =
  | { kind: 'repo'; repo: RepositoryModel }
  | { kind: 'category'; repo: RepositoryModel; category: Category; impacts: Impact[] }
  | { kind: 'fold'; repo: RepositoryModel; key: string; title: string; impacts: Impact[] }
  | { kind: 'impact'; repo: RepositoryModel; impact: Impact }
  | { kind: 'finding'; repo: RepositoryModel; impact: Impact; finding: Finding; index: number }
  | { kind: 'message'; repo: RepositoryModel; text: string; icon: string; command?: vscode.Command };

/** How the Impact view orders impacts: by category (grouped, the default) or in one list. */
export type ImpactSort = 'category' | 'needsNote' | 'severity' | 'path';
export const IMPACT_SORTS: readonly ImpactSort[] = ['category', 'needsNote', 'severity', 'path'];

/** Similar rows (same rule, title and state) fold into one group from this many on. */
export const FOLD_AT = 6;

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const STATE_RANK = { uncovered: 0, covered: 1, info: 2 } as const;

function compareImpacts(sort: ImpactSort): (a: Impact, b: Impact) => number {
  const byPath = (a: Impact, b: Impact) => a.path.localeCompare(b.path);
  const bySeverity = (a: Impact, b: Impact) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  const byState = (a: Impact, b: Impact) => STATE_RANK[coverState(a)] - STATE_RANK[coverState(b)];
  switch (sort) {
    case 'needsNote':
      return (a, b) => byState(a, b) || bySeverity(a, b) || byPath(a, b);
    case 'severity':
      return (a, b) => bySeverity(a, b) || byState(a, b) || byPath(a, b);
    case 'path':
      return byPath;
    case 'category':
      return () => 0;
  }
}

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
  /** The last node built per tree id (next/previous impact reveal them). */
  private byId = new Map<string, ImpactNode>();
  private _sort: ImpactSort = 'category';
  private _uncoveredOnly = false;

  constructor(private readonly model: HandoffModel) {
    super();
    this._register(model.onDidChange(() => this._onDidChangeTreeData.fire(undefined)));
  }

  get sort(): ImpactSort {
    return this._sort;
  }
  get uncoveredOnly(): boolean {
    return this._uncoveredOnly;
  }

  setSort(sort: ImpactSort): void {
    this._sort = sort;
    this._onDidChangeTreeData.fire(undefined);
  }

  /** Asks the view to read its children again (it became visible: a refresh fired while it was hidden may be lost). */
  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  setUncoveredOnly(on: boolean): void {
    this._uncoveredOnly = on;
    void vscode.commands.executeCommand('setContext', ContextKey.UncoveredOnly, on);
    this._onDidChangeTreeData.fire(undefined);
  }

  getChildren(element?: ImpactNode): ImpactNode[] {
    const children = this.children(element);
    for (const c of children) {
      this.parents.set(c, element);
      const id = nodeId(c);
      if (id) this.byId.set(id, c);
    }
    return children;
  }

  /** The impacts the view shows (filter applied), in its order, folds expanded: next/previous walk them. */
  visibleImpacts(): { repo: RepositoryModel; impact: Impact }[] {
    const out: { repo: RepositoryModel; impact: Impact }[] = [];
    const walk = (nodes: ImpactNode[]) => {
      for (const n of nodes) {
        if (n.kind === 'impact') out.push({ repo: n.repo, impact: n.impact });
        else if (n.kind === 'repo' || n.kind === 'category' || n.kind === 'fold') walk(this.children(n));
      }
    };
    walk(this.children());
    return out;
  }

  /** The node last shown for an impact (for `reveal`), building the path to it if needed. */
  nodeFor(repo: RepositoryModel, impact: Impact): ImpactNode | undefined {
    const id = `impact:${repo.root}:${impact.id}`;
    if (!this.byId.has(id)) {
      const walk = (nodes: ImpactNode[]): boolean => nodes.some((n) => (n.kind === 'impact' ? nodeId(n) === id : n.kind === 'repo' || n.kind === 'category' || n.kind === 'fold' ? walk(this.getChildren(n)) : false));
      walk(this.getChildren());
    }
    return this.byId.get(id);
  }

  /** A list of impacts with runs of similar ones (same rule, title and state) folded into groups. */
  private folded(repo: RepositoryModel, impacts: Impact[], scope: string): ImpactNode[] {
    const groups = new Map<string, Impact[]>();
    const keyOf = (i: Impact) => `${i.rule}\n${i.title}\n${coverState(i)}`;
    for (const i of impacts) groups.set(keyOf(i), [...(groups.get(keyOf(i)) ?? []), i]);
    const out: ImpactNode[] = [];
    const emitted = new Set<string>();
    for (const impact of impacts) {
      const key = keyOf(impact);
      const group = groups.get(key)!;
      if (group.length < FOLD_AT) out.push({ kind: 'impact', repo, impact });
      else if (!emitted.has(key)) {
        emitted.add(key);
        out.push({ kind: 'fold', repo, key: `${scope}:${key}`, title: impact.title, impacts: group });
      }
    }
    return out;
  }

  private shown(impacts: readonly Impact[]): Impact[] {
    return this._uncoveredOnly ? impacts.filter((i) => coverState(i) === 'uncovered') : [...impacts];
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
        return this.folded(element.repo, element.impacts, element.category);
      case 'fold':
        return element.impacts.map((impact) => ({ kind: 'impact', repo: element.repo, impact }));
      case 'impact':
        return element.impact.findings.map((finding, index) => ({ kind: 'finding', repo: element.repo, impact: element.impact, finding, index }));
      default:
        return [];
    }
  }

  private repoChildren(repo: RepositoryModel): ImpactNode[] {
    if (repo.state === 'error') {
      const nodes: ImpactNode[] = [{ kind: 'message', repo, text: describeError(repo.error), icon: 'error', command: { command: CommandId.ShowLog, title: vscode.l10n.t('Show Log') } }];
      if (offersBaseChoice(repo)) {
        nodes.push({ kind: 'message', repo, text: vscode.l10n.t('Choose Base Branch…'), icon: 'git-branch', command: { command: CommandId.ChooseBaseBranch, title: vscode.l10n.t('Choose Base Branch…'), arguments: [{ repo: repo.root }] } });
      }
      return nodes;
    }
    const report = repo.report;
    if (!report) return repo.state === 'loading' ? [{ kind: 'message', repo, text: vscode.l10n.t('Analysing…'), icon: 'loading~spin' }] : [];
    const nodes: ImpactNode[] = [];
    const impacts = this.shown(report.impacts);
    if (this._sort === 'category') {
      for (const category of CATEGORIES) {
        const list = impacts.filter((i) => i.category === category);
        if (list.length) nodes.push({ kind: 'category', repo, category, impacts: list });
      }
    } else {
      nodes.push(...this.folded(repo, impacts.sort(compareImpacts(this._sort)), this._sort));
    }
    if (this._uncoveredOnly && !impacts.length && report.impacts.length) {
      nodes.push({ kind: 'message', repo, text: vscode.l10n.t('Every impact that needs a note has one ({0} hidden by the filter).', report.impacts.length), icon: 'pass', command: { command: CommandId.ShowAllImpacts, title: vscode.l10n.t('Show All Impacts') } });
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
        item.id = nodeId(node);
        item.description = node.repo.rangeLabel(vscode.l10n.t('working tree'));
        item.iconPath = new vscode.ThemeIcon(node.repo.reviewing ? 'git-compare' : 'repo');
        item.tooltip = node.repo.root;
        item.contextValue = node.repo.reviewing ? 'repo.reviewing' : 'repo';
        return item;
      }
      case 'category': {
        const item = new vscode.TreeItem(categoryLabel(node.category), vscode.TreeItemCollapsibleState.Expanded);
        item.id = nodeId(node);
        const uncovered = node.impacts.filter((i) => coverState(i) === 'uncovered').length;
        item.description = uncovered ? categoryCount(node.impacts.length, uncovered) : String(node.impacts.length);
        item.iconPath = new vscode.ThemeIcon(categoryIcon(node.category), uncovered ? new vscode.ThemeColor('list.warningForeground') : undefined);
        item.contextValue = 'category';
        return item;
      }
      case 'fold': {
        const item = new vscode.TreeItem(vscode.l10n.t('{0} × {1}', node.impacts.length, node.title), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = nodeId(node);
        const state = coverState(node.impacts[0]);
        const dirs = [...new Set(node.impacts.map((i) => path.posix.dirname(i.path)))];
        item.description = `${dirs.length === 1 ? `${dirs[0]} · ` : ''}${stateLabel(state)}`;
        item.iconPath = impactIcon(node.impacts[0]);
        item.tooltip = vscode.l10n.t('{0} similar impacts folded: {1}', node.impacts.length, node.title);
        item.contextValue = 'fold';
        return item;
      }
      case 'impact': {
        const { impact, repo } = node;
        const findings = impact.findings.length;
        const report = repo.report;
        const labels = report ? uniqueLabels(report.impacts.map((i) => i.path), report) : uniqueLabels([impact.path]);
        const label = labels.get(impact.path) ?? path.posix.basename(impact.path);
        const item = new vscode.TreeItem(label, findings ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = nodeId(node);
        const state = coverState(impact);
        const rest = impact.path.length > label.length ? impact.path.slice(0, impact.path.length - label.length - 1) : '';
        const stateText = stateLabel(state);
        item.description = `${rest ? rest + ' · ' : ''}${stateText}`;
        item.iconPath = impactIcon(impact);
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
        item.id = nodeId(node);
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

function stateLabel(state: ReturnType<typeof coverState>): string {
  return state === 'covered' ? vscode.l10n.t('covered') : state === 'uncovered' ? vscode.l10n.t('needs a note') : vscode.l10n.t('no note required');
}

/** The tree id of a node (stable across rebuilds). */
export function nodeId(node: ImpactNode): string | undefined {
  switch (node.kind) {
    case 'repo':
      return `repo:${node.repo.root}`;
    case 'category':
      return `cat:${node.repo.root}:${node.category}`;
    case 'fold':
      return `fold:${node.repo.root}:${node.key}`;
    case 'impact':
      return `impact:${node.repo.root}:${node.impact.id}`;
    case 'finding':
      return `finding:${node.repo.root}:${node.impact.id}:${node.index}`;
    default:
      return undefined;
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
  // A new view has no description, message or badge: with no repository yet (activation: discovery
  // runs after it) there is nothing to send the workbench.
  if (model.repositories.length) render();
  // A refresh fired while the view was being created or hidden can be dropped by the workbench
  // (seen in CI: the analysis ended as the side bar opened and the tree stayed empty): read the
  // children again whenever the view becomes visible. Building the nodes is cheap.
  const onVisible = view.onDidChangeVisibility((e) => {
    if (e.visible) provider.refresh();
  });
  const disposable = vscode.Disposable.from(provider, view, onVisible, model.onDidChange(render));
  return { view, provider, disposable };
}

/** "1 file, 1 needs a note" / "3 files, 2 need a note": English agrees in number; the Chinese rows need no plural. */
function categoryCount(files: number, uncovered: number): string {
  if (files === 1) return vscode.l10n.t('1 file, 1 needs a note');
  if (uncovered === 1) return vscode.l10n.t('{0} files, 1 needs a note', files);
  return vscode.l10n.t('{0} files, {1} need a note', files, uncovered);
}
