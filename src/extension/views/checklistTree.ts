import * as vscode from 'vscode';
import { isNotePath, parseNote, phaseHeading, phaseOfHeading, readWorktreeFile, type Logger, type Note, type NoteItem } from '../../core';
import { CommandId, ContextKey } from '../commands/commandIds';
import type { Config } from '../config';
import { reviewedNoteIsCheckedOut, setItemDone, type TickResult } from '../features/noteActions';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { signOffMarkdown, signOffSummary, type ShownSignOff, type SignOffs } from '../model/signoffs';
import { Disposable } from '../util/dispose';
import { displayLocale } from '../util/locale';

export const CHECKLIST_VIEW_ID = 'handoff.checklist';

/** A note as the checklist shows it: from the analysis, or from its open (maybe unsaved) document. */
interface ShownNote {
  path: string;
  title: string;
  items: NoteItem[];
  /** False when the note is from a reviewed commit that is not checked out (ticks become local sign-offs). */
  writable: boolean;
  /** Its sign-offs from the clone's local store (who ticked which item for which environment). */
  signoffs: ShownSignOff[];
  /** The repository's environments, in rollout order. */
  environments: string[];
  /** The environment checkboxes tick. */
  environment: string;
}

/**
 * What a checkbox click did: the note's `[ ]` changed (or not, or the item is gone), or a
 * sign-off was recorded / removed in the local store (the note's file is not touched).
 */
export type ChecklistTickResult = TickResult | 'signed-off' | 'sign-off-removed';

export type ChecklistNode =
  | { kind: 'repo'; repo: RepositoryModel; notes: ShownNote[] }
  | { kind: 'note'; repo: RepositoryModel; note: ShownNote }
  | { kind: 'section'; repo: RepositoryModel; note: ShownNote; section: string; items: NoteItem[] }
  | { kind: 'item'; repo: RepositoryModel; note: ShownNote; item: NoteItem };

/** The sign-offs of one item. */
function itemSignOffs(note: ShownNote, item: NoteItem): ShownSignOff[] {
  return note.signoffs.filter((s) => s.item.trim() === item.text.trim());
}

/** Done in the environment checkboxes tick: the note says `[x]`, or it is signed off there. */
function doneHere(note: ShownNote, item: NoteItem): boolean {
  return item.done || itemSignOffs(note, item).some((s) => s.environment === note.environment);
}

