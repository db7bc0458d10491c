import * as vscode from 'vscode';
import { isNotePath, parseNote, readWorktreeFile, type Logger, type Note, type NoteItem } from '../../core';
import { CommandId, ContextKey } from '../commands/commandIds';
import type { Config } from '../config';
import { reviewedNoteIsCheckedOut, setItemDone, type TickResult } from '../features/noteActions';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { Disposable } from '../util/dispose';

export const CHECKLIST_VIEW_ID = 'handoff.checklist';

/** A note as the checklist shows it: from the analysis, or from its open (maybe unsaved) document. */
interface ShownNote {
  path: string;
  title: string;
  items: NoteItem[];
  /** False when the note is from a reviewed commit that is not checked out (ticks cannot be written). */
  writable: boolean;
}

export type ChecklistNode =
  | { kind: 'repo'; repo: RepositoryModel; notes: ShownNote[] }
  | { kind: 'note'; repo: RepositoryModel; note: ShownNote }
  | { kind: 'section'; repo: RepositoryModel; note: ShownNote; section: string; items: NoteItem[] }
  | { kind: 'item'; repo: RepositoryModel; note: ShownNote; item: NoteItem };

function progress(items: readonly NoteItem[]): string {
  return `${items.filter((i) => i.done).length}/${items.length}`;
}

/** The item's text without its trailing `@role` (the role shows as the description). */
function itemLabel(item: NoteItem): string {
  return item.role ? item.text.replace(new RegExp(`\\s*@${item.role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`), '') : item.text;
}

/**
 * The Checklist view: notes of the range → sections → items with native checkboxes.
 * Ticking writes exactly that `[ ]` through a WorkspaceEdit (an open, unsaved note keeps
 * its edits; Undo works). A role filter narrows the items; notes show their progress.
 */
