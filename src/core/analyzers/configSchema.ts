/**
 * A JSON Schema of the operator's config file (`config-schema.json`, `settings-schema.json`,
 * `config/schema.yaml`, `app-config.schema.yaml`), read as the settings it defines rather than as
 * keys of a data file (issue 11). What it says about deployed configs:
 *
 * - a property no longer defined (removed or renamed): a deployed config that sets it is refused
 *   (`additionalProperties: false`) or ignored: an action;
 * - a property's type narrowed (`boolean | object` → `object`, `array` → `object`): deployed values of
 *   the dropped type no longer validate: an action;
 * - a property's `default` changed: installations that omit it change behaviour: an action;
 * - a property newly `required`: configs without it are refused: an action;
 * - a property added with no `required`: an optional new setting (info);
 * - `description`, `title`, `examples`, `$id` edits: nothing to do (not reported).
 *
 * The walk follows `properties`, `items`, `additionalProperties`/`patternProperties` (as `*`),
 * the branches of `oneOf`/`anyOf`/`allOf`, and local `$ref`s (`#/$defs/x`, `#/definitions/x`)
 * at most MAX_DEPTH deep; every node is visited a bounded number of times, so the cost is linear
 * in the parsed tree.
 */
import { isPunct, lex } from '../lex';
import type { Finding } from '../types';
import type { CNode, Scalar } from './formats/tree';

const MAX_DEPTH = 12;
const MAX_PROPERTIES = 5000;

interface Prop {
  /** Dotted setting path (`sonarr.*.base_url`). */
  path: string;
  types: Set<string>;
  /** Comparable JSON of the `default`, or undefined. */
  def?: string;
  required: boolean;
  line: number;
}

function get(node: CNode | undefined, key: string): CNode | undefined {
  if (!node || node.t !== 'map') return undefined;
  for (const [k, v] of node.entries) if (k === key) return v;
  return undefined;
}

function scalar(node: CNode | undefined): Scalar | undefined {
  return node && node.t === 'val' ? node.value : undefined;
}

/** True when a parsed config is a JSON Schema describing an object's settings. */
export function isJsonSchema(root: CNode): boolean {
  if (root.t !== 'map') return false;
  const props = get(root, 'properties');
  const schemaUri = scalar(get(root, '$schema'));
  if (typeof schemaUri === 'string' && /json-schema/i.test(schemaUri)) return true;
  return props !== undefined && props.t === 'map' && (scalar(get(root, 'type')) === 'object' || get(root, '$defs') !== undefined || get(root, 'definitions') !== undefined || get(root, 'additionalProperties') !== undefined);
}

function toJson(node: CNode): string {
  if (node.t === 'val') return JSON.stringify(node.value);
  if (node.t === 'seq') return `[${node.items.map(toJson).join(',')}]`;
  return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
}

function typesOf(node: CNode): string[] {
  const t = get(node, 'type');
  if (!t) return [];
  if (t.t === 'val' && typeof t.value === 'string') return [t.value];
  if (t.t === 'seq') return t.items.map((i) => scalar(i)).filter((v): v is string => typeof v === 'string');
  return [];
}

/** The settings a schema defines, by dotted path. */
export function schemaProperties(root: CNode): Map<string, Prop> {
  const out = new Map<string, Prop>();
  const defs = new Map<string, CNode>();
  for (const holder of ['$defs', 'definitions']) {
    const d = get(root, holder);
    if (d && d.t === 'map') for (const [k, v] of d.entries) defs.set(`#/${holder}/${k}`, v);
  }
  let budget = MAX_PROPERTIES * 4;
  // `choice`: a branch of oneOf / anyOf — its `required` holds only when that branch is the one chosen
  // (`token_from` is one of `header`, `query_parameter`, `cookie`): no setting becomes required for everyone.
  const visit = (node: CNode, path: string, depth: number, into: Prop | null, choice = false): void => {
    if (node.t !== 'map' || depth > MAX_DEPTH || budget-- <= 0) return;
    if (into) {
      for (const t of typesOf(node)) into.types.add(t);
      const d = get(node, 'default');
      if (d !== undefined && into.def === undefined) into.def = toJson(d);
    }
    const ref = scalar(get(node, '$ref'));
    if (typeof ref === 'string' && defs.has(ref)) visit(defs.get(ref)!, path, depth + 1, into);
    for (const branch of ['oneOf', 'anyOf', 'allOf']) {
      const b = get(node, branch);
      if (b && b.t === 'seq') for (const item of b.items) visit(item, path, depth + 1, into, branch !== 'allOf' && b.items.length > 1);
    }
    const props = get(node, 'properties');
    if (props && props.t === 'map') {
      const req = get(node, 'required');
      const names = new Set(req && req.t === 'seq' ? req.items.map((i) => String(scalar(i))) : []);
      for (const [k, v] of props.entries) {
        if (out.size >= MAX_PROPERTIES) break;
        const p = path === '' ? k : `${path}.${k}`;
        let prop = out.get(p);
        if (!prop) out.set(p, (prop = { path: p, types: new Set(), required: false, line: v.line }));
        if (names.has(k) && !choice) prop.required = true;
        visit(v, p, depth + 1, prop);
      }
    }
    const items = get(node, 'items');
    if (items && items.t === 'map') visit(items, path === '' ? '[]' : `${path}[]`, depth + 1, null);
    const extra = get(node, 'additionalProperties');
    if (extra && extra.t === 'map') visit(extra, path === '' ? '*' : `${path}.*`, depth + 1, null);
    const pattern = get(node, 'patternProperties');
    if (pattern && pattern.t === 'map') for (const [, v] of pattern.entries) visit(v, path === '' ? '*' : `${path}.*`, depth + 1, null);
  };
  visit(root, '', 0, null);
  return out;
}

