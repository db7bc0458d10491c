import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { LineIndex } from '../notes/text';
import { BUILTIN_RULES } from '../rules/packs';
import { CONFIG_SCHEMA, type ConfigFile, type SchemaNode } from './schema';
import type { SourceProblem } from '../types';
import { defaultConfig, type HandoffConfig } from './types';
import { editDistance } from '../util/editDistance';

/**
 * One problem in a config file. Codes: `yaml-syntax`, `not-a-map`, `wrong-type`, `not-allowed`, `unknown-key`,
 * `missing-key`, `bad-regex`, `too-small`, `duplicate-rule`, `rule-without-paths`.
 */
export type ConfigProblem = SourceProblem;

type Range = { line: number; column: number; endLine?: number; endColumn?: number };

/**
 * Validates the text of `.handoff/config.yaml` against `CONFIG_SCHEMA` (plus what a
 * schema cannot say: regular expressions compile, new rules name paths, rule ids are
 * unique). `config` (with defaults applied) is set when there is no error. The
 * language server and `loadConfig` share it.
 */
export function validateConfigText(text: string): { config?: HandoffConfig; problems: ConfigProblem[] } {
  const index = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (node: YamlNode | null | undefined, fallback: Range = { line: 1, column: 1 }): Range => {
    if (!node?.range) return fallback;
    const s = index.positionAt(node.range[0]);
    const e = index.positionAt(node.range[1]);
    return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  for (const e of doc.errors) {
    const p = index.positionAt(e.pos[0]);
    problems.push({ line: p.line, column: p.column, severity: 'error', code: 'yaml-syntax', message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
  }
  if (problems.length) return { problems };

  const root = doc.contents as YamlNode | null;
  if (root === null || (isScalar(root) && root.value == null)) return { config: defaultConfig(), problems };
  check(root, CONFIG_SCHEMA, '', problems, at, true);

  // What the schema cannot say.
  if (isMap(root)) {
    const rulesPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'rules') as Pair<YamlNode, YamlNode | null> | undefined;
    if (rulesPair && isSeq(rulesPair.value)) {
      const builtin = new Set(BUILTIN_RULES.map((r) => r.id));
      const seen = new Map<string, number>();
      rulesPair.value.items.forEach((item, i) => {
        if (!isMap(item)) return;
        const get = (k: string) => item.items.find((p) => isScalar(p.key) && p.key.value === k) as Pair<YamlNode, YamlNode | null> | undefined;
        const idPair = get('id');
        const id = idPair && isScalar(idPair.value) ? String(idPair.value.value) : null;
        if (id === null) return;
        if (seen.has(id)) problems.push({ ...at(idPair!.value), severity: 'error', code: 'duplicate-rule', message: `rules[${i}].id: '${id}' is already configured in rules[${seen.get(id)}]` });
        seen.set(id, i);
        const paths = get('paths');
        if (!builtin.has(id) && !(paths && isSeq(paths.value) && paths.value.items.length)) {
          problems.push({ ...at(idPair!.value), severity: 'error', code: 'rule-without-paths', message: `rules[${i}]: '${id}' is not a built-in rule, so it needs \`paths\` (globs of the files it matches)` });
        }
      });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.some((p) => p.severity === 'error')) return { problems };

  const raw = stripNulls(doc.toJS() ?? {}) as ConfigFile;
  const config = defaultConfig();
  if (raw.base != null) config.base = raw.base;
  if (raw.rules != null) config.rules = raw.rules;
  if (raw.ignore != null) config.ignore = raw.ignore;
  if (raw.roles != null) config.roles = raw.roles;
  if (raw.environments != null) config.environments = raw.environments;
  if (raw.maxFileBytes != null) config.maxFileBytes = raw.maxFileBytes;
  if (raw.templates != null) config.templates = raw.templates;
  if (raw.profile != null) config.profile = raw.profile;
  return { config, problems };
}

/** Checks one node against one schema node; returns false when it found a problem. */
function check(node: YamlNode | null, schema: SchemaNode, where: string, problems: ConfigProblem[], at: (n: YamlNode | null | undefined) => Range, optionalNull = false): boolean {
  const before = problems.length;
  const fail = (n: YamlNode | null, code: string, message: string) => problems.push({ ...at(n), severity: 'error', code, message: `${where ? `${where}: ` : ''}${message}` });
  const isNull = node === null || (isScalar(node) && node.value == null);
  // A key with nothing after it (`ignore:` above commented-out examples) means "not set".
  if (isNull && optionalNull) return true;

  if (schema.anyOf) {
    for (const alt of schema.anyOf) {
      const scratch: ConfigProblem[] = [];
      if (check(node, alt, where, scratch, at)) return true;
    }
    fail(node, 'wrong-type', `expected ${schema.anyOf.map(describe).join(' or ')}${got(node)}`);
    return false;
  }

  switch (schema.type) {
    case 'object': {
      if (!isMap(node)) return void fail(node, 'wrong-type', `expected a mapping of keys${got(node)}`), false;
      const present = new Set<string>();
      for (const pair of node.items as Pair<YamlNode | null, YamlNode | null>[]) {
        const keyNode = pair.key;
        if (!isScalar(keyNode)) {
          fail(keyNode, 'wrong-type', 'keys must be plain names');
          continue;
        }
        const key = String(keyNode.value);
        present.add(key);
        const sub = where ? `${where}.${key}` : key;
        const prop = schema.properties?.[key];
        if (schema.propertyNames && !check(keyNode, schema.propertyNames, sub, [], at)) {
          problems.push({ ...at(keyNode), severity: 'error', code: 'unknown-key', message: `${sub}: unknown key${suggest(key, schema.propertyNames.enum?.map(String) ?? [])}` });
          continue;
        }
        if (prop) check(pair.value, prop, sub, problems, at, !schema.required?.includes(key));
        else if (typeof schema.additionalProperties === 'object') check(pair.value, schema.additionalProperties, sub, problems, at);
        else if (schema.additionalProperties === false) {
          problems.push({ ...at(keyNode), severity: 'error', code: 'unknown-key', message: `${sub}: unknown key${suggest(key, Object.keys(schema.properties ?? {}))}` });
        }
      }
      for (const req of schema.required ?? []) if (!present.has(req)) fail(node, 'missing-key', `missing \`${req}\``);
      break;
    }
    case 'array': {
      if (!isSeq(node)) return void fail(node, 'wrong-type', `expected a list${got(node)}`), false;
      if (schema.minItems !== undefined && node.items.length < schema.minItems) fail(node, 'too-small', `needs at least ${schema.minItems} item${schema.minItems > 1 ? 's' : ''}`);
      (node.items as (YamlNode | null)[]).forEach((item, i) => schema.items && check(item, schema.items, `${where}[${i}]`, problems, at));
      break;
    }
    case 'string': {
      if (!isScalar(node) || typeof node.value !== 'string') return void fail(node, 'wrong-type', `expected text${got(node)}${isScalar(node) && node.value != null ? ' (quote it)' : ''}`), false;
      const v = node.value;
      if (schema.enum && !schema.enum.includes(v)) return void fail(node, 'not-allowed', `expected one of ${schema.enum.join(', ')} (not '${v}')`), false;
      if (schema.minLength !== undefined && v.length < schema.minLength) fail(node, 'too-small', 'must not be empty');
      if (schema.format === 'regex') {
        try {
          new RegExp(v, 'm');
        } catch (e) {
          fail(node, 'bad-regex', `not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
        }
      }
      break;
    }
    case 'integer':
    case 'number': {
      if (!isScalar(node) || typeof node.value !== 'number' || (schema.type === 'integer' && !Number.isInteger(node.value))) {
        return void fail(node, 'wrong-type', `expected ${schema.type === 'integer' ? 'a whole number' : 'a number'}${got(node)}`), false;
      }
      if (schema.minimum !== undefined && node.value < schema.minimum) fail(node, 'too-small', `must be at least ${schema.minimum}`);
      break;
    }
    case 'boolean':
      if (!isScalar(node) || typeof node.value !== 'boolean') return void fail(node, 'wrong-type', `expected true or false${got(node)}`), false;
      break;
  }
  return problems.length === before;
}

/** Drops keys whose value is null (`severity:` with nothing after it means "not set"). */
function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x != null).map(([k, x]) => [k, stripNulls(x)]));
  return v;
}

function describe(s: SchemaNode): string {
  if (s.enum) return s.enum.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(' or ');
  if (s.type === 'boolean') return 'true or false';
  return s.type ?? 'a value';
}

function got(node: YamlNode | null): string {
  if (node === null) return ' (it is empty)';
  if (isMap(node)) return ' (got a mapping)';
  if (isSeq(node)) return ' (got a list)';
  if (isScalar(node)) return node.value == null ? ' (it is empty)' : ` (got ${JSON.stringify(node.value)})`;
  return '';
}

function suggest(key: string, known: string[]): string {
  const near = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= Math.max(2, Math.floor(k.length / 4)));
  return near.length ? `: did you mean '${near[0]}'?` : known.length && known.length <= 12 ? ` (expected ${known.join(', ')})` : '';
}
