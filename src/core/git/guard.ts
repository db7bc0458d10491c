import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError } from '../errors';

/**
 * How Handoff keeps git from running anything a repository names (issue 16).
 *
 * A repository is not trusted: its `.git/config` (and any file that config includes), its
 * `.gitattributes` and its work tree may all be hostile (an archive someone sent, a fork's
 * pull request in CI). The system and global config are the user's own and are kept: they
 * carry `safe.directory`, which CI images rely on, and git's refusal of a repository owned
 * by someone else stays in force.
 *
 * Every git command runs with:
 * - the command-line settings below, which win over every config file and every include:
 *   no hooks (`post-index-change`…), no fsmonitor, no pager, no signature check (which
 *   would run `gpg.program`), no credential helper or askpass, every transport forbidden
 *   (a partial clone's lazy fetch would otherwise run `core.sshCommand`);
 * - every filter driver that the config defines, under any name, switched off
 *   (`clean`, `smudge` and `process` emptied, `required` false), passed through
 *   GIT_CONFIG_COUNT so that a name with `=` or spaces cannot break the option;
 * - no optional locks (git never refreshes and writes the index behind the user's back);
 * - `--no-ext-diff --no-textconv` on every diff (in simpleGitSource.ts), blobs read with
 *   `cat-file --batch` without `--filters`, and work-tree files read by Handoff itself
 *   (worktreeFiles.ts), never through git.
 */
const SAFE_SETTINGS = [
  'core.quotePath=false',
  'diff.noprefix=false',
  'color.ui=false',
  `core.hooksPath=${os.devNull}`,
  'core.fsmonitor=false',
  'core.pager=cat',
  'core.askPass=',
  'credential.helper=',
  'log.showSignature=false',
  'submodule.recurse=false',
  'gc.auto=0',
  'maintenance.auto=false',
  'protocol.allow=never',
  ...['file', 'git', 'ssh', 'http', 'https', 'ext', 'fd'].map((p) => `protocol.${p}.allow=never`),
];

/** Global options every git command starts with (before its subcommand). */
export const SAFE_ARGS: readonly string[] = ['--no-pager', ...SAFE_SETTINGS.flatMap((s) => ['-c', s])];

/**
 * The environment git runs with: the caller's, minus GIT_* variables (a hook's GIT_DIR or
 * GIT_INDEX_FILE, a GIT_EXTERNAL_DIFF or GIT_CONFIG_PARAMETERS must not redirect us; the
 * user's GIT_CONFIG_NOSYSTEM/GLOBAL choice is kept), plus no optional locks, no prompts,
 * no lazy fetch, and English messages (errors are classified by their text).
 */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (k.toUpperCase().startsWith('GIT_') && k !== 'GIT_CONFIG_NOSYSTEM' && k !== 'GIT_CONFIG_GLOBAL') continue;
    env[k] = v;
  }
  return {
    ...env,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    GIT_PAGER: 'cat',
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
}

const BASE_ENV = baseEnv();

/** Runs `git <args>` (with SAFE_ARGS and the bootstrap environment) and returns stdout. */
export type RunForGuard = (args: string[]) => Promise<Buffer>;

/**
 * The per-repository part: the filter drivers its config defines, switched off. The list
 * is read again whenever a config file, a file it includes, HEAD (an `includeIf
 * "onbranch:"`) or the index (a checkout, a pull) changed since it was read.
 */
export class GitGuard {
  private constructor(
    private readonly root: string,
    private readonly gitDir: string,
    private readonly run: RunForGuard,
    /** The environment of the last read: BASE_ENV plus the filter overrides. */
    public env: Record<string, string>,
    private watched: string[],
    private stamp: string,
  ) {}

  /**
   * False when the config converts content between the index and the work tree or makes git
   * diff another way (core.autocrlf, core.eol, core.attributesFile, diff.algorithm other than
   * Myers, diff.indentHeuristic off): then a diff of the work tree is only git's to make.
   */
  plainContent = false;

  /** The index file's stat (changes with every `git add`, checkout, commit). */
  indexStamp(): Promise<string> {
    return this.computeStamp([path.join(this.gitDir, 'index')]);
  }

