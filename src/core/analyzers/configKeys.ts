import type { Finding, Severity } from '../types';
import type { Analyzer, AnalyzerInput } from './analyzer';
import { configSchemaFindings, cuttlefishFindings, isCuttlefishSchema, isJsonSchema } from './configSchema';
import { diffFlat, flatten, parseConfig, type ConfigDiff, type ParsedConfig } from './formats/config';
import { isTemplateFile, shorten } from './formats/files';
import { oldToNewLine } from './formats/lines';
import type { Leaf } from './formats/tree';
import { scanYamlKeys } from './formats/yaml';

/** Findings listed per file before the rest is summarised (a reformatted 2,000-key file is one fact). */
export const MAX_CONFIG_FINDINGS = 50;

/** Key names whose values are not repeated in messages. */
const SECRET_KEY = /pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth[_-]?key|access[_-]?key|signing[_-]?key|salt|dsn/i;

/**
 * `config-key-added` / `config-key-removed` / `config-value-changed`: parses both sides
 * (YAML incl. multi-document streams and Helm-style templates, JSON/JSONC/HJSON, TOML,
 * INI, properties, .env) and compares key paths.
 */
export const configKeysAnalyzer: Analyzer = {
  id: 'config-keys',
  needsContent: true,
  analyze(input) {
    return configKeyFindings(input);
  },
};

export function configKeyFindings({ change, oldText, newText }: AnalyzerInput): Finding[] {
  const path = change.path;
  // An Erlang cuttlefish schema: the keys the `.conf` file may set (configSchema.ts).
  if (isCuttlefishSchema(path, oldText) || isCuttlefishSchema(path, newText)) {
    return change.status === 'deleted' || newText == null ? [] : capFindings(cuttlefishFindings(path, oldText, newText), MAX_CONFIG_FINDINGS);
  }
  const template = isTemplateFile(path);
  const oldParsed = oldText != null ? parseConfig(change.oldPath ?? path, oldText) : null;
  const newParsed = newText != null ? parseConfig(path, newText) : null;

  if (change.status === 'deleted' || newText == null) {
    if (!oldParsed) return [];
    const flat = flatten(oldParsed.root);
    if (flat.leaves.size === 0) return [];
    const tops = topLevelKeys(oldParsed);
    // A folder of instance templates (`share/app/templates/classic/config.ini`) is copied when an instance is
    // created: instances made from it earlier keep their own copy, so its config file going away is listed, not an action.
    const skeleton = instanceTemplateFolder(path);
    if (skeleton) {
      return [{
        kind: 'config-key-removed',
        severity: 'info',
        subject: path,
        message: `config file removed from the instance template \`${skeleton}\` with ${flat.leaves.size} key${flat.leaves.size === 1 ? '' : 's'}: instances created from it earlier keep their own copy`,
      }];
    }
    return [{
      kind: 'config-key-removed',
      severity: 'warning',
      subject: path,
      message: `config file removed with ${flat.leaves.size} key${flat.leaves.size === 1 ? '' : 's'} (${listSome(tops)})`,
    }];
  }
  if (!newParsed) return [];
  const isNew = change.status === 'added' || oldText == null;
  if (!isNew && !oldParsed) return [];
  // A JSON Schema of the operator's config: the settings it defines, not its own keys (configSchema.ts).
  if (oldParsed && !oldParsed.degraded && !newParsed.degraded && isJsonSchema(oldParsed.root) && isJsonSchema(newParsed.root)) {
    return capFindings(configSchemaFindings(path, oldParsed.root, newParsed.root), MAX_CONFIG_FINDINGS);
  }
  // A side read line by line is compared with the other side read the same way, so the two agree on what a key is.
  let oldTree = oldParsed;
  let newTree = newParsed;
  if (oldParsed && newParsed.degraded !== oldParsed.degraded && newParsed.format === 'yaml') {
    if (!oldParsed.degraded) oldTree = readLineByLine(oldText!);
    else newTree = readLineByLine(newText);
  }
  const oldFlat = oldTree ? flatten(oldTree.root) : { leaves: new Map(), interiors: new Map() };
  const newFlat = flatten(newTree.root);
  const diff = diffFlat(oldFlat, newFlat);
  const findings = toFindings(diff, { template, mapOld: (l) => oldToNewLine(change, l) });
  return capFindings(findings, isNew ? 20 : MAX_CONFIG_FINDINGS);
}

/** Folders named for templates that an instance is created from (not Helm charts' manifest templates). */
const INSTANCE_TEMPLATE_DIR = /^(templates?|skel|skeletons?)$/i;

