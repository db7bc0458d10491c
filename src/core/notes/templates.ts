import type { Locale } from '../l10n/locale';
import { pick } from '../l10n/locale';
import { planActions, type PlanOptions, type TemplateOverrides } from '../plan/planner';
import type { ChecklistTemplate, Impact } from '../types';

export type { TemplateOverrides };

/**
 * The checklist steps of one impact, as the planner orders them (see src/core/plan/).
 * Config `templates` replace the built-in steps of a finding kind, or of a category
 * (used when nothing else applies). Kept for callers that want plain steps.
 */
export function stepsForImpact(impact: Impact, overrides: TemplateOverrides = {}, locale: Locale = 'en', opts: Omit<PlanOptions, 'templates'> = {}): ChecklistTemplate[] {
  return planActions([impact], { ...opts, templates: overrides }).map((a) => ({ phase: a.phase, text: pick(a.text, locale), role: a.role }));
}
