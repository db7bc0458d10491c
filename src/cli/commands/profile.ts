import { loadConfig, localeFromEnv, localizeMessage, profileOf, SimpleGitSource, type RepoProfile } from '../../core';
import { EXIT_OK, expectOneOf, parseCommandArgs, t } from '../usage';

const HELP_EN = `usage: handoff profile [--repo DIR] [--format text|json]

Prints what Handoff learned about this repository from the repository itself, with the
evidence for each line: the folders that hold the schema history, the files that read the
environment generically (env registries and reader functions), the config templates
operators copy, deployment docs, and the paths that only run in development or tests.
It is learned once per tree and cached under the git folder; correct it with a
\`profile:\` section in .handoff/config.yaml.

  --repo DIR      any folder inside the repository (default: the current folder)
  --format F      text (default) or json`;

const HELP_ZH = `用法：handoff profile [--repo 目录] [--format text|json]

打印 Handoff 从仓库本身学到的信息及每一条的依据：保存数据库结构历史的目录、以通用方式读取
环境变量的文件（环境变量注册表和读取函数）、运维人员复制的配置模板、部署文档，以及只在开发或
测试中运行的路径。每个目录树只学习一次并缓存在 git 目录下；可在 .handoff/config.yaml 的
\`profile:\` 部分修正。

  --repo 目录     仓库内的任意目录（默认：当前目录）
  --format F      text（默认）或 json`;

export async function profile(argv: string[]): Promise<number> {
  const values = parseCommandArgs(argv, 'profile', { repo: { type: 'string' }, format: { type: 'string' } }, [HELP_EN, HELP_ZH]);
  if (!values) return EXIT_OK;
  const format = expectOneOf(values.format ?? 'text', ['text', 'json'] as const, 'format', '格式');
  const git = await SimpleGitSource.open(values.repo ?? process.cwd());
  try {
    const head = await git.headCommit();
    const config = await loadConfig(git, 'WORKTREE');
    const p = await profileOf(git, head, config.profile);
    process.stdout.write(format === 'json' ? JSON.stringify(p, null, 2) + '\n' : renderProfile(p));
  } finally {
    git.close();
  }
  return EXIT_OK;
}

/** The profile as text, one line per fact with its evidence. */
export function renderProfile(p: RepoProfile): string {
  const out: string[] = [];
  out.push(t(`Handoff profile of tree ${p.tree.slice(0, 12)}${p.cached ? ' (cached)' : ''}`, `Handoff 仓库画像（目录树 ${p.tree.slice(0, 12)}${p.cached ? '，来自缓存' : ''}）`));
  const section = (en: string, zh: string, lines: string[]) => {
    out.push('', t(en, zh));
    if (!lines.length) out.push(t('  (none found)', '  （未发现）'));
    for (const l of lines) out.push(`  ${l}`);
  };
  // Evidence is written in English by the profile (and kept so in --format json); shown in the locale here.
  const ev = (text: string) => localizeMessage(text, localeFromEnv(process.env));
  section('Schema history', '数据库结构历史', p.schemaHistory.map((h) => `${h.folder}/  — ${ev(h.evidence)}`));
  section('Env registries', '环境变量注册表', p.envRegistries.map((r) => `${r.path}${r.line ? `:${r.line}` : ''}  ${r.shape}, ${t(`${r.names.length} keys`, `${r.names.length} 个键`)}  — ${ev(r.evidence)}`));
  section('Env readers', '环境变量读取函数', p.envReaders.map((r) => `${r.name}()  — ${ev(r.evidence)}`));
  section('Shipped in the container image', '随容器镜像发布', (p.imageContent ?? []).map((d) => `${d.path}  — ${ev(d.evidence)}`));
  section('Env prefixes', '环境变量前缀', (p.envPrefixes ?? []).map((b) => `${b.serde ? b.prefix : `${b.prefix}_`}*  ${b.folder || '.'}/  — ${ev(b.evidence)}`));
  section('Operator config templates', '运维配置模板', p.templates.map((x) => `${x.path}  [${x.kind}]  — ${ev(x.evidence)}`));
  section('Deployment docs', '部署文档', p.deploymentDocs.map((d) => `${d.path}  — ${ev(d.evidence)}`));
  section('Development/test only', '仅用于开发/测试', p.devOnly.map((d) => `${d.path}  — ${ev(d.evidence)}`));
  section('Schema synced from models at start-up', '启动时由模型同步的数据库结构', (p.schemaAutoSync ?? []).map((d) => `${d.path}  — ${ev(d.evidence)}`));
  section('Config readers', '配置读取模块', (p.configReaders ?? []).map((d) => `${d.path}  — ${ev(d.evidence)}`));
  if (p.corrections.length) section('Corrections from .handoff/config.yaml', '.handoff/config.yaml 中的修正', p.corrections);
  return out.join('\n') + '\n';
}
