import { applyEdits, appendItem, type TextEdit } from '../notes/edit';
import { parseNote } from '../notes/parse';
import type { Locale } from '../l10n/locale';
import type { Impact } from '../types';
import { phaseHeading, phaseOfHeading } from './phases';
import { actionLine, planActions, type PlanOptions } from './planner';

export interface NoteItemsPlan {
  /** The edits that add the missing items (empty: every action is there already). */
  edits: TextEdit[];
  /** How many items they add. */
  added: number;
}

/** Compares items by their text without `@role`, spacing, case or backticks. */
export function itemKey(text: string): string {
  return text.replace(/\s+@[\w-]+\s*$/, '').replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The checklist items the planner drafts for `impacts` that the note lacks, as
 * byte-preserving edits: each goes to the section of its phase (a heading in either
 * language; created in the note's language when missing), after the section's last line.
 * An item is already there when the note has it in English or in Chinese, ticked or not.
 * Running it again on its own result adds nothing.
 */
export function planItemsForNote(noteText: string, impacts: readonly Impact[], locale: Locale, opts: PlanOptions = {}): NoteItemsPlan {
  const parsed = parseNote('note.md', noteText);
  const existing = new Set((parsed.note?.items ?? []).map((i) => itemKey(i.text)));
  const headings = parsed.note?.sections ?? [];
  // Write in the note's own language when its headings tell it.
  const noteLocale: Locale = headings.some((h) => phaseOfHeading(h.title) && /[\u4e00-\u9fff]/.test(h.title)) ? 'zh-cn' : headings.some((h) => phaseOfHeading(h.title)) ? 'en' : locale;
  let text = noteText;
  let added = 0;
  for (const a of planActions(impacts, opts)) {
    if (existing.has(itemKey(a.text.en)) || existing.has(itemKey(a.text['zh-cn']))) continue;
    const present = headings.find((h) => phaseOfHeading(h.title) === a.phase);
    const section = present?.title ?? phaseHeading(a.phase, noteLocale);
    text = applyEdits(text, appendItem(text, section, actionLine(a, noteLocale)));
    existing.add(itemKey(a.text.en));
    existing.add(itemKey(a.text['zh-cn']));
    added++;
  }
  return { edits: added ? [minimalEdit(noteText, text)] : [], added };
}

/** One edit from `before` to `after`: their common prefix and suffix stay untouched. */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}
