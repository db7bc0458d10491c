import { appendFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, SimpleGitSource, type Report } from '../core';
import { deepenToMergeBase } from '../core/git/deepen';
import { escapeData, renderGithub, renderGitlab, renderMarkdown, renderSarif, renderText, type Locale } from '../core/report';
import { failed, type FailOn } from '../core/report/failOn';
import { GitHubComments, GitLabNotes } from './forges';
import { ApiError } from './http';
import { upsertSticky, type CommentHost, type StickyOutcome } from './sticky';

/**
 * What a CI job does with Handoff, on GitHub Actions (the action in action.yml) and GitLab CI (the
 * component in templates/): analyse base...HEAD once, then write what the forge reads — annotations
 * and the job summary on GitHub, a Code Quality report and a Markdown report on GitLab, SARIF on
 * request — and keep one comment on the pull/merge request up to date. A token that may not comment
 * (a pull request from a fork) is not an error: the report stays in the summary and annotations.
 */
export interface CiOptions {
  provider: 'github' | 'gitlab';
  /** The repository folder. */
  repo: string;
  /** Base ref; from the pull/merge request when absent, else config/detection. */
  base?: string;
  failOn: FailOn;
  locale: Locale;
  /** Keep a pull/merge-request comment up to date. */
  comment: boolean;
  /** Write SARIF here (and upload it to code scanning on GitHub when `uploadSarif`). */
  sarif?: string;
  uploadSarif?: boolean;
  /** GitLab: the Code Quality report file. */
  codeQuality?: string;
  /** GitLab: the Markdown report file (an artifact the merge request links). */
  summaryFile?: string;
  /** Deepen a shallow clone to the merge-base (default true). */
  deepen?: boolean;
  remote?: string;
}

export interface CiResult {
  exitCode: number;
  report: Report;
  comment: StickyOutcome | 'read-only' | 'skipped';
}

/** What the CI environment says about the pull/merge request being checked. */
export interface CiContext {
  /** The pull/merge request number, when the job runs for one. */
  number?: number;
  /** Its target branch, as a remote-tracking ref (`origin/main`). */
  baseRef?: string;
  commentHost?: CommentHost;
  /** GitHub: API URL, repository, token and ref for the SARIF upload. */
  github?: { api: string; repo: string; token: string; ref?: string };
  blobUrl?: (sha: string) => string;
  /** GitHub: the job summary file. */
  stepSummary?: string;
  /** GitHub: the step outputs file. */
  outputs?: string;
  workspace?: string;
}

/** Per step, GitHub shows at most 10 annotations of each level; the job summary holds every impact. */
export const ANNOTATIONS_PER_LEVEL = 10;

