import { checkedOutPullRequest, pullRequestBase, pullRequestTitle } from '../../core';
import type { CheckedOutPullRequest, RepositoryModel } from '../model/repositoryModel';
import { gitRunner } from './runner';

/**
 * When the GitHub Pull Requests or GitLab Workflow extension (or plain git) has a pull
 * request checked out, the working-mode range is that PR's: titled "PR #7" and compared
 * with the remote's default branch. The branch's git config and upstream say which PR it
 * is (the GitHub extension records `branch.<b>.github-pr-owner-number`); no API call needed.
 */
export async function detectPullRequest(repo: RepositoryModel): Promise<CheckedOutPullRequest | undefined> {
  const git = gitRunner(repo);
  const pr = await checkedOutPullRequest(git);
  if (!pr) return undefined;
  const base = await pullRequestBase(git, pr.remote);
  return { title: pullRequestTitle(pr), base };
}
