import { localizeMessage } from '../l10n/catalog';
import type { Impact, Report } from '../types';
import { groupByCategory, impactState, noteCommand, pathLine, printable as p } from './common';
import type { RenderOptions } from '.';
import { neutralizeCiCommands } from './escape';
import { messages } from './messages';

/**
 * The terminal format: impacts grouped by category, uncovered first, each finding as
 * `path:line` (which terminals and editors turn into links), and one summary line that
 * says what to do. ANSI colours only when `opts.color` (a TTY without NO_COLOR).
 */
export function renderText(report: Report, opts: RenderOptions = {}): string {
  const m = messages(opts.locale);
  const paint = (code: string) => (s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const red = paint('1;31');
  const green = paint('32');
  const yellow = paint('33');
  const dim = paint('2');
  const bold = paint('1');

  const lines: string[] = [];
  const r = report.range;
  const head = r.head === 'WORKTREE' ? m.worktree : r.head;
  lines.push(`${bold('Handoff')}  ${p(r.base)}...${p(head)}  ${dim(`(${m.header(report.summary.changes, report.summary.impacts)})`)}`);

  for (const [category, impacts] of groupByCategory(report.impacts)) {
    lines.push('');
    lines.push(bold(m.category(category)));
    for (const i of impacts) lines.push(...impactLines(i));
  }

  function impactLines(i: Impact): string[] {
    const state = impactState(i);
    const mark = state === 'uncovered' ? red('✗') : state === 'covered' ? green('✓') : dim('·');
    const tag = state === 'uncovered' ? red(m.needsNote) : state === 'covered' ? green(m.coveredBy(p(i.coveredBy.join(', ')))) : dim(m.info);
    const sev = i.severity === 'critical' ? red(` [${m.critical}]`) : '';
    const renamed = i.oldPath && i.oldPath !== i.path ? dim(` (← ${p(i.oldPath)})`) : '';
    const out = [`  ${mark} ${p(i.path)}${renamed}  ${p(m.title(i.title))}${sev}  ${tag}`];
    for (const f of i.findings) {
      const where = f.line ? pathLine(p(i.path), f.line) : '';
      out.push(`      ${where ? `${where}  ` : ''}${dim(`${f.kind}:`)} ${p(m.finding(f))}`);
    }
    return out;
  }

  if (report.notes.length) {
    lines.push('');
    lines.push(bold(m.mdNotes));
    for (const n of report.notes) {
      const done = n.items.filter((it) => it.done).length;
      lines.push(`  ${p(n.path)}  ${p(n.title)}  ${dim(m.mdItems(done, n.items.length))}`);
    }
  }

  for (const w of report.warnings ?? []) {
    lines.push('');
    lines.push(`${yellow(`${m.warning}:`)} ${p(localizeMessage(w, opts.locale ?? 'en'))}`);
  }

  const s = report.summary;
  lines.push('');
  if (s.uncovered > 0) {
    lines.push(red(`✗ ${m.uncoveredSummary(s.uncovered)}`));
    lines.push(`  ${m.draftHint(p(noteCommand(report)))}`);
  } else if (s.requiringNotes > 0) {
    lines.push(green(`✓ ${m.coveredSummary(s.requiringNotes)}`));
  } else if (s.impacts > 0) {
    lines.push(green(`✓ ${m.noNoteNeeded(s.impacts)}`));
  } else {
    lines.push(green(`✓ ${m.noImpact(s.changes)}`));
  }
  // Printed in CI logs: no line may read as a runner command (a path can start with `::`).
  return neutralizeCiCommands(lines.join('\n') + '\n');
}