export async function runCi(opts: CiOptions, ctx: CiContext, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<CiResult> {
  const git = await SimpleGitSource.open(opts.repo);
  const base = opts.base || ctx.baseRef;
  if (base && opts.deepen !== false) {
    const d = await deepenToMergeBase(git, base, 'HEAD', { remote: opts.remote });
    if (d.steps) out(`handoff: the clone was shallow: fetched ${d.steps} more step(s) of history to reach the merge-base ${d.mergeBase.slice(0, 12)}\n`);
  }
  const report = await analyze({ repo: git.root, git, base, head: 'HEAD' });
  const blobUrl = ctx.blobUrl?.(report.range.headSha);
  const markdown = renderMarkdown(report, { locale: opts.locale, blobUrl });

  if (opts.provider === 'github') {
    out(renderGithub(report, { locale: opts.locale, pathPrefix: workspacePrefix(git.root, ctx.workspace), maxAnnotationsPerLevel: ANNOTATIONS_PER_LEVEL }));
    if (ctx.stepSummary) appendFileSync(ctx.stepSummary, markdown + '\n');
    if (ctx.outputs) {
      const s = report.summary;
      appendFileSync(ctx.outputs, `impacts=${s.impacts}\nrequiring-notes=${s.requiringNotes}\nuncovered=${s.uncovered}\n`);
    }
  } else {
    out(renderText(report, { locale: opts.locale }));
    if (opts.codeQuality) writeOut(opts.codeQuality, renderGitlab(report));
    if (opts.summaryFile) writeOut(opts.summaryFile, markdown + '\n');
  }

  if (opts.sarif) {
    const sarif = renderSarif(report);
    writeOut(opts.sarif, sarif);
    if (opts.uploadSarif && ctx.github) {
      try {
        await GitHubComments.uploadSarif(ctx.github.api, ctx.github.repo, ctx.github.token, sarif, report.range.headSha, ctx.github.ref ?? 'HEAD');
        out(`handoff: SARIF uploaded to code scanning\n`);
      } catch (e) {
        if (!(e instanceof ApiError && e.forbidden)) throw e;
        out(notice(opts.provider, `the token may not upload SARIF (${e.status}); ${opts.sarif} is written, the annotations and summary hold the report`));
      }
    }
  }

  let comment: CiResult['comment'] = 'skipped';
  if (opts.comment && ctx.commentHost) {
    try {
      comment = await upsertSticky(ctx.commentHost, { body: markdown, clean: report.summary.uncovered === 0 });
      out(`handoff: pull/merge request comment: ${comment}\n`);
    } catch (e) {
      if (!(e instanceof ApiError && e.forbidden)) throw e;
      comment = 'read-only';
      out(notice(opts.provider, `the token may not comment on this ${opts.provider === 'github' ? 'pull' : 'merge'} request (HTTP ${e.status}, e.g. one from a fork): the report is in the ${opts.provider === 'github' ? 'job summary and annotations' : 'job log and artifacts'}`));
    }
  }
  return { exitCode: failed(report, opts.failOn) ? 1 : 0, report, comment };
}

function notice(provider: CiOptions['provider'], message: string): string {
  return provider === 'github' ? `::notice title=Handoff::${escapeData(message)}\n` : `handoff: ${message}\n`;
}

function writeOut(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

/** Annotations name files relative to the workspace: the repository's folder inside it, if it is not the workspace itself. */
export function workspacePrefix(root: string, workspace: string | undefined): string | undefined {
  if (!workspace) return undefined;
  try {
    const rel = path.relative(realpathSync(workspace), realpathSync(root));
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  } catch {
    return undefined;
  }
}

/** The pull request this GitHub Actions job runs for, from its event payload and environment. */
export function githubContext(env: NodeJS.ProcessEnv, event: unknown, token: string | undefined): CiContext {
  const pr = (event as { pull_request?: { number?: number; base?: { ref?: string } } } | undefined)?.pull_request;
  const api = env.GITHUB_API_URL || 'https://api.github.com';
  const repo = env.GITHUB_REPOSITORY ?? '';
  const ctx: CiContext = {
    number: pr?.number,
    baseRef: pr?.base?.ref ? `origin/${pr.base.ref}` : undefined,
    stepSummary: env.GITHUB_STEP_SUMMARY || undefined,
    outputs: env.GITHUB_OUTPUT || undefined,
    workspace: env.GITHUB_WORKSPACE || undefined,
    blobUrl: env.GITHUB_SERVER_URL && repo ? (sha) => `${env.GITHUB_SERVER_URL}/${repo}/blob/${sha}` : undefined,
  };
  if (token && repo) {
    ctx.github = { api, repo, token, ref: pr?.number ? `refs/pull/${pr.number}/head` : env.GITHUB_REF };
    if (pr?.number) ctx.commentHost = new GitHubComments(api, repo, pr.number, token);
  }
  return ctx;
}

/** The merge request this GitLab CI job runs for (merge-request pipelines), from predefined variables. */
export function gitlabContext(env: NodeJS.ProcessEnv): CiContext {
  const iid = Number(env.CI_MERGE_REQUEST_IID) || undefined;
  const token = env.HANDOFF_GITLAB_TOKEN || env.GITLAB_TOKEN;
  const ctx: CiContext = {
    number: iid,
    baseRef: env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME ? `origin/${env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME}` : undefined,
    blobUrl: env.CI_PROJECT_URL ? (sha) => `${env.CI_PROJECT_URL}/-/blob/${sha}` : undefined,
  };
  if (iid && token && env.CI_API_V4_URL && env.CI_PROJECT_ID) ctx.commentHost = new GitLabNotes(env.CI_API_V4_URL, env.CI_PROJECT_ID, iid, token);
  return ctx;
}
