import { constants as fsc, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ENV_DECLARATION_PATHSPECS, ENV_NAME_PATHSPECS, ENV_SCRIPT_PATHSPECS, isScriptPath } from '../analyzers/env';
import type { GitSource, GrepHit, GrepOptions, ResolvedRange } from '../git/gitSource';
import { WORKTREE } from '../git/gitSource';
import type { Logger } from '../logger';
import { addUpperWords, confirmFileRefs, fileEnv, isDeclarationPath, isEmpty, lineRefs, needsFileContext, selectsLine, SHEBANG_PATTERN, shebangPaths, type FileEnv, type LineSpec } from './lines';
import { isReleaseDocument } from '../util/releaseDocs';
import { ensureHandoffDir, indexFile, indexKey, readIndex, writeIndex, type EnvIndexData } from './store';

export { type FileEnv, type LineSpec } from './lines';

/** Blobs larger than this are read as holding nothing (git grep reads them whole; few are this big). */
const MAX_BLOB_BYTES = 64 * 1024 * 1024;
/** More changed paths than this since the indexed commit: one grep of head is cheaper than reading them. */
const MAX_DELTA = 20_000;
/**
 * A deferred cold run (HeadEnvDeps.cold) asks git about its names only while the range names at
 * most this many: a grep of a few names beats building the index; with thousands (the bench's
 * 10,000-file range) matching every hit line against every name does not, and the index is
 * built within the run, from the moment the range is seen to be that large.
 */
export const DEFER_MAX_NAMES = 64;

/**
 * How the last head read went, for tests and the bench: `blobsRead` counts the blobs read
 * through `git cat-file` because the index had not seen them (a warm run of an unchanged
 * head reads none); `worktreeRead` the working-tree files read for working mode's overlay.
 */
export const envIndexCounters = { blobsRead: 0, worktreeRead: 0, mode: 'none' as 'none' | 'warm' | 'cold' | 'names' };

export interface HeadEnvDeps {
  git: GitSource;
  range: ResolvedRange;
  spec: LineSpec;
  /** What, besides Handoff's version, the extraction depends on (the profile's env readers and registries). */
  fingerprint: string;
  /** Greps the commit `range.headSha` (on disk when it is checked out and clean). */
  grepCommit(words: string[], pathspecs: string[], opts: GrepOptions): Promise<GrepHit[]>;
  /** Working mode: every path the range's diff names (new and old paths), once the diff is read. */
  rangePaths(): Promise<string[]>;
  /** False: never read or write the index (names only), as with a read-only git folder. */
  useIndex: boolean;
  /**
   * Called once head will be grepped (no stored index: names mode, a deferred or a cold run), as
   * soon as that is known: the caller starts what those greps wait for (review mode: whether head
   * is checked out and clean, a `git diff` that reads every file's status) while the range is
   * still being read, not beside the grep.
   */
  willGrep?(): void;
  /**
   * With no stored index (cold): `build` reads all of head now and writes the index (a long-lived
   * session that will ask again); `defer` answers this run from git asked about the names only and
   * calls `onDeferred` once, so that the caller builds the index later, off the run's path (the CLI:
   * a detached, low-priority process after the report is written). Both give the same answer.
   */
  cold?: 'build' | 'defer';
  onDeferred?(): void;
  logger: Logger;
}

/**
 * Head's env facts per file, as the env pass asks for them (`files(names)`):
 * - with a writable git folder, from the persistent index (store.ts): warm, it asks git for
 *   the paths that changed since the indexed commit and reads only the blobs it has not
 *   seen; cold, it greps head once (as before the index) and writes the index;
 * - without one, it asks git only about the names asked for (`git grep -F` of those names)
 *   and answers for those names alone.
 * In working mode, head is the working tree: the index answers for HEAD's commit, and the
 * files the range changes, or that HEAD changed since the merge-base, are read from disk.
 * The three ways select and extract lines alike (lines.ts), so they give the same answer.
 */
export class HeadEnvStore {
  private full: Promise<Map<string, FileEnv>> | null = null;
  private byNames: Map<string, FileEnv> | null = null;
  private covered = new Set<string>();
  private mode: Promise<'index' | 'names' | 'deferred'> | null = null;
  /** The range's env names seen so far (see note). */
  private seen = new Set<string>();
  /** A deferred cold run that builds the index after all (too many names). */
  private forced = false;
  private deferCalled = false;
  /** The stored index, read once (the mode and the build both need it). */
  private stored: Promise<EnvIndexData | null> | null = null;

  constructor(private readonly deps: HeadEnvDeps) {}

