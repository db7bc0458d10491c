/** Change logs: the notes and impacts of a range, rendered as Markdown, JSON or HTML. */
import type { Note } from '../notes/parse';
import type { NoteSummary, Report } from '../types';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { buildChangelog, type ChangelogFormat, type ChangelogOptions } from './model';

export { buildChangelog, impactState, CHANGELOG_FORMATS, CATEGORY_LABELS, type ChangelogFormat, type ChangelogOptions, type ChangelogModel, type ChangelogNote, type ChangelogCover, type ChangelogSection, type ChangelogSkip, type ChangelogHeadline, type RunbookPhase, type RunbookRole, type RunbookItem } from './model';
export { changelogWords } from './words';

/**
 * Renders the change log of a report: the notes of the range with their checklists in
 * their sections (rollout phases), the impacts by category with their findings,
 * uncovered impacts marked, skips with their reasons, env vars added and removed.
 * `notes` are the parsed notes of the range (`AnalysisSession.rangeNotes()`); the
 * report's own note summaries are used when it is empty.
 */
export function renderChangelog(report: Report, notes: readonly (Note | NoteSummary)[], format: ChangelogFormat, opts: ChangelogOptions = {}): string {
  const model = buildChangelog(report, notes, opts);
  switch (format) {
    case 'markdown':
      return renderMarkdown(model);
    case 'json':
      return renderJson(model);
    case 'html':
      return renderHtml(model);
  }
}
