// Where the evals find a project's repository: a bare clone in the cache folder
// (HANDOFF_EVAL_CACHE, default /work/.mirror), named owner+name (as the `fetch` tool leaves it,
// in owner+name/repo, or owner+name/repo/.git when it leaves a work-tree layout) or owner+name / owner+name.git
// (as `git clone --bare` makes it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const cacheRoot = process.env.HANDOFF_EVAL_CACHE || '/work/.mirror';

const cacheName = (repo) => repo.replace(/^https:\/\/github\.com\//, '').replace('/', '+');

/** The git dir of a repository in the cache, or null. */
export function cachedGitDir(repo) {
  const name = cacheName(repo);
  for (const dir of [join(cacheRoot, name, 'repo'), join(cacheRoot, name, 'repo', '.git'), join(cacheRoot, name), join(cacheRoot, `${name}.git`)]) {
    if (existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'))) return dir;
  }
  return null;
}

/** The command that puts a repository into the cache. */
export function cacheFillCommand(repo) {
  return `git clone --bare ${repo} "${join(cacheRoot, cacheName(repo))}"`;
}
