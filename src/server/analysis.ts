/**
 * Where the language server's own analyses run (when no client owns them): in a worker thread,
 * so that a repository whose files take the engine seconds never holds up a completion, hover
 * or code action; or, without a worker file, in the server's thread. Both keep one
 * AnalysisSession per repository (a full load, then per-save updates) and honour cancellation:
 * the engine checks its signal between files, and a worker that does not stop within
 * CANCEL_GRACE_MS of a cancel is terminated (the next analysis is a full one in a new worker).
 */
import { Worker } from 'node:worker_threads';
import { AnalysisSession, EngineError, WORKTREE, type Logger, type Report, type TemplateOverrides } from '../core';
import type { ServerSettings } from '../shared/protocol';

/** What to analyse: everything, or some repository-relative paths (structural: the file set changed). */
export interface AnalysisWork {
  all: boolean;
  paths: string[];
  structural: boolean;
}

/** The outcome of one analysis; `files` only when the work tree's file list was read again. */
export interface AnalysisOutcome {
  kind: 'full' | 'update' | 'failed';
  report: Report | null;
  error: string | null;
  files?: string[];
  roles?: string[];
  templates?: TemplateOverrides;
}

export interface AnalysisBackend {
  /** Rejects with the signal's reason when cancelled. */
  run(work: AnalysisWork, settings: ServerSettings, signal: AbortSignal): Promise<AnalysisOutcome>;
  dispose(): void;
}

const CANCEL_GRACE_MS = 1000;

/** The engine side, shared by the worker and the in-thread backend: one session per repository. */
export class SessionRunner {
  private session: AnalysisSession | null = null;

  constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  async run(work: AnalysisWork, settings: ServerSettings, signal: AbortSignal): Promise<AnalysisOutcome> {
    try {
      if (work.all || !this.session) {
        const { baseBranch, ignore, maxFileSizeKb } = settings;
        const overrides = { ...(ignore.length ? { ignore } : {}), ...(maxFileSizeKb ? { maxFileBytes: maxFileSizeKb * 1024 } : {}) };
        const session = await AnalysisSession.open({ repo: this.root, ...(baseBranch ? { base: baseBranch } : {}), overrides, logger: this.logger, signal });
        const report = await session.result();
        const files = await session.git.listFiles(WORKTREE);
        signal.throwIfAborted();
        this.replace(session);
        return { kind: 'full', report, error: null, files, roles: [...session.config.roles], templates: session.config.templates };
      }
      const session = this.session;
      const report = await session.update(work.paths, { signal });
      const files = work.structural ? await session.git.listFiles(WORKTREE) : undefined;
      return { kind: 'update', report, error: null, ...(files ? { files } : {}), roles: [...session.config.roles], templates: session.config.templates };
    } catch (e) {
      if (signal.aborted) throw e;
      this.replace(null);
      const error = e instanceof EngineError || e instanceof Error ? e.message : String(e);
      return { kind: 'failed', report: null, error };
    }
  }

  dispose(): void {
    this.replace(null);
  }

  private replace(session: AnalysisSession | null): void {
    const old = this.session;
    this.session = session;
    if (old && old !== session) (old.git as { close?: () => void }).close?.();
  }
}

/** Runs the analyses in this thread (no worker file: tests of the engine side, or a host without workers). */
export class InThreadBackend implements AnalysisBackend {
  private readonly runner: SessionRunner;
  constructor(root: string, logger: Logger) {
    this.runner = new SessionRunner(root, logger);
  }
  run(work: AnalysisWork, settings: ServerSettings, signal: AbortSignal): Promise<AnalysisOutcome> {
    return this.runner.run(work, settings, signal);
  }
  dispose(): void {
    this.runner.dispose();
  }
}

/** Messages between the server and its analysis worker. */
export type ToWorker = { type: 'run'; id: number; work: AnalysisWork; settings: ServerSettings } | { type: 'cancel'; id: number };
export type FromWorker =
  | { type: 'done'; id: number; outcome: AnalysisOutcome }
  | { type: 'cancelled'; id: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };

/** Data the worker is started with (`workerData`). */
export interface WorkerData {
  handoffAnalysisWorker: true;
  root: string;
}

/** Runs the analyses of one repository in a worker thread started from `file` (the bundle). */
export class WorkerBackend implements AnalysisBackend {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (o: AnalysisOutcome) => void; reject: (e: unknown) => void; signal: AbortSignal }>();

  constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  run(work: AnalysisWork, settings: ServerSettings, signal: AbortSignal): Promise<AnalysisOutcome> {
    signal.throwIfAborted();
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, signal });
      signal.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(id)) return;
          worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
          // Busy in one long step: stop the thread; the next analysis starts afresh.
          setTimeout(() => {
            if (this.pending.has(id) && this.worker === worker) {
              this.logger.debug(`[repo] ${this.root}: the analysis did not stop within ${CANCEL_GRACE_MS} ms; its worker is stopped`);
              this.stop(signal.reason);
            }
          }, CANCEL_GRACE_MS).unref();
        },
        { once: true },
      );
      worker.postMessage({ type: 'run', id, work, settings } satisfies ToWorker);
    });
  }

  dispose(): void {
    this.stop(new Error('disposed'));
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // The bundle's `startAnalysisWorker` (src/bundle.ts): nothing of it runs at the bundle's top level.
    const worker = new Worker(`require(${JSON.stringify(this.file)}).startAnalysisWorker();`, { eval: true, workerData: { handoffAnalysisWorker: true, root: this.root } satisfies WorkerData });
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'log') {
        this.logger[m.level](m.message);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'done') p.resolve(m.outcome);
      else p.reject(p.signal.reason ?? new Error('cancelled'));
    });
    worker.on('error', (e) => this.logger.error(`[repo] ${this.root}: analysis worker failed: ${e.stack ?? e.message}`));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(new Error('the analysis worker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private stop(reason: unknown): void {
    const worker = this.worker;
    this.worker = null;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(p.signal.aborted ? p.signal.reason : reason);
    }
    void worker?.terminate();
  }

  private failAll(e: Error): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(p.signal.aborted ? p.signal.reason : e);
    }
  }
}