  /** The environment for commands that read no work-tree content (rev-parse, config). */
  static bootstrap(): Record<string, string> {
    return BASE_ENV;
  }

  static async create(root: string, gitDir: string, run: RunForGuard): Promise<GitGuard> {
    const guard = new GitGuard(root, gitDir, run, BASE_ENV, [], '');
    await guard.reload();
    return guard;
  }

  /**
   * Refuses a repository whose config makes another folder its work tree
   * (`core.worktree`): the folder git would read must be the one that holds the
   * repository's `.git` (a folder, or a file naming the git dir, as in a linked worktree
   * or a submodule).
   */
  static async checkWorktree(root: string, gitDir: string): Promise<void> {
    const dotGit = path.join(root, '.git');
    let target: string | null = null;
    const st = await fs.stat(dotGit).catch(() => null);
    if (st?.isDirectory()) target = dotGit;
    else if (st?.isFile()) {
      const text = await fs.readFile(dotGit, 'utf8').catch(() => '');
      const m = /^gitdir: ?(.+)$/m.exec(text.slice(0, 4096));
      if (m) target = path.resolve(root, m[1].trim());
    }
    const real = (p: string) => fs.realpath(p).catch(() => path.resolve(p));
    if (target && (await real(target)) === (await real(gitDir))) return;
    throw new EngineError(
      'not-a-repository',
      `${root} is not where the repository's .git is (${gitDir}): its config (core.worktree) points the work tree elsewhere, and Handoff does not follow it`,
    );
  }

  /** Reads the filter list again if a file it came from changed. */
  async refresh(): Promise<void> {
    if ((await this.computeStamp(this.watched)) !== this.stamp) await this.reload();
  }

  private async reload(): Promise<void> {
    // `--list` with values: include paths are watched too (a missing one may appear later).
    const out = (await this.run(['config', '-z', '--show-origin', '--list'])).toString('utf8');
    const parts = out.split('\0');
    const names = new Set<string>();
    let plain = true;
    const watched = new Set<string>([path.join(this.gitDir, 'HEAD'), path.join(this.gitDir, 'index'), path.join(this.gitDir, 'config')]);
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const origin = parts[i];
      const entry = parts[i + 1];
      const nl = entry.indexOf('\n');
      const key = nl < 0 ? entry : entry.slice(0, nl);
      const value = nl < 0 ? '' : entry.slice(nl + 1);
      const file = origin.startsWith('file:') ? path.resolve(this.root, origin.slice(5)) : null;
      if (file) watched.add(file);
      const lower = key.toLowerCase();
      const v = value.toLowerCase();
      if ((lower === 'core.autocrlf' && v !== 'false') || lower === 'core.eol' || lower === 'core.attributesfile' || (lower === 'diff.algorithm' && v !== 'myers' && v !== 'default') || (lower === 'diff.indentheuristic' && v !== 'true')) plain = false;
      if (lower.startsWith('filter.')) {
        const dot = key.lastIndexOf('.');
        if (dot > 7) names.add(key.slice(7, dot));
      } else if (file && /^include(if\..*)?\.path$/.test(lower) && value) {
        const p = value.startsWith('~/') ? path.join(os.homedir(), value.slice(2)) : path.resolve(path.dirname(file), value);
        watched.add(p);
      }
    }
    const env: Record<string, string> = { ...BASE_ENV };
    let n = 0;
    for (const name of names) {
      for (const [k, v] of [['clean', ''], ['smudge', ''], ['process', ''], ['required', 'false']]) {
        env[`GIT_CONFIG_KEY_${n}`] = `filter.${name}.${k}`;
        env[`GIT_CONFIG_VALUE_${n}`] = v;
        n++;
      }
    }
    if (n) env.GIT_CONFIG_COUNT = String(n);
    this.watched = [...watched];
    this.stamp = await this.computeStamp(this.watched);
    this.env = env;
    this.plainContent = plain;
  }

  private async computeStamp(files: string[]): Promise<string> {
    const stats = await Promise.all(files.map((f) => fs.stat(f).then((s) => `${s.mtimeMs}:${s.size}:${s.ino}`, () => '-')));
    return stats.join('|');
  }
}
