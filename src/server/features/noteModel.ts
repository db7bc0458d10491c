import { compileCover, isNotePath, LineIndex, locateFrontMatter, parseNote, type CoverEntry, type Impact, type Note, type ParsedNote } from '../../core';
import type { RepoSnapshot } from '../repositories';

/** A 0-based LSP position and range (UTF-16 characters), without depending on the protocol package. */
export interface Pos {
  line: number;
  character: number;
}
export interface Span {
  start: Pos;
  end: Pos;
}

/** One open note document, parsed once per version. */
export interface NoteDoc {
  uri: string;
  /** Repository-relative path (`.handoff/notes/x.md`), or the file name outside a repository. */
  path: string;
  text: string;
  index: LineIndex;
  parsed: ParsedNote;
  /** False for `.handoff/notes/README.md` and files outside a notes folder: no note diagnostics. */
  isNote: boolean;
}

export function makeNoteDoc(uri: string, path: string, text: string, roles?: readonly string[]): NoteDoc {
  return { uri, path, text, index: new LineIndex(text), parsed: parseNote(path, text, roles && roles.length ? { roles } : {}), isNote: isNotePath(path) };
}

/** 1-based core line/column → 0-based LSP position. */
export function pos(line: number, column: number): Pos {
  return { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}

export function offsetToPos(index: LineIndex, offset: number): Pos {
  // Past the final line ending is the start of one more (empty) line, which LineIndex does not list.
  const last = index.lines[index.lines.length - 1];
  if (last.eol && offset >= last.end + last.eol.length) return { line: index.lines.length, character: offset - last.end - last.eol.length };
  const p = index.positionAt(offset);
  return pos(p.line, p.column);
}

/** The text of 0-based `line`. */
export function lineAt(doc: NoteDoc, line: number): string {
  return doc.index.lineText(line + 1);
}

/** A `covers` entry and where it is written. */
export interface CoverSpan {
  entry: CoverEntry;
  /** The whole scalar, quotes included. */
  range: Span;
  /** The value without its quotes. */
  valueRange: Span;
}

/**
 * Locates the text of each usable `covers` entry: the parser gives where the value
 * starts; it ends at its closing quote, or (plain) before a ` #` comment, a flow `,`/`]`
 * or the end of the line.
 */
export function coverSpans(doc: NoteDoc): CoverSpan[] {
  const note = doc.parsed.note;
  if (!note) return [];
  return note.covers.map((entry) => {
    const text = doc.index.lineText(entry.line);
    const start = entry.column - 1;
    const q = text[start];
    let end: number;
    let valueStart = start;
    let valueEnd: number;
    if (q === '"' || q === "'") {
      let i = start + 1;
      while (i < text.length) {
        if (q === '"' && text[i] === '\\') i += 2;
        else if (q === "'" && text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === q) break;
        else i++;
      }
      end = Math.min(i + 1, text.length);
      valueStart = start + 1;
      valueEnd = Math.min(i, text.length);
    } else {
      const inFlow = /[[,]\s*$/.test(text.slice(0, start));
      const rest = text.slice(start);
      const stop = inFlow ? /\s+#|\s*[,\]]/.exec(rest) : /\s+#/.exec(rest);
      end = start + (stop ? stop.index : rest.trimEnd().length);
      valueEnd = end;
    }
    const line = entry.line - 1;
    return {
      entry,
      range: { start: { line, character: start }, end: { line, character: end } },
      valueRange: { start: { line, character: valueStart }, end: { line, character: valueEnd } },
    };
  });
}

export function contains(span: Span, p: Pos): boolean {
  const afterStart = p.line > span.start.line || (p.line === span.start.line && p.character >= span.start.character);
  const beforeEnd = p.line < span.end.line || (p.line === span.end.line && p.character <= span.end.character);
  return afterStart && beforeEnd;
}

/** What one `covers` entry does in the range. */
export interface EntryStatus {
  span: CoverSpan;
  /** Impacts of the range it matches. */
  impacts: Impact[];
  /** Files of the working tree its glob matches (0 for env entries). */
  files: number;
}

/** The live coverage of an open note: its own (unsaved) `covers` against the range's impacts and the other notes. */
export interface NoteCoverage {
  entries: EntryStatus[];
  /** Impacts that need a note and that neither this note (as typed) nor another note of the range covers. */
  uncovered: Impact[];
  /** For each impact this note covers: the other notes of the range that cover it too. */
  otherNotes: Map<string, string[]>;
}

/** Covered-by lists without this note: the report read the note from disk, the editor has the live text. */
export function othersCovering(impact: Impact, notePath: string): string[] {
  return impact.coveredBy.filter((p) => p !== notePath);
}

export function noteCoverage(doc: NoteDoc, snap: RepoSnapshot | null): NoteCoverage {
  const impacts = snap?.report?.impacts ?? [];
  const spans = coverSpans(doc);
  const entries: EntryStatus[] = spans.map((span) => {
    const m = compileCover(span.entry);
    const matched = impacts.filter((i) => m.matches(i));
    let files = 0;
    if (span.entry.pattern !== undefined && snap) {
      if (snap.fileSet.has(span.entry.pattern)) files = 1;
      else for (const f of snap.files) if (m.matches({ path: f, oldPath: null, findings: [] })) files++;
    }
    return { span, impacts: matched, files };
  });
  const mine = new Set(entries.flatMap((e) => e.impacts.map((i) => i.id)));
  const otherNotes = new Map<string, string[]>();
  for (const e of entries) for (const i of e.impacts) if (!otherNotes.has(i.id)) otherNotes.set(i.id, othersCovering(i, doc.path));
  // Read by completion and code actions only: not computed for every diagnosis (a pass over every impact of a large range).
  let uncovered: Impact[] | undefined;
  return {
    entries,
    get uncovered() {
      return (uncovered ??= impacts.filter((i) => i.requiresNote && !mine.has(i.id) && othersCovering(i, doc.path).length === 0));
    },
    otherNotes,
  };
}

/** The note of a doc, or null when it cannot be used. */
export function noteOf(doc: NoteDoc): Note | null {
  return doc.parsed.note;
}

/** Lines (0-based) of the front matter's opening and closing `---`; `end` is null while it is not closed yet. */
export function frontMatterLines(doc: NoteDoc): { start: number; end: number | null } | null {
  const fm = locateFrontMatter(doc.index);
  if (!fm) return null;
  return { start: fm.startLine - 1, end: fm.closed ? fm.endLine - 1 : null };
}
