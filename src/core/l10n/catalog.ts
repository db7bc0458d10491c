import type { Finding } from '../types';
import type { Locale } from './locale';
import { riskRows } from './risks';

/**
 * The central catalog of finding messages in Simplified Chinese. Analyzers write their
 * messages in English; everything the user reads (tree, Problems, hovers, reports, change
 * logs, drafted notes) translates them here at render time, so no analyzer has to change.
 *
 * HOW TO ADD A MESSAGE: add one `[english template, chinese template]` row to MESSAGES
 * (more specific shapes before more general ones). In a template:
 * - `{name}` is copied as it is (identifiers, paths, values, numbers);
 * - `{name:w}` is a word translated through WORDS (column, table, index, …);
 * - `{name:m}` is a fragment translated again through this catalog (a reason, a tail);
 * - `{name:n}` is a number (the row does not match otherwise).
 * test/unit/l10n/catalog.test.ts runs the analyzers over the test inputs and fails
 * for any message without a row, naming it.
 */
export const MESSAGES: readonly (readonly [string, string])[] = [
  // env (engine)
  ['reads new environment variable {name} (with a default)', '读取新的环境变量 {name}（有默认值）'],
  ['reads new environment variable {name} (with a default; {via:m})', '读取新的环境变量 {name}（有默认值；{via:m}）'],
  ['reads new environment variable {name} ({via:m})', '读取新的环境变量 {name}（{via:m}）'],
  // how a read was found (engine.ts via, envCode.ts, profile evidence)
  ['read through an env registry in this file', '通过此文件中的环境变量注册表读取'],
  ['read through an env reader defined in this file', '通过此文件中定义的环境变量读取函数读取'],
  ['read through the env registry at {loc}', '通过 {loc} 处的环境变量注册表读取'],
  ['read through an env reader the profile learned ({list})', '通过仓库画像得知的环境变量读取函数读取（{list}）'],
  ['read through {name}() at {loc}', '通过 {loc} 处的 {name}() 读取'],
  ['read through {name}()', '通过 {name}() 读取'],
  ['viper AutomaticEnv with prefix "{p}" at {loc}', '{loc} 处的 viper AutomaticEnv，前缀为 "{p}"'],
  ['viper AutomaticEnv with prefix "{p}"', 'viper AutomaticEnv，前缀为 "{p}"'],
  ['.NET configuration key "{key}" (environment variable {name})', '.NET 配置键 "{key}"（环境变量 {name}）'],
  ['the config key {key} read from the environment with the prefix {p} at {loc}', '配置键 {key}，在 {loc} 处以前缀 {p} 从环境变量读取'],
  ['config environment source with prefix "{p}" at {loc}', '{loc} 处的 config 环境变量源，前缀为 "{p}"'],
  ['figment environment source with prefix "{p}" at {loc}', '{loc} 处的 figment 环境变量源，前缀为 "{p}"'],
  ['{loc} reads the environment into {name} as {p} (config crate Environment::with_prefix)', '{loc} 将环境变量读入 {name}，名称为 {p}（config crate Environment::with_prefix）'],
  ['{loc} reads the environment into {name} as {p} (figment Env::prefixed)', '{loc} 将环境变量读入 {name}，名称为 {p}（figment Env::prefixed）'],
  ['envconfig with prefix "{p}" (a field of {name})', 'envconfig，前缀为 "{p}"（{name} 的字段）'],
  ['caarlos0/env with prefix "{p}"', 'caarlos0/env，前缀为 "{p}"'],
  ['@ConfigurationProperties("{p}") (relaxed binding)', '@ConfigurationProperties("{p}")（宽松绑定）'],
  ['command-line option {opt} read from the environment with the prefix {p}', '命令行选项 {opt}，以前缀 {p} 从环境变量读取'],
  ['click option {opt} with auto_envvar_prefix "{p}"', 'click 选项 {opt}，auto_envvar_prefix 为 "{p}"'],
  ['reads new environment variable {name}', '读取新的环境变量 {name}'],
  ['declares new environment variable {name}', '声明新的环境变量 {name}'],
  ['declares new optional environment variable {name} (commented out)', '声明新的可选环境变量 {name}（已注释掉）'],
  ['{name} is read here but declared in no env file, chart, manifest or doc of the repository', '此处读取了 {name}，但仓库中没有任何 env 文件、chart、清单或文档声明它'],
  ['default of environment variable {name} changes from {a} to {b}', '环境变量 {name} 的默认值从 {a} 改为 {b}'],
  ['no longer reads environment variable {name} (nothing else does)', '不再读取环境变量 {name}（其他地方也不再读取）'],
  ['no longer declares environment variable {name} (nothing else does)', '不再声明环境变量 {name}（其他地方也不再声明）'],
  ['binary file: content not analysed', '二进制文件：未分析内容'],
  ['file too large: content not analysed', '文件过大：未分析内容'],
  // the profile's evidence is a sentence (translated) or a code location (copied)
  ['adds a column to a model the schema is created from at start-up: {code} (learned by the repository profile: {evidence})', '向启动时用于创建数据库结构的模型添加了列：{code}（由仓库画像得知：{evidence:m}）'],
  ['adds a column to a model the schema is created from at start-up: {code} (learned by the repository profile: {evidence})', '向启动时用于创建数据库结构的模型添加了列：{code}（由仓库画像得知：{evidence}）'],
  ['adds an index to a model the schema is created from at start-up: {code} (learned by the repository profile: {evidence})', '向启动时用于创建数据库结构的模型添加了索引：{code}（由仓库画像得知：{evidence:m}）'],
  ['adds an index to a model the schema is created from at start-up: {code} (learned by the repository profile: {evidence})', '向启动时用于创建数据库结构的模型添加了索引：{code}（由仓库画像得知：{evidence}）'],
  ['no longer declares setting `{name}`, and no other module names it (read through the settings module `{path}`: a deployed config or command line that still sets it is refused or ignored)', '不再声明设置 `{name}`，且没有其他模块提及它（经由设置模块 `{path}` 读取：仍设置它的已部署配置或命令行将被拒绝或忽略）'],
  ['adds a check that requires a setting (`{msg}`): a deployed configuration without it stops the program', '新增了要求某项设置的检查（`{msg}`）：缺少该设置的已部署配置将使程序停止'],
  ['adds a check that refuses a setting (`{msg}`): a deployed configuration that still sets it stops the program', '新增了拒绝某项设置的检查（`{msg}`）：仍设置它的已部署配置将使程序停止'],
  ['default of setting `{name}` changes from {a} to {b} in the settings module `{path}`: installations that do not set it change behaviour', '设置模块 `{path}` 中设置 `{name}` 的默认值从 {a} 改为 {b}：未设置它的安装实例行为将改变'],
  ['no longer lists config key `{name}` in the table of keys the config parser accepts (`{path}`), and no other module names it: a deployed config that still sets it is refused or ignored', '不再在配置解析器接受的键表（`{path}`）中列出配置键 `{name}`，且没有其他模块提及它：仍设置它的已部署配置将被拒绝或忽略'],
  ['no longer reads config key `{name}`, and no other module names it (read in `{path}`: a deployed config that still sets it is ignored)', '不再读取配置键 `{name}`，且没有其他模块提及它（在 `{path}` 中读取：仍设置它的已部署配置将被忽略）'],
  ['removes command-line option {name} (a deployment that still passes it, in a command line, service unit or config file, fails or is ignored)', '删除了命令行选项 {name}（仍传入该选项的部署——无论在命令行、服务单元还是配置文件中——将启动失败或该设置被忽略）'],
  ['no longer declares config key {key} (its field tagged {tag} was removed: a deployed config that sets it is ignored or refused; learned by the repository profile: {evidence})', '不再声明配置键 {key}（带 {tag} 标签的字段已删除：已部署配置中的该设置将被忽略或拒绝；由仓库画像得知：{evidence:m}）'],
  ['no longer reads config key {key} (a deployed config that sets it is ignored; learned by the repository profile: {evidence})', '不再读取配置键 {key}（已部署配置中的该设置将被忽略；由仓库画像得知：{evidence:m}）'],
  ['now refuses config key {key}, which it used to read (learned by the repository profile: {evidence})', '现在拒绝以前读取的配置键 {key}（由仓库画像得知：{evidence:m}）'],
  ['reads new required config key {key} (learned by the repository profile: {evidence})', '读取新的必需配置键 {key}（由仓库画像得知：{evidence:m}）'],
  ['{path}: git could not read it (unable to read {sha}); its content was not analysed', '{path}：git 无法读取（unable to read {sha}）；未分析其内容'],
  ['{path}: note could not be read (binary or too large)', '{path}：无法读取该说明（二进制文件或文件过大）'],
  ['git could not read this file (a blob missing from a partial clone): content not analysed', 'git 无法读取此文件（部分克隆缺少该 blob）：未分析内容'],
  // env files and manifests
  // the repository profile's evidence (`handoff profile`)
  ['{n:n} numbered files; {loc} holds {code}', '{n} 个编号文件；{loc} 含有 {code}'],
  ['{loc} reads the whole environment and names {n:n} keys ({ex}, …)', '{loc} 读取整个环境并列出 {n} 个键（{ex}，…）'],
  ['{loc} reads the env vars named by the keys of a map it iterates ({n:n} keys: {ex}, …)', '{loc} 按其遍历的映射中的键读取环境变量（{n} 个键：{ex}，…）'],
  ['{loc} binds every {tag} key of {folder} to the environment as {name} (viper SetEnvPrefix + AutomaticEnv)', '{loc} 将 {folder} 中每个 {tag} 键绑定到环境变量 {name}（viper SetEnvPrefix + AutomaticEnv）'],
  ['{loc} copies it into the container image', '{loc} 将其复制到容器镜像中'],
  ['{name}() at {loc} reads the env var its argument names', '{loc} 处的 {name}() 读取其参数所指定的环境变量'],
  ['{path} reads {n:n} config keys ({loc} {code})', '{path} 读取 {n} 个配置键（{loc} {code}）'],
  ['{path} declares {n:n} config keys in field tags ({loc} {code})', '{path} 在字段标签中声明了 {n} 个配置键（{loc} {code}）'],
  ['{loc} says {code}', '{loc} 写道 {code}'],
  ['{n:n} entity classes ({loc} {code}) and no migration history in the repository: the schema follows the models', '{n} 个实体类（{loc} {code}），仓库中没有迁移历史：数据库结构随模型变化'],
  ['an install/upgrade/configuration document', '安装、升级或配置文档'],
  ['a {kind} folder', '{kind} 文件夹'],
  ['a compose file named for development or tests', '以开发或测试命名的 compose 文件'],
  ['a cloud development environment (Gitpod/Codespaces/Coder) workspace file', '云开发环境（Gitpod/Codespaces/Coder）的工作区文件'],
  ['an env file named for development or tests', '以开发或测试命名的 env 文件'],
  ['a config file named for development or tests', '以开发或测试命名的配置文件'],
  ['a task runner file (Taskfile/justfile): developer and CI chores', '任务运行器文件（Taskfile/justfile）：开发者和 CI 的杂务'],
  ['set in .handoff/config.yaml (profile.{key})', '在 .handoff/config.yaml 中设置（profile.{key}）'],
  // operator templates
  ['operator template renamed from `{path}`; the copy deployed from it keeps its name `{name}`; {why:m}', '运维配置模板已从 `{path}` 改名；据此部署的副本仍沿用原名 `{name}`；{why:m}'],
  ['operator template renamed from `{path}`: rename or convert the copies deployed from it; {why:m}', '运维配置模板已从 `{path}` 改名：请对据此部署的副本同样改名或转换；{why:m}'],
  ['adds setting `{key}` whose comment tells operators to set it: {quote}', '新增设置 `{key}`，其注释要求运维人员设置它：{quote}'],
  ['operator template gains key `{key}`: merge it into deployed copies; {why:m}', '运维配置模板新增键 `{key}`：请合并到已部署的副本中；{why:m}'],
  ['operator template gains key `{key}` with an example value: an optional new setting; {why:m}', '运维配置模板新增键 `{key}`（附示例值）：这是可选的新设置；{why:m}'],
  ['config version `{key}` raised from {a} to {b}: deployed copies at version {c} must be updated with the template\'s changes; {why:m}', '配置版本 `{key}` 从 {a} 升到 {b}：版本仍为 {c} 的已部署副本必须按模板的改动更新；{why:m}'],
  ['key `{key}` removed from the {what:m} `{path}`: copies operators keep still set it — remove or rename it there; {why:m}', '{what:m} `{path}` 删除了键 `{key}`：运维人员保留的副本中仍设置了它——请在副本中删除或重命名；{why:m}'],
  ['section `{key}` removed from the {what:m} `{path}`: copies operators keep still set it — remove or rename it there; {why:m}', '{what:m} `{path}` 删除了配置段 `{key}`：运维人员保留的副本中仍设置了它——请在副本中删除或重命名；{why:m}'],
  ['value of `{key}` changes from {a} to {b} in the {what:m}; {why:m}', '{what:m}中 `{key}` 的值从 {a} 改为 {b}；{why:m}'],
  ['key `{key}` added to the {what:m} with its value: an optional new setting; {why:m}', '{what:m}新增键 `{key}`（附取值）：这是可选的新设置；{why:m}'],
  ['section `{key}` added to the {what:m} with its value: an optional new setting; {why:m}', '{what:m}新增配置段 `{key}`（附取值）：这是可选的新设置；{why:m}'],
  // a JSON Schema of the operator's config (configSchema.ts)
  ['setting `{key}` is no longer defined by the config schema `{path}`: a deployed config that sets it is refused or ignored — rename or remove it there', '配置模式 `{path}` 不再定义设置 `{key}`：已部署配置中设置了它的将被拒绝或忽略——请在其中重命名或删除它'],
  ['new required setting `{key}` in the config schema `{path}`: configs without it are refused — set it before upgrading', '配置模式 `{path}` 新增必需设置 `{key}`：缺少它的配置将被拒绝——请在升级前设置它'],
  ['new optional setting `{key}` in the config schema `{path}`', '配置模式 `{path}` 新增可选设置 `{key}`'],
  ['setting `{key}` becomes required in the config schema `{path}`: configs without it are refused — set it before upgrading', '配置模式 `{path}` 中的设置 `{key}` 变为必需：缺少它的配置将被拒绝——请在升级前设置它'],
  ['setting `{key}` no longer accepts {a} values in the config schema `{path}` (now {b}): convert deployed values', '配置模式 `{path}` 中的设置 `{key}` 不再接受 {a} 类型的值（现为 {b}）：请转换已部署的值'],
  ['default of `{key}` changes from {a} to {b} in the config schema `{path}`: installations that do not set it change behaviour', '配置模式 `{path}` 中 `{key}` 的默认值从 {a} 改为 {b}：未设置它的安装实例行为将改变'],
  ['default config', '默认配置'],
  ['installed config', '安装的配置'],
  ['installed by the release manifest {loc} ({code}): the copy operators keep and edit', '由发布清单 {loc}（{code}）安装：运维人员保留并编辑的副本'],
  ['installed into the system config folder by {loc} ({code}): the copy operators keep and edit', '由 {loc}（{code}）安装到系统配置目录：运维人员保留并编辑的副本'],
  ['a config file a release manifest installs as the operators\' own configuration', '由发布清单安装、作为运维人员自有配置的配置文件'],
  ["the defaults file the application loads under an operator's local override ({loc} {code}): operators set their values in the override", '应用在运维人员的本地覆盖文件之下加载的默认值文件（{loc} {code}）：运维人员在覆盖文件中设置自己的值'],
  ["the defaults file the application loads under an operator's local override", '应用在运维人员的本地覆盖文件之下加载的默认值文件'],
  ['defaults file gains setting `{key}` with its default: an optional new setting; {why:m}', '默认值文件新增设置 `{key}`（带默认值）：可选的新设置；{why:m}'],
  ['default of `{key}` changes from {a} to {b} for installations that do not override it; {why:m}', '`{key}` 的默认值从 {a} 改为 {b}，影响未覆盖它的安装实例；{why:m}'],
  ['operator template drops key `{key}`; the code still names it, so deployed copies that set it keep working; {why:m}', '运维配置模板删除了键 `{key}`；代码仍引用它，因此设置了它的已部署副本仍可正常工作；{why:m}'],
  ['operator template drops key `{key}`: remove or rename it in deployed copies; {why:m}', '运维配置模板删除了键 `{key}`：请在已部署的副本中删除或重命名它；{why:m}'],
  ['default of `{key}` changes from {a} to {b}; {why:m}', '`{key}` 的默认值从 {a} 改为 {b}；{why:m}'],
  ['example value of `{key}` changes from {a} to {b}; {why:m}', '`{key}` 的示例值从 {a} 改为 {b}；{why:m}'],
  ['shipped config changes {n:n} setting lines ({list}): installations keep their own edited copy, merge the change; {why:m}', '随发行版安装的配置改动了 {n} 行设置（{list}）：已安装的实例保留自己修改过的副本，请手动合并这些改动；{why:m}'],
  ['shipped config changes {n:n} setting line ({list}): installations keep their own edited copy, merge the change; {why:m}', '随发行版安装的配置改动了 {n} 行设置（{list}）：已安装的实例保留自己修改过的副本，请手动合并这些改动；{why:m}'],
  ['shipped config adds {n:n} setting lines ({list}) with their values: optional for installations that keep their own copy; {why:m}', '随发行版安装的配置新增了 {n} 行带取值的设置（{list}）：对保留自有副本的实例是可选的；{why:m}'],
  ['shipped config adds {n:n} setting line ({list}) with their values: optional for installations that keep their own copy; {why:m}', '随发行版安装的配置新增了 {n} 行带取值的设置（{list}）：对保留自有副本的实例是可选的；{why:m}'],
  ['config file no longer shipped: installations keep their copy, and its settings may now be ignored; {why:m}', '不再随发行版提供此配置文件：已安装的实例仍保留其副本，其中的设置现在可能被忽略；{why:m}'],
  ['new config file shipped ({n:n} setting lines): installations set up before this version do not have it; {why:m}', '随发行版新增配置文件（{n} 行设置）：此版本之前安装的实例中没有它；{why:m}'],
  ['new config file shipped ({n:n} setting line): installations set up before this version do not have it; {why:m}', '随发行版新增配置文件（{n} 行设置）：此版本之前安装的实例中没有它；{why:m}'],
  ['example reverse-proxy config changes {n:n} lines ({list}): replicate the change in the deployed proxy config and reload it; {why:m}', '反向代理示例配置改动了 {n} 行（{list}）：请在已部署的代理配置中做同样的改动并重新加载；{why:m}'],
  ['example reverse-proxy config changes {n:n} line ({list}): replicate the change in the deployed proxy config and reload it; {why:m}', '反向代理示例配置改动了 {n} 行（{list}）：请在已部署的代理配置中做同样的改动并重新加载；{why:m}'],
  ['learned by the repository profile: {what:m}', '由仓库画像得知：{what:m}'],
  ['an example config operators copy (named *.example / *.sample / *.dist / *.template)', '运维人员复制使用的示例配置（名为 *.example / *.sample / *.dist / *.template）'],
  ['a default config operators copy and override', '运维人员复制并覆盖的默认配置'],
  ['an example nginx config shipped for operators', '随项目提供给运维人员的 nginx 示例配置'],
  ['an example Apache config shipped for operators', '随项目提供给运维人员的 Apache 示例配置'],
  ['a Caddyfile shipped for operators', '随项目提供给运维人员的 Caddyfile'],
  ['a systemd unit shipped for operators', '随项目提供给运维人员的 systemd 单元'],
  ['Helm chart values operators override', '运维人员覆盖的 Helm chart 取值'],
  ['an env example file operators copy', '运维人员复制使用的 env 示例文件'],
  ["an etc folder: {folder} holds {n:n} config files installed as the operators' own configuration (e.g. {path})", 'etc 文件夹：{folder} 含有 {n} 个作为运维人员自有配置安装的配置文件（例如 {path}）'],
  ["a config file installed as the operators' own configuration", '作为运维人员自有配置安装的配置文件'],
  ['set in .handoff/config.yaml (profile.templates)', '在 .handoff/config.yaml 中设置（profile.templates）'],
  ['example value of {key} changed {how:m}', '{key} 的示例值已改动，{how:m}'],
  ['value of {key} changed {how:m}', '{key} 的值已改动，{how:m}'],
  ['env {key} changed {how:m}', '环境变量 {key} 已改动，{how:m}'],
  ['(values not shown)', '（不显示取值）'],
  ['from {a} to {b}', '从 {a} 改为 {b}'],
  // config keys
  ['config file removed from the instance template `{path}` with {n} keys: instances created from it earlier keep their own copy', '从实例模板 `{path}` 中删除了含 {n} 个键的配置文件：此前由它创建的实例保留各自的副本'],
  ['config file removed from the instance template `{path}` with {n} key: instances created from it earlier keep their own copy', '从实例模板 `{path}` 中删除了含 {n} 个键的配置文件：此前由它创建的实例保留各自的副本'],
  ['config file removed with {n} keys ({list})', '删除了含 {n} 个键的配置文件（{list}）'],
  ['config file removed with {n} key ({list})', '删除了含 {n} 个键的配置文件（{list}）'],
  ['{what:m}; operators must set it', '{what:m}；运维人员必须设置它'],
  ['adds config key {key} = {value}', '新增配置键 {key} = {value}'],
  ['adds config key {key} (no value)', '新增配置键 {key}（无值）'],
  ['adds config section {key} ({n} keys)', '新增配置段 {key}（{n} 个键）'],
  ['adds config section {key} ({n} key)', '新增配置段 {key}（{n} 个键）'],
  ['removes config key {key}', '删除配置键 {key}'],
  ['removes config section {key} ({n} keys)', '删除配置段 {key}（{n} 个键）'],
  ['removes config section {key} ({n} key)', '删除配置段 {key}（{n} 个键）'],
  ['changes {key}: {how:m}', '修改 {key}：{how:m}'],
  ['… and {n} more config changes not listed ({parts:m})', '……另有 {n} 项配置改动未列出（{parts:m}）'],
  ['… and {n} more dependency changes not listed ({parts:m})', '……另有 {n} 项依赖改动未列出（{parts:m}）'],
  ['… and {n} more breaking changes not listed', '……另有 {n} 项破坏性变更未列出'],
  ['reordered', '顺序调整'],
  ['a section', '一个配置段'],
  ['(value hidden)', '（值已隐藏）'],
  ['(empty)', '（空）'],
  // dependencies
  ['new manifest declares {n} dependency', '新清单声明了 {n} 个依赖'],
  ['new manifest declares {n} dependencies', '新清单声明了 {n} 个依赖'],
  ['manifest removed with {n} dependency', '删除了含 {n} 个依赖的清单'],
  ['manifest removed with {n} dependencies', '删除了含 {n} 个依赖的清单'],
  ['adds dev dependency {name}', '新增开发依赖 {name}'],
  ['adds peer dependency {name}', '新增 peer 依赖 {name}'],
  ['adds optional dependency {name}', '新增可选依赖 {name}'],
  ['adds build dependency {name}', '新增构建依赖 {name}'],
  ['adds dependency {name}', '新增依赖 {name}'],
  ['removes dev dependency {name}', '删除开发依赖 {name}'],
  ['removes peer dependency {name}', '删除 peer 依赖 {name}'],
  ['removes optional dependency {name}', '删除可选依赖 {name}'],
  ['removes build dependency {name}', '删除构建依赖 {name}'],
  ['removes dependency {name}', '删除依赖 {name}'],
  ['pre-1.0 minor bumps (breaking by semver) of {n} dependencies: {list}', '{n} 个依赖的 1.0 之前次版本升级（按 semver 属于破坏性变更）：{list}'],
  ['major upgrade of dev {rest}', '开发依赖主版本升级：{rest}'],
  ['major upgrade of peer {rest}', 'peer 依赖主版本升级：{rest}'],
  ['major upgrade of build {rest}', '构建依赖主版本升级：{rest}'],
  ['major upgrade of {rest}', '主版本升级：{rest}'],
  ['major downgrade of {rest}', '主版本降级：{rest}'],
  // runtime, images, ports, secrets
  ['base image {rest:m}', '基础镜像 {rest:m}'],
  ['image {rest:m}', '镜像 {rest:m}'],
  ['new image {ref}', '新镜像 {ref}'],
  ['no longer uses image {ref}', '不再使用镜像 {ref}'],
  ['{ref} digest updated', '{ref} 的摘要已更新'],
  ['EXPOSE {what:m}', 'EXPOSE {what:m}'],
  ['adds port {p}', '新增端口 {p}'],
  ['removes port {p}', '删除端口 {p}'],
  ['possible {name} added ({masked})', '可能新增了 {name}（{masked}）'],
  ['possible JWT added to {key} ({masked})', '{key} 中可能新增了 JWT（{masked}）'],
  ['possible {name} added', '可能新增了 {name}'],
  ['{scheme} URL with an embedded password added (host {host}, password masked)', '新增了内嵌密码的 {scheme} URL（主机 {host}，密码已隐藏）'],
  ['literal credential assigned to {key} (value masked, {n} chars)', '{key} 被赋值为明文凭据（值已隐藏，{n} 个字符）'],
  // SQL and migration DSLs
  ['rebuilds table {t} (copies rows, drops and renames; blocks writes)', '重建表 {t}（复制数据行、删除并改名；期间阻塞写入）'],
  ['drops reference column {c}', '删除引用列 {c}'],
  ['drops columns {a} and {b}', '删除列 {a} 和 {b}'],
  ['drops columns of {t} ({list})', '删除 {t} 的列（{list}）'],
  ['drops {what:w} {name}', '删除{what:w} {name}'],
  ['truncates table {t}', '清空表 {t}'],
  ['deletes every row of {t}', '删除 {t} 的全部数据行'],
  ['updates every row of {t} ({n} statements)', '更新 {t} 的全部数据行（{n} 条语句）'],
  ['updates every row of {t}', '更新 {t} 的全部数据行'],
  ['updates rows of {t} ({n} statements)', '更新 {t} 的数据行（{n} 条语句）'],
  ['updates rows of {t}', '更新 {t} 的数据行'],
  ['deletes rows from {t} ({n} statements)', '删除 {t} 中的数据行（{n} 条语句）'],
  ['deletes rows from {t}', '删除 {t} 中的数据行'],
  ['inserts rows into {t} ({n} statements)', '向 {t} 插入数据行（{n} 条语句）'],
  ['inserts rows into {t}', '向 {t} 插入数据行'],
  ['merges rows into {t} ({n} statements)', '向 {t} 合并数据行（{n} 条语句）'],
  ['merges rows into {t}', '向 {t} 合并数据行'],
  ['copies rows into {t} ({n} statements)', '向 {t} 复制数据行（{n} 条语句）'],
  ['copies rows into {t}', '向 {t} 复制数据行'],
  ['renames table {a} to {b}', '将表 {a} 改名为 {b}'],
  ['renames column {a} to {b}', '将列 {a} 改名为 {b}'],
  ['renames field {a} to {b} (renames its column)', '将字段 {a} 改名为 {b}（会重命名其列）'],
  ['renames model {a} to {b} (renames its table)', '将模型 {a} 改名为 {b}（会重命名其表）'],
  ['removes field {f} (drops its column)', '删除字段 {f}（会删除其列）'],
  ['deletes model {m} (drops its table)', '删除模型 {m}（会删除其表）'],
  ['alters field {f} (may rewrite or lock the table; check {rest})', '修改字段 {f}（可能重写表或锁表；请检查 {rest}）'],
  ['detaches partition {p} of {t}', '分离 {t} 的分区 {p}'],
  ['attachs partition {p} of {t}', '挂载 {t} 的分区 {p}'],
  ['drops partition {p} of {t}', '删除 {t} 的分区 {p}'],
  ['truncates partition {p} of {t}', '清空 {t} 的分区 {p}'],
  ['changes the definition of column {c} (type change; rewrites the table)', '修改列 {c} 的定义（类型变更；会重写表）'],
  ['changes the definition of column {c}', '修改列 {c} 的定义'],
  ['changes the type of column {c} (rewrites the table)', '修改列 {c} 的类型（会重写表）'],
  ['changes the type of column {c} to {type}', '将列 {c} 的类型改为 {type}'],
  ['changes the type of column {c}', '修改列 {c} 的类型'],
  ['sets {c} NOT NULL (scans the table under an exclusive lock)', '将 {c} 设为 NOT NULL（在排他锁下扫描整张表）'],
  ['sets {c} NOT NULL (scans the table under lock)', '将 {c} 设为 NOT NULL（在锁下扫描整张表）'],
  ['adds NOT NULL column {c} without a default (fails or locks on a non-empty table)', '新增没有默认值的 NOT NULL 列 {c}（表非空时会失败或锁表）'],
  ['adds NOT NULL column {c} without a server_default (fails or locks on a non-empty table)', '新增没有 server_default 的 NOT NULL 列 {c}（表非空时会失败或锁表）'],
  ['adds column {c} with a volatile or generated value (rewrites the table)', '新增带易变值或生成值的列 {c}（会重写表）'],
  ['adds a {what} constraint on {t} without NOT VALID (validates every row under lock)', '在 {t} 上新增 {what} 约束但未使用 NOT VALID（在锁下校验每一行）'],
  ['adds a {what} constraint on {t} (builds an index under lock)', '在 {t} 上新增 {what} 约束（在锁下构建索引）'],
  ['adds an index on {t} without algorithm: :concurrently (blocks writes while it builds)', '在 {t} 上新增索引但未使用 algorithm: :concurrently（构建期间阻塞写入）'],
  ['adds a foreign key on {t} without validate: false (validates every row under lock)', '在 {t} 上新增外键但未使用 validate: false（在锁下校验每一行）'],
  ['adds a constraint on {m} (validates every row; consider the Concurrently variant {rest})', '在 {m} 上新增约束（会校验每一行；可考虑 Concurrently 写法 {rest}）'],
  ['adds an index on {m} (blocks writes while it builds; consider the Concurrently variant {rest})', '在 {m} 上新增索引（构建期间阻塞写入；可考虑 Concurrently 写法 {rest}）'],
  ['creates an index on {t} without CONCURRENTLY (blocks writes while it builds)', '在 {t} 上创建索引但未使用 CONCURRENTLY（构建期间阻塞写入）'],
  ['creates an index on {t} without postgresql_concurrently=True (blocks writes while it builds)', '在 {t} 上创建索引但未使用 postgresql_concurrently=True（构建期间阻塞写入）'],
  ['creates an index on {t} without concurrently: true (blocks writes while it builds)', '在 {t} 上创建索引但未使用 concurrently: true（构建期间阻塞写入）'],
  ['creates an index on {t} without concurrently (blocks writes while it builds)', '在 {t} 上创建索引但未使用 concurrently（构建期间阻塞写入）'],
  ['locks {t} (blocks reads or writes while it runs)', '锁定 {t}（运行期间阻塞读或写）'],
  ['runs {verb} on {t} (blocks reads or writes while it runs)', '在 {t} 上运行 {verb}（运行期间阻塞读或写）'],
  ['rewrites table {t} ({how})', '重写表 {t}（{how}）'],
  ['runs Python code (RunPython {f})', '运行 Python 代码（RunPython {f}）'],
  ['executes SQL built in code', '执行在代码中拼接的 SQL'],
  ['changes data in code ({list})', '在代码中修改数据（{list}）'],
  ['marked is_post_deployment: run after the deploy', '标记为 is_post_deployment：需在部署后运行'],
  ['cannot be rolled back: {why:m}', '无法回滚：{why:m}'],
  ['raises ActiveRecord::IrreversibleMigration', '抛出 ActiveRecord::IrreversibleMigration'],
  ['defines `up` without `down`', '只定义了 `up`，没有 `down`'],
  ['RunPython {f} has no reverse_code', 'RunPython {f} 没有 reverse_code'],
  ['RunSQL has no reverse_sql', 'RunSQL 没有 reverse_sql'],
  ['downgrade() does nothing', 'downgrade() 什么也不做'],
  ['the down migration does nothing', '回退迁移什么也不做'],
  ['down() throws IrreversibleMigration', 'down() 抛出 IrreversibleMigration'],
  ['the {marker} section is empty', '{marker} 段为空'],
  ['there is no {marker} section', '没有 {marker} 段'],
  // API schemas
  ['schema file removed', '删除了 schema 文件'],
  ['removes operation {op}', '删除操作 {op}'],
  ['removes path {p}', '删除路径 {p}'],
  ['removes message {m}', '删除消息 {m}'],
  ['removes enum {e}', '删除枚举 {e}'],
  ['removes service {s}', '删除服务 {s}'],
  ['removes {what:w} {name}', '删除{what:w} {name}'],
  // DDL statements found by the generic layer (analyzers/ddl.ts ddlFindings)
  ["a development environment's migration: {p} is applied in development only (the released steps are in a sibling folder)", '开发环境的迁移：{p} 仅在开发环境中应用（已发布的迁移步骤在同级文件夹中）'],
  ['creates the schema of a new database backend (the same schema exists for {p}): no existing database changes', '创建新数据库后端的结构（{p} 已有相同结构）：现有数据库不变'],
  ['changes the schema of new installations only: no upgrade script in this range changes existing databases (this repository keeps {n} upgrade scripts, e.g. {p})', '只改变新安装的数据库结构：本范围内没有升级脚本改变现有数据库（本仓库有 {n} 个升级脚本，例如 {p}）'],
  ['edits the creation of {names} in place while the schema version {name} stays {v}: changes new databases only', '原地修改 {names} 的创建语句，而数据库结构版本 {name} 仍为 {v}：只改变新建的数据库'],
  ['schema operation {name} on {table}', '数据库结构操作 {name}（作用于 {table}）'],
  ["adds the upgrade step {name}: the project's upgrade code runs it on the stored data when this version is installed", '新增升级步骤 {name}：安装此版本时，项目的升级代码会对已存储的数据执行它'],
  ["adds the data migration {name}: the project's migration code runs it once on the stored data when this version starts or migrates", '新增数据迁移 {name}：此版本启动或执行迁移时，项目的迁移代码会对已存储的数据执行一次'],
  ["adds the migration step {name}: the project's migration code runs it on the stored data when this version starts or migrates", '新增迁移步骤 {name}：此版本启动或执行迁移时，项目的迁移代码会对已存储的数据执行它'],
  ['adds the data migration module {name}: the stored data is converted when this version starts or runs its migration', '新增数据迁移模块 {name}：此版本启动或运行迁移时会转换已存储的数据'],
  ['raises the schema version {name} from {a} to {b}: the database is upgraded when this version starts', '将数据库结构版本 {name} 从 {a} 提升到 {b}：此版本启动时会升级数据库'],
  ['raises the schema version the database records ({name}: {a} → {b}): existing databases must be upgraded to it', '提升数据库记录的结构版本（{name}：{a} → {b}）：现有数据库必须升级到该版本'],
  ['declares the schema version {name} = {v}: the database is versioned and upgraded when this version starts', '声明数据库结构版本 {name} = {v}：数据库开始按版本管理，此版本启动时会升级'],
  // a table an install schema creates, edited in place (analyzers/ddl.ts inPlaceBodyEdits)
  ['edits table {name} in place (column {c} removed): existing databases keep the old table until it is altered', '原地修改表 {name}（删除列 {c}）：现有数据库保留旧表，直到对其执行 ALTER'],
  ['edits table {name} in place (key {k} removed): existing databases keep the old table until it is altered', '原地修改表 {name}（删除键 {k}）：现有数据库保留旧表，直到对其执行 ALTER'],
  ['edits table {name} in place (key {k} added): existing databases keep the old table until it is altered', '原地修改表 {name}（新增键 {k}）：现有数据库保留旧表，直到对其执行 ALTER'],
  ['edits table {name} in place ({n} columns or keys changed): existing databases keep the old table until it is altered', '原地修改表 {name}（{n} 处列或键变更）：现有数据库保留旧表，直到对其执行 ALTER'],
  ['creates {what:w} {name}', '创建{what:w} {name}'],
  ['alters {what:w} {name}', '修改{what:w} {name}'],
  ['drops {what:w} {name}', '删除{what:w} {name}'],
  ['renames {what:w} {name}', '重命名{what:w} {name}'],
  ['replaces {what:w} {name}', '替换{what:w} {name}'],
  ['package {a} → {b}', '包名 {a} → {b}'],
  ['{a}: adds required {where:w} parameter {n}', '{a}：新增必填的{where:w}参数 {n}'],
  ['{a}: {where:w} parameter {n} is now required', '{a}：{where:w}参数 {n} 改为必填'],
  ['{a}: {where:w} parameter {n} type {x} → {y}', '{a}：{where:w}参数 {n} 的类型 {x} → {y}'],
  ['{a}: request body is now required', '{a}：请求体改为必填'],
  ['{a}: removes {code} response', '{a}：删除 {code} 响应'],
  ['{a}: type {x} → {y}', '{a}：类型 {x} → {y}'],
  ['{a}: enum values {v} removed', '{a}：删除枚举值 {v}'],
  ['{a}: enum value {v} removed', '{a}：删除枚举值 {v}'],
  ['{a}: property {p} removed', '{a}：删除属性 {p}'],
  ['{a}: property {p} is now required', '{a}：属性 {p} 改为必填'],
  ['{a}: adds required property {p}', '{a}：新增必填属性 {p}'],
  ['{a}: property {p} is no longer required (clients may not get it)', '{a}：属性 {p} 不再必填（客户端可能拿不到它）'],
  ['{a}: removes enum value {v} = {n}', '{a}：删除枚举值 {v} = {n}'],
  ['{a}: removes enum value {v}', '{a}：删除枚举值 {v}'],
  ['{a}: removes union member {v}', '{a}：删除联合类型成员 {v}'],
  ['{a}: argument {g} removed', '{a}：删除参数 {g}'],
  ['{a}: argument {g} type {x} → {y}', '{a}：参数 {g} 的类型 {x} → {y}'],
  ['{a}: adds required argument {g}: {t}', '{a}：新增必填参数 {g}: {t}'],
  ['{a}: adds required input field {g}: {t}', '{a}：新增必填输入字段 {g}: {t}'],
  ['{a}: field number {x} → {y}', '{a}：字段编号 {x} → {y}'],
  ['{a}: removes field {f} = {n} (number not reserved)', '{a}：删除字段 {f} = {n}（编号未保留）'],
  ['{a}: removes field {f} = {n}', '{a}：删除字段 {f} = {n}'],
  ['{a}: field {n} renamed {x} → {y} (breaks JSON and generated code)', '{a}：字段 {n} 由 {x} 改名为 {y}（会破坏 JSON 和生成的代码）'],
  ['{a}: enum value {n} renamed {x} → {y}', '{a}：枚举值 {n} 由 {x} 改名为 {y}'],
  ['{a}: removes rpc {r}', '{a}：删除 rpc {r}'],
  ['{a}: signature {x} changed to {y}', '{a}：签名 {x} 改为 {y}'],
  ['{a} uses reserved field number {n}', '{a} 使用了保留的字段编号 {n}'],
  ['{a} uses a reserved field name', '{a} 使用了保留的字段名'],
  ['{a}: {x:w} → {y:w}', '{a}：{x:w} → {y:w}'],
  ['{a} removed', '删除了 {a}'],
  // shapes shared by several analyzers (keep last: they are the most general)
  ['{a}: adds port {p}', '{a}：新增端口 {p}'],
  ['{a}: removes port {p}', '{a}：删除端口 {p}'],
  ['{where}: new image {ref}', '{where}：新镜像 {ref}'],
  ['{where}: no longer uses image {ref}', '{where}：不再使用镜像 {ref}'],
  ['{where}: {ref} digest updated', '{where}：{ref} 的摘要已更新'],
  ['{a}: {b} → {c} (same major version)', '{a}：{b} → {c}（同一主版本）'],
  ['{a} → {b} (same major version)', '{a} → {b}（同一主版本）'],
  ['{a} → {b}', '{a} → {b}'],
  ['{a}: {b} → {c}', '{a}：{b} → {c}'],
  ['{a}: adds {list}', '{a}：新增 {list}'],
  ['adds {list}', '新增 {list}'],
  ['removes {list}', '删除 {list}'],
  ['{a}: removes {list}', '{a}：删除 {list}'],
  ['{a:m}, {b:m}', '{a:m}，{b:m}'],
  ['{a:m}; {b:m}', '{a:m}；{b:m}'],
  // counts in "… and N more" tails
  ['{n:n} added', '新增 {n} 项'],
  ['{n:n} removed', '删除 {n} 项'],
  ['{n:n} changed', '修改 {n} 项'],
  ['{n:n} major upgrades', '{n} 项主版本升级'],
];

