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

/** The impact `report` gives `path`, if any. */
export function impactAt(report: Report, path: string): Impact | undefined {
  return report.impacts.find((x) => x.path === path);
}

/** The impact `report` gives `path`; fails the test, naming the paths it has, when there is none. */
export function expectImpactAt(report: Report, path: string): Impact {
  const i = impactAt(report, path);
  assert.ok(i, `an impact for ${path} (got ${report.impacts.map((x) => x.path).join(', ')})`);
  return i;
}

/** A migration impact that needs a deployment note. */
export const isMigration = (i: Impact | undefined): boolean => i?.category === 'migration' && i.requiresNote === true;
