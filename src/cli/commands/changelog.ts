import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AnalysisSession, CHANGELOG_FORMATS, EngineError, localeFromEnv, renderChangelog, SignOffStore, SimpleGitSource, withSignOffs, type ChangelogFormat, type GitSource } from '../../core';
import { debugLogger } from '../log';
import { EXIT_OK, expectOneOf, parseCommandArgs, t, UsageError } from '../usage';

const HELP_EN = `usage: handoff changelog [--repo DIR] [--from REF] [--to REF] [--format markdown|json|html] [--output FILE] [--all]

Exports the deployment runbook of FROM...TO: a summary line first, then every note's
checklist items merged by rollout phase and role (each linking to its note), what needs
a note and has none, the notes, the impacts by category (informational ones folded into
one counted line), skips with their reasons, env vars added and removed.

  --repo DIR      any folder inside the repository (default: the current folder)
  --from REF      start (default: the last tag before TO, else the base branch)
  --to REF        end (default: HEAD)
  --format F      markdown (default; a release PR, GitHub release or wiki), json, html
                  (one standalone printable file)
  --output FILE   write to FILE instead of standard output
  --title TEXT    the document's heading
  --all           list informational impacts (no note needed) one by one too
  --lang L        en or zh-cn (default: HANDOFF_LANG, LC_ALL, LANG)`;

const HELP_ZH = `用法：handoff changelog [--repo 目录] [--from 引用] [--to 引用] [--format markdown|json|html] [--output 文件] [--all]

导出 FROM...TO 的部署操作手册：先是一行摘要，然后按发布阶段和角色合并所有说明的检查项（每项链接到其说明），
列出需要部署说明却没有的改动、各份说明、按类别列出的影响（提示性影响合并为一行计数）、跳过项及原因，
以及新增和移除的环境变量。

  --repo 目录     仓库内的任意目录（默认：当前目录）
  --from 引用     起点（默认：TO 之前的最近标签，否则为基准分支）
  --to 引用       终点（默认：HEAD）
  --format 格式   markdown（默认；适用于发布 PR、GitHub Release 或 wiki）、json、html（独立可打印文件）
  --output 文件   写入文件而不是标准输出
  --title 标题    文档标题
  --all           同时逐条列出提示性影响（无需部署说明）
  --lang 语言     en 或 zh-cn（默认：HANDOFF_LANG、LC_ALL、LANG）`;

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
      all: { type: 'boolean' },
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
  let text = renderChangelog(report, session.rangeNotes(), format, { ...(values.title ? { title: values.title } : {}), locale: localeFromEnv(process.env), includeInfo: !!values.all });
  // The JSON lists each note's sign-offs from this clone's store, as the editor's export does.
  if (format === 'json') text = await withSignOffs(git, await SignOffStore.open(git), text, report.range.headSha);

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