/** Words that templates translate (`{x:w}`). */
export const WORDS: Readonly<Record<string, string>> = {
  column: '列',
  columns: '列',
  table: '表',
  schema: '模式',
  database: '数据库',
  index: '索引',
  view: '视图',
  sequence: '序列',
  type: '类型',
  enum: '枚举',
  union: '联合类型',
  input: '输入类型',
  interface: '接口',
  scalar: '标量',
  object: '对象类型',
  directive: '指令',
  query: '查询',
  path: '路径',
  header: '请求头',
  cookie: 'Cookie ',
  body: '请求体',
  formData: '表单',
  'enum value': '枚举值',
  'union member': '联合类型成员',
};

interface Part {
  lit: string;
  name?: string;
  mode?: 'w' | 'm' | 'n' | '';
}

interface Compiled {
  parts: Part[];
  zh: string;
}

/**
 * Rows tried most specific first: the one with the most literal text wins (a risk row's short
 * `adds {s} column {d}` must not take the profile's longer `adds a column to a model …`);
 * rows of equal literal length keep their order.
 */
function compileRows(rows: readonly (readonly [string, string])[]): Compiled[] {
  return rows
    .map(([en, zh]) => ({ parts: compile(en), zh }))
    .map((c, order) => ({ c, order, lit: c.parts.reduce((n, p) => n + p.lit.length, 0) }))
    .sort((a, b) => b.lit - a.lit || a.order - b.order)
    .map((x) => x.c);
}

