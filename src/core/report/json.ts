import type { Impact, Report } from '../types';

/** The JSON contract (schemaVersion 1): internal fields such as checklist templates are left out. */
export function renderJson(report: Report): string {
  return JSON.stringify({ ...report, impacts: report.impacts.map(publicImpact) }, null, 2) + '\n';
}

export function publicImpact(i: Impact): Omit<Impact, 'checklist'> {
  const { checklist: _checklist, ...rest } = i;
  return rest;
}
