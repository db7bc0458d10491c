import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { EngineError } from '../errors';
import { ROLLOUT_PHASES } from '../types';
import { phaseOfHeading } from '../plan/phases';
import { locateFrontMatter, parseFrontMatterYaml, type FrontMatterLocation } from './parse';
import { CONFLICT_START, FenceTracker, HEADING, LineIndex, TASK_ITEM, detectEol } from './text';

/**
 * A replacement of `text.slice(start, end)` by `newText`; offsets are UTF-16 code units
 * (the same as VS Code's `document.offsetAt` and LSP positions with UTF-16 encoding).
 * The editor turns these into workspace edits, so unsaved changes around them survive.
 */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Applies edits to a text. Edits must not overlap (two insertions at one offset are
 * applied in the order given). Throws on overlap or out-of-range offsets.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) throw new RangeError(`overlapping or invalid edit ${e.start}-${e.end}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * Ticks or unticks the checklist item on 1-based `line`: the edit replaces exactly the
 * one character between the brackets (`' '` ↔ `'x'`). `done` forces a state; without it
 * the item flips. Null when the line is not a checklist item of the body (front matter
 * and fenced code do not count) or already has the requested state.
 */
export function toggleItem(text: string, line: number, done?: boolean): TextEdit | null {
  const index = new LineIndex(text);
  if (line < 1 || line > index.lines.length) return null;
  const fm = locateFrontMatter(index);
  const bodyStart = fm && fm.closed ? fm.endLine + 1 : 1;
  if (line < bodyStart) return null;
  const fence = new FenceTracker();
  for (let n = bodyStart; n < line; n++) fence.feed(index.lineText(n));
  const lineText = index.lineText(line);
  if (fence.feed(lineText)) return null;
  const m = TASK_ITEM.exec(lineText);
  if (!m) return null;
  const isDone = m[4] !== ' ';
  const want = done ?? !isDone;
  if (want === isDone) return null;
  const col = m[1].length + m[2].length + m[3].length + 1; // the char after '['
  const start = index.lines[line - 1].start + col;
  return { start, end: start + 1, newText: want ? 'x' : ' ' };
}

/**
 * Adds entries to the note's `covers` list, changing nothing else: the entries go after
 * the last existing one in the list's own style (block items keep their indentation and
 * dash spacing; a flow list `[a, b]` gets `, c`), comments, key order, the line-ending
 * style and the trailing newline are kept. Creates `covers:` (before the closing `---`)
 * when missing, and the front matter when there is none. Entries already listed are
 * skipped; an empty array means nothing to do.
 *
 * Throws EngineError('bad-note') when the front matter cannot be edited safely
 * (conflict markers, unclosed front matter, YAML errors, `covers` not a list).
 */
export function addCovers(text: string, entries: string[]): TextEdit[] {
  const index = new LineIndex(text);
  const eol = detectEol(text);
  guardConflicts(index);
  const fm = locateFrontMatter(index);
  const wanted = [...new Set(entries.map((e) => e.replace(/[\r\n]+/g, ' ').trim()).filter(Boolean))];
  if (!wanted.length) return [];
  if (!fm) {
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    return [{ start: bom, end: bom, newText: `---${eol}covers:${eol}${wanted.map((e) => `  - ${yamlScalar(e)}${eol}`).join('')}---${eol}` }];
  }
  if (!fm.closed) throw new EngineError('bad-note', 'the front matter is not closed (no second `---` line)');
  const doc = parseFrontMatterYaml(text, fm);
  if (doc.errors.length) throw new EngineError('bad-note', `the front matter has a YAML error at line ${index.positionAt(doc.errors[0].pos[0]).line}: fix it first`);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new EngineError('bad-note', 'the front matter is not a mapping of keys');

  const pair = (root?.items ?? []).find((p) => isScalar(p.key) && p.key.value === 'covers') as Pair<YamlNode | null, YamlNode | null> | undefined;
  const existing = new Set<string>();
  if (pair && isSeq(pair.value)) for (const it of pair.value.items) if (isScalar(it)) existing.add(String(it.value));
  if (pair && isScalar(pair.value) && pair.value.value != null) existing.add(String(pair.value.value));
  const add = wanted.filter((e) => !existing.has(e));
  if (!add.length) return [];

  if (!pair) {
    const indent = sequenceIndent(root, index) ?? '  ';
    return [{ start: fm.closeStart, end: fm.closeStart, newText: `covers:${eol}${add.map((e) => `${indent}- ${yamlScalar(e)}${eol}`).join('')}` }];
  }
  const value = pair.value;
  if (value == null || (isScalar(value) && value.value == null && !hasSource(value, text))) {
    // `covers:` with nothing after it: items go on the following lines.
    const keyLine = index.positionAt((pair.key as YamlNode).range![0]).line;
    const at = index.lines[keyLine - 1].end;
    const indent = ' '.repeat(keyIndent(index, keyLine) + 2);
    return [{ start: at, end: at, newText: add.map((e) => `${eol}${indent}- ${yamlScalar(e)}`).join('') }];
  }
  if (isScalar(value) && value.value == null) {
    // `covers: ~` or `covers: null`: the null becomes the list.
    const [s, e] = value.range!;
    return [{ start: s, end: e, newText: `[${add.map((x) => yamlScalar(x, true)).join(', ')}]` }];
  }
  if (isSeq(value) && value.flow) return flowInsert(value, text, add);
  if (isSeq(value)) return blockInsert(value, index, add, eol);
  if (isScalar(value)) {
    // `covers: a.yml` becomes `covers: [a.yml, b.yml]`: two insertions, the original scalar untouched.
    const [s, e] = value.range!;
    return [
      { start: s, end: s, newText: '[' },
      { start: e, end: e, newText: `${add.map((x) => `, ${yamlScalar(x, true)}`).join('')}]` },
    ];
  }
  throw new EngineError('bad-note', '`covers` is not a list: edit it by hand');
}

function flowInsert(seq: YAMLSeq, text: string, add: string[]): TextEdit[] {
  const items = seq.items as (YamlNode | Pair | null)[];
  const last = items.length ? items[items.length - 1] : null;
  const lastEnd = last ? nodeEnd(last) : null;
  if (lastEnd != null) {
    return [{ start: lastEnd, end: lastEnd, newText: add.map((x) => `, ${yamlScalar(x, true)}`).join('') }];
  }
  // An empty `[]` (maybe with spaces or comments inside): insert right after the `[`.
  const open = text.indexOf('[', seq.range![0]);
  return [{ start: open + 1, end: open + 1, newText: add.map((x, i) => `${i ? ', ' : ''}${yamlScalar(x, true)}`).join('') }];
}

function blockInsert(seq: YAMLSeq, index: LineIndex, add: string[], eol: string): TextEdit[] {
  const items = seq.items as (YamlNode | null)[];
  // The dash of each item is found on the line where the item's value starts, or earlier for an empty item.
  const last = items[items.length - 1];
  const lastEnd = (last ? nodeEnd(last) : null) ?? seq.range![1];
  const endLine = index.positionAt(Math.max(lastEnd - 1, 0)).line;
  const firstLine = index.positionAt(seq.range![0]).line;
  const dash = /^(\s*)-(\s+)/.exec(index.lineText(firstLine));
  const prefix = dash ? `${dash[1]}-${dash[2].replace(/[\r\n]/g, '') || ' '}` : '  - ';
  const at = index.lines[endLine - 1].end;
  return [{ start: at, end: at, newText: add.map((e) => `${eol}${prefix}${yamlScalar(e)}`).join('') }];
}

function nodeEnd(node: YamlNode | Pair): number | null {
  if ('range' in node && node.range) return node.range[1];
  const p = node as Pair<YamlNode | null, YamlNode | null>;
  return p.value?.range?.[1] ?? p.key?.range?.[1] ?? null;
}

function hasSource(node: YamlNode, text: string): boolean {
  const r = node.range;
  return !!r && text.slice(r[0], r[1]).trim().length > 0;
}

function keyIndent(index: LineIndex, line: number): number {
  return /^\s*/.exec(index.lineText(line))![0].length;
}

/** The indentation of an existing block sequence in the front matter, to copy its style. */
function sequenceIndent(root: YAMLMap | null, index: LineIndex): string | null {
  for (const p of root?.items ?? []) {
    const v = p.value as YamlNode | null;
    if (isSeq(v) && !v.flow && v.range) {
      const m = /^(\s*)-/.exec(index.lineText(index.positionAt(v.range[0]).line));
      if (m) return m[1];
    }
  }
  return null;
}

/**
 * A YAML scalar for a `covers` entry: plain when that reads back as the same string,
 * double-quoted otherwise (globs starting with `*`, `skip: …` with `: `, `#`, …).
 */
export function yamlScalar(value: string, inFlow = false): string {
  const plainSafe = /^[A-Za-z0-9_./$~(][^#]*$/.test(value) && !/:\s|\s$|:$/.test(value) && !(inFlow && /[,[\]{}]/.test(value));
  if (plainSafe) {
    const back = parseDocument(`k: ${inFlow ? `[${value}]` : value}`).toJS() as { k: unknown };
    const v = inFlow ? (back.k as unknown[])?.[0] : back.k;
    if (v === value) return value;
  }
  return JSON.stringify(value);
}

/**
 * Appends `- [ ] item` to the section titled `section` (case-insensitive), after the
 * section's last non-blank line, copying the list marker of the section's last item.
 * A missing section is created: a rollout phase (`Before deploy` … `Rollback`) goes
 * before the first later phase present, anything else at the end of the note.
 */
export function appendItem(text: string, section: string, item: string): TextEdit[] {
  const index = new LineIndex(text);
  const eol = detectEol(text);
  guardConflicts(index);
  const fm = locateFrontMatter(index);
  if (fm && !fm.closed) throw new EngineError('bad-note', 'the front matter is not closed (no second `---` line)');
  const bodyStart = fm && fm.closed ? fm.endLine + 1 : 1;
  const body = item.replace(/[\r\n]+/g, ' ').trim().replace(/^(?:[-*+]\s+)?\[[ xX]\]\s*/, '');
  const wantTitle = section.trim();

  const headings: { line: number; level: number; title: string }[] = [];
  const fence = new FenceTracker();
  for (let n = bodyStart; n <= index.lines.length; n++) {
    const t = index.lineText(n);
    if (fence.feed(t)) continue;
    const h = HEADING.exec(t);
    if (h) headings.push({ line: n, level: h[1].length, title: (h[2] ?? '').trim() });
  }
  const target = headings.find((h) => h.title.toLowerCase() === wantTitle.toLowerCase());
  if (target) {
    const next = headings.find((h) => h.line > target.line && h.level <= target.level);
    const lastLine = next ? next.line - 1 : index.lines.length;
    let insertAfter = target.line;
    let marker = '- ';
    let indent = '';
    const fence2 = new FenceTracker();
    for (let n = target.line + 1; n <= lastLine; n++) {
      const t = index.lineText(n);
      const inFence = fence2.feed(t);
      if (t.trim()) insertAfter = n;
      const m = !inFence && TASK_ITEM.exec(t);
      if (m && m[1].length === 0) {
        marker = `${m[2]}${m[3]}`;
        indent = m[1];
      }
    }
    const at = index.lines[insertAfter - 1].end;
    if (/^\d/.test(marker)) marker = `${nextNumber(marker)}${marker.replace(/^\d+/, '')}`;
    return [{ start: at, end: at, newText: `${eol}${indent}${marker}[ ] ${body}` }];
  }

  const level = mostCommonLevel(headings) ?? 2;
  const heading = `${'#'.repeat(level)} ${wantTitle}`;
  // Phase headings are recognised in either language (`## Rollback`, `## 回滚`).
  const phaseRank = (title: string) => {
    const p = phaseOfHeading(title);
    return p ? ROLLOUT_PHASES.indexOf(p) : -1;
  };
  const phase = phaseRank(wantTitle);
  if (phase >= 0) {
    const later = headings.find((h) => h.level === level && phaseRank(h.title) > phase);
    if (later) {
      const at = index.lines[later.line - 1].start;
      return [{ start: at, end: at, newText: `${heading}${eol}- [ ] ${body}${eol}${eol}` }];
    }
  }
  // At the end: one blank line before the heading; the file keeps (or keeps lacking) its final newline.
  const endsWithEol = /(\r\n|\n|\r)$/.test(text);
  const last = index.lines[index.lines.length - 1];
  const lastBlank = !text.slice(last.start, last.end).trim();
  if (!text.length) return [{ start: 0, end: 0, newText: `${heading}${eol}- [ ] ${body}${eol}` }];
  if (endsWithEol) {
    const gap = lastBlank || (fm && fm.closed && fm.endLine === index.lines.length) ? '' : eol;
    return [{ start: text.length, end: text.length, newText: `${gap}${heading}${eol}- [ ] ${body}${eol}` }];
  }
  return [{ start: text.length, end: text.length, newText: `${eol}${lastBlank ? '' : eol}${heading}${eol}- [ ] ${body}` }];
}

function nextNumber(marker: string): number {
  return Number(/^\d+/.exec(marker)![0]) + 1;
}

function mostCommonLevel(headings: { level: number }[]): number | null {
  const counts = new Map<number, number>();
  for (const h of headings) counts.set(h.level, (counts.get(h.level) ?? 0) + 1);
  let best: number | null = null;
  for (const [level, c] of counts) if (best === null || c > counts.get(best)! || (c === counts.get(best)! && level < best)) best = level;
  return best;
}

function guardConflicts(index: LineIndex): void {
  for (let n = 1; n <= index.lines.length; n++) {
    if (CONFLICT_START.test(index.lineText(n))) throw new EngineError('bad-note', `line ${n}: conflict markers: resolve the merge conflict first`);
  }
}

export type { FrontMatterLocation };
