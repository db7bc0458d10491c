import { localizeMessage } from '../l10n/catalog';
import type { Locale } from '../l10n/locale';
import { parseCoverEntry, type Note } from '../notes/parse';
import { hazardOf, droppedThing } from '../plan/migrations';
import { phaseHeading, phaseOfHeading, roleName } from '../plan/phases';
import { CATEGORY_EN } from '../l10n/categories';
import { messages } from '../report/messages';
import { CATEGORIES, ROLLOUT_PHASES, type Category, type Impact, type NoteItem, type NoteSummary, type RangeInfo, type Report, type RolloutPhase } from '../types';
import { changelogWords } from './words';

export type ChangelogFormat = 'markdown' | 'json' | 'html';
export const CHANGELOG_FORMATS: readonly ChangelogFormat[] = ['markdown', 'json', 'html'];

export interface ChangelogOptions {
  /** Heading of the document; default `Deployment notes: <base> → <head>`. */
  title?: string;
  /** When the change log was made (default: now); shown, and in JSON as `generatedAt`. */
  generatedAt?: Date;
  /** The language of everything the change log says (default English); notes' own text stays as written. */
  locale?: Locale;
  /** List impacts that need no note one by one too (default: folded into one counted line). */
  includeInfo?: boolean;
}

/** One checklist item in the runbook, with the note it comes from. */
export interface RunbookItem extends NoteItem {
  note: string;
  noteTitle: string;
}

/** The items of one role within a phase. */
export interface RunbookRole {
  role: string | null;
  label: string;
  items: RunbookItem[];
}

/** One phase of the runbook: every note's items of that phase (null: items under other headings). */
export interface RunbookPhase {
  phase: RolloutPhase | null;
  label: string;
  roles: RunbookRole[];
}

/** What the range asks of a deployment, counted (the summary line). */
export interface ChangelogHeadline {
  migrations: number;
  droppedColumns: number;
  droppedTables: number;
  requiredEnv: string[];
  optionalSettings: string[];
  removedEnv: string[];
  breakingApi: number;
  uncovered: number;
  /** The sentence, in the change log's locale. */
  text: string;
}

export interface ChangelogCover {
  raw: string;
  kind: 'path' | 'env' | 'skip' | 'invalid';
  /** What a skip skips: its glob, or `env:NAME`. */
  target?: string;
  reason?: string;
}

export interface ChangelogSection {
  /** Null for items before the first heading. */
  title: string | null;
  items: NoteItem[];
}

export interface ChangelogNote {
  path: string;
  title: string;
  risk?: string;
  covers: ChangelogCover[];
  sections: ChangelogSection[];
  /** Impact ids this note covers. */
  covering: string[];
}

export interface ChangelogSkip {
  impact: string;
  path: string;
  note: string;
  reason: string;
}

/** Everything a change log shows, computed once for every format. */
export interface ChangelogModel {
  title: string;
  range: RangeInfo;
  generatedAt: string;
  notes: ChangelogNote[];
  byCategory: { category: Category; label: string; impacts: Impact[] }[];
  /** Impacts that need a note and have none. */
  uncovered: Impact[];
  skips: ChangelogSkip[];
  envVars: { added: string[]; removed: string[] };
  summary: Report['summary'] & { notes: number; items: number; itemsDone: number };
  warnings: string[];
  locale: Locale;
  headline: ChangelogHeadline;
  /** Every note's items merged by phase, then by role. */
  runbook: RunbookPhase[];
  /** Impacts that need no note, left out of `byCategory` unless `includeInfo`. */
  folded: { count: number; byCategory: { category: Category; label: string; count: number }[] };
}

/** Category headings of the change log: the same words as the check report's. */
export const CATEGORY_LABELS: Record<Category, string> = CATEGORY_EN;

