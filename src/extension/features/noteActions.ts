import * as vscode from 'vscode';
import { addCovers, applyEdits, compileCover, minimalEdit, draftNote, gatherPlanFacts, isNotePath, NO_FACTS, NOTES_DIR, parseCoverEntry, parseNote, planItemsForNote, toggleItem, writeNewFileInside, type Impact, type PlanFacts, type Report, type TextEdit } from '../../core';
import type { RepositoryModel } from '../model/repositoryModel';
import { UserError } from '../errors';
import { displayLocale } from '../util/locale';

/** Turns the engine's offset edits into a WorkspaceEdit on the document's current text. */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return we;
}

/**
 * Applies edits to a note through a WorkspaceEdit (so unsaved changes around them stay and
 * Undo works), then saves only when the note had no unsaved changes before: the user's own
 * half-written edits are never saved behind their back.
 */
export async function applyNoteEdits(doc: vscode.TextDocument, edits: readonly TextEdit[]): Promise<boolean> {
  if (!edits.length) return true;
  const wasDirty = doc.isDirty;
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits));
  if (ok && !wasDirty) {
    // A save can lose a race with auto-save or another save of the same file (it resolves
    // false and the document stays dirty): try again a few times before giving up.
    for (let attempt = 0; attempt < 5 && !(await doc.save()) && doc.isDirty; attempt++) await new Promise((r) => setTimeout(r, 200));
  }
  return ok;
}

/** Repository-relative paths under `.handoff/notes/` that exist on disk (a draft must not collide). */
async function existingNotePaths(repo: RepositoryModel): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(repo.uriOf(NOTES_DIR));
    return entries.map(([name]) => `${NOTES_DIR}/${name}`);
  } catch {
    return [];
  }
}

export interface CreatedNote {
  uri: vscode.Uri;
  path: string;
  editor: vscode.TextEditor;
}

/**
 * Drafts a note with the engine (`note new` logic), writes it, opens it with the cursor on
 * the first checklist item. `covers` empty: every uncovered impact of the range.
 */