/** The finding catalog, compiled when a message is first translated (an English run never needs it). */
let compiledCatalog: Compiled[] | null = null;
const catalog = (): Compiled[] => (compiledCatalog ??= compileRows([...riskRows(), ...MESSAGES]));

/** `a {x} b {y:m}` → literal/placeholder pairs: [{lit:'a ', name:'x'}, {lit:' b ', name:'y', mode:'m'}, {lit:''}]. */
function compile(template: string): Part[] {
  const parts: Part[] = [];
  let pos = 0;
  for (;;) {
    const open = template.indexOf('{', pos);
    const close = open < 0 ? -1 : template.indexOf('}', open);
    if (open < 0 || close < 0) {
      parts.push({ lit: template.slice(pos) });
      return parts;
    }
    const [name, mode] = template.slice(open + 1, close).split(':');
    parts.push({ lit: template.slice(pos, open), name, mode: (mode as 'w' | 'm' | 'n' | undefined) ?? '' });
    pos = close + 1;
  }
}

/**
 * Matches a message against a template: literals are found left to right (each
 * placeholder takes at least one character, up to the next literal's first occurrence);
 * the last literal must end the message. Linear in the message's length per template.
 */
function match(parts: Part[], msg: string): Map<string, string> | null {
  const first = parts[0];
  if (!msg.startsWith(first.lit)) return null;
  const values = new Map<string, string>();
  let pos = first.lit.length;
  for (let k = 0; k < parts.length - 1; k++) {
    const name = parts[k].name!;
    const next = parts[k + 1];
    let end: number;
    if (k + 1 === parts.length - 1) {
      if (!msg.endsWith(next.lit)) return null;
      end = msg.length - next.lit.length;
    } else {
      end = next.lit ? msg.indexOf(next.lit, pos + 1) : -1;
    }
    if (end <= pos) return null;
    values.set(name, msg.slice(pos, end));
    pos = end + next.lit.length;
  }
  return parts.length === 1 && msg.length !== first.lit.length ? null : values;
}

