import * as l10n from '@vscode/l10n';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { coverFor, KNOWN_KEYS, RISKS, ROLLOUT_PHASES, yamlScalar, type Impact } from '../../core';
import type { RepoSnapshot } from '../repositories';
import { frontMatterLines, noteCoverage, othersCovering, type NoteDoc, type Pos, type Span } from './noteModel';

/** Where the cursor is, for completion. */
export type NoteCompletionContext =
  | { kind: 'cover'; replace: Span; typed: string; quote: '"' | "'" | null; inFlow: boolean; needsDash?: boolean }
  | { kind: 'key'; replace: Span }
  | { kind: 'risk'; replace: Span }
  | { kind: 'role'; replace: Span }
  | { kind: 'phase'; replace: Span };

/** At most this many repository paths per answer; the list is incomplete beyond it (the client asks again as the user types). */
export const MAX_PATH_ITEMS = 1000;

const TOP_KEY = /^([A-Za-z_][\w-]*)\s*:/;

/** Finds what can be completed at `p`, from the raw lines (the YAML may well be half typed). */
export function completionContext(doc: NoteDoc, p: Pos): NoteCompletionContext | null {
  const line = doc.index.lineText(p.line + 1);
  const before = line.slice(0, p.character);
  const fm = frontMatterLines(doc);
  const inFrontMatter = fm !== null && p.line > fm.start && (fm.end === null || p.line < fm.end);
  const span = (from: number, to: number): Span => ({ start: { line: p.line, character: from }, end: { line: p.line, character: to } });

  if (inFrontMatter) {
    // `covers: [a, b|` — a flow list on the key's own line.
    const flow = /^covers\s*:\s*\[(?:[^\]]*,)?\s*(["']?)([^,\]"']*)$/.exec(before);
    if (flow) {
      const valueStart = p.character - flow[2].length;
      const rest = /^[^,\]"']*/.exec(line.slice(p.character))![0];
      return { kind: 'cover', replace: span(valueStart, p.character + rest.trimEnd().length), typed: flow[2], quote: (flow[1] || null) as '"' | "'" | null, inFlow: true };
    }
    if (/^risk\s*:\s*\w*$/.test(before)) {
      const start = before.length - /\w*$/.exec(before)![0].length;
      return { kind: 'risk', replace: span(start, start + /^\w*/.exec(line.slice(start))![0].length) };
    }
    if (/^[A-Za-z_]*$/.test(before) && !/^\s*-/.test(line)) {
      return { kind: 'key', replace: span(0, /^[\w-]*/.exec(line)![0].length) };
    }
    // An entry line below `covers:` (the nearest top-level key above).
    const dashed = /^(\s*-[ \t]*)(["']?)(.*)$/.exec(before);
    const entry = dashed ?? (/^\s+$/.test(before) && !line.trim() ? ['', before, '', ''] : null);
    if (entry && keyAbove(doc, p.line, fm!.start) === 'covers') {
      const valueStart = entry[1].length + entry[2].length;
      const quote = (entry[2] || null) as '"' | "'" | null;
      const after = line.slice(p.character);
      const rest = quote ? /^[^"']*/.exec(after)![0] : /^(?:(?!\s+#).)*/.exec(after)![0].trimEnd();
      return { kind: 'cover', replace: span(valueStart, p.character + rest.length), typed: entry[3], quote, inFlow: false, needsDash: !dashed };
    }
    return null;
  }

  // The body.
  const role = /(?:^|\s)@([\w-]*)$/.exec(before);
  if (role) {
    const at = p.character - role[1].length - 1;
    return { kind: 'role', replace: span(at, p.character + /^[\w-]*/.exec(line.slice(p.character))![0].length) };
  }
  const heading = /^ {0,3}#{1,6}[ \t]+([^#]*)$/.exec(before);
  if (heading) {
    const start = p.character - heading[1].length;
    const textEnd = line.replace(/[ \t]+#+[ \t]*$/, '').trimEnd().length;
    return { kind: 'phase', replace: span(start, Math.max(p.character, textEnd)) };
  }
  return null;
}

/** The top-level front-matter key whose value `line` belongs to. */
function keyAbove(doc: NoteDoc, line: number, fmStart: number): string | null {
  for (let n = line; n > fmStart; n--) {
    const t = doc.index.lineText(n + 1);
    const m = TOP_KEY.exec(t);
    if (m) return m[1];
    if (/^[^\s#-]/.test(t)) return null;
  }
  return null;
}

/**
 * Completion in a note. In `covers`: the uncovered impacted paths and env vars of the
 * range first, then the other impacts, then any repository path (fuzzy-filtered by what
 * is typed, capped). `@` completes the config's roles; a heading, the rollout phases.
 */
export function completeNote(doc: NoteDoc, p: Pos, snap: RepoSnapshot | null): CompletionList {
  const ctx = completionContext(doc, p);
  const list: CompletionList = { isIncomplete: false, items: [] };
  if (!ctx) return list;
  const edit = (newText: string) => ({ range: ctx.replace, newText });
  const note = doc.parsed.note;

  switch (ctx.kind) {
    case 'key': {
      const present = new Set(Object.keys(note?.extra ?? {}));
      for (let n = 1; n <= doc.index.lines.length; n++) {
        const m = TOP_KEY.exec(doc.index.lineText(n));
        if (m) present.add(m[1]);
      }
      KNOWN_KEYS.filter((k) => !present.has(k)).forEach((k, i) => {
        list.items.push({ label: k, kind: CompletionItemKind.Property, sortText: String(i), textEdit: edit(k === 'covers' ? 'covers:\n  - ' : `${k}: `), detail: keyDetail(k) });
      });
      return list;
    }
    case 'risk':
      RISKS.forEach((r, i) => list.items.push({ label: r, kind: CompletionItemKind.EnumMember, sortText: String(i), textEdit: edit(r) }));
      return list;
    case 'role': {
      const roles = [...new Set([...(snap?.roles ?? []), ...(note?.items.map((i) => i.role).filter((r): r is string => !!r) ?? [])])];
      roles.forEach((r, i) => list.items.push({ label: `@${r}`, kind: CompletionItemKind.Value, sortText: String(i).padStart(3, '0'), filterText: `@${r}`, textEdit: edit(`@${r}`), detail: (snap?.roles ?? []).includes(r) ? l10n.t('role from .handoff/config.yaml') : l10n.t('role used in this note') }));
      return list;
    }
    case 'phase': {
      const present = new Set((note?.sections ?? []).map((s) => s.title.toLowerCase()));
      ROLLOUT_PHASES.forEach((phase, i) => {
        list.items.push({ label: phase, kind: CompletionItemKind.Module, sortText: `${present.has(phase.toLowerCase()) ? 1 : 0}${i}`, textEdit: edit(phase), detail: l10n.t('rollout phase') });
      });
      return list;
    }
    case 'cover':
      return completeCovers(doc, ctx, snap);
  }
}

function keyDetail(key: string): string {
  return key === 'title' ? l10n.t('one-line title of the note') : key === 'covers' ? l10n.t('paths, globs, env:NAME and skip: entries this note covers') : l10n.t('low | medium | high');
}

function completeCovers(doc: NoteDoc, ctx: Extract<NoteCompletionContext, { kind: 'cover' }>, snap: RepoSnapshot | null): CompletionList {
  const list: CompletionList = { isIncomplete: false, items: [] };
  const listed = new Set((doc.parsed.note?.covers ?? []).map((c) => c.raw.trim()));
  const offered = new Set<string>();
  const insert = (value: string) => (ctx.quote === '"' ? value.replace(/["\\]/g, '\\$&') : ctx.quote === "'" ? value.replace(/'/g, "''") : yamlScalar(value, ctx.inFlow));
  const add = (value: string, group: number, order: number, item: Omit<CompletionItem, 'label' | 'textEdit' | 'sortText'>) => {
    if (listed.has(value) || offered.has(value)) return;
    offered.add(value);
    const text = `${ctx.needsDash ? '- ' : ''}${insert(value)}`;
    list.items.push({ label: value, ...item, sortText: `${group}${String(order).padStart(6, '0')}`, filterText: text, textEdit: { range: ctx.replace, newText: text } });
  };

  const report = snap?.report;
  if (report) {
    const coverage = noteCoverage(doc, snap);
    const uncovered = new Set(coverage.uncovered.map((i) => i.id));
    let order = 0;
    // 0: what still needs a note — the impacts' paths, then the env vars they start or stop reading.
    for (const impact of coverage.uncovered) {
      for (const c of coverFor(impact)) add(c, 0, order++, impactItem(impact, c, true));
      add(impact.path, 0, order++, impactItem(impact, impact.path, true));
    }
    for (const impact of coverage.uncovered) {
      for (const f of impact.findings) {
        if ((f.kind === 'env-var-added' || f.kind === 'env-var-removed') && f.subject) add(`env:${f.subject}`, 0, order++, impactItem(impact, `env:${f.subject}`, true));
      }
    }
    // 1: the other impacts of the range (covered elsewhere, or needing no note).
    for (const impact of report.impacts) {
      if (!uncovered.has(impact.id)) add(impact.path, 1, order++, impactItem(impact, impact.path, false, othersCovering(impact, doc.path)));
    }
  }
  // 2: any repository path.
  if (snap) {
    const typed = ctx.typed.toLowerCase();
    let n = 0;
    for (const f of snap.files) {
      if (offered.has(f) || listed.has(f) || (typed && !fuzzy(f.toLowerCase(), typed))) continue;
      if (n >= MAX_PATH_ITEMS) {
        list.isIncomplete = true;
        break;
      }
      add(f, 2, n++, { kind: CompletionItemKind.File, detail: l10n.t('repository file') });
    }
  }
  return list;
}

function impactItem(impact: Impact, value: string, uncovered: boolean, others: string[] = []): Omit<CompletionItem, 'label' | 'textEdit' | 'sortText'> {
  const status = uncovered ? l10n.t('needs a note') : others.length ? l10n.t('covered by {0}', others.join(', ')) : impact.requiresNote ? l10n.t('covered') : l10n.t('no note needed');
  const findings = impact.findings.map((f) => `- \`${f.kind}\` ${f.message}${f.line ? ` (${l10n.t('line {0}', f.line)})` : ''}`).join('\n');
  return {
    kind: value.startsWith('env:') ? CompletionItemKind.Variable : CompletionItemKind.File,
    detail: `${impact.category} · ${impact.status} · ${status}`,
    documentation: { kind: 'markdown', value: `**${impact.title}** — \`${impact.path}\`${findings ? `\n\n${findings}` : ''}` },
    insertTextFormat: InsertTextFormat.PlainText,
  };
}

/** True when the characters of `needle` appear in `hay` in order. */
function fuzzy(hay: string, needle: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i] && ++i === needle.length) return true;
  return i === needle.length;
}
