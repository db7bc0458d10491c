import type { Report } from '../types';

/** `--fail-on`: when a check fails (exit 1), for the CLI and the CI integrations alike. */
export const FAIL_ON = ['none', 'uncovered', 'critical'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Whether the `--fail-on` condition holds: `critical` is the subset of `uncovered` whose impact is critical. */
export function failed(report: Report, failOn: FailOn): boolean {
  const uncovered = report.impacts.filter((i) => i.requiresNote && i.coveredBy.length === 0);
  if (failOn === 'uncovered') return uncovered.length > 0;
  if (failOn === 'critical') return uncovered.some((i) => i.severity === 'critical');
  return false;
}
