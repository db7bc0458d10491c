import * as vscode from 'vscode';
import { fetchPullRequests, listPullRequests, pullRequestBase, pullRequestTitle, remotes, resolvePullRequest, type PullRequest } from '../../core';
import { gitRunner } from '../git/runner';
import type { CommandContext } from './context';
import { Cancelled, pickRepository } from './pickers';
import { startReview } from './review';

export interface ReviewPullRequestArgs {
  repo?: string;
  /** The pull (merge) request number; without it, a picker lists them. */
  number?: number;
  remote?: string;
  /** The base to compare with (default: the remote's HEAD branch). */
  base?: string;
}

/** Runs `work` with a cancellable notification; cancelling kills git and ends the command quietly. */
async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      return await work(ac.signal);
    } catch (e) {
      if ((e as Error).name === 'AbortError' || token.isCancellationRequested) throw new Cancelled();
      throw e;
    } finally {
      sub.dispose();
    }
  });
}

function relativeDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** `#7` (GitHub) or `!7` (GitLab): what the picker's rows start with. */
function shortName(pr: PullRequest): string {
  return pr.kind === 'gitlab' ? `!${pr.number}` : `#${pr.number}`;
}

/**
 * "Handoff: Review Pull Request…": fetches the remotes' pull/merge request heads
 * (`refs/pull/*\/head`, `refs/merge-requests/*\/head`) with a cancellable progress, lists
 * them (number, head subject, author, date; newest first), and reviews
 * `merge-base...head` titled "PR #7". Offline, the requests fetched before still list.
 */
export async function reviewPullRequest(ctx: CommandContext, args: ReviewPullRequestArgs = {}): Promise<void> {
  const repo = await pickRepository(ctx.model, args.repo);
  const git = gitRunner(repo);
  const log = ctx.log.for('pull-requests');
  // Fetching runs the transport a remote's URL names (ssh…): only in a trusted workspace.
  // In Restricted Mode the pull requests fetched before are listed.
  const fetch = vscode.workspace.isTrusted;
  let pr: PullRequest;
  if (args.number !== undefined) {
    pr = await withCancellableProgress(vscode.l10n.t('Fetching pull request #{0}…', args.number), (signal) => resolvePullRequest(git, Number(args.number), { remote: args.remote, signal, fetch }));
  } else {
    const names = args.remote ? [args.remote] : await remotes(git);
    const failed: string[] = [];
    if (fetch) await withCancellableProgress(vscode.l10n.t('Fetching pull requests from {0}…', names.join(', ') || vscode.l10n.t('no remote')), async (signal) => {
      for (const remote of names) {
        await fetchPullRequests(git, remote, signal).catch((e: unknown) => {
          if ((e as Error).name === 'AbortError') throw e;
          // Offline or no access: what was fetched before still lists.
          failed.push(remote);
          log.warn(`fetch from ${remote} failed: ${e instanceof Error ? e.message : String(e)}`);
        });
      }
    });
    const all = (await listPullRequests(git)).filter((p) => !args.remote || p.remote === args.remote);
    if (!all.length) {
      throw new Error(
        failed.length
          ? vscode.l10n.t('Could not fetch pull requests from {0}, and none were fetched before.', failed.join(', '))
          : vscode.l10n.t('No pull or merge requests found on {0} (no refs/pull/*/head or refs/merge-requests/*/head).', names.join(', ') || vscode.l10n.t('no remote')),
      );
    }
    if (failed.length) void vscode.window.showWarningMessage(vscode.l10n.t('Could not fetch from {0}; showing the pull requests fetched before.', failed.join(', ')));
    const pick = await vscode.window.showQuickPick(
      all.map((p) => ({
        label: `${shortName(p)} ${p.subject}`,
        description: [p.author, relativeDate(p.date)].filter(Boolean).join(' · '),
        detail: `${p.remote ? `${p.remote} · ` : ''}${p.ref} · ${p.sha.slice(0, 10)}`,
        pr: p,
      })),
      { title: vscode.l10n.t('Review Pull Request'), placeHolder: vscode.l10n.t('Pick a pull request (type its number or words of its title)'), matchOnDescription: true, matchOnDetail: true },
    );
    if (!pick) throw new Cancelled();
    pr = pick.pr;
  }
  const base = args.base ?? (await pullRequestBase(git, pr.remote)) ?? ctx.config.baseBranch ?? (await repo.git.detectBase());
  log.info(`${pullRequestTitle(pr)}: ${base}…${pr.ref} (${pr.sha.slice(0, 10)} ${pr.subject})`);
  await startReview(repo, base, pr.ref, pullRequestTitle(pr));
}
