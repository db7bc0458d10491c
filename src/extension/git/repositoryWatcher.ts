import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { Disposable } from '../util/dispose';
import type { GitAPI, GitExtension, GitRepository } from './gitApi';

export interface WatcherHooks {
  /** The range of a repository moved (checkout, commit): the language server re-reads it too. */
  onRangeMoved(root: string): void;
  /** Files changed in a repository's working tree. */
  onFilesChanged(root: string, paths: string[]): void;
}

/**
 * Finds the repositories of the window and keeps their analyses current:
 * - the built-in Git extension (`vscode.git`) names repositories (nested ones, several per
 *   folder) and reports HEAD moves (branch switch, commit, pull);
 * - workspace folders are opened directly as well, so Handoff works when the Git extension
 *   is disabled or not yet ready (it does not open repositories in Restricted Mode);
 * - saves and file events re-read only the files they name; `.git/HEAD` and branch refs
 *   changing reload the whole range.
 */
export class RepositoryWatcher extends Disposable {
  /** File watchers per repository root. */
  private readonly perRepo = new Map<string, vscode.Disposable[]>();
  /** Git extension HEAD subscriptions per repository root. */
  private readonly headSubs = new Map<string, vscode.Disposable>();
  private gitApi: GitAPI | undefined;
  /**
   * Files a save just queued, with their modification time then: the file watcher's event
   * for the same write is not a second change (a save is read once). Bounded: an entry goes
   * when the file changes again, and the map is cleared past 256 entries.
   */
  private readonly saved = new Map<string, number>();

