import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  DEFAULT_SERVER_SETTINGS,
  NOTE_LANGUAGE_ID,
  RepositoryChangedNotification,
  SettingsChangedNotification,
  type ServerInitializationOptions,
  type ServerSettings,
} from '../shared/protocol';
import { SETTING_KEYS, SETTINGS_SECTION } from '../shared/settings';

/** Maps the `handoff.*` configuration onto the server's typed settings (the only place that does). */
function readServerSettings(): ServerSettings {
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

/**
 * Starts the note language server LAZILY: the first time a `handoff-note` document or a
 * `.handoff/config.yaml` is open (already-open documents count), never at activation.
 * The returned Disposable stops the client.
 */
export function registerLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): NoteLanguageClient {
  let client: LanguageClient | undefined;
  let starting: Promise<void> | undefined;
  let disposed = false;
  const disposables: vscode.Disposable[] = [];

  const start = (): void => {
    if (client || starting || disposed) return;
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
      initializationOptions,
      // Every workspace file event reaches the server (it debounces): a saved source file may
      // change an impact; .git/HEAD or .git/refs/** changing means the range itself moved.
      synchronize: { fileEvents: watcher },
      outputChannel: log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    const c = new LanguageClient('handoff', 'Handoff Notes Language Server', serverOptions, clientOptions);
    log.info('[client] starting the note language server');
    starting = c.start().then(
      () => {
        client = c;
        starting = undefined;
        if (disposed) void c.stop();
      },
      (e: unknown) => {
        starting = undefined;
        log.error(`[client] the note language server failed to start: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  const maybeStart = (doc: vscode.TextDocument): void => {
    if (wantsServer(doc)) start();
  };

  vscode.workspace.textDocuments.forEach(maybeStart);
  disposables.push(
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (client && e.affectsConfiguration(SETTINGS_SECTION)) void client.sendNotification(SettingsChangedNotification.type, readServerSettings());
    }),
  );

  const handle = new vscode.Disposable(() => {
    disposed = true;
    vscode.Disposable.from(...disposables).dispose();
    if (client) void client.stop();
    client = undefined;
  }) as NoteLanguageClient;
  handle.notifyRepositoryChanged = (repo, paths) => {
    if (client) void client.sendNotification(RepositoryChangedNotification.type, { repo, ...(paths ? { paths } : {}) });
  };
  return handle;
}

/** The handle `registerLanguageClient` returns: dispose to stop the server. */
export interface NoteLanguageClient extends vscode.Disposable {
  /**
   * Tells a running server that a repository changed in a way file events may not show
   * (commit, checkout, base change). A no-op while the server is not started.
   */
  notifyRepositoryChanged(repo: string, paths?: string[]): void;
}
