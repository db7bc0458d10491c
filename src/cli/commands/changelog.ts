import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AnalysisSession, CHANGELOG_FORMATS, EngineError, renderChangelog, SimpleGitSource, type ChangelogFormat, type GitSource } from '../../core';
import { debugLogger } from '../log';
import { EXIT_OK, expectOneOf, parseCommandArgs, t, UsageError } from '../usage';

const HELP_EN = `usage: handoff changelog [--repo DIR] [--from REF] [--to REF] [--format markdown|json|html] [--output FILE]

Exports the deployment notes and impacts of FROM...TO: the notes with their checklists
in rollout phases, the impacts by category with their findings, uncovered impacts
marked, skips with their reasons, env vars added and removed.

  --repo DIR      any folder inside the repository (default: the current folder)
  --from REF      start (default: the last tag before TO, else the base branch)
  --to REF        end (default: HEAD)
  --format F      markdown (default; a release PR, GitHub release or wiki), json, html
                  (one standalone printable file)
  --output FILE   write to FILE instead of standard output
  --title TEXT    the document's heading`;

const HELP_ZH = `用法：handoff changelog [--repo 目录] [--from 引用] [--to 引用] [--format markdown|json|html] [--output 文件]

导出 FROM...TO 之间的部署说明与影响：按发布阶段列出各说明的清单，按类别列出影响及其发现，
标出未覆盖的影响，列出跳过项及原因，以及新增和移除的环境变量。

  --repo 目录     仓库内的任意目录（默认：当前目录）
  --from 引用     起点（默认：TO 之前的最近标签，否则为基准分支）
  --to 引用       终点（默认：HEAD）
  --format 格式   markdown（默认；适用于发布 PR、GitHub Release 或 wiki）、json、html（独立可打印文件）
  --output 文件   写入文件而不是标准输出
  --title 标题    文档标题`;

export async function changelog(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    'changelog',
    {
      repo: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'markdown' },
      output: { type: 'string', short: 'o' },
      title: { type: 'string' },
    },
    [HELP_EN, HELP_ZH],
  );
  if (!values) return EXIT_OK;
  const format: ChangelogFormat = expectOneOf(values.format, CHANGELOG_FORMATS, 'format', '格式');
  for (const k of ['from', 'to', 'output'] as const) {
    if (values[k] === '') throw new UsageError(t(`--${k} needs a value`, `--${k} 需要一个值`));
  }

  const git = await SimpleGitSource.open(values.repo ?? process.cwd());
  const to = values.to ?? 'HEAD';
  const from = values.from ?? (await previousTag(git, to));
  const session = await AnalysisSession.open({ repo: git.root, git, base: from ?? undefined, head: to, logger: debugLogger() });
  const report = await session.result();
  const text = renderChangelog(report, session.rangeNotes(), format, values.title ? { title: values.title } : {});

  if (values.output) {
    const out = path.resolve(values.output);
    try {
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, text);
    } catch (e) {
      throw new EngineError('io', t(`cannot write ${values.output}: ${(e as Error).message}`, `无法写入 ${values.output}：${(e as Error).message}`));
    }
    process.stderr.write(t(`handoff: wrote ${path.relative(process.cwd(), out) || out} (${report.range.base}…${report.range.head}: ${report.notes.length} note(s), ${report.impacts.length} impact(s))\n`, `handoff: 已写入 ${path.relative(process.cwd(), out) || out}（${report.range.base}…${report.range.head}：${report.notes.length} 份说明，${report.impacts.length} 项影响）\n`));
  } else {
    process.stdout.write(text);
  }
  return EXIT_OK;
}

/**
 * The default start of a change log: the newest tag reachable from `to`, or, when that
 * tag is `to` itself (the release being described), the one before it. Null: none, so
 * the base branch is used.
 */
export async function previousTag(git: GitSource, to: string): Promise<string | null> {
  const tag = await git.lastTag(to);
  if (!tag) return null;
  const range = await git.resolveRange({ base: tag, head: to });
  if (range.baseSha !== range.headSha) return tag;
  return git.lastTag(`${to}^`);
}