/** The instance-template folder holding `path` (`share/app/templates/classic/`), or null. */
export function instanceTemplateFolder(path: string): string | null {
  const segs = path.split('/');
  if (segs.some((s) => /^(charts?|helm)$/i.test(s))) return null;
  for (let i = segs.length - 2; i >= 0; i--) {
    if (INSTANCE_TEMPLATE_DIR.test(segs[i])) return `${segs.slice(0, Math.min(i + 2, segs.length - 1)).join('/')}/`;
  }
  return null;
}

function readLineByLine(text: string): ParsedConfig {
  return { format: 'yaml', root: scanYamlKeys(text), degraded: true };
}

function topLevelKeys(p: ParsedConfig): string[] {
  return p.root.t === 'map' ? p.root.entries.map(([k]) => k) : [];
}

function listSome(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … ${items.length - max} more`;
}

function display(path: string, leaf: Leaf | null): string {
  if (!leaf) return 'a section';
  if (SECRET_KEY.test(path.slice(path.lastIndexOf('.') + 1))) return '(value hidden)';
  return leaf.display === '' ? '(empty)' : `\`${shorten(leaf.display)}\``;
}

export function toFindings(diff: ConfigDiff, opts: { template: boolean; mapOld: (oldLine: number) => number }): Finding[] {
  const out: Finding[] = [];
  for (const g of diff.added) {
    const severity: Severity = opts.template ? 'warning' : 'info';
    const what = g.leaf ? `adds config key \`${g.path}\`${g.leaf.display !== '' && g.leaf.display !== 'null' ? ` = ${display(g.path, g.leaf)}` : ' (no value)'}` : `adds config section \`${g.path}\` (${g.keys} key${g.keys === 1 ? '' : 's'})`;
    out.push({ kind: 'config-key-added', severity, subject: g.path, line: g.line, message: opts.template ? `${what}; operators must set it` : what });
  }
  for (const g of diff.removed) {
    out.push({
      kind: 'config-key-removed',
      severity: 'warning',
      subject: g.path,
      line: opts.mapOld(g.line),
      message: g.leaf ? `removes config key \`${g.path}\`` : `removes config section \`${g.path}\` (${g.keys} key${g.keys === 1 ? '' : 's'})`,
    });
  }
  for (const c of diff.changed) {
    out.push({ kind: 'config-value-changed', severity: 'info', subject: c.path, line: c.line, message: `changes \`${c.path}\`: ${describeChange(c.path, c.oldLeaf, c.newLeaf)}` });
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function describeChange(path: string, o: Leaf | null, n: Leaf | null): string {
  if (o && n && Array.isArray(o.value) && Array.isArray(n.value) && !SECRET_KEY.test(path)) {
    const ok = new Set(o.value.map((v) => JSON.stringify(v)));
    const nk = new Set(n.value.map((v) => JSON.stringify(v)));
    const add = n.value.filter((v) => !ok.has(JSON.stringify(v))).map((v) => shorten(String(v), 40));
    const rem = o.value.filter((v) => !nk.has(JSON.stringify(v))).map((v) => shorten(String(v), 40));
    if (add.length || rem.length) {
      return [add.length ? `adds ${listSome(add, 3)}` : '', rem.length ? `removes ${listSome(rem, 3)}` : ''].filter(Boolean).join('; ');
    }
    return 'reordered';
  }
  return `${display(path, o)} → ${display(path, n)}`;
}

/** Keeps the most important findings (removals, then additions, then value changes) and summarises the rest. */
export function capFindings(findings: Finding[], max: number): Finding[] {
  if (findings.length <= max) return findings;
  const rank: Record<string, number> = { 'config-key-removed': 0, 'config-key-added': 1, 'config-value-changed': 2 };
  const order = [...findings].sort((a, b) => (rank[a.kind] ?? 3) - (rank[b.kind] ?? 3) || (a.line ?? 0) - (b.line ?? 0));
  const kept = order.slice(0, max - 1);
  const rest = order.slice(max - 1);
  const count = (k: string) => rest.filter((f) => f.kind === k).length;
  const [r, a, c] = [count('config-key-removed'), count('config-key-added'), count('config-value-changed')];
  const parts = [r ? `${r} removed` : '', a ? `${a} added` : '', c ? `${c} changed` : ''].filter(Boolean).join(', ');
  const kind = r ? 'config-key-removed' : a ? 'config-key-added' : 'config-value-changed';
  const severity: Severity = rest.some((f) => f.severity === 'warning') ? 'warning' : 'info';
  kept.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
  kept.push({ kind, severity, line: rest[0].line, message: `… and ${rest.length} more config changes not listed (${parts})` });
  return kept;
}
