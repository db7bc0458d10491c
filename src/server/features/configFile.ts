import * as l10n from '@vscode/l10n';
import { CompletionItemKind, type CompletionList, type Diagnostic, type Hover } from 'vscode-languageserver';
import { CONFIG_SCHEMA, LineIndex, validateConfigText } from '../../core';
import { MAX_DIAGNOSTICS, problemDiagnostic } from './diagnostics';
import type { Pos, Span } from './noteModel';

/** The part of JSON Schema that completion and hover walk (the engine's schema is a plain object of this shape). */
interface Schema {
  type?: string;
  description?: string;
  enum?: readonly (string | number | boolean)[];
  properties?: Readonly<Record<string, Schema>>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: readonly Schema[];
  default?: unknown;
}

const ROOT = CONFIG_SCHEMA as Schema;

/** `.handoff/config.yaml` problems, from the engine's validator (the same one `handoff check` uses). */
export function diagnoseConfig(text: string): Diagnostic[] {
  const { problems } = validateConfigText(text);
  return problems.slice(0, MAX_DIAGNOSTICS).map((p) => problemDiagnostic(p));
}

/** A path of keys (`'[]'` for a sequence item) from the root to the mapping that holds the cursor. */
type YamlPath = string[];

const KEY_LINE = /^(\s*)(-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)/;
const ITEM_LINE = /^(\s*)-(?:[ \t]|$)/;

/**
 * The mapping path of a key written at `column` on `line`, from the indentation of the
 * lines above (it works on half-typed YAML that does not parse).
 */
function pathAt(index: LineIndex, line: number, column: number, ownDash: number | null): YamlPath {
  const path: YamlPath = [];
  let cur = column;
  if (ownDash !== null) {
    path.unshift('[]');
    cur = ownDash;
  }
  for (let n = line - 1; n >= 0 && cur > 0; n--) {
    const t = index.lineText(n + 1);
    if (!t.trim() || /^\s*#/.test(t)) continue;
    const k = KEY_LINE.exec(t);
    const indent = /^\s*/.exec(t)![0].length;
    if (k) {
      const keyCol = k[1].length + (k[2]?.length ?? 0);
      if (keyCol < cur) {
        path.unshift(k[3]);
        if (k[2]) {
          path.unshift('[]');
          cur = k[1].length;
        } else cur = keyCol;
      } else if (k[2] && keyCol === cur) {
        // The first key of the sequence item we are in.
        path.unshift('[]');
        cur = k[1].length;
      }
    } else if (ITEM_LINE.test(t) && indent < cur) {
      path.unshift('[]');
      cur = indent;
    } else if (indent < cur) {
      break;
    }
  }
  return path;
}

function resolve(path: YamlPath): Schema | null {
  let node: Schema | null = ROOT;
  for (const step of path) {
    if (!node) return null;
    node = node.anyOf?.find((s) => s.properties || s.items || s.additionalProperties) ?? node;
    if (step === '[]') node = node.items ?? null;
    else node = node.properties?.[step] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : null);
  }
  return node;
}

