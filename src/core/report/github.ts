import { randomUUID } from 'node:crypto';
import type { Impact, Report } from '../types';
import { byUrgency, impactLine, impactState, noteCommand, printable, shellQuote } from './common';
import type { RenderOptions } from '.';
import { messages } from './messages';
import { renderText } from './text';

/**
 * `--format github`: GitHub Actions workflow commands. One annotation per impact, at its
 * first finding's line: `::error` for an impact that needs a deployment note and has none,
 * `::warning` for an informational impact of warning or critical severity, `::notice` for
 * the rest. Then the readable report in a collapsed log group (with workflow commands
 * stopped, so no text from the repository can be read as a command), and the summary line.
 * (The CLI also appends the Markdown report to $GITHUB_STEP_SUMMARY.)
 */
export function renderGithub(report: Report, opts: RenderOptions = {}): string {
  const m = messages(opts.locale);
  const prefix = opts.pathPrefix ? opts.pathPrefix.replace(/\/?$/, '/') : '';
  const lines: string[] = [];
  const order = [...report.impacts].sort((a, b) => rank(a) - rank(b) || byUrgency(a, b));
  const perLevel = new Map<string, number>();
  let omitted = 0;
  for (const i of order) {
    const a = annotation(i);
    const level = a.slice(2, a.indexOf(' '));
    const n = (perLevel.get(level) ?? 0) + 1;
    perLevel.set(level, n);
    if (opts.maxAnnotationsPerLevel !== undefined && n > opts.maxAnnotationsPerLevel) omitted++;
    else lines.push(a);
  }
  if (omitted) lines.push(`::notice title=Handoff::${escapeData(m.ghMoreAnnotations(omitted))}`);
  for (const w of report.warnings ?? []) lines.push(`::warning title=Handoff::${escapeData(w)}`);

  const token = opts.stopToken ?? randomUUID().replace(/-/g, '');
  lines.push(`::group::Handoff report`);
  lines.push(`::stop-commands::${token}`);
  lines.push(renderText(report, { locale: opts.locale }).trimEnd());
  lines.push(`::${token}::`);
  lines.push('::endgroup::');
  lines.push(githubSummaryLine(report, opts));
  return lines.join('\n') + '\n';

  function annotation(i: Impact): string {
    const state = impactState(i);
    const cmd = state === 'uncovered' ? 'error' : state === 'info' && i.severity !== 'info' ? 'warning' : 'notice';
    const title = state === 'uncovered' ? m.ghUncoveredTitle(m.title(i.title)) : state === 'covered' ? m.ghCoveredTitle(m.title(i.title)) : m.title(i.title);
    const body: string[] = [];
    for (const f of i.findings) body.push(`${f.line ? `L${f.line} ` : ''}${f.kind}: ${m.finding(f)}`);
    if (state === 'uncovered') body.push(m.ghAddNote(shellQuote(i.path)));
    if (state === 'covered') body.push(m.coveredBy(i.coveredBy.join(', ')));
    if (!body.length) body.push(`${i.category}: ${i.path} (${i.status})`);
    const props = [`file=${escapeProperty(prefix + i.path)}`, `line=${impactLine(i)}`, `title=${escapeProperty(title)}`];
    return `::${cmd} ${props.join(',')}::${escapeData(body.join('\n'))}`;
  }
}

function rank(i: Impact): number {
  const s = impactState(i);
  return s === 'uncovered' ? 0 : s === 'info' && i.severity !== 'info' ? 1 : 2;
}

/** Escapes a workflow command's message (what follows the second `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (`file=`, `title=`): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The summary line for the log, plain: what is wrong and the command that fixes it. */
export function githubSummaryLine(report: Report, opts: RenderOptions = {}): string {
  const m = messages(opts.locale);
  const s = report.summary;
  if (s.uncovered > 0) return `✗ ${m.uncoveredSummary(s.uncovered)} ${m.draftHint(printable(noteCommand(report)))}`;
  if (s.requiringNotes > 0) return `✓ ${m.coveredSummary(s.requiringNotes)}`;
  return s.impacts > 0 ? `✓ ${m.noNoteNeeded(s.impacts)}` : `✓ ${m.noImpact(s.changes)}`;
}