  /**
   * Whether this store would grep head for the range's names, were the range to name one: no
   * index can be kept (names mode), or a deferred run finds no index file for its key (its
   * content is not read here). Asked before the range is read: the engine then starts what that
   * grep waits for, and the store its mode, so that the range's first env name finds both ready.
   */
  async asksNames(): Promise<boolean> {
    if (!(await this.usable())) return true;
    if (this.deps.cold !== 'defer') return false;
    const file = indexFile(await this.dir(), indexKey(this.deps.fingerprint));
    const absent = await fsp.access(file).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
    );
    if (absent) this.modeOf().catch(() => undefined);
    return absent;
  }

  /** Starts reading (index mode): called as soon as the range is known to touch an env name. */
  start(): void {
    void this.modeOf().then(async (m) => {
      // Warm (an index stored for this key) asks git what changed since its commit, not head's files.
      if (m !== 'index' || !(await this.storedIndex().catch(() => null))) this.deps.willGrep?.();
      // Names asked of a checked-out head: the split grep's file list, while the range is read.
      const { range } = this.deps;
      if (m !== 'index' && !this.forced && range.mode === 'review' && range.checkedOut === range.headSha) this.deps.git.prepareGrepSplit?.();
      if (m === 'index' || (m === 'deferred' && this.forced)) this.fullIndex().catch(() => {});
    });
  }

  /** The env names of one changed file, as the range is read: a deferred cold run with too many builds the index. */
  note(names: Iterable<string>): void {
    if (this.forced || this.deps.cold !== 'defer') return;
    for (const n of names) this.seen.add(n);
    if (this.seen.size > DEFER_MAX_NAMES) {
      this.forced = true;
      this.start();
    }
  }

  /**
   * Builds (or advances) and writes the index for head whatever `cold` says: the deferred
   * build. False when the index cannot be used (read-only git folder, HANDOFF_ENV_INDEX=off).
   */
  async build(): Promise<boolean> {
    if (!(await this.usable())) return false;
    await this.fullIndex();
    return true;
  }

  /** FileEnv per path at head: complete for every name in `names` (for all names in index mode). */
  async files(names: Iterable<string>): Promise<Map<string, FileEnv>> {
    const mode = await this.modeOf();
    if (mode === 'index') return this.fullIndex();
    const wanted = [...names];
    if (mode === 'deferred') {
      if (this.forced || wanted.length > DEFER_MAX_NAMES) {
        this.forced = true;
        return this.fullIndex();
      }
      if (!this.deferCalled) {
        this.deferCalled = true;
        this.deps.logger.debug('env index cold: asking git about the names only, the index is built later');
        this.deps.onDeferred?.();
      }
    }
    const missing = wanted.filter((n) => !this.covered.has(n));
    this.byNames ??= new Map();
    if (missing.length) {
      const found = await this.readNames(missing);
      // A new map (callers may keep what they built from the previous one), with new entries for the paths that change.
      this.byNames = new Map(this.byNames);
      const wanted = new Set(missing);
      for (const [p, f] of found) {
        const have = this.byNames.get(p);
        const refs = f.refs.filter((r) => wanted.has(r.name));
        const words = f.words.filter((w) => wanted.has(w));
        if (have) this.byNames.set(p, { refs: [...have.refs, ...refs].sort((a, b) => a.line - b.line), words: [...have.words, ...words] });
        else if (refs.length || words.length) this.byNames.set(p, { refs, words });
      }
      for (const n of missing) this.covered.add(n);
    }
    return this.byNames;
  }

  private modeOf(): Promise<'index' | 'names' | 'deferred'> {
    return (this.mode ??= (async () => {
      if (!(await this.usable())) return 'names';
      if (this.deps.cold !== 'defer' || (await this.storedIndex())) return 'index';
      return 'deferred';
    })());
  }

  private usableP: Promise<boolean> | null = null;
  /** Whether the index can be read and written here (a writable git folder, not turned off). */
  private usable(): Promise<boolean> {
    return (this.usableP ??= (async () => {
      if (!this.deps.useIndex || !this.deps.git.gitDir || !this.deps.git.diffTrees) return false;
      try {
        const dir = await this.dir();
        await ensureHandoffDir(dir);
        await fsp.access(dir, fsc.W_OK);
        return true;
      } catch (e) {
        this.deps.logger.debug(`env index not used (${(e as Error).message}): asking git about the names only`);
        return false;
      }
    })());
  }

  private storedIndex(): Promise<EnvIndexData | null> {
    return (this.stored ??= this.dir().then((dir) => {
      const key = indexKey(this.deps.fingerprint);
      return readIndex(indexFile(dir, key), key);
    }));
  }

  private dirPromise: Promise<string> | null = null;
  private dir(): Promise<string> {
    return (this.dirPromise ??= this.deps.git.gitDir!().then((d) => path.join(d, 'handoff')));
  }

  private fullIndex(): Promise<Map<string, FileEnv>> {
    if (!this.full) {
      this.full = this.buildIndex();
      this.full.catch(() => {});
    }
    return this.full;
  }

  private async buildIndex(): Promise<Map<string, FileEnv>> {
    const { range, logger } = this.deps;
    const started = Date.now();
    const dir = await this.dir();
    const key = indexKey(this.deps.fingerprint);
    const head = range.headSha;
    const stored = await this.storedIndex();
    let data: EnvIndexData | null = null;
    if (stored) {
      try {
        data = await this.advance(stored, head);
      } catch (e) {
        logger.debug(`env index: ${(e as Error).message}; reading head again`);
      }
    }
    const warm = data !== null;
    // Unchanged (the indexed commit is head): nothing to write.
    const unchanged = warm && stored!.commit === head;
    if (!data) data = { commit: head, files: await this.grepAll(), blobs: stored?.blobs ?? new Map() };
    envIndexCounters.mode = warm ? 'warm' : 'cold';
    logger.debug(`env index ${warm ? 'warm' : 'cold'}: ${data.files.size} files with env names at ${head.slice(0, 10)} in ${Date.now() - started} ms`);
    if (!unchanged) await writeIndex(dir, key, data).catch((e: unknown) => logger.debug(`env index not written: ${(e as Error).message}`));
    if (range.mode !== 'working') return data.files;
    return this.overlayWorktree(new Map(data.files));
  }

  /** The stored index moved to `head`: the paths that differ, their blobs read unless seen. */
  private async advance(stored: EnvIndexData, head: string): Promise<EnvIndexData | null> {
    if (stored.commit === head) return stored;
    const deltas = await this.deps.git.diffTrees!(stored.commit, head);
    if (deltas.length > MAX_DELTA) return null;
    const files = stored.files;
    const blobs = stored.blobs;
    const texts = new Map<string, Promise<string | null>>();
    for (const d of deltas) {
      if (!d.blob) continue;
      const k = `${d.path}\0${d.blob}`;
      if (!blobs.has(k) && !texts.has(k)) texts.set(k, this.deps.git.readBlob(d.blob, MAX_BLOB_BYTES));
    }
    envIndexCounters.blobsRead += texts.size;
    for (const d of deltas) {
      if (!d.blob) {
        files.delete(d.path);
        continue;
      }
      const k = `${d.path}\0${d.blob}`;
      let f = blobs.get(k);
      if (f) blobs.delete(k); // used: moves to the most recent end
      else {
        const text = await texts.get(k)!;
        f = text == null ? { refs: [], words: [] } : fileEnv(d.path, text, this.deps.spec);
      }
      blobs.set(k, f);
      if (isEmpty(f)) files.delete(d.path);
      else files.set(d.path, f);
    }
    return { commit: head, files, blobs };
  }

  /** Every file of head's commit, from three greps (read needles, env names, declared words). */
  private async grepAll(): Promise<Map<string, FileEnv>> {
    const { spec, grepCommit } = this.deps;
    const [reads, names, scripts, words] = await Promise.all([
      grepCommit([...spec.needles], [], { word: false }),
      grepCommit(['[A-Za-z_][A-Z0-9_]*[A-Z][A-Z0-9_]*'], ENV_NAME_PATHSPECS, { extended: true }),
      // executables without an extension, and their `#!` lines: an exclusion pathspec applies to a whole grep, so a grep of their own
      grepCommit(['[A-Za-z_][A-Z0-9_]*[A-Z][A-Z0-9_]*', SHEBANG_PATTERN], ENV_SCRIPT_PATHSPECS, { extended: true }),
      grepCommit(['[A-Z][A-Z0-9_]*[A-Z0-9]'], ENV_DECLARATION_PATHSPECS, { extended: true }),
    ]);
    const confirm = new Set<string>();
    const files = fromHits(reads.concat(names, scripts), words, spec, () => true, shebangPaths(scripts), confirm);
    return this.confirmed(files, confirm, this.deps.range.headSha);
  }

  /** `files` with the refs of the paths in `confirm` checked against their whole text at `rev` (lines.ts needsFileContext). */
  private async confirmed(files: Map<string, FileEnv>, confirm: Set<string>, rev: string): Promise<Map<string, FileEnv>> {
    if (!confirm.size) return files;
    const texts = await this.deps.git.readFiles(rev, [...confirm], MAX_BLOB_BYTES);
    for (const p of confirm) {
      const f = files.get(p);
      const text = texts.get(p);
      if (!f || text == null) continue;
      const refs = confirmFileRefs(p, f.refs, text);
      if (refs.length || f.words.length) files.set(p, { refs, words: f.words });
      else files.delete(p);
    }
    return files;
  }

  /** Names mode: the lines of head that contain one of `names`. */
  private async readNames(names: string[]): Promise<Map<string, FileEnv>> {
    envIndexCounters.mode = 'names';
    const { range, git, grepCommit, spec } = this.deps;
    const needles = [...new Set([...names, ...names.flatMap((n) => spec.aliases?.(n) ?? [])])];
    // Beside it, git checks that head is checked out and clean (review mode), which reads every
    // file's status too; on two cores a second grep thread bought little time and cost ~30% more
    // CPU (0.84 vs 0.57 s on the bench's 50,000 files). Two processes, each reading half of the
    // files (`split`, a checked-out head only), cost what one does.
    const opts = { word: false, split: true };
    const grep = (words: string[], pathspecs: string[], o: GrepOptions) => (range.mode === 'working' ? git.grep(WORKTREE, words, pathspecs, o) : grepCommit(words, pathspecs, o));
    const hits = await grep(needles, [], opts);
    const keep = (t: string) => needles.some((n) => t.includes(n));
    // Executables without an extension that hold a name: their `#!` lines, asked of git for those files alone.
    // (Past a command line's worth of paths, of every such file.)
    const scripts = [...new Set(hits.filter((h) => isScriptPath(h.path) && keep(h.text)).map((h) => `:(literal)${h.path}`))];
    const few = scripts.reduce((n, s) => n + s.length + 1, 0) <= 24_000;
    const shebangs = scripts.length ? shebangPaths(await grep([SHEBANG_PATTERN], few ? scripts : ENV_SCRIPT_PATHSPECS, { extended: true, word: false })) : new Set<string>();
    const confirm = new Set<string>();
    const files = fromHits(hits, hits, spec, keep, shebangs, confirm);
    return this.confirmed(files, confirm, range.mode === 'working' ? WORKTREE : range.headSha);
  }

  /** Working mode: the files that may differ from HEAD's commit, read from disk. */
  private async overlayWorktree(files: Map<string, FileEnv>): Promise<Map<string, FileEnv>> {
    const { git, range, spec } = this.deps;
    const paths = new Set(await this.deps.rangePaths());
    if (range.mergeBase !== range.headSha) for (const p of await git.changedPaths(range.mergeBase, range.headSha, [])) paths.add(p);
    const list = [...paths];
    const texts = await git.readFiles(WORKTREE, list, MAX_BLOB_BYTES);
    envIndexCounters.worktreeRead += list.length;
    for (const p of list) {
      const text = texts.get(p);
      const f = text == null ? null : fileEnv(p, text, spec);
      if (!f || isEmpty(f)) files.delete(p);
      else files.set(p, f);
    }
    return files;
  }
}

