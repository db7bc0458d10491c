import type { Impact, Report, Severity } from '../types';
import { safeJson } from './escape';
import { byUrgency, ciRules, findingAbout, findingSeverity, Fingerprints, impactLine, impactState, INFORMATION_URI, UNCOVERED_RULE } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { critical: 'error', warning: 'warning', info: 'note' };

/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it. One run; one rule per
 * finding kind plus `uncovered-impact`; a result per impact that needs a note and has none
 * (level error) and per finding (level from its severity, `note` once a deployment note
 * covers it). Locations are repository-relative, URI-escaped; fingerprints hash what a
 * result is about, not its line, so they survive edits above it.
 */
export function renderSarif(report: Report): string {
  return safeJson(toSarif(report)) + '\n';
}

export function toSarif(report: Report): Record<string, unknown> {
  const rules = ciRules();
  const ruleIndex = new Map(rules.map((r, k) => [r.id, k]));
  const fp = new Fingerprints();
  const results: unknown[] = [];

  // Most urgent first: uncovered impacts, then the most severe.
  for (const i of [...report.impacts].sort(byUrgency)) {
    const state = impactState(i);
    if (state === 'uncovered') {
      const message =
        `${i.path}: ${i.title} needs a deployment note, and no note in this range covers it. ` +
        `Add one in .handoff/notes/ whose covers list names this file.` +
        (i.findings.length ? ` Found: ${[...new Set(i.findings.map((f) => `${f.message}${f.line ? ` (line ${f.line})` : ''}`))].join('; ')}.` : '');
      results.push(result(UNCOVERED_RULE, 'error', message, i, impactLine(i), fp.next(UNCOVERED_RULE, i.path, i.category)));
    }
    for (const f of i.findings) {
      const level: Level = state === 'covered' ? 'note' : LEVEL[findingSeverity(f, i)];
      const cov = state === 'covered' ? ` (covered by ${i.coveredBy.join(', ')})` : '';
      results.push(result(f.kind, level, `${f.message}${cov}`, i, f.line ?? impactLine(i), fp.next(f.kind, i.path, findingAbout(f))));
    }
  }

  function result(ruleId: string, level: Level, text: string, i: Impact, line: number, fingerprint: string) {
    return {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId) ?? 0,
      level,
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: sarifUri(i.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, Math.floor(line)) },
          },
        },
      ],
      partialFingerprints: { 'handoffFingerprint/v1': fingerprint },
      properties: { impactId: i.id, category: i.category, rule: i.rule, status: i.status, requiresNote: i.requiresNote, coveredBy: [...i.coveredBy] },
    };
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Handoff',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.short },
              fullDescription: { text: r.full },
              help: { text: `${r.full} ${r.help.replace(/`/g, '')}`, markdown: `${r.full}\n\n**What to do:** ${r.help}` },
              defaultConfiguration: { level: r.level },
              properties: { tags: ['deployment', 'handoff'] },
            })),
          },
        },
        // No automationDetails: the upload step's `category` names the analysis (an id here would override it).
        properties: { range: { ...report.range }, summary: { ...report.summary } },
        results,
      },
    ],
  };
}

/** A repository-relative path as a relative URI reference: each segment percent-encoded (spaces, CJK, `#`, `?`, `%`). */
export function sarifUri(path: string): string {
  return path.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}
