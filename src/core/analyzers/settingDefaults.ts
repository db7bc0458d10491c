/**
 * A setting's default changed in the module that declares the program's settings (issue 11, config
 * actions). An installation that never set the setting changes behaviour on upgrade; an operator who
 * wants the old behaviour must now set the old value. The same shape in every ecosystem: a line
 * edited in place where only one literal changes and the line (or the line opening its function)
 * names a default —
 *
 *   Go      `CorsEnable.setDefault(false)` → `(true)`, `v.SetDefault("log-format", "text")` → `"json"`
 *   Rust    `fn default_db_engine() -> String {` / `"sled".into()` → `"lmdb".into()`
 *   Python  `dcs.setdefault('synchronous_mode', True)` → `'quorum'`
 *   Java    `DEFAULT_SNAP_SYNC_TRANSACTION_INDEXING_ENABLED = TRUE` → `FALSE`
 *   C       `#define DEFAULT_MODE "strict"` → `"relaxed"`
 *   Erlang  `defaults = #{<<"mode">> => <<"push">>,` → `<<"pull">>`
 *
 * A default that switches a mode (a boolean, a name) counts; a number raised or lowered (a limit, a
 * timeout, a size) tunes the same behaviour and does not (in the dev corpus, lnd's restricted slots
 * 30 → 100 and Dapr's call timeout were announced as nothing to do). A rename, a reformat, a changed
 * description (a prose string), a comment or a version number raised in a default (an image tag, a
 * protocol version) is none either. Read through core/lex tokens,
 * one line at a time: linear in the changed lines.
 */
import { identWords, lex, type Token } from '../lex';
import type { Change, Finding } from '../types';
import { isSettingsModule, settingLanguage } from './settingNames';

export interface DefaultChange {
  /** The setting (a setting-shaped key on the line) or the default's own name (`DEFAULT_GAS_CAP`, `default_db_engine`). */
  name: string;
  from: string;
  to: string;
  /** New-side line. */
  line: number;
}

/** Identifiers that are literals (booleans, nulls). */
const WORD_LITERAL = /^(?:true|false|True|False|TRUE|FALSE|nil|None|null|NULL|undefined|yes|no|on|off)$/;
/** A value that is prose (a description, a message), not a default: more than two spaces. */
const PROSE = /\S\s+\S+\s+\S+\s+\S/;
/** A version number (`1.2.3`, `v2`, `image:1.4`): raised with each release, no operator action. */
const VERSIONISH = /(?:^|[:v@-])\d+(?:\.\d+)+(?:[-+.\w]*)$|^v\d+$/i;
const MAX_VALUE = 80;
const MAX_LINE = 400;
/** Findings per file: a file that changes many defaults is one fact, listed with its first few. */
const MAX_DEFAULTS = 10;

function isLiteral(t: Token): boolean {
  return t.kind === 'string' || t.kind === 'number' || (t.kind === 'ident' && WORD_LITERAL.test(t.value));
}

function namesDefault(t: Token): boolean {
  return t.kind === 'ident' && identWords(t.value).some((w) => w.includes('default'));
}

/** A setting-shaped key: lowercase words joined by `-`, `_` or `.` (`synchronous_mode`, `db-uri`), or one word (`backlog`). */
const SETTING_KEY = /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/;

function code(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'comment');
}

/**
 * The one literal in which `after` differs from `before`, when everything else (identifiers,
 * punctuation, other literals) is the same; null otherwise.
 */
function oneLiteralChanged(before: Token[], after: Token[]): number | null {
  if (before.length !== after.length || before.length === 0) return null;
  let at: number | null = null;
  for (let i = 0; i < before.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a.text === b.text) continue;
    if (!isLiteral(a) || !isLiteral(b) || at !== null) return null;
    at = i;
  }
  return at;
}

function shown(t: Token): string {
  return t.kind === 'string' ? t.value : t.text;
}

