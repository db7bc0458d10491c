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
 * Go modules declare the keys of the config file instead of reading them one by one: a settings
 * struct decoded from the file (viper/mapstructure, koanf, BurntSushi/pelletier TOML, yaml.v3, HCL)
 * names each key in a field tag (`mapstructure:"refresh_cooldown"`, `toml:"insecureSNI"`). A field
 * whose tag named a key removed, with no tag or string of the module naming that key any more, is
 * the same config action as a key no longer read (Traefik's static config, Pomerium's options,
 * Prometheus, Loki, Ergo, Tyk Pump). `json:` alone is not such a tag: it serialises API payloads too.
 *
 * Read through core/lex tokens: one pass per side, bounded look-ahead.
 */
import { languageOfPath, lex, type Token, isPunct as isP, isWholeString as isStr } from '../lex';
import type { Change, Finding } from '../types';
import { addedLineNumbers, removedLineNumbers } from './analyzer';
import { goTag } from './envStruct';

/** Receivers that hold a configuration (`config`, `self.cfg`, `worker_config`, `viper`, `koanf`). */
const RECEIVER = /conf|cfg|setting|option|opts|viper|koanf|props|properties/i;
/** Accessors that read one key. */
const ACCESSOR = /^(?:get|get_\w+|Get\w*|getString|getInt|getBool|getBoolean|getLong|getList|getProperty|getOrDefault|String|Int|Int64|Bool|Float64|Duration|Strings|StringSlice|fetch|dig|value|read_\w+|parse_\w+)$/;
const KEY = /^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$/;
const RAISE = new Set(['raise', 'throw', 'panic', 'Fatal', 'Fatalf', 'bail', 'abort']);
/** Go struct-tag keys that name a key of a config file (not `json`: API payloads use it too). */
export const CONFIG_FILE_TAGS: readonly string[] = ['mapstructure', 'toml', 'yaml', 'koanf', 'hcl'];
/** A key a tag names (`insecureSNI`, `refresh_cooldown`, `log-level`). */
const TAG_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

export interface KeyRead {
  key: string;
  line: number;
  /** `config["key"]` (no default; Python raises KeyError when it is absent). */
  required: boolean;
  /** Go: the struct tag that declares the key (`toml`), for a key declared rather than read. */
  tag?: string;
}


