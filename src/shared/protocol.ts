/**
 * The typed contract between the extension's language client (`src/extension/client.ts`)
 * and the note language server (`src/server/`). Types and constants only: no vscode, no
 * runtime dependency beyond the protocol package's message types.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Impact, Report, TemplateOverrides } from '../core';
import { DEFAULT_SETTINGS, type HandoffSettings } from './settings';

export { NOTE_LANGUAGE_ID } from './noteLanguage';

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
  /**
   * True when the client owns the analyses (the extension): the server runs none, asks the
   * client to follow a note's repository ({@link FollowRepositoryRequest}) and answers from the
   * reports the client pushes ({@link AnalysisPushNotification}). Absent or false (another
   * editor, `--stdio`): the server analyses each repository itself.
   */
  analysisFromClient?: boolean;
}

/** Parameters of {@link FollowRepositoryRequest}. */
export interface FollowRepositoryParams {
  /** The folder holding a note's `.handoff/` (absolute path). */
  dir: string;
}

/** Result of {@link FollowRepositoryRequest}: the root of the repository the client follows for `dir`, or null when `dir` is in none. */
export interface FollowRepositoryResult {
  root: string | null;
}

/** Server → client (with `analysisFromClient`): follow the repository holding `dir` and push its analyses from now on. */
export namespace FollowRepositoryRequest {
  export const method = 'handoff/followRepository';
  export const type = new RequestType<FollowRepositoryParams, FollowRepositoryResult, void>(method);
}

/** Parameters of {@link AnalysisPushNotification}: one repository's analysis as the client holds it. */
export interface AnalysisPushParams {
  /** Root of the repository (as {@link FollowRepositoryResult} named it). */
  root: string;
  /** The report the editor shows (working mode, or the branch under review); null when the analysis failed. */
  report: Report | null;
  /** Why the analysis failed (bad base, bad config…), else null. */
  error: string | null;
  /** Roles and templates of the repository's config as the analysis read it (absent when it failed). */
  roles?: string[];
  templates?: TemplateOverrides;
  /**
   * The client's number for this push; a later {@link AnalysisDeltaParams} names it as `from`.
   * Absent: no delta can follow this push (another client).
   */
  version?: number;
}

/** Client → server: a followed repository's analysis finished (full load or update after a save), whole. */
export namespace AnalysisPushNotification {
  export const method = 'handoff/analysis';
  export const type = new NotificationType<AnalysisPushParams>(method);
}

/**
 * Parameters of {@link AnalysisDeltaNotification}: a new report of a repository, as what changed
 * since the push numbered `from` (see src/shared/reportDelta.ts). Never carries a failed analysis.
 */
export interface AnalysisDeltaParams {
  root: string;
  /** The version of the report this delta applies to (the last push the client sent for `root`). */
  from: number;
  /** This report's version. */
  version: number;
  /** Impacts whose id the previous report had, now different (in its place). */
  changed: Impact[];
  /** Impacts new in this report, with their index in its impacts (ascending). */
  added: { at: number; impact: Impact }[];
  /** Ids of the previous report's impacts that are gone. */
  removed: string[];
  /** Everything of the report but its impacts, whole. */
  rest: Omit<Report, 'impacts'>;
  roles?: string[];
  templates?: TemplateOverrides;
}

/**
 * Client → server: a followed repository's new report, as a delta of the one the server holds
 * (every save's update: only what the save changed crosses). Sent after a full push only.
 */
export namespace AnalysisDeltaNotification {
  export const method = 'handoff/analysisDelta';
  export const type = new NotificationType<AnalysisDeltaParams>(method);
}

/** Parameters of {@link AnalysisResyncNotification}. */
export interface AnalysisResyncParams {
  root: string;
}

/** Server → client: a delta for `root` did not apply (the server does not hold its `from`); push the whole report again. */
export namespace AnalysisResyncNotification {
  export const method = 'handoff/analysisResync';
  export const type = new NotificationType<AnalysisResyncParams>(method);
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
  /** Who analyses: the server itself, or the client that pushes its reports. */
  source: 'server' | 'client';
  /** Analyses the SERVER ran for this repository (always 0 when the client owns them), and those a newer change cancelled. */
  analyses: { fullLoads: number; updates: number; cancelled: number };
  /** Reports received from the client and in use (analysisFromClient). */
  received: number;
  /** Of `received`, those that came as deltas ({@link AnalysisDeltaNotification}), and deltas that did not apply (a whole push was asked for). */
  deltas?: { applied: number; refused: number };
  /** True while an analysis runs or waits (only meaningful with `wait: false`). */
  running: boolean;
  /** Greps for the env names notes cover (analysisFromClient): of the whole work tree, and of changed files only. */
  envGreps?: { whole: number; changed: number };
}

/** Parameters of {@link AnalysisStatusRequest}. */
export interface AnalysisStatusParams {
  uri: string;
  /** False: answer at once from the last finished analysis, without flushing or waiting (default true). */
  wait?: boolean;
}

/** Client → server: the analysis state the server uses for a document (tests and the status bar use it; waits for a pending refresh unless `wait` is false). */
export namespace AnalysisStatusRequest {
  export const method = 'handoff/analysisStatus';
  export const type = new RequestType<AnalysisStatusParams, AnalysisStatus, void>(method);
}

/** The argument of the `command:handoff.openDiff` link the server puts on a note's title. */
export interface OpenDiffLinkArgs {
  /** Absolute path of the repository root. */
  repo: string;
  /** Repository-relative path of the file whose diff (in the current range) to open. */
  path: string;
}
