/**
 * The typed contract between the extension's language client (`src/extension/client.ts`)
 * and the note language server (`src/server/`). Types and constants only: no vscode, no
 * runtime dependency beyond the protocol package's message types.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import { DEFAULT_SETTINGS, type HandoffSettings } from './settings';

/** The language id of deployment notes (`.handoff/notes/*.md`). */
export const NOTE_LANGUAGE_ID = 'handoff-note';

/** Repository-relative path of the configuration file the server also validates. */
export const CONFIG_FILE_GLOB = '**/.handoff/config.yaml';

/** Command the server links a note's title to (`command:` document link); the extension registers it. */
export const OPEN_DIFF_COMMAND = 'handoff.openDiff';

/**
 * Settings the server reads: those of `handoff.*` that change what the analysis finds,
 * so that the server's view of the range matches the extension's. The client maps them
 * from the configuration (`readServerSettings` in client.ts).
 */
export type ServerSettings = Pick<HandoffSettings, 'baseBranch' | 'ignore' | 'maxFileSizeKb'>;

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { baseBranch: DEFAULT_SETTINGS.baseBranch, ignore: DEFAULT_SETTINGS.ignore, maxFileSizeKb: DEFAULT_SETTINGS.maxFileSizeKb };

/** `initializationOptions` the client sends. */
export interface ServerInitializationOptions {
  /** `vscode.l10n.uri`-style location of the server's l10n bundle folder (`l10n/server`), as a string URI or path. */
  l10nUri?: string;
  /** The display language (`vscode.env.language`), used to pick a bundle when no uri is given. */
  language?: string;
  settings?: Partial<ServerSettings>;
}

/** Parameters of {@link RepositoryChangedNotification}. */
export interface RepositoryChangedParams {
  /** Absolute path of the repository root (or any folder inside it). */
  repo: string;
  /** Repository-relative paths known to have changed; absent when the range itself may have changed (commit, checkout, base change). */
  paths?: string[];
}

/** Client → server: something changed in a repository that the file watcher cannot see (commit, checkout, base branch); re-analyse, debounced. */
export namespace RepositoryChangedNotification {
  export const method = 'handoff/repositoryChanged';
  export const type = new NotificationType<RepositoryChangedParams>(method);
}

/** Client → server: the `handoff.*` settings changed; the server re-opens its analyses. */
export namespace SettingsChangedNotification {
  export const method = 'handoff/settingsChanged';
  export const type = new NotificationType<Partial<ServerSettings>>(method);
}

/** Result of {@link AnalysisStatusRequest}. */
export interface AnalysisStatus {
  /** Repository root the document belongs to, or null outside any repository. */
  repo: string | null;
  /** Impacts of the range and how many of them still need a note. */
  impacts: number;
  uncovered: number;
  /** Set when the analysis could not run (not a git repository, unknown base…). */
  error?: string;
}

/** Client → server: the analysis state the server uses for a document (tests and the status bar use it; waits for a pending refresh). */
export namespace AnalysisStatusRequest {
  export const method = 'handoff/analysisStatus';
  export const type = new RequestType<{ uri: string }, AnalysisStatus, void>(method);
}

/** The argument of the `command:handoff.openDiff` link the server puts on a note's title. */
export interface OpenDiffLinkArgs {
  /** Absolute path of the repository root. */
  repo: string;
  /** Repository-relative path of the file whose diff (in the current range) to open. */
  path: string;
}