/** Config keys read in `text` (a code file): `recv.get("k")`, `recv["k"]`, `recv.getString("k")`. */
export function configKeyReads(path: string, text: string): KeyRead[] {
  const language = languageOfPath(path);
  if (!language || language === 'sql' || language === 'yaml' || language === 'shell' || text.length > 2_000_000) return [];
  const T: Token[] = [];
  for (const t of lex(language, text)) if (t.kind !== 'comment') T.push(t);
  const out: KeyRead[] = [];
  if (language === 'go') goTagKeys(T, out);
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

/**
 * Go: keys named by the config-file tags of struct fields — a raw string that ends a line which
 * starts with the field (`Name Type \`toml:"name,omitempty" yaml:"name"\``). One pass.
 */
function goTagKeys(T: Token[], out: KeyRead[]): void {
  for (let k = 1; k < T.length; k++) {
    const t = T[k];
    if (t.kind !== 'string' || !t.text.startsWith('`') || T[k - 1].line !== t.line || (k + 1 < T.length && T[k + 1].line === t.line)) continue;
    const tags = goTag(t.value);
    const seen = new Set<string>();
    for (const tag of CONFIG_FILE_TAGS) {
      const v = tags.get(tag);
      if (v === undefined) continue;
      const comma = v.indexOf(',');
      const key = comma < 0 ? v : v.slice(0, comma);
      if (!TAG_KEY.test(key) || seen.has(key)) continue;
      seen.add(key);
      out.push({ key, line: t.line, required: false, tag });
    }
  }
}

/**
 * The quoted spans of `text` no longer than `max` characters: for each quote character (" ' `)
 * at i, the text up to the next same quote. A key holds no quote, so `text` holds `"key"` (or
 * 'key', `key`) exactly when the set holds `key`. One pass per quote character: linear in `text`.
 */
function quotedSpans(text: string, max: number): Set<string> {
  const out = new Set<string>();
  for (const q of ['"', "'", '`']) {
    let i = text.indexOf(q);
    while (i >= 0) {
      const j = text.indexOf(q, i + 1);
      if (j < 0) break;
      if (j - i - 1 <= max) out.add(text.slice(i + 1, j));
      i = j;
    }
  }
  return out;
}

/** Characters a config key is made of (KEY, TAG_KEY): a run of them holds every key a string names. */
const KEY_CHAR = /[A-Za-z0-9_.-]/;
/** Word characters around a key named in a message (`_` and `.` count). */
const WORD_CHAR = /[\w.]/;
/** Longest key looked for inside a longer string (a whole string equal to a key is found at any length). */
const MAX_WORD_KEY = 256;
/** Longest string searched for a key inside it: a message, not a data blob. */
const MAX_WORD_TEXT = 2048;

/**
 * The key of `keys` (their order is `index`) that `text` is, or holds as a whole word (`_` and `.` count as word characters),
 * among those `eligible` accepts: the same answer as testing every key in order, found by looking
 * up the candidate substrings of `text` (from a word boundary to a word boundary, inside a run of
 * key characters, at most MAX_WORD_KEY long) instead of scanning every key: O(text), not O(keys × text).
 */
function keyNamedIn(text: string, index: Map<string, number>, lengths: Set<number>, eligible: (key: string) => boolean): string | undefined {
  let best: string | undefined;
  let bestAt = Infinity;
  const consider = (key: string): void => {
    const at = index.get(key);
    if (at !== undefined && at < bestAt) { best = key; bestAt = at; }
  };
  consider(text);
  if (text.length > MAX_WORD_TEXT) return best;
  for (let a = 0; a < text.length; a++) {
    if (!KEY_CHAR.test(text[a]) || (a > 0 && WORD_CHAR.test(text[a - 1]))) continue;
    for (let b = a + 1; b <= text.length && b - a <= MAX_WORD_KEY; b++) {
      if (b < text.length && WORD_CHAR.test(text[b])) continue;
      if (lengths.has(b - a)) {
        const key = text.slice(a, b);
        if (index.has(key) && eligible(key)) consider(key);
      }
      if (b === text.length || !KEY_CHAR.test(text[b])) break;
    }
  }
  return best;
}

/** The findings of a changed config-reader module (see the file comment). */
export function configReaderFindings(change: Change, oldText: string | null, newText: string | null, evidence: string): Finding[] {
  if (change.status !== 'modified' || oldText == null || newText == null) return [];
  const path = change.path;
  const oldReads = configKeyReads(change.oldPath ?? path, oldText);
  if (oldReads.length === 0) return [];
  const removedLines = removedLineNumbers(change);
  const addedLines = addedLineNumbers(change);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const oldKeys = new Set(oldReads.map((r) => r.key));
  // Keys the new side still declares in a field tag (`toml:"key,omitempty"` is no quoted "key").
  const tagged = oldReads.some((r) => r.tag) ? new Set(configKeyReads(path, newText).filter((r) => r.tag).map((r) => r.key)) : null;

  // Keys no longer read (nor named) anywhere in the module.
  let longest = 0;
  for (const r of oldReads) longest = Math.max(longest, r.key.length);
  const spans = quotedSpans(newText, longest);
  for (const r of oldReads) {
    if (!removedLines.has(r.line) || seen.has(r.key) || spans.has(r.key) || tagged?.has(r.key)) continue;
    seen.add(r.key);
    findings.push(
      r.tag
        ? { kind: 'config-key-removed', message: `no longer declares config key ${r.key} (its field tagged ${r.tag} was removed: a deployed config that sets it is ignored or refused; learned by the repository profile: ${evidence})`, severity: 'warning', subject: r.key }
        : { kind: 'config-key-removed', message: `no longer reads config key ${r.key} (a deployed config that sets it is ignored; learned by the repository profile: ${evidence})`, severity: 'warning', subject: r.key },
    );
  }

  // A new raise/throw/panic naming a key the module read before: the setting is now refused.
  const language = languageOfPath(path);
  // A key only a field tag declares and that is a plain word (`timeout`, `address`) is refused only when a message is exactly it.
  const plainTagWord = new Set(oldReads.filter((r) => r.tag && /^[a-z]+$/.test(r.key)).map((r) => r.key));
  for (const r of oldReads) if (!r.tag) plainTagWord.delete(r.key);
  if (language && addedLines.size) {
    const index = new Map<string, number>();
    const lengths = new Set<number>();
    for (const key of oldKeys) { index.set(key, index.size); lengths.add(key.length); }
    const eligible = (key: string): boolean => key.length >= 6 && !plainTagWord.has(key);
    const named = new Map<number, string | undefined>();
    const T = lex(language, newText).filter((t) => t.kind !== 'comment');
    for (let k = 0; k < T.length; k++) {
      const t = T[k];
      if (t.kind !== 'ident' || !RAISE.has(t.value) || !addedLines.has(t.line)) continue;
      for (let j = k + 1; j < T.length && j < k + 40 && T[j].line <= t.line + 6; j++) {
        const s = T[j];
        if (s.kind !== 'string' || !addedLines.has(s.line)) continue;
        if (!named.has(j)) named.set(j, keyNamedIn(s.value, index, lengths, eligible));
        const key = named.get(j);
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

/** Reads per file the profile needs to call a module a config reader. */
export const CONFIG_READER_MIN_READS = 5;