/**
 * FileEnv per path from grep hits: `lines` are candidate lines (selected again here, so a
 * grep that matched more than lines.ts selects changes nothing); `words` hits add the
 * upper-case words of declaration files. An executable without an extension counts only when
 * it is in `shebangs` (its first line is a `#!` line env extraction reads). The paths whose refs
 * need their whole text (lines.ts needsFileContext) are added to `confirm`.
 */
function fromHits(lines: GrepHit[], words: GrepHit[], spec: LineSpec, keep: (text: string) => boolean, shebangs: Set<string>, confirm: Set<string>): Map<string, FileEnv> {
  const out = new Map<string, { refs: FileEnv['refs']; words: Set<string> }>();
  const entry = (p: string) => {
    let e = out.get(p);
    if (!e) out.set(p, (e = { refs: [], words: new Set() }));
    return e;
  };
  const seen = new Set<string>();
  for (const h of lines) {
    const k = `${h.path}\0${h.line}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (isReleaseDocument(h.path) || !selectsLine(h.path, h.text, spec) || !keep(h.text)) continue;
    if (!shebangs.has(h.path) && isScriptPath(h.path)) continue;
    const refs = lineRefs(h.path, h.line, h.text, spec);
    if (!refs.length) continue;
    entry(h.path).refs.push(...refs);
    if (needsFileContext(h.path, h.text)) confirm.add(h.path);
  }
  const wordLines = new Set<string>();
  for (const h of words) {
    if (!isDeclarationPath(h.path)) continue;
    const k = `${h.path}\0${h.line}`;
    if (wordLines.has(k)) continue;
    wordLines.add(k);
    const set = new Set<string>();
    addUpperWords(h.text, set);
    if (set.size) for (const w of set) entry(h.path).words.add(w);
  }
  const result = new Map<string, FileEnv>();
  for (const [p, e] of out) {
    if (!e.refs.length && !e.words.size) continue;
    e.refs.sort((a, b) => a.line - b.line);
    result.set(p, { refs: e.refs, words: [...e.words] });
  }
  return result;
}
