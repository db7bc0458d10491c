import type { Impact } from '../types';
import { impactState, type ChangelogModel } from './model';

/**
 * Markdown for a release PR, a GitHub release or a wiki page: GitHub-flavoured (task
 * lists, tables). Item text is the note's own Markdown; paths and names are code spans.
 */
export function renderMarkdown(m: ChangelogModel): string {
  const out: string[] = [];
  const s = m.summary;
  out.push(`# ${oneLine(m.title)}`, '');
  out.push(
    `${code(m.range.base)} \`${m.range.mergeBase.slice(0, 10)}\` … ${code(m.range.head)} \`${m.range.headSha.slice(0, 10)}\` · ${plural(s.notes, 'note')} · ${plural(s.impacts, 'impact')} · ${s.requiringNotes} need${s.requiringNotes === 1 ? 's' : ''} a note · generated ${m.generatedAt.slice(0, 10)}`,
    '',
  );
  if (m.uncovered.length) {
    out.push(`> [!WARNING]`, `> ${plural(m.uncovered.length, 'impact')} that need${m.uncovered.length === 1 ? 's' : ''} a deployment note ${m.uncovered.length === 1 ? 'has' : 'have'} none: ${m.uncovered.map((i) => code(i.path)).join(', ')}`, '');
  }
  for (const w of m.warnings) out.push(`> ${oneLine(w)}`, '');

  out.push('## Notes', '');
  if (!m.notes.length) out.push('_No deployment note in this range._', '');
  for (const n of m.notes) {
    out.push(`### ${oneLine(n.title)}`, '');
    const meta = [code(n.path)];
    if (n.risk) meta.push(`risk: **${n.risk}**`);
    out.push(meta.join(' · '), '');
    if (n.covers.length) {
      out.push(
        `Covers: ${n.covers
          .map((c) => (c.kind === 'skip' ? `${code(c.target ?? c.raw)} (skipped: ${oneLine(c.reason ?? '')})` : code(c.raw)))
          .join(', ')}`,
        '',
      );
    }
    for (const sec of n.sections) {
      if (sec.title !== null) out.push(`#### ${oneLine(sec.title) || '(untitled)'}`, '');
      for (const it of sec.items) out.push(`- [${it.done ? 'x' : ' '}] ${oneLine(it.text)}${it.role ? ` _@${it.role}_` : ''}`);
      out.push('');
    }
    if (!n.sections.length) out.push('_No checklist._', '');
  }

  const noteName = (p: string): string => {
    const n = m.notes.find((x) => x.path === p);
    return n ? `“${oneLine(n.title)}”` : code(p);
  };
  out.push('## Impacts by category', '');
  if (!m.byCategory.length) out.push('_Nothing in this range affects a deployment._', '');
  for (const g of m.byCategory) {
    out.push(`### ${g.label} (${g.impacts.length})`, '');
    for (const i of g.impacts) out.push(...impactLines(i, noteName));
    out.push('');
  }

  if (m.skips.length) {
    out.push('## Skipped: no action needed', '', '| Path | Reason | Note |', '| --- | --- | --- |');
    for (const sk of m.skips) out.push(`| ${cell(code(sk.path))} | ${cell(sk.reason)} | ${cell(code(sk.note))} |`);
    out.push('');
  }

  out.push('## Environment variables', '');
  if (!m.envVars.added.length && !m.envVars.removed.length) out.push('_None added or removed._', '');
  else {
    out.push('| Variable | Change |', '| --- | --- |');
    for (const v of m.envVars.added) out.push(`| ${cell(code(v))} | added |`);
    for (const v of m.envVars.removed) out.push(`| ${cell(code(v))} | removed |`);
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

function impactLines(i: Impact, noteName: (path: string) => string): string[] {
  const state = impactState(i);
  const label =
    state === 'uncovered' ? '**⚠ UNCOVERED: needs a deployment note**' : state === 'skipped' ? `skipped: ${i.skipped!.map((s) => oneLine(s.reason)).join('; ')}` : state === 'covered' ? `covered by ${i.coveredBy.map(noteName).join(', ')}` : 'no note needed';
  const rename = i.oldPath && i.oldPath !== i.path ? ` (from ${code(i.oldPath)})` : '';
  const lines = [`- ${code(i.path)}${rename}: ${oneLine(i.title)} · ${i.severity} · ${label}`];
  for (const f of i.findings) lines.push(`  - ${f.line ? `L${f.line} ` : ''}\`${f.kind}\`: ${oneLine(f.message)}`);
  return lines;
}

/** A code span that survives backticks in its content. */
export function code(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine(s)}${pad}${fence}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