const MAX_DEPTH = 3;

/** The Simplified Chinese of an English message, or null when the catalog has no row for it. */
export function translateMessage(message: string, depth = 0): string | null {
  return translateWith(catalog(), message, depth);
}

/**
 * A translator over other rows (engine errors: l10n/errors.ts), with the same template
 * language; `{x:m}` fragments are looked up in those rows, then in the finding catalog.
 */
export function translator(rows: readonly (readonly [string, string])[]): (message: string) => string | null {
  let compiled: Compiled[] | null = null;
  return (message) => translateWith((compiled ??= [...compileRows(rows), ...catalog()]), message, 0);
}

function translateWith(compiled: readonly Compiled[], message: string, depth: number): string | null {
  if (depth > MAX_DEPTH || message.length > 2000) return null;
  for (const c of compiled) {
    const values = match(c.parts, message);
    if (!values) continue;
    let ok = true;
    const text = c.zh.replace(/\{(\w+)(?::(\w))?\}/g, (_m, name: string, mode?: string) => {
      const v = values.get(name) ?? '';
      if (mode === 'n' && !/^\d+$/.test(v)) ok = false;
      if (mode === 'w') {
        const w = WORDS[v];
        if (w === undefined) ok = false;
        return w ?? v;
      }
      if (mode === 'm') {
        const t = translateWith(compiled, v, depth + 1);
        if (t === null) ok = false;
        return t ?? v;
      }
      return v;
    });
    if (ok) return text;
  }
  return null;
}

