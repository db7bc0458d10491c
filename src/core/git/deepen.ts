import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { EngineError, isEngineError } from '../errors';
import type { SimpleGitSource } from './simpleGitSource';

/**
 * CI checkouts are often shallow (`actions/checkout` fetches one commit by default): the merge-base
 * of the base and the head is then missing. `deepenToMergeBase` fetches more history, step by step,
 * until the merge-base is there (or the clone is whole), and says clearly when it cannot.
 * Network access is the point here, so this is not part of the analysis (which never fetches):
 * only the CI entry points call it. Every command runs through the source's neutralized runner
 * (guard.ts: no hooks, filters, pager, credential helpers; ssh as plain `ssh`).
 */
export interface DeepenResult {
  /** Whether the clone was shallow when we started. */
  wasShallow: boolean;
  /** `git fetch` steps taken. */
  steps: number;
  mergeBase: string;
}

/**
 * Makes sure `mergeBase(base, head)` exists in the clone of `git`, fetching `base` from `remote`
 * when it is a remote-tracking ref that is not there yet, then deepening a shallow clone.
 */
export async function deepenToMergeBase(git: SimpleGitSource, base: string, head: string, opts: { remote?: string; maxSteps?: number } = {}): Promise<DeepenResult> {
  const remote = opts.remote ?? 'origin';
  const gitDir = (await git.exec(['rev-parse', '--absolute-git-dir'])).trim();
  const isShallow = () => existsSync(path.join(gitDir, 'shallow'));
  const shallow = isShallow();
  const verify = async (ref: string) => (await git.exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { okCodes: [0, 1] })).trim() !== '';
  const branch = base.startsWith(`${remote}/`) ? base.slice(remote.length + 1) : undefined;
  const fetch = async (args: string[]): Promise<string | null> => {
    try {
      await git.exec(['fetch', '--no-tags', ...args], { network: true });
      return null;
    } catch (e) {
      return firstLine(isEngineError(e) ? e.message : String(e));
    }
  };

  if (!(await verify(base))) {
    // `origin/main` on a checkout that fetched only the pull request's head: fetch that branch.
    const failure = await fetch([...(shallow ? ['--depth=50'] : []), remote, `+refs/heads/${branch ?? base}:refs/remotes/${remote}/${branch ?? base}`]);
    if (failure !== null || !(await verify(base))) {
      throw new EngineError('unknown-ref', `the base '${base}' is not in this clone and could not be fetched from '${remote}': ${failure || 'no such branch'}`);
    }
  }
  if (!(await verify(head))) throw new EngineError('unknown-ref', `the head '${head}' is not in this clone`);

  const maxSteps = opts.maxSteps ?? 8;
  let steps = 0;
  for (let depth = 50; ; depth *= 2) {
    const mb = (await git.exec(['merge-base', base, head], { okCodes: [0, 1] })).trim();
    if (mb) return { wasShallow: shallow, steps, mergeBase: mb };
    if (!isShallow()) throw new EngineError('unknown-ref', `'${base}' and '${head}' have no common history: there is nothing to compare`);
    const failure = steps >= maxSteps
      ? await fetch(['--unshallow', remote])
      : await fetch([`--deepen=${depth}`, remote, ...(branch ? [`+refs/heads/${branch}:refs/remotes/${remote}/${branch}`] : [])]);
    steps++;
    if (failure !== null) {
      throw new EngineError('shallow-clone', `this clone is shallow and could not be deepened from '${remote}' to the merge-base of '${base}' and '${head}': ${failure} (check out with fetch-depth: 0)`);
    }
  }
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.replace(/^(fatal|error):\s*/, '').trim()).find(Boolean) ?? '';
}
