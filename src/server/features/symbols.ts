import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { NoteDoc } from './noteModel';

/**
 * The outline of a note: its sections (rollout phases and any other heading), nested by
 * level, with their checklist items (`[x] text`, detail `@role`).
 */
export function noteSymbols(doc: NoteDoc): DocumentSymbol[] {
  const note = doc.parsed.note;
  if (!note) return [];
  const lastLine = doc.index.lines.length - 1;
  const lineRange = (line: number) => ({ start: { line, character: 0 }, end: { line, character: doc.index.lineText(line + 1).length } });
  const roots: DocumentSymbol[] = [];
  const stack: { level: number; symbol: DocumentSymbol }[] = [];
  const sections = [...note.sections].sort((a, b) => a.line - b.line);

  sections.forEach((s, i) => {
    const line = s.line - 1;
    // A section runs to the line before the next heading of the same or a higher level.
    const next = sections.slice(i + 1).find((x) => x.level <= s.level);
    const endLine = next ? next.line - 2 : lastLine;
    const text = doc.index.lineText(s.line);
    const titleStart = Math.max(0, text.indexOf(s.title));
    const symbol: DocumentSymbol = {
      name: s.title || '#'.repeat(s.level),
      kind: SymbolKind.Namespace,
      range: { start: { line, character: 0 }, end: { line: Math.max(line, endLine), character: doc.index.lineText(Math.max(line, endLine) + 1).length } },
      selectionRange: { start: { line, character: titleStart }, end: { line, character: titleStart + s.title.length } },
      children: [],
    };
    while (stack.length && stack[stack.length - 1].level >= s.level) stack.pop();
    (stack.length ? stack[stack.length - 1].symbol.children! : roots).push(symbol);
    stack.push({ level: s.level, symbol });
  });

  const owner = (line: number): DocumentSymbol[] => {
    let best: DocumentSymbol | null = null;
    const visit = (list: DocumentSymbol[]) => {
      for (const s of list) if (s.range.start.line < line && s.range.end.line >= line) {
        best = s;
        visit(s.children ?? []);
      }
    };
    visit(roots);
    return best ? (best as DocumentSymbol).children! : roots;
  };
  for (const item of note.items) {
    const line = item.line - 1;
    owner(line).push({
      name: `${item.done ? '[x]' : '[ ]'} ${item.text || '…'}`,
      ...(item.role ? { detail: `@${item.role}` } : {}),
      kind: SymbolKind.Event,
      range: lineRange(line),
      selectionRange: lineRange(line),
    });
  }
  const order = (list: DocumentSymbol[]) => {
    list.sort((a, b) => a.range.start.line - b.range.start.line);
    for (const s of list) if (s.children) order(s.children);
  };
  order(roots);
  return roots;
}