export class ChecklistTreeProvider extends Disposable implements vscode.TreeDataProvider<ChecklistNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<ChecklistNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private parents = new WeakMap<object, ChecklistNode | undefined>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the view shows, computed ahead of rendering so that `getChildren` is immediate. */
  private snapshot: { repo: RepositoryModel; notes: ShownNote[] }[] | undefined;
  private signature = '';
  private computing: Promise<void> | undefined;
  private recomputeAgain = false;
  private forceNext = false;
  private _roles: string[];

  constructor(
    private readonly model: HandoffModel,
    config: Config,
    private readonly logger: Logger,
  ) {
    super();
    this._roles = [...config.roles];
    this._register(model.onDidChange(() => this.refresh()));
    this._register(
      config.onDidChange((c) => {
        if (c.keys.includes('roles')) this.setRoleFilter(config.roles);
      }),
    );
    // Unsaved edits of an open note show at once (debounced while typing).
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const repo = this.model.forUri(e.document.uri);
        const rel = repo?.relativePath(e.document.uri);
        if (rel && isNotePath(rel)) this.refreshSoon();
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument(() => this.refreshSoon()));
    this._register({ dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) });
  }

  get roleFilter(): readonly string[] {
    return this._roles;
  }

  setRoleFilter(roles: string[]): void {
    this._roles = roles.map((r) => r.replace(/^@/, ''));
    void vscode.commands.executeCommand('setContext', ContextKey.RoleFilter, this._roles.length > 0);
    this.refresh();
  }

  /**
   * Recomputes what the view shows and re-renders it only when that changed (or when
   * `force`d, to put checkboxes back after a tick that could not be written). The model
   * changes on every save; re-rendering each time would make rows flicker and could swallow
   * a click that lands during the re-render.
   */
  refresh(force = false): void {
    this.forceNext ||= force;
    if (this.computing) {
      this.recomputeAgain = true;
      return;
    }
    this.computing = this.recompute().finally(() => {
      this.computing = undefined;
      if (this.recomputeAgain) {
        this.recomputeAgain = false;
        this.refresh();
      }
    });
  }

  private async recompute(): Promise<void> {
    const repos = this.model.repositories;
    const data = await Promise.all(repos.map(async (repo) => ({ repo, notes: await this.notesOf(repo) })));
    const signature = JSON.stringify([this._roles, data.map((d) => [d.repo.root, d.repo.rangeLabel(''), d.notes.map((n) => [n.path, n.title, n.items])])]);
    this.snapshot = data;
    if (signature !== this.signature || this.forceNext) {
      this.signature = signature;
      this.forceNext = false;
      this._onDidChangeTreeData.fire(undefined);
    }
  }

  /** Resolves when the view's data is current (a recompute may be running). */
  private async settled(): Promise<void> {
    if (!this.snapshot && !this.computing) this.refresh();
    while (this.computing) await this.computing;
  }

  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, 150);
  }

  private visible(items: readonly NoteItem[]): NoteItem[] {
    if (!this._roles.length) return [...items];
    return items.filter((i) => i.role !== null && this._roles.includes(i.role));
  }

  /** The notes of a repository's range, each from its open document when there is one. */
  async notesOf(repo: RepositoryModel): Promise<ShownNote[]> {
    const shown: ShownNote[] = [];
    for (const note of [...repo.notes].sort((a, b) => a.path.localeCompare(b.path))) {
      const writable = !repo.reviewing || (await reviewedNoteIsCheckedOut(repo, note.path));
      shown.push(writable ? await this.liveNote(repo, note) : { path: note.path, title: note.title, items: note.items, writable });
    }
    return shown;
  }

  /** A writable note as the user would edit it: the open document, else the file on disk. */
  private async liveNote(repo: RepositoryModel, note: Note): Promise<ShownNote> {
    const uri = repo.uriOf(note.path);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // Read as the engine reads it: never through a symbolic link out of the repository (issue 16).
    const text = doc ? doc.getText() : ((await readWorktreeFile(repo.root, note.path, 5 * 1024 * 1024))?.toString('utf8') ?? null);
    const parsed = text === null ? null : parseNote(note.path, text).note;
    return { path: note.path, title: parsed?.title || note.title, items: parsed?.items ?? note.items, writable: true };
  }

  async getChildren(element?: ChecklistNode): Promise<ChecklistNode[]> {
    const children = await this.children(element);
    for (const c of children) this.parents.set(c, element);
    return children;
  }

  private async children(element?: ChecklistNode): Promise<ChecklistNode[]> {
    if (!element) {
      await this.settled();
      const withNotes = this.snapshot ?? [];
      const nonEmpty = withNotes.filter((r) => r.notes.length);
      if (withNotes.length === 1 || nonEmpty.length <= 1) return nonEmpty.flatMap(({ repo, notes }) => notes.map((note) => ({ kind: 'note' as const, repo, note })));
      return nonEmpty.map(({ repo, notes }) => ({ kind: 'repo', repo, notes }));
    }
    switch (element.kind) {
      case 'repo':
        return element.notes.map((note) => ({ kind: 'note', repo: element.repo, note }));
      case 'note': {
        const items = this.visible(element.note.items);
        const out: ChecklistNode[] = [];
        const sections = new Map<string, NoteItem[]>();
        for (const item of items) {
          if (item.section === null) out.push({ kind: 'item', repo: element.repo, note: element.note, item });
          else sections.set(item.section, [...(sections.get(item.section) ?? []), item]);
        }
        for (const [section, list] of sections) out.push({ kind: 'section', repo: element.repo, note: element.note, section, items: list });
        return out;
      }
      case 'section':
        return element.items.map((item) => ({ kind: 'item', repo: element.repo, note: element.note, item }));
      case 'item':
        return [];
    }
  }

  getParent(element: ChecklistNode): ChecklistNode | undefined {
    return this.parents.get(element);
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.kind) {
      case 'repo': {
        const item = new vscode.TreeItem(node.repo.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `repo:${node.repo.root}`;
        item.iconPath = new vscode.ThemeIcon('repo');
        item.description = node.repo.rangeLabel(vscode.l10n.t('working tree'));
        return item;
      }
      case 'note': {
        const { note } = node;
        const visible = this.visible(note.items);
        const item = new vscode.TreeItem(note.title || note.path.split('/').pop()!, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `note:${node.repo.root}:${note.path}`;
        item.description = progress(visible);
        const complete = visible.length > 0 && visible.every((i) => i.done);
        item.iconPath = new vscode.ThemeIcon(complete ? 'pass-filled' : 'checklist', complete ? new vscode.ThemeColor('testing.iconPassed') : undefined);
        item.tooltip = `${note.path}\n${vscode.l10n.t('{0} of {1} items done', visible.filter((i) => i.done).length, visible.length)}`;
        item.contextValue = 'note';
        item.command = { command: CommandId.OpenNote, title: vscode.l10n.t('Open Note'), arguments: [{ repo: node.repo.root, note: note.path }] };
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(node.section, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `section:${node.repo.root}:${node.note.path}:${node.section}`;
        item.description = progress(node.items);
        item.contextValue = 'section';
        return item;
      }
      case 'item': {
        const { item: it, note } = node;
        const item = new vscode.TreeItem(itemLabel(it), vscode.TreeItemCollapsibleState.None);
        item.id = `item:${node.repo.root}:${note.path}:${it.line}`;
        item.checkboxState = {
          state: it.done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
          tooltip: it.done ? vscode.l10n.t('Mark as not done') : vscode.l10n.t('Mark as done'),
          accessibilityInformation: { label: it.done ? vscode.l10n.t('done') : vscode.l10n.t('not done') },
        };
        item.description = it.role ? `@${it.role}` : undefined;
        item.tooltip = `${it.text}\n${note.path}:${it.line}`;
        item.contextValue = 'item';
        item.command = { command: CommandId.OpenNote, title: vscode.l10n.t('Open Note'), arguments: [{ repo: node.repo.root, note: note.path, line: it.line }] };
        return item;
      }
    }
  }

  /**
   * What a checkbox click does (the tree's checkbox event calls it; tests call it too):
   * writes each item's new state into its note, in order. Items that cannot be written are
   * reported once and the tree is refreshed so their boxes show the file's state again.
   */
  async setItemsDone(changes: readonly [ChecklistNode, boolean][]): Promise<TickResult[]> {
    const results: TickResult[] = [];
    if (!vscode.workspace.isTrusted) {
      // Restricted Mode: read-only. The boxes go back to what the files say.
      void vscode.window.showInformationMessage(vscode.l10n.t('Handoff does not change files in Restricted Mode. Trust this workspace to tick checklist items.'));
      this.refresh(true);
      return changes.map(() => 'unchanged');
    }
    for (const [node, done] of changes) {
      if (node.kind !== 'item') continue;
      const result = await setItemDone(node.repo, node.note.path, { line: node.item.line, text: node.item.text }, done);
      this.logger.info(`${done ? 'tick' : 'untick'} ${node.note.path}:${node.item.line} "${node.item.text}": ${result}`);
      results.push(result);
    }
    if (results.includes('not-checked-out')) {
      const head = this.model.repositories.find((r) => r.reviewing && r.mode.kind === 'review');
      const name = head && head.mode.kind === 'review' ? head.mode.head : '';
      void vscode.window.showInformationMessage(vscode.l10n.t('This checklist is from {0}, which is not checked out. Check it out to tick items.', name));
    }
    if (results.includes('not-found')) {
      void vscode.window.showWarningMessage(vscode.l10n.t('That checklist item is no longer in the note; the list was refreshed.'));
    }
    // A box VS Code already flipped for a tick that was not written must flip back.
    if (results.some((r) => r !== 'changed')) this.refresh(true);
    else this.refreshSoon();
    return results;
  }
}

export function registerChecklistView(model: HandoffModel, config: Config, logger: Logger): { view: vscode.TreeView<ChecklistNode>; provider: ChecklistTreeProvider; disposable: vscode.Disposable } {
  const provider = new ChecklistTreeProvider(model, config, logger);
  // Each checkbox changes one item: no cascading to parents or children.
  const view = vscode.window.createTreeView(CHECKLIST_VIEW_ID, { treeDataProvider: provider, manageCheckboxStateManually: true, showCollapseAll: true });
  const render = () => {
    const roles = provider.roleFilter;
    view.description = roles.length ? roles.map((r) => `@${r}`).join(', ') : undefined;
  };
  render();
  const disposable = vscode.Disposable.from(
    provider,
    view,
    view.onDidChangeCheckboxState((e) => {
      void provider.setItemsDone(e.items.map(([node, state]) => [node, state === vscode.TreeItemCheckboxState.Checked] as [ChecklistNode, boolean]));
    }),
    provider.onDidChangeTreeData(render),
  );
  void vscode.commands.executeCommand('setContext', ContextKey.RoleFilter, provider.roleFilter.length > 0);
  return { view, provider, disposable };
}
