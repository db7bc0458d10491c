import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { EngineError } from '../errors';
import type { Change } from '../types';
import { DiffStreamParser, untrackedChange } from './diffParser';
import { WORKTREE, type ChangeOptions, type GitSource, type GrepHit, type GrepOptions, type RefList, type ResolvedRange } from './gitSource';

/**
 * Options that keep git from running anything the repository configures: no external
 * diff or textconv drivers, no fsmonitor hook, paths as raw UTF-8. They make analysis
 * safe in an untrusted workspace.
 */
const SAFE_CONFIG = ['-c', 'core.quotePath=false', '-c', 'core.fsmonitor=false', '-c', 'diff.noprefix=false', '-c', 'color.ui=false'];
const DIFF_FLAGS = ['--raw', '-p', '-U0', '-z', '-M', '-C', '--full-index', '--no-ext-diff', '--no-textconv', '--no-color', '--ignore-submodules=all'];

/**
 * The environment git runs with: the caller's, minus GIT_* variables (a hook's GIT_DIR or
 * GIT_INDEX_FILE must not redirect us), plus no optional locks (we run next to the user's
 * own git) and English messages (errors are classified by their text).
 */
const GIT_ENV: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && (!e[0].startsWith('GIT_') || e[0] === 'GIT_CONFIG_NOSYSTEM' || e[0] === 'GIT_CONFIG_GLOBAL'))),
  GIT_OPTIONAL_LOCKS: '0',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
  LANGUAGE: 'C',
};

/**
 * The one module that runs git. Small commands go through simple-git; the diff, batch
 * reads and grep are spawned directly so that their output streams instead of being
 * buffered whole.
 */
export class SimpleGitSource implements GitSource {
  private constructor(
    readonly root: string,
    private readonly git: SimpleGit,
    private readonly gitBinary: string,
  ) {}

  /** Opens the repository that contains `dir`; throws EngineError on a non-repository. */
  static async open(dir: string, gitBinary = 'git'): Promise<SimpleGitSource> {
    const abs = path.resolve(dir);
    try {
      const st = await fs.stat(abs);
      if (!st.isDirectory()) throw new EngineError('not-a-repository', `${abs} is not a folder`);
    } catch (e) {
      if (e instanceof EngineError) throw e;
      throw new EngineError('not-a-repository', `${abs} does not exist`);
    }
    const top = await runGit(gitBinary, abs, ['rev-parse', '--show-toplevel']).catch((e: unknown) => {
      throw classify(e, abs);
    });
    const root = top.toString('utf8').trim();
    // Setting core.fsmonitor (to false, i.e. the safe value) needs simple-git's explicit opt-in.
    const git = simpleGit({ baseDir: root, binary: gitBinary, config: SAFE_CONFIG.filter((_, i) => i % 2 === 1), unsafe: { allowUnsafeFsMonitor: true } });
    return new SimpleGitSource(root, git, gitBinary);
  }

  private async raw(args: string[]): Promise<string> {
    try {
      return await this.git.raw(args);
    } catch (e) {
      throw classify(e, this.root);
    }
  }

  private async tryRaw(args: string[]): Promise<string | null> {
    try {
      return (await this.git.raw(args)).trim();
    } catch {
      return null;
    }
  }

  private async verify(ref: string): Promise<string | null> {
    return this.tryRaw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  }

