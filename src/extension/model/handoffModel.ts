import * as path from 'node:path';
import * as vscode from 'vscode';
import { SimpleGitSource, type Logger } from '../../core';
import type { Config } from '../config';
import { Disposable } from '../util/dispose';
import { RepositoryModel, type CheckedOutPullRequest } from './repositoryModel';

export interface HandoffModelDeps {
  config: Config;
  logger: (component: string) => Logger;
  onError(error: unknown, repo: RepositoryModel): void;
  chosenBase?(root: string): string | undefined;
  detectPullRequest?(repo: RepositoryModel): Promise<CheckedOutPullRequest | undefined>;
}

/**
 * Every repository Handoff follows in this window (several in a multi-root workspace),
 * and one change event for all of them. Views, diagnostics and the status bar listen here.
 */
export class HandoffModel extends Disposable {
  private readonly repos = new Map<string, RepositoryModel>();
  private readonly opening = new Map<string, Promise<RepositoryModel | undefined>>();

  /** Fires with the repository that changed, or undefined when the set of repositories changed. */
  private readonly _onDidChange = this._register(new vscode.EventEmitter<RepositoryModel | undefined>());
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly deps: HandoffModelDeps) {
    super();
    this._register(
      deps.config.onDidChange((c) => {
        if (c.needsReload) for (const r of this.repos.values()) r.scheduleReload('settings changed');
      }),
    );
    this._register({ dispose: () => this.repos.forEach((r) => r.dispose()) });
  }

  /** Repositories, sorted by path. */
  get repositories(): RepositoryModel[] {
    return [...this.repos.values()].sort((a, b) => a.root.localeCompare(b.root));
  }

  get(root: string): RepositoryModel | undefined {
    return this.repos.get(normalize(root));
  }

  /** The innermost repository that contains a file URI. */
  forUri(uri: vscode.Uri): RepositoryModel | undefined {
    let best: RepositoryModel | undefined;
    for (const r of this.repos.values()) if (r.relativePath(uri) !== undefined && (!best || r.root.length > best.root.length)) best = r;
    return best;
  }

  /**
   * The repository a command without arguments acts on: the active editor's, else the only
   * one, else the first under review, else the first.
   */
  get active(): RepositoryModel | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const byEditor = uri && this.forUri(uri);
    if (byEditor) return byEditor;
    const all = this.repositories;
    return all.find((r) => r.reviewing) ?? all[0];
  }

  /**
   * Follows the repository at `dir` (any folder inside it); opening it with git finds the
   * top level. Resolves to its model, or undefined when `dir` is not in a repository.
   */
  open(dir: string, branch?: string): Promise<RepositoryModel | undefined> {
    const key = normalize(dir);
    const known = this.repos.get(key);
    if (known) {
      if (branch) known.branch = branch;
      return Promise.resolve(known);
    }
    const pending = this.opening.get(key);
    if (pending) return pending;
    const p = (async () => {
      let git: SimpleGitSource;
      try {
        git = await SimpleGitSource.open(dir);
      } catch (e) {
        this.deps.logger('model').debug(`${dir} is not followed: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      } finally {
        this.opening.delete(key);
      }
      const root = normalize(git.root);
      const existing = this.repos.get(root);
      if (existing) return existing;
      if (this.isDisposed) return undefined;
      const repo = new RepositoryModel(root, git, { config: this.deps.config, logger: this.deps.logger('analysis'), onError: this.deps.onError, chosenBase: this.deps.chosenBase, detectPullRequest: this.deps.detectPullRequest });
      repo.branch = branch;
      this.repos.set(root, repo);
      repo.onDidChange((r) => this._onDidChange.fire(r));
      this.deps.logger('model').info(`following ${root}`);
      this._onDidChange.fire(undefined);
      void repo.reload('opened');
      return repo;
    })();
    this.opening.set(key, p);
    return p;
  }

  close(root: string): void {
    const key = normalize(root);
    const repo = this.repos.get(key);
    if (!repo) return;
    this.repos.delete(key);
    repo.dispose();
    this.deps.logger('model').info(`no longer following ${key}`);
    this._onDidChange.fire(undefined);
  }

  /** True while any repository is opening, loading or has changes waiting. */
  get busy(): boolean {
    return this.opening.size > 0 || [...this.repos.values()].some((r) => r.busy);
  }

  /** Resolves when no repository has work queued. */
  async idle(): Promise<void> {
    for (let i = 0; i < 100 && this.busy; i++) {
      await Promise.all([...this.opening.values()]);
      await Promise.all([...this.repos.values()].map((r) => r.idle()));
    }
  }
}

function normalize(p: string): string {
  return path.resolve(p);
}
