/**
 * A format-neutral tree of a parsed configuration file with the line of every key, and
 * its flattening into key paths (`a.b[name=web].c`). Every format parser in this folder
 * produces a `CNode`, so the analyzers compare YAML, JSON, TOML, INI, properties and
 * `.env` files the same way.
 */

export type Scalar = string | number | boolean | null;

export type CNode =
  | { t: 'map'; line: number; entries: [string, CNode][] }
  | { t: 'seq'; line: number; items: CNode[] }
  | { t: 'val'; line: number; value: Scalar };

/** One leaf of a flattened tree. */
export interface Leaf {
  /** Comparable form of the value (JSON). */
  key: string;
  /** Human form of the value. */
  display: string;
  value: Scalar | Scalar[] | Record<string, never>;
  line: number;
}

export interface Flat {
  leaves: Map<string, Leaf>;
  /** Paths of maps and sequences (with their line), so that a whole removed section collapses to one finding. */
  interiors: Map<string, number>;
}

/** Sequences longer than this compare as one value (a list of 500 hosts is one fact, not 500). */
const MAX_SEQ_ITEMS = 200;
const MAX_DEPTH = 40;
/** Fields that identify an element of a list of mappings (Kubernetes containers, ports, env). */
const IDENTITY_FIELDS = ['name', 'id', 'key'];

export function joinPath(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Parent of a flattened path (`a.b[0]` → `a.b`, `a.b` → `a`, `a` → ''). */
export function parentPath(path: string): string {
  if (path.endsWith(']')) {
    const open = path.lastIndexOf('[');
    if (open > 0) return path.slice(0, open);
  }
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

const flatCache = new WeakMap<CNode, Flat>();

/** Key paths of a tree (cached per tree: parsed trees are shared between analyzers, so do not mutate the result). */
export function flatten(root: CNode, prefix = ''): Flat {
  const cached = prefix === '' ? flatCache.get(root) : undefined;
  if (cached) return cached;
  const flat: Flat = { leaves: new Map(), interiors: new Map() };
  walk(root, prefix, flat, 0);
  if (prefix === '') flatCache.set(root, flat);
  return flat;
}

function scalarDisplay(v: Scalar): string {
  return v === null ? 'null' : typeof v === 'string' ? v : String(v);
}

function walk(node: CNode, path: string, flat: Flat, depth: number): void {
  if (node.t === 'val') {
    if (path !== '' && !flat.leaves.has(path)) flat.leaves.set(path, { key: JSON.stringify(node.value), display: scalarDisplay(node.value), value: node.value, line: node.line });
    return;
  }
  if (depth > MAX_DEPTH) return;
  if (node.t === 'map') {
    if (node.entries.length === 0) {
      if (path !== '' && !flat.leaves.has(path)) flat.leaves.set(path, { key: '{}', display: '{}', value: {}, line: node.line });
      return;
    }
    if (path !== '' && !flat.interiors.has(path)) flat.interiors.set(path, node.line);
    for (const [k, child] of node.entries) {
      const p = joinPath(path, k);
      // First occurrence wins (duplicate keys, if/else branches of a template).
      if (flat.leaves.has(p) || flat.interiors.has(p)) continue;
      walk(child, p, flat, depth + 1);
    }
    return;
  }
  // Sequence.
  const items = node.items;
  if (items.every((i) => i.t === 'val') || items.length > MAX_SEQ_ITEMS) {
    if (path === '' || flat.leaves.has(path)) return;
    const values = items.map((i) => (i.t === 'val' ? i.value : (toPlain(i) as Scalar)));
    const key = JSON.stringify(values);
    flat.leaves.set(path, { key, display: `[${values.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : scalarDisplay(v))).join(', ')}]`, value: values, line: node.line });
    return;
  }
  if (path !== '' && !flat.interiors.has(path)) flat.interiors.set(path, node.line);
  const labels = itemLabels(items);
  items.forEach((item, i) => walk(item, `${path}[${labels[i]}]`, flat, depth + 1));
}

/** `name=web` when every item is a mapping with a distinct scalar identity field, else the index. */
export function itemLabels(items: CNode[]): string[] {
  for (const field of IDENTITY_FIELDS) {
    const ids: string[] = [];
    for (const item of items) {
      if (item.t !== 'map') break;
      const e = item.entries.find(([k]) => k === field);
      if (!e || e[1].t !== 'val' || e[1].value === null || typeof e[1].value === 'object') break;
      ids.push(`${field}=${String(e[1].value)}`);
    }
    if (ids.length === items.length && new Set(ids).size === ids.length) return ids;
  }
  return items.map((_, i) => String(i));
}

/** Plain JS value of a node (for values compared as a whole). */
export function toPlain(node: CNode): unknown {
  if (node.t === 'val') return node.value;
  if (node.t === 'seq') return node.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const [k, v] of node.entries) if (!(k in o)) o[k] = toPlain(v);
  return o;
}

/** The child of a map node by key. */
export function child(node: CNode | undefined, key: string): CNode | undefined {
  if (!node || node.t !== 'map') return undefined;
  return node.entries.find(([k]) => k === key)?.[1];
}

/** Follows a key path through maps. */
export function at(node: CNode | undefined, ...keys: string[]): CNode | undefined {
  let n = node;
  for (const k of keys) n = child(n, k);
  return n;
}

/** The scalar at a node as a string (numbers and booleans stringified); undefined for maps/sequences. */
export function str(node: CNode | undefined): string | undefined {
  if (!node || node.t !== 'val' || node.value === null) return undefined;
  return String(node.value);
}

/** Builds a tree from a plain JS value; every node gets `line` unless `lineOf` knows better. */
export function fromPlain(value: unknown, lineOf: (path: string[]) => number | undefined, path: string[] = [], fallback = 1): CNode {
  const line = lineOf(path) ?? fallback;
  if (Array.isArray(value)) return { t: 'seq', line, items: value.map((v, i) => fromPlain(v, lineOf, [...path, String(i)], line)) };
  if (value instanceof Date) return { t: 'val', line, value: value.toISOString() };
  if (value !== null && typeof value === 'object') {
    return { t: 'map', line, entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v, lineOf, [...path, k], line)]) };
  }
  if (typeof value === 'bigint') return { t: 'val', line, value: value.toString() };
  return { t: 'val', line, value: value as Scalar };
}
