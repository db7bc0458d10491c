import * as vscode from 'vscode';
import { checkedOutPullRequest, pullRequestBase, pullRequestTitle } from '../../core';
import type { CheckedOutPullRequest, RepositoryModel } from '../model/repositoryModel';
import { gitRunner } from './runner';

/** The extensions whose checked-out pull requests Handoff follows. */
const PR_EXTENSIONS = ['GitHub.vscode-pull-request-github', 'GitLab.gitlab-workflow'];

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

/** True when one of the pull request extensions is installed (the log says which signal was used). */
export function pullRequestExtensionPresent(): string | undefined {
  return PR_EXTENSIONS.find((id) => vscode.extensions.getExtension(id));
}
