import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { AnalysisSession, CONFIG_PATH, EngineError, gatherPlanFacts, NO_FACTS, readWorktreeFile, validateConfigText, WORKTREE, type Logger, type PlanFacts, type Report, type TemplateOverrides } from '../core';
import type { ServerSettings } from '../shared/protocol';

/** What the language features know about one repository at one moment. Immutable. */
export interface RepoSnapshot {
  readonly root: string;
  /** Increases with every refresh; caches key on it. */
  readonly generation: number;
  /** The working-mode report, or null when the analysis could not run (`error`). */
  readonly report: Report | null;
  readonly error: string | null;
  /** `base…head` of the range, for messages. */
  readonly rangeLabel: string;
  /** Every file of the working tree (tracked and untracked, not ignored). */
  readonly files: readonly string[];
  readonly fileSet: ReadonlySet<string>;
  /** Roles of the repository's config (the defaults when it has none). */
  readonly roles: readonly string[];
  readonly templates: TemplateOverrides;
  /** Of `names`, those that some file outside `.handoff/` mentions (one `git grep` per uncached batch). */
  envMentioned(names: readonly string[]): Promise<Set<string>>;
  /** What the checklist planner reads from the repository (migration files, start-up migrations); once per snapshot. */
  planFacts(): Promise<PlanFacts>;
}

/** A file event as the server receives it: repository-relative path and whether the file set changed. */
export interface RepoFileEvent {
  path: string;
  structural: boolean;
}

const DEBOUNCE_MS = 250;
const MAX_INCREMENTAL_PATHS = 200;

/** Paths under `.git/` whose change moves the working-mode range (a commit, a checkout, a fetch of the base). */
function movesRange(rel: string): boolean {
  return rel === '.git/HEAD' || rel === '.git/packed-refs' || rel.startsWith('.git/refs/') || rel === CONFIG_PATH;
}

/**
 * One repository's analysis, kept alive while its notes are open. A refresh builds a
 * new snapshot in the background; requests keep answering from the last one, and only
 * the very first load is awaited.
 */
export class Repository {
  private current: RepoSnapshot | null = null;
  private running: Promise<RepoSnapshot> | null = null;
  private session: AnalysisSession | null = null;
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  private queued: { all: boolean; paths: Set<string>; structural: boolean } | null = null;
  private disposed = false;

  constructor(
    readonly root: string,
    private settings: ServerSettings,
    private readonly logger: Logger,
    private readonly onDidChange: (repo: Repository) => void,
  ) {
    this.queued = { all: true, paths: new Set(), structural: true };
    this.flush();
  }

  /** The last snapshot, without waiting (null before the first analysis is done). */
  peek(): RepoSnapshot | null {
    return this.current;
  }

  /** The last snapshot; the first load is awaited. */
  async snapshot(): Promise<RepoSnapshot> {
    return this.current ?? (await this.running!);
  }

  /** The snapshot after every queued and running refresh. */
  async settled(): Promise<RepoSnapshot> {
    for (;;) {
      if (this.timer) this.flush();
      const running = this.running;
      if (!running) return this.current!;
      await running;
      // A refresh queued meanwhile is waited for too (the loop flushes it at once).
      if (this.running === running) this.running = null;
    }
  }

