import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError } from '../errors';
import type { Change } from '../types';
import { DiffStreamParser, untrackedChange } from './diffParser';
import { diffHunks } from './lineDiff';
import { EMPTY_TREE_LABEL, WORKTREE, type ChangeOptions, type GitSource, type RawFile, type GrepHit, type GrepOptions, type RefList, type ResolvedRange } from './gitSource';
import { GitGuard, SAFE_ARGS } from './guard';
import { inspectWorktreeFile, readWorktreeFile, worktreeSize } from './worktreeFiles';

const DIFF_FLAGS = ['--raw', '-p', '-U0', '-z', '-M', '-C', '--full-index', '--no-ext-diff', '--no-textconv', '--no-color', '--ignore-submodules=all'];

/** The user's attributes file when core.attributesFile is not set (GitGuard.plainContent is false when it is). */
const USER_ATTRIBUTES = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'git', 'attributes');

const CORES = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const GREP_THREADS = Math.max(1, Math.floor(CORES / 2));

/**
 * GrepOptions.split: with a listing of the tracked files under `minBytes` (~4,000 files) or
 * fewer than two `cores`, one process reads them all (a second one would cost more than it
 * saves); `runs` counts the split greps (tests, the bench).
 */
export const grepSplit = { minBytes: 100_000, cores: CORES, runs: 0 };

/**
 * The one module that runs git. Every command goes through `runGit`/`streamGit` or a
 * long-lived `cat-file`, all of which start git the same way: with the neutralizing
 * options of `guard.ts` (no hooks, filters, fsmonitor, pager, external diff, textconv,
 * signature checks, network) and its environment. Output streams instead of being
 * buffered whole where it can be large.
 */
export class SimpleGitSource implements GitSource {
  /** The common git folder, once known. */
  private commonDir: Promise<string> | null = null;
  /** `rev-parse` of a range started with the folders' (open's `range`), by "base\0head". */
  private prefetched: { key: string; out: Promise<string | null> } | null = null;
  /** The diff startChanges started, read by the next `changes` with the same arguments. */
  private startedDiff: { key: string; git: StartedGit } | null = null;
  /** Trees of the commits resolveRange saw (the profile asks for head's). */
  private readonly trees = new Map<string, string>();
  /** Long-lived `git cat-file` processes: object sizes, then contents of those small enough. */
  private readonly sizes: CatFile;
  private readonly contents: CatFile;

  private constructor(
    readonly root: string,
    private readonly guard: GitGuard,
    private readonly gitBinary: string,
  ) {
    this.sizes = new CatFile(gitBinary, root, guard, false);
    this.contents = new CatFile(gitBinary, root, guard, true);
  }

  /** Opens the repository that contains `dir`; throws EngineError on a non-repository. */
  /**
   * `range`: the range the caller will resolve first (base and head as given): its commits are
   * asked for beside the folders, not after them (rev-parse reads no work-tree content).
   */
  static async open(dir: string, gitBinary = 'git', range?: { base: string; head?: string }): Promise<SimpleGitSource> {
    const abs = path.resolve(dir);
    try {
      const st = await fs.stat(abs);
      if (!st.isDirectory()) throw new EngineError('not-a-repository', `${abs} is not a folder`);
    } catch (e) {
      if (e instanceof EngineError) throw e;
      throw new EngineError('not-a-repository', `${abs} does not exist`);
    }
    // One process for the three folders (`--path-format` needs git 2.31: older ones get the common dir later).
    const folders = (args: string[]) => runGit(gitBinary, abs, GitGuard.bootstrap(), args).catch((e: unknown) => {
      throw classify(e, abs);
    });
    const foldersOut = folders(['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir', '--git-common-dir']);
    // Beside it (each git start costs ~10 ms here): the config list the guard reads (asked
    // again at the top-level folder if `dir` is not it) and the range's commits.
    const configOut = runGit(gitBinary, abs, GitGuard.bootstrap(), GUARD_CONFIG_ARGS, undefined, [0, 1]);
    configOut.catch(() => undefined);
    const quick = range ? quickRangeArgs(range.base, range.head ?? 'HEAD') : null;
    const quickOut = quick ? runGit(gitBinary, abs, GitGuard.bootstrap(), quick).then((b) => b.toString('utf8').trim(), () => null) : null;
    const out = await foldersOut.catch(() => folders(['rev-parse', '--show-toplevel', '--absolute-git-dir']));
    const [root, gitDir, commonDir] = out.toString('utf8').split('\n');
    await GitGuard.checkWorktree(root, gitDir);
    let early: Promise<Buffer> | null = root === abs ? configOut : null; // its first read only
    const guard = await GitGuard.create(root, gitDir, (args) => {
      const pre = early && args.length === GUARD_CONFIG_ARGS.length && args.every((a, i) => a === GUARD_CONFIG_ARGS[i]) ? early : null;
      early = null;
      return pre ?? runGit(gitBinary, root, GitGuard.bootstrap(), args, undefined, [0, 1]);
    }).catch((e: unknown) => {
      throw classify(e, root);
    });
    const source = new SimpleGitSource(root, guard, gitBinary);
    if (range && quickOut) source.prefetched = { key: `${range.base}\0${range.head ?? 'HEAD'}`, out: quickOut };
    if (commonDir && path.isAbsolute(commonDir)) source.commonDir = Promise.resolve(commonDir);
    // Started now, while the heap is small (spawning from a large heap costs far more), and
    // reused by every read of this source; they end after a while without requests.
    source.sizes.start();
    source.contents.start();
    return source;
  }

  /** Ends the long-lived git processes once their pending reads are answered (a later read starts them again). */
  close(): void {
    this.sizes.close();
    this.contents.close();
  }

  /** The filter drivers to switch off, read again if the config changed (before git reads the work tree). */
  private refreshGuard(): Promise<void> {
    return this.guard.refresh().catch((e: unknown) => {
      throw classify(e, this.root);
    });
  }

  /**
   * Runs one git command of this repository for another part of the engine (pull requests,
   * sign-offs), neutralized like every other. `network: true` (a fetch the user asked for)
   * allows the file, git, ssh, http and https transports, never `ext::`/`fd::`, and ssh runs
   * as plain `ssh` (never the repository's `core.sshCommand`); `signal` kills it.
   */
  async exec(args: string[], opts: { input?: string; okCodes?: number[]; signal?: AbortSignal; network?: boolean } = {}): Promise<string> {
    const transports = opts.network ? [...['file', 'git', 'ssh', 'http', 'https'].flatMap((p) => ['-c', `protocol.${p}.allow=always`]), '-c', 'core.sshCommand=ssh'] : [];
    try {
      return (await runGit(this.gitBinary, this.root, this.guard.env, [...transports, ...args], opts.input, opts.okCodes, opts.signal)).toString('utf8');
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw classify(e, this.root);
    }
  }

  /** Runs one git command of this repository (neutralized as guard.ts says); rejects on an exit code not in okCodes. */
  private run(args: string[], input?: string, okCodes = [0], signal?: AbortSignal): Promise<Buffer> {
    return runGit(this.gitBinary, this.root, this.guard.env, args, input, okCodes, signal);
  }

  private async raw(args: string[]): Promise<string> {
    try {
      return (await this.run(args)).toString('utf8');
    } catch (e) {
      throw classify(e, this.root);
    }
  }

