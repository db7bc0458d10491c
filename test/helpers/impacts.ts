import assert from 'node:assert/strict';
import type { Impact } from '../../src/core/types';
import type { Report } from './envFindings';

/** The impacts of `rule` in `report`. */
export function impactsOf(report: Report, rule: string): Impact[] {
  return report.impacts.filter((i) => i.rule === rule);
}

/** Each path with an impact of `rule`, mapped to its findings' subjects, sorted. */
export function subjectsByPath(report: Report, rule: string): Record<string, string[]> {
  return Object.fromEntries(impactsOf(report, rule).map((i) => [i.path, i.findings.map((f) => f.subject ?? '').sort()]));
}

/** Every impact of `rule` is a config action that needs a note; returns them. */
export function assertConfigNotes(report: Report, rule: string): Impact[] {
  const impacts = impactsOf(report, rule);
  for (const i of impacts) {
    assert.equal(i.category, 'config', i.path);
    assert.equal(i.requiresNote, true, i.path);
  }
  return impacts;
}
