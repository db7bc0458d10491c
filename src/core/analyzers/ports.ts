import type { Change, Finding } from '../types';
import type { Analyzer } from './analyzer';
import { addedLineList, removedLineList } from './analyzer';
import { flatten, parseConfig } from './formats/config';
import { parseDockerfile } from './formats/dockerfile';
import { isDockerfile } from './formats/files';
import { oldToNewLine } from './formats/lines';
import { parentPath, type Flat, type Leaf } from './formats/tree';

/** Keys that hold a network port (the last path segment, list labels stripped). */
const PORT_KEY = /^(port|containerPort|targetPort|nodePort|hostPort|servicePort|listenPort|listen_port|[a-z]+Port|[a-z]+_port|[A-Z][A-Z0-9_]*_PORT|PORT|port_number)$/;
/** Keys that hold a port only inside a `ports` list (compose long syntax). */
const LIST_PORT_KEY = /^(target|published|port)$/;
/** Lists of port specs (compose short syntax: `"8080:80"`). */
const PORT_LIST_KEY = /^(ports|expose)$/;
/** Probe ports follow the container port; annotations are not listeners. */
const SKIP_PATH = /Probe\.|\.annotations\.|(^|\.)labels\./;

function lastSegment(path: string): string {
  const noLabels = path.replace(/\[[^\]]*\]$/, '');
  const dot = noLabels.lastIndexOf('.');
  return dot < 0 ? noLabels : noLabels.slice(dot + 1);
}

/** A value that can be a port: 1–65535, a `host:container/proto` mapping, `${PORT:-8080}`, or a named port. */
function portish(leaf: Leaf, named: boolean): boolean {
  const v = leaf.value;
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && v < 65536;
  if (typeof v !== 'string') return false;
  const s = v.trim();
  if (/^\d{1,5}$/.test(s)) return Number(s) > 0 && Number(s) < 65536;
  if (/^\$\{[^}]*\b\d{2,5}\}$/.test(s) || /^(\d|[\d.]+:)[\d:\-/a-z.]*$/.test(s)) return true;
  return named && /^[a-z][a-z0-9-]{0,14}$/.test(s);
}

function isPortLeaf(path: string, leaf: Leaf): boolean {
  if (SKIP_PATH.test(path)) return false;
  const key = lastSegment(path);
  const inList = /(^|\.)ports\[[^\]]*\]\.[^.[]+$/.test(path);
  if (PORT_KEY.test(key)) return portish(leaf, inList || key === 'targetPort');
  return inList && LIST_PORT_KEY.test(key) && portish(leaf, true);
}

function portList(leaf: Leaf | undefined): string[] | null {
  if (!leaf || !Array.isArray(leaf.value)) return null;
  return leaf.value.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)));
}

function setChange(before: string[], after: string[]): string | null {
  const add = after.filter((p) => !before.includes(p));
  const rem = before.filter((p) => !after.includes(p));
  if (!add.length && !rem.length) return null;
  if (add.length && rem.length) return `${rem.join(', ')} → ${add.join(', ')}`;
  return add.length ? `adds ${add.join(', ')}` : `removes ${rem.join(', ')}`;
}

/** Port changes between two flattened config trees. */
export function portChangesInTrees(change: Change, oldFlat: Flat, newFlat: Flat): Finding[] {
  const out: Finding[] = [];
  for (const [path, nl] of newFlat.leaves) {
    if (SKIP_PATH.test(path)) continue;
    const ol = oldFlat.leaves.get(path);
    if (PORT_LIST_KEY.test(lastSegment(path))) {
      const after = portList(nl);
      const before = portList(ol);
      if (!after || !before) continue;
      const what = setChange(before, after);
      if (what) out.push({ kind: 'port-changed', severity: 'warning', subject: path, line: nl.line, message: `\`${path}\`: ${what}` });
      continue;
    }
    if (!isPortLeaf(path, nl)) continue;
    if (ol) {
      if (ol.key !== nl.key) out.push({ kind: 'port-changed', severity: 'warning', subject: path, line: nl.line, message: `\`${path}\`: ${ol.display} → ${nl.display}` });
    } else if (inExistingPortList(path, oldFlat)) {
      out.push({ kind: 'port-changed', severity: 'warning', subject: path, line: nl.line, message: `\`${path}\`: adds port ${nl.display}` });
    }
  }
  for (const [path, ol] of oldFlat.leaves) {
    if (newFlat.leaves.has(path) || !isPortLeaf(path, ol) || !inExistingPortList(path, newFlat)) continue;
    out.push({ kind: 'port-changed', severity: 'warning', subject: path, line: oldToNewLine(change, ol.line), message: `\`${path}\`: removes port ${ol.display}` });
  }
  return dedupeByItem(out);
}

