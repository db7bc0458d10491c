import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { CONFIG_PATH, gatherPlanFacts, NO_FACTS, readWorktreeFile, SimpleGitSource, validateConfigText, WORKTREE, type GitSource, type Logger, type PlanFacts, type Report, type TemplateOverrides } from '../core';
import { InThreadBackend, WorkerBackend, type AnalysisBackend } from './analysis';
import type { AnalysisDeltaParams, AnalysisPushParams, AnalysisStatus, FollowRepositoryResult, ServerSettings } from '../shared/protocol';
import { applyReportDelta } from '../shared/reportDelta';

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

/** What the server's features need of a repository, whoever analyses it (the server, or the client that pushes reports). */
export interface RepoAnalysis {
  readonly root: string;
  /** The last snapshot, without waiting (null before the first analysis is done). */
  peek(): RepoSnapshot | null;
  /** The last snapshot; only the first one is awaited. */
  snapshot(): Promise<RepoSnapshot>;
  /** The snapshot after every queued and running refresh. */
  settled(): Promise<RepoSnapshot>;
  /** File events (or 'all': the range may have moved). */
  schedule(events: RepoFileEvent[] | 'all'): void;
  updateSettings(settings: ServerSettings): void;
  /** Counters and state for `handoff/analysisStatus` (tests, the log). */
  stats(): Pick<AnalysisStatus, 'source' | 'analyses' | 'received' | 'running' | 'envGreps' | 'deltas'>;
  dispose(): void;
}

const DEBOUNCE_MS = 250;
const MAX_INCREMENTAL_PATHS = 200;

/** Paths under `.git/` whose change moves the working-mode range (a commit, a checkout, a fetch of the base). */
function movesRange(rel: string): boolean {
  return rel === '.git/HEAD' || rel === '.git/packed-refs' || rel.startsWith('.git/refs/') || rel === CONFIG_PATH;
}

interface Work {
  all: boolean;
  paths: Set<string>;
  structural: boolean;
}

function mergeWork(into: Work | null, w: Work): Work {
  if (!into) return { all: w.all, paths: new Set(w.paths), structural: w.structural };
  into.all ||= w.all;
  into.structural ||= w.structural;
  for (const p of w.paths) into.paths.add(p);
  return into;
}

/** Rejection reason of an analysis a newer change cancelled. */
class Cancelled extends Error {
  constructor() {
    super('cancelled by a newer change');
  }
}

