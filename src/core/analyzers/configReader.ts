/**
 * Config actions seen in the code that reads the configuration file (issue 11, item 5): a
 * module the repository profile learned reads many keys of the operator's config
 * (`config.get("worker_app")`, `self.settings["x"]`, `viper.GetString("a.b")`). When no
 * template changes, the config action shows there:
 *
 * - a key the module read is no longer read anywhere in it: a deployed config that still
 *   sets it is ignored (a removed or renamed setting);
 * - a new `raise`/`throw`/`panic` names a key the module read before: a setting that used
 *   to be accepted is now refused (a deprecated key whose read now raises);
 * - (Python) a new `config["key"]` read without a default: a setting that becomes required.
 *
 * Read through core/lex tokens: one pass per side, bounded look-ahead.
 */
import { languageOfPath, lex, type Token, isPunct as isP, isWholeString as isStr } from '../lex';
import type { Change, Finding } from '../types';

/** Receivers that hold a configuration (`config`, `self.cfg`, `worker_config`, `viper`, `koanf`). */
const RECEIVER = /conf|cfg|setting|option|opts|viper|koanf|props|properties/i;
/** Accessors that read one key. */
const ACCESSOR = /^(?:get|get_\w+|Get\w*|getString|getInt|getBool|getBoolean|getLong|getList|getProperty|getOrDefault|String|Int|Int64|Bool|Float64|Duration|Strings|StringSlice|fetch|dig|value|read_\w+|parse_\w+)$/;
const KEY = /^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$/;
const RAISE = new Set(['raise', 'throw', 'panic', 'Fatal', 'Fatalf', 'bail', 'abort']);

export interface KeyRead {
  key: string;
  line: number;
  /** `config["key"]` (no default; Python raises KeyError when it is absent). */
  required: boolean;
}


/** Config keys read in `text` (a code file): `recv.get("k")`, `recv["k"]`, `recv.getString("k")`. */
export function configKeyReads(path: string, text: string): KeyRead[] {
  const language = languageOfPath(path);
  if (!language || language === 'sql' || language === 'yaml' || language === 'shell' || text.length > 2_000_000) return [];
  const T: Token[] = [];
  for (const t of lex(language, text)) if (t.kind !== 'comment') T.push(t);
  const out: KeyRead[] = [];
  for (let k = 0; k + 2 < T.length; k++) {
    const r = T[k];
    if (r.kind !== 'ident' || !RECEIVER.test(r.value)) continue;
    // recv["key"]
    if (isP(T[k + 1], '[') && isStr(T[k + 2]) && isP(T[k + 3], ']') && KEY.test(T[k + 2].value)) {
      if (!isP(T[k + 4], '=') || isP(T[k + 5], '=')) out.push({ key: T[k + 2].value, line: T[k + 2].line, required: language === 'python' });
      continue;
    }
    // recv.get("key" …) / recv.GetString("key")
    if (isP(T[k + 1], '.') && T[k + 2].kind === 'ident' && ACCESSOR.test(T[k + 2].value) && isP(T[k + 3], '(') && isStr(T[k + 4]) && KEY.test(T[k + 4].value)) {
      out.push({ key: T[k + 4].value, line: T[k + 4].line, required: false });
    }
  }
  return out;
}

/** Lines (1-based) of a change's side. */
function lineSet(change: Change, side: 'added' | 'removed'): Set<number> {
  const s = new Set<number>();
  for (const h of change.hunks) {
    const start = side === 'added' ? h.newStart : h.oldStart;
    const n = side === 'added' ? h.added.length : h.removed.length;
    for (let i = 0; i < n; i++) s.add(start + i);
  }
  return s;
}

/** True when `text` holds `key` as a quoted string ("key" or 'key' or `key`). */
function quoted(text: string, key: string): boolean {
  return text.includes(`"${key}"`) || text.includes(`'${key}'`) || text.includes(`\`${key}\``);
}

/** The findings of a changed config-reader module (see the file comment). */
export function configReaderFindings(change: Change, oldText: string | null, newText: string | null, evidence: string): Finding[] {
  if (change.status !== 'modified' || oldText == null || newText == null) return [];
  const path = change.path;
  const oldReads = configKeyReads(change.oldPath ?? path, oldText);
  if (oldReads.length === 0) return [];
  const removedLines = lineSet(change, 'removed');
  const addedLines = lineSet(change, 'added');
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const oldKeys = new Set(oldReads.map((r) => r.key));

  // Keys no longer read (nor named) anywhere in the module.
  for (const r of oldReads) {
    if (!removedLines.has(r.line) || seen.has(r.key) || quoted(newText, r.key)) continue;
    seen.add(r.key);
    findings.push({ kind: 'config-key-removed', message: `no longer reads config key ${r.key} (a deployed config that sets it is ignored; learned by the repository profile: ${evidence})`, severity: 'warning', subject: r.key });
  }

  // A new raise/throw/panic naming a key the module read before: the setting is now refused.
  const language = languageOfPath(path);
  if (language && addedLines.size) {
    const T = lex(language, newText).filter((t) => t.kind !== 'comment');
    for (let k = 0; k < T.length; k++) {
      const t = T[k];
      if (t.kind !== 'ident' || !RAISE.has(t.value) || !addedLines.has(t.line)) continue;
      for (let j = k + 1; j < T.length && j < k + 40 && T[j].line <= t.line + 6; j++) {
        const s = T[j];
        if (s.kind !== 'string' || !addedLines.has(s.line)) continue;
        const key = [...oldKeys].find((key) => s.value === key || (key.length >= 6 && wordIn(s.value, key)));
        if (!key || seen.has(key)) continue;
        seen.add(key);
        findings.push({ kind: 'config-key-removed', message: `now refuses config key ${key}, which it used to read (learned by the repository profile: ${evidence})`, severity: 'warning', line: t.line, subject: key });
      }
    }
  }

  // Python: a new `config["key"]` without a default — a required setting.
  if (language === 'python') {
    for (const r of configKeyReads(path, newText)) {
      if (!r.required || !addedLines.has(r.line) || oldKeys.has(r.key) || seen.has(r.key)) continue;
      seen.add(r.key);
      findings.push({ kind: 'config-key-added', message: `reads new required config key ${r.key} (learned by the repository profile: ${evidence})`, severity: 'warning', line: r.line, subject: r.key });
    }
  }
  return findings;
}

/** `key` as a whole word (`_` and `.` count as word characters) in `text`. */
function wordIn(text: string, key: string): boolean {
  let i = text.indexOf(key);
  while (i >= 0) {
    const before = i === 0 ? '' : text[i - 1];
    const after = text[i + key.length] ?? '';
    if (!/[\w.]/.test(before) && !/[\w.]/.test(after)) return true;
    i = text.indexOf(key, i + 1);
  }
  return false;
}

/** Reads per file the profile needs to call a module a config reader. */
export const CONFIG_READER_MIN_READS = 5;
