import * as path from 'node:path';
import { gitlabContext, githubContext, runCi } from '../../ci/run';
import { localeFromEnv } from '../../core/report';
import { FAIL_ON } from '../../core/report/failOn';
import { EXIT_OK, expectOneOf, parseCommandArgs, t, UsageError } from '../usage';

const HELP_EN = `usage: handoff ci [--provider github|gitlab] [--repo DIR] [--base REF] [--fail-on none|uncovered|critical]
                  [--codequality FILE] [--summary FILE] [--sarif FILE] [--no-comment]

Checks base...HEAD in a CI job and reports where the forge shows it: on GitLab a Code Quality
report (--codequality, default gl-code-quality-report.json), a Markdown report (--summary, default
handoff-report.md) and one merge-request note kept up to date (token in HANDOFF_GITLAB_TOKEN);
on GitHub annotations, the job summary and one pull-request comment (token in GITHUB_TOKEN).
The provider and the base come from the CI environment when not given. A shallow clone is
deepened to the merge-base.

exit codes: 0 nothing fails, 1 the --fail-on condition holds, 2 usage or input error`;

const HELP_ZH = `用法：handoff ci [--provider github|gitlab] [--repo 目录] [--base 引用] [--fail-on none|uncovered|critical]
                 [--codequality 文件] [--summary 文件] [--sarif 文件] [--no-comment]

在 CI 作业中检查 base...HEAD，并写到代码托管平台显示的位置：GitLab 上为 Code Quality 报告
（--codequality，默认 gl-code-quality-report.json）、Markdown 报告（--summary，默认 handoff-report.md）
和一条持续更新的合并请求评论（令牌取自 HANDOFF_GITLAB_TOKEN）；GitHub 上为注释、作业摘要和一条
拉取请求评论（令牌取自 GITHUB_TOKEN）。未指定时，平台和基准取自 CI 环境。浅克隆会被加深到 merge-base。

退出码：0 通过，1 满足 --fail-on 条件，2 用法或输入错误`;

export async function ci(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    'ci',
    {
      provider: { type: 'string' },
      repo: { type: 'string' },
      base: { type: 'string' },
      'fail-on': { type: 'string', default: 'uncovered' },
      codequality: { type: 'string' },
      summary: { type: 'string' },
      sarif: { type: 'string' },
      'no-comment': { type: 'boolean' },
    },
    [HELP_EN, HELP_ZH],
  );
  if (!values) return EXIT_OK;
  const env = process.env;
  const detected = env.GITLAB_CI === 'true' ? 'gitlab' : env.GITHUB_ACTIONS === 'true' ? 'github' : undefined;
  const provider = expectOneOf(values.provider ?? detected ?? '', ['github', 'gitlab'] as const, '--provider', '的 --provider 值');
  const failOn = expectOneOf(values['fail-on'], FAIL_ON, '--fail-on', '的 --fail-on 值');
  if (values.base === '') throw new UsageError(t('--base needs a ref', '--base 需要一个引用'));
  const repo = path.resolve(values.repo ?? env.CI_PROJECT_DIR ?? process.cwd());
  let ctx;
  if (provider === 'gitlab') ctx = gitlabContext(env);
  else {
    const event = env.GITHUB_EVENT_PATH ? JSON.parse((await import('node:fs')).readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : undefined;
    ctx = githubContext(env, event, env.GITHUB_TOKEN);
  }
  const result = await runCi({
    provider,
    repo,
    base: values.base,
    failOn,
    locale: localeFromEnv(env),
    comment: !values['no-comment'],
    codeQuality: provider === 'gitlab' ? values.codequality ?? 'gl-code-quality-report.json' : values.codequality,
    summaryFile: provider === 'gitlab' ? values.summary ?? 'handoff-report.md' : values.summary,
    sarif: values.sarif,
  }, ctx);
  return result.exitCode;
}
