import { publicImpact } from '../report/json';
import { VERSION } from '../version';
import type { ChangelogModel } from './model';

/**
 * The change log as one JSON object (`kind: "handoff-changelog"`, `schemaVersion: 1`):
 * the summary counts (`headline`), every note's items merged by phase and role (`runbook`),
 * notes with their sections and items, impacts by category (as in `check --format
 * json`), uncovered impact ids, skips with reasons, env vars added and removed.
 */
export function renderJson(m: ChangelogModel): string {
  const doc = {
    schemaVersion: 1,
    kind: 'handoff-changelog',
    tool: { name: 'handoff', version: VERSION },
    title: m.title,
    generatedAt: m.generatedAt,
    range: m.range,
    locale: m.locale,
    headline: m.headline,
    summary: m.summary,
    runbook: m.runbook,
    notes: m.notes,
    impactsByCategory: Object.fromEntries(m.byCategory.map((g) => [g.category, g.impacts.map((i) => ({ ...publicImpact(i), ...(i.skipped?.length ? { skipped: i.skipped } : {}) }))])),
    uncovered: m.uncovered.map((i) => i.id),
    skips: m.skips,
    envVars: m.envVars,
    ...(m.warnings.length ? { warnings: m.warnings } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