/** Completion in `.handoff/config.yaml`: the keys the schema allows where the cursor is, and enum / boolean values. */
export function completeConfig(text: string, p: Pos): CompletionList {
  const index = new LineIndex(text);
  const line = index.lineText(p.line + 1);
  const before = line.slice(0, p.character);
  const list: CompletionList = { isIncomplete: false, items: [] };
  const span = (from: number, to: number) => ({ start: { line: p.line, character: from }, end: { line: p.line, character: to } });
  const wordEnd = (from: number) => from + /^[\w-]*/.exec(line.slice(from))![0].length;

  // A value: `key: |` or a `- |` item of a list of strings.
  const value = /^(\s*)(-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:[ \t]*([\w-]*)$/.exec(before);
  const item = /^(\s*)-[ \t]+([\w-]*)$/.exec(before);
  let node: Schema | null = null;
  let start = 0;
  if (value) {
    const keyCol = value[1].length + (value[2]?.length ?? 0);
    node = resolve([...pathAt(index, p.line, keyCol, value[2] ? value[1].length : null), value[3]]);
    start = p.character - value[4].length;
  } else if (item) {
    // The list is the value of the nearest key above at (or left of) the dash.
    const seq = resolve(pathAt(index, p.line, item[1].length + 1, null));
    node = seq?.items ?? null;
    start = p.character - item[2].length;
    // A `- ` item of a list of objects completes the object's keys instead.
    if (node && !node.enum && (node.properties || node.anyOf)) {
      addKeys(list, node, span(start, wordEnd(start)), new Set());
      return list;
    }
  }
  if (node) {
    const values: (string | boolean)[] = [];
    for (const s of [node, ...(node.anyOf ?? [])]) {
      if (s.enum) values.push(...s.enum.map((v) => (typeof v === 'boolean' ? v : String(v))));
      if (s.type === 'boolean') values.push(true, false);
    }
    [...new Set(values)].forEach((v, i) => list.items.push({ label: String(v), kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0'), textEdit: { range: span(start, wordEnd(start)), newText: String(v) } }));
    return list;
  }

  // A key.
  const key = /^(\s*)(-[ \t]+)?([\w-]*)$/.exec(before);
  if (key) {
    const col = key[1].length + (key[2]?.length ?? 0);
    const mapping = resolve(pathAt(index, p.line, col, key[2] ? key[1].length : null));
    if (mapping) addKeys(list, mapping, span(col, wordEnd(col)), siblingKeys(index, p.line, col));
  }
  return list;
}

function addKeys(list: CompletionList, mapping: Schema, range: Span, present: Set<string>): void {
  const m = mapping.anyOf?.find((s) => s.properties) ?? mapping;
  const names = m.properties ? Object.keys(m.properties) : (m.propertyNames?.enum?.map(String) ?? []);
  names.filter((n) => !present.has(n)).forEach((name, i) => {
    const prop = m.properties?.[name] ?? (typeof m.additionalProperties === 'object' ? m.additionalProperties : undefined);
    const isBlock = prop && (prop.type === 'array' || prop.type === 'object');
    list.items.push({
      label: name,
      kind: CompletionItemKind.Property,
      sortText: String(i).padStart(3, '0'),
      ...(prop?.description ? { documentation: { kind: 'markdown' as const, value: prop.description } } : {}),
      textEdit: { range, newText: isBlock ? `${name}:` : `${name}: ` },
    });
  });
}

/** Keys already written at `col` in the same mapping (above and below the cursor). */
function siblingKeys(index: LineIndex, line: number, col: number): Set<string> {
  const keys = new Set<string>();
  for (const dir of [-1, 1]) {
    for (let n = line + dir; n >= 0 && n < index.lines.length; n += dir) {
      const t = index.lineText(n + 1);
      if (!t.trim() || /^\s*#/.test(t)) continue;
      const k = KEY_LINE.exec(t);
      const keyCol = k ? k[1].length + (k[2]?.length ?? 0) : /^\s*/.exec(t)![0].length;
      if (keyCol < col) break;
      if (k && keyCol === col) {
        keys.add(k[3]);
        if (k[2] && dir === -1) break; // the first key of our sequence item
      }
    }
  }
  return keys;
}

/** Hover on a config key: the schema's description. */
export function hoverConfig(text: string, p: Pos): Hover | null {
  const index = new LineIndex(text);
  const line = index.lineText(p.line + 1);
  const k = KEY_LINE.exec(line);
  if (!k) return null;
  const col = k[1].length + (k[2]?.length ?? 0);
  if (p.character < col || p.character > col + k[3].length) return null;
  const node = resolve([...pathAt(index, p.line, col, k[2] ? k[1].length : null), k[3]]);
  if (!node?.description) return null;
  const values = node.enum ? `\n\n${l10n.t('Values: {0}', node.enum.map((v) => `\`${String(v)}\``).join(', '))}` : '';
  return { range: { start: { line: p.line, character: col }, end: { line: p.line, character: col + k[3].length } }, contents: { kind: 'markdown', value: `**${k[3]}** — ${node.description}${values}` } };
}