/** Builds the model; `notes` may be parsed notes or the report's note summaries. */
export function buildChangelog(report: Report, notes: readonly (Note | NoteSummary)[], opts: ChangelogOptions = {}): ChangelogModel {
  const source = notes.length ? notes : report.notes;
  const modelNotes: ChangelogNote[] = [...source]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((n) => ({
      path: n.path,
      title: n.title,
      ...(n.risk ? { risk: n.risk } : {}),
      covers: n.covers.map((c): ChangelogCover => {
        const parsed = typeof c === 'string' ? parseCoverEntry(c) : c;
        const raw = typeof c === 'string' ? c : c.raw;
        if ('problem' in parsed) return { raw, kind: 'invalid' };
        if (parsed.kind !== 'skip') return { raw, kind: parsed.kind };
        return { raw, kind: 'skip', target: parsed.pattern ?? `env:${parsed.name}`, reason: parsed.reason ?? '' };
      }),
      sections: groupSections(n.items),
      covering: report.impacts.filter((i) => i.coveredBy.includes(n.path)).map((i) => i.id),
    }));

  const locale = opts.locale ?? 'en';
  const m = messages(locale);
  const label = (c: Category) => (locale === 'en' ? CATEGORY_LABELS[c] : m.category(c));
  const info = report.impacts.filter((i) => impactState(i) === 'info');
  const listed = opts.includeInfo ? report.impacts : report.impacts.filter((i) => impactState(i) !== 'info');
  const byCategory = CATEGORIES.map((category) => ({ category, label: label(category), impacts: listed.filter((i) => i.category === category) })).filter((g) => g.impacts.length);
  const folded = {
    count: opts.includeInfo ? 0 : info.length,
    byCategory: opts.includeInfo ? [] : CATEGORIES.map((category) => ({ category, label: label(category), count: info.filter((i) => i.category === category).length })).filter((g) => g.count),
  };
  const skips: ChangelogSkip[] = [];
  for (const i of report.impacts) for (const s of i.skipped ?? []) skips.push({ impact: i.id, path: i.path, note: s.note, reason: s.reason });
  const items = modelNotes.flatMap((n) => n.sections.flatMap((s) => s.items));
  const r = report.range;
  const words = changelogWords(locale);
  const uncovered = report.impacts.filter((i) => i.requiresNote && i.coveredBy.length === 0);
  return {
    locale,
    headline: headlineOf(report, uncovered.length, locale),
    runbook: runbookOf(modelNotes, locale),
    folded,
    title: opts.title ?? words.defaultTitle(r.base, r.head === 'WORKTREE' ? m.worktree : r.head),
    range: r,
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    notes: modelNotes,
    byCategory,
    uncovered,
    skips,
    envVars: report.envVars,
    summary: { ...report.summary, notes: modelNotes.length, items: items.length, itemsDone: items.filter((i) => i.done).length },
    warnings: (report.warnings ?? []).map((w) => localizeMessage(w, locale)),
  };
}

/** Items grouped by section, in file order (a section that appears twice is merged). */
function groupSections(items: NoteItem[]): ChangelogSection[] {
  const out: ChangelogSection[] = [];
  for (const item of items) {
    let s = out.find((x) => x.title === item.section);
    if (!s) out.push((s = { title: item.section, items: [] }));
    s.items.push(item);
  }
  return out;
}

/** The state of an impact as the change log names it. */
export function impactState(i: Impact): 'uncovered' | 'skipped' | 'covered' | 'info' {
  if (i.skipped?.length && i.coveredBy.length === new Set(i.skipped.map((s) => s.note)).size) return 'skipped';
  if (i.coveredBy.length) return 'covered';
  return i.requiresNote ? 'uncovered' : 'info';
}

/** Roles in the order the runbook lists them within a phase; others follow alphabetically, unassigned last. */
const ROLE_ORDER = ['dba', 'ops', 'implementation', 'dev', 'qa', 'sec'];

function roleRank(role: string | null): number {
  if (role === null) return Number.MAX_SAFE_INTEGER;
  const k = ROLE_ORDER.indexOf(role);
  return k >= 0 ? k : ROLE_ORDER.length;
}

