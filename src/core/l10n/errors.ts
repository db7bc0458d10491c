/**
 * The engine's error messages (EngineError: bad input, not a repository, unknown ref, shallow
 * clone, config and note problems, file-system refusals) in Simplified Chinese. The engine
 * throws them in English; the CLI and the editor show them through `localizeError` in the
 * user's locale. Same template language as catalog.ts (`{x}` copied, `{x:m}` translated again).
 * Git's own words (`git failed: …`) and a validator's detail inside a config error stay as
 * they are: they are copied into the Chinese frame.
 */
import { translator } from './catalog';
import type { Locale } from './locale';

export const ERROR_ROWS: readonly (readonly [string, string])[] = [
  // repository
  ['{dir} does not exist', '{dir} 不存在'],
  ['{dir} is not a folder', '{dir} 不是文件夹'],
  ['{dir} is not a git repository', '{dir} 不是 git 仓库'],
  ['{dir} is a bare repository (it has no work tree): run Handoff in a clone with one', '{dir} 是裸仓库（没有工作区）：请在带工作区的克隆中运行 Handoff'],
  ["{root} is not where the repository's .git is ({gitDir}): its config (core.worktree) points the work tree elsewhere, and Handoff does not follow it", '{root} 不是该仓库 .git（{gitDir}）所在的位置：其配置（core.worktree）把工作区指向了别处，Handoff 不会跟随'],
  ['git was not found on PATH; install git', '在 PATH 中找不到 git；请安装 git'],
  ['git refuses {dir}: dubious ownership (see git config safe.directory)', 'git 拒绝访问 {dir}：所有权可疑（参见 git config safe.directory）'],
  ['git failed', 'git 执行失败'],
  // refs and history
  ['could not detect the base branch (no origin/HEAD, main, master, develop or trunk); pass --base', '无法确定基准分支（没有 origin/HEAD、main、master、develop 或 trunk）；请传入 --base'],
  ['the repository has no commits yet', '仓库还没有任何提交'],
  ["unknown ref '{ref}' in a shallow clone: fetch it (git fetch --unshallow, or actions/checkout with fetch-depth: 0)", "浅克隆中没有引用 '{ref}'：请获取它（git fetch --unshallow，或在 actions/checkout 中设置 fetch-depth: 0）"],
  ["unknown ref '{ref}'", "未知的引用 '{ref}'"],
  ["no merge-base of '{a}' and '{b}' in this shallow clone: fetch more history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)", "此浅克隆中找不到 '{a}' 与 '{b}' 的合并基准：请获取更多历史（git fetch --unshallow，或在 actions/checkout 中设置 fetch-depth: 0）"],
  ["'{a}' and '{b}' have no common history: there is nothing to compare", "'{a}' 与 '{b}' 没有共同的历史：没有可比较的内容"],
  ["'{a}' and '{b}' have no common history", "'{a}' 与 '{b}' 没有共同的历史"],
  ["the base '{base}' is not in this clone and could not be fetched from '{remote}': {why}", "基准 '{base}' 不在此克隆中，也无法从 '{remote}' 获取：{why}"],
  ["the head '{head}' is not in this clone", "头部 '{head}' 不在此克隆中"],
  ["this clone is shallow and could not be deepened from '{remote}' to the merge-base of '{a}' and '{b}': {why} (check out with fetch-depth: 0)", "此克隆是浅克隆，无法从 '{remote}' 加深到 '{a}' 与 '{b}' 的合并基准：{why}（请使用 fetch-depth: 0 检出）"],
  ['no such branch', '没有该分支'],
  // pull requests
  ["'{n}' is not a pull request number", "'{n}' 不是拉取请求编号"],
  ["no remote named '{name}' (remotes: {list})", "没有名为 '{name}' 的远程仓库（现有远程：{list}）"],
  ["pull request #{n} not found on remote '{remote}': no {refs}", "在远程 '{remote}' 上找不到拉取请求 #{n}：没有 {refs}"],
  ['pull request #{n} not found in this repository (it has no remote): no {refs}', '在此仓库中找不到拉取请求 #{n}（它没有远程仓库）：没有 {refs}'],
  // config
  ['{path} is a symbolic link (to {target}); Handoff does not follow links out of the repository: make it a file', '{path} 是符号链接（指向 {target}）；Handoff 不会跟随链接离开仓库：请把它改为普通文件'],
  ['{path} is a symbolic link (to {target}); Handoff does not follow links out of the repository: make it a folder', '{path} 是符号链接（指向 {target}）；Handoff 不会跟随链接离开仓库：请把它改为普通文件夹'],
  ['{path} is {n:n} bytes; a config over 1 MB is not read (it is a few KB at most)', '{path} 有 {n} 字节；超过 1 MB 的配置不会被读取（配置通常最多几 KB）'],
  ['{file} is saved as UTF-16 or UTF-32; save it as UTF-8', '{file} 以 UTF-16 或 UTF-32 保存；请另存为 UTF-8'],
  ['{file}:{line}: contains a NUL byte (is it a binary file, or UTF-16 without a byte-order mark?); save it as UTF-8 text', '{file}:{line}：包含 NUL 字节（是二进制文件，还是没有字节序标记的 UTF-16？）；请另存为 UTF-8 文本'],
  ['{file} is not valid UTF-8; save it as UTF-8', '{file} 不是有效的 UTF-8；请另存为 UTF-8'],
  ['{where}: {detail} (and {n:n} more problems)', '{where}：{detail}（另有 {n} 个问题）'],
  ['{where}: {detail} (and 1 more problem)', '{where}：{detail}（另有 1 个问题）'],
  // notes
  ['the front matter is not closed (no second `---` line)', '前置元数据没有闭合（缺少第二行 `---`）'],
  ['the front matter has a YAML error at line {n}: fix it first', '前置元数据第 {n} 行有 YAML 错误：请先修正'],
  ['the front matter is not a mapping of keys', '前置元数据不是键值映射'],
  ['`covers` is not a list: edit it by hand', '`covers` 不是列表：请手动编辑'],
  ['line {n}: conflict markers: resolve the merge conflict first', '第 {n} 行：有冲突标记：请先解决合并冲突'],
  // files Handoff writes
  ['{rel} is not a path inside the repository', '{rel} 不是仓库内的路径'],
  ['{sub} is a symbolic link; Handoff does not write through links (make it a folder of the repository)', '{sub} 是符号链接；Handoff 不会通过链接写入（请把它改为仓库中的文件夹）'],
  ['{sub} is a file; it must be a folder', '{sub} 是文件；它必须是文件夹'],
  ['{sub} is not a folder; it must be a folder', '{sub} 不是文件夹；它必须是文件夹'],
  ['{rel} leads outside the repository; Handoff does not write there', '{rel} 指向仓库之外；Handoff 不会写入那里'],
  ['cannot create {sub}: {why}', '无法创建 {sub}：{why}'],
  ['cannot write {rel}: {why}', '无法写入 {rel}：{why}'],
];

const translate = translator(ERROR_ROWS);

/** An engine error's message in the locale (as thrown when no row matches: git's own words). */
export function localizeError(message: string, locale: Locale): string {
  if (locale === 'en' || !message) return message;
  return translate(message) ?? message;
}
