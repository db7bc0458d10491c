import type { GitRunner } from '../../core';
import type { RepositoryModel } from '../model/repositoryModel';

/**
 * The repository's git runner (the engine's hardened one: same environment and safe
 * options as the analysis), for the commands that are not analysis: pull requests,
 * base recovery, sign-offs.
 */
export function gitRunner(repo: RepositoryModel): GitRunner {
  const git = repo.git as Partial<GitRunner> & { root: string };
  if (typeof git.exec !== 'function') throw new Error(`no git runner for ${repo.root}`);
  return git as GitRunner;
}
