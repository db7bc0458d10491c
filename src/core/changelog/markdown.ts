import { localizeTitle, translateFinding } from '../l10n/catalog';
import type { Impact } from '../types';
import { impactState, type ChangelogModel } from './model';
import { mdCode, mdInline, neutralizeCiCommands } from '../report/escape';
import { changelogWords } from './words';

/**
 * Markdown for a GitHub release, a release PR or a wiki page, as a runbook: the summary
 * line first; then every note's items merged by phase and, within a phase, by role, each
 * linking back to its note; then what needs a note and has none; the notes; the impacts
 * (informational ones folded into one counted line); skips; env vars. Text from the
 * repository is rendered as text: HTML is escaped outside code spans, and no line starts
 * with a workflow command (`::`).
 */
export function renderMarkdown(m: ChangelogModel): string {
  const w = changelogWords(m.locale);
  const zh = m.locale === 'zh-cn';
  const out: string[] = [];
  const s = m.summary;
  out.push(`# ${text(m.title)}`, '');
  out.push(`${code(m.range.base)} \`${m.range.mergeBase.slice(0, 10)}\` … ${code(m.range.head)} \`${m.range.headSha.slice(0, 10)}\` · ${w.changedFiles(s.changes)} · ${w.generated} ${m.generatedAt.slice(0, 10)}`, '');
  out.push(`**${text(m.headline.text)}**`, '');
  if (m.uncovered.length) out.push('> [!WARNING]', `> ${w.needsNoteIntro(m.uncovered.length)}${zh ? '' : ' '}${m.uncovered.map((i) => code(i.path)).join(zh ? '、' : ', ')}`, '');
  for (const x of m.warnings) out.push(`> ${text(x)}`, '');

  const anchors = noteAnchors(m);
  out.push(`## ${w.runbook}`, '');
  if (!m.runbook.length) out.push(`_${w.runbookEmpty}_`, '');
  for (const phase of m.runbook) {
    out.push(`### ${text(phase.label)}`, '');
    for (const role of phase.roles) {
      out.push(`**${text(role.label)}**${role.role ? ` \`@${role.role}\`` : ''}`, '');
      for (const it of role.items) out.push(`- [${it.done ? 'x' : ' '}] ${text(it.text)} · [${text(it.noteTitle)}](#${anchors.get(it.note)})`);
      out.push('');
    }
  }

  if (m.uncovered.length) {
    out.push(`## ${w.needsNote}`, '');
    for (const i of m.uncovered) out.push(...impactLines(i, m, anchors));
    out.push('');
  }

  out.push(`## ${w.notes}`, '');
  if (!m.notes.length) out.push(`_${w.noNotes}_`, '');
  for (const n of m.notes) {
    out.push(`### ${text(n.title)}`, '');
    const items = n.sections.flatMap((x) => x.items);
    const meta = [code(n.path)];
    if (n.risk) meta.push(`${w.risk}: **${text(n.risk)}**`);
    meta.push(w.stepsDone(items.filter((i) => i.done).length, items.length));
    out.push(meta.join(' · '), '');
    if (n.covers.length) out.push(`${w.covers}${zh ? '：' : ': '}${n.covers.map((c) => (c.kind === 'skip' ? `${code(c.target ?? c.raw)} (${text(w.skipped(c.reason ?? ''))})` : code(c.raw))).join(zh ? '、' : ', ')}`, '');
  }

  out.push(`## ${w.impacts}`, '');
  if (!m.byCategory.length && !m.folded.count) out.push(`_${w.noImpacts}_`, '');
  for (const g of m.byCategory) {
    out.push(`### ${g.label} (${g.impacts.length})`, '');
    for (const i of g.impacts) out.push(...impactLines(i, m, anchors));
    out.push('');
  }
  if (m.folded.count) out.push(`_${w.folded(m.folded.count, m.folded.byCategory.map((g) => `${g.label} ${g.count}`).join(zh ? '、' : ', '))}_`, '');

  if (m.skips.length) {
    out.push(`## ${w.skips}`, '', `| ${w.skipHead.join(' | ')} |`, '| --- | --- | --- |');
    for (const sk of m.skips) out.push(`| ${cell(code(sk.path))} | ${cell(text(sk.reason))} | ${cell(code(sk.note))} |`);
    out.push('');
  }

  out.push(`## ${w.env}`, '');
  if (!m.envVars.added.length && !m.envVars.removed.length) out.push(`_${w.envNone}_`, '');
  else {
    out.push(`| ${w.envHead.join(' | ')} |`, '| --- | --- |');
    for (const v of m.envVars.added) out.push(`| ${cell(code(v))} | ${w.added} |`);
    for (const v of m.envVars.removed) out.push(`| ${cell(code(v))} | ${w.removed} |`);
    out.push('');
  }
  // No line of the output reads as a CI workflow command (`::add-mask::` …) when it is printed in a job log.
  return neutralizeCiCommands(out.join('\n').replace(/\n{3,}/g, '\n\n'));
}

function impactLines(i: Impact, m: ChangelogModel, anchors: Map<string, string>): string[] {
  const w = changelogWords(m.locale);
  const state = impactState(i);
  const noteLink = (p: string) => {
    const n = m.notes.find((x) => x.path === p);
    return n ? `[${text(n.title)}](#${anchors.get(p)})` : code(p);
  };
  const label = state === 'uncovered' ? `**⚠ ${w.uncovered}**` : state === 'skipped' ? text(w.skippedState(i.skipped!.map((x) => x.reason).join('; '))) : state === 'covered' ? w.coveredBy(i.coveredBy.map(noteLink).join(', ')) : w.noNoteNeeded;
  const rename = i.oldPath && i.oldPath !== i.path ? ` (${w.renamedFrom} ${code(i.oldPath)})` : '';
  const lines = [`- ${code(i.path)}${rename}: ${text(localizeTitle(i.title, m.locale))} · ${w.severity(i.severity)} · ${label}`];
  for (const f of i.findings) lines.push(`  - ${f.line ? `L${f.line} ` : ''}\`${f.kind}\`: ${text(translateFinding(f, m.locale))}`);
  return lines;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`; repeats get `-1`, `-2`. */
export function githubSlug(heading: string, seen: Map<string, number>): string {
  const base = heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return n ? `${base}-${n}` : base;
}

/** The anchor of each note's `###` heading, as GitHub makes it from the headings before it. */
function noteAnchors(m: ChangelogModel): Map<string, string> {
  const w = changelogWords(m.locale);
  const seen = new Map<string, number>();
  // Headings before the notes' own, in order, so that repeats are numbered as GitHub does.
  for (const h of [m.title, w.runbook, ...m.runbook.map((p) => p.label), ...(m.uncovered.length ? [w.needsNote] : []), w.notes]) githubSlug(oneLine(h), seen);
  const out = new Map<string, string>();
  for (const n of m.notes) out.set(n.path, githubSlug(oneLine(n.title), seen));
  return out;
}

/** A code span of repository text (the shared escaping of src/core/report/escape.ts). */
export function code(s: string): string {
  return mdCode(s);
}

/** Repository text as inline Markdown on one line: no raw HTML, links, emphasis or mentions; code spans kept. */
export function text(s: string): string {
  return mdInline(s);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
