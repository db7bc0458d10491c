import { baseName, effectiveExtension, stripTemplateSuffix } from './files';
import { parseJsonTree } from './json';
import { parseDirectiveTree, parseEnvTree, parseIniTree, parsePropertiesTree } from './keyValue';
import { parseTomlTree } from './toml';
import { child, flatten, parentPath, str, type CNode, type Flat, type Leaf } from './tree';
import { hasTemplateDirectives, parseYamlDocs, scanYamlKeys } from './yaml';

export type ConfigFormat = 'yaml' | 'json' | 'toml' | 'ini' | 'properties' | 'env';

const BY_EXTENSION: Record<string, ConfigFormat> = {
  yml: 'yaml', yaml: 'yaml',
  json: 'json', jsonc: 'json', json5: 'json', hjson: 'json', babelrc: 'json', eslintrc: 'json', prettierrc: 'json',
  toml: 'toml',
  ini: 'ini', cfg: 'ini', conf: 'ini', cnf: 'ini', service: 'ini', timer: 'ini', socket: 'ini', mount: 'ini', path: 'ini',
  target: 'ini', npmrc: 'ini', editorconfig: 'ini', gitconfig: 'ini', pylintrc: 'ini', flake8: 'ini', coveragerc: 'ini',
  properties: 'properties',
  env: 'env',
};

