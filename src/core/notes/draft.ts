import type { HandoffConfig } from '../config/types';
import type { Locale } from '../l10n/locale';
import { actionLine, planActions } from '../plan/planner';
import type { PlanFacts } from '../plan/facts';
import { phaseHeading } from '../plan/phases';
import { ROLLOUT_PHASES, type Impact, type Report, type RolloutPhase } from '../types';
import { compileCover } from './coverage';
import { yamlScalar } from './edit';
import { NOTES_DIR, parseCoverEntry, type CoverEntry } from './parse';
import { CATEGORY_ZH } from '../l10n/categories';

export interface DraftOptions {
  /** The note's title; derived from the impacts when absent. */
  title?: string;
  /** `covers` entries to write; default: the uncovered impacts that require a note. */
  covers?: string[];
  /** The date in the file name (default: today, local time). */
  date?: Date;
  /** Repository-relative paths that exist already; the draft's name never collides with one. */
  existingPaths: string[];
  /** Config `templates`: steps by finding kind (or category) that replace the built-in ones. */
  templates?: HandoffConfig['templates'];
  /** The language of the note's headings, items and title (default English). */
  locale?: Locale;
  /** What the repository tells the planner (migration files, start-up migrations): `gatherPlanFacts`. */
  facts?: PlanFacts;
}

export interface NoteDraft {
  /** Repository-relative path, e.g. `.handoff/notes/2026-11-24-billing-plan.md`. */
  path: string;
  content: string;
  /** The impacts the draft covers (and whose steps it holds). */
  impacts: Impact[];
}

/**
 * Drafts a deployment note for a report: a dated, slugged file name that collides with
 * no existing path (`-2`, `-3` … otherwise); `covers` listing the uncovered impacts that
 * need a note (`env:NAME` for code that only starts or stops reading env vars) or the
 * entries given; a checklist from the findings, the rules' steps and config templates,
 * in rollout phases (`## Before deploy`, `## Deploy`, `## After deploy`, `## Verify`,
 * `## Rollback`). Pure: the caller writes the file.
 */
export function draftNote(report: Report, opts: DraftOptions): NoteDraft {
  let impacts: Impact[];
  let covers: string[];
  if (opts.covers?.length) {
    covers = [...new Set(opts.covers.map((c) => c.trim()).filter(Boolean))];
    const matchers = covers.map((raw) => parseCoverEntry(raw)).filter((e): e is Omit<CoverEntry, 'raw' | 'line' | 'column'> => !('problem' in e)).map((e) => compileCover({ ...e, raw: '', line: 0, column: 0 }));
    impacts = report.impacts.filter((i) => matchers.some((m) => m.matches(i)));
  } else {
    impacts = report.impacts.filter((i) => i.requiresNote && i.coveredBy.length === 0);
    covers = [];
    for (const i of impacts) for (const c of coverFor(i)) if (!covers.includes(c)) covers.push(c);
  }

  const locale = opts.locale ?? 'en';
  const zh = locale === 'zh-cn';
  const byPhase = new Map<RolloutPhase, string[]>(ROLLOUT_PHASES.map((p) => [p, []]));
  for (const a of planActions(impacts, { templates: opts.templates ?? {}, facts: opts.facts })) {
    const list = byPhase.get(a.phase)!;
    const line = actionLine(a, locale);
    if (!list.includes(line)) list.push(line);
  }
  if (!byPhase.get('Verify')!.length) byPhase.get('Verify')!.push(zh ? '在生产环境冒烟测试本次发布 @qa' : 'Smoke-test the release in production @qa');
  if (!byPhase.get('Rollback')!.length) byPhase.get('Rollback')!.push(zh ? '重新部署上一个版本 @implementation' : 'Redeploy the previous release @implementation');

  const title = (opts.title?.trim() || deriveTitle(impacts, locale)).replace(/[\r\n]+/g, ' ');
  const risk = impacts.some((i) => i.severity === 'critical') ? 'high' : impacts.some((i) => i.severity === 'warning') ? 'medium' : 'low';
  const lines: string[] = ['---', `title: ${yamlScalar(title)}`];
  if (covers.length) {
    lines.push('covers:');
    for (const c of covers) lines.push(`  - ${yamlScalar(c)}`);
  } else lines.push('covers: []');
  lines.push(`risk: ${risk}  # low | medium | high`, '---');
  lines.push(zh ? '<!-- 按实际情况修改各步骤；`@角色` 保留在条目末尾。 -->' : '<!-- Edit the steps to fit; keep `@role` at the end of an item. -->');
  for (const phase of ROLLOUT_PHASES) {
    const items = byPhase.get(phase)!;
    if (!items.length) continue;
    lines.push('', `## ${phaseHeading(phase, locale)}`, ...items.map((t) => `- [ ] ${t}`));
  }
  const content = lines.join('\n') + '\n';
  return { path: uniquePath(`${NOTES_DIR}/${isoDate(opts.date ?? new Date())}-${slugify(opts.title?.trim() || deriveTitle(impacts, 'en'))}`, opts.existingPaths), content, impacts };
}