  private async tryRaw(args: string[]): Promise<string | null> {
    try {
      return (await this.run(args)).toString('utf8').trim();
    } catch {
      return null;
    }
  }

  private async verify(ref: string): Promise<string | null> {
    return this.tryRaw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  }

  async detectBase(): Promise<string> {
    // The first candidate that shares history with HEAD (an origin/HEAD naming an unrelated
    // branch is skipped); with none sharing it, the first that exists (the range then says why).
    const head = await this.headCommit();
    let first: string | undefined;
    const candidates = [
      await this.tryRaw(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']),
      ...['main', 'master', 'develop', 'trunk'],
      ...['main', 'master', 'develop', 'trunk'].map((n) => `origin/${n}`),
    ];
    for (const name of candidates) {
      const sha = name && (await this.verify(name));
      if (!name || !sha) continue;
      if (!head || (await this.tryRaw(['merge-base', sha, head]))) return name;
      first ??= name;
    }
    if (first) return first;
    throw new EngineError('no-base', 'could not detect the base branch (no origin/HEAD, main, master, develop or trunk); pass --base');
  }

  async resolveRange(opts: { base?: string; head?: string }): Promise<ResolvedRange> {
    const review = opts.head !== undefined && opts.head !== WORKTREE;
    // The common case first: both refs resolve with one merge-base (one process, maybe started by open).
    if (opts.base !== undefined) {
      const headRef = review ? opts.head! : 'HEAD';
      const quick = await this.quickRange(opts.base, headRef);
      if (quick) return { mode: review ? 'review' : 'working', base: opts.base, ...quick, head: review ? headRef : WORKTREE };
    }
    // No commits yet: everything in the working tree is new, compared with the empty tree.
    if (!review && !(await this.headCommit())) {
      const empty = (await this.run(['hash-object', '-t', 'tree', '--stdin'], '')).toString('utf8').trim();
      return { mode: 'working', base: EMPTY_TREE_LABEL, baseSha: empty, mergeBase: empty, head: WORKTREE, headSha: empty };
    }
    const base = opts.base ?? (await this.detectBase());
    const headRef = review ? opts.head! : 'HEAD';
    const quick = opts.base === undefined ? await this.quickRange(base, headRef) : null;
    if (quick) return { mode: review ? 'review' : 'working', base, ...quick, head: review ? headRef : WORKTREE };
    const [headSha, baseSha] = await Promise.all([this.verify(headRef), this.verify(base)]);
    if (!headSha) {
      if (!review) throw new EngineError('unknown-ref', 'the repository has no commits yet');
      throw new EngineError('unknown-ref', `unknown ref '${headRef}'`);
    }
    if (!baseSha) {
      const shallow = (await this.tryRaw(['rev-parse', '--is-shallow-repository'])) === 'true';
      if (shallow) throw new EngineError('shallow-clone', `unknown ref '${base}' in a shallow clone: fetch it (git fetch --unshallow, or actions/checkout with fetch-depth: 0)`);
      throw new EngineError('unknown-ref', `unknown ref '${base}'`);
    }
    const mergeBase = await this.tryRaw(['merge-base', baseSha, headSha]);
    if (!mergeBase) {
      const shallow = (await this.tryRaw(['rev-parse', '--is-shallow-repository'])) === 'true';
      if (shallow) throw new EngineError('shallow-clone', `no merge-base of '${base}' and '${headRef}' in this shallow clone: fetch more history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)`);
      throw new EngineError('unknown-ref', `'${base}' and '${headRef}' have no common history`);
    }
    return { mode: review ? 'review' : 'working', base, baseSha, mergeBase, head: review ? headRef : WORKTREE, headSha };
  }

  /**
   * Both commits, their one merge-base and head's tree from one `git rev-parse A...B`
   * (three processes fewer on every run); null when that does not answer plainly (an
   * unusual ref name, an unknown ref, no or several merge-bases): resolveRange then asks
   * step by step and says what is wrong.
   */
  private async quickRange(base: string, head: string): Promise<{ baseSha: string; headSha: string; mergeBase: string; checkedOut: string } | null> {
    const args = quickRangeArgs(base, head);
    if (!args) return null;
    const pre = this.prefetched;
    this.prefetched = null;
    const out = pre && pre.key === `${base}\0${head}` ? await pre.out : await this.tryRaw(args);
    const lines = out?.split('\n') ?? [];
    const oid = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
    if (lines.length !== (head === 'HEAD' ? 4 : 5) || !lines.every((l, i) => (i === 2 ? l.startsWith('^') && oid.test(l.slice(1)) : oid.test(l)))) return null;
    this.trees.set(lines[0], lines[3]);
    return { headSha: lines[0], baseSha: lines[1], mergeBase: lines[2].slice(1), checkedOut: lines[4] ?? lines[0] };
  }

  /** The arguments of the range's diff (see changes). */
  private diffArgs(range: ResolvedRange, maxBytes: number, paths?: string[]): string[] {
    // Files over the size limit are diffed as binary: git neither diffs them nor writes
    // their patch (megabytes we would only skip), and `labelLarge` tells them apart.
    const args = ['-c', `core.bigFileThreshold=${maxBytes}`, 'diff', ...DIFF_FLAGS, range.mergeBase];
    if (range.mode === 'review') args.push(range.headSha);
    args.push('--');
    if (paths) args.push(...paths.map(literalPathspec));
    return args;
  }

  startChanges(range: ResolvedRange, maxBytes: number): void {
    if (range.mode !== 'review') return;
    this.dropStartedChanges();
    const args = this.diffArgs(range, maxBytes);
    this.startedDiff = { key: args.join('\0'), git: startGit(this.gitBinary, this.root, this.guard.env, args) };
  }

  dropStartedChanges(): void {
    this.startedDiff?.git.kill();
    this.startedDiff = null;
  }

  async changes(range: ResolvedRange, opts: ChangeOptions): Promise<Change[]> {
    // A diff against the work tree reads files through filters: the list of drivers to
    // switch off must be current.
    if (range.mode === 'working') await this.refreshGuard();
    // A save: the saved files diffed here, without a git process, where that gives git's answer.
    const indexStamp = range.mode === 'working' ? this.guard.indexStamp() : null;
    if (range.mode === 'working' && opts.paths) {
      const fast = await this.changesInProcess(range, opts.paths, opts.maxBytes, indexStamp!);
      if (fast) {
        for (const c of fast) opts.onChange?.(c);
        return fast;
      }
    }
    const args = this.diffArgs(range, opts.maxBytes, opts.paths);
    // The diff startChanges started for these arguments, if any (only a first attempt reads it).
    const pending = this.startedDiff;
    this.startedDiff = null;
    let started = pending && pending.key === args.join('\0') ? pending.git : null;
    if (pending && !started) pending.git.kill();
    // Changes go to onChange in diff order, each at once; a binary one with the check of its
    // sizes (`labelled`), which the caller awaits before reading it. The ones after it do not
    // wait for that check: their analysis keeps pace with git's diff and their lines are
    // dropped as it goes (a large range held every change behind one binary file, issue 17).
    // git applies the threshold to objects only: in working mode a large working-tree file is
    // diffed as text, and its changed lines are analysed (within the changed-text limit).
    // Checking every change's size there would cost more than the rest of the read.
    const labels: Promise<void>[] = [];
    const deliver = (change: Change) => {
      let labelled: Promise<void> | undefined;
      if (change.binary) labels.push((labelled = this.labelLarge(change, range, opts.maxBytes)));
      opts.onChange?.(change, labelled);
    };
    // A blob git cannot read (a partial clone missing it) stops the diff: the file it belongs
    // to is left out of the next attempt and reported unreadable, and the rest is read again
    // (changes already handed on are not handed on twice).
    const delivered = new Set<string>();
    const once = (change: Change) => {
      const key = `${change.oldPath ?? ''}\0${change.path}`;
      if (delivered.has(key)) return;
      delivered.add(key);
      deliver(change);
    };
    const unreadable: Change[] = [];
    // Some paths (a save): git is asked only about the ones that can be untracked (see untrackedAmong).
    const among = range.mode === 'working' && opts.paths ? this.untrackedAmong(range, opts.paths) : null;
    const untrackedP = among ? among.early : range.mode === 'working' ? this.untracked() : Promise.resolve([] as string[]);
    untrackedP.catch(() => undefined); // awaited below, after the diff; a diff failure must not leave it unhandled
    let changes: Change[] = [];
    for (let attempt = 0; ; attempt++) {
      const parser = new DiffStreamParser(opts.maxBytes, once);
      const excluded = unreadable.map((c) => `:(exclude,literal)${c.path}`);
      const runArgs = excluded.length && !opts.paths ? [...args, ...excluded] : args;
      try {
        const onData = (chunk: Buffer) => parser.push(chunk);
        const early = started;
        started = null;
        if (early && runArgs === args) await early.read(onData);
        else await streamGit(this.gitBinary, this.root, this.guard.env, runArgs, onData);
        changes = parser.end().filter((c) => !unreadable.some((u) => u.path === c.path));
        break;
      } catch (e) {
        const missing = e instanceof GitProcessError ? /unable to read ([0-9a-f]{40})/.exec(e.stderr)?.[1] : undefined;
        const found = missing && attempt < 20 && !opts.paths ? await this.changesWithBlob(range, missing) : [];
        if (!found.length) throw classify(e, this.root);
        for (const c of found) {
          c.hunks = [];
          c.binary = false;
          c.contentSkipped = 'unreadable';
          unreadable.push(c);
        }
      }
    }
    for (const c of unreadable) {
      changes.push(c);
      opts.onChange?.(c);
    }
    const untracked = await untrackedP;
    // A path the diff calls deleted that is still on disk was removed from the index only (`git rm --cached`).
    if (among) {
      const gone = new Set(changes.filter((c) => c.status === 'deleted').map((c) => c.path));
      const late = (await among.deletedOnDisk).filter((p) => gone.has(p));
      if (late.length) untracked.push(...(await this.untracked(late)));
    }
    await Promise.all(labels);
    if (untracked.length) {
      const read = await Promise.all(untracked.map((p) => readWorktreeFile(this.root, p, opts.maxBytes * 4)));
      untracked.forEach((p, i) => {
        const change = untrackedChange(p, read[i], opts.maxBytes);
        changes.push(change);
        opts.onChange?.(change);
      });
    }
    if (indexStamp) await this.noteWorktreeState(range, opts.paths, changes, indexStamp);
    return changes;
  }

  /**
   * What the last working-tree diff said of each path, while the index stays as it was then:
   * a path it did not list, or listed as modified in place, is in the index and at the
   * merge-base under its name (changesInProcess may diff it itself). Any other status
   * (added, deleted, renamed, copied, untracked) sends the path to git.
   */
  private worktreeState: { mergeBase: string; stamp: string; other: Set<string> } | null = null;

  private async noteWorktreeState(range: ResolvedRange, paths: string[] | undefined, changes: Change[], before: Promise<string>): Promise<void> {
    const [stampBefore, stampAfter] = await Promise.all([before, this.guard.indexStamp()]);
    // The index changed while git read it: what the diff says may be of either index.
    if (stampBefore !== stampAfter) {
      this.worktreeState = null;
      return;
    }
    if (!paths) this.worktreeState = { mergeBase: range.mergeBase, stamp: stampAfter, other: new Set() };
    const state = this.worktreeState;
    if (!state || state.mergeBase !== range.mergeBase || state.stamp !== stampAfter) return;
    if (paths) for (const p of paths) state.other.delete(p);
    for (const c of changes) {
      if (c.status === 'modified' && !c.oldPath) continue;
      state.other.add(c.path);
      if (c.oldPath) state.other.add(c.oldPath);
    }
  }

  /**
   * The working-tree changes of a few saved files, diffed in process (lineDiff.ts) against
   * their merge-base blobs read by the long-lived cat-file; null (ask git) unless each one is
   * a plain case git would diff byte for byte the same way: modified in place per the last
   * diff, the index unchanged since, a regular file on both sides within the size limit, not
   * binary, no attributes or config that convert content (eol, filters, encodings, another
   * diff algorithm), and a diff within lineDiff's bounds.
   */
  private async changesInProcess(range: ResolvedRange, paths: string[], maxBytes: number, indexStamp: Promise<string>): Promise<Change[] | null> {
    const state = this.worktreeState;
    if (!state || state.mergeBase !== range.mergeBase || !this.guard.plainContent || paths.length === 0 || paths.length > 8) return null;
    if (paths.some((p) => state.other.has(p) || /[\n\r]/.test(p) || !p.split('/').every((s) => s && s !== '..' && s !== '.'))) return null;
    const [stamp, attributes] = await Promise.all([indexStamp, this.attributesFor(paths)]);
    if (stamp !== state.stamp || attributes) return null;
    const one = async (p: string): Promise<Change | null> => {
      const [info, st] = await Promise.all([this.sizes.request(`${range.mergeBase}:${p}`).catch(() => null), fs.lstat(path.join(this.root, p)).catch(() => null)]);
      if (!info || info.type !== 'blob' || !info.oid || info.size > maxBytes || !st?.isFile() || st.size > maxBytes) return null;
      const [base, disk] = await Promise.all([this.contents.request(info.oid).catch(() => null), readWorktreeFile(this.root, p, maxBytes)]);
      const old = base?.type === 'blob' ? base.body : undefined;
      if (!old || !disk || disk.length > maxBytes) return null;
      // Binary as git tells it (a NUL in the first 8,000 bytes); unchanged content (a mode change?): git says.
      if (old.subarray(0, 8000).includes(0) || disk.subarray(0, 8000).includes(0) || old.equals(disk)) return null;
      const hunks = diffHunks(old.toString('utf8'), disk.toString('utf8'));
      if (!hunks) return null;
      const change: Change = { status: 'modified', path: p, oldPath: null, oldBlob: info.oid, newBlob: null, binary: false, hunks };
      // The changed-text limit, counted as DiffStreamParser counts git's patch lines.
      let bytes = 0;
      for (const h of hunks) for (const l of [...h.removed, ...h.added]) bytes += 1 + Buffer.byteLength(l);
      if (bytes > maxBytes) {
        change.contentSkipped = 'too-large';
        change.hunks = [];
      }
      return change;
    };
    const changes = await Promise.all(paths.map(one));
    return changes.every((c) => c !== null) ? (changes as Change[]) : null;
  }

  /** True when an attributes file could apply to one of `paths` (a .gitattributes above it, info/attributes, the user's). */
  private async attributesFor(paths: string[]): Promise<boolean> {
    const files = new Set<string>([path.join(await this.gitDir(), 'info', 'attributes'), USER_ATTRIBUTES]);
    for (const p of paths) {
      const parts = p.split('/');
      for (let i = 0; i < parts.length; i++) files.add(path.join(this.root, ...parts.slice(0, i), '.gitattributes'));
    }
    const found = await Promise.all([...files].map((f) => fs.lstat(f).then(() => true, () => false)));
    return found.some(Boolean);
  }

  /** The changes of the range (raw records, no patch) that name blob `sha` on either side. */
  private async changesWithBlob(range: ResolvedRange, sha: string): Promise<Change[]> {
    const args = ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--full-index', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all', range.mergeBase];
    if (range.mode === 'review') args.push(range.headSha);
    const parser = new DiffStreamParser();
    await streamGit(this.gitBinary, this.root, this.guard.env, args, (chunk) => parser.push(chunk)).catch(() => undefined);
    return parser.end().filter((c) => c.oldBlob === sha || c.newBlob === sha);
  }