/** A finding's message in the locale (English as the analyzer wrote it, when no row matches). */
export function translateFinding(f: Pick<Finding, 'message'>, locale: Locale): string {
  if (locale === 'en' || !f.message) return f.message;
  return translateMessage(f.message) ?? f.message;
}

/** Any English message in the locale. */
export function localizeMessage(message: string, locale: Locale): string {
  if (locale === 'en' || !message) return message;
  return translateMessage(message) ?? message;
}

/** Simplified Chinese of the built-in rules' titles (the part before the change status). Add a row with a new rule. */
export const TITLES_ZH: Readonly<Record<string, string>> = {
  // the generic layer (rules/packs/generic.ts)
  'SQL schema change': 'SQL 数据库结构变更',
  'Schema change in code': '代码中的数据库结构变更',
  'Schema operations': '数据库结构操作',
  'Schema migration code': '数据库迁移代码',
  'Schema history file': '数据库结构历史文件',
  'Operator config template': '运维配置模板',
  'Model change (schema synced at start-up)': '模型变更（启动时同步数据库结构）',
  'Config reader changed': '配置读取模块变更',
  'Command-line option removed': '命令行选项被删除',
  'Setting no longer declared': '设置不再被声明',
  'Setting default changed': '设置的默认值已更改',
  'Setting now required or refused': '设置现在为必需或被拒绝',
  'Down/undo migration script': '回退迁移脚本',
  'Rails post-deployment migration': 'Rails 部署后迁移',
  'Rails data migration': 'Rails 数据迁移',
  'goose Go migration': 'goose Go 迁移',
  'Liquibase SQL changelog': 'Liquibase SQL 变更日志',
  'Liquibase changelog': 'Liquibase 变更日志',
  'Prisma schema': 'Prisma schema',
  'sqitch change': 'sqitch 变更',
  'sqitch plan': 'sqitch 计划',
  'Play evolution': 'Play evolution 脚本',
  'JavaScript migration': 'JavaScript 迁移',
  'SQL migration': 'SQL 迁移',
  'GitHub Actions workflow': 'GitHub Actions 工作流',
  'Jenkins pipeline': 'Jenkins 流水线',
  'CI config': 'CI 配置',
  Lockfile: '锁文件',
  'Go checksums': 'Go 校验和文件',
  'Python development requirements': 'Python 开发依赖',
  'Python dependencies': 'Python 依赖',
  'Maven POM': 'Maven POM',
  'Gradle build': 'Gradle 构建文件',
  'sbt build': 'sbt 构建文件',
  '.NET project': '.NET 项目文件',
  'Dependency manifest': '依赖清单',
  'Runtime version file': '运行时版本文件',
  'Gradle/Maven wrapper': 'Gradle/Maven wrapper',
  'Compose file': 'Compose 文件',
  'Helm values': 'Helm values',
  'Helm chart': 'Helm chart',
  'Helm chart lockfile': 'Helm chart 锁文件',
  'Terraform configuration': 'Terraform 配置',
  'Terraform provider lockfile': 'Terraform provider 锁文件',
  'Pulumi project': 'Pulumi 项目',
  'Nomad job / Packer template': 'Nomad 作业 / Packer 模板',
  'Serverless configuration': 'Serverless 配置',
  'Platform manifest': '平台清单',
  'Heroku app.json': 'Heroku app.json',
  'Deployment tool config': '部署工具配置',
  'App Engine config': 'App Engine 配置',
  'Hosting config': '托管配置',
  Ansible: 'Ansible',
  'Kubernetes manifest': 'Kubernetes 清单',
  'CloudFormation template': 'CloudFormation 模板',
  'OpenAPI document': 'OpenAPI 文档',
  'GraphQL schema': 'GraphQL schema',
  'Protocol Buffers schema': 'Protocol Buffers schema',
  'API schema': 'API schema',
  'Feature flag definitions': '功能开关定义',
  'Local/test env file': '本地/测试 env 文件',
  'Env example file': 'env 示例文件',
  'Env file': 'env 文件',
  'Application config': '应用配置',
  'Python settings module': 'Python 设置模块',
  'Flask config module': 'Flask 配置模块',
  'Elixir config': 'Elixir 配置',
  'Service config': '服务配置',
  '.NET config': '.NET 配置',
  'nginx config': 'nginx 配置',
  'Server config': '服务器配置',
  'systemd unit': 'systemd unit',
  'Config file': '配置文件',
  'Config schema': '配置模式',
  'Environment variables': '环境变量',
};

