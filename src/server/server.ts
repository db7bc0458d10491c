import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import type { Logger } from '../core';
import {
  AnalysisDeltaNotification,
  AnalysisPushNotification,
  AnalysisResyncNotification,
  AnalysisStatusRequest,
  DEFAULT_SERVER_SETTINGS,
  FollowRepositoryRequest,
  NOTE_LANGUAGE_ID,
  RepositoryChangedNotification,
  SettingsChangedNotification,
  type AnalysisStatus,
  type ServerInitializationOptions,
  type ServerSettings,
} from '../shared/protocol';
import { noteCodeActions } from './features/codeActions';
import { completeNote } from './features/completion';
import { completeConfig, diagnoseConfig, hoverConfig } from './features/configFile';
import { diagnoseNote, envChangedBy, envNamesToCheck } from './features/diagnostics';
import { hoverNote } from './features/hover';
import { noteLinks } from './features/links';
import { makeNoteDoc, type NoteDoc } from './features/noteModel';
import { noteSymbols } from './features/symbols';
import { configureL10n } from './l10n';
import { configOnlySnapshot, Repositories, type RepoFileEvent, type RepoSnapshot } from './repositories';

export interface ServerDeps {
  /** Folder of the server's own l10n bundles (`l10n/server`), for the `language` fallback. */
  l10nDir: string;
  /** Where engine and server messages go; defaults to the connection's console. */
  logger?: Logger;
  /** The bundle to start analysis worker threads from (dist/extension.js); without it, analyses run in the server's thread. */
  analysisWorker?: string;
}

/** How long a request waits for a repository's first analysis before answering without it. */
const FIRST_ANALYSIS_WAIT_MS = 3000;
const VALIDATE_DELAY_MS = 150;

/** Where a document sits: a note or the config of the repository rooted at `root`. */
interface Located {
  kind: 'note' | 'config' | 'other';
  /** The repository folder (the parent of `.handoff/`), or null outside one. */
  root: string | null;
  /** Repository-relative path (posix), or the file name. */
  rel: string;
}

function locate(uri: string, languageId: string): Located {
  let file: string | null = null;
  if (uri.startsWith('file:')) {
    try {
      file = fileURLToPath(uri);
    } catch {
      file = null;
    }
  }
  const posix = file?.split(path.sep).join('/') ?? uri;
  const note = /^(.*)\/(\.handoff\/notes\/[^/]+)$/.exec(posix);
  if (file && note && (languageId === NOTE_LANGUAGE_ID || note[2].endsWith('.md'))) return { kind: 'note', root: note[1] ? path.normalize(note[1]) : path.sep, rel: note[2] };
  const config = /^(.*)\/(\.handoff\/config\.yaml)$/.exec(posix);
  if (file && config) return { kind: 'config', root: config[1] ? path.normalize(config[1]) : path.sep, rel: config[2] };
  if (languageId === NOTE_LANGUAGE_ID) return { kind: 'note', root: null, rel: posix.split('/').pop() ?? posix };
  return { kind: 'other', root: null, rel: posix };
}

/** Settings as the client sent them, with anything missing or malformed replaced by its default. */
function normaliseSettings(s: Partial<ServerSettings> | undefined): ServerSettings {
  return {
    baseBranch: typeof s?.baseBranch === 'string' && s.baseBranch.trim() ? s.baseBranch.trim() : DEFAULT_SERVER_SETTINGS.baseBranch,
    ignore: Array.isArray(s?.ignore) ? s.ignore.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_SERVER_SETTINGS.ignore,
    maxFileSizeKb: typeof s?.maxFileSizeKb === 'number' && s.maxFileSizeKb > 0 ? s.maxFileSizeKb : DEFAULT_SERVER_SETTINGS.maxFileSizeKb,
  };
}

function connectionLogger(connection: Connection): Logger {
  return {
    trace: (m) => connection.console.debug(m),
    debug: (m) => connection.console.debug(m),
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m instanceof Error ? (m.stack ?? m.message) : m),
  };
}

/**
 * The note language server: wires LSP requests to the pure feature modules of
 * `./features`, keeps one analysis per repository (`Repositories`) and re-validates the
 * open notes when an analysis changes. Testable with any connection.
 */