/** A promise resolved from outside (the first snapshot). */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * One repository's analysis run by the server itself (no client owns it: another editor,
 * `--stdio`), kept alive while its notes are open. Analyses are queued, debounced and run one
 * at a time off the request path: requests answer from the last finished snapshot, and only the
 * very first load is awaited (for a bounded time, by the caller). A change arriving while an
 * analysis runs cancels it (AnalysisSession's signal); its work is merged into the next one.
 */
export class Repository implements RepoAnalysis {
  private current: RepoSnapshot | null = null;
  private readonly first = deferred<RepoSnapshot>();
  private readonly backend: AnalysisBackend;
  private git: Promise<SimpleGitSource | null> | null = null;
  private files: string[] = [];
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Events gathered during the debounce. */
  private queued: Work | null = null;
  /** Work flushed and waiting for the worker (merged). */
  private pending: Work | null = null;
  private inflight: { work: Work; abort: AbortController } | null = null;
  private worker: Promise<void> | null = null;
  private disposed = false;
  private readonly counts = { fullLoads: 0, updates: 0, cancelled: 0 };

  constructor(
    readonly root: string,
    private settings: ServerSettings,
    private readonly logger: Logger,
    private readonly onDidChange: (repo: RepoAnalysis) => void,
    /** The bundle to start an analysis worker thread from; without it, analyses run in this thread. */
    workerFile?: string,
  ) {
    this.backend = workerFile ? new WorkerBackend(workerFile, root, logger) : new InThreadBackend(root, logger);
    this.queued = { all: true, paths: new Set(), structural: true };
    this.flush();
  }

  peek(): RepoSnapshot | null {
    return this.current;
  }

  snapshot(): Promise<RepoSnapshot> {
    return this.current ? Promise.resolve(this.current) : this.first.promise;
  }

  async settled(): Promise<RepoSnapshot> {
    for (;;) {
      if (this.timer) this.flush();
      const worker = this.worker;
      if (!worker) return this.current ?? this.first.promise;
      await worker;
    }
  }

  stats(): ReturnType<RepoAnalysis['stats']> {
    return { source: 'server', analyses: { ...this.counts }, received: 0, running: !!this.worker };
  }

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
    this.inflight?.abort.abort(new Cancelled());
    this.backend.dispose();
    void this.git?.then((g) => g?.close());
  }

  /** Hands the debounced events to the worker; an analysis already running is cancelled (its work runs again, merged). */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const work = this.queued;
    this.queued = null;
    if (!work) return;
    this.pending = mergeWork(this.pending, work);
    // The first load is never cancelled: until it lands, requests have nothing to answer from.
    if (this.inflight && this.current) this.inflight.abort.abort(new Cancelled());
    this.worker ??= this.work().finally(() => (this.worker = null));
  }

  private async work(): Promise<void> {
    while (this.pending && !this.disposed) {
      const work = this.pending;
      this.pending = null;
      const abort = new AbortController();
      this.inflight = { work, abort };
      try {
        await this.load(work, abort.signal);
      } catch (e) {
        if (!(e instanceof Cancelled) && !abort.signal.aborted) {
          this.logger.error(`[repo] ${this.root}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          continue;
        }
        this.counts.cancelled++;
        this.logger.debug(`[repo] ${this.root}: analysis cancelled by a newer change (${work.all ? 'full' : `${work.paths.size} paths`})`);
        this.pending = mergeWork(this.pending, work);
      } finally {
        this.inflight = null;
      }
    }
  }

  private async load(work: Work, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    const outcome = await this.backend.run({ all: work.all, paths: [...work.paths], structural: work.structural }, this.settings, signal);
    if (outcome.kind === 'full') this.counts.fullLoads++;
    else if (outcome.kind === 'update') this.counts.updates++;
    else this.logger.warn(`[repo] ${this.root}: analysis failed: ${outcome.error}`);
    if (outcome.files) this.files = outcome.files;
    else if (outcome.kind === 'failed') this.files = this.current ? [...this.current.files] : [];
    const git = outcome.report ? await this.gitSource() : null;
    const snap = await makeSnapshot({ root: this.root, generation: ++this.generation, report: outcome.report, error: outcome.error, files: this.files, git, roles: outcome.roles, templates: outcome.templates });
    this.logger.debug(`[repo] ${this.root}: snapshot ${snap.generation} in ${Date.now() - started} ms (${work.all ? 'full' : `${work.paths.size} paths`})`);
    if (!this.disposed) {
      this.current = snap;
      this.first.resolve(snap);
      this.onDidChange(this);
    }
  }

  /** The server thread's own git, for the snapshot's lookups (env names, plan facts): never an analysis. */
  private gitSource(): Promise<SimpleGitSource | null> {
    return (this.git ??= SimpleGitSource.open(this.root).catch(() => null));
  }
}

/**
 * A repository whose analysis the client owns (the extension, `analysisFromClient`): the
 * server runs no analysis. It asks the client once to follow the repository, then takes
 * each report the client pushes; between pushes it only re-lists the work tree's files when
 * files are created or deleted (completion of paths), and greps for env names on demand.
 */
export class ClientFedRepository implements RepoAnalysis {
  private current: RepoSnapshot | null = null;
  private readonly first = deferred<RepoSnapshot>();
  private generation = 0;
  private received = 0;
  private git: Promise<SimpleGitSource | null> | null = null;
  private files: Promise<string[]> | null = null;
  private last: AnalysisPushParams | null = null;
  private relist: NodeJS.Timeout | null = null;
  private disposed = false;
  /** Which env names files mention, kept across pushes: a save re-reads only the files that changed. */
  private readonly mentions = new EnvMentions(() => this.gitSource());
  /** The client's root for this repository, once it answered (null: in no repository). */
  readonly followed: Promise<string | null>;

  constructor(
    readonly root: string,
    private readonly logger: Logger,
    private readonly onDidChange: (repo: RepoAnalysis) => void,
    follow: (dir: string) => Promise<FollowRepositoryResult>,
  ) {
    this.followed = follow(root).then(
      (r) => r.root,
      (e: unknown) => {
        this.logger.warn(`[repo] ${root}: the client did not follow it: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      },
    );
    void this.followed.then((clientRoot) => {
      // In no repository: a snapshot saying so, with no report.
      if (clientRoot === null && !this.current) void this.publish({ root: this.root, report: null, error: null });
    });
  }

  peek(): RepoSnapshot | null {
    return this.current;
  }

  snapshot(): Promise<RepoSnapshot> {
    return this.current ? Promise.resolve(this.current) : this.first.promise;
  }

  settled(): Promise<RepoSnapshot> {
    return this.snapshot();
  }

  stats(): ReturnType<RepoAnalysis['stats']> {
    return { source: 'client', analyses: { fullLoads: 0, updates: 0, cancelled: 0 }, received: this.received, running: !this.current, envGreps: { ...this.mentions.greps }, deltas: { ...this.deltas } };
  }

  /** Of the reports received, those rebuilt from a delta; and the deltas of this repository's root that could not apply. */
  readonly deltas = { applied: 0, refused: 0 };

  /** A report the client pushed for this repository (whole, or rebuilt from a delta: `delta`). */
  receive(push: AnalysisPushParams, delta = false): void {
    if (this.disposed) return;
    if (delta) this.deltas.applied++;
    // A full load (the range may have moved, files may have changed unseen): names are read again.
    if (push.report && !isUpdateOf(this.last?.report ?? null, push.report)) this.mentions.clear();
    void this.publish(push, true);
  }

  /**
   * File events: a changed file's env mentions are read again when next asked for (and the notes
   * validated again if some were known); only a created or deleted file (or a moved range)
   * changes the file list; the analysis is the client's.
   */
  schedule(events: RepoFileEvent[] | 'all'): void {
    if (this.disposed) return;
    if (events === 'all') this.mentions.clear();
    else if (this.mentions.touch(events.map((e) => e.path)) && this.last && !events.some((e) => e.structural || movesRange(e.path))) {
      if (this.relist) clearTimeout(this.relist);
      this.relist = setTimeout(() => {
        this.relist = null;
        if (this.last && this.mentions.stale()) void this.publish(this.last);
      }, DEBOUNCE_MS);
      return;
    }
    if (events !== 'all' && !events.some((e) => e.structural || movesRange(e.path))) return;
    if (this.relist) clearTimeout(this.relist);
    this.relist = setTimeout(() => {
      this.relist = null;
      this.files = null;
      if (this.last) void this.publish(this.last);
    }, DEBOUNCE_MS);
  }

  updateSettings(): void {
    // The client analyses with its own settings.
  }

  dispose(): void {
    this.disposed = true;
    if (this.relist) clearTimeout(this.relist);
    void this.git?.then((g) => g?.close());
  }

  private gitSource(): Promise<SimpleGitSource | null> {
    return (this.git ??= SimpleGitSource.open(this.root).catch(() => null));
  }

  /** Makes `push` the current snapshot; `fresh`: a report the client just sent (counted once it is in use). */
  private async publish(push: AnalysisPushParams, fresh = false): Promise<void> {
    this.last = push;
    const git = push.report ? await this.gitSource() : null;
    const files = await (this.files ??= git ? git.listFiles(WORKTREE).catch(() => []) : Promise.resolve([]));
    if (this.disposed || this.last !== push) return; // a newer push is on its way
    const snap = await makeSnapshot({ root: this.root, generation: ++this.generation, report: push.report, error: push.error, files, git, roles: push.roles, templates: push.templates, mentions: this.mentions });
    if (fresh) this.received++;
    this.mentions.newRound();
    this.current = snap;
    this.first.resolve(snap);
    this.onDidChange(this);
  }
}

/**
 * What a request can use before a repository's first analysis lands: no report, the roles and
 * templates of its config (completion of `@role` needs no analysis). Generation 0: never cached as a real one.
 */
export function configOnlySnapshot(root: string): Promise<RepoSnapshot> {
  return makeSnapshot({ root, generation: 0, report: null, error: null, files: [], git: null });
}

/** Builds a snapshot; roles and templates come from a valid config when the analysis did not give them. */
async function makeSnapshot(o: { root: string; generation: number; report: Report | null; error: string | null; files: string[]; git: GitSource | null; roles?: readonly string[]; templates?: TemplateOverrides; mentions?: EnvMentions }): Promise<RepoSnapshot> {
  let roles = o.roles;
  let templates = o.templates;
  if (!roles || !templates) {
    // The analysis failed (often: the config being edited is broken); roles still come from a valid config.
    // Read as the engine reads it: never through a symbolic link out of the repository.
    const text = (await readWorktreeFile(o.root, CONFIG_PATH, 1024 * 1024))?.toString('utf8') ?? null;
    const config = validateConfigText(text ?? '').config;
    roles ??= config?.roles ?? [];
    templates ??= config?.templates ?? {};
  }
  const envCache = new Map<string, boolean>();
  const { git, report } = o;
  const range = report?.range;
  let facts: Promise<PlanFacts> | null = null;
  return {
    root: o.root,
    generation: o.generation,
    planFacts: () => (facts ??= report && git ? gatherPlanFacts(git, report).catch(() => NO_FACTS) : Promise.resolve(NO_FACTS)),
    report,
    error: o.error,
    rangeLabel: range ? `${range.base}…${range.head === WORKTREE ? l10n.t('working tree') : range.head}` : '',
    files: o.files,
    // The same list as the last snapshot's (files are listed again only when some are created or deleted): the same set.
    get fileSet() {
      return fileSetOf(o.files);
    },
    roles,
    templates,
    async envMentioned(names) {
      if (o.mentions) return o.mentions.mentioned(names);
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

const fileSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function fileSetOf(files: readonly string[]): ReadonlySet<string> {
  let set = fileSets.get(files);
  if (!set) fileSets.set(files, (set = new Set(files)));
  return set;
}

/** True when `next` is a report of the same range as `prev` (a save's update, not a full load that may follow a commit). */
function isUpdateOf(prev: Report | null, next: Report): boolean {
  return !!prev && prev.range.head === next.range.head && prev.range.headSha === next.range.headSha && prev.range.mergeBase === next.range.mergeBase;
}

/** More changed files than this since names were read: read every name again (one grep of the work tree). */
const MAX_TOUCHED = 200;

/**
 * Which env names some file of the work tree outside `.handoff/` mentions (the note's
 * "covers an env var nothing reads" check), kept per repository across the client's pushes:
 * per name, the files that mention it. A file event marks its path; the next question
 * greps only those paths for the known names (one small `git grep`), not the whole work tree
 * as every save did before (~0.5 s of a 50,000-file repository's save).
 */
class EnvMentions {
  private readonly byName = new Map<string, Set<string>>();
  private touched = new Set<string>();
  /** Names asked about since the last snapshot: what validating the notes again would ask (see `stale`). */
  private wanted = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();
  /** Greps run (AnalysisStatus.envGreps). */
  readonly greps = { whole: 0, changed: 0 };

  constructor(private readonly git: () => Promise<GitSource | null>) {}

  clear(): void {
    this.byName.clear();
    this.touched.clear();
  }

  /** Marks changed paths; true when some name is known (an answer may have changed). */
  touch(paths: string[]): boolean {
    if (!this.byName.size) return false;
    for (const p of paths) if (!p.startsWith('.git/')) this.touched.add(p);
    if (this.touched.size > MAX_TOUCHED) this.clear();
    return this.touched.size > 0;
  }

  /** A new snapshot: the notes are validated again, and ask afresh. */
  newRound(): void {
    this.wanted.clear();
  }

  /** True when changed paths wait to be read for a name the notes ask about (validating them again could change an answer). */
  stale(): boolean {
    if (!this.touched.size) return false;
    for (const n of this.wanted) if (this.byName.has(n)) return true;
    return false;
  }

  mentioned(names: readonly string[]): Promise<Set<string>> {
    for (const n of names) this.wanted.add(n);
    const run = this.chain.then(() => this.answer(names));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async answer(names: readonly string[]): Promise<Set<string>> {
    const git = await this.git();
    if (!git) return new Set(names);
    try {
      // Changed paths are read when a name asked is known (its files may have changed); they wait
      // otherwise: a note whose env names all come with the range's changes asks nothing, and a
      // save then costs no grep.
      if (this.touched.size && names.some((n) => this.byName.has(n))) {
        const paths = [...this.touched];
        this.touched = new Set();
        this.greps.changed++;
        const hits = await git.grep(WORKTREE, [...this.byName.keys()], paths.map((p) => `:(literal)${p}`));
        // A folder's event stands for the files under it.
        const gone = (f: string) => paths.some((p) => f === p || f.startsWith(`${p}/`));
        for (const set of this.byName.values()) for (const f of set) if (gone(f)) set.delete(f);
        this.record(hits, [...this.byName.keys()]);
      }
      const unknown = names.filter((n) => !this.byName.has(n));
      if (unknown.length) {
        this.greps.whole++;
        const hits = await git.grep(WORKTREE, unknown);
        for (const n of unknown) this.byName.set(n, new Set());
        this.record(hits, unknown);
      }
    } catch {
      // A failing grep proves nothing: every name is mentioned rather than warned about wrongly (and read again next time).
      this.clear();
      return new Set(names);
    }
    return new Set(names.filter((n) => this.byName.get(n)!.size > 0));
  }

  private record(hits: { path: string; text: string }[], names: string[]): void {
    for (const hit of hits) {
      if (hit.path.startsWith('.handoff/')) continue;
      for (const n of names) if (hit.text.includes(n)) this.byName.get(n)!.add(hit.path);
    }
  }
}

/** The repositories the open documents belong to, by root folder. */
export class Repositories {
  private readonly repos = new Map<string, RepoAnalysis>();
  private settings: ServerSettings;
  /** Set when the client owns the analyses: how to ask it to follow a folder. */
  private follow: ((dir: string) => Promise<FollowRepositoryResult>) | null = null;
  /** The last push per client root (a push may arrive before the follow request's answer). */
  private readonly pushes = new Map<string, AnalysisPushParams>();

  constructor(
    settings: ServerSettings,
    private readonly logger: Logger,
    private readonly onDidChange: (repo: RepoAnalysis) => void,
    /** The bundle analysis worker threads start from (see ./analysis.ts); without it, analyses run in this thread. */
    private readonly workerFile?: string,
  ) {
    this.settings = settings;
  }

  /** From now on the client owns the analyses (before any repository is opened). */
  useClientAnalyses(follow: (dir: string) => Promise<FollowRepositoryResult>): void {
    this.follow = follow;
  }

  get(root: string): RepoAnalysis {
    let repo = this.repos.get(root);
    if (!repo) {
      if (this.follow) {
        const fed = new ClientFedRepository(root, this.logger, this.onDidChange, this.follow);
        void fed.followed.then((clientRoot) => {
          const push = clientRoot !== null ? this.pushes.get(clientRoot) : undefined;
          if (push && !fed.peek()) fed.receive(push);
        });
        repo = fed;
      } else repo = new Repository(root, this.settings, this.logger, this.onDidChange, this.workerFile);
      this.repos.set(root, repo);
    }
    return repo;
  }

  /** A report the client pushed: every open repository the client follows under that root takes it. */
  async receive(push: AnalysisPushParams, delta = false): Promise<void> {
    this.pushes.set(push.root, push);
    for (const repo of this.repos.values()) {
      if (repo instanceof ClientFedRepository && (await repo.followed) === push.root && this.pushes.get(push.root) === push) repo.receive(push, delta);
    }
  }

  /**
   * A report the client pushed as a delta of the last one it pushed for that root: applied to
   * the report held, then taken as a whole push would be. False when it cannot apply (this
   * server holds another version, or none: it restarted): the caller asks for a whole push.
   */
  receiveDelta(d: AnalysisDeltaParams): boolean {
    const held = this.pushes.get(d.root);
    let report: Report;
    try {
      if (!held?.report || held.version === undefined || held.version !== d.from) throw new Error(`holds version ${held?.report ? held.version : 'none'}, not ${d.from}`);
      report = applyReportDelta(held.report, d);
    } catch (e) {
      this.logger.debug(`[repo] ${d.root}: a delta could not apply (${e instanceof Error ? e.message : String(e)}); asking for the whole report`);
      for (const repo of this.repos.values()) if (repo instanceof ClientFedRepository) void repo.followed.then((r) => r === d.root && repo.deltas.refused++);
      // Nothing held can be trusted any more: the whole push replaces it.
      this.pushes.delete(d.root);
      return false;
    }
    void this.receive({ root: d.root, report, error: null, roles: d.roles, templates: d.templates, version: d.version }, true);
    return true;
  }

  /** The repository that holds the absolute path `file`, among those open. */
  find(file: string): RepoAnalysis | undefined {
    let best: RepoAnalysis | undefined;
    for (const [root, repo] of this.repos) {
      if ((file === root || file.startsWith(root + path.sep) || file.startsWith(root + '/')) && (!best || root.length > best.root.length)) best = repo;
    }
    return best;
  }

  all(): RepoAnalysis[] {
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
