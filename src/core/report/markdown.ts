import { localizeMessage } from '../l10n/catalog';
import { CATEGORIES, type Impact, type Report } from '../types';
import { byUrgency, impactState, noteCommand, pathLine } from './common';
import type { RenderOptions } from '.';
import { htmlText, mdCode, mdInline, neutralizeCiCommands, safeUrl } from './escape';
import { messages } from './messages';

/** The hidden first line of the Markdown report: a bot finds its own PR comment by it and edits it. */
export const MARKDOWN_MARKER = '<!-- handoff:check -->';

/** Caps that keep a report under the size of a PR comment (65,536 characters on GitHub). */
const MAX_IMPACTS_PER_SECTION = 100;
const MAX_FINDINGS_PER_IMPACT = 10;

/**
 * `--format markdown`: a PR comment or CI job summary. A summary table by category,
 * the impacts that need a note and have none first, then the covered ones, then the
 * informational ones folded in a <details> block; findings as `path:line` (linked to the
 * file at the head commit when `opts.blobUrl` is given).
 */
export function renderMarkdown(report: Report, opts: RenderOptions = {}): string {
  const m = messages(opts.locale);
  const s = report.summary;
  const r = report.range;
  const out: string[] = [MARKDOWN_MARKER];
  out.push(s.uncovered > 0 ? `### ❌ ${m.mdTitleUncovered(s.uncovered)}` : `### ✅ ${m.mdTitleOk}`);
  out.push('');
  const head = r.head === 'WORKTREE' ? m.worktree : r.head;
  const shas = `${r.mergeBase.slice(0, 7)}...${r.head === 'WORKTREE' ? m.worktree : r.headSha.slice(0, 7)}`;
  out.push(m.mdRange(`${code(`${r.base}...${head}`)} (${code(shas)})`, s.changes));
  out.push('');

  if (report.impacts.length) {
    const [c1, c2, c3, c4] = m.mdTableHead;
    out.push(`| ${c1} | ${c2} | ${c3} | ${c4} |`, '| --- | ---: | ---: | ---: |');
    const rows = new Map<string, { impacts: number; requiring: number; uncovered: number }>();
    for (const i of report.impacts) {
      const row = rows.get(i.category) ?? { impacts: 0, requiring: 0, uncovered: 0 };
      row.impacts++;
      if (i.requiresNote) row.requiring++;
      if (impactState(i) === 'uncovered') row.uncovered++;
      rows.set(i.category, row);
    }
    const order = (c: string) => ((CATEGORIES as readonly string[]).indexOf(c) + 100) % 100;
    for (const [cat, row] of [...rows].sort((a, b) => order(a[0]) - order(b[0]))) {
      out.push(`| ${esc(m.category(cat))} | ${row.impacts} | ${row.requiring} | ${row.uncovered ? `**${row.uncovered}**` : '0'} |`);
    }
    out.push(`| **${m.mdTotal}** | **${s.impacts}** | **${s.requiringNotes}** | **${s.uncovered}** |`);
    out.push('');
  }

  const sorted = [...report.impacts].sort(byUrgency);
  const uncovered = sorted.filter((i) => impactState(i) === 'uncovered');
  const covered = sorted.filter((i) => impactState(i) === 'covered');
  const info = sorted.filter((i) => impactState(i) === 'info');

  if (uncovered.length) {
    out.push(`#### ${m.mdNeedsNote}`, '');
    out.push(...impactList(uncovered, '❌'));
    out.push('', `> ${m.draftHint(code(noteCommand(report)))}`, '');
  }
  if (covered.length) {
    out.push(`#### ${m.mdCovered}`, '');
    out.push(...impactList(covered, '✅'));
    out.push('');
  }
  if (info.length) {
    out.push(`<details><summary>${escHtml(m.mdInfo(info.length))}</summary>`, '');
    out.push(...impactList(info, 'ℹ️'));
    out.push('', '</details>', '');
  }
  if (report.notes.length) {
    out.push(`#### ${m.mdNotes}`, '');
    for (const n of report.notes) {
      const done = n.items.filter((it) => it.done).length;
      out.push(`- ${link(n.path)} — ${esc(n.title)}${n.risk ? ` · risk: ${esc(n.risk)}` : ''} · ${m.mdItems(done, n.items.length)}`);
    }
    out.push('');
  }
  if (report.warnings?.length) {
    out.push(`#### ${m.mdWarnings}`, '');
    for (const w of report.warnings) out.push(`- ⚠️ ${esc(localizeMessage(w, opts.locale ?? 'en'))}`);
    out.push('');
  }
  out.push(`<sub>${escHtml(m.mdFooter(report.tool.version))}</sub>`);
  // The report is a PR comment and a job summary, and may be printed to a CI log: no line
  // of it may read as a workflow command, whatever the repository's paths and titles hold.
  return neutralizeCiCommands(out.join('\n') + '\n');

  function impactList(list: Impact[], mark: string): string[] {
    const lines: string[] = [];
    for (const i of list.slice(0, MAX_IMPACTS_PER_SECTION)) {
      const sev = i.severity === 'info' ? '' : ` · \`${i.severity}\``;
      const renamed = i.oldPath && i.oldPath !== i.path ? ` (← ${code(i.oldPath)})` : '';
      const cov = i.coveredBy.length ? ` — ${m.coveredBy(i.coveredBy.map((p) => link(p)).join(', '))}` : '';
      lines.push(`- ${mark} **${link(i.path)}**${renamed} — ${esc(m.title(i.title))}${sev}${cov}`);
      for (const f of i.findings.slice(0, MAX_FINDINGS_PER_IMPACT)) {
        lines.push(`  - ${f.line ? `${link(i.path, f.line)} — ` : ''}${code(f.kind)} ${esc(m.finding(f))}`);
      }
      if (i.findings.length > MAX_FINDINGS_PER_IMPACT) lines.push(`  - … +${i.findings.length - MAX_FINDINGS_PER_IMPACT}`);
    }
    if (list.length > MAX_IMPACTS_PER_SECTION) lines.push(`- … +${list.length - MAX_IMPACTS_PER_SECTION}`);
    return lines;
  }

  /** `path:line` as code, linked to the head commit's file when a blob URL is known. */
  function link(path: string, line?: number): string {
    const text = code(pathLine(path, line));
    if (!opts.blobUrl) return text;
    const segments = path.split('/').map((seg) => encodeURIComponent(seg).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    const url = safeUrl(`${opts.blobUrl.replace(/\/$/, '')}/${segments.join('/')}${line ? `#L${line}` : ''}`);
    return `[${text}](${url})`;
  }
}

/** A code span that survives backticks in its content (and line breaks: shown as `\n`). */
export const code = mdCode;

/**
 * Escapes repository text for Markdown (inline and table cells): no HTML, link, image or
 * emphasis; `@` broken so that no one gets mentioned. Code spans the engine wrote
 * (`key.path`) are kept: nothing in them renders.
 */
export const esc = mdInline;

const escHtml = htmlText;
