import * as path from 'node:path';
import * as vscode from 'vscode';
import { AnalysisSession, WORKTREE, type GitSource, type HandoffConfig, type Logger, type Note, type Report } from '../../core';
import type { Config } from '../config';
import { Batcher, SerialQueue } from '../util/async';
import { Disposable } from '../util/dispose';

/** What a repository's views show: the working tree against its base, or a branch under review. */
export type Mode = { kind: 'working' } | { kind: 'review'; base: string; head: string; title?: string };

/** A pull request the checked-out branch belongs to (from the GitHub/GitLab extension or its upstream). */
export interface CheckedOutPullRequest {
  title: string;
  /** The base its range is compared with, when known (`origin/main`). */
  base?: string;
}

export type LoadState = 'loading' | 'ready' | 'error';

export interface RepositoryModelDeps {
  config: Config;
  logger: Logger;
  /** Called with a load failure; the caller decides how (and whether) to tell the user. */
  onError(error: unknown, repo: RepositoryModel): void;
  /** The base the user chose for this repository ("Choose Base Branch…"), if any. */
  chosenBase?(root: string): string | undefined;
  /** Working mode, before each full load: the pull request the checked-out branch belongs to. */
  detectPullRequest?(repo: RepositoryModel): Promise<CheckedOutPullRequest | undefined>;
}

/** Paths in one save burst above which a full reload is cheaper than per-file updates. */
const MAX_INCREMENTAL_PATHS = 200;

/**
 * One repository's analysis, kept alive between edits: a full load on open, branch switch,
 * commit or settings change; after a save only the saved paths are re-read
 * (`AnalysisSession.update`). All loads of a repository run one at a time.
 */
