import type { Change } from '../types';

/** The special head of working mode: the working tree, staged and untracked files included. */
export const WORKTREE = 'WORKTREE';

/** The base of a repository without commits: the empty tree (everything is new). */
export const EMPTY_TREE_LABEL = '(empty tree)';

export interface ResolvedRange {
  mode: 'working' | 'review';
  /** The base ref as the user named it (or as detected). */
  base: string;
  baseSha: string;
  mergeBase: string;
  /** A ref, or WORKTREE. */
  head: string;
  /** The commit of head (HEAD's commit in working mode). */
  headSha: string;
  /**
   * HEAD's commit as read with the range, when it was (review mode asks whether head is
   * checked out): valid for as long as this range is, so one analysis asks git once.
   */
  checkedOut?: string | null;
}

export interface GrepHit {
  path: string;
  line: number;
  text: string;
}

export interface GrepOptions {
  /** Match whole words only (default true). */
  word?: boolean;
  /** The patterns are extended regular expressions, not fixed strings. */
  extended?: boolean;
  /** Report each match (`text` is the matched word) instead of each matching line. */
  onlyMatching?: boolean;
  /** With WORKTREE: search untracked, not ignored files too (default true). */
  untracked?: boolean;
  /** Use every core (default: half of them, the greps usually run beside the analysis). */
  allThreads?: boolean;
  /**
   * A read-bound grep of the work tree's tracked files (`untracked: false`, no pathspecs) that
   * waits for nothing else: with two cores or more and enough files, two git processes each
   * read half of the files (same hits, same order; see SimpleGitSource.grep).
   */
  split?: boolean;
}

export interface RefList {
  current: string | null;
  branches: string[];
  remoteBranches: string[];
  tags: string[];
  /** Recent commits: sha and subject. */
  commits: { sha: string; subject: string }[];
}

export interface ChangeOptions {
  /** Skip content analysis of a file larger than this, or whose changed text is. */
  maxBytes: number;
  /** Restrict the diff to these paths (the editor's incremental update). */
  paths?: string[];
  /**
   * Called with each change as soon as git has written all of it, in diff order (untracked
   * files last): the caller can work on it while git is still diffing the rest. A binary
   * change comes with `labelled`: its label (binary, or too large, then without hunks) is
   * final once that settles (it never rejects); its path and status are final at once.
   */
  onChange?: (change: Change, labelled?: Promise<void>) => void;
}

/** What `readRaw` found. */
export type RawFile =
  | { kind: 'missing' }
  | { kind: 'file'; bytes: Buffer }
  | { kind: 'too-large'; size: number }
  /** `path` (the file itself or a folder on the way) is a symbolic link to `target`. */
  | { kind: 'link'; path: string; target: string };

/**
 * Everything the engine asks of git. `simpleGitSource.ts` is the only implementation
 * and the only module that runs git.
 */
export interface GitSource {
  /** The repository's top-level folder. */
  readonly root: string;
  /** Base branch detection: origin/HEAD, then main, master, develop, trunk. */
  detectBase(): Promise<string>;
  resolveRange(opts: { base?: string; head?: string }): Promise<ResolvedRange>;
  /** The changes of the range with their `-U0` hunks, streamed from git. */
  changes(range: ResolvedRange, opts: ChangeOptions): Promise<Change[]>;
  /**
   * Review mode: starts the whole range's diff now, while the caller gets ready (profile,
   * rules); the next `changes` of that range with the same size limit and no paths reads it.
   * `dropStartedChanges` ends it if no such read comes.
   */
  startChanges?(range: ResolvedRange, maxBytes: number): void;
  dropStartedChanges?(): void;
  /**
   * Reads files at a commit (or WORKTREE). Missing files map to null; files larger than
   * maxBytes map to null too (the caller records that content was skipped).
   */
  readFiles(rev: string, paths: string[], maxBytes: number): Promise<Map<string, string | null>>;
  /** One blob's text by object id (as `Change.oldBlob`/`newBlob` name it); null like readFiles. */
  readBlob(oid: string, maxBytes: number): Promise<string | null>;
  /**
   * One file's raw bytes at a commit (or WORKTREE), for readers that judge them
   * themselves (the config: its size, encoding, NUL bytes). In the work tree a symbolic
   * link on the way is reported, never followed.
   */
  readRaw(rev: string, path: string, maxBytes: number): Promise<RawFile>;
  /**
   * Lines of tree `rev` (or WORKTREE) that contain any of `words` (fixed strings) as a
   * whole word (`word: false`: anywhere), optionally restricted to pathspecs. Binary files
   * are skipped.
   */
  grep(rev: string, words: string[], pathspecs?: string[], opts?: GrepOptions): Promise<GrepHit[]>;
  /** Starts what a `split` grep needs (the list of tracked files) before its words are known. */
  prepareGrepSplit?(): void;
  /**
   * True when HEAD is `sha`, no tracked file differs from it and none is skip-worktree (sparse): the checkout is head.
   * `signal` stops the check (it answers false); `onStarted` is called once its git processes are started.
   */
  worktreeMatches(sha: string, head?: string | null, signal?: AbortSignal, onStarted?: () => void): Promise<boolean>;
  /** The commit HEAD points to, or null (no commits yet). */
  headCommit(): Promise<string | null>;
  /** The tree id of a commit (what the repository profile is keyed by). */
  treeOf?(rev: string): Promise<string>;
  /**
   * Files whose blob differs between two commits or trees (no rename detection; submodules
   * left out): each path with its blob at `to`, null where `to` has none. For the env index.
   */
  diffTrees?(from: string, to: string): Promise<{ path: string; blob: string | null }[]>;
  /** The repository's common git folder (absolute): where the profile cache lives. */
  gitDir?(): Promise<string>;
  /** All file paths at a commit (or WORKTREE, tracked and untracked-not-ignored). */
  listFiles(rev: string): Promise<string[]>;
  /** The checked-out branch's short name, or null on a detached HEAD. */
  currentBranch(): Promise<string | null>;
  /** Branches, tags and recent commits, for pickers. */
  refs(): Promise<RefList>;
  /** The newest tag reachable from `rev`, or null. */
  lastTag(rev: string): Promise<string | null>;
  /** Paths (among `paths`) whose content differs between `from` and `to` (or WORKTREE incl. untracked). */
  changedPaths(from: string, to: string, pathspecs: string[]): Promise<Set<string>>;
}