  /**
   * A change with either side over the size limit is "too large", also when git called it
   * binary (git calls every object over core.bigFileThreshold binary).
   */
  private async labelLarge(change: Change, range: ResolvedRange, maxBytes: number): Promise<void> {
    const size = async (blob: string | null, worktreePath: string | null): Promise<number> => {
      if (blob) return (await this.sizes.request(blob).catch(() => null))?.size ?? 0;
      if (worktreePath) return worktreeSize(this.root, worktreePath);
      return 0;
    };
    const [oldSize, newSize] = await Promise.all([
      change.status === 'added' && !change.copied ? 0 : size(change.oldBlob, null),
      change.status === 'deleted' ? 0 : size(change.newBlob, range.mode === 'working' ? change.path : null),
    ]);
    if (oldSize > maxBytes || newSize > maxBytes) {
      change.binary = false;
      change.contentSkipped = 'too-large';
      change.hunks = [];
    }
  }

  /**
   * Which of some paths are untracked, with one git process fewer in the common case (a save
   * of a file the merge-base has): a path there that the diff does not call deleted is in the
   * index, so only the others are listed by `git ls-files --others` — at once (those the
   * merge-base lacks, folders, names cat-file cannot take: the diff may not mention them) or
   * once the diff called one deleted while it is still on disk (`deletedOnDisk`: the caller
   * asks about those). A path missing from disk is never untracked.
   */
  private untrackedAmong(range: ResolvedRange, paths: string[]): { early: Promise<string[]>; deletedOnDisk: Promise<string[]> } {
    const looked = Promise.all(
      paths.map(async (p) => {
        const st = await fs.lstat(path.join(this.root, p)).catch(() => null);
        if (!st) return { p, ask: false, inBase: false };
        if (st.isDirectory() || /[\n\r]/.test(p)) return { p, ask: true, inBase: false };
        // A blob (not a folder the file replaced): the name cannot be untracked unless the diff deletes it.
        const inBase = (await this.sizes.request(`${range.mergeBase}:${p}`).catch(() => null))?.type === 'blob';
        return { p, ask: !inBase, inBase };
      }),
    );
    const early = looked.then((l) => {
      const ask = l.filter((x) => x.ask).map((x) => x.p);
      return ask.length ? this.untracked(ask) : [];
    });
    return { early, deletedOnDisk: looked.then((l) => l.filter((x) => x.inBase).map((x) => x.p)) };
  }

