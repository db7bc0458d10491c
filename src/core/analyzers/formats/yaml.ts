import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, visit, type Alias, type Document, type Node as YNode } from 'yaml';
import { splitLines } from './files';
import type { CNode, Scalar } from './tree';

/**
 * True when the text holds Go/Helm/Jinja template directives (not valid YAML as
 * written). GitHub Actions expressions (`${{ … }}`) are ordinary YAML strings.
 */
export function hasTemplateDirectives(text: string): boolean {
  // comment lines are not directives; a directive may span lines (linear: indexOf scans)
  const code = splitLines(text).filter((l) => !l.trimStart().startsWith('#')).join('\n');
  let p = code.indexOf('{{');
  while (p > 0 && code.charCodeAt(p - 1) === 36 /* $ */) p = code.indexOf('{{', p + 1);
  if (p >= 0 && code.indexOf('}}', p + 2) >= 0) return true;
  const q = code.indexOf('{%');
  return q >= 0 && code.indexOf('%}', q + 2) >= 0;
}

/**
 * Parses every document of a YAML stream into trees with key lines. Null when the text
 * has a syntax error (callers then fall back to `scanYamlKeys`).
 */
const FIRST_ERROR = new Error('YAML syntax error');

/** Flow collections nested deeper than this are not configuration: such a text is read line by line. */
const MAX_FLOW_DEPTH = 256;

/**
 * True when `[`/`{` nest deeper than MAX_FLOW_DEPTH (brackets inside quoted scalars counted
 * too: a false alarm only costs the line-based reading). The YAML parser handles 50 K nested
 * brackets, but spends a second on 100 KB of them.
 */
function tooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) { if (++depth > MAX_FLOW_DEPTH) return true; }
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return false;
}

export function parseYamlDocs(text: string): CNode[] | null {
  if (tooDeep(text)) return null;
  const lc = new LineCounter();
  const docs: Document.Parsed[] = [];
  // The first syntax error ends the parse (callers read such a file line by line): a
  // hostile text of 100 K stray quotes would otherwise make 100 K error objects.
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: false });
  (composer as unknown as { onError: (source: unknown, code: string, message: string, warning?: boolean) => void }).onError = (_s, _c, _m, warning) => {
    if (!warning) throw FIRST_ERROR;
  };
  try {
    for (const doc of composer.compose(new Parser(lc.addNewLine).parse(text))) docs.push(doc as Document.Parsed);
  } catch {
    return null;
  }
  const out: CNode[] = [];
  // Aliases are expanded into the tree: an alias bomb (each anchor naming the previous one
  // ten times) would grow it exponentially. The whole stream gets a budget of nodes linear
  // in its size; past it, aliases read as null.
  const budget = { nodes: 2 * text.length + 1000 };
  for (const doc of docs) {
    if (doc.errors.length) return null;
    if (doc.contents == null) continue;
    const conv = new Converter(doc, lc, budget);
    out.push(conv.node(doc.contents as YNode, 1, 0));
  }
  return out;
}

/**
 * Every alias of a document with the node it names: the last node before it carrying that
 * anchor, as YAML says. One walk of the document for all of them: `Alias.resolve(doc)` walks
 * the whole document on every call, so 25 K aliases in a 100 KB file cost 25 K walks (a
 * stall, issue 16).
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, YNode> {
  const anchors = new Map<string, YNode>();
  const targets = new Map<Alias, YNode>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) anchors.set(node.anchor, node as YNode);
    },
  });
  return targets;
}

class Converter {
  private readonly aliases: Map<Alias, YNode>;
  constructor(
    doc: Document.Parsed,
    private readonly lc: LineCounter,
    private readonly budget: { nodes: number },
  ) {
    this.aliases = aliasTargets(doc);
  }

  private lineOf(n: unknown, fallback: number): number {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return r ? this.lc.linePos(r[0]).line : fallback;
  }

  node(n: YNode | null | undefined, line: number, depth: number): CNode {
    if (depth > 60 || n == null || --this.budget.nodes < 0) return { t: 'val', line, value: null };
    if (isAlias(n)) {
      const target = this.aliases.get(n);
      return target ? this.node(target, line, depth + 1) : { t: 'val', line, value: null };
    }
    if (isScalar(n)) return { t: 'val', line, value: scalarValue(n.value) };
    if (isSeq(n)) return { t: 'seq', line, items: n.items.map((it) => this.node(it as YNode, this.lineOf(it, line), depth + 1)) };
    if (isMap(n)) {
      const entries: [string, CNode][] = [];
      const merged: [string, CNode][] = [];
      for (const pair of n.items) {
        const keyLine = this.lineOf(pair.key, line);
        const key = isScalar(pair.key) ? String(pair.key.value) : pair.key == null ? 'null' : String((pair.key as { toString(): string }).toString());
        if (key === '<<') {
          // YAML 1.1 merge key: explicit keys win over merged ones, whatever the order.
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const s of sources) {
            const m = this.node(s as YNode, keyLine, depth + 1);
            // one by one: push(...entries) overflows the stack past ~100 K entries
            if (m.t === 'map') for (const [k, v] of m.entries) merged.push([k, { ...v, line: keyLine }]);
          }
          continue;
        }
        entries.push([key, this.node(pair.value as YNode, keyLine, depth + 1)]);
        // The entry's node carries its key's line.
        entries[entries.length - 1][1].line = keyLine;
      }
      if (merged.length) {
        const explicit = new Set(entries.map(([e]) => e));
        for (const [k, v] of merged) if (!explicit.has(k)) { explicit.add(k); entries.push([k, v]); }
      }
      return { t: 'map', line, entries };
    }
    return { t: 'val', line, value: null };
  }
}

function scalarValue(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/**
 * Line-based YAML key reader for files that are not valid YAML as written (Helm
 * templates, Jinja): builds the key tree from indentation, skipping template-only
 * lines, comments and block scalars. Values are the raw text after the colon.
 */
