// The working tree both editor benches measure: the bench repository's `main` checked out in a
// fresh worktree beside it, with the `feature` branch's sources uncommitted on top (~5,000
// changed files), as a developer's editor sees a large change before it is committed.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

export const git = (cwd: string, ...a: string[]): string => execFileSync('git', a, { cwd, encoding: 'utf8' });

export interface FeatureWorktree {
  /** The worktree's folder (`<repo>-<suffix>`). */
  wt: string;
  /** Files that differ from HEAD in it. */
  changedFiles: number;
  /** The first changed source file: the one the benches save. */
  target: string;
  /** Removes the worktree. */
  remove(): void;
}

export function featureWorktree(repoPath: string, suffix: string): FeatureWorktree {
  // Absolute: git runs in the repository, where a relative path would name another folder.
  const repo = resolve(repoPath);
  const wt = `${repo}-${suffix}`;
  if (existsSync(wt)) {
    git(repo, 'worktree', 'remove', '--force', wt);
    rmSync(wt, { recursive: true, force: true });
  }
  git(repo, 'worktree', 'prune');
  git(repo, 'worktree', 'add', '-q', '--detach', wt, 'main');
  git(wt, 'checkout', 'feature', '--', 'src');
  const changedFiles = git(wt, 'diff', '--name-only', 'HEAD').split('\n').filter(Boolean).length;
  const target = git(wt, 'diff', '--name-only', 'HEAD', '--', 'src').split('\n').filter(Boolean)[0];
  return { wt, changedFiles, target, remove: () => git(repo, 'worktree', 'remove', '--force', wt) };
}