  /** Schedules a refresh of `events` (or of everything), debounced. */
  schedule(events: RepoFileEvent[] | 'all'): void {
    if (this.disposed) return;
    const q = (this.queued ??= { all: false, paths: new Set(), structural: false });
    if (events === 'all') q.all = true;
    else {
      for (const e of events) {
        if (movesRange(e.path)) q.all = true;
        else if (e.path.startsWith('.git/') || /(^|\/)node_modules\//.test(e.path)) continue;
        q.paths.add(e.path);
        if (e.structural) q.structural = true;
      }
      // A branch switch or an install touches thousands of files: one full analysis beats
      // a diff with thousands of pathspecs (and stays under the command-line limit).
      if (q.paths.size > MAX_INCREMENTAL_PATHS) q.all = true;
      if (!q.all && q.paths.size === 0) {
        this.queued = null;
        return;
      }
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  updateSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.schedule('all');
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const work = this.queued;
    this.queued = null;
    if (!work) return;
    const previous = this.running ?? Promise.resolve();
    // Refreshes run one after another; each starts from the session the last one left.
    const next: Promise<RepoSnapshot> = previous.then(() => this.load(work));
    this.running = next;
    void next.finally(() => {
      if (this.running === next) this.running = null;
    });
  }

  private async load(work: { all: boolean; paths: Set<string>; structural: boolean }): Promise<RepoSnapshot> {
    const started = Date.now();
    let report: Report | null = null;
    let error: string | null = null;
    let files: string[] = this.current ? [...this.current.files] : [];
    try {
      if (work.all || !this.session) {
        const { baseBranch, ignore, maxFileSizeKb } = this.settings;
        const overrides = { ...(ignore.length ? { ignore } : {}), ...(maxFileSizeKb ? { maxFileBytes: maxFileSizeKb * 1024 } : {}) };
        this.session = await AnalysisSession.open({ repo: this.root, ...(baseBranch ? { base: baseBranch } : {}), overrides, logger: this.logger });
        report = await this.session.result();
        files = await this.session.git.listFiles(WORKTREE);
      } else {
        report = await this.session.update([...work.paths]);
        if (work.structural) files = await this.session.git.listFiles(WORKTREE);
      }
    } catch (e) {
      this.session = null;
      error = e instanceof EngineError || e instanceof Error ? e.message : String(e);
      this.logger.warn(`[repo] ${this.root}: analysis failed: ${error}`);
    }
    const snap = await this.makeSnapshot(report, error, files);
    this.logger.debug(`[repo] ${this.root}: snapshot ${snap.generation} in ${Date.now() - started} ms (${work.all ? 'full' : `${work.paths.size} paths`})`);
    if (!this.disposed) {
      this.current = snap;
      this.onDidChange(this);
    }
    return snap;
  }

  private async makeSnapshot(report: Report | null, error: string | null, files: string[]): Promise<RepoSnapshot> {
    const session = this.session;
    let roles: readonly string[] = session?.config.roles ?? [];
    let templates: TemplateOverrides = session?.config.templates ?? {};
    if (!session) {
      // The analysis failed (often: the config being edited is broken); roles still come from a valid config.
      // Read as the engine reads it: never through a symbolic link out of the repository.
      const text = (await readWorktreeFile(this.root, CONFIG_PATH, 1024 * 1024))?.toString('utf8') ?? null;
      const config = text === null ? validateConfigText('').config : validateConfigText(text).config;
      roles = config?.roles ?? [];
      templates = config?.templates ?? {};
    }
    const envCache = new Map<string, boolean>();
    const git = session?.git ?? null;
    const range = report?.range;
    let facts: Promise<PlanFacts> | null = null;
    return {
      root: this.root,
      generation: ++this.generation,
      planFacts: () => (facts ??= report && git ? gatherPlanFacts(git, report).catch(() => NO_FACTS) : Promise.resolve(NO_FACTS)),
      report,
      error,
      rangeLabel: range ? `${range.base}…${range.head === WORKTREE ? l10n.t('working tree') : range.head}` : '',
      files,
      fileSet: new Set(files),
      roles,
      templates,
      async envMentioned(names) {
        const unknown = names.filter((n) => !envCache.has(n));
        if (unknown.length && git) {
          const found = new Set<string>();
          try {
            for (const hit of await git.grep(WORKTREE, unknown)) {
              if (hit.path.startsWith('.handoff/')) continue;
              for (const n of unknown) if (hit.text.includes(n)) found.add(n);
            }
          } catch {
            // A failing grep proves nothing: report every name as mentioned rather than warn wrongly.
            for (const n of unknown) found.add(n);
          }
          for (const n of unknown) envCache.set(n, found.has(n));
        }
        return new Set(names.filter((n) => envCache.get(n) ?? true));
      },
    };
  }
}

/** The repositories the open documents belong to, by root folder. */
export class Repositories {
  private readonly repos = new Map<string, Repository>();
  private settings: ServerSettings;

  constructor(
    settings: ServerSettings,
    private readonly logger: Logger,
    private readonly onDidChange: (repo: Repository) => void,
  ) {
    this.settings = settings;
  }

  get(root: string): Repository {
    let repo = this.repos.get(root);
    if (!repo) {
      repo = new Repository(root, this.settings, this.logger, this.onDidChange);
      this.repos.set(root, repo);
    }
    return repo;
  }

  /** The repository that holds the absolute path `file`, among those open. */
  find(file: string): Repository | undefined {
    let best: Repository | undefined;
    for (const [root, repo] of this.repos) {
      if ((file === root || file.startsWith(root + path.sep) || file.startsWith(root + '/')) && (!best || root.length > best.root.length)) best = repo;
    }
    return best;
  }

  all(): Repository[] {
    return [...this.repos.values()];
  }

  updateSettings(settings: ServerSettings): void {
    this.settings = settings;
    for (const r of this.repos.values()) r.updateSettings(settings);
  }

  dispose(): void {
    for (const r of this.repos.values()) r.dispose();
    this.repos.clear();
  }
}
