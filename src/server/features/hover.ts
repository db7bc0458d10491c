import * as l10n from '@vscode/l10n';
import type { Hover } from 'vscode-languageserver';
import type { Impact } from '../../core';
import type { RepoSnapshot } from '../repositories';
import { contains, noteCoverage, type EntryStatus, type NoteDoc, type Pos } from './noteModel';
import { localizeError, localizeTitle, translateFinding } from '../../core';
import { serverLocale } from '../l10n';

/**
 * Hover on a `covers` entry: the impacts it covers (category, status, findings, who
 * else covers them), or why it covers nothing.
 */
export function hoverNote(doc: NoteDoc, p: Pos, snap: RepoSnapshot | null): Hover | null {
  const coverage = noteCoverage(doc, snap);
  const e = coverage.entries.find((x) => contains(x.span.range, p));
  if (!e) return null;
  return { range: e.span.range, contents: { kind: 'markdown', value: describeEntry(e, doc, snap, coverage.otherNotes) } };
}

function describeEntry(e: EntryStatus, doc: NoteDoc, snap: RepoSnapshot | null, otherNotes: Map<string, string[]>): string {
  const { entry } = e.span;
  const lines: string[] = [];
  if (!snap?.report) {
    lines.push(l10n.t('The range could not be analysed: {0}', snap?.error ? localizeError(snap.error, serverLocale()) : l10n.t('not in a git repository')));
    return lines.join('\n');
  }
  const range = snap.rangeLabel;
  if (!e.impacts.length) {
    if (entry.kind === 'env') lines.push(l10n.t('**Covers nothing**: no change of {0} starts or stops reading or declaring `{1}`.', range, entry.name ?? ''));
    else if (e.files === 0) lines.push(l10n.t('**Covers nothing**: `{0}` matches no file in the repository and no change of {1}.', entry.pattern ?? '', range));
    else lines.push(l10n.t('**Covers nothing**: `{0}` matches {1} file(s) of the repository, but none of them changed in {2} (or their changes need no action).', entry.pattern ?? '', e.files, range));
    return lines.join('\n');
  }
  lines.push(entry.kind === 'skip' ? l10n.t('**Skips {0} change(s)** of {1} — {2}', e.impacts.length, range, entry.reason ?? '') : l10n.t('**Covers {0} change(s)** of {1}', e.impacts.length, range));
  for (const impact of e.impacts) {
    lines.push('', `**${impact.category}** · \`${impact.path}\`${impact.oldPath ? ` (${l10n.t('from {0}', impact.oldPath)})` : ''} · ${impact.status} · ${impact.severity} — ${localizeTitle(impact.title, serverLocale())}`);
    lines.push('', `*${status(impact, doc.path, otherNotes.get(impact.id) ?? [])}*`);
    for (const f of impact.findings) lines.push(`- \`${f.kind}\` ${escape(translateFinding(f, serverLocale()))}${f.line ? ` (${l10n.t('line {0}', f.line)})` : ''}`);
  }
  return lines.join('\n');
}

function status(impact: Impact, notePath: string, others: string[]): string {
  const base = impact.requiresNote ? l10n.t('needs a note: covered by this note') : l10n.t('no note needed');
  return others.length ? `${base}; ${l10n.t('also covered by {0}', others.join(', '))}` : base;
}

function escape(s: string): string {
  return s.replace(/[\\*_[\]<>]/g, '\\$&');
}
