import type { Impact } from '../types';
import { impactState, type ChangelogModel } from './model';

/**
 * One standalone, printable HTML file: no scripts, no external resources, every piece
 * of text from the repository escaped (code spans in checklist items become `<code>`
 * after escaping).
 */
export function renderHtml(m: ChangelogModel): string {
  const s = m.summary;
  const body: string[] = [];
  body.push(`<header><h1>${esc(m.title)}</h1>`);
  body.push(
    `<p class="meta"><code>${esc(m.range.base)}</code> <code>${esc(m.range.mergeBase.slice(0, 10))}</code> … <code>${esc(m.range.head)}</code> <code>${esc(m.range.headSha.slice(0, 10))}</code> · ${s.notes} note(s) · ${s.impacts} impact(s) · ${s.requiringNotes} need a note · ${s.itemsDone}/${s.items} steps done · generated <time datetime="${esc(m.generatedAt)}">${esc(m.generatedAt.slice(0, 10))}</time></p></header>`,
  );
  if (m.uncovered.length) {
    body.push(`<p class="alert" role="alert"><strong>${m.uncovered.length} impact(s) need a deployment note and have none:</strong> ${m.uncovered.map((i) => `<code>${esc(i.path)}</code>`).join(', ')}</p>`);
  }
  for (const w of m.warnings) body.push(`<p class="warning">${esc(w)}</p>`);

  body.push('<section id="notes"><h2>Notes</h2>');
  if (!m.notes.length) body.push('<p class="empty">No deployment note in this range.</p>');
  m.notes.forEach((n, k) => {
    body.push(`<article class="note" id="note-${k + 1}"><h3>${esc(n.title)}</h3>`);
    body.push(`<p class="meta"><code>${esc(n.path)}</code>${n.risk ? ` · risk <span class="risk risk-${esc(n.risk)}">${esc(n.risk)}</span>` : ''}</p>`);
    if (n.covers.length) {
      body.push(
        `<p class="covers">Covers: ${n.covers
          .map((c) => (c.kind === 'skip' ? `<code>${esc(c.target ?? c.raw)}</code> <span class="skip">(skipped: ${esc(c.reason ?? '')})</span>` : `<code>${esc(c.raw)}</code>`))
          .join(', ')}</p>`,
      );
    }
    for (const sec of n.sections) {
      if (sec.title !== null) body.push(`<h4>${esc(sec.title)}</h4>`);
      body.push('<ul class="checklist">');
      for (const it of sec.items) {
        body.push(`<li class="${it.done ? 'done' : 'todo'}"><span class="box" aria-label="${it.done ? 'done' : 'to do'}">${it.done ? '☑' : '☐'}</span> ${inline(it.text)}${it.role ? ` <span class="role">@${esc(it.role)}</span>` : ''}</li>`);
      }
      body.push('</ul>');
    }
    body.push('</article>');
  });
  body.push('</section>');

  const noteLink = (p: string): string => {
    const k = m.notes.findIndex((n) => n.path === p);
    return k < 0 ? `<code>${esc(p)}</code>` : `<a href="#note-${k + 1}" title="${esc(p)}">${esc(m.notes[k].title)}</a>`;
  };
  body.push('<section id="impacts"><h2>Impacts by category</h2>');
  if (!m.byCategory.length) body.push('<p class="empty">Nothing in this range affects a deployment.</p>');
  for (const g of m.byCategory) {
    body.push(`<h3>${esc(g.label)} (${g.impacts.length})</h3><table class="impacts"><thead><tr><th>Path</th><th>Change</th><th>Severity</th><th>State</th><th>Findings</th></tr></thead><tbody>`);
    for (const i of g.impacts) body.push(impactRow(i, noteLink));
    body.push('</tbody></table>');
  }
  body.push('</section>');

  if (m.skips.length) {
    body.push('<section id="skips"><h2>Skipped: no action needed</h2><table><thead><tr><th>Path</th><th>Reason</th><th>Note</th></tr></thead><tbody>');
    for (const sk of m.skips) body.push(`<tr><td><code>${esc(sk.path)}</code></td><td>${esc(sk.reason)}</td><td>${noteLink(sk.note)}</td></tr>`);
    body.push('</tbody></table></section>');
  }

  body.push('<section id="env"><h2>Environment variables</h2>');
  if (!m.envVars.added.length && !m.envVars.removed.length) body.push('<p class="empty">None added or removed.</p>');
  else {
    body.push('<table class="env"><thead><tr><th>Variable</th><th>Change</th></tr></thead><tbody>');
    for (const v of m.envVars.added) body.push(`<tr><td><code>${esc(v)}</code></td><td class="added">added</td></tr>`);
    for (const v of m.envVars.removed) body.push(`<tr><td><code>${esc(v)}</code></td><td class="removed">removed</td></tr>`);
    body.push('</tbody></table>');
  }
  body.push('</section>');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="handoff">
<title>${esc(m.title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function impactRow(i: Impact, noteLink: (path: string) => string): string {
  const state = impactState(i);
  const stateText =
    state === 'uncovered' ? '<strong class="uncovered">UNCOVERED</strong>' : state === 'skipped' ? `<span class="skip">skipped: ${esc(i.skipped!.map((s) => s.reason).join('; '))}</span>` : state === 'covered' ? `covered by ${i.coveredBy.map(noteLink).join(', ')}` : 'no note needed';
  const findings = i.findings.length ? `<ul>${i.findings.map((f) => `<li>${f.line ? `L${f.line} ` : ''}<code>${esc(f.kind)}</code>: ${esc(f.message)}</li>`).join('')}</ul>` : '';
  const rename = i.oldPath && i.oldPath !== i.path ? `<br><small>from <code>${esc(i.oldPath)}</code></small>` : '';
  return `<tr class="state-${state}"><td><code>${esc(i.path)}</code>${rename}</td><td>${esc(i.title)}</td><td class="sev-${esc(i.severity)}">${esc(i.severity)}</td><td>${stateText}</td><td>${findings}</td></tr>`;
}

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A checklist item's text: escaped, then its code spans made `<code>`. */
function inline(s: string): string {
  return esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --warn: #9a6700; --bad: #cf222e; --ok: #1a7f37; }
body { font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", Helvetica, Arial, sans-serif; color: var(--fg); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
.meta { color: var(--muted); margin-top: 0; } code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 0 .25em; border-radius: 4px; overflow-wrap: anywhere; }
.alert { border-left: 4px solid var(--bad); background: #ffebe9; padding: .5rem .8rem; } .warning { border-left: 4px solid var(--warn); background: #fff8c5; padding: .5rem .8rem; }
.note { border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1rem .6rem; margin: 1rem 0; break-inside: avoid; }
ul.checklist { list-style: none; padding-left: .4rem; } ul.checklist li.done { color: var(--muted); } .box { font-size: 1.1em; }
.role { color: var(--muted); font-size: .9em; } .risk-high, .uncovered, .sev-critical { color: var(--bad); font-weight: 600; } .risk-medium, .sev-warning { color: var(--warn); } .skip { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; } th { background: #f6f8fa; }
td ul { margin: 0; padding-left: 1.1rem; } .added { color: var(--ok); } .removed { color: var(--bad); } .empty { color: var(--muted); font-style: italic; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } .note, tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } code { background: none; } }
`;
