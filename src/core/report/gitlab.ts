import type { Report, Severity } from '../types';
import { safeJson } from './escape';
import { byUrgency, findingAbout, findingSeverity, Fingerprints, impactLine, impactState, UNCOVERED_RULE } from './common';

/** GitLab Code Quality severities. */
export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const FINDING_SEVERITY: Record<Severity, GitlabSeverity> = { info: 'info', warning: 'minor', critical: 'major' };

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number } };
  type: 'issue';
  categories: string[];
  engine_name: 'handoff';
}

/**
 * `--format gitlab`: a GitLab Code Quality report (a JSON array), shown in the merge
 * request widget. An issue per impact that needs a note and has none (`major`, `critical`
 * for a critical impact) and per finding (`minor`/`major` by severity, `info` once a note
 * covers it). Fingerprints are stable across runs, so GitLab can tell new issues from old.
 */
export function renderGitlab(report: Report): string {
  return safeJson(toGitlab(report)) + '\n';
}

export function toGitlab(report: Report): GitlabIssue[] {
  const fp = new Fingerprints();
  const issues: GitlabIssue[] = [];
  const issue = (check: string, severity: GitlabSeverity, description: string, path: string, line: number, fingerprint: string): GitlabIssue => ({
    description,
    check_name: check,
    fingerprint,
    severity,
    location: { path, lines: { begin: Math.max(1, Math.floor(line)) } },
    type: 'issue',
    categories: ['Deployment'],
    engine_name: 'handoff',
  });
  // Most urgent first: uncovered impacts, then the most severe.
  for (const i of [...report.impacts].sort(byUrgency)) {
    const state = impactState(i);
    if (state === 'uncovered') {
      issues.push(
        issue(
          UNCOVERED_RULE,
          i.severity === 'critical' ? 'critical' : 'major',
          `Deployment note needed: ${i.title} (${i.path}). Add a note in .handoff/notes/ whose covers list names this file.`,
          i.path,
          impactLine(i),
          fp.next(UNCOVERED_RULE, i.path, i.category),
        ),
      );
    }
    for (const f of i.findings) {
      const cov = state === 'covered' ? ` (covered by ${i.coveredBy.join(', ')})` : '';
      const severity = state === 'covered' ? 'info' : FINDING_SEVERITY[findingSeverity(f, i)];
      issues.push(issue(f.kind, severity, `${f.kind}: ${f.message}${cov}`, i.path, f.line ?? impactLine(i), fp.next(f.kind, i.path, findingAbout(f))));
    }
  }
  return issues;
}
