import type { Finding } from '../types';
import { addedLineNumbers, type Analyzer, type AnalyzerInput } from './analyzer';
import { extractEnvRefs, isExampleEnvPath } from './env';
import { describeValueChange, unquote } from './envFile';

/**
 * Env entries of compose files, Kubernetes manifests, Helm charts/values, Dockerfiles
 * and systemd units. New and dropped entries are the engine's env pass (declarations
 * from `extractEnvRefs`); this analyzer reports an entry kept with another value
 * (`config-value-changed`), at the line that changed — for Kubernetes often the
 * `value:` line below an unchanged `- name:`.
 */

export interface EnvEntry {
  name: string;
  value: string;
  /** Line of the name. */
  line: number;
  /** Line holding the value (the same line, or a `value:`/`valueFrom:` line below it). */
  valueLine: number;
  /** Last line of the entry (a `valueFrom:` block spans several). */
  endLine: number;
}

function indentOf(s: string): number {
  return s.length - s.trimStart().length;
}

/** The env entries of a manifest, in file order (one name may occur in several containers). */
export function scanEnvEntries(path: string, text: string): EnvEntry[] {
  const lines = text.split(/\r?\n/);
  const refs = extractEnvRefs(path, lines.map((t, i) => ({ line: i + 1, text: t })), { fullText: text, presence: true });
  const entries: EnvEntry[] = [];
  for (const r of refs) {
    if (r.kind !== 'declare') continue;
    const t = lines[r.line - 1];
    const entry: EnvEntry = { name: r.name, value: '', line: r.line, valueLine: r.line, endLine: r.line };
    const esc = r.name.replace(/[$]/g, '\\$&');
    const named = new RegExp(`^\\s*-\\s*(?:name|key)\\s*:\\s*['"]?${esc}['"]?\\s*$`).exec(t);
    if (named) {
      // Kubernetes: the item's other keys follow, indented past the dash.
      const itemIndent = indentOf(t) + 2;
      for (let j = r.line; j < lines.length; j++) {
        const u = lines[j];
        if (u.trim() === '' || u.trimStart().startsWith('#')) continue;
        if (indentOf(u) < itemIndent || /^\s*-/.test(u) && indentOf(u) <= itemIndent - 2) break;
        entry.endLine = j + 1;
        const v = /^\s*value\s*:\s*(.*?)\s*$/.exec(u);
        if (v && indentOf(u) === itemIndent) {
          entry.value = unquote(v[1]);
          entry.valueLine = j + 1;
        } else if (/^\s*valueFrom\s*:/.test(u)) {
          entry.valueLine = j + 1;
          entry.value = 'valueFrom';
        } else if (entry.value.startsWith('valueFrom')) {
          entry.value += ` ${u.trim()}`;
        }
      }
    } else {
      const kv =
        new RegExp(`(?:^|\\s|-\\s*|")${esc}"?\\s*(?:=|:(?:\\s|$))\\s*("(?:\\\\.|[^"])*"|'[^']*'|[^\\s#]*)`).exec(t) ??
        new RegExp(`\\b${esc}\\s+(.*)$`).exec(t); // Dockerfile's legacy `ENV X value`
      entry.value = kv ? unquote(kv[1] ?? '') : '';
    }
    entries.push(entry);
  }
  return entries;
}

/** Pairs entries of both sides by name and occurrence (the 2nd LOG_LEVEL with the 2nd). */
function keyed(entries: EnvEntry[]): Map<string, EnvEntry> {
  const count = new Map<string, number>();
  const out = new Map<string, EnvEntry>();
  for (const e of entries) {
    const n = count.get(e.name) ?? 0;
    count.set(e.name, n + 1);
    out.set(`${e.name}#${n}`, e);
  }
  return out;
}

export const envManifestAnalyzer: Analyzer = {
  id: 'env-manifest',
  needsContent: true,
  analyze({ change, oldText, newText }: AnalyzerInput): Finding[] {
    if (oldText == null || newText == null) return [];
    const changed = addedLineNumbers(change);
    if (changed.size === 0) return [];
    const before = keyed(scanEnvEntries(change.oldPath ?? change.path, oldText));
    const after = keyed(scanEnvEntries(change.path, newText));
    const severity = isExampleEnvPath(change.path) ? 'info' : 'warning';
    const findings: Finding[] = [];
    for (const [k, e] of after) {
      const old = before.get(k);
      if (!old || old.value === e.value) continue;
      let line: number | null = null;
      for (let l = e.line; l <= e.endLine && line == null; l++) if (changed.has(l)) line = l;
      if (line == null) continue;
      findings.push({
        kind: 'config-value-changed',
        subject: e.name,
        line,
        severity,
        message: `env ${e.name} changed ${describeValueChange(e.name, old.value, e.value)}`,
      });
    }
    return findings;
  },
};
