import * as l10n from '@vscode/l10n';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { KNOWN_KEYS, type NoteProblem, type Report, type SourceProblem } from '../../core';
import type { RepoSnapshot } from '../repositories';
import { frontMatterLines, noteCoverage, pos, type NoteDoc } from './noteModel';

/** Diagnostic codes the server adds to the parser's (`NoteProblem.code`). */
export const enum ServerCode {
  CoversNothing = 'covers-nothing',
  EnvUnread = 'env-unread',
  DuplicateCoverage = 'duplicate-coverage',
  UnknownKey = 'unknown-key',
  TooMany = 'too-many-problems',
}

/** A 5 MB note full of problems must not flood the editor (or the pipe). */
export const MAX_DIAGNOSTICS = 500;

export const SOURCE = 'handoff';

const envChangedCache = new WeakMap<Report, ReadonlySet<string>>();

/** The env names a report's impacts add or remove (their `env-var-*` findings' subjects); once per report. */
export function envChangedBy(report: Report): ReadonlySet<string> {
  let set = envChangedCache.get(report);
  if (!set) {
    const names = new Set<string>();
    for (const i of report.impacts) for (const f of i.findings) if (f.subject && f.kind.startsWith('env-var-')) names.add(f.subject);
    envChangedCache.set(report, (set = names));
  }
  return set;
}

/** Env names (of `env:` entries) that `diagnose` needs mentioned-or-not facts about. */
export function envNamesToCheck(doc: NoteDoc): string[] {
  return [...new Set((doc.parsed.note?.covers ?? []).filter((c) => c.kind === 'env' && c.name && !/[*?]/.test(c.name)).map((c) => c.name!))];
}

/**
 * The diagnostics of a note: the parser's problems (broken YAML with its line, missing
 * title, skip without reason, item outside a section, conflict markers…) plus what needs
 * the repository: entries that match no file and no impact, env vars nobody reads,
 * impacts another note covers too, and front-matter keys Handoff does not read.
 * `envMentioned` holds the names of `envNamesToCheck` that some file mentions.
 */
export function diagnoseNote(doc: NoteDoc, snap: RepoSnapshot | null, envMentioned: ReadonlySet<string>): Diagnostic[] {
  if (!doc.isNote) return [];
  const out: Diagnostic[] = doc.parsed.problems.map(fromProblem);
  const note = doc.parsed.note;
  if (note) {
    out.push(...unknownKeys(doc));
    if (snap?.report) {
      const coverage = noteCoverage(doc, snap);
      const envChanged = envChangedBy(snap.report);
      for (const e of coverage.entries) {
        const { entry } = e.span;
        if (entry.pattern !== undefined && e.files === 0 && e.impacts.length === 0) {
          out.push(diag(e.span.valueRange, DiagnosticSeverity.Warning, ServerCode.CoversNothing, l10n.t("'{0}' matches no file in the repository and no change of {1}", entry.pattern, snap.rangeLabel)));
        } else if (entry.kind === 'env' && entry.name && !/[*?]/.test(entry.name) && e.impacts.length === 0 && !envChanged.has(entry.name) && !envMentioned.has(entry.name)) {
          out.push(diag(e.span.valueRange, DiagnosticSeverity.Warning, ServerCode.EnvUnread, l10n.t('No file of the repository reads or declares {0}, and no change of the range does', entry.name)));
        }
        if (entry.kind !== 'skip') {
          const others = [...new Set(e.impacts.flatMap((i) => coverage.otherNotes.get(i.id) ?? []))].sort();
          if (others.length) {
            const which = e.impacts.filter((i) => (coverage.otherNotes.get(i.id) ?? []).length).map((i) => i.path);
            out.push(diag(e.span.valueRange, DiagnosticSeverity.Warning, ServerCode.DuplicateCoverage, l10n.t('{0} is also covered by {1}: one note per change keeps the checklist in one place', [...new Set(which)].join(', '), others.join(', '))));
          }
        }
      }
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  if (out.length > MAX_DIAGNOSTICS) {
    const kept = out.slice(0, MAX_DIAGNOSTICS);
    kept.push(diag({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, DiagnosticSeverity.Information, ServerCode.TooMany, l10n.t('{0} more problems are not shown', out.length - MAX_DIAGNOSTICS)));
    return kept;
  }
  return out;
}

function diag(range: Diagnostic['range'], severity: DiagnosticSeverity, code: string, message: string): Diagnostic {
  return { range, severity, code, source: SOURCE, message };
}

/** A parser problem as a diagnostic; messages without details are localised by code. */
export function fromProblem(p: NoteProblem): Diagnostic {
  return problemDiagnostic(p, localise(p));
}

/** An engine problem (note or config) as a diagnostic: 1-based positions to 0-based, one character when it has no end. */
export function problemDiagnostic(p: SourceProblem, message = p.message): Diagnostic {
  const start = pos(p.line, p.column);
  const end = p.endLine !== undefined || p.endColumn !== undefined ? pos(p.endLine ?? p.line, p.endColumn ?? p.column) : { line: start.line, character: start.character + 1 };
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) Object.assign(end, start);
  return diag({ start, end }, p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, p.code, message);
}

function localise(p: NoteProblem): string {
  switch (p.code) {
    case 'conflict-markers':
      return l10n.t('Conflict markers: resolve the merge conflict first');
    case 'missing-front-matter':
      return l10n.t('Missing front matter: a note starts with a `---` line, then `title:` and `covers:`, then `---`');
    case 'unterminated-front-matter':
      return l10n.t('The front matter is not closed: add a `---` line after it');
    case 'missing-covers':
      return l10n.t('Missing `covers:`: this note covers no change');
    case 'item-outside-section':
      return l10n.t('Checklist item before any heading: put it under a section such as `## Deploy`');
    case 'empty-item':
      return l10n.t('Empty checklist item');
    case 'skip-without-reason':
      return l10n.t('A skip needs its reason: `skip: <glob> — <why nothing needs doing>`');
    case 'missing-title':
      return l10n.t('Missing `title:`: give the note a one-line title');
    default:
      // Details (YAML errors, names) stay as the engine wrote them.
      return p.message;
  }
}

/** Every top-level front-matter key Handoff does not read (the parser already flags near-misses such as `tittle`). */
function unknownKeys(doc: NoteDoc): Diagnostic[] {
  const fm = frontMatterLines(doc);
  if (!fm || fm.end === null) return [];
  const flagged = new Set(doc.parsed.problems.filter((p) => p.code === 'unknown-key').map((p) => p.line - 1));
  const out: Diagnostic[] = [];
  for (let line = fm.start + 1; line < fm.end; line++) {
    const m = /^([A-Za-z_][\w-]*)\s*:(?:\s|$)/.exec(doc.index.lineText(line + 1));
    if (!m || (KNOWN_KEYS as readonly string[]).includes(m[1]) || flagged.has(line)) continue;
    out.push(diag({ start: { line, character: 0 }, end: { line, character: m[1].length } }, DiagnosticSeverity.Warning, ServerCode.UnknownKey, l10n.t("Unknown front-matter key '{0}': Handoff reads title, covers and risk (the key is kept as is)", m[1])));
  }
  return out;
}
