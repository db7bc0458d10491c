import { localizeTitle, translateFinding } from '../l10n/catalog';
import type { Impact } from '../types';
import { impactState, type ChangelogModel } from './model';
import { htmlText } from '../report/escape';
import { changelogWords } from './words';

/**
 * One standalone, printable HTML file laid out as a runbook: a table of contents, the
 * summary line, every note's items merged by phase and role (each linking back to its
 * note), what needs a note and has none, the notes, the impacts (informational ones folded
 * into one counted line), skips and env vars. No scripts, no external resources; every
 * piece of repository text escaped; paths break only after a `/`; `lang` is the locale's.
 */
export function renderHtml(m: ChangelogModel): string {
  const w = changelogWords(m.locale);
  const zh = m.locale === 'zh-cn';
  const s = m.summary;
  const sep = zh ? '、' : ', ';
  const noteIndex = new Map(m.notes.map((n, k) => [n.path, k + 1]));
  const noteLink = (p: string): string => {
    const k = noteIndex.get(p);
    return k === undefined ? `<code>${path(p)}</code>` : `<a href="#note-${k}">${esc(m.notes[k - 1].title)}</a>`;
  };
  const phaseId = (k: number) => `phase-${k + 1}`;
  const body: string[] = [];
  body.push(`<header><h1>${esc(m.title)}</h1>`);
  body.push(
    `<p class="meta"><code>${esc(m.range.base)}</code> <code>${esc(m.range.mergeBase.slice(0, 10))}</code> … <code>${esc(m.range.head)}</code> <code>${esc(m.range.headSha.slice(0, 10))}</code> · ${esc(w.changedFiles(s.changes))} · ${esc(w.stepsDone(s.itemsDone, s.items))} · ${esc(w.generated)} <time datetime="${esc(m.generatedAt)}">${esc(m.generatedAt.slice(0, 10))}</time></p>`,
  );
  body.push(`<p class="headline" id="summary"><strong>${esc(m.headline.text)}</strong></p></header>`);

  const toc: string[] = [`<li><a href="#runbook">${esc(w.runbook)}</a>`];
  if (m.runbook.length) toc.push(`<ol>${m.runbook.map((p, k) => `<li><a href="#${phaseId(k)}">${esc(p.label)}</a></li>`).join('')}</ol>`);
  toc.push('</li>');
  if (m.uncovered.length) toc.push(`<li><a href="#needs-note">${esc(w.needsNote)} (${m.uncovered.length})</a></li>`);
  toc.push(`<li><a href="#notes">${esc(w.notes)} (${m.notes.length})</a></li>`, `<li><a href="#impacts">${esc(w.impacts)}</a></li>`);
  if (m.skips.length) toc.push(`<li><a href="#skips">${esc(w.skips)}</a></li>`);
  toc.push(`<li><a href="#env">${esc(w.env)}</a></li>`);
  body.push(`<nav class="toc" aria-label="${esc(w.contents)}"><h2>${esc(w.contents)}</h2><ol>${toc.join('')}</ol></nav>`);

  if (m.uncovered.length) body.push(`<p class="alert" role="alert"><strong>${esc(w.needsNoteIntro(m.uncovered.length))}</strong> ${m.uncovered.map((i) => `<code>${path(i.path)}</code>`).join(sep)}</p>`);
  for (const x of m.warnings) body.push(`<p class="warning">${esc(x)}</p>`);

  body.push(`<section id="runbook"><h2>${esc(w.runbook)}</h2>`);
  if (!m.runbook.length) body.push(`<p class="empty">${esc(w.runbookEmpty)}</p>`);
  m.runbook.forEach((phase, k) => {
    body.push(`<section class="phase" id="${phaseId(k)}"><h3>${esc(phase.label)}</h3>`);
    for (const role of phase.roles) {
      body.push(`<h4>${esc(role.label)}${role.role ? ` <span class="role">@${esc(role.role)}</span>` : ''}</h4><ul class="checklist">`);
      for (const it of role.items) {
        body.push(`<li class="${it.done ? 'done' : 'todo'}"><span class="box" aria-label="${esc(it.done ? w.done : w.todo)}">${it.done ? '☑' : '☐'}</span> ${inline(it.text)} <span class="from">· ${noteLink(it.note)}</span></li>`);
      }
      body.push('</ul>');
    }
    body.push('</section>');
  });
  body.push('</section>');

  if (m.uncovered.length) {
    body.push(`<section id="needs-note"><h2>${esc(w.needsNote)}</h2>${impactTable(m.uncovered, m, noteLink)}</section>`);
  }

  body.push(`<section id="notes"><h2>${esc(w.notes)}</h2>`);
  if (!m.notes.length) body.push(`<p class="empty">${esc(w.noNotes)}</p>`);
  m.notes.forEach((n, k) => {
    const items = n.sections.flatMap((x) => x.items);
    body.push(`<article class="note" id="note-${k + 1}"><h3>${esc(n.title)}</h3>`);
    body.push(`<p class="meta"><code>${path(n.path)}</code>${n.risk ? ` · ${esc(w.risk)} <span class="risk risk-${esc(n.risk)}">${esc(n.risk)}</span>` : ''} · ${esc(w.stepsDone(items.filter((i) => i.done).length, items.length))}</p>`);
    if (n.covers.length) {
      body.push(`<p class="covers">${esc(w.covers)}${zh ? '：' : ': '}${n.covers.map((c) => (c.kind === 'skip' ? `<code>${path(c.target ?? c.raw)}</code> <span class="skip">(${esc(w.skipped(c.reason ?? ''))})</span>` : `<code>${path(c.raw)}</code>`)).join(sep)}</p>`);
    }
    body.push('</article>');
  });
  body.push('</section>');

  body.push(`<section id="impacts"><h2>${esc(w.impacts)}</h2>`);
  if (!m.byCategory.length && !m.folded.count) body.push(`<p class="empty">${esc(w.noImpacts)}</p>`);
  for (const g of m.byCategory) body.push(`<h3>${esc(g.label)} (${g.impacts.length})</h3>${impactTable(g.impacts, m, noteLink)}`);
  if (m.folded.count) body.push(`<p class="folded">${esc(w.folded(m.folded.count, m.folded.byCategory.map((g) => `${g.label} ${g.count}`).join(sep)))}</p>`);
  body.push('</section>');

  if (m.skips.length) {
    body.push(`<section id="skips"><h2>${esc(w.skips)}</h2><table><thead><tr>${w.skipHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
    for (const sk of m.skips) body.push(`<tr><td><code>${path(sk.path)}</code></td><td>${esc(sk.reason)}</td><td>${noteLink(sk.note)}</td></tr>`);
    body.push('</tbody></table></section>');
  }

  body.push(`<section id="env"><h2>${esc(w.env)}</h2>`);
  if (!m.envVars.added.length && !m.envVars.removed.length) body.push(`<p class="empty">${esc(w.envNone)}</p>`);
  else {
    body.push(`<table class="env"><thead><tr>${w.envHead.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
    for (const v of m.envVars.added) body.push(`<tr><td><code>${esc(v)}</code></td><td class="added">${esc(w.added)}</td></tr>`);
    for (const v of m.envVars.removed) body.push(`<tr><td><code>${esc(v)}</code></td><td class="removed">${esc(w.removed)}</td></tr>`);
    body.push('</tbody></table>');
  }
  body.push('</section>');

  return `<!DOCTYPE html>
<html lang="${zh ? 'zh-CN' : 'en'}">
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

function impactTable(impacts: Impact[], m: ChangelogModel, noteLink: (path: string) => string): string {
  const w = changelogWords(m.locale);
  const rows = impacts.map((i) => {
    const state = impactState(i);
    const stateText =
      state === 'uncovered' ? `<strong class="uncovered">${esc(w.uncovered)}</strong>` : state === 'skipped' ? `<span class="skip">${esc(w.skippedState(i.skipped!.map((x) => x.reason).join('; ')))}</span>` : state === 'covered' ? around(w.coveredBy('\u0000'), i.coveredBy.map(noteLink).join(', ')) : esc(w.noNoteNeeded);
    const findings = i.findings.length ? `<ul>${i.findings.map((f) => `<li>${f.line ? `L${f.line} ` : ''}<code>${esc(f.kind)}</code>: ${esc(translateFinding(f, m.locale))}</li>`).join('')}</ul>` : '';
    const rename = i.oldPath && i.oldPath !== i.path ? `<br><small>${esc(w.renamedFrom)} <code>${path(i.oldPath)}</code></small>` : '';
    return `<tr class="state-${state}"><td><code>${path(i.path)}</code>${rename}</td><td>${esc(localizeTitle(i.title, m.locale))}</td><td class="sev-${esc(i.severity)}">${esc(w.severity(i.severity))}</td><td>${stateText}</td><td>${findings}</td></tr>`;
  });
  return `<table class="impacts"><tbody>${rows.join('')}</tbody></table>`;
}

/** A localized phrase with HTML in place of its `\u0000`: the phrase escaped, the HTML not. */
function around(phrase: string, html: string): string {
  const [pre, post = ''] = phrase.split('\u0000');
  return `${esc(pre)}${html}${esc(post)}`;
}

/** A path, escaped, that may break after each `/` (and nowhere else unless it cannot fit). */
function path(p: string): string {
  return esc(p).replace(/\//g, '/<wbr>');
}

/** Escapes text for HTML element content and attribute values (the shared escaping of src/core/report/escape.ts). */
export function esc(s: string): string {
  return htmlText(s);
}

/** A checklist item's text: escaped, then its code spans made `<code>`. */
function inline(s: string): string {
  return esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --warn: #9a6700; --bad: #cf222e; --ok: #1a7f37; }
body { font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", Helvetica, Arial, sans-serif; color: var(--fg); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
.meta { color: var(--muted); margin-top: 0; } code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 0 .25em; border-radius: 4px; overflow-wrap: break-word; }
.alert { border-left: 4px solid var(--bad); background: #ffebe9; padding: .5rem .8rem; } .warning { border-left: 4px solid var(--warn); background: #fff8c5; padding: .5rem .8rem; }
.note { border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1rem .6rem; margin: 1rem 0; break-inside: avoid; }
ul.checklist { list-style: none; padding-left: .4rem; } ul.checklist li.done { color: var(--muted); } .box { font-size: 1.1em; }
.role { color: var(--muted); font-size: .9em; } .risk-high, .uncovered, .sev-critical { color: var(--bad); font-weight: 600; } .risk-medium, .sev-warning { color: var(--warn); } .skip { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; } th { background: #f6f8fa; }
td ul { margin: 0; padding-left: 1.1rem; } .added { color: var(--ok); } .removed { color: var(--bad); } .empty { color: var(--muted); font-style: italic; }
nav.toc { border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1rem; margin: 1rem 0; } nav.toc h2 { border: 0; margin: .4rem 0; font-size: 1rem; } nav.toc ol { margin: .2rem 0; padding-left: 1.2rem; } nav.toc ol ol { display: inline; padding: 0; } nav.toc ol ol li { display: inline; margin-right: .8rem; }
.headline { font-size: 1.1rem; } .phase { margin-left: .2rem; } h4 { margin: .6rem 0 .2rem; } .from { color: var(--muted); font-size: .9em; } .folded { color: var(--muted); font-style: italic; }
table.impacts td:first-child { width: 32%; }
@media print { nav.toc { display: none; } h2, h3, h4 { break-after: avoid; } body { margin: 0; max-width: none; font-size: 11pt; } .note, tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } code { background: none; } }
`;