function under(path: string, parents: Set<string>): boolean {
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) if (parents.has(path.slice(0, i))) return true;
  return false;
}

function clip(v: string): string {
  return `\`${v.length > 40 ? `${v.slice(0, 40)}…` : v}\``;
}

/** The findings of a changed config schema (both sides parsed as JSON Schemas); see the file comment. */
export function configSchemaFindings(schemaPath: string, oldRoot: CNode, newRoot: CNode): Finding[] {
  const before = schemaProperties(oldRoot);
  const after = schemaProperties(newRoot);
  const why = `the config schema \`${schemaPath}\``;
  const out: Finding[] = [];
  const removed = new Set<string>();
  for (const p of before.keys()) {
    if (after.has(p) || under(p, removed)) continue;
    removed.add(p);
    out.push({ kind: 'config-key-removed', subject: p, severity: 'warning', message: `setting \`${p}\` is no longer defined by ${why}: a deployed config that sets it is refused or ignored — rename or remove it there` });
  }
  const added = new Set<string>();
  for (const [p, n] of after) {
    const o = before.get(p);
    if (!o) {
      if (under(p, added)) continue;
      added.add(p);
      out.push(
        n.required
          ? { kind: 'config-key-added', subject: p, severity: 'warning', line: n.line, message: `new required setting \`${p}\` in ${why}: configs without it are refused — set it before upgrading` }
          : { kind: 'config-key-added', subject: p, severity: 'info', line: n.line, message: `new optional setting \`${p}\` in ${why}` },
      );
      continue;
    }
    if (n.required && !o.required) {
      out.push({ kind: 'config-key-added', subject: p, severity: 'warning', line: n.line, message: `setting \`${p}\` becomes required in ${why}: configs without it are refused — set it before upgrading` });
    }
    const dropped = [...o.types].filter((t) => !n.types.has(t) && !(t === 'integer' && n.types.has('number')));
    if (n.types.size > 0 && dropped.length > 0) {
      out.push({ kind: 'config-value-changed', subject: p, severity: 'warning', line: n.line, message: `setting \`${p}\` no longer accepts ${dropped.join('/')} values in ${why} (now ${[...n.types].join('/')}): convert deployed values` });
    }
    if (o.def !== undefined && n.def !== undefined && o.def !== n.def) {
      out.push({ kind: 'default-changed', subject: p, severity: 'warning', line: n.line, message: `default of \`${p}\` changes from ${clip(o.def)} to ${clip(n.def)} in ${why}: installations that do not set it change behaviour` });
    }
  }
  return out;
}

/**
 * A cuttlefish schema (`priv/schema/rabbit.schema`, `priv/emqx.schema`, `priv/riak_kv.schema`,
 * VerneMQ's `priv/vmq_server.schema`): the Erlang file that defines every key the `.conf` file
 * may set, as `{mapping, "conf.key", "app.env_key", [...]}.` terms. Cuttlefish refuses to start
 * with a `.conf` that sets a key no mapping defines, so a mapping removed is a config action
 * (RabbitMQ 3.7.12 removed `inet_dist_listen_min`); a mapping added is an optional setting.
 */
export function isCuttlefishSchema(path: string, text: string | null): boolean {
  return path.endsWith('.schema') && text != null && text.includes('{mapping,');
}

/** The keys a cuttlefish schema defines, with their lines (erlang lexer tokens: `{` `mapping` `,` "key"). */
export function cuttlefishKeys(text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (text.length > 5_000_000) return out;
  const T = lex('erlang', text).filter((t) => t.kind !== 'comment');
  for (let k = 0; k + 3 < T.length && out.size < MAX_PROPERTIES; k++) {
    if (!isPunct(T[k], '{') || T[k + 1].kind !== 'ident' || T[k + 1].value !== 'mapping' || !isPunct(T[k + 2], ',') || T[k + 3].kind !== 'string') continue;
    if (!out.has(T[k + 3].value)) out.set(T[k + 3].value, T[k + 3].line);
  }
  return out;
}

/** Findings of a changed cuttlefish schema: mappings removed (an action) and added (optional settings). */
export function cuttlefishFindings(schemaPath: string, oldText: string | null, newText: string | null): Finding[] {
  const before = oldText != null ? cuttlefishKeys(oldText) : new Map<string, number>();
  const after = newText != null ? cuttlefishKeys(newText) : new Map<string, number>();
  const why = `the config schema \`${schemaPath}\``;
  const out: Finding[] = [];
  for (const p of before.keys()) {
    if (after.has(p)) continue;
    out.push({ kind: 'config-key-removed', subject: p, severity: 'warning', message: `setting \`${p}\` is no longer defined by ${why}: a deployed config that sets it is refused or ignored — rename or remove it there` });
  }
  if (oldText != null) {
    for (const [p, line] of after) if (!before.has(p)) out.push({ kind: 'config-key-added', subject: p, severity: 'info', line, message: `new optional setting \`${p}\` in ${why}` });
  }
  return out;
}
