import { L, pick, type Locale, type Localized } from '../l10n/locale';
import { localizeMessage, translateFinding } from '../l10n/catalog';
import { ruleStepText } from '../l10n/ruleSteps';
import { ROLLOUT_PHASES, type ChecklistTemplate, type Finding, type Impact, type RolloutPhase } from '../types';
import { NO_FACTS, type PlanFacts } from './facts';
import { droppedThing, hazardOf, migrationInfo, schemaObject, type MigrationInfo } from './migrations';

/**
 * One thing an operator does: in a rollout phase, by a role, at a point of the
 * dependency chain (`step`). Forward phases run steps in ascending order; the rollback
 * runs them in descending order, so it undoes things in reverse dependency order.
 *
 * Steps used: 10 back up · 15 checks on code · 20 deploy code that stops reading ·
 * 30 apply an expanding migration / the usual rollout · 35 the release itself ·
 * 39 restore data (after its table or column exists again) · 40 a contracting migration
 * (drop, truncate) · 45 post-deployment migrations · 50 clean-up of settings.
 */
export interface PlannedAction {
  /** Identity for de-duplication: the same action from two findings is drafted once. */
  key: string;
  phase: RolloutPhase;
  role: string;
  step: number;
  text: Localized;
  /** Impact ids whose findings asked for it. */
  impacts: string[];
}

/** Config `templates`: steps by finding kind (or category) that replace the built-in ones. */
export type TemplateOverrides = Partial<Record<string, ChecklistTemplate[]>>;

export interface PlanOptions {
  facts?: PlanFacts;
  templates?: TemplateOverrides;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

interface Ctx {
  facts: PlanFacts;
  /** Env vars the code starts reading: true when some read has no default. */
  envReads?: Map<string, boolean>;
  out: PlannedAction[];
  impact: Impact;
}

function add(ctx: Ctx, key: string, phase: RolloutPhase, role: string, step: number, text: Localized): void {
  const same = ctx.out.find((a) => a.key === key);
  if (same) {
    if (!same.impacts.includes(ctx.impact.id)) same.impacts.push(ctx.impact.id);
    return;
  }
  ctx.out.push({ key, phase, role, step, text, impacts: [ctx.impact.id] });
}

/**
 * Plans the actions of a set of impacts: every finding contributes its actions (config
 * templates replace the built-in ones of their kind); migrations get their tool's
 * commands with the app label, revision and previous migration filled in from the
 * repository, or "migrations run at start-up" when the repository runs them itself; a
 * rule's own steps fill in for impacts the findings say nothing about. The result is
 * ordered: by phase, then by step (descending in Rollback), then as contributed.
 */
export function planActions(impacts: readonly Impact[], opts: PlanOptions = {}): PlannedAction[] {
  const facts = opts.facts ?? NO_FACTS;
  const templates = opts.templates ?? {};
  const out: PlannedAction[] = [];
  const infos = new Map<string, MigrationInfo>();
  for (const i of impacts) if (i.category === 'migration') infos.set(i.id, migrationInfo(i, facts));
  const earliest = earliestOfGroups([...infos.values()]);
  const renames = configRenames(impacts);
  const envReads = new Map<string, boolean>();
  for (const i of impacts) for (const f of i.findings) if (f.kind === 'env-var-added' && f.subject && /^reads\b/.test(f.message)) envReads.set(f.subject, (envReads.get(f.subject) ?? false) || envOptional(f) === false);

  for (const impact of impacts) {
    const ctx: Ctx = { facts, out, impact, envReads };
    const before = out.length;
    const touched = new Set<string>();
    for (const f of impact.findings) {
      const own = templates[f.kind];
      if (own) {
        for (const t of own) add(ctx, `tpl:${f.kind}:${fill(t.text, impact, f)}`, t.phase, t.role ?? 'implementation', 30, sameText(fill(t.text, impact, f)));
        continue;
      }
      if (renames.consumed.has(f)) continue;
      findingActions(ctx, f, infos.get(impact.id));
      touched.add(f.kind);
    }
    for (const r of renames.pairs.filter((p) => p.impact === impact)) renameActions(ctx, r.from, r.to);
    if (impact.category === 'migration') migrationActions(ctx, infos.get(impact.id)!, earliest);
    // A rule's own steps fill in when the findings said nothing (migrations: the planner's own commands).
    const ruleSteps = impact.category === 'migration' ? [] : impact.checklist ?? [];
    if (out.length === before) for (const t of ruleSteps) add(ctx, `rule:${impact.rule}:${t.phase}:${t.text}`, t.phase, t.role ?? 'implementation', stepOfRule(t.phase), ruleStepText(fill(t.text, impact), t.text, impact.path));
    if (out.length === before) {
      const own = templates[impact.category];
      if (own) for (const t of own) add(ctx, `tpl:${impact.category}:${fill(t.text, impact)}`, t.phase, t.role ?? 'implementation', 30, sameText(fill(t.text, impact)));
      else categoryActions(ctx);
    }
  }
  if (out.length && !out.some((a) => a.phase === 'Rollback')) {
    const ctx: Ctx = { facts, out, impact: impacts[0] };
    add(ctx, 'release.redeploy', 'Rollback', 'implementation', 35, L('Redeploy the previous release', '重新部署上一个版本'));
  }
  return sortActions(out);
}

/** Phase order, then step (reversed in Rollback), then contribution order. */
export function sortActions(actions: PlannedAction[]): PlannedAction[] {
  const rank = (p: RolloutPhase) => ROLLOUT_PHASES.indexOf(p);
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a.phase) - rank(y.a.phase) || (x.a.phase === 'Rollback' ? y.a.step - x.a.step : x.a.step - y.a.step) || x.i - y.i)
    .map((x) => x.a);
}

