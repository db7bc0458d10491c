import type { Report } from '../types';
import type { RenderOptions } from '.';

export function renderText(report: Report, opts: RenderOptions = {}): string {
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const r = report.range;
  lines.push(`Handoff ${r.base}…${r.head}  (${report.summary.changes} changed files, ${report.summary.impacts} impacts)`);
  for (const i of report.impacts) {
    const state = !i.requiresNote ? c('2', 'info     ') : i.coveredBy.length ? c('32', 'covered  ') : c('31', 'UNCOVERED');
    lines.push(`${state} ${i.category.padEnd(14)} ${i.path}  ${c('2', i.title)}`);
    for (const f of i.findings) lines.push(`            ${f.line ? `L${f.line} ` : ''}${f.kind}: ${f.message}`);
  }
  const s = report.summary;
  lines.push('');
  lines.push(s.uncovered ? c('31', `${s.uncovered} of ${s.requiringNotes} impacts that need a deployment note have none.`) : `${s.requiringNotes} impacts need a deployment note; all are covered.`);
  return lines.join('\n') + '\n';
}
