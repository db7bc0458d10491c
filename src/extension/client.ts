import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as LanguageClientLib from 'vscode-languageclient/node';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { NOTE_LANGUAGE_ID } from '../shared/noteLanguage';
import type * as Protocol from '../shared/protocol';
import type { AnalysisPushParams, AnalysisStatus, ServerInitializationOptions, ServerSettings } from '../shared/protocol';
import { AnalysisPusher } from '../shared/reportDelta';
import { SETTING_KEYS, SETTINGS_SECTION } from '../shared/settings';
import type { HandoffModel } from './model/handoffModel';
import type { RepositoryModel } from './model/repositoryModel';
import type { Log } from './log';

/**
 * The language client library and the protocol's message types (vscode-languageserver-protocol):
 * loaded the first time the server starts, never during activation (issue 17: their modules'
 * initialisation was most of what loading the extension cost). esbuild makes these requires lazy
 * module initialisers, as in src/bundle.ts.
 */
const languageClientLib = (): typeof LanguageClientLib => require('vscode-languageclient/node') as typeof LanguageClientLib;
const protocol = (): typeof Protocol => require('../shared/protocol') as typeof Protocol;

/** Maps the `handoff.*` configuration onto the server's typed settings (the only place that does). */
function readServerSettings(): ServerSettings {
  const { DEFAULT_SERVER_SETTINGS } = protocol();
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const base = cfg.get<unknown>(SETTING_KEYS.baseBranch);
  const ignore = cfg.get<unknown>(SETTING_KEYS.ignore);
  const size = cfg.get<unknown>(SETTING_KEYS.maxFileSizeKb);
  return {
    baseBranch: typeof base === 'string' && base.trim() ? base.trim() : DEFAULT_SERVER_SETTINGS.baseBranch,
    ignore: Array.isArray(ignore) ? ignore.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_SERVER_SETTINGS.ignore,
    maxFileSizeKb: typeof size === 'number' && size > 0 ? size : DEFAULT_SERVER_SETTINGS.maxFileSizeKb,
  };
}

/** True for documents that need the note language server. */
function wantsServer(doc: vscode.TextDocument): boolean {
  if (doc.languageId === NOTE_LANGUAGE_ID) return true;
  return doc.uri.scheme === 'file' && doc.uri.path.endsWith('/.handoff/config.yaml');
}

/** What the server needs of a repository's analysis: the report the views show, or why there is none. */
function pushOf(repo: RepositoryModel): AnalysisPushParams | undefined {
  if (repo.state === 'loading' && !repo.report) return undefined;
  const config = repo.config;
  const error = repo.state === 'error' ? (repo.error instanceof Error ? repo.error.message : String(repo.error)) : null;
  return {
    root: repo.root,
    report: repo.state === 'error' ? null : (repo.report ?? null),
    error,
    ...(config && repo.state !== 'error' ? { roles: [...config.roles], templates: config.templates } : {}),
  };
}

/**
 * Starts the note language server LAZILY: the first time a `handoff-note` document or a
 * `.handoff/config.yaml` is open (already-open documents count, from `startForOpenDocuments`
 * just after activation), never during activation.
 * The returned Disposable stops the client.
 *
 * One analysis per repository: the server is started with `analysisFromClient` and runs
 * none. It asks to follow a note's repository (`handoff/followRepository`), and this client
 * pushes that repository's report whenever the model's analysis lands (`handoff/analysis`):
 * after the full load, after each save's incremental update, never a second analysis.
 */