/** True when a leaf sits in a `ports` list item whose owner (the container, the service spec) exists in `other`. */
function inExistingPortList(path: string, other: Flat): boolean {
  const m = /^(.*?)(^|\.)ports\[[^\]]*\]\.[^.[]+$/.exec(path);
  if (!m) return false;
  const owner = m[1];
  return owner === '' || other.interiors.has(owner);
}

/** A new `ports` item gives one finding, not one per field (containerPort + protocol + name). */
function dedupeByItem(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (!/\[[^\]]*\]\.[^.[]+$/.test(f.subject ?? '') || f.message.includes(' → ')) return true;
    const item = `${parentPath(f.subject!)}\0${f.message.includes('adds') ? 'a' : 'r'}`;
    if (seen.has(item)) return false;
    seen.add(item);
    return true;
  });
}

function exposeFindings(change: Change, oldText: string, newText: string): Finding[] {
  const before = parseDockerfile(oldText).exposes;
  const after = parseDockerfile(newText).exposes;
  const b = before.map((e) => e.port);
  const a = after.map((e) => e.port);
  const what = setChange(b, a);
  if (!what) return [];
  const firstNew = after.find((e) => !b.includes(e.port));
  const line = firstNew?.line ?? oldToNewLine(change, before.find((e) => !a.includes(e.port))!.line);
  return [{ kind: 'port-changed', severity: 'warning', subject: 'EXPOSE', line, message: `EXPOSE ${what}` }];
}

const LINE_PORT = [/^\s*listen\s+([^;]+);/, /\b((?:[A-Za-z_]+[_-])?port)\b\s*[=:]\s*["']?(\d{2,5})\b/i];

/** For formats without a tree here (nginx, Terraform, …): port lines removed and added by the diff. */
function lineBasedPortFindings(change: Change): Finding[] {
  const keyOf = (text: string): [string, string] | null => {
    const l = LINE_PORT[0].exec(text);
    if (l) return ['listen', l[1].trim()];
    const p = LINE_PORT[1].exec(text);
    return p ? [p[1].toLowerCase(), p[2]] : null;
  };
  const removed = new Map<string, string[]>();
  for (const r of removedLineList(change)) {
    const k = keyOf(r.text);
    if (k) removed.set(k[0], [...(removed.get(k[0]) ?? []), k[1]]);
  }
  const out: Finding[] = [];
  for (const a of addedLineList(change)) {
    const k = keyOf(a.text);
    if (!k) continue;
    const olds = removed.get(k[0]);
    if (!olds?.length || olds.includes(k[1])) continue;
    out.push({ kind: 'port-changed', severity: 'warning', subject: k[0], line: a.line, message: `${k[0]} ${olds.shift()} → ${k[1]}` });
  }
  return out;
}

/**
 * `port-changed`: Dockerfile EXPOSE, compose `ports`/`expose`, Kubernetes
 * container/service ports, and `port` keys of app config whose value changed. A new
 * file, or a new service, adds ports without changing one.
 */
export function portFindings(change: Change, oldText: string | null, newText: string | null): Finding[] {
  if (oldText == null || newText == null) return [];
  if (isDockerfile(change.path)) return exposeFindings(change, oldText, newText);
  const o = parseConfig(change.oldPath ?? change.path, oldText);
  const n = parseConfig(change.path, newText);
  if (!o || !n) return lineBasedPortFindings(change);
  return portChangesInTrees(change, flatten(o.root), flatten(n.root));
}

export const portsAnalyzer: Analyzer = {
  id: 'ports',
  needsContent: true,
  analyze({ change, oldText, newText }) {
    return portFindings(change, oldText, newText);
  },
};
