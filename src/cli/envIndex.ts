// The env index left for later (issue 17: a cold `check` in a big repository). With no index
// stored, `check` asks git about the range's env names only, writes its report, and then starts
// this: a detached, low-priority `handoff __env-index` that reads head once and writes the index,
// so that the next run is warm. The run's exit never waits for it; its report is the one the
// index would have given (the bench compares them byte for byte).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisSession, SimpleGitSource, WORKTREE } from '../core';
import { debugLogger } from './log';

/** The hidden command's name (not listed in the usage: nobody types it). */
export const ENV_INDEX_COMMAND = '__env-index';
/** Held by the process that builds the index (its pid); the bench waits while it exists. */
export const BUILD_LOCK = 'env-index.building';
/** A lock older than this is a crashed builder's. */
const STALE_MS = 10 * 60_000;

/** The script the CLI was started from (set by `start`): the builder runs the same one. */
let entry: { script: string; execArgv: string[] } | null = null;
export function setCliEntry(script: string | undefined): void {
  entry = script ? { script, execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof') && !a.startsWith('--inspect')) } : null;
}

/**
 * A `deferEnvIndex` for `analyze` when the CLI runs as a process (never in-process, as in
 * tests: there the index is built inline as before), or undefined.
 */
export function envIndexDeferral(): { defer?: () => void; start(repo: string, head: { base: string; head: string }): void } {
  if (!entry || process.env.HANDOFF_ENV_INDEX === 'inline') return { start() {} };
  let deferred = false;
  return {
    defer: () => {
      deferred = true;
    },
    start(repo, range) {
      if (!deferred || !entry) return;
      // In CI the clone is thrown away after the job: nothing would read the index, and a job leaves nothing running.
      if (inCi()) {
        debugLogger().debug('env index: not built (CI is set)');
        return;
      }
      debugLogger().debug('env index: left to a detached builder');
      const args = [...entry.execArgv, entry.script, ENV_INDEX_COMMAND, '--repo', repo, '--base', range.base, ...(range.head === WORKTREE ? [] : ['--head', range.head])];
      try {
        const child = spawn(process.execPath, args, { detached: true, stdio: 'ignore', cwd: repo, windowsHide: true });
        child.on('error', () => {});
        child.unref();
      } catch {
        // the next run is cold again: no harm
      }
    },
  };
}

/** The CI convention every major CI service sets (GitHub Actions, GitLab CI, CircleCI, Travis, Buildkite…). */
function inCi(): boolean {
  const v = process.env.CI;
  return !!v && v !== 'false' && v !== '0';
}

/** `handoff __env-index --repo DIR --base SHA [--head SHA]`: builds the index; exit 0 whatever happens. */
export async function buildEnvIndexCommand(argv: string[]): Promise<number> {
  try {
    os.setPriority(19);
  } catch {
    // not allowed here: normal priority
  }
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
  };
  const repo = opt('--repo');
  const base = opt('--base');
  if (!repo || !base) return 0;
  const logger = debugLogger();
  let lock: string | null = null;
  try {
    const git = await SimpleGitSource.open(repo);
    const dir = path.join(await git.gitDir(), 'handoff');
    lock = takeLock(path.join(dir, BUILD_LOCK));
    if (!lock) return 0; // another builder is at it
    await AnalysisSession.buildEnvIndex({ repo, git, base, head: opt('--head') ?? WORKTREE, logger });
  } catch (e) {
    logger.debug(`env index not built: ${(e as Error).message}`);
  } finally {
    if (lock) fs.rmSync(lock, { force: true });
  }
  return 0;
}

/** Creates the lock file (with this pid), replacing a crashed builder's; null when a live one holds it. */
function takeLock(file: string): string | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // The handoff folder only, never the git dir: a repository deleted under the builder stays deleted.
      try {
        fs.mkdirSync(path.dirname(file));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(path.dirname(file)).isDirectory()) return null;
      }
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      if (!isStale(file)) return null;
      fs.rmSync(file, { force: true });
    }
  }
  return null;
}

function isStale(file: string): boolean {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (Date.now() - fs.statSync(file).mtimeMs > STALE_MS) return true;
    if (!Number.isSafeInteger(pid) || pid <= 0) return true;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
