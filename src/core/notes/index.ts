import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type { Impact, NoteItem } from '../types';

export const NOTES_DIR = '.handoff/notes';

export type CoverEntry =
  | { kind: 'path'; raw: string; pattern: string }
  | { kind: 'env'; raw: string; name: string }
  | { kind: 'skip'; raw: string; pattern: string; reason: string };

export interface Note {
  path: string;
  title: string;
  covers: CoverEntry[];
  risk?: string;
  items: NoteItem[];
}

/** Parses a note; never throws. (Seed: the notes helper replaces this with the full parser.) */
export function parseNote(path: string, text: string): { note: Note | null; error?: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { note: null, error: `${path}:1: missing front matter` };
  let fm: Record<string, unknown>;
  try {
    fm = (parseYaml(m[1]) ?? {}) as Record<string, unknown>;
  } catch (e) {
    return { note: null, error: `${path}: ${(e as Error).message.split('\n')[0]}` };
  }
  const covers: CoverEntry[] = (Array.isArray(fm.covers) ? fm.covers : []).map((c) => String(c)).map((raw) =>
    raw.startsWith('env:') ? { kind: 'env', raw, name: raw.slice(4).trim() } : { kind: 'path', raw, pattern: raw },
  );
  const items: NoteItem[] = [];
  let section: string | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) section = h[1].trim();
    const t = /^\s*[-*+]\s+\[([ xX])\]\s+(.*)$/.exec(line);
    if (t) {
      const role = /\s@([\w-]+)\s*$/.exec(t[2]);
      items.push({ text: t[2].trim(), done: t[1] !== ' ', section, role: role ? role[1] : null, line: i + 1 });
    }
  });
  return { note: { path, title: String(fm.title ?? ''), covers, items } };
}

/** Marks each impact with the notes of the range that cover it. */
export function applyCoverage(impacts: Impact[], notes: Note[]): void {
  for (const note of notes) {
    const globs = note.covers.filter((c) => c.kind !== 'env').map((c) => picomatch((c as { pattern: string }).pattern, { dot: true }));
    const envs = new Set(note.covers.filter((c) => c.kind === 'env').map((c) => (c as { name: string }).name));
    for (const impact of impacts) {
      const byPath = globs.some((g) => g(impact.path) || (impact.oldPath !== null && g(impact.oldPath)));
      const byEnv = impact.findings.some((f) => f.kind.startsWith('env-var-') && f.subject && envs.has(f.subject));
      if (byPath || byEnv) impact.coveredBy.push(note.path);
    }
  }
}
