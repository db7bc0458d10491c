import { parseCoverEntry, type Note } from '../notes/parse';
import { CATEGORY_EN } from '../report/messages';
import { CATEGORIES, type Category, type Impact, type NoteItem, type NoteSummary, type RangeInfo, type Report } from '../types';

export type ChangelogFormat = 'markdown' | 'json' | 'html';
export const CHANGELOG_FORMATS: readonly ChangelogFormat[] = ['markdown', 'json', 'html'];

export interface ChangelogOptions {
  /** Heading of the document; default `Deployment notes: <base> → <head>`. */
  title?: string;
  /** When the change log was made (default: now); shown, and in JSON as `generatedAt`. */
  generatedAt?: Date;
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

  const byCategory = CATEGORIES.map((category) => ({ category, label: CATEGORY_LABELS[category], impacts: report.impacts.filter((i) => i.category === category) })).filter((g) => g.impacts.length);
  const skips: ChangelogSkip[] = [];
  for (const i of report.impacts) for (const s of i.skipped ?? []) skips.push({ impact: i.id, path: i.path, note: s.note, reason: s.reason });
  const items = modelNotes.flatMap((n) => n.sections.flatMap((s) => s.items));
  const r = report.range;
  return {
    title: opts.title ?? `Deployment notes: ${r.base} → ${r.head}`,
    range: r,
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    notes: modelNotes,
    byCategory,
    uncovered: report.impacts.filter((i) => i.requiresNote && i.coveredBy.length === 0),
    skips,
    envVars: report.envVars,
    summary: { ...report.summary, notes: modelNotes.length, items: items.length, itemsDone: items.filter((i) => i.done).length },
    warnings: report.warnings ?? [],
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
