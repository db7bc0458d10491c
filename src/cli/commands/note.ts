import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AnalysisSession, draftNote, EngineError, ensureFolderInside, gatherPlanFacts, localeFromEnv, NOTES_DIR, parseCoverEntry, SimpleGitSource, WORKTREE, writeNewFileInside } from '../../core';
import { debugLogger } from '../log';
import { EXIT_OK, parseCommandArgs, t, UsageError } from '../usage';

const HELP_EN = `usage: handoff note new [--repo DIR] [--base REF] [--title TEXT] [--cover PATH ...]

Drafts a deployment note in .handoff/notes/ for the impacts of the work in progress
(merge-base of the base branch → working tree) that need a note and have none, or for
the entries given with --cover. Prints the new file's path; never overwrites a file.

  --repo DIR      any folder inside the repository (default: the current folder)
  --base REF      base branch (default: config 'base', then origin/HEAD, main, master, …)
  --title TEXT    the note's title (default: derived from the impacts)
  --cover PATH    a path, glob, env:NAME or "skip: GLOB — reason" to cover; repeatable`;

const HELP_ZH = `用法：handoff note new [--repo 目录] [--base 引用] [--title 标题] [--cover 路径 ...]

在 .handoff/notes/ 中为进行中的工作（基准分支的 merge-base → 工作树）里需要部署说明却还没有的影响
起草一份说明，或为 --cover 给出的条目起草。输出新文件的路径；绝不覆盖已有文件。

  --repo 目录     仓库内的任意目录（默认：当前目录）
  --base 引用     基准分支（默认：配置中的 base，其次 origin/HEAD、main、master……）
  --title 标题    说明的标题（默认：根据影响生成）
  --cover 路径    要覆盖的路径、glob、env:NAME 或 "skip: GLOB — 原因"；可重复`;

/** `handoff note <subcommand>`: only `new` for now. */
export async function note(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub) throw new UsageError(t("missing subcommand: 'handoff note new' (run 'handoff note --help')", "缺少子命令：'handoff note new'（运行 'handoff note --help' 查看用法）"));
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(t(HELP_EN, HELP_ZH) + '\n');
    return EXIT_OK;
  }
  if (sub !== 'new') throw new UsageError(t(`unknown subcommand 'note ${sub}' (expected 'note new')`, `未知子命令 'note ${sub}'（应为 'note new'）`));
  return noteNew(rest);
}

async function noteNew(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    'note new',
    {
      repo: { type: 'string' },
      base: { type: 'string' },
      title: { type: 'string' },
      cover: { type: 'string', multiple: true },
    },
    [HELP_EN, HELP_ZH],
  );
  if (!values) return EXIT_OK;
  const covers = values.cover ?? [];
  for (const c of covers) {
    const parsed = parseCoverEntry(c);
    if ('problem' in parsed) throw new UsageError(t(`--cover '${c}': ${parsed.problem}`, `--cover '${c}'：${parsed.problem}`));
  }
  if (values.title !== undefined && !values.title.trim()) throw new UsageError(t('--title needs some text', '--title 需要内容'));

  const git = await SimpleGitSource.open(values.repo ?? process.cwd());
  const session = await AnalysisSession.open({ repo: git.root, git, base: values.base, logger: debugLogger() });
  const report = await session.result();
  const uncovered = report.impacts.filter((i) => i.requiresNote && i.coveredBy.length === 0);
  if (!covers.length && !uncovered.length && values.title === undefined) {
    process.stderr.write(
      t(
        `handoff: nothing in ${report.range.base}…${report.range.head} needs a new deployment note (${report.summary.requiringNotes} impact(s) need one, all covered); pass --cover PATH or --title TEXT to write one anyway\n`,
        `handoff: ${report.range.base}…${report.range.head} 中没有需要新部署说明的改动（${report.summary.requiringNotes} 项需要部署说明，均已覆盖）；如仍要写一份，请传入 --cover 路径 或 --title 标题\n`,
      ),
    );
    return EXIT_OK;
  }

  // Names taken: tracked and untracked files, plus anything on disk (ignored files too).
  // The notes folder must be a real folder of the repository (never a link to elsewhere,
  // never a file): checked, or created, before anything is listed or written.
  await ensureFolderInside(git.root, NOTES_DIR);
  const existing = new Set((await git.listFiles(WORKTREE)).filter((p) => p.startsWith(`${NOTES_DIR}/`)));
  const notesAbs = path.join(git.root, ...NOTES_DIR.split('/'));
  for (const f of await fs.readdir(notesAbs).catch(() => [] as string[])) existing.add(`${NOTES_DIR}/${f}`);

  const draft = draftNote(report, { title: values.title, covers, existingPaths: [...existing], templates: session.config.templates, locale: localeFromEnv(process.env), facts: await gatherPlanFacts(git, report) });
  const abs = path.join(git.root, ...draft.path.split('/'));
  if (!(await writeNewFileInside(git.root, draft.path, draft.content))) {
    throw new EngineError('io', t(`${draft.path} appeared meanwhile; run the command again`, `${draft.path} 刚刚被创建；请重新运行命令`), { file: draft.path });
  }
  if (covers.length && !draft.impacts.length) {
    process.stderr.write(t(`handoff: warning: no impact of the range matches ${covers.map((c) => `'${c}'`).join(', ')}; the note covers nothing yet\n`, `handoff: 警告：范围内没有影响与 ${covers.map((c) => `'${c}'`).join('、')} 匹配；这份说明目前不覆盖任何改动\n`));
  }
  process.stdout.write(path.relative(process.cwd(), abs) + '\n');
  process.stderr.write(
    t(
      `handoff: drafted a note covering ${draft.impacts.length} impact(s); review the checklist, then commit it with the change\n`,
      `handoff: 已起草一份覆盖 ${draft.impacts.length} 项影响的说明；请检查清单，然后与改动一起提交\n`,
    ),
  );
  return EXIT_OK;
}