  private async untracked(paths?: string[]): Promise<string[]> {
    const args = ['ls-files', '--others', '--exclude-standard', '-z', '--'];
    if (paths) args.push(...paths.map(literalPathspec));
    const out = await this.run(args).catch((e: unknown) => {
      throw classify(e, this.root);
    });
    return splitNul(out);
  }

  async readFiles(rev: string, paths: string[], maxBytes: number): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    if (paths.length === 0) return result;
    const texts = await Promise.all(paths.map((p) => (rev === WORKTREE ? this.readWorktreeText(p, maxBytes) : this.readObject(`${rev}:${p}`, maxBytes))));
    paths.forEach((p, i) => result.set(p, texts[i]));
    return result;
  }

  readBlob(oid: string, maxBytes: number): Promise<string | null> {
    return this.readObject(oid, maxBytes);
  }

  async readRaw(rev: string, p: string, maxBytes: number): Promise<RawFile> {
    if (rev === WORKTREE) return inspectWorktreeFile(this.root, p, maxBytes);
    const spec = `${rev}:${p}`;
    if (/[\n\r]/.test(spec)) return { kind: 'missing' };
    try {
      const info = await this.sizes.request(spec);
      if (!info || info.type !== 'blob') return { kind: 'missing' };
      if (info.size > maxBytes) return { kind: 'too-large', size: info.size };
      const obj = await this.contents.request(spec);
      return obj?.body ? { kind: 'file', bytes: obj.body } : { kind: 'missing' };
    } catch (e) {
      throw classify(e, this.root);
    }
  }

  private async readWorktreeText(p: string, maxBytes: number): Promise<string | null> {
    const buf = await readWorktreeFile(this.root, p, maxBytes);
    return buf && !buf.subarray(0, 8000).includes(0) ? buf.toString('utf8') : null;
  }

  /** A blob's text, by object name or `rev:path`; null when missing, not a blob, larger than maxBytes or binary. */
  private async readObject(spec: string, maxBytes: number): Promise<string | null> {
    // The batch protocol is line based: a name with a line break cannot be asked for.
    if (/[\n\r]/.test(spec)) return null;
    try {
      const info = await this.sizes.request(spec);
      if (!info || info.type !== 'blob' || info.size > maxBytes) return null;
      const obj = await this.contents.request(spec);
      if (!obj || obj.type !== 'blob' || !obj.body) return null;
      return obj.body.subarray(0, 8000).includes(0) ? null : obj.body.toString('utf8');
    } catch (e) {
      throw classify(e, this.root);
    }
  }

  async grep(rev: string, words: string[], pathspecs: string[] = [], opts: GrepOptions = {}): Promise<GrepHit[]> {
    if (words.length === 0) return [];
    const alternations = this.pcre !== false && !opts.extended ? (opts.word === false ? literalAlternation(words) : opts.onlyMatching ? null : wordAlternation(words)) : null;
    if (alternations) {
      try {
        // One pattern a line: git ORs them, one PCRE pass each.
        return await this.grepWith(rev, '-P', alternations.join('\n') + '\n', pathspecs, opts);
      } catch (e) {
        // A git built without PCRE: fixed strings, as before, from now on. Any other failure (a pattern
        // this PCRE will not compile, ...): fixed strings for this grep only; a failure that is not -P's
        // is -F's too, and thrown from there.
        if (/USE_LIBPCRE|Perl-compatible/i.test((e as Error).message)) this.pcre = false;
      }
    }
    return this.grepWith(rev, opts.extended ? '-E' : '-F', words.join('\n') + '\n', pathspecs, opts);
  }

  /**
   * Whether this git's `grep -P` works: unknown (null) until a grep used it. Several fixed strings
   * (GrepOptions.word false) are asked as one alternation of literals: git tries each `-F` pattern on
   * every line, one after the other, and PCRE's one pass costs less (bench repository, ten env names
   * over 50,000 files: 0.06 s of user time instead of 0.12 s).
   */
  private pcre: boolean | null = null;

  private async grepWith(rev: string, kind: '-P' | '-E' | '-F', input: string, pathspecs: string[], opts: GrepOptions): Promise<GrepHit[]> {
    if (rev === WORKTREE) await this.refreshGuard();
    const args = ['grep', '-I', '-n', '-z', '--no-color', kind, '-f', '-'];
    if (opts.word !== false) args.push('-w');
    if (opts.onlyMatching) args.push('-o');
    // Greps run beside the diff and our own analysis: leave them half of the cores.
    args.push(`--threads=${opts.allThreads ? Math.max(1, CORES) : GREP_THREADS}`);
    if (rev === WORKTREE) {
      if (opts.untracked !== false) args.push('--untracked');
    } else args.push(rev);
    const prefix = rev === WORKTREE ? '' : `${rev}:`;
    const half = rev === WORKTREE && opts.split && opts.untracked === false && pathspecs.length === 0 ? await this.worktreeHalf() : null;
    try {
      if (half) {
        // Reading every file costs git four system calls per file, and its own threads add ~30%
        // of CPU to share them out; two processes, each reading one half (pathspecs and their
        // exclusion: every file in exactly one), cost what one does and take half the time
        // (bench repository, 50,000 files: 0.20 s instead of 0.36 s, the same CPU).
        const both = await Promise.all([this.run([...args, '--', ...half], input, [0, 1]), this.run([...args, '--', '.', ...half.map(excluded)], input, [0, 1])]).catch(() => null);
        if (both) {
          grepSplit.runs++;
          if (kind === '-P') this.pcre = true;
          return mergeInIndexOrder(parseGrep(both[0], prefix), parseGrep(both[1], prefix));
        }
        // (a git that refuses the pathspecs: one grep, as without the split)
      }
      const out = await this.run([...args, '--', ...pathspecs.map(cheapPathspec)], input, [0, 1]);
      if (kind === '-P') this.pcre = true;
      return parseGrep(out, prefix);
    } catch (e) {
      throw classify(e, this.root);
    }
  }

  /** GitSource.prepareGrepSplit: lists the tracked files now, while the range is still being read. */
  prepareGrepSplit(): void {
    if (grepSplit.cores >= 2) void this.worktreeHalf();
  }

  private half: Promise<string[] | null> | null = null;
  /** Pathspecs of about half of the tracked files (GrepOptions.split); null: no split. */
  private worktreeHalf(): Promise<string[] | null> {
    if (grepSplit.cores < 2) return Promise.resolve(null);
    // Listed once per source: a listing grown stale only makes the halves uneven, never wrong.
    return (this.half ??= this.run(['ls-files', '-z']).then(
      (out) => halfOfListing(out, grepSplit.minBytes),
      () => null,
    ));
  }

  headCommit(): Promise<string | null> {
    return this.tryRaw(['rev-parse', '--verify', '--quiet', 'HEAD']);
  }

  /**
   * Whether HEAD is `sha` and no tracked file differs from it; `head`: HEAD's commit as the caller's range read it.
   * False too when a file is marked skip-worktree (a sparse checkout, or by hand): `git diff` counts it
   * as unchanged, yet a grep of the work tree skips it.
   */
  async worktreeMatches(sha: string, head?: string | null, signal?: AbortSignal, onStarted?: () => void): Promise<boolean> {
    if ((head !== undefined ? head : await this.headCommit()) !== sha) {
      onStarted?.();
      return false;
    }
    // (with `head` given, this much runs before the call returns: a prepareGrepSplit right after it finds the listing started)
    const guarded = this.refreshGuard();
    // `ls-files -t`: each path after its tag, "S " for skip-worktree. Without the tags, the listing a split grep halves.
    const listing = guarded.then(() => this.run(['ls-files', '-z', '-t'], undefined, [0], signal));
    listing.catch(() => undefined); // read below, unless the guard failed first
    if (grepSplit.cores >= 2 && !this.half) {
      const half = listing.then(
        (out) => halfOfListing(out, grepSplit.minBytes, 2),
        () => {
          // (stopped or failed: the next split grep lists the files itself)
          if (this.half === half) this.half = null;
          return null;
        },
      );
      this.half = half;
    }
    await guarded.catch((e: unknown) => {
      onStarted?.();
      throw e;
    });
    const clean = this.run(['diff', '--quiet', '--no-ext-diff', '--no-textconv', 'HEAD', '--'], undefined, [0], signal).then(() => true, () => false);
    onStarted?.();
    const skipped = listing.then((out) => (out.length >= 2 && out[0] === 0x53 && out[1] === 0x20) || out.includes('\0S '), () => true);
    const [c, s] = await Promise.all([clean, skipped]);
    return c && !s;
  }

  async treeOf(rev: string): Promise<string> {
    return this.trees.get(rev) ?? (await this.raw(['rev-parse', '--verify', '--quiet', `${rev}^{tree}`])).trim();
  }

  async diffTrees(from: string, to: string): Promise<{ path: string; blob: string | null }[]> {
    const out = splitNul(await this.run(['diff-tree', '-r', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--raw', '--end-of-options', from, to]).catch((e: unknown) => { throw classify(e, this.root); }));
    const result: { path: string; blob: string | null }[] = [];
    // ":<old mode> <new mode> <old id> <new id> <status>" then the path.
    for (let i = 0; i + 1 < out.length; i += 2) {
      const [, newMode, , newId, status] = out[i].split(' ');
      // A submodule has no blob: to the index it is a file that holds nothing.
      const gone = status === 'D' || newMode === '160000' || !/^[0-9a-f]{40,64}$/.test(newId ?? '') || /^0+$/.test(newId);
      result.push({ path: out[i + 1], blob: gone ? null : newId });
    }
    return result;
  }

  gitDir(): Promise<string> {
    return (this.commonDir ??= this.raw(['rev-parse', '--path-format=absolute', '--git-common-dir']).then((d) => d.trim()));
  }

  async listFiles(rev: string): Promise<string[]> {
    const args = rev === WORKTREE ? ['ls-files', '-z', '--cached', '--others', '--exclude-standard'] : ['ls-tree', '-r', '-z', '--name-only', rev];
    return splitNul(await this.run(args).catch((e: unknown) => { throw classify(e, this.root); }));
  }

  async currentBranch(): Promise<string | null> {
    return this.tryRaw(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  }

  async refs(): Promise<RefList> {
    const current = await this.currentBranch();
    const refs = (await this.raw(['for-each-ref', '--sort=-creatordate', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags'])).split('\n').filter(Boolean);
    const log = await this.tryRaw(['log', '-n', '30', '--format=%H%x1f%s']);
    return {
      current,
      branches: refs.filter((r) => r.startsWith('refs/heads/')).map((r) => r.slice(11)),
      remoteBranches: refs.filter((r) => r.startsWith('refs/remotes/') && !r.endsWith('/HEAD')).map((r) => r.slice(13)),
      tags: refs.filter((r) => r.startsWith('refs/tags/')).map((r) => r.slice(10)),
      commits: (log ?? '').split('\n').filter(Boolean).map((l) => {
        const [sha, subject] = l.split('\x1f');
        return { sha, subject: subject ?? '' };
      }),
    };
  }

  async lastTag(rev: string): Promise<string | null> {
    return this.tryRaw(['describe', '--tags', '--abbrev=0', '--end-of-options', rev]);
  }

  async changedPaths(from: string, to: string, pathspecs: string[]): Promise<Set<string>> {
    const args = ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', from];
    if (to !== WORKTREE) args.push(to);
    else await this.refreshGuard();
    args.push('--', ...pathspecs);
    const set = new Set(splitNul(await this.run(args).catch((e: unknown) => { throw classify(e, this.root); })));
    if (to === WORKTREE) for (const p of await this.untracked(pathspecs)) set.add(p);
    return set;
  }
}

/**
 * `:(glob)**\/*.yml` as `*.yml`: the same files (a file path ends in ".yml" exactly when its
 * name does), but git matches it about three times faster, which counts with tens of
 * thousands of files and tens of pathspecs.
 */
function cheapPathspec(spec: string): string {
  const m = /^:\(glob\)\*\*\/\*(\.[A-Za-z0-9_-]+)$/.exec(spec);
  return m ? `*${m[1]}` : spec;
}

/** What GitGuard reads first (open asks for it beside the folders). */
const GUARD_CONFIG_ARGS = ['config', '-z', '--show-origin', '--list'];

/**
 * `rev-parse base^{commit}...head^{commit} head^{tree} [HEAD]`: both commits, their one
 * merge-base, head's tree and HEAD's commit (review mode asks next whether head is checked
 * out); null for a ref name this one call could misread (resolveRange then asks step by step).
 */
function quickRangeArgs(base: string, head: string): string[] | null {
  const plain = /^[A-Za-z0-9_@][A-Za-z0-9_./@^~+-]*$/;
  if (!plain.test(base) || !plain.test(head) || base.includes('..') || head.includes('..')) return null;
  return ['rev-parse', `${base}^{commit}...${head}^{commit}`, `${head}^{tree}`, ...(head === 'HEAD' ? [] : ['HEAD'])];
}

/**
 * Fixed strings as PCRE alternations of literals (`git grep -P`), each character that is not a letter,
 * digit or underscore escaped, each alternation at most MAX_ALTERNATION_BYTES (a long list is several
 * patterns, which git ORs: one PCRE pass each, where -F tries every string one after the other on each
 * line that nearly matches — 1,600 env names over a 60 KB file took 15 s with -F); null where a literal
 * would not stay byte for byte what `-F` matches (an empty string, non-ASCII or control characters), for
 * a single string (nothing to gain) or for a string longer than the bound alone.
 */
export function literalAlternation(words: readonly string[]): string[] | null {
  if (words.length < 2 || words.some((w) => !/^[\x20-\x7e]+$/.test(w))) return null;
  const out: string[] = [];
  let pattern = '';
  for (const w of words) {
    const literal = w.replace(/[^A-Za-z0-9_]/g, (c) => (c === ' ' ? '\\x20' : `\\${c}`));
    if (literal.length > MAX_ALTERNATION_BYTES) return null;
    if (pattern && pattern.length + 1 + literal.length > MAX_ALTERNATION_BYTES) {
      out.push(pattern);
      pattern = literal;
    } else pattern = pattern ? `${pattern}|${literal}` : literal;
  }
  out.push(pattern);
  return out;
}

/**
 * Whole words (`-w`) asked as one PCRE alternation (or several, as literalAlternation splits them):
 * only when every word is letters, digits and underscores (git's word characters), longest first.
 * Then a line is a hit exactly when it is one of `-F -w`: at a place where a word stands alone, no
 * longer word can match (its next character would be a word character where the line has none),
 * and a shorter one that is its prefix is tried after it; where git's `-w` check fails it tries
 * again at the next word start, as it does for each `-F` pattern. Git matching one pass of PCRE
 * instead of trying each word on every line: the deploy-order pass's grep of head (20 words, the
 * bench repository's 48,000 code files) 0.29 -> ~0.22 s of user time, the same hits.
 */
export function wordAlternation(words: readonly string[]): string[] | null {
  if (words.length < 2 || words.some((w) => !/^[A-Za-z0-9_]+$/.test(w))) return null;
  // Longest first; equal lengths keep their order (Array.prototype.sort is stable).
  return literalAlternation([...new Set(words)].sort((a, b) => b.length - a.length));
}

/**
 * The longest alternation asked with -P. PCRE compiles a pattern into at most 64 KB (its default link
 * size): about two bytes per literal character and three per alternative, so git 2.39 with PCRE2 refuses
 * ("regular expression is too large") an alternation of env-like names above ~31.9 KB (1,737 names of
 * 15-18 characters), of two- to five-character words above ~30 KB. A 16 KB pattern compiles to at most
 * ~40 KB (2.5 bytes a pattern byte, at worst), whatever its words; longer lists (about 900 names or more)
 * are asked as several such patterns.
 */
export const MAX_ALTERNATION_BYTES = 16 * 1024;

/** `git grep -z -n` output as hits; `prefix` (`<rev>:`) is cut from the paths of a tree's grep. */
function parseGrep(out: Buffer, prefix: string): GrepHit[] {
  const hits: GrepHit[] = [];
  const text = out.toString('utf8');
  let pos = 0;
  while (pos < text.length) {
    const a = text.indexOf('\0', pos);
    if (a < 0) break;
    const b = text.indexOf('\0', a + 1);
    const nl = text.indexOf('\n', b + 1);
    const end = nl < 0 ? text.length : nl;
    hits.push({ path: text.slice(pos + prefix.length, a), line: Number(text.slice(a + 1, b)), text: text.slice(b + 1, end) });
    pos = end + 1;
  }
  return hits;
}

/**
 * The hits of two greps over disjoint sets of files, in the order one grep of both lists them:
 * git's index order (paths compared byte by byte, as UTF-8), a file's hits together, in line order.
 */
export function mergeInIndexOrder(a: GrepHit[], b: GrepHit[]): GrepHit[] {
  if (!a.length) return b;
  if (!b.length) return a;
  const bytes = new Map<string, Buffer>();
  const key = (p: string) => {
    let k = bytes.get(p);
    if (!k) bytes.set(p, (k = Buffer.from(p, 'utf8')));
    return k;
  };
  const out: GrepHit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(Buffer.compare(key(a[i].path), key(b[j].path)) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/**
 * Pathspecs matching about the first half of the tracked files, from `git ls-files -z`'s output
 * (index order: byte order), few of them: near the middle of the listing, the boundary between
 * two paths that the shortest prefix `x` tells apart, then every path below `x` as "a prefix of
 * x, then a smaller character, then anything" (`src/mod[\x01-\1]*` below `src/mod2`). Only the
 * paths near the middle are decoded. Null for a listing under `minBytes` or a boundary that is
 * not plain ASCII. Only how even the halves are depends on this: the other half is its
 * exclusion, so every file is read exactly once. `tag`: bytes before each path (2 for
 * `ls-files -z -t`'s "H ", which the clean check of a checked-out head lists anyway).
 */
export function halfOfListing(listing: Buffer, minBytes: number, tag = 0): string[] | null {
  if (listing.length < minBytes) return null;
  // Up to WINDOW paths on each side of the middle byte.
  const WINDOW = 256;
  const mid = listing.indexOf(0, listing.length >> 1);
  if (mid < 0) return null;
  let start = mid;
  for (let i = 0; i < WINDOW && start > 0; i++) start = listing.lastIndexOf(0, start - 1);
  let end = mid;
  for (let i = 0; i < WINDOW && end >= 0 && end < listing.length - 1; i++) {
    const next = listing.indexOf(0, end + 1);
    if (next < 0) break;
    end = next;
  }
  const paths = listing.toString('utf8', start <= 0 ? 0 : start + 1, end).split('\0').map((p) => p.slice(tag));
  if (paths.length < 2) return null;
  const middle = paths.length >> 1;
  let at = -1;
  let len = Infinity;
  for (let i = 1; i < paths.length; i++) {
    const a = paths[i - 1];
    const b = paths[i];
    let k = 0;
    while (k < a.length && k < b.length && a.charCodeAt(k) === b.charCodeAt(k)) k++;
    if (k + 1 < len || (k + 1 === len && Math.abs(i - middle) < Math.abs(at - middle))) {
      at = i;
      len = k + 1;
    }
  }
  const x = paths[at].slice(0, len);
  if (!/^[\x20-\x7e]+$/.test(x) || x.startsWith(':')) return null;
  const glob = (t: string) => t.replace(/[\\*?[]/g, (c) => `\\${c}`);
  const specs: string[] = [];
  // Only the characters of x where some path of the listing branches off below it (deep paths
  // share long prefixes: services/x/src/main/java/com/…/module42/ needs one pathspec, not 60).
  for (let k = 0; k < x.length; k++) if (branchesBelow(listing, x, k, tag)) specs.push(`${glob(x.slice(0, k))}[\x01-\\${String.fromCharCode(x.charCodeAt(k) - 1)}]*`);
  // Git tries every pathspec on every file, in both processes: too many cost more than the split saves.
  return specs.length > 0 && specs.length <= MAX_HALF_PATHSPECS ? specs : null;
}

/** halfOfListing: above this many pathspecs, one grep (each costs a match per file in both halves). */
const MAX_HALF_PATHSPECS = 24;

/**
 * Whether a path of `listing` (`ls-files -z`: byte order) starts with x's first k characters and
 * then one below x's k-th (x: plain ASCII, a prefix of a listed path): the path just before the
 * first that starts with x's first k + 1 characters, found by a binary search over the bytes.
 */
function branchesBelow(listing: Buffer, x: string, k: number, tag: number): boolean {
  const q = Buffer.from(x.slice(0, k + 1), 'latin1');
  const startOf = (i: number) => (i <= 0 ? 0 : listing.lastIndexOf(0, i - 1) + 1);
  // Lower bound: the start of the first entry whose path is not below q (`tag` bytes before each path).
  let lo = 0;
  let hi = listing.length;
  while (lo < hi) {
    const s = startOf((lo + hi) >> 1);
    if (s < lo) {
      // (the middle falls in the entry that starts at lo's left: compare that one)
      const e = listing.indexOf(0, lo);
      const cut = listing.subarray(lo + tag, Math.min(e < 0 ? listing.length : e, lo + tag + q.length));
      if (Buffer.compare(cut, q) < 0) lo = e < 0 ? listing.length : e + 1;
      else hi = lo;
      continue;
    }
    const e = listing.indexOf(0, s);
    const end = e < 0 ? listing.length : e;
    if (Buffer.compare(listing.subarray(s + tag, Math.min(end, s + tag + q.length)), q) < 0) lo = end + 1;
    else hi = s;
  }
  if (lo <= 0) return false;
  const prev = listing.subarray(startOf(lo - 1) + tag, lo - 1);
  return prev.length > k && Buffer.compare(prev.subarray(0, k), q.subarray(0, k)) === 0;
}

/** The same pathspec as an exclusion (`:(exclude)` added to its magic). */
function excluded(spec: string): string {
  return spec.startsWith(':(') ? `:(exclude,${spec.slice(2)}` : `:(exclude)${spec}`;
}

function literalPathspec(p: string): string {
  return `:(literal)${p}`;
}

function splitNul(buf: Buffer): string[] {
  return buf.toString('utf8').split('\0').filter(Boolean);
}

/** An answer of `git cat-file --batch(-check)`: null for a missing or ambiguous name. */
interface CatFileEntry {
  type: string;
  size: number;
  /** The object name. */
  oid?: string;
  /** The contents (`--batch` only). */
  body?: Buffer;
}

/** How long an idle cat-file process is kept for the next read (the editor reads on every save). */
const CAT_FILE_IDLE_MS = 60_000;

/**
 * A long-lived `git cat-file --batch` (or `--batch-check`): requests are written as lines
 * and answered in order. Its process does not keep Node running while no request is
 * pending, ends after CAT_FILE_IDLE_MS without requests, and a new one is started on demand
 * (also after a failure: that process's pending requests are rejected).
 */
class CatFile {
  private proc: CatFileProcess | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly binary: string,
    private readonly cwd: string,
    private readonly guard: GitGuard,
    private readonly withContents: boolean,
  ) {}

  start(): CatFileProcess {
    if (this.proc && !this.proc.exited) return this.proc;
    const proc = new CatFileProcess(this.binary, this.cwd, this.guard.env, this.withContents, () => {
      if (this.proc === proc) this.armIdle();
    });
    this.proc = proc;
    this.armIdle();
    return proc;
  }

  request(spec: string): Promise<CatFileEntry | null> {
    const proc = this.start();
    this.clearIdle();
    return proc.ask(spec);
  }

  /** Ends the process once its pending requests are answered; a later request starts a new one. */
  close(): void {
    this.clearIdle();
    this.proc?.end();
    this.proc = null;
  }

  private armIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.close(), CAT_FILE_IDLE_MS);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** "<oid> <type> <size>" → type and size; null for anything else ("<name> missing"). */
function parseHeader(line: string): CatFileEntry | null {
  const sp2 = line.lastIndexOf(' ');
  const sp1 = line.lastIndexOf(' ', sp2 - 1);
  if (sp1 <= 0) return null;
  const size = Number(line.slice(sp2 + 1));
  const type = line.slice(sp1 + 1, sp2);
  if (!Number.isSafeInteger(size) || size < 0 || sp2 + 1 === line.length || !/^[a-z]+$/.test(type) || !/^[0-9a-f]+$/.test(line.slice(0, sp1))) return null;
  return { type, size, oid: line.slice(0, sp1) };
}

class CatFileProcess {
  exited = false;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: { resolve: (e: CatFileEntry | null) => void; reject: (e: unknown) => void }[] = [];
  private outbox: string[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The entry whose body is being read (contents mode). */
  private header: CatFileEntry | null = null;
  private stderr = '';

  constructor(
    binary: string,
    cwd: string,
    env: Record<string, string>,
    private readonly withContents: boolean,
    private readonly onIdle: () => void,
  ) {
    // Without --filters and --textconv: blobs as stored, no driver runs.
    processesStarted++;
    const child = spawn(binary, [...SAFE_ARGS, 'cat-file', withContents ? '--batch' : '--batch-check'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (c: Buffer) => this.onData(c));
    child.stderr.on('data', (c: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += c.toString('utf8');
    });
    child.stdin.on('error', () => {});
    let failed = false;
    const fail = (e: GitProcessError) => {
      this.exited = true;
      if (failed) return;
      failed = true;
      for (const p of this.pending.splice(0)) p.reject(e);
    };
    child.on('error', (e: NodeJS.ErrnoException) => fail(new GitProcessError(e.message, '', e.code)));
    child.on('close', () => fail(new GitProcessError('git cat-file failed', this.stderr)));
    this.setRef(false);
  }

  ask(spec: string): Promise<CatFileEntry | null> {
    if (this.exited) return Promise.reject(new GitProcessError('git cat-file ended', this.stderr));
    if (this.pending.length === 0) this.setRef(true);
    // Lines asked for in one tick go out in one write.
    if (this.outbox.push(spec) === 1) queueMicrotask(() => this.flush());
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  /** Closes stdin once what was asked is sent: git answers it, then exits. */
  end(): void {
    this.flush();
    this.child.stdin.end();
  }

  private flush(): void {
    if (!this.outbox.length) return;
    const text = this.outbox.join('\n') + '\n';
    this.outbox = [];
    if (!this.exited && this.child.stdin.writable) this.child.stdin.write(text);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.header) {
        // Contents mode: the body and its closing newline.
        const need = this.header.size + 1;
        if (this.buffered < need) return;
        this.header.body = this.take(need).subarray(0, this.header.size);
        this.answer(this.header);
        this.header = null;
        continue;
      }
      const nl = this.indexOfNewline();
      if (nl < 0) return;
      const entry = parseHeader(this.take(nl + 1).toString('latin1', 0, nl));
      if (!entry) {
        this.answer(null); // "<name> missing" / "<name> ambiguous"
        continue;
      }
      if (this.withContents) this.header = entry;
      else this.answer(entry);
    }
  }

  private answer(entry: CatFileEntry | null): void {
    const p = this.pending.shift();
    if (!p) return;
    p.resolve(entry);
    if (this.pending.length === 0) {
      this.setRef(false);
      this.onIdle();
    }
  }

  /** Index of the first newline in the buffered chunks, or -1. */
  private indexOfNewline(): number {
    let offset = 0;
    for (const c of this.chunks) {
      const i = c.indexOf(10);
      if (i >= 0) return offset + i;
      offset += c.length;
    }
    return -1;
  }

  /** Removes and returns the first n buffered bytes. */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0];
        const k = Math.min(c.length, n - filled);
        c.copy(out, filled, 0, k);
        filled += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.buffered -= n;
    return out;
  }

  /** Only pending requests keep Node running (a CLI run ends without closing anything). */
  private setRef(on: boolean): void {
    const c = this.child;
    for (const h of [c, c.stdin, c.stdout, c.stderr] as { ref?: () => void; unref?: () => void }[]) {
      if (on) h.ref?.();
      else h.unref?.();
    }
  }
}

class GitProcessError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly spawnCode?: string,
  ) {
    super(message);
  }
}

/** Runs git and collects stdout; rejects on a non-zero exit not in okCodes. */
function runGit(binary: string, cwd: string, env: Record<string, string>, args: string[], input?: string, okCodes = [0], signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return streamGit(binary, cwd, env, args, (c) => chunks.push(c), input, okCodes, signal).then(() => Buffer.concat(chunks));
}

/** How many git processes this module started (tests count what an update costs). */
let processesStarted = 0;

/** Git processes started so far by every SimpleGitSource of this process (cat-file's included). */
export function gitProcessesStarted(): number {
  return processesStarted;
}

/** A git process started before its output is wanted: `read` takes the output; `kill` ends it unread. */
interface StartedGit {
  read(onData: (chunk: Buffer) => void): Promise<void>;
  kill(): void;
  /** Settles once the process has closed (test/unit/cache/startedDiff.test.ts reads a diff whose git has exited). */
  closed: Promise<void>;
}

/**
 * Starts git now; its output is kept until `read` hands it on (up to a few megabytes: then
 * the pipe fills and git waits). Like streamGit otherwise. The output is taken from the
 * start, never left in the pipe: Node resumes an unread pipe when the process exits, and
 * what it holds would be lost.
 */
function startGit(binary: string, cwd: string, env: Record<string, string>, args: string[]): StartedGit {
  processesStarted++;
  const child = spawn(binary, [...SAFE_ARGS, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 4096) stderr += c.toString('utf8');
  });
  let kept: Buffer[] | null = [];
  let keptBytes = 0;
  let sink: ((chunk: Buffer) => void) | null = null;
  child.stdout.on('data', (c: Buffer) => {
    if (sink) return sink(c);
    kept!.push(c);
    keptBytes += c.length;
    if (keptBytes > STARTED_KEEP_BYTES) child.stdout.pause();
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(new GitProcessError(e.message, '', e.code)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new GitProcessError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed`, stderr));
    });
  });
  done.catch(() => undefined); // awaited by read; unread when killed
  return {
    read(onData) {
      for (const c of kept!) onData(c);
      kept = null;
      sink = onData;
      child.stdout.resume();
      return done;
    },
    kill() {
      kept = null;
      sink = () => undefined;
      child.kill();
    },
    closed: done.then(
      () => undefined,
      () => undefined,
    ),
  };
}

/** What a started git's output may hold before anyone reads it (then git waits). */
const STARTED_KEEP_BYTES = 4 * 1024 * 1024;

/** Every git process but cat-file's starts here: SAFE_ARGS first, whatever the command. */
function streamGit(binary: string, cwd: string, env: Record<string, string>, args: string[], onData: (chunk: Buffer) => void, input?: string, okCodes = [0], signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    processesStarted++;
    const child = spawn(binary, [...SAFE_ARGS, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], signal });
    let stderr = '';
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.name === 'AbortError' ? e : new GitProcessError(e.message, '', e.code)));
    child.on('close', (code) => {
      if (code !== null && okCodes.includes(code)) resolve();
      else reject(new GitProcessError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed`, stderr));
    });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Maps a failure of git to an EngineError with one clear line. */
function classify(e: unknown, dir: string): EngineError {
  if (e instanceof EngineError) return e;
  const code = (e as { spawnCode?: string; code?: string }).spawnCode ?? (e as { code?: string }).code;
  const text = e instanceof GitProcessError ? e.stderr : e instanceof Error ? e.message : String(e);
  if (code === 'ENOENT' || /spawn .*ENOENT/.test(text)) return new EngineError('git-missing', 'git was not found on PATH; install git');
  if (/not a git repository/i.test(text)) return new EngineError('not-a-repository', `${dir} is not a git repository`);
  if (/must be run in a work tree/i.test(text)) return new EngineError('not-a-repository', `${dir} is a bare repository (it has no work tree): run Handoff in a clone with one`);
  if (/unknown revision|bad revision|ambiguous argument|invalid object name|Not a valid object name/i.test(text)) {
    return new EngineError('unknown-ref', firstLine(text));
  }
  if (/dubious ownership/i.test(text)) return new EngineError('git-failed', `git refuses ${dir}: dubious ownership (see git config safe.directory)`);
  return new EngineError('git-failed', firstLine(text) || 'git failed');
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim()) ?? '').replace(/^(fatal|error): /, '').trim();
}