/** Every note's items merged by phase (headings in either language), then by role; other headings under "Other steps" before Rollback. */
function runbookOf(notes: ChangelogNote[], locale: Locale): RunbookPhase[] {
  const words = changelogWords(locale);
  const order: (RolloutPhase | null)[] = [...ROLLOUT_PHASES.slice(0, 4), null, 'Rollback'];
  const phases = new Map<RolloutPhase | null, Map<string | null, RunbookItem[]>>(order.map((p) => [p, new Map()]));
  for (const n of notes) {
    for (const sec of n.sections) {
      const phase = phaseOfHeading(sec.title);
      const byRole = phases.get(phase)!;
      for (const it of sec.items) {
        const list = byRole.get(it.role) ?? [];
        if (!byRole.has(it.role)) byRole.set(it.role, list);
        list.push({ ...it, note: n.path, noteTitle: n.title });
      }
    }
  }
  const out: RunbookPhase[] = [];
  for (const phase of order) {
    const byRole = phases.get(phase)!;
    if (!byRole.size) continue;
    const roles = [...byRole.entries()]
      .sort((a, b) => roleRank(a[0]) - roleRank(b[0]) || String(a[0]).localeCompare(String(b[0])))
      .map(([role, items]) => ({ role, label: roleName(role, locale), items }));
    out.push({ phase, label: phase ? phaseHeading(phase, locale) : words.otherSteps, roles });
  }
  return out;
}

/** How many columns a drop finding names: `drops columns a and b` is two, `drops columns of t (a, b, c)` three. */
function droppedCount(message: string): number {
  const list = /\(([^()]*)\)\s*$/.exec(message);
  if (/^drops columns of /.test(message) && list) return list[1].split(',').filter((x) => x.trim()).length;
  if (/^drops columns /.test(message)) return message.split(' and ').length;
  return 1;
}

/** The counts of the summary line, and the line itself. */
function headlineOf(report: Report, uncovered: number, locale: Locale): ChangelogHeadline {
  let droppedColumns = 0;
  let droppedTables = 0;
  let breakingApi = 0;
  const reads = new Map<string, boolean>();
  const declared = new Set<string>();
  const optionalKeys = new Set<string>();
  for (const i of report.impacts) {
    for (const f of i.findings) {
      if (f.kind === 'destructive-sql' && hazardOf(f) === 'drop') {
        if (droppedThing(f) === 'table') droppedTables++;
        else droppedColumns += droppedCount(f.message);
      } else if (f.kind === 'schema-breaking-change') breakingApi++;
      else if (f.kind === 'env-var-added' && f.subject) {
        const structured = f as typeof f & { optional?: boolean; required?: boolean };
        const optional = typeof structured.optional === 'boolean' ? structured.optional : typeof structured.required === 'boolean' ? !structured.required : /\(with a default\)/.test(f.message);
        if (/^reads\b/.test(f.message) || typeof structured.optional === 'boolean' || typeof structured.required === 'boolean') reads.set(f.subject, (reads.get(f.subject) ?? false) || !optional);
        else declared.add(f.subject);
      } else if (f.kind === 'config-key-added' && f.subject && f.severity === 'info') optionalKeys.add(`${i.path}:${f.subject}`);
    }
  }
  for (const d of declared) if (!reads.has(d)) reads.set(d, true);
  const requiredEnv = [...reads].filter(([, req]) => req).map(([n]) => n).sort();
  const optionalSettings = [...[...reads].filter(([, req]) => !req).map(([n]) => n), ...optionalKeys].sort();
  const migrations = report.impacts.filter((i) => i.category === 'migration').length;
  const w = changelogWords(locale).headline;
  const parts = [
    migrations ? w.migrations(migrations, droppedColumns, droppedTables) : '',
    requiredEnv.length ? w.required(requiredEnv.length) : '',
    optionalSettings.length ? w.optional(optionalSettings.length) : '',
    report.envVars.removed.length ? w.removedEnv(report.envVars.removed.length) : '',
    breakingApi ? w.breaking(breakingApi) : '',
    uncovered ? w.uncovered(uncovered) : '',
  ].filter(Boolean);
  return { migrations, droppedColumns, droppedTables, requiredEnv, optionalSettings, removedEnv: report.envVars.removed, breakingApi, uncovered, text: parts.length ? parts.join(locale === 'zh-cn' ? '；' : '; ') : w.nothing };
}
