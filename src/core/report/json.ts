import type { Finding, Impact, NoteSummary, Report } from '../types';
import { safeJson } from './escape';

/**
 * `--format json`: the contract of DESIGN.md, schemaVersion 1. Every object is built
 * field by field, so an internal field added to the engine's types (such as an impact's
 * checklist templates) never leaks into the contract, and the field order is fixed.
 * Fields beyond the contract: `findings[].severity` and `findings[].subject` (the env var,
 * key or package a finding is about), `impacts[].skipped` (notes that mark the impact
 * `skip:` and why), `notes[].risk`, and `warnings`.
 */
export function renderJson(report: Report): string {
  return safeJson(toContract(report)) + '\n';
}

export function toContract(report: Report): Record<string, unknown> {
  const r = report.range;
  const s = report.summary;
  return {
    schemaVersion: 1,
    tool: { name: report.tool.name, version: report.tool.version },
    range: { base: r.base, baseSha: r.baseSha, mergeBase: r.mergeBase, head: r.head, headSha: r.headSha },
    impacts: report.impacts.map(publicImpact),
    envVars: { added: sortedUnique(report.envVars.added), removed: sortedUnique(report.envVars.removed) },
    notes: report.notes.map(publicNote),
    summary: { changes: s.changes, impacts: s.impacts, requiringNotes: s.requiringNotes, uncovered: s.uncovered, byCategory: { ...s.byCategory } },
    warnings: [...(report.warnings ?? [])],
  };
}

export type PublicImpact = Omit<Impact, 'checklist' | 'findings'> & { findings: PublicFinding[] };
export interface PublicFinding {
  kind: Finding['kind'];
  message: string;
  line: number | null;
  severity?: Finding['severity'];
  subject?: string;
  hazard?: string;
  lock?: string;
  recipe?: string;
  references?: string[];
}

export function publicImpact(i: Impact): PublicImpact {
  return {
    id: i.id,
    path: i.path,
    oldPath: i.oldPath ?? null,
    status: i.status,
    category: i.category,
    rule: i.rule,
    severity: i.severity,
    requiresNote: i.requiresNote,
    title: i.title,
    findings: i.findings.map((f) => ({
      kind: f.kind,
      message: f.message,
      line: f.line ?? null,
      ...(f.severity ? { severity: f.severity } : {}),
      ...(f.subject !== undefined ? { subject: f.subject } : {}),
      ...(f.hazard ? { hazard: f.hazard } : {}),
      ...(f.lock ? { lock: f.lock } : {}),
      ...(f.recipe ? { recipe: f.recipe } : {}),
      ...(f.references?.length ? { references: [...f.references] } : {}),
    })),
    coveredBy: [...i.coveredBy],
    ...(i.skipped?.length ? { skipped: i.skipped.map((k) => ({ note: k.note, reason: k.reason })) } : {}),
  };
}

function publicNote(n: NoteSummary): NoteSummary {
  return {
    path: n.path,
    title: n.title,
    covers: [...n.covers],
    ...(n.risk ? { risk: n.risk } : {}),
    items: n.items.map((it) => ({ text: it.text, done: it.done, section: it.section, role: it.role, line: it.line })),
  };
}

function sortedUnique(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}
