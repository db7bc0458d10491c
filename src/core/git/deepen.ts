import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../errors';

/**
 * CI checkouts are often shallow (`actions/checkout` fetches one commit by default): the merge-base
 * of the base and the head is then missing. `deepenToMergeBase` fetches more history, step by step,
 * until the merge-base is there (or the clone is whole), and says clearly when it cannot.
 * Network access is the point here, so this is not part of the analysis (which never fetches):
 * only the CI entry points call it. Hooks, fsmonitor and credential prompts are off.
 */
export interface DeepenResult {
  /** Whether the clone was shallow when we started. */
  wasShallow: boolean;
  /** `git fetch --deepen` steps taken. */
  steps: number;
  mergeBase: string;
}

const SAFE_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'protocol.ext.allow=never'];

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', [...SAFE_CONFIG, ...args], {
      cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_CONFIG_NOSYSTEM: '1' },
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/**
 * Makes sure `mergeBase(base, head)` exists in the clone at `root`, fetching `base` from `remote`
 * when it is a remote-tracking ref that is not there yet, then deepening a shallow clone.
 */
export async function deepenToMergeBase(root: string, base: string, head: string, opts: { remote?: string; maxSteps?: number } = {}): Promise<DeepenResult> {
  const remote = opts.remote ?? 'origin';
  const shallow = existsSync(path.join((await git(root, ['rev-parse', '--absolute-git-dir'])).stdout.trim(), 'shallow'));
  const verify = async (ref: string) => (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0;

  if (!(await verify(base))) {
    // `origin/main` on a checkout that fetched only the PR's head: fetch that branch.
    const branch = base.startsWith(`${remote}/`) ? base.slice(remote.length + 1) : base;
    const r = await git(root, ['fetch', '--no-tags', ...(shallow ? ['--depth=50'] : []), remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
    if (r.code !== 0 || !(await verify(base))) {
      throw new EngineError('unknown-ref', `the base '${base}' is not in this clone and could not be fetched from '${remote}': ${firstLine(r.stderr) || 'no such branch'}`);
    }
  }
  if (!(await verify(head))) throw new EngineError('unknown-ref', `the head '${head}' is not in this clone`);

  const maxSteps = opts.maxSteps ?? 8;
  let steps = 0;
  for (let depth = 50; ; depth *= 2) {
    const mb = await git(root, ['merge-base', base, head]);
    if (mb.code === 0 && mb.stdout.trim()) return { wasShallow: shallow, steps, mergeBase: mb.stdout.trim() };
    const stillShallow = existsSync(path.join((await git(root, ['rev-parse', '--absolute-git-dir'])).stdout.trim(), 'shallow'));
    if (!stillShallow) {
      throw new EngineError('unknown-ref', `'${base}' and '${head}' have no common history: there is nothing to compare`);
    }
    if (steps >= maxSteps) {
      const r = await git(root, ['fetch', '--no-tags', '--unshallow', remote]);
      steps++;
      if (r.code !== 0) throw new EngineError('shallow-clone', `this clone is shallow and the merge-base of '${base}' and '${head}' could not be fetched: ${firstLine(r.stderr)} (check out with fetch-depth: 0)`);
      continue;
    }
    const r = await git(root, ['fetch', '--no-tags', `--deepen=${depth}`, remote, base.startsWith(`${remote}/`) ? `+refs/heads/${base.slice(remote.length + 1)}:refs/remotes/${base}` : base]);
    steps++;
    if (r.code !== 0) {
      throw new EngineError('shallow-clone', `this clone is shallow and could not be deepened from '${remote}' to the merge-base of '${base}' and '${head}': ${firstLine(r.stderr)} (check out with fetch-depth: 0)`);
    }
  }
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.replace(/^(fatal|error):\s*/, '').trim()).find(Boolean) ?? '';
}
