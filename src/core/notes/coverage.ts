import picomatch from 'picomatch';
import type { Impact } from '../types';
import type { CoverEntry, Note } from './parse';

const GLOB = { dot: true } as const;

/** A compiled `covers` entry: does it match an impact? */
export interface CoverMatcher {
  entry: CoverEntry;
  matches(impact: Pick<Impact, 'path' | 'oldPath' | 'findings'>): boolean;
}

/** Compiles one entry: path globs against the impact's path (or old path of a rename), env names against its env findings. */
export function compileCover(entry: CoverEntry): CoverMatcher {
  if (entry.pattern !== undefined) {
    const test = picomatch(entry.pattern, GLOB);
    return { entry, matches: (i) => test(i.path) || (i.oldPath !== null && test(i.oldPath)) };
  }
  const name = entry.name ?? '';
  const test = /[*?]/.test(name) ? picomatch(name, GLOB) : (s: string) => s === name;
  return { entry, matches: (i) => i.findings.some((f) => f.kind.startsWith('env-var-') && f.subject !== undefined && test(f.subject)) };
}

/**
 * Marks each impact with the notes that cover it (`coveredBy`, note paths in the order
 * given) and, for `skip:` entries, why it needs no action (`skipped`). The caller passes
 * only the notes of the range — added or changed inside it, or uncommitted in working
 * mode — so a note from an earlier release never covers today's change. Resets any
 * earlier coverage of the impacts.
 */
export function applyCoverage(impacts: Impact[], notes: Note[]): void {
  const compiled = notes.map((note) => ({ note, covers: note.covers.map(compileCover) }));
  for (const impact of impacts) {
    impact.coveredBy = [];
    delete impact.skipped;
    for (const { note, covers } of compiled) {
      let covered = false;
      for (const c of covers) {
        if (!c.matches(impact)) continue;
        covered = true;
        if (c.entry.kind === 'skip') (impact.skipped ??= []).push({ note: note.path, reason: c.entry.reason ?? '' });
      }
      if (covered) impact.coveredBy.push(note.path);
    }
  }
}

/** The `covers` entries of a note that match no impact (the language server flags them). */
export function unmatchedCovers(note: Note, impacts: Impact[]): CoverEntry[] {
  return note.covers.map(compileCover).filter((c) => !impacts.some((i) => c.matches(i))).map((c) => c.entry);
}