export async function createNote(repo: RepositoryModel, opts: { covers?: string[]; title?: string } = {}): Promise<CreatedNote> {
  await repo.idle();
  const report = repo.report;
  if (!report) throw repo.error ?? new Error(vscode.l10n.t('The analysis of {0} is not ready yet.', repo.name));
  const draft = draftNote(report, {
    title: opts.title,
    covers: opts.covers,
    existingPaths: await existingNotePaths(repo),
    templates: repo.config?.templates,
    locale: displayLocale(),
    facts: await planFacts(repo, report),
  });
  const uri = repo.uriOf(draft.path);
  // The engine picked a free name; writing still refuses to replace a file that appeared
  // meanwhile, and never goes through a linked `.handoff` or notes folder (issue 16).
  if (!(await writeNewFileInside(repo.root, draft.path, draft.content))) throw new UserError(vscode.l10n.t('{0} already exists.', draft.path));
  repo.scheduleUpdate([draft.path]);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const first = firstItemPosition(doc);
  if (first) {
    editor.selection = new vscode.Selection(first, first);
    editor.revealRange(new vscode.Range(first, first), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return { uri, path: draft.path, editor };
}

/** The position just after `- [ ] ` on the first open checklist item, where the user edits. */
function firstItemPosition(doc: vscode.TextDocument): vscode.Position | undefined {
  const parsed = parseNote(doc.uri.path, doc.getText());
  const item = parsed.note?.items.find((i) => !i.done) ?? parsed.note?.items[0];
  if (!item) return undefined;
  const line = doc.lineAt(item.line - 1).text;
  const m = /\[[ xX]\]\s*/.exec(line);
  return new vscode.Position(item.line - 1, m ? m.index + m[0].length : 0);
}

/** The `covers` entries that name an impact (its path). */
export function coverEntriesFor(impacts: readonly Impact[]): string[] {
  return [...new Set(impacts.map((i) => i.path))];
}


/** What the planner reads from the repository for a draft (never fails: without it, items say what to check). */
async function planFacts(repo: RepositoryModel, report: Report): Promise<PlanFacts> {
  return gatherPlanFacts(repo.git, report).catch(() => NO_FACTS);
}

/** The impacts of the report that `entries` (covers entries) match. */
function impactsMatching(report: Report, entries: readonly string[]): Impact[] {
  const matchers = entries
    .map((raw) => parseCoverEntry(raw))
    .filter((e) => !('problem' in e))
    .map((e) => compileCover({ ...(e as Exclude<ReturnType<typeof parseCoverEntry>, { problem: string }>), raw: '', line: 0, column: 0 }));
  return report.impacts.filter((i) => matchers.some((m) => m.matches(i)));
}

/**
 * Adds `covers` entries to an existing note and the actions of the impacts they cover
 * (once: entries and items already there are not written again), keeping everything else
 * byte for byte. One edit, so one Undo takes both back.
 */
export async function addToNote(repo: RepositoryModel, notePath: string, entries: string[]): Promise<vscode.TextDocument> {
  if (!isNotePath(notePath)) throw new UserError(vscode.l10n.t('{0} is not a deployment note.', notePath));
  const doc = await vscode.workspace.openTextDocument(repo.uriOf(notePath));
  const text = doc.getText();
  const covered = applyEdits(text, addCovers(text, entries));
  const report = repo.report;
  const impacts = report ? impactsMatching(report, entries) : [];
  const plan = impacts.length ? planItemsForNote(covered, impacts, displayLocale(), { templates: repo.config?.templates, facts: await planFacts(repo, report!) }) : { edits: [], added: 0 };
  const after = applyEdits(covered, plan.edits);
  const edits: TextEdit[] = after === text ? [] : [minimalEdit(text, after)];
  if (!(await applyNoteEdits(doc, edits))) throw new UserError(vscode.l10n.t('{0} could not be edited.', notePath));
  repo.scheduleUpdate([notePath]);
  return doc;
}

/** Where the checklist item the tree showed is in the note's current text. */
export interface ItemRef {
  /** 1-based line in the text the tree was built from. */
  line: number;
  text: string;
}

export type TickResult = 'changed' | 'unchanged' | 'not-checked-out' | 'not-found';

/**
 * Ticks or unticks one checklist item: exactly the character between its brackets changes,
 * written through a WorkspaceEdit. The item is found again in the document's current text
 * (it may have unsaved edits that moved it): first at its line, else by its text.
 */
export async function setItemDone(repo: RepositoryModel, notePath: string, item: ItemRef, done: boolean): Promise<TickResult> {
  if (repo.reviewing && !(await reviewedNoteIsCheckedOut(repo, notePath))) return 'not-checked-out';
  const uri = repo.uriOf(notePath);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    return 'not-found';
  }
  const text = doc.getText();
  const line = locateItem(notePath, text, item);
  if (line === undefined) return 'not-found';
  const edit = toggleItem(text, line, done);
  if (!edit) return 'unchanged';
  if (!(await applyNoteEdits(doc, [edit]))) throw new UserError(vscode.l10n.t('{0} could not be edited.', notePath));
  if (!repo.reviewing) repo.scheduleUpdate([notePath]);
  return 'changed';
}

function locateItem(notePath: string, text: string, item: ItemRef): number | undefined {
  const items = parseNote(notePath, text).note?.items ?? [];
  const same = (t: string) => t.trim() === item.text.trim();
  if (items.some((i) => i.line === item.line && same(i.text))) return item.line;
  const matches = items.filter((i) => same(i.text));
  if (matches.length === 0) return undefined;
  // Several items with the same text: the one nearest the old line.
  return matches.reduce((a, b) => (Math.abs(b.line - item.line) < Math.abs(a.line - item.line) ? b : a)).line;
}

/**
 * In review mode the checklist comes from the head commit; ticking writes the working
 * file, which is only right when the checked-out commit holds the same note as the head
 * under review (the head is checked out, or the note did not change between them).
 */
export async function reviewedNoteIsCheckedOut(repo: RepositoryModel, notePath: string): Promise<boolean> {
  const report = repo.report;
  if (!report) return false;
  try {
    const [atHead, checkedOut] = await Promise.all([
      repo.git.readFiles(report.range.headSha, [notePath], 5 * 1024 * 1024),
      repo.git.readFiles('HEAD', [notePath], 5 * 1024 * 1024),
    ]);
    const a = atHead.get(notePath);
    const b = checkedOut.get(notePath);
    return a != null && b != null && a === b;
  } catch {
    return false;
  }
}