  async detectBase(): Promise<string> {
    const originHead = await this.tryRaw(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
    if (originHead) return originHead;
    for (const name of ['main', 'master', 'develop', 'trunk']) {
      if (await this.verify(name)) return name;
    }
    for (const name of ['main', 'master', 'develop', 'trunk']) {
      if (await this.verify(`origin/${name}`)) return `origin/${name}`;
    }
    throw new EngineError('no-base', 'could not detect the base branch (no origin/HEAD, main, master, develop or trunk); pass --base');
  }

  async resolveRange(opts: { base?: string; head?: string }): Promise<ResolvedRange> {
    const base = opts.base ?? (await this.detectBase());
    const review = opts.head !== undefined && opts.head !== WORKTREE;
    const headRef = review ? opts.head! : 'HEAD';
    const headSha = await this.verify(headRef);
    if (!headSha) {
      if (!review) throw new EngineError('unknown-ref', 'the repository has no commits yet');
      throw new EngineError('unknown-ref', `unknown ref '${headRef}'`);
    }
    const baseSha = await this.verify(base);
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

  async changes(range: ResolvedRange, opts: ChangeOptions): Promise<Change[]> {
    const args = [...SAFE_CONFIG, 'diff', ...DIFF_FLAGS, range.mergeBase];
    if (range.mode === 'review') args.push(range.headSha);
    args.push('--');
    if (opts.paths) args.push(...opts.paths.map(literalPathspec));
    const parser = new DiffStreamParser(opts.maxBytes);
    const [, untracked] = await Promise.all([
      streamGit(this.gitBinary, this.root, args, (chunk) => parser.push(chunk)).catch((e: unknown) => {
        throw classify(e, this.root);
      }),
      range.mode === 'working' ? this.untracked(opts.paths) : [],
    ]);
    const changes = parser.end();
    if (untracked.length) {
      for (const p of untracked) {
        changes.push(untrackedChange(p, await readWorktreeFile(path.join(this.root, p), opts.maxBytes * 4), opts.maxBytes));
      }
    }
    return changes;
  }

  private async untracked(paths?: string[]): Promise<string[]> {
    const args = ['ls-files', '--others', '--exclude-standard', '-z', '--'];
    if (paths) args.push(...paths.map(literalPathspec));
    const out = await runGit(this.gitBinary, this.root, [...SAFE_CONFIG, ...args]).catch((e: unknown) => {
      throw classify(e, this.root);
    });
    return splitNul(out);
  }

  async readFiles(rev: string, paths: string[], maxBytes: number): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    if (paths.length === 0) return result;
    if (rev === WORKTREE) {
      await Promise.all(
        paths.map(async (p) => {
          const buf = await readWorktreeFile(path.join(this.root, p), maxBytes);
          result.set(p, buf && !buf.subarray(0, 8000).includes(0) ? buf.toString('utf8') : null);
        }),
      );
      return result;
    }
    const specs = paths.map((p) => `${rev}:${p}`);
    // First the sizes, then the contents of the files small enough to analyse.
    const check = (await runGit(this.gitBinary, this.root, ['cat-file', '--batch-check'], specs.join('\n') + '\n')).toString('utf8').split('\n');
    const wanted: number[] = [];
    check.slice(0, paths.length).forEach((line, i) => {
      const m = /^[0-9a-f]+ blob (\d+)$/.exec(line);
      if (m && Number(m[1]) <= maxBytes) wanted.push(i);
      else result.set(paths[i], null);
    });
    if (!wanted.length) return result;
    const out = await runGit(this.gitBinary, this.root, ['cat-file', '--batch'], wanted.map((i) => specs[i]).join('\n') + '\n');
    let pos = 0;
    for (const i of wanted) {
      const nl = out.indexOf(10, pos);
      const header = out.toString('utf8', pos, nl);
      const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
      if (!m) {
        result.set(paths[i], null);
        pos = nl + 1;
        continue;
      }
      const size = Number(m[1]);
      const body = out.subarray(nl + 1, nl + 1 + size);
      result.set(paths[i], body.subarray(0, 8000).includes(0) ? null : body.toString('utf8'));
      pos = nl + 1 + size + 1;
    }
    return result;
  }

  async grep(rev: string, words: string[], pathspecs: string[] = [], opts: GrepOptions = {}): Promise<GrepHit[]> {
    if (words.length === 0) return [];
    const args = [...SAFE_CONFIG, 'grep', '-I', '-n', '-z', '--no-color', opts.extended ? '-E' : '-F', '-f', '-'];
    if (opts.word !== false) args.push('-w');
    if (opts.onlyMatching) args.push('-o');
    if (rev === WORKTREE) {
      if (opts.untracked !== false) args.push('--untracked');
    } else args.push(rev);
    args.push('--', ...pathspecs);
    let out: Buffer;
    try {
      out = await runGit(this.gitBinary, this.root, args, words.join('\n') + '\n', [0, 1]);
    } catch (e) {
      throw classify(e, this.root);
    }
    const hits: GrepHit[] = [];
    const prefix = rev === WORKTREE ? '' : `${rev}:`;
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

  async worktreeMatches(sha: string): Promise<boolean> {
    if ((await this.tryRaw(['rev-parse', '--verify', '--quiet', 'HEAD'])) !== sha) return false;
    try {
      await runGit(this.gitBinary, this.root, [...SAFE_CONFIG, 'diff', '--quiet', '--no-ext-diff', 'HEAD', '--']);
      return true;
    } catch {
      return false;
    }
  }

  async listFiles(rev: string): Promise<string[]> {
    const args = rev === WORKTREE ? ['ls-files', '-z', '--cached', '--others', '--exclude-standard'] : ['ls-tree', '-r', '-z', '--name-only', rev];
    return splitNul(await runGit(this.gitBinary, this.root, [...SAFE_CONFIG, ...args]).catch((e: unknown) => { throw classify(e, this.root); }));
  }

  async currentBranch(): Promise<string | null> {
    return this.tryRaw(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  }

  async refs(): Promise<RefList> {
    const current = await this.currentBranch();
    const refs = (await this.raw(['for-each-ref', '--sort=-committerdate', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags'])).split('\n').filter(Boolean);
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
    const args = [...SAFE_CONFIG, 'diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', from];
    if (to !== WORKTREE) args.push(to);
    args.push('--', ...pathspecs);
    const set = new Set(splitNul(await runGit(this.gitBinary, this.root, args).catch((e: unknown) => { throw classify(e, this.root); })));
    if (to === WORKTREE) for (const p of await this.untracked(pathspecs)) set.add(p);
    return set;
  }
}

function literalPathspec(p: string): string {
  return `:(literal)${p}`;
}

function splitNul(buf: Buffer): string[] {
  return buf.toString('utf8').split('\0').filter(Boolean);
}

async function readWorktreeFile(file: string, maxBytes: number): Promise<Buffer | null> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return null;
    if (st.size > maxBytes) return Buffer.alloc(maxBytes + 1); // marks "too large" for the caller
    return await fs.readFile(file);
  } catch {
    return null;
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
function runGit(binary: string, cwd: string, args: string[], input?: string, okCodes = [0]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return streamGit(binary, cwd, args, (c) => chunks.push(c), input, okCodes).then(() => Buffer.concat(chunks));
}

function streamGit(binary: string, cwd: string, args: string[], onData: (chunk: Buffer) => void, input?: string, okCodes = [0]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => reject(new GitProcessError(e.message, '', e.code)));
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
  if (/unknown revision|bad revision|ambiguous argument|invalid object name|Not a valid object name/i.test(text)) {
    return new EngineError('unknown-ref', firstLine(text));
  }
  if (/dubious ownership/i.test(text)) return new EngineError('git-failed', `git refuses ${dir}: dubious ownership (see git config safe.directory)`);
  return new EngineError('git-failed', firstLine(text) || 'git failed');
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim()) ?? '').replace(/^(fatal|error): /, '').trim();
}