export function registerLanguageClient(context: vscode.ExtensionContext, logs: Log, model: HandoffModel): NoteLanguageClient {
  // The channel is made when first written to (Log), never during activation.
  const log = { warn: (m: string) => logs.channel.warn(m), info: (m: string) => logs.channel.info(m), error: (m: string) => logs.channel.error(m) };
  let client: LanguageClient | undefined;
  let starting: Promise<void> | undefined;
  let disposed = false;
  const disposables: vscode.Disposable[] = [];
  /** Repositories the running server asked for. */
  const followed = new Set<string>();

  /** The client being started or running (requests from the server arrive before `start` resolves). */
  let live: LanguageClient | undefined;
  /**
   * What the running server holds of each repository: the first push after it asked to follow
   * one is whole, each save's update after it a delta of it (src/shared/reportDelta.ts).
   */
  const pusher = new AnalysisPusher({
    full: (params) => live?.sendNotification(protocol().AnalysisPushNotification.type, params) ?? Promise.resolve(),
    delta: (params) => live?.sendNotification(protocol().AnalysisDeltaNotification.type, params) ?? Promise.resolve(),
  });
  const push = (repo: RepositoryModel): void => {
    if (!live || !followed.has(repo.root)) return;
    const params = pushOf(repo);
    if (!params) return;
    // Undefined: nothing new (a state change only).
    pusher.push(params)?.catch((e: unknown) => log.warn(`[client] could not send ${repo.name}'s analysis: ${e instanceof Error ? e.message : String(e)}`));
  };
  disposables.push(model.onDidChange((repo) => (repo ? push(repo) : undefined)));

  const start = (): void => {
    if (client || starting || disposed) return;
    const { LanguageClient, RevealOutputChannelOn, TransportKind } = languageClientLib();
    const { AnalysisResyncNotification, FollowRepositoryRequest } = protocol();
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const initializationOptions: ServerInitializationOptions = {
      // VS Code picked the extension's bundle for the display language (undefined for English);
      // the server's strings live in the bundle of the same name under l10n/server.
      l10nUri: vscode.l10n.uri ? vscode.Uri.joinPath(context.extensionUri, 'l10n', 'server', path.posix.basename(vscode.l10n.uri.path)).toString() : undefined,
      language: vscode.env.language,
      settings: readServerSettings(),
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    disposables.push(watcher);
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: NOTE_LANGUAGE_ID },
        { scheme: 'file', pattern: '**/.handoff/config.yaml' },
      ],
      initializationOptions: { ...initializationOptions, analysisFromClient: true },
      // Workspace file events reach the server (it debounces): a created or deleted file changes
      // the file list it completes paths from. Analyses are this extension's, pushed after each.
      synchronize: { fileEvents: watcher },
      outputChannel: logs.channel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    const c = new LanguageClient('handoff', 'Handoff Notes Language Server', serverOptions, clientOptions);
    followed.clear();
    pusher.reset();
    live = c;
    c.onRequest(FollowRepositoryRequest.type, async ({ dir }) => {
      const repo = await model.open(dir);
      if (!repo) return { root: null };
      // A server that asks holds nothing of it (it may have restarted): the next push is whole.
      followed.add(repo.root);
      pusher.reset(repo.root);
      // After the answer: the server maps the folder to this root first.
      setTimeout(() => push(repo), 0);
      return { root: repo.root };
    });
    // A delta the server could not apply: it gets the whole report.
    c.onNotification(AnalysisResyncNotification.type, ({ root }) => {
      log.info(`[client] the language server asked for the whole analysis of ${root}`);
      pusher.reset(root);
      const repo = model.get(root);
      if (repo) push(repo);
    });
    log.info('[client] starting the note language server');
    starting = c.start().then(
      () => {
        client = c;
        starting = undefined;
        if (disposed) void c.stop();
      },
      (e: unknown) => {
        starting = undefined;
        if (live === c) live = undefined;
        log.error(`[client] the note language server failed to start: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  const maybeStart = (doc: vscode.TextDocument): void => {
    if (wantsServer(doc)) start();
  };

  // Notes already open (restored editors) start the server through `startForOpenDocuments`, which
  // the extension calls just after activation returns, never inside it (loading the language client
  // and spawning the server's process are tens of ms). A note opened meanwhile starts it through
  // onDidOpenTextDocument; `start` runs once.
  disposables.push(
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (client && e.affectsConfiguration(SETTINGS_SECTION)) void client.sendNotification(protocol().SettingsChangedNotification.type, readServerSettings());
    }),
  );

  const handle = new vscode.Disposable(() => {
    disposed = true;
    live = undefined;
    vscode.Disposable.from(...disposables).dispose();
    if (client) void client.stop();
    client = undefined;
  }) as NoteLanguageClient;
  handle.startForOpenDocuments = () => vscode.workspace.textDocuments.forEach(maybeStart);
  handle.notifyRepositoryChanged = (repo, paths) => {
    if (client) void client.sendNotification(protocol().RepositoryChangedNotification.type, { repo, ...(paths ? { paths } : {}) });
  };
  handle.serverStatus = async (uri) => (client ? client.sendRequest(protocol().AnalysisStatusRequest.type, { uri: uri.toString(), wait: false }) : undefined);
  handle.pushes = () => pusher.counts.full + pusher.counts.delta;
  handle.pushCounts = () => ({ ...pusher.counts });
  return handle;
}

/** The handle `registerLanguageClient` returns: dispose to stop the server. */
export interface NoteLanguageClient extends vscode.Disposable {
  /** Starts the server if a note or the config is already open (called once, just after activation). */
  startForOpenDocuments(): void;
  /**
   * Tells a running server that a repository changed in a way file events may not show
   * (commit, checkout, base change). A no-op while the server is not started.
   */
  notifyRepositoryChanged(repo: string, paths?: string[]): void;
  /** The server's state for a document (its analysis counters among it), without waiting; undefined while it is not running. */
  serverStatus(uri: vscode.Uri): Promise<AnalysisStatus | undefined>;
  /** How many reports this client pushed to the server. */
  pushes(): number;
  /** Of those, how many went whole and how many as deltas of the one before. */
  pushCounts(): { full: number; delta: number };
}
