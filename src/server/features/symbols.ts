import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { NoteDoc } from './noteModel';

/** An outline of more items than this helps nobody and costs a large message: later items are left out (sections never are). */
export const MAX_ITEM_SYMBOLS = 5000;

/**
 * The outline of a note: its sections (rollout phases and any other heading), nested by
 * level, with their checklist items (`[x] text`, detail `@role`). One sweep in line
 * order, so a note of a hundred thousand items stays linear.
 */
export function noteSymbols(doc: NoteDoc): DocumentSymbol[] {
  const note = doc.parsed.note;
  if (!note) return [];
  const lastLine = doc.index.lines.length - 1;
  const lineEnd = (line: number) => doc.index.lineText(line + 1).length;
  const roots: DocumentSymbol[] = [];
  const open: { level: number; symbol: DocumentSymbol }[] = [];
  // A section runs to the line before the next heading of the same or a higher level.
  const close = (until: number) => {
    const s = open.pop()!.symbol;
    const end = Math.max(s.range.start.line, until);
    s.range.end = { line: end, character: lineEnd(end) };
  };

  const events = [...note.sections.map((s) => ({ line: s.line, section: s, item: null })), ...note.items.slice(0, MAX_ITEM_SYMBOLS).map((i) => ({ line: i.line, section: null, item: i }))].sort((a, b) => a.line - b.line);
  for (const e of events) {
    const line = e.line - 1;
    const parent = () => (open.length ? open[open.length - 1].symbol.children! : roots);
    if (e.section) {
      const s = e.section;
      while (open.length && open[open.length - 1].level >= s.level) close(line - 1);
      const titleStart = Math.max(0, doc.index.lineText(s.line).indexOf(s.title));
      const symbol: DocumentSymbol = {
        name: s.title || '#'.repeat(s.level),
        kind: SymbolKind.Namespace,
        range: { start: { line, character: 0 }, end: { line, character: lineEnd(line) } },
        selectionRange: { start: { line, character: titleStart }, end: { line, character: titleStart + s.title.length } },
        children: [],
      };
      parent().push(symbol);
      open.push({ level: s.level, symbol });
    } else if (e.item) {
      const range = { start: { line, character: 0 }, end: { line, character: lineEnd(line) } };
      parent().push({
        name: `${e.item.done ? '[x]' : '[ ]'} ${e.item.text || '…'}`,
        ...(e.item.role ? { detail: `@${e.item.role}` } : {}),
        kind: SymbolKind.Event,
        range,
        selectionRange: range,
      });
    }
  }
  while (open.length) close(lastLine);
  return roots;
}