/** Title endings translated when a title has no row of its own: `Django migration` → `Django 迁移`. */
const TITLE_SUFFIXES: readonly (readonly [string, string])[] = [
  [' migration', ' 迁移'],
  [' config', ' 配置'],
  [' lockfile', ' 锁文件'],
  [' workflow', ' 工作流'],
  [' schema', ' schema'],
];

const STATUS_ZH: Readonly<Record<string, string>> = { added: '新增', modified: '修改', deleted: '删除', renamed: '重命名', changed: '有改动' };

const DEV_ONLY = ' (development only)';
const INSTALL_ONLY = ' (new installations only)';
const COMMENTS_CHANGED = ' comments changed';

/** An impact's title (`<rule title> <status>`, as the engine decorates it) in the locale. */
export function localizeTitle(title: string, locale: Locale): string {
  if (locale === 'en' || !title) return title;
  // The engine's decorations of a rule title (engine.ts toImpact).
  if (title.endsWith(DEV_ONLY)) return `${localizeTitle(title.slice(0, -DEV_ONLY.length), locale)}（仅用于开发）`;
  if (title.endsWith(INSTALL_ONLY)) return `${localizeTitle(title.slice(0, -INSTALL_ONLY.length), locale)}（仅影响新安装）`;
  if (title.endsWith(COMMENTS_CHANGED)) {
    const head = title.slice(0, -COMMENTS_CHANGED.length);
    return `${head === 'File' ? '文件' : localizeTitle(head, locale)}：仅注释有改动`;
  }
  const sp = title.lastIndexOf(' ');
  const status = sp > 0 ? STATUS_ZH[title.slice(sp + 1)] : undefined;
  const head = status ? title.slice(0, sp) : title;
  let zh = TITLES_ZH[head];
  if (zh === undefined) {
    const suffix = TITLE_SUFFIXES.find(([en]) => head.endsWith(en));
    zh = suffix ? head.slice(0, -suffix[0].length) + suffix[1] : head;
  }
  return status ? `${zh}（${status}）` : zh;
}
