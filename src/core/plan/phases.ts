import type { Locale } from '../l10n/locale';
import { ROLLOUT_PHASES, type RolloutPhase } from '../types';

/** The headings of the rollout phases in each locale (a note's `##` headings). */
export const PHASE_HEADINGS: Record<Locale, Record<RolloutPhase, string>> = {
  en: { 'Before deploy': 'Before deploy', Deploy: 'Deploy', 'After deploy': 'After deploy', Verify: 'Verify', Rollback: 'Rollback' },
  'zh-cn': { 'Before deploy': '部署前', Deploy: '部署', 'After deploy': '部署后', Verify: '验证', Rollback: '回滚' },
};

/** Other headings people write for the phases (either language), lower-cased. */
const ALIASES: Record<string, RolloutPhase> = {
  'pre-deploy': 'Before deploy',
  'pre deploy': 'Before deploy',
  'before deployment': 'Before deploy',
  'before release': 'Before deploy',
  deployment: 'Deploy',
  'during deploy': 'Deploy',
  'post-deploy': 'After deploy',
  'post deploy': 'After deploy',
  'after deployment': 'After deploy',
  verification: 'Verify',
  'verify deployment': 'Verify',
  'roll back': 'Rollback',
  'rollback plan': 'Rollback',
  部署之前: 'Before deploy',
  发布前: 'Before deploy',
  部署中: 'Deploy',
  发布: 'Deploy',
  部署之后: 'After deploy',
  发布后: 'After deploy',
  验证部署: 'Verify',
  检查: 'Verify',
  回退: 'Rollback',
};

/** The rollout phase a section heading names, in either language; null for other headings. */
export function phaseOfHeading(title: string | null | undefined): RolloutPhase | null {
  if (!title) return null;
  const t = title.trim().replace(/[:\uFF1A]$/, '').trim().toLowerCase();
  for (const p of ROLLOUT_PHASES) {
    if (p.toLowerCase() === t || PHASE_HEADINGS['zh-cn'][p] === t) return p;
  }
  return ALIASES[t] ?? null;
}

export function phaseHeading(phase: RolloutPhase, locale: Locale): string {
  return PHASE_HEADINGS[locale][phase];
}

/** Display names of the usual roles (the `@role` itself stays as written). */
const ROLE_NAMES: Record<Locale, Record<string, string>> = {
  en: { dev: 'Developers', ops: 'Operations', dba: 'Database', implementation: 'Implementation', qa: 'QA', sec: 'Security' },
  'zh-cn': { dev: '开发', ops: '运维', dba: '数据库管理员', implementation: '实施', qa: '测试', sec: '安全' },
};

export function roleName(role: string | null, locale: Locale): string {
  if (!role) return locale === 'zh-cn' ? '未指定角色' : 'Unassigned';
  return ROLE_NAMES[locale][role] ?? `@${role}`;
}
