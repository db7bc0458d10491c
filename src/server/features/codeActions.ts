import * as l10n from '@vscode/l10n';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { addCovers, applyEdits, coverFor, minimalEdit, planItemsForNote, type PlanFacts, type TextEdit } from '../../core';
import { serverLocale } from '../l10n';
import type { RepoSnapshot } from '../repositories';
import { frontMatterLines, noteCoverage, offsetToPos, type NoteDoc, type Span } from './noteModel';

/** A bare list item of the body: indent, marker, gap, text (not already `[ ]` / `[x]`). */
const BARE_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])([ \t]+)(?!\[[ xX]\](?:[ \t]|$))(\S.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Code actions of a note:
 * - add every uncovered impact of the range to `covers` (in the front matter, or on a `missing-covers` problem);
 * - add a checklist drafted from the findings of the impacts a `covers` entry matches;
 * - turn bare `- item` lines into `- [ ] item` task items.
 * Each edit changes only what it must; edits are computed on the text as it is in the editor.
 */
export function noteCodeActions(doc: NoteDoc, version: number, range: Span, diagnostics: readonly Diagnostic[], snap: RepoSnapshot | null, facts?: PlanFacts): CodeAction[] {
  const actions: CodeAction[] = [];
  const coverage = noteCoverage(doc, snap);
  const fm = frontMatterLines(doc);
  const inFrontMatter = fm !== null && range.start.line <= (fm.end ?? doc.index.lines.length);
  const missingCovers = diagnostics.find((d) => d.code === 'missing-covers');

  if (coverage.uncovered.length && (inFrontMatter || missingCovers || !fm)) {
    const entries = [...new Set(coverage.uncovered.flatMap(coverFor))];
    // Covering an impact also writes its actions (once): the warning goes away and someone is told what to do.
    const edits = safely(() => {
      const covered = applyEdits(doc.text, addCovers(doc.text, entries));
      const plan = planItemsForNote(covered, coverage.uncovered, serverLocale(), { templates: snap?.templates ?? {}, facts });
      return covered === doc.text && !plan.added ? [] : [minimalEdit(doc.text, applyEdits(covered, plan.edits))];
    });
    if (edits?.length) {
      actions.push({
        title: l10n.t('Add {0} uncovered impact(s) to covers', coverage.uncovered.length),
        kind: CodeActionKind.QuickFix,
        ...(missingCovers ? { diagnostics: [missingCovers], isPreferred: true } : {}),
        edit: workspaceEdit(doc, version, edits),
      });
    }
  }

  const entry = coverage.entries.find((e) => e.span.range.start.line >= range.start.line && e.span.range.start.line <= range.end.line && e.impacts.length);
  if (entry) {
    const plan = safely(() => planItemsForNote(doc.text, entry.impacts, serverLocale(), { templates: snap?.templates ?? {}, facts }));
    if (plan?.added) {
      actions.push({
        title: l10n.t('Add a checklist drafted from the findings of {0} ({1} item(s))', entry.span.entry.raw, plan.added),
        kind: CodeActionKind.QuickFix,
        edit: workspaceEdit(doc, version, plan.edits),
      });
    }
  }

  const bare = bareItems(doc, range);
  if (bare.length) {
    actions.push({
      title: bare.length === 1 ? l10n.t('Turn into a task item (- [ ])') : l10n.t('Turn {0} items into task items (- [ ])', bare.length),
      kind: CodeActionKind.QuickFix,
      edit: workspaceEdit(doc, version, bare.map((offset) => ({ start: offset, end: offset, newText: '[ ] ' }))),
    });
  }
  return actions;
}

/** Offsets where `[ ] ` goes, for the bare list items of the body inside `range` (fenced code skipped). */
function bareItems(doc: NoteDoc, range: Span): number[] {
  const fm = frontMatterLines(doc);
  if (fm && fm.end === null) return [];
  const bodyStart = fm ? fm.end! + 1 : 0;
  const out: number[] = [];
  let fence: string | null = null;
  for (let line = bodyStart; line <= Math.min(range.end.line, doc.index.lines.length - 1); line++) {
    const text = doc.index.lineText(line + 1);
    const f = FENCE.exec(text);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && text.trim() === f[1]) fence = null;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    if (line < range.start.line) continue;
    const m = BARE_ITEM.exec(text);
    if (m) out.push(doc.index.lines[line].start + m[1].length + m[2].length + m[3].length);
  }
  return out;
}

/** Core edits throw EngineError('bad-note') when the note cannot be edited safely: then there is no action. */
function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function workspaceEdit(doc: NoteDoc, version: number, edits: readonly TextEdit[]): CodeAction['edit'] {
  const lsp: LspTextEdit[] = edits.map((e) => ({ range: { start: offsetToPos(doc.index, e.start), end: offsetToPos(doc.index, e.end) }, newText: e.newText }));
  return { documentChanges: [{ textDocument: { uri: doc.uri, version }, edits: lsp }] };
}