/** Whether a changed value is a default worth an action: short, not prose, not a version raised. */
function isDefaultValue(a: Token, b: Token): boolean {
  // A number raised or lowered (a limit, a timeout, a size) tunes the same behaviour; a default that switches a mode (a boolean,
  // an engine's or a format's name) changes what an installation does. A number that becomes a boolean is another setting's line.
  if (a.kind === 'number' || b.kind === 'number' || a.template || b.template) return false;
  const x = shown(a);
  const y = shown(b);
  if (x.length > MAX_VALUE || y.length > MAX_VALUE || PROSE.test(x) || PROSE.test(y)) return false;
  // A Go struct tag (`json:"default"`), an interpolation (`#{env}.rb`, `${x}`): no value of a setting.
  if (a.kind === 'string' && (/\w:"/.test(x + y) || /[#$]\{/.test(x + y))) return false;
  if (a.kind === 'string' && VERSIONISH.test(x) && VERSIONISH.test(y)) return false;
  // A string that turns into the same text with other quotes, escapes or trailing spaces is a reformat.
  return x.trim() !== y.trim();
}

/** Fields whose value documents a setting (an example, a description, a help text), not its default. */
const DOC_FIELD = /^(?:example|examples|description|desc|help|doc|docs|usage|title|summary|comment|hint|placeholder)$/i;

/** The identifier that names the value at `at` (`example = "*"`, `help: "…"`), skipping one `=` or `:`. */
function fieldOf(tokens: Token[], at: number): string {
  let k = at - 1;
  if (k >= 0 && tokens[k].kind === 'punct' && (tokens[k].text === '=' || tokens[k].text === ':')) k--;
  return k >= 0 && tokens[k].kind === 'ident' ? tokens[k].value : '';
}

/**
 * Whether the literal at `at` is in a key's position: a map key (`"cache-size": 10`, `'a' => 1`, `key = …`)
 * or a call's first argument followed by more (`SetDefault("cache-size", 10)`): a key renamed, not a value changed.
 */
function isKeyPosition(tokens: Token[], at: number): boolean {
  const next = tokens[at + 1];
  const prev = tokens[at - 1];
  if (next?.kind === 'punct' && (next.text === ':' || next.text === '=')) return true;
  return prev?.kind === 'punct' && prev.text === '(' && next?.kind === 'punct' && next.text === ',';
}

/** A line that opens a function or a block whose name is the default's (`fn default_db_engine() -> String {`, `def default_port():`, `default_db() ->`). */
const OPENS = /(?:\{|:|->|=|\()\s*$/;

/** Whether a change can hold an in-place edit of a line (a hunk that removes as many lines as it adds). */
export function editsLinesInPlace(change: Change): boolean {
  return change.hunks.some((h) => h.removed.length > 0 && h.removed.length === h.added.length);
}

/**
 * The defaults a settings module changes (see the file comment). `newText` is the new side: the line
 * that opens a default's function (`fn default_db_engine() {`), and whether a line is code at all
 * (a Javadoc's or a docstring's middle line lexed alone looks like code).
 */
export function changedSettingDefaults(change: Change, newText: string): DefaultChange[] {
  const path = change.path;
  const language = settingLanguage(path);
  if (!language || change.status !== 'modified') return [];
  const out: DefaultChange[] = [];
  let lines: string[] | null = null;
  const newLine = (n: number): string | undefined => (lines ??= newText.split('\n'))[n - 1];
  // Lines whose code (not comments, not a block comment's or a docstring's middle) the whole new file's tokens hold.
  let codeLines: Set<number> | null = null;
  const isCodeLine = (n: number): boolean => {
    if (!codeLines) {
      codeLines = new Set();
      for (const t of lex(language, newText)) if (t.kind !== 'comment' && t.kind !== 'string') codeLines.add(t.line);
    }
    return codeLines.has(n);
  };
  for (const h of change.hunks) {
    if (h.removed.length === 0 || h.removed.length !== h.added.length) continue;
    for (let i = 0; i < h.added.length && out.length < MAX_DEFAULTS; i++) {
      const r = h.removed[i];
      const a = h.added[i];
      if (r === a || r.length > MAX_LINE || a.length > MAX_LINE) continue;
      const before = code(lex(language, r));
      const after = code(lex(language, a));
      const at = oneLiteralChanged(before, after);
      if (at === null || !isDefaultValue(before[at], after[at]) || DOC_FIELD.test(fieldOf(after, at)) || isKeyPosition(after, at)) continue;
      const lineNo = h.newStart + i;
      // The default's name: an identifier of the line that says so, or of the line above (the function it returns from).
      let named = after.find(namesDefault);
      if (!named) {
        const above = i > 0 ? h.added[i - 1] : newLine(lineNo - 1);
        if (above !== undefined && above.length <= MAX_LINE && OPENS.test(above)) named = code(lex(language, above)).find(namesDefault);
      }
      if (!named || !isCodeLine(lineNo)) continue;
      // A setting-shaped key written before the value on the line names the setting (`setdefault('synchronous_mode', …)`).
      const key = after.slice(0, at).filter((t) => t.kind === 'string' && SETTING_KEY.test(t.value) && t.value.length <= 64).pop();
      out.push({ name: key ? key.value : named.value, from: shown(before[at]), to: shown(after[at]), line: lineNo });
    }
  }
  return out;
}

/** Whether the engine reads `change` for changed defaults: a settings module edited in place. */
export function mayChangeSettingDefaults(change: Change): boolean {
  return change.status === 'modified' && !change.contentSkipped && isSettingsModule(change.path) && editsLinesInPlace(change);
}

function clip(v: string): string {
  const t = v.trim();
  return `\`${t.length > 40 ? `${t.slice(0, 40)}…` : t || '(empty)'}\``;
}

export function changedDefaultFinding(d: DefaultChange, path: string): Finding {
  return {
    kind: 'default-changed',
    severity: 'warning',
    subject: d.name,
    line: d.line,
    message: `default of setting \`${d.name}\` changes from ${clip(d.from)} to ${clip(d.to)} in the settings module \`${path}\`: installations that do not set it change behaviour`,
  };
}