/** A checklist line: the text in the locale and `@role`. */
export function actionLine(a: PlannedAction, locale: Locale): string {
  return `${pick(a.text, locale).replace(/[\r\n]+/g, ' ').trim()} @${a.role}`;
}

function stepOfRule(phase: RolloutPhase): number {
  return phase === 'Rollback' ? 35 : phase === 'After deploy' ? 45 : 30;
}

function sameText(s: string): Localized {
  return { en: s, 'zh-cn': s };
}

/** Fills `{path}`, `{subject}`, `{message}` in config templates and rule steps. */
export function fill(text: string, impact: Impact, finding?: Finding): string {
  const values: Record<string, string | undefined> = { path: impact.path, subject: finding?.subject ?? impact.path, message: finding?.message };
  return text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/** Django apps and Alembic histories roll back to the parent of their first migration in the range. */
function earliestOfGroups(infos: MigrationInfo[]): Map<string, MigrationInfo> {
  const first = new Map<string, MigrationInfo>();
  for (const m of infos) {
    if (!m.group) continue;
    const cur = first.get(m.group);
    if (!cur || (m.order ?? '') < (cur.order ?? '')) first.set(m.group, m);
  }
  return first;
}

interface RenamePair {
  impact: Impact;
  from: Finding;
  to: Finding;
}

/**
 * A config key removed and one added in the same file, under the same parent (or with
 * the same last segment), is a rename: one action at deploy time, not "add" plus "remove".
 */
function configRenames(impacts: readonly Impact[]): { pairs: RenamePair[]; consumed: Set<Finding> } {
  const pairs: RenamePair[] = [];
  const consumed = new Set<Finding>();
  for (const impact of impacts) {
    const removed = impact.findings.filter((f) => f.kind === 'config-key-removed' && f.subject);
    const added = impact.findings.filter((f) => f.kind === 'config-key-added' && f.subject);
    const parent = (k: string) => k.slice(0, Math.max(0, k.lastIndexOf('.')));
    const leaf = (k: string) => k.slice(k.lastIndexOf('.') + 1);
    for (const r of removed) {
      const candidates = added.filter((a) => !consumed.has(a) && (parent(a.subject!) === parent(r.subject!) || leaf(a.subject!) === leaf(r.subject!)));
      const siblingsRemoved = removed.filter((x) => parent(x.subject!) === parent(r.subject!)).length;
      if (candidates.length === 1 && (siblingsRemoved === 1 || leaf(candidates[0].subject!) === leaf(r.subject!))) {
        pairs.push({ impact, from: r, to: candidates[0] });
        consumed.add(r).add(candidates[0]);
      }
    }
  }
  return { pairs, consumed };
}

function renameActions(ctx: Ctx, from: Finding, to: Finding): void {
  const a = code(from.subject!);
  const b = code(to.subject!);
  const p = code(ctx.impact.path);
  add(ctx, `config.rename:${from.subject}>${to.subject}`, 'Deploy', 'ops', 30, L(`Rename ${a} to ${b} in every environment's overrides of ${p} as the new version rolls out (it reads only ${b})`, `随新版本上线，在每个环境对 ${p} 的覆盖配置中把 ${a} 改名为 ${b}（新版本只读取 ${b}）`));
  add(ctx, `config.rename.back:${from.subject}>${to.subject}`, 'Rollback', 'ops', 30, L(`Rename ${b} back to ${a} in the overrides of ${p}`, `在 ${p} 的覆盖配置中把 ${b} 改回 ${a}`));
}

/** Whether a new env var read has a default: the finding's own field, else its message. */
function envOptional(f: Finding): boolean | null {
  const flag = (f as Finding & { optional?: boolean; required?: boolean });
  if (typeof flag.optional === 'boolean') return flag.optional;
  if (typeof flag.required === 'boolean') return !flag.required;
  if (/\(with a default\)|\boptional\b/.test(f.message)) return true;
  if (/^reads new environment variable/.test(f.message)) return false;
  return null;
}

function findingActions(ctx: Ctx, f: Finding, mig: MigrationInfo | undefined): void {
  const impact = ctx.impact;
  const p = code(impact.path);
  const s = f.subject ? code(f.subject) : p;
  const where = f.line ? code(`${impact.path}:${f.line}`) : p;
  const msg = (): Localized => L(stripLabel(stripOuter(f.message)), stripLabel(stripOuter(translateFinding(f, 'zh-cn'))));
  switch (f.kind) {
    case 'env-var-added': {
      const read = f.subject ? ctx.envReads?.get(f.subject) : undefined;
      const optional = read === undefined ? envOptional(f) : !read;
      if (read !== undefined && !/^reads\b/.test(f.message)) return; // the read says more than the declaration
      if (optional) {
        add(ctx, `env.optional:${f.subject}`, 'Before deploy', 'ops', 10, L(`Decide whether ${s} needs a value other than its default in any environment (optional; read at ${where})`, `确认是否有环境需要为 ${s} 设置非默认值（可选；读取位置 ${where}）`));
      } else if (optional === false) {
        add(ctx, `env.set:${f.subject}`, 'Before deploy', 'ops', 10, L(`Set ${s} in every environment before the new version starts: it is read without a default (${where})`, `在新版本启动前，在每个环境中设置 ${s}：读取时没有默认值（${where}）`));
        add(ctx, `env.verify:${f.subject}`, 'Verify', 'ops', 30, L(`The application starts and finds ${s} (no missing-variable error in the logs)`, `应用能够启动并读到 ${s}（日志中没有缺少变量的错误）`));
      } else {
        add(ctx, `env.set:${f.subject}`, 'Before deploy', 'ops', 10, L(`Set ${s} in every environment (declared in ${p}); check whether the code reads it with a default`, `在每个环境中设置 ${s}（在 ${p} 中声明）；并确认代码读取它时是否有默认值`));
      }
      return;
    }
    case 'env-var-removed':
      add(ctx, `env.remove:${f.subject}`, 'After deploy', 'ops', 50, L(`Remove ${s} from every environment once no running release reads it`, `在没有任何运行中的版本读取 ${s} 之后，从每个环境中删除它`));
      return;
    case 'env-var-undeclared':
      add(ctx, `env.declare:${f.subject}`, 'Before deploy', 'dev', 15, L(`Declare ${s} where the team looks for settings (env example, chart values or docs) so that every environment gets it`, `在团队查找配置的地方（环境变量示例、chart values 或文档）声明 ${s}，确保每个环境都会设置它`));
      return;
    case 'config-key-added':
      if (/operators must set it/.test(f.message)) add(ctx, `config.set:${impact.path}:${f.subject}`, 'Before deploy', 'ops', 10, L(`Set ${s} in every environment's copy of ${p}`, `在每个环境的 ${p} 中设置 ${s}`));
      else add(ctx, `config.check:${impact.path}:${f.subject}`, 'Before deploy', 'ops', 10, L(`Check that the value of the new key ${s} in ${p} suits every environment, or override it there`, `检查 ${p} 中新键 ${s} 的取值是否适合每个环境，否则在该环境中覆盖它`));
      return;
    case 'config-key-removed':
      add(ctx, `config.remove:${impact.path}:${f.subject}`, 'After deploy', 'ops', 50, L(`Remove ${s} from the deployed overrides of ${p} once the new version runs everywhere`, `新版本全部上线后，从已部署的 ${p} 覆盖配置中删除 ${s}`));
      return;
    case 'config-value-changed':
      add(ctx, `config.value:${impact.path}:${f.subject}`, 'Verify', 'ops', 30, L(`Check the new value of ${s} in ${p} suits every environment`, `检查 ${p} 中 ${s} 的新值是否适合每个环境`));
      return;
    case 'destructive-sql':
      return destructiveActions(ctx, f, mig);
    case 'locking-migration': {
      const risk = riskParts(f);
      if (risk) {
        add(ctx, `lock:${impact.path}:${f.line ?? f.message}`, 'Before deploy', 'dba', 10, L(`${where} ${risk.en.what}: ${risk.en.lock}. Use the safe way (${risk.en.recipe}) or plan a low-traffic window`, `${where} ${risk.zh.what}：${risk.zh.lock}。请改用安全做法（${risk.zh.recipe}），或安排低流量时段`));
      } else {
        add(ctx, `lock:${impact.path}:${f.line ?? f.message}`, 'Before deploy', 'dba', 10, L(`Plan a low-traffic window or the non-locking variant for ${where}: ${msg().en}`, `为 ${where} 安排低流量时段或改用不锁表的写法：${msg()['zh-cn']}`));
      }
      return;
    }
    case 'data-migration':
      add(ctx, `data.watch:${impact.path}`, 'Deploy', 'implementation', 31, L(`Watch the data change of ${p} run to the end (time it on a production-sized copy first)`, `观察 ${p} 中的数据变更运行完毕（先在与生产规模相当的副本上计时）`));
      add(ctx, `data.verify:${impact.path}`, 'Verify', 'qa', 30, L(`Spot-check the rows changed by ${p}`, `抽查 ${p} 改动的数据行`));
      return;
    case 'post-deploy-migration':
      add(ctx, `postdeploy:${impact.path}`, 'After deploy', 'implementation', 45, L(`Run the post-deployment migration ${p} once every server runs the new version`, `所有服务器都运行新版本后，再执行部署后迁移 ${p}`));
      return;
    case 'irreversible-migration':
      add(ctx, `backup:${impact.path}`, 'Before deploy', 'dba', 10, L(`Back up the tables ${p} changes: it cannot be migrated back`, `备份 ${p} 会改动的表：该迁移无法回滚`));
      add(ctx, `restore.irreversible:${impact.path}`, 'Rollback', 'dba', 40, L(`${p} cannot be migrated back: restore the backup taken before it ran`, `${p} 无法回滚：恢复它运行前所做的备份`));
      return;
    case 'dependency-major-upgrade': {
      const v = /(\d+)[^\u2192]*\u2192\s*[\^~>=<v]*(\d+)/.exec(f.message);
      add(ctx, `dep.guide:${f.subject ?? impact.path}`, 'Before deploy', 'dev', 15, f.subject ? L(`Read the upgrade guide of ${s}${v ? ` ${v[1]} → ${v[2]}` : ''} and check the code that uses it`, `阅读 ${s}${v ? ` ${v[1]} → ${v[2]}` : ''} 的升级指南，并检查使用它的代码`) : L(`Read the upgrade guides of the major upgrades in ${p}`, `阅读 ${p} 中各项主版本升级的升级指南`));
      add(ctx, `dep.smoke:${f.subject ?? impact.path}`, 'Verify', 'qa', 30, L(`Smoke-test the features that use ${s}`, `冒烟测试使用 ${s} 的功能`));
      return;
    }
    case 'runtime-version-changed':
      add(ctx, `runtime:${impact.path}:${f.subject ?? ''}`, 'Before deploy', 'ops', 10, L(`Provide the new runtime on every host and build image: ${msg().en} (${p})`, `在每台主机和构建镜像上提供新的运行时：${msg()['zh-cn']}（${p}）`));
      add(ctx, `runtime.back:${impact.path}`, 'Rollback', 'ops', 35, L(`Redeploy on the previous runtime (${p})`, `在之前的运行时上重新部署（${p}）`));
      return;
    case 'image-changed': {
      const svc = serviceOf(f.message);
      const target = svc ? code(svc) : p;
      const compose = svc && /(^|\/)(docker-)?compose[\w.-]*\.ya?ml$/.test(impact.path) ? code(`docker compose pull ${svc} && docker compose up -d ${svc}`) : null;
      add(ctx, `image:${impact.path}:${svc ?? f.subject}`, 'Deploy', 'ops', 35, compose ? L(`Roll out the new image for ${target} (${msg().en}): ${compose}`, `为 ${target} 发布新镜像（${msg()['zh-cn']}）：${compose}`) : L(`Roll out the new image for ${target}: ${msg().en}`, `为 ${target} 发布新镜像：${msg()['zh-cn']}`));
      add(ctx, `image.back:${impact.path}:${svc ?? ''}`, 'Rollback', 'ops', 35, L(`Redeploy the previous image of ${target}`, `重新部署 ${target} 的上一个镜像`));
      return;
    }
    case 'port-changed':
      add(ctx, `port:${impact.path}:${f.subject ?? ''}`, 'Before deploy', 'ops', 10, L(`Update load balancers, firewalls and health checks for ${s} in ${p}: ${msg().en}`, `为 ${p} 中的 ${s} 更新负载均衡、防火墙和健康检查：${msg()['zh-cn']}`));
      return;
    case 'secret-suspected':
      add(ctx, `secret:${impact.path}`, 'Before deploy', 'ops', 5, L(`Move the credential at ${where} to the secret store and rotate it (it is in the git history now)`, `把 ${where} 处的凭据移到密钥存储中并轮换它（它已经进入 git 历史）`));
      return;
    case 'schema-breaking-change':
      add(ctx, `api.tell:${impact.path}`, 'Before deploy', 'dev', 15, L(`Tell the consumers of ${p} about its breaking changes before the deploy`, `部署前通知 ${p} 的使用方其中的破坏性变更`));
      add(ctx, `api.verify:${impact.path}`, 'Verify', 'qa', 30, L(`Check the main clients still work against ${p}`, `检查主要客户端在 ${p} 变更后仍能正常工作`));
      return;
    default:
      return;
  }
}

/** The parts of a risk-model message (`what: lock; safe: recipe`) in both languages, without nested parentheses. */
function riskParts(f: Finding): { en: { what: string; lock: string; recipe: string }; zh: { what: string; lock: string; recipe: string } } | null {
  const r = f as Finding & { lock?: string; recipe?: string };
  if (!r.lock || !r.recipe) return null;
  const cut = f.message.indexOf(`: ${r.lock}`);
  const what = cut > 0 ? f.message.slice(0, cut) : f.message;
  const zh = (s: string) => flat(localizeMessage(s, 'zh-cn'));
  return { en: { what: flat(what), lock: flat(r.lock), recipe: flat(r.recipe) }, zh: { what: zh(what), lock: zh(r.lock), recipe: zh(r.recipe) } };
}

/** Parentheses inside a fragment become commas, so that an item never nests them. */
function flat(s: string): string {
  return s.replace(/\s*[\uFF08(]([^()\uFF08\uFF09]*)[)\uFF09]/g, ', $1').replace(/`/g, "'");
}

/** The compose service or container a message names (`services.web.image: …`, `web: …`). */
function serviceOf(message: string): string | null {
  const m = /^(?:services\.)?([\w.-]+?)(?:\.image)?:\s/.exec(message);
  if (!m || /^(image|base)$/.test(m[1])) return null;
  return m[1].replace(/^spec\.template\.spec\.containers\[\d+\]/, '').replace(/\.image$/, '') || null;
}

/** A message without its leading `label: ` (the item names the subject already). */
function stripLabel(s: string): string {
  const m = /^`?[\w.[\]/-]+`?[:\uFF1A]\s*/.exec(s);
  return m && s.length > m[0].length ? s.slice(m[0].length) : s;
}

/** A message without an outer parenthesised tail, so items never nest parentheses. */
function stripOuter(s: string): string {
  return s.replace(/\s*[\uFF08(][^()\uFF08\uFF09]*[)\uFF09]\s*$/, '').trim();
}

function destructiveActions(ctx: Ctx, f: Finding, mig: MigrationInfo | undefined): void {
  const impact = ctx.impact;
  const obj = schemaObject(f);
  const o = obj ? code(obj) : code(impact.path);
  const label = code(mig?.label ?? impact.path);
  const startup = ctx.facts.startup;
  switch (hazardOf(f)) {
    case 'drop': {
      const thing = droppedThing(f);
      add(ctx, `backup:${obj}`, 'Before deploy', 'dba', 10, thing === 'table' ? L(`Back up the table ${o}: its data is gone once ${label} runs`, `备份表 ${o}：${label} 运行后其中的数据将不复存在`) : L(`Back up the data of ${o}: it is gone once ${label} runs`, `备份 ${o} 的数据：${label} 运行后这些数据将不复存在`));
      add(ctx, `noreads:${obj}`, 'Before deploy', 'dev', 15, L(`Check that no code of the new version reads ${o} (models, queries, serializers, reports)`, `确认新版本中没有代码再读取 ${o}（模型、查询、序列化器、报表）`));
      if (startup) {
        add(ctx, `drop.startup:${impact.path}`, 'Before deploy', 'dev', 16, L(`Migrations run by themselves here (${code(`${startup.path}:${startup.line}`)}): ${label} drops ${o} while servers of the previous release may still read it. Ship the code that stops reading it in an earlier release, then this migration`, `本项目会自动运行迁移（${code(`${startup.path}:${startup.line}`)}）：${label} 删除 ${o} 时，上一个版本的服务器可能仍在读取它。请先在更早的版本中发布不再读取它的代码，再发布此迁移`));
      } else {
        add(ctx, `code.first:${obj}`, 'Deploy', 'implementation', 20, L(`Deploy the code that no longer reads ${o} and wait until no server runs the previous release`, `部署不再读取 ${o} 的代码，并等到没有服务器还在运行上一个版本`));
        add(ctx, `contract:${impact.path}`, 'After deploy', 'implementation', 40, mig?.run ? L(`Then run ${label}: ${code(mig.run)}`, `然后运行 ${label}：${code(mig.run)}`) : L(`Then apply ${label} with the project's migration tool`, `然后用项目的迁移工具执行 ${label}`));
      }
      add(ctx, `restore:${obj}`, 'Rollback', 'dba', 39, L(`Restore the data of ${o} from the backup, once the migration back has recreated it`, `迁移回退重新创建 ${o} 之后，从备份中恢复其数据`));
      markContract(ctx, true);
      return;
    }
    case 'wipe':
      add(ctx, `backup:${obj}`, 'Before deploy', 'dba', 10, L(`Back up the rows of ${o}: ${label} deletes them`, `备份 ${o} 的数据行：${label} 会删除它们`));
      add(ctx, `restore:${obj}`, 'Rollback', 'dba', 39, L(`Restore the rows of ${o} from the backup`, `从备份中恢复 ${o} 的数据行`));
      markContract(ctx);
      return;
    case 'rename': {
      const to = /\bto\s+([\w.$"`-]+)/i.exec(f.message)?.[1]?.replace(/["`]/g, '');
      add(ctx, `rename:${obj}`, 'Before deploy', 'dev', 15, L(`Check what still reads ${o} by its old name: servers of the previous release fail once ${label} renames it${to ? ` to ${code(to)}` : ''}. Safer in two releases: add the new name, write both, switch reads, then drop the old one`, `检查还有哪些地方用旧名称读取 ${o}：${label} 将其改名${to ? `为 ${code(to)}` : ''}后，上一个版本的服务器会出错。更稳妥的做法分两个版本：先添加新名称并同时写入两者，切换读取后再删除旧名称`));
      return;
    }
    case 'retype':
      add(ctx, `retype:${obj}`, 'Before deploy', 'dba', 10, L(`Try the type change of ${o} on a production-sized copy: it may rewrite the table under lock and fail on values that do not convert`, `在与生产规模相当的副本上试运行 ${o} 的类型变更：它可能在锁表状态下重写整张表，遇到无法转换的值时会失败`));
      return;
    default:
      add(ctx, `destructive:${impact.path}:${f.line ?? ''}`, 'Before deploy', 'dba', 10, L(`Check that the running release copes with ${code(impact.path)}${f.line ? ` line ${f.line}` : ''}: ${stripOuter(f.message)}`, `确认运行中的版本能应对 ${code(impact.path)}${f.line ? ` 第 ${f.line} 行` : ''}：${stripOuter(translateFinding(f, 'zh-cn'))}`));
  }
}

/** Marks the impact's migration as contracting: it runs after the code, and is undone before the code. */
function markContract(ctx: Ctx, drop = false): void {
  ctx.out.push({ key: `__contract${drop ? ':drop' : ''}:${ctx.impact.id}`, phase: 'Rollback', role: '', step: -1, text: L('', ''), impacts: [ctx.impact.id] });
}

function migrationActions(ctx: Ctx, mig: MigrationInfo, earliest: Map<string, MigrationInfo>): void {
  const impact = ctx.impact;
  const markers = ctx.out.filter((a) => a.key.startsWith('__contract') && a.key.endsWith(`:${impact.id}`));
  const contract = markers.length > 0;
  const drops = markers.some((a) => a.key.startsWith('__contract:drop:'));
  for (const m of markers) ctx.out.splice(ctx.out.indexOf(m), 1);
  const irreversible = impact.findings.some((f) => f.kind === 'irreversible-migration');
  const postDeploy = impact.findings.some((f) => f.kind === 'post-deploy-migration');
  const label = code(mig.label);
  const startup = ctx.facts.startup;
  const alreadyRun = ctx.out.some((a) => a.key === `contract:${impact.path}`);

  if (!postDeploy && !alreadyRun) {
    if (startup) {
      const ev = code(`${startup.path}:${startup.line}`);
      const how = startup.how === 'release-phase' ? L('the release phase runs them before the new version takes traffic', '发布阶段会在新版本接收流量前运行迁移') : L('the application runs them when it starts', '应用启动时会自动运行迁移');
      add(ctx, `startup.migrate`, 'Deploy', 'implementation', 30, L(`Nothing to run by hand: ${how.en} (${ev}); watch the first instance's log for migration errors`, `无需手动运行：${how['zh-cn']}（${ev}）；留意第一个实例日志中的迁移错误`));
    } else if (mig.tool === 'django' || mig.tool === 'rails' || mig.tool === 'alembic' || mig.tool === 'diesel') {
      const run = mig.tool === 'django' ? mig.run!.replace(/ \S+$/, '') : mig.run!;
      add(ctx, `migrate:${mig.tool}:${mig.group ?? run}`, 'Deploy', 'implementation', 30, L(`Run ${code(run)} before starting the new version`, `在启动新版本之前运行 ${code(run)}`));
    } else if (mig.run) {
      add(ctx, `migrate:${mig.run}`, 'Deploy', 'implementation', 30, L(`Apply ${label} with ${code(mig.run)} before starting the new version`, `在启动新版本之前用 ${code(mig.run)} 执行 ${label}`));
    } else {
      add(ctx, `migrate:${impact.path}`, 'Deploy', 'implementation', 30, L(`Apply ${label} with the project's migration tool before starting the new version (check how this project applies migrations)`, `在启动新版本之前用项目的迁移工具执行 ${label}（请确认本项目如何执行迁移）`));
    }
  }
  if (mig.verify) add(ctx, `verify:${mig.tool}:${mig.group ?? mig.verify}:${mig.tool === 'rails' || mig.tool === 'django' ? mig.label : ''}`, 'Verify', 'implementation', 30, L(`${code(mig.verify)} shows ${label} as applied`, `${code(mig.verify)} 显示 ${label} 已执行`));
  if (irreversible) return;
  const step = postDeploy ? 45 : contract ? 40 : 30;
  const first = mig.group ? earliest.get(mig.group) : undefined;
  if (first && first !== mig) return; // the group's first migration carries the rollback of all of them
  const back = mig.back;
  if (back) {
    const recreates = drops ? L(' (recreates what it dropped, empty)', '（会重新创建被删除的结构，但其中没有数据）') : L('', '');
    add(ctx, `back:${back}`, 'Rollback', 'implementation', step, L(`Migrate back: ${code(back)}${recreates.en}`, `迁移回退：${code(back)}${recreates['zh-cn']}`));
  } else {
    add(ctx, `back:${impact.path}`, 'Rollback', 'implementation', step, L(`Migrate ${label} back with the project's migration tool (check that it has a down step first)`, `用项目的迁移工具回退 ${label}（先确认它有回退步骤）`));
  }
  add(ctx, 'release.redeploy', 'Rollback', 'implementation', 35, L('Redeploy the previous release', '重新部署上一个版本'));
}

function categoryActions(ctx: Ctx): void {
  const p = code(ctx.impact.path);
  const byCat: Record<string, [RolloutPhase, string, Localized][]> = {
    migration: [],
    config: [['Deploy', 'ops', L(`Roll out the configuration change in ${p}`, `发布 ${p} 中的配置变更`)]],
    env: [['Before deploy', 'ops', L(`Update the environment variables changed in ${p}`, `更新 ${p} 中改动的环境变量`)]],
    infrastructure: [
      ['Deploy', 'ops', L(`Apply ${p}`, `应用 ${p}`)],
      ['Rollback', 'ops', L(`Re-apply the previous version of ${p}`, `重新应用 ${p} 的上一个版本`)],
    ],
    dependency: [['Deploy', 'ops', L(`Install the updated dependencies of ${p} on every host`, `在每台主机上安装 ${p} 中更新的依赖`)]],
    ci: [['Verify', 'dev', L(`Check the pipeline still builds and deploys after the change to ${p}`, `确认 ${p} 改动后流水线仍能构建和部署`)]],
    api: [['Before deploy', 'dev', L(`Tell the API's consumers about the change to ${p}`, `把 ${p} 的改动告知 API 的使用方`)]],
    'feature-flag': [['Deploy', 'implementation', L(`Set the flags changed in ${p} in every environment`, `在每个环境中设置 ${p} 中改动的功能开关`)]],
    custom: [['Deploy', 'implementation', L(`Handle ${p} at deploy time`, `部署时处理 ${p}`)]],
  };
  for (const [phase, role, text] of byCat[ctx.impact.category] ?? []) add(ctx, `cat:${ctx.impact.path}:${phase}`, phase, role, phase === 'Rollback' ? 35 : 30, text);
}