  constructor(
    private readonly model: HandoffModel,
    private readonly logger: Logger,
    private readonly hooks: WatcherHooks,
  ) {
    super();
    this._register(model.onDidChange((r) => (r ? undefined : this.syncWatchers())));
    this._register({
      dispose: () => {
        this.perRepo.forEach((d) => vscode.Disposable.from(...d).dispose());
        this.headSubs.forEach((d) => d.dispose());
      },
    });
    this._register(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const repo = this.model.forUri(doc.uri);
        const rel = repo?.relativePath(doc.uri);
        if (!repo || !rel) return;
        const mtime = mtimeOf(doc.uri.fsPath);
        if (mtime !== undefined) this.saved.set(doc.uri.fsPath, mtime);
        this.changed(repo, [rel]);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.added) void this.model.open(f.uri.fsPath);
        for (const f of e.removed) {
          const repo = this.model.get(f.uri.fsPath);
          // Keep a repository another folder or the Git extension still names.
          if (repo && !this.gitApi?.repositories.some((g) => samePath(g.rootUri.fsPath, repo.root))) this.model.close(repo.root);
        }
      }),
    );
  }

  /** Starts discovery; called after activation returns so that it never delays it. */
  async start(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const opened = folders.filter((f) => f.uri.scheme === 'file').map((f) => this.model.open(f.uri.fsPath));
    await Promise.all([this.connectGitExtension(), ...opened]);
  }

  private async connectGitExtension(): Promise<void> {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) {
      this.logger.info('the Git extension is not available; following workspace folders only');
      return;
    }
    try {
      const exports = ext.isActive ? ext.exports : await ext.activate();
      if (!exports.enabled) {
        this.logger.info('the Git extension is disabled; following workspace folders only');
        this._register(exports.onDidChangeEnablement((on) => (on ? void this.connectGitExtension() : undefined)));
        return;
      }
      const api = exports.getAPI(1);
      this.gitApi = api;
      this._register(api.onDidOpenRepository((r) => this.follow(r)));
      this._register(
        api.onDidCloseRepository((r) => {
          // Closed by the Git extension, but still a workspace folder: keep following it.
          const isFolder = (vscode.workspace.workspaceFolders ?? []).some((f) => samePath(f.uri.fsPath, r.rootUri.fsPath));
          if (!isFolder) this.model.close(r.rootUri.fsPath);
        }),
      );
      api.repositories.forEach((r) => this.follow(r));
      this.logger.debug(`Git extension connected (${api.repositories.length} repositories)`);
    } catch (e) {
      this.logger.warn(`could not use the Git extension: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private follow(gitRepo: GitRepository): void {
    let head = headKey(gitRepo);
    void this.model.open(gitRepo.rootUri.fsPath, gitRepo.state.HEAD?.name).then((repo) => {
      if (!repo) return;
      const sub = gitRepo.state.onDidChange(() => {
        const next = headKey(gitRepo);
        if (next === head) return;
        const first = head === EMPTY_HEAD;
        head = next;
        repo.branch = gitRepo.state.HEAD?.name;
        // The Git extension fills in its state after opening: that is not a move.
        if (first) return;
        this.logger.debug(`${repo.name}: HEAD moved to ${next}`);
        this.rangeMoved(repo, 'HEAD moved');
      });
      this.headSubs.get(repo.root)?.dispose();
      this.headSubs.set(repo.root, sub);
    });
  }

  private rangeMoved(repo: RepositoryModel, reason: string): void {
    if (repo.reviewing) {
      // A review is pinned to its refs; only whether its notes are checked out may change.
      repo.notifyChanged();
      return;
    }
    repo.scheduleReload(reason);
    this.hooks.onRangeMoved(repo.root);
  }

  private changed(repo: RepositoryModel, paths: string[]): void {
    repo.scheduleUpdate(paths);
    this.hooks.onFilesChanged(repo.root, paths);
  }

  /** One working-tree watcher and one `.git` refs watcher per repository. */
  private syncWatchers(): void {
    const roots = new Set(this.model.repositories.map((r) => r.root));
    for (const [root, subs] of this.perRepo) {
      if (!roots.has(root)) {
        vscode.Disposable.from(...subs).dispose();
        this.perRepo.delete(root);
      }
    }
    for (const [root, sub] of this.headSubs) {
      if (!roots.has(root)) {
        sub.dispose();
        this.headSubs.delete(root);
      }
    }
    for (const repo of this.model.repositories) {
      if (this.perRepo.has(repo.root)) continue;
      const tree = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(repo.root), '**/*'));
      const onTree = (uri: vscode.Uri) => {
        const rel = repo.relativePath(uri);
        if (!rel || rel === '.git' || rel.startsWith('.git/') || rel.includes('/node_modules/') || rel.startsWith('node_modules/')) return;
        this.changed(repo, [rel]);
      };
      const onTreeChange = (uri: vscode.Uri) => {
        const savedAt = this.saved.get(uri.fsPath);
        if (savedAt !== undefined) {
          // The write of a save already queued (a watcher may report one write more than once).
          if (mtimeOf(uri.fsPath) === savedAt) return;
          this.saved.delete(uri.fsPath);
        }
        if (this.saved.size > 256) this.saved.clear();
        onTree(uri);
      };
      this.addRepoDisposable(repo.root, tree, tree.onDidChange(onTreeChange), tree.onDidCreate(onTree), tree.onDidDelete(onTree));
      const gitDir = path.join(repo.root, '.git');
      if (isDirectory(gitDir)) {
        const refs = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(gitDir), '{HEAD,packed-refs,refs/heads/**}'));
        const onRefs = () => this.rangeMoved(repo, '.git refs changed');
        this.addRepoDisposable(repo.root, refs, refs.onDidChange(onRefs), refs.onDidCreate(onRefs), refs.onDidDelete(onRefs));
      }
    }
  }

  private addRepoDisposable(root: string, ...subs: vscode.Disposable[]): void {
    const list = this.perRepo.get(root);
    if (list) list.push(...subs);
    else this.perRepo.set(root, subs);
  }
}

const EMPTY_HEAD = '@';

function headKey(r: GitRepository): string {
  const h = r.state.HEAD;
  return `${h?.name ?? ''}@${h?.commit ?? ''}`;
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

function mtimeOf(p: string): number | undefined {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
