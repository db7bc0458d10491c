import { appendFileSync } from 'node:fs';
import { workspacePrefix } from '../../ci/run';
import { analyze, pullRequestBase, pullRequestTitle, resolvePullRequest, SimpleGitSource, WORKTREE, type Report } from '../../core';
import { CHECK_FORMATS, localeFromEnv, renderMarkdown, renderReport, type CheckFormat, type RenderOptions } from '../../core/report';
import { FAIL_ON, failed } from '../../core/report/failOn';
import { EXIT_FAIL, EXIT_OK, expectOneOf, parseCommandArgs, t, UsageError } from '../usage';
import { envIndexDeferral } from '../envIndex';
import { debugLogger } from '../log';

export { FAIL_ON, failed, type FailOn } from '../../core/report/failOn';

const HELP_EN = `usage: handoff check [--repo DIR] [--base REF] [--head REF | --worktree | --pr N [--remote NAME]]
                     [--format text|json|markdown|sarif|github|gitlab] [--fail-on none|uncovered|critical]

Lists the changes between the base and the head that someone must act on at deployment,
and whether a deployment note (.handoff/notes/*.md) covers each one.

  --repo DIR      any folder inside the repository (default: the current folder)
  --base REF      base branch or commit (default: config 'base', then origin/HEAD, main,
                  master, develop, trunk)
  --head REF      review mode: compare base...REF (from their merge-base to REF)
  --worktree      working mode (the default): merge-base → working tree, including
                  staged, unstaged and untracked files
  --pr N          review pull request N: fetches refs/pull/N/head (GitHub) or
                  refs/merge-requests/N/head (GitLab) from the remote, then compares
                  base...that head (base default: the remote's HEAD branch)
  --remote NAME   the remote --pr fetches from (default: origin, else the only remote)
  --format F      text (default), json, markdown, sarif, github, gitlab
  --fail-on C     when to exit 1: uncovered (default: an impact needs a note and has
                  none), critical (only critical ones), none (never)

exit codes: 0 nothing fails, 1 the --fail-on condition holds, 2 usage or input error`;

const HELP_ZH = `用法：handoff check [--repo 目录] [--base 引用] [--head 引用 | --worktree | --pr 编号 [--remote 名称]]
                    [--format text|json|markdown|sarif|github|gitlab] [--fail-on none|uncovered|critical]

列出 base 与 head 之间部署时需要有人处理的改动，以及每项是否已有部署说明（.handoff/notes/*.md）覆盖。

  --repo 目录     仓库内的任意目录（默认：当前目录）
  --base 引用     基准分支或提交（默认：配置中的 base，其次 origin/HEAD、main、master、develop、trunk）
  --head 引用     审阅模式：比较 base...引用（从二者的 merge-base 到该引用）
  --worktree      工作模式（默认）：merge-base → 工作树，包括已暂存、未暂存和未跟踪的文件
  --pr 编号       审阅拉取请求：从远程获取 refs/pull/编号/head（GitHub）或
                  refs/merge-requests/编号/head（GitLab），再比较 base...该 head
                  （base 默认：远程的 HEAD 分支）
  --remote 名称   --pr 从哪个远程获取（默认：origin，否则唯一的远程）
  --format 格式   text（默认）、json、markdown、sarif、github、gitlab
  --fail-on 条件  何时以 1 退出：uncovered（默认：有影响需要部署说明却没有）、
                  critical（仅限严重级别）、none（从不）

退出码：0 通过，1 满足 --fail-on 条件，2 用法或输入错误`;

export async function check(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    'check',
    {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      worktree: { type: 'boolean' },
      pr: { type: 'string' },
      remote: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'uncovered' },
    },
    [HELP_EN, HELP_ZH],
  );
  if (!values) return EXIT_OK;
  const format = expectOneOf(values.format, CHECK_FORMATS, 'format', '格式');
  const failOn = expectOneOf(values['fail-on'], FAIL_ON, '--fail-on', '的 --fail-on 值');
  if (values.head !== undefined && values.worktree) throw new UsageError(t('--head and --worktree exclude each other', '--head 与 --worktree 不能同时使用'));
  if (values.head === '' || values.base === '') throw new UsageError(t(`--${values.head === '' ? 'head' : 'base'} needs a ref`, `--${values.head === '' ? 'head' : 'base'} 需要一个引用`));

  if (values.pr !== undefined) {
    if (values.head !== undefined || values.worktree) throw new UsageError(t('--pr excludes --head and --worktree', '--pr 不能与 --head 或 --worktree 同时使用'));
    if (!/^#?[1-9][0-9]{0,9}$/.test(values.pr)) throw new UsageError(t(`--pr needs a pull request number, not '${values.pr}'`, `--pr 需要拉取请求编号，而不是 '${values.pr}'`));
  } else if (values.remote !== undefined) throw new UsageError(t('--remote only goes with --pr', '--remote 只能与 --pr 一起使用'));

  // With the base given (and no pull request to look up), its range is resolved while the repository is opened.
  const early = values.base !== undefined && values.pr === undefined ? { base: values.base, head: values.worktree ? undefined : values.head } : undefined;
  const git = await SimpleGitSource.open(values.repo ?? process.cwd(), undefined, early);
  let base = values.base;
  let head = values.worktree ? WORKTREE : values.head;
  if (values.pr !== undefined) {
    const pr = await resolvePullRequest(git, Number(values.pr.replace('#', '')), { remote: values.remote });
    head = pr.ref;
    base ??= await pullRequestBase(git, pr.remote);
    process.stderr.write(`handoff: ${pullRequestTitle(pr)} ${pr.sha.slice(0, 10)} ${pr.subject}\n`);
  }
  const envIndex = envIndexDeferral();
  const report = await analyze({ repo: git.root, git, base, head, logger: debugLogger(), deferEnvIndex: envIndex.defer });

  const env = process.env;
  const opts: RenderOptions = {
    color: format === 'text' && process.stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb',
    locale: localeFromEnv(env),
    blobUrl: blobUrl(report, env),
    pathPrefix: workspacePrefix(git.root, env.GITHUB_WORKSPACE),
  };
  process.stdout.write(renderReport(report, format, opts));

  if (format === 'github' && env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, renderMarkdown(report, opts) + '\n');
    } catch (e) {
      // The report itself is out; a missing job summary does not change the verdict.
      process.stderr.write(`handoff: ${t('could not write the job summary to', '无法写入作业摘要')} ${env.GITHUB_STEP_SUMMARY}: ${(e as Error).message}\n`);
    }
  }
  // The env index this run did not build (none was stored): built by a detached process, off the run's path.
  envIndex.start(git.root, { base: report.range.baseSha, head: report.range.head === WORKTREE ? WORKTREE : report.range.headSha });
  return failed(report, failOn) ? EXIT_FAIL : EXIT_OK;
}

/** The head commit's file URL base on GitHub or GitLab CI, for Markdown links; review mode only (the working tree has no URL). */
function blobUrl(report: Report, env: NodeJS.ProcessEnv): string | undefined {
  if (report.range.head === WORKTREE) return undefined;
  const sha = report.range.headSha;
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${sha}`;
  if (env.GITLAB_CI === 'true' && env.CI_PROJECT_URL) return `${env.CI_PROJECT_URL}/-/blob/${sha}`;
  return undefined;
}
