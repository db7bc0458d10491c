import { localizeMessage } from '../l10n/catalog';
import { randomUUID } from 'node:crypto';
import type { Impact, Report } from '../types';
import { byUrgency, impactLine, impactState, noteCommand, printable, shellQuote } from './common';
import type { RenderOptions } from '.';
import { breakCiBrackets, neutralizeCiCommands, terminalText } from './escape';
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
  for (const w of report.warnings ?? []) lines.push(`::warning title=Handoff::${escapeData(localizeMessage(w, opts.locale ?? 'en'))}`);

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
  // Line breaks become %0A (a command is one line); `##[…]` and control characters from
  // the repository (an ESC the log viewer would act on) are broken or shown as escapes.
  // eslint-disable-next-line no-control-regex
  return breakCiBrackets(s.replace(/[^\S\n\r\t ]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => (/\s/.test(c) && c.charCodeAt(0) > 0x9f && !/[\u2028\u2029]/.test(c) ? c : terminalText(c)))).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (`file=`, `title=`): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The summary line for the log, plain: what is wrong and the command that fixes it. */
export function githubSummaryLine(report: Report, opts: RenderOptions = {}): string {
  const m = messages(opts.locale);
  const s = report.summary;
  if (s.uncovered > 0) return neutralizeCiCommands(`✗ ${m.uncoveredSummary(s.uncovered)} ${m.draftHint(printable(noteCommand(report)))}`);
  if (s.requiringNotes > 0) return `✓ ${m.coveredSummary(s.requiringNotes)}`;
  return s.impacts > 0 ? `✓ ${m.noNoteNeeded(s.impacts)}` : `✓ ${m.noImpact(s.changes)}`;
}
