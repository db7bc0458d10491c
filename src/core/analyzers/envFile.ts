import type { Finding } from '../types';
import type { Analyzer, AnalyzerInput } from './analyzer';
import { addedLineList, removedLineList } from './analyzer';
import { isExampleEnvPath, stripComment } from './env';
import { parseDotenv } from './formats/keyValue';
import { isSecretKeyName, looksRandom } from './secrets';

/**
 * `.env`-style files. Keys added or removed are the engine's env pass (`env-var-added` /
 * `env-var-removed`, compared with the whole tree); credentials are the secrets
 * analyzer's. What is left for this one: a key kept but given another value
 * (`config-value-changed`) — in an example file a changed default to carry over to
 * deployed environments (info), in a deployed env file a changed setting (warning).
 */

/** `KEY=value` / `export KEY=value` of one line: key and normalised value. */
export function parseEnvLine(text: string): { key: string; value: string } | null {
  const code = stripComment(text, 'envfile');
  const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(code);
  if (!m) return null;
  return { key: m[1], value: unquote(m[2]) };
}

export function unquote(v: string): string {
  const t = v.trim();
  const q = /^(["'`])([\s\S]*)\1$/.exec(t);
  return q ? q[2] : t;
}

/** A value that may be shown in a message (short, not a credential). */
export function showableValue(key: string, value: string): boolean {
  return value.length <= 60 && !isSecretKeyName(key) && !looksRandom(value) && !/:\/\/[^/\s]*:[^/\s]*@/.test(value);
}

/** `from "a" to "b"`, or nothing when either value must not be shown. */
export function describeValueChange(key: string, before: string, after: string): string {
  if (!showableValue(key, before) || !showableValue(key, after)) return '(values not shown)';
  const show = (v: string) => (v === '' ? 'empty' : JSON.stringify(v));
  return `from ${show(before)} to ${show(after)}`;
}

export const envFileAnalyzer: Analyzer = {
  id: 'env-file',
  needsContent: true,
  analyze({ change, oldText, newText }: AnalyzerInput): Finding[] {
    if (change.status === 'added' || change.status === 'deleted') return [];
    if (oldText != null && newText != null) return wholeFileChanges(change.path, oldText, newText);
    // Without both files (content skipped), the changed lines one by one.
    const before = new Map<string, string>();
    for (const l of removedLineList(change)) {
      const kv = parseEnvLine(l.text);
      if (kv) before.set(kv.key, kv.value);
    }
    if (before.size === 0) return [];
    const example = isExampleEnvPath(change.path);
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const l of addedLineList(change)) {
      const kv = parseEnvLine(l.text);
      if (!kv || seen.has(kv.key)) continue;
      const old = before.get(kv.key);
      if (old === undefined || old === kv.value) continue;
      seen.add(kv.key);
      findings.push({
        kind: 'config-value-changed',
        subject: kv.key,
        line: l.line,
        severity: example ? 'info' : 'warning',
        message: valueMessage(example, kv.key, old, kv.value),
      });
    }
    return findings;
  },
};

function valueMessage(example: boolean, key: string, before: string, after: string): string {
  return `${example ? 'example value' : 'value'} of ${key} changed ${describeValueChange(key, before, after)}`;
}

/** Both files read as `dotenv` reads them: a line inside a multi-line quoted value is not a key. */
function wholeFileChanges(path: string, oldText: string, newText: string): Finding[] {
  const before = new Map<string, string>();
  for (const e of parseDotenv(oldText)) before.set(e.key, e.value);
  const after = new Map<string, { value: string; line: number }>();
  for (const e of parseDotenv(newText)) {
    after.delete(e.key);
    after.set(e.key, e);
  }
  const example = isExampleEnvPath(path);
  const findings: Finding[] = [];
  for (const [key, e] of after) {
    const old = before.get(key);
    if (old === undefined || old === e.value) continue;
    findings.push({ kind: 'config-value-changed', subject: key, line: e.line, severity: example ? 'info' : 'warning', message: valueMessage(example, key, old, e.value) });
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