/** "staging 1/2 · production 0/2": progress per environment (one environment: the plain count). */
function envProgress(note: ShownNote, items: readonly NoteItem[]): string {
  if (note.environments.length <= 1) return `${items.filter((i) => doneHere(note, i)).length}/${items.length}`;
  return note.environments
    .map((e) => `${e} ${items.filter((i) => i.done || itemSignOffs(note, i).some((s) => s.environment === e)).length}/${items.length}`)
    .join(' · ');
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
  /** The role filter; read from the settings on first use (not during activation). */
  private _roles: string[] | null = null;

  /** Notes already offered "Write Sign-offs into Note" (once per note and session). */
  private readonly offered = new Set<string>();

  constructor(
    private readonly model: HandoffModel,
    private readonly config: Config,
    private readonly logger: Logger,
    readonly signoffs: SignOffs,
  ) {
    super();
    this._register(model.onDidChange(() => this.refresh()));
    this._register(signoffs.onDidChange(() => this.refresh()));
    this._register(
      config.onDidChange((c) => {
        if (c.keys.includes('roles')) this.setRoleFilter(this.config.roles);
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
    return (this._roles ??= [...this.config.roles]);
  }

  setRoleFilter(roles: string[]): void {
    const next = (this._roles = roles.map((r) => r.replace(/^@/, '')));
    void vscode.commands.executeCommand('setContext', ContextKey.RoleFilter, next.length > 0);
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
    const signature = JSON.stringify([this.roleFilter, data.map((d) => [d.repo.root, d.repo.rangeLabel(''), d.notes.map((n) => [n.path, n.title, n.items, n.signoffs, n.environment, n.writable])])]);
    this.snapshot = data;
    for (const d of data) for (const n of d.notes) this.offerToWrite(d.repo, n);
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
    const roles = this.roleFilter;
    if (!roles.length) return [...items];
    return items.filter((i) => i.role !== null && roles.includes(i.role));
  }

  /** The notes of a repository's range, each from its open document when there is one. */
  async notesOf(repo: RepositoryModel): Promise<ShownNote[]> {
    const shown: ShownNote[] = [];
    const environments = this.signoffs.environments(repo);
    const environment = this.signoffs.current(repo);
    for (const note of [...repo.notes].sort((a, b) => a.path.localeCompare(b.path))) {
      const writable = !repo.reviewing || (await reviewedNoteIsCheckedOut(repo, note.path));
      const signoffs = await this.signoffs.forNote(repo, note.path).catch((e: unknown) => {
        this.logger.warn(`sign-offs of ${note.path} unreadable: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      });
      const base = { environments, environment, signoffs };
      shown.push(writable ? { ...(await this.liveNote(repo, note)), ...base } : { path: note.path, title: note.title, items: note.items, writable, ...base });
    }
    return shown;
  }

  /** A writable note as the user would edit it: the open document, else the file on disk. */
  private async liveNote(repo: RepositoryModel, note: Note): Promise<Pick<ShownNote, 'path' | 'title' | 'items' | 'writable'>> {
    const uri = repo.uriOf(note.path);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // Read as the engine reads it: never through a symbolic link out of the repository (issue 16).
    const text = doc ? doc.getText() : ((await readWorktreeFile(repo.root, note.path, 5 * 1024 * 1024))?.toString('utf8') ?? null);
    const parsed = text === null ? null : parseNote(note.path, text).note;
    return { path: note.path, title: parsed?.title || note.title, items: parsed?.items ?? note.items, writable: true };
  }

  /**
   * A note that is checked out now and has items signed off in every environment while
   * still open in the file: offer (once) to write them into the note as `[x]`.
   */
  private offerToWrite(repo: RepositoryModel, note: ShownNote): void {
    if (!note.writable || !vscode.workspace.isTrusted) return;
    const ready = note.items.filter((i) => !i.done && note.environments.every((e) => itemSignOffs(note, i).some((s) => s.environment === e)));
    const key = `${repo.root}\n${note.path}`;
    if (!ready.length || this.offered.has(key)) return;
    this.offered.add(key);
    const write = vscode.l10n.t('Write into Note');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('{0} item(s) of "{1}" are signed off in every environment but still open in the note.', ready.length, note.title || note.path), write)
      .then((pick) => (pick === write ? vscode.commands.executeCommand(CommandId.ApplySignOffs, { repo: repo.root, note: note.path }) : undefined));
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
        item.description = envProgress(note, visible);
        const complete = visible.length > 0 && visible.every((i) => doneHere(note, i));
        item.iconPath = new vscode.ThemeIcon(complete ? 'pass-filled' : 'checklist', complete ? new vscode.ThemeColor('testing.iconPassed') : undefined);
        item.tooltip = `${note.path}\n${vscode.l10n.t('{0} of {1} items done', visible.filter((i) => i.done).length, visible.length)}${note.writable ? '' : `\n${vscode.l10n.t('Not checked out: ticks are sign-offs kept in this clone (.git/handoff/signoffs.json).')}`}`;
        item.contextValue = 'note';
        item.command = { command: CommandId.OpenNote, title: vscode.l10n.t('Open Note'), arguments: [{ repo: node.repo.root, note: note.path }] };
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(sectionLabel(node.section), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `section:${node.repo.root}:${node.note.path}:${node.section}`;
        item.tooltip = `## ${node.section}`;
        item.description = envProgress(node.note, node.items);
        item.contextValue = 'section';
        return item;
      }
      case 'item': {
        const { item: it, note } = node;
        const item = new vscode.TreeItem(itemLabel(it), vscode.TreeItemCollapsibleState.None);
        item.id = `item:${node.repo.root}:${note.path}:${it.line}`;
        const done = doneHere(note, it);
        const signoffs = itemSignOffs(note, it);
        const multi = note.environments.length > 1;
        item.checkboxState = {
          state: done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
          tooltip: multi || !note.writable
            ? done ? vscode.l10n.t('Withdraw the sign-off for {0}', note.environment) : vscode.l10n.t('Sign off for {0}', note.environment)
            : done ? vscode.l10n.t('Mark as not done') : vscode.l10n.t('Mark as done'),
          accessibilityInformation: { label: done ? vscode.l10n.t('done') : vscode.l10n.t('not done') },
        };
        const summary = multi || signoffs.length ? signOffSummary(note.environments, signoffs, it.done) : '';
        item.description = [it.role ? `@${it.role}` : '', summary].filter(Boolean).join('  ');
        const tip = new vscode.MarkdownString(`${it.text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&')}\n\n\`${note.path}:${it.line}\`\n\n`);
        tip.appendMarkdown(signOffMarkdown(note.environments, signoffs, it.done).value);
        item.tooltip = tip;
        if (signoffs.some((s) => s.stale)) item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = signoffs.some((s) => s.stale) ? 'item.stale' : 'item';
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
  async setItemsDone(changes: readonly [ChecklistNode, boolean][]): Promise<ChecklistTickResult[]> {
    const results: ChecklistTickResult[] = [];
    if (!vscode.workspace.isTrusted) {
      // Restricted Mode: read-only. The boxes go back to what the files say.
      void vscode.window.showInformationMessage(vscode.l10n.t('Handoff does not change files in Restricted Mode. Trust this workspace to tick checklist items.'));
      this.refresh(true);
      return changes.map(() => 'unchanged');
    }
    let signedLocally: string | undefined;
    for (const [node, done] of changes) {
      if (node.kind !== 'item') continue;
      const { repo, note, item } = node;
      const env = this.signoffs.current(repo);
      const ref = { line: item.line, text: item.text };
      let result: ChecklistTickResult;
      if (!note.writable) {
        // Not checked out: a sign-off in the clone's local store; the branch's files are untouched.
        await this.signoffs.set(repo, note.path, item.text, env, done);
        result = done ? 'signed-off' : 'sign-off-removed';
        signedLocally = env;
      } else if (note.environments.length <= 1) {
        // One environment: the note's own box is the sign-off (who and when are recorded too).
        result = await setItemDone(repo, note.path, ref, done);
        if (result === 'changed' || result === 'unchanged') await this.signoffs.set(repo, note.path, item.text, env, done);
      } else {
        // Several environments: each tick is a sign-off; the note's box follows once every
        // environment is signed off (and opens again when one is withdrawn).
        await this.signoffs.set(repo, note.path, item.text, env, done);
        const envs = new Set((await this.signoffs.forNote(repo, note.path)).filter((s) => s.item.trim() === item.text.trim()).map((s) => s.environment));
        const all = note.environments.every((e) => envs.has(e));
        const fileResult = done && all && !item.done ? await setItemDone(repo, note.path, ref, true) : !done && item.done ? await setItemDone(repo, note.path, ref, false) : undefined;
        result = fileResult === 'not-found' ? 'not-found' : fileResult === 'changed' ? 'changed' : done ? 'signed-off' : 'sign-off-removed';
      }
      this.logger.info(`${done ? 'tick' : 'untick'} ${note.path}:${item.line} "${item.text}" (${env}): ${result}`);
      results.push(result);
    }
    if (signedLocally) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Handoff: signed off for {0} in this clone; the note changes once its branch is checked out.', signedLocally), 5000);
    }
    if (results.includes('not-found')) {
      void vscode.window.showWarningMessage(vscode.l10n.t('That checklist item is no longer in the note; the list was refreshed.'));
    }
    // A box VS Code already flipped for a tick that was not written must flip back.
    if (results.some((r) => r === 'not-found' || r === 'not-checked-out' || r === 'unchanged')) this.refresh(true);
    else this.refresh();
    return results;
  }
}

export function registerChecklistView(model: HandoffModel, config: Config, logger: Logger, signoffs: SignOffs): { view: vscode.TreeView<ChecklistNode>; provider: ChecklistTreeProvider; disposable: vscode.Disposable } {
  const provider = new ChecklistTreeProvider(model, config, logger, signoffs);
  // Each checkbox changes one item: no cascading to parents or children.
  const view = vscode.window.createTreeView(CHECKLIST_VIEW_ID, { treeDataProvider: provider, manageCheckboxStateManually: true, showCollapseAll: true });
  const render = () => {
    const roles = provider.roleFilter;
    const envs = signoffs.allEnvironments();
    const env = model.repositories[0] ? signoffs.current(model.repositories[0]) : envs[0];
    const parts = [envs.length > 1 ? vscode.l10n.t('signing off: {0}', env) : '', roles.map((r) => `@${r}`).join(', ')].filter(Boolean);
    view.description = parts.length ? parts.join(' · ') : undefined;
  };
  // The first description (the role filter is a setting) and context key are sent after
  // activation returns, not within it (issue 17).
  const first = setTimeout(() => {
    render();
    void vscode.commands.executeCommand('setContext', ContextKey.RoleFilter, provider.roleFilter.length > 0);
  }, 0);
  const disposable = vscode.Disposable.from(
    { dispose: () => clearTimeout(first) },
    provider,
    view,
    view.onDidChangeCheckboxState((e) => {
      void provider.setItemsDone(e.items.map(([node, state]) => [node, state === vscode.TreeItemCheckboxState.Checked] as [ChecklistNode, boolean]));
    }),
    provider.onDidChangeTreeData(render),
    // As the Impact view does: a refresh fired while the view was hidden may be dropped by the workbench.
    view.onDidChangeVisibility((e) => {
      if (e.visible) provider.refresh(true);
    }),
  );
  return { view, provider, disposable };
}

/**
 * A section's row: a rollout phase in the display language (an implementation engineer reading in Chinese sees
 * 部署 for a note written with `## Deploy`), any other heading as the note writes it; the tooltip shows the heading.
 */
function sectionLabel(section: string): string {
  const locale = displayLocale();
  const phase = locale === 'en' ? null : phaseOfHeading(section);
  return phase ? phaseHeading(phase, locale) : section;
}