export function startServer(connection: Connection, deps: ServerDeps): void {
  const log = deps.logger ?? connectionLogger(connection);
  const documents = new TextDocuments(TextDocument);
  const validateTimers = new Map<string, NodeJS.Timeout>();
  const parsed = new Map<string, { version: number; generation: number; doc: NoteDoc }>();
  let settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS };

  const repos = new Repositories(
    settings,
    log,
    (repo) => {
      // A new report: the notes of its repository are diagnosed again at once (typing is what the delay is for).
      for (const d of documents.all()) {
        if (locate(d.uri, d.languageId).root !== repo.root) continue;
        clearTimeout(validateTimers.get(d.uri));
        validateTimers.delete(d.uri);
        void validate(d.uri);
      }
    },
    deps.analysisWorker,
  );

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const opts = (params.initializationOptions ?? {}) as ServerInitializationOptions;
    await configureL10n(opts, deps.l10nDir, (m) => log.debug(m));
    settings = normaliseSettings(opts.settings);
    repos.updateSettings(settings);
    // The extension analyses every repository it follows: the server asks it for those
    // reports instead of analysing a second time (see ARCHITECTURE.md, "One analysis per repository").
    if (opts.analysisFromClient === true) repos.useClientAnalyses((dir) => connection.sendRequest(FollowRepositoryRequest.type, { dir }));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['@', ' ', '/', '-', '"', "'", ':', '[', ','] },
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'handoff-notes' },
    };
  });

  /** The parsed note of an open document, cached per version (and per roles' snapshot). */
  function noteDoc(td: TextDocument, loc: Located, snap: RepoSnapshot | null): NoteDoc {
    const generation = snap?.generation ?? -1;
    const hit = parsed.get(td.uri);
    if (hit && hit.version === td.version && hit.generation === generation) return hit.doc;
    const doc = makeNoteDoc(td.uri, loc.rel, td.getText(), snap?.roles);
    if (loc.root === null) doc.isNote = /\.md$/i.test(loc.rel) ? !/^readme\.md$/i.test(loc.rel) : true;
    parsed.set(td.uri, { version: td.version, generation, doc });
    return doc;
  }

  /** The repository snapshot for a document; waits a bounded time for the first analysis. */
  async function snapshotOf(loc: Located): Promise<RepoSnapshot | null> {
    if (!loc.root) return null;
    const repo = repos.get(loc.root);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), FIRST_ANALYSIS_WAIT_MS)));
    try {
      return await Promise.race([repo.snapshot(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function scheduleValidate(uri: string): void {
    clearTimeout(validateTimers.get(uri));
    validateTimers.set(
      uri,
      setTimeout(() => {
        validateTimers.delete(uri);
        void validate(uri);
      }, VALIDATE_DELAY_MS),
    );
  }

  async function validate(uri: string): Promise<void> {
    const td = documents.get(uri);
    if (!td) return;
    const version = td.version;
    const loc = locate(uri, td.languageId);
    try {
      let diagnostics;
      if (loc.kind === 'config') diagnostics = diagnoseConfig(td.getText());
      else if (loc.kind === 'note') {
        const repo = loc.root ? repos.get(loc.root) : null;
        if (repo && !repo.peek()) {
          // The first analysis of a large repository takes a while: the note's own problems need not wait for it.
          await connection.sendDiagnostics({ uri, version, diagnostics: diagnoseNote(noteDoc(td, loc, null), null, new Set()) });
        }
        // Validation may wait for the first analysis as long as it takes: it is not a request.
        const snap = repo ? await repo.snapshot() : null;
        const current = documents.get(uri);
        if (!current || current.version !== version) return;
        const doc = noteDoc(current, loc, snap);
        // Names the range itself changes need no look-up (diagnoseNote asks only about the others).
        const changed = snap?.report ? envChangedBy(snap.report) : new Set<string>();
        const env = snap ? await snap.envMentioned(envNamesToCheck(doc).filter((n) => !changed.has(n))) : new Set<string>();
        diagnostics = diagnoseNote(doc, snap, env);
      } else return;
      if (documents.get(uri)?.version !== version) return; // a newer version is on its way
      await connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      log.error(`[server] validating ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  documents.onDidChangeContent((e) => {
    const loc = locate(e.document.uri, e.document.languageId);
    if (loc.kind === 'other') return;
    if (loc.root) repos.get(loc.root); // starts the analysis early
    scheduleValidate(e.document.uri);
  });
  documents.onDidClose((e) => {
    clearTimeout(validateTimers.get(e.document.uri));
    validateTimers.delete(e.document.uri);
    parsed.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const byRepo = new Map<string, RepoFileEvent[]>();
    for (const c of changes) {
      let file: string;
      try {
        file = fileURLToPath(c.uri);
      } catch {
        continue;
      }
      const repo = repos.find(file);
      if (!repo) continue;
      const rel = path.relative(repo.root, file).split(path.sep).join('/');
      const list = byRepo.get(repo.root) ?? [];
      list.push({ path: rel, structural: c.type !== FileChangeType.Changed });
      byRepo.set(repo.root, list);
    }
    for (const [root, events] of byRepo) repos.get(root).schedule(events);
  });

  connection.onNotification(RepositoryChangedNotification.type, ({ repo, paths }) => {
    const r = repos.find(path.resolve(repo));
    r?.schedule(paths ? paths.map((p) => ({ path: p, structural: true })) : 'all');
  });

  connection.onNotification(SettingsChangedNotification.type, (s) => {
    const next = normaliseSettings({ ...settings, ...s });
    if (JSON.stringify(next) === JSON.stringify(settings)) return;
    settings = next;
    log.info(`[server] settings: ${JSON.stringify(settings)}`);
    repos.updateSettings(settings);
  });

  connection.onNotification(AnalysisPushNotification.type, (push) => void repos.receive(push));
  connection.onNotification(AnalysisDeltaNotification.type, (delta) => {
    if (!repos.receiveDelta(delta)) void connection.sendNotification(AnalysisResyncNotification.type, { root: delta.root });
  });

  connection.onRequest(AnalysisStatusRequest.type, async ({ uri, wait }): Promise<AnalysisStatus> => {
    const td = documents.get(uri);
    const loc = locate(uri, td?.languageId ?? '');
    if (!loc.root) return { repo: null, impacts: 0, uncovered: 0, source: 'server', analyses: { fullLoads: 0, updates: 0, cancelled: 0 }, received: 0, running: false };
    const repo = repos.get(loc.root);
    const snap = wait === false ? repo.peek() : await repo.settled();
    return {
      repo: repo.root,
      impacts: snap?.report?.impacts.length ?? 0,
      uncovered: snap?.report?.summary.uncovered ?? 0,
      ...(snap?.error ? { error: snap.error } : {}),
      ...repo.stats(),
    };
  });

  /** Runs a request handler on an open note or config; a failure is logged and answered with `empty`. */
  function onDoc<T>(uri: string, empty: T, handler: (td: TextDocument, loc: Located) => Promise<T> | T): Promise<T> | T {
    const td = documents.get(uri);
    if (!td) return empty;
    const loc = locate(uri, td.languageId);
    if (loc.kind === 'other') return empty;
    return Promise.resolve()
      .then(() => handler(td, loc))
      .catch((e: unknown) => {
        log.error(`[server] request on ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return empty;
      });
  }

  connection.onCompletion(({ textDocument, position }) =>
    onDoc(textDocument.uri, null, async (td, loc) => {
      if (loc.kind === 'config') return completeConfig(td.getText(), position);
      // The first analysis still running: the config's roles at least.
      const snap = (await snapshotOf(loc)) ?? (loc.root ? await configOnlySnapshot(loc.root) : null);
      return completeNote(noteDoc(td, loc, snap), position, snap);
    }),
  );

  connection.onHover(({ textDocument, position }) =>
    onDoc(textDocument.uri, null, async (td, loc) => {
      if (loc.kind === 'config') return hoverConfig(td.getText(), position);
      const snap = await snapshotOf(loc);
      return hoverNote(noteDoc(td, loc, snap), position, snap);
    }),
  );

  connection.onDocumentLinks(({ textDocument }) =>
    onDoc(textDocument.uri, [], async (td, loc) => {
      if (loc.kind !== 'note') return [];
      const snap = await snapshotOf(loc);
      return noteLinks(noteDoc(td, loc, snap), snap);
    }),
  );

  connection.onCodeAction(({ textDocument, range, context }) =>
    onDoc(textDocument.uri, [], async (td, loc) => {
      if (loc.kind !== 'note') return [];
      const snap = await snapshotOf(loc);
      return noteCodeActions(noteDoc(td, loc, snap), td.version, range, context.diagnostics, snap, snap ? await snap.planFacts() : undefined);
    }),
  );

  connection.onDocumentSymbol(({ textDocument }) =>
    onDoc(textDocument.uri, [], (td, loc) => (loc.kind === 'note' ? noteSymbols(noteDoc(td, loc, null)) : [])),
  );

  connection.onShutdown(() => {
    for (const t of validateTimers.values()) clearTimeout(t);
    repos.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