/** The config format of a file by its name (template suffixes ignored), or by a look at its text. */
export function detectFormat(path: string, text?: string | null): ConfigFormat | null {
  const name = stripTemplateSuffix(baseName(path)).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name === 'env' || name.endsWith('.env')) return 'env';
  const byExt = BY_EXTENSION[effectiveExtension(path)];
  if (byExt) return byExt;
  if (name.startsWith('.') && BY_EXTENSION[name.slice(1)]) return BY_EXTENSION[name.slice(1)];
  if (!text) return null;
  const first = text.replace(/^\uFEFF/, '').replace(/^\s*(#|\/\/).*$/gm, '').trimStart();
  if (first.startsWith('{') || first.startsWith('[{') || first.startsWith('[\n')) return 'json';
  if (/^\[[^\]\n]+\]\s*$/m.test(text) && /^\s*[\w.\-]+\s*=/m.test(text)) return 'ini';
  if (/^[A-Za-z_][A-Za-z0-9_]*=/m.test(text) && !/^\s*[\w\-]+:\s/m.test(text)) return 'env';
  if (/^\s*[\w\-"']+:(\s|$)/m.test(text)) return 'yaml';
  return null;
}

export interface ParsedConfig {
  format: ConfigFormat;
  root: CNode;
  /** True when the tree came from a line-based reading (template directives, syntax error). */
  degraded: boolean;
}

/**
 * The last few parses: the engine runs several analyzers (config-keys, ports, dockerfile,
 * api-schema) over the same two texts of a change, so each side is parsed once.
 */
const recent = new Map<string, ParsedConfig | null>();
const RECENT_MAX = 8;

/** Parses a config file of any supported format into one tree; null when it cannot be read. Trees are shared: do not mutate. */
export function parseConfig(path: string, text: string, format: ConfigFormat | null = detectFormat(path, text)): ParsedConfig | null {
  const directives = /\.(conf|cnf|cfg)$/i.test(stripTemplateSuffix(baseName(path)));
  const key = `${format}\0${directives}\0${text}`;
  if (recent.has(key)) return recent.get(key)!;
  const parsed = parseUncached(text, format, directives);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, parsed);
  return parsed;
}

function parseUncached(text: string, format: ConfigFormat | null, directives: boolean): ParsedConfig | null {
  switch (format) {
    case 'yaml': {
      if (hasTemplateDirectives(text)) return { format, root: scanYamlKeys(text), degraded: true };
      const docs = parseYamlDocs(text);
      if (!docs) return { format, root: scanYamlKeys(text), degraded: true };
      return { format, root: combineDocs(docs), degraded: false };
    }
    case 'json': {
      const root = parseJsonTree(text);
      return root ? { format, root, degraded: false } : null;
    }
    case 'toml': {
      const root = parseTomlTree(text);
      return root ? { format, root, degraded: false } : null;
    }
    case 'ini': {
      const root = parseIniTree(text) ?? (directives ? parseDirectiveTree(text) : null);
      return root ? { format, root, degraded: false } : null;
    }
    case 'properties':
      return { format, root: parsePropertiesTree(text), degraded: false };
    case 'env':
      return { format, root: parseEnvTree(text), degraded: false };
    default:
      return null;
  }
}

/**
 * One tree for a YAML stream: a single document as is; several documents keyed by
 * `Kind/name` when they are Kubernetes objects with distinct names, else by position.
 */
export function combineDocs(docs: CNode[]): CNode {
  const nonEmpty = docs.filter((d) => !(d.t === 'val' && d.value === null));
  if (nonEmpty.length === 1) return nonEmpty[0];
  if (nonEmpty.length === 0) return { t: 'map', line: 1, entries: [] };
  const ids = nonEmpty.map((d) => {
    const kind = str(child(d, 'kind'));
    const name = str(child(child(d, 'metadata'), 'name'));
    return kind && name ? `${kind}/${name}` : null;
  });
  if (ids.every((id) => id !== null) && new Set(ids).size === ids.length) {
    return { t: 'map', line: 1, entries: nonEmpty.map((d, i) => [ids[i]!, d]) };
  }
  return { t: 'map', line: 1, entries: nonEmpty.map((d, i) => [`[${i}]`, d]) };
}

/** A key or section present on one side only; `keys` counts the leaves under it. */
export interface KeyGroup {
  path: string;
  line: number;
  keys: number;
  /** The leaf itself when the group is one key. */
  leaf?: Leaf;
}

export interface ValueChange {
  path: string;
  oldLeaf: Leaf | null;
  newLeaf: Leaf | null;
  /** Line in the new file. */
  line: number;
}

export interface ConfigDiff {
  added: KeyGroup[];
  /** `line` is the old-file line. */
  removed: KeyGroup[];
  changed: ValueChange[];
}

const EMPTY_DISPLAYS = new Set(['{}', '[]', 'null', '']);

/** Compares two flattened trees: added and removed keys (collapsed to their top-most new/old section) and changed values. */
export function diffFlat(oldFlat: Flat, newFlat: Flat): ConfigDiff {
  const diff: ConfigDiff = { added: [], removed: [], changed: [] };
  const groups = (from: Flat, other: Flat, out: KeyGroup[], onStructure: (path: string, leaf: Leaf) => void): void => {
    const byTop = new Map<string, KeyGroup>();
    for (const [path, leaf] of from.leaves) {
      if (other.leaves.has(path)) continue;
      if (other.interiors.has(path)) {
        // A value became a section (or back): empty placeholders just make room for the keys under them.
        if (!EMPTY_DISPLAYS.has(leaf.display)) onStructure(path, leaf);
        continue;
      }
      let top = path;
      for (let p = parentPath(path); p !== '' && from.interiors.has(p) && !other.leaves.has(p) && !other.interiors.has(p); p = parentPath(p)) top = p;
      const g = byTop.get(top);
      if (g) {
        g.keys++;
        g.leaf = undefined;
      } else byTop.set(top, { path: top, line: top === path ? leaf.line : (from.interiors.get(top) ?? leaf.line), keys: 1, leaf: top === path ? leaf : undefined });
    }
    for (const g of byTop.values()) out.push(g); // not push(...): 100 K+ keys overflow the stack
  };
  groups(newFlat, oldFlat, diff.added, (path, leaf) => diff.changed.push({ path, oldLeaf: null, newLeaf: leaf, line: leaf.line }));
  groups(oldFlat, newFlat, diff.removed, (path, leaf) => diff.changed.push({ path, oldLeaf: leaf, newLeaf: null, line: newFlat.interiors.get(path) ?? leaf.line }));
  for (const [path, nl] of newFlat.leaves) {
    const ol = oldFlat.leaves.get(path);
    if (ol && ol.key !== nl.key) diff.changed.push({ path, oldLeaf: ol, newLeaf: nl, line: nl.line });
  }
  return diff;
}

export { flatten };