export function scanYamlKeys(text: string): CNode {
  type MapNode = CNode & { t: 'map' };
  type SeqNode = CNode & { t: 'seq' };
  const root: MapNode = { t: 'map', line: 1, entries: [] };
  const stack: { indent: number; node: MapNode | SeqNode }[] = [{ indent: -1, node: root }];
  let pending: { entry: [string, CNode]; indent: number } | null = null;
  let blockIndent = -1;
  const lines = splitLines(text);

  const addKey = (map: MapNode, indent: number, rest: string, line: number): boolean => {
    const kv = splitKey(rest);
    if (!kv) return false;
    const entry: [string, CNode] = [kv.key, { t: 'val', line, value: unquote(kv.value) }];
    map.entries.push(entry);
    if (kv.value === '') pending = { entry, indent };
    else if (/^[|>][-+0-9]*$/.test(kv.value)) blockIndent = indent;
    return true;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = i + 1;
    const trimmed = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (blockIndent >= 0) {
      if (trimmed === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...') continue;
    if (/^\{\{.*\}\}$/.test(trimmed) || /^\{%.*%\}$/.test(trimmed)) continue;
    const isItem = trimmed === '-' || trimmed.startsWith('- ');

    if (pending) {
      const p: { entry: [string, CNode]; indent: number } = pending;
      pending = null;
      if (isItem && indent >= p.indent) {
        const seq: SeqNode = { t: 'seq', line: p.entry[1].line, items: [] };
        p.entry[1] = seq;
        stack.push({ indent, node: seq });
      } else if (!isItem && indent > p.indent) {
        const map: MapNode = { t: 'map', line: p.entry[1].line, entries: [] };
        p.entry[1] = map;
        stack.push({ indent, node: map });
      }
    }
    while (stack.length > 1) {
      const top = stack[stack.length - 1];
      if (top.indent > indent || (!isItem && top.node.t === 'seq' && top.indent >= indent)) stack.pop();
      else break;
    }
    const top = stack[stack.length - 1];
    if (top.indent === -1 && top.node === root) top.indent = indent;

    if (isItem) {
      if (top.node.t !== 'seq' || top.indent !== indent) continue;
      const rest = trimmed.slice(1).trimStart();
      const keyCol = indent + (trimmed.length - rest.length);
      if (splitKey(rest)) {
        const item: MapNode = { t: 'map', line, entries: [] };
        top.node.items.push(item);
        stack.push({ indent: keyCol, node: item });
        addKey(item, keyCol, rest, line);
      } else {
        top.node.items.push({ t: 'val', line, value: unquote(rest) });
      }
      continue;
    }
    if (top.node.t !== 'map' || top.indent !== indent) continue;
    addKey(top.node, indent, trimmed, line);
  }
  return root;
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]) : v;
}

/**
 * `key: value` of a trimmed line (key plain, "double" or 'single' quoted; value without a
 * trailing ` # comment`), or null. One left-to-right scan (a regular expression with
 * `[^:#]*?\s*:` is quadratic on a line of spaces).
 */
function splitKey(s: string): { key: string; value: string } | null {
  const c = s[0];
  if (c === undefined) return null;
  let keyEnd: number; // end of the key's text
  let j: number; // scan position after the key
  if (c === '"' || c === "'") {
    const close = s.indexOf(c, 1);
    if (close < 0) return null;
    keyEnd = close + 1;
    j = keyEnd;
    while (j < s.length && isWs(s.charCodeAt(j))) j++;
    if (s[j] !== ':') return null;
  } else {
    if (c === '-') { if (s.length < 2 || isWs(s.charCodeAt(1)) || s[1] === ':' || s[1] === '#') return null; }
    else if (isWs(c.charCodeAt(0)) || '#:{}[],&*!|>\'"%@`'.includes(c)) return null;
    j = 1;
    while (j < s.length && s[j] !== ':' && s[j] !== '#') j++;
    if (s[j] !== ':') return null;
    keyEnd = j;
    while (keyEnd > 1 && isWs(s.charCodeAt(keyEnd - 1))) keyEnd--;
  }
  const afterColon = j + 1;
  if (afterColon < s.length && !isWs(s.charCodeAt(afterColon))) return null;
  const rawKey = s.slice(0, keyEnd);
  if (rawKey.includes('{{')) return null;
  let value = s.slice(afterColon);
  // a comment starts at a `#` after blank space
  for (let k = 1; k < value.length; k++) {
    if (value.charCodeAt(k) === 35 && isWs(value.charCodeAt(k - 1))) { value = value.slice(0, k); break; }
  }
  return { key: unquote(rawKey), value: value.trim() };
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
}