export class RepositoryModel extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<RepositoryModel>());
  readonly onDidChange = this._onDidChange.event;

  private session: AnalysisSession | undefined;
  private readonly queue = new SerialQueue();
  private readonly updates: Batcher<string>;
  private readonly reloads: Batcher<string>;
  /** Bumped by every full load so that a stale incremental update is dropped. */
  private generation = 0;

  private _mode: Mode = { kind: 'working' };
  private _state: LoadState = 'loading';
  private _report: Report | undefined;
  private _notes: Note[] = [];
  private _error: unknown;
  /** The checked-out branch, when known (from the Git extension or git itself). */
  branch: string | undefined;
  /** Set when the checked-out branch is a pull request: working mode titles and bases its range by it. */
  pullRequest: CheckedOutPullRequest | undefined;
  /** How many full analyses and incremental updates ran (the log and the tests read them). */
  readonly counts = { fullLoads: 0, updates: 0 };

  constructor(
    readonly root: string,
    readonly git: GitSource,
    private readonly deps: RepositoryModelDeps,
  ) {
    super();
    this.updates = this._register(new Batcher<string>(250, (paths) => void this.applyUpdate(paths)));
    this.reloads = this._register(new Batcher<string>(400, (reasons) => void this.reload(reasons.join(', '))));
  }

  get name(): string {
    return path.basename(this.root);
  }
  get mode(): Mode {
    return this._mode;
  }
  get state(): LoadState {
    return this._state;
  }
  get report(): Report | undefined {
    return this._report;
  }
  /** The parsed notes of the range (checklist, quick fixes, change log). */
  get notes(): readonly Note[] {
    return this._notes;
  }
  /** The repository's `.handoff/config.yaml` as the analysis read it. */
  get config(): HandoffConfig | undefined {
    return this.session?.config;
  }
  get error(): unknown {
    return this._error;
  }
  get reviewing(): boolean {
    return this._mode.kind === 'review';
  }
  /** The revision whose files the views show: WORKTREE, or the head commit under review. */
  get headRev(): string {
    return this._mode.kind === 'review' && this._report ? this._report.range.headSha : WORKTREE;
  }
  /** True while a load runs or changes wait to be read. */
  get busy(): boolean {
    return !this.queue.idle || this.updates.busy || this.reloads.busy;
  }

  /** `main…feature/billing`, `PR #7`, or `main…working tree` in working mode. */
  rangeLabel(worktreeLabel: string): string {
    const r = this._report?.range;
    if (this._mode.kind === 'review') return this._mode.title ?? `${this._mode.head === this._mode.base ? '' : `${this._mode.base}…`}${this._mode.head}`;
    if (this.pullRequest) return this.pullRequest.title;
    return r ? `${r.base}…${worktreeLabel}` : worktreeLabel;
  }

  /** A title for what is shown: `PR #7`, or the range. */
  get title(): string | undefined {
    return this._mode.kind === 'review' ? this._mode.title : this.pullRequest?.title;
  }

  /** Repository-relative path (forward slashes) of a file URI inside this repository, else undefined. */
  relativePath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const rel = path.relative(this.root, uri.fsPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  uriOf(relPath: string): vscode.Uri {
    return vscode.Uri.file(path.join(this.root, ...relPath.split('/')));
  }

  /** Queues a debounced full reload (branch switch, commit, settings). */
  scheduleReload(reason: string): void {
    this.reloads.add(reason);
  }

  /** Queues a debounced re-read of these repository-relative paths (saves, file events). */
  scheduleUpdate(paths: string[]): void {
    if (this._mode.kind === 'review') return; // a review reads commits, not the working tree
    if (paths.some((p) => p === '.handoff/config.yaml')) {
      this.scheduleReload('configuration changed');
      return;
    }
    this.updates.add(...paths);
  }

  /** Re-opens the analysis now (waits for it). */
  reload(reason = 'refresh'): Promise<void> {
    this.updates.clear();
    this.reloads.clear();
    const generation = ++this.generation;
    const mode = this._mode;
    this.setState('loading');
    return this.queue.run(async () => {
      if (generation !== this.generation) return; // a newer reload is queued behind us
      const started = Date.now();
      this.deps.logger.debug(`${this.name}: full analysis (${reason})`);
      try {
        const { config } = this.deps;
        if (mode.kind === 'working' && this.deps.detectPullRequest) {
          this.pullRequest = await this.deps.detectPullRequest(this).catch(() => undefined);
        }
        const session = await AnalysisSession.open({
          repo: this.root,
          git: this.git,
          base: mode.kind === 'review' ? mode.base : this.deps.chosenBase?.(this.root) ?? config.baseBranch ?? this.pullRequest?.base ?? undefined,
          head: mode.kind === 'review' ? mode.head : undefined,
          logger: this.deps.logger,
          overrides: { ignore: config.ignore, maxFileBytes: config.maxFileBytes },
        });
        const report = await session.result();
        this.counts.fullLoads++;
        if (generation !== this.generation) return;
        this.session = session;
        this._report = report;
        this._notes = session.rangeNotes();
        this._error = undefined;
        this.deps.logger.info(`${this.name}: ${report.range.base}…${mode.kind === 'review' ? mode.head : 'working tree'}: ${report.summary.impacts} impacts, ${report.summary.uncovered} uncovered (${reason}; ${Date.now() - started} ms)`);
        this.setState('ready');
      } catch (e) {
        if (generation !== this.generation) return;
        this.session = undefined;
        this._report = undefined;
        this._notes = [];
        this._error = e;
        this.deps.logger.warn(`${this.name}: analysis failed: ${e instanceof Error ? e.message : String(e)}`);
        this.setState('error');
        this.deps.onError(e, this);
      }
    });
  }

  private applyUpdate(paths: string[]): Promise<void> {
    if (!this.session || paths.length > MAX_INCREMENTAL_PATHS) return this.reload(`${paths.length} files changed`);
    const generation = this.generation;
    return this.queue.run(async () => {
      const session = this.session;
      if (!session || generation !== this.generation) return;
      const started = Date.now();
      try {
        const report = await session.update(paths);
        this.counts.updates++;
        if (generation !== this.generation) return;
        this._report = report;
        this._notes = session.rangeNotes();
        this.deps.logger.debug(`${this.name}: updated ${paths.length} path(s) in ${Date.now() - started} ms: ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}`);
        this._onDidChange.fire(this);
      } catch (e) {
        // An update failing (e.g. the base vanished) falls back to a full load, which reports.
        this.deps.logger.warn(`${this.name}: incremental update failed, reloading: ${e instanceof Error ? e.message : String(e)}`);
        void this.reload('update failed');
      }
    });
  }

  /** Switches to reviewing `base...head` (nothing is checked out) and loads it; `title`: "PR #7". */
  review(base: string, head: string, title?: string): Promise<void> {
    this._mode = { kind: 'review', base, head, title };
    return this.reload(`review ${title ? `${title} ` : ''}${base}…${head}`);
  }

  backToWorkingTree(): Promise<void> {
    this._mode = { kind: 'working' };
    return this.reload('back to working tree');
  }

  /** Tells the views to look again without re-analysing (e.g. a checkout during a review). */
  notifyChanged(): void {
    this._onDidChange.fire(this);
  }

  /** Resolves when nothing is queued or running (tests, commands that need fresh data). */
  async idle(): Promise<void> {
    for (let i = 0; i < 50 && this.busy; i++) {
      await this.queue.drained();
      if (this.updates.busy || this.reloads.busy) await new Promise((r) => setTimeout(r, 100));
    }
  }

  private setState(state: LoadState): void {
    this._state = state;
    this._onDidChange.fire(this);
  }
}
