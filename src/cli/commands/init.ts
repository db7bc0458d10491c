import { initRepository, SimpleGitSource } from '../../core';
import { EXIT_OK, parseCommandArgs, t } from '../usage';

const HELP_EN = `usage: handoff init [--repo DIR]

Sets a repository up for Handoff: writes .handoff/config.yaml (commented, naming the
ecosystems found) and .handoff/notes/README.md (the note format, for the team).
Files that exist are left as they are.

  --repo DIR      any folder inside the repository (default: the current folder)`;

const HELP_ZH = `用法：handoff init [--repo 目录]

为仓库启用 Handoff：写入 .handoff/config.yaml（带注释，列出检测到的技术栈）和
.handoff/notes/README.md（向团队说明部署说明的格式）。已存在的文件保持不变。

  --repo 目录     仓库内的任意目录（默认：当前目录）`;

export async function init(argv: string[]): Promise<number> {
  const values = parseCommandArgs(argv, 'init', { repo: { type: 'string' } }, [HELP_EN, HELP_ZH]);
  if (!values) return EXIT_OK;
  const git = await SimpleGitSource.open(values.repo ?? process.cwd());
  const result = await initRepository(git);
  const out: string[] = [];
  for (const p of result.created) out.push(t(`created  ${p}`, `已创建  ${p}`));
  for (const p of result.existing) out.push(t(`exists   ${p} (left as it is)`, `已存在  ${p}（保持不变）`));
  out.push(
    result.ecosystems.length
      ? t(`detected: ${result.ecosystems.join(', ')}`, `检测到：${result.ecosystems.join('、')}`)
      : t('detected: no known ecosystem (the built-in rules still apply)', '检测到：没有已知的技术栈（内置规则仍然适用）'),
  );
  if (result.created.length) out.push(t("next: commit .handoff/, then run 'handoff check'", "下一步：提交 .handoff/，然后运行 'handoff check'"));
  process.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}