/** How a draft names an impact in `covers`: env vars for code that only changes env reads, else its path. */
export function coverFor(impact: Impact): string[] {
  const envOnly = impact.category === 'env' && impact.findings.length > 0 && impact.findings.every((f) => f.kind.startsWith('env-var-') && f.subject);
  if (envOnly) {
    const names = [...new Set(impact.findings.filter((f) => f.kind === 'env-var-added' || f.kind === 'env-var-removed').map((f) => f.subject!))];
    if (names.length) return names.map((n) => `env:${n}`);
  }
  return [impact.path];
}

function deriveTitle(impacts: Impact[], locale: Locale): string {
  const zh = locale === 'zh-cn';
  if (impacts.length === 1) {
    const i = impacts[0];
    const env = i.findings.filter((f) => f.kind === 'env-var-added' && f.subject).map((f) => f.subject!);
    if (i.category === 'env' && env.length) return zh ? `新的环境变量 ${[...new Set(env)].join('、')}` : `New environment variable${env.length > 1 ? 's' : ''} ${[...new Set(env)].join(', ')}`;
    const file = i.path.split('/').pop() ?? i.path;
    const stem = file.replace(/\.[^.]+$/, '').replace(/^[\dTZ_.-]+(?=[A-Za-z])/, '').replace(/[_-]+/g, ' ').trim();
    if (i.category === 'migration' && stem) return zh ? `数据库迁移 ${file}` : stem[0].toUpperCase() + stem.slice(1);
    return zh ? `${TITLE_WORDS_ZH[i.category]}变更：${file}` : `${i.title}: ${file}`;
  }
  if (!impacts.length) return zh ? '部署说明' : 'Deployment note';
  const cats = [...new Set(impacts.map((i) => i.category))];
  if (zh) return `${cats.map((c) => TITLE_WORDS_ZH[c]).join('、')}变更`;
  const names = cats.map((c) => TITLE_WORDS[c]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `${list[0].toUpperCase()}${list.slice(1)} changes`;
}

const TITLE_WORDS: Record<Impact['category'], string> = {
  migration: 'migration',
  config: 'configuration',
  env: 'environment variable',
  infrastructure: 'infrastructure',
  dependency: 'dependency',
  ci: 'CI',
  api: 'API',
  'feature-flag': 'feature flag',
  custom: 'other',
};

/** A title names the category as a heading does, but plainly: "API" rather than "API 定义". */
const TITLE_WORDS_ZH: Record<Impact['category'], string> = { ...CATEGORY_ZH, api: 'API', custom: '其他' };

/** A file-name slug: lowercase letters and digits (any script) joined by `-`, at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.length > 60 ? slug.slice(0, 60).replace(/-[^-]*$/, '') || slug.slice(0, 60) : slug;
  return cut || 'note';
}

function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function uniquePath(stem: string, existing: string[]): string {
  // Compared case-insensitively: macOS and Windows file systems would collide.
  const taken = new Set(existing.map((p) => p.toLowerCase()));
  let candidate = `${stem}.md`;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}.md`;
  return candidate;
}
