/**
 * Setting names the program stops declaring (issue 11, config actions). A module that declares
 * the settings an operator writes — a file named or placed as the program's config / options /
 * settings (`Config.hs`, `src/knot/conf/schema.h`, `internal/config/config.go`, `Options.hs`,
 * `settings.py`) — names each setting as a string literal (`optString "db-uri"`, `long
 * "max-concurrency"`, `"tcp-handshake-timeout"`, `o .:? "pool_stats"`). A setting-shaped literal
 * (two or more lowercase words joined by `-`, `_` or `.`) that such a module held on a removed line,
 * that the module's new side no longer holds, and that no other code module of head names (as that
 * string or as the flag `--name`), is a
 * setting removed or renamed: a deployed config file or command line that still sets it is
 * refused or silently ignored.
 *
 * Explains misses across ecosystems: PostgREST's `raw-media-types` / `jwt-cache-max-lifetime`
 * (Haskell), kupo's `max-concurrency` option (Haskell), cardano-db-sync's `pool_stats` config key
 * (Haskell), Knot DNS's removed `tcp-handshake-timeout` (C); Go, Rust, Java and Python settings
 * modules the same way.
 *
 * Read through core/lex tokens (one pass per side); whether head names a setting elsewhere is asked
 * by the engine once per range (`combineOptionSearches` with `settingNameSearch`'s needles).
 */
import { languageOfPath, lex, type Language } from '../lex';
import type { Change, Finding } from '../types';
import { isOperatorCode } from './cliOptions';

export interface SettingDecl {
  name: string;
  /** Line on the old side. */
  line: number;
}

/** File stems of modules that declare the program's settings (case-insensitive). */
const STEM = /^(?:config|conf|configuration|settings|options|opts|cli|args|arguments|flags|params|readconf)$|[_-](?:config|conf|settings|options|opts|args)$|^(?:config|conf|settings|options)[_-]|[a-z](?:config|configuration|settings|options)$/i;
/** Folders of such modules. */
const DIR = /^(?:config|conf|configs|configuration|settings|options)$/i;
/** A setting name: lowercase words joined by `-`, `_` or `.` (`db-use-legacy-gucs`, `pool_stats`, `server.tcp-reply-timeout`). */
const NAME = /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+$/;
/** More dots than a setting path has: a translation key (`repo.settings.general.visibility.public`). */
const I18N_KEY = /^[^.]*(?:\.[^.]*){4,}$/;
/** Web front-end code: its "settings" and "options" are screens of the user interface, not the operator's settings. */
const FRONT_END_DIR = /^(?:web|ui|frontend|front-end|client|www|static|public|assets|screens|components|views|pages|javascript)$/i;
const FRONT_END_FILE = /\.(?:vue|svelte|jsx|tsx)$/i;
/** Framework files a `config/` folder holds that declare no settings (Rails routes, asset and locale lists). */
const NOT_SETTINGS_STEM = /^(?:routes|assets|locales?|i18n|translations?|messages)$/i;
const MAX_NAME = 64;
/** A file name or host, not a setting (`options.h`, `emqx_auth.hrl`, `instance1.tld`, `config.yaml`). */
const FILE_OR_HOST = /\.(?:h|hh|hpp|hrl|c|cc|cpp|go|rs|hs|erl|ex|exs|py|rb|js|ts|java|kt|cs|php|lua|json|ya?ml|toml|conf|cfg|ini|txt|log|sql|html?|so|dll|pem|crt|key|db|sock|pid|xml|md|lock|sh|tld|com|org|net|io|local|example|test|invalid)$/;

/** The lexer of a settings module: the language of its path, Haskell for `.hs` (read here only). */
export function settingLanguage(path: string): Language | null {
  if (/\.hs$/i.test(path)) return 'haskell';
  const language = languageOfPath(path);
  return language && language !== 'sql' && language !== 'yaml' && language !== 'shell' ? language : null;
}

/** True when `path` is code that may declare the program's settings (not a test, tool or build script). */
export function isSettingsModule(path: string): boolean {
  const language = settingLanguage(path);
  if (!language || !isOperatorCode(path) || FRONT_END_FILE.test(path)) return false;
  const segs = path.split('/');
  if (language === 'js') for (let i = 0; i < segs.length - 1; i++) if (FRONT_END_DIR.test(segs[i])) return false;
  const base = segs[segs.length - 1];
  const stem = base.slice(0, base.lastIndexOf('.') < 0 ? base.length : base.lastIndexOf('.'));
  if (NOT_SETTINGS_STEM.test(stem)) return false;
  if (STEM.test(stem)) return true;
  for (let i = 0; i < segs.length - 1; i++) if (DIR.test(segs[i])) return true;
  return false;
}

function isSettingName(s: string): boolean {
  return s.length <= MAX_NAME && NAME.test(s) && !FILE_OR_HOST.test(s) && !I18N_KEY.test(s);
}

/** Setting-shaped string literals of a settings module, with their lines. */
export function settingNames(path: string, text: string): SettingDecl[] {
  const language = settingLanguage(path);
  if (!language || text.length > 2_000_000) return [];
  const out: SettingDecl[] = [];
  for (const t of lex(language, text)) if (t.kind === 'string' && isSettingName(t.value)) out.push({ name: t.value, line: t.line });
  return out;
}

/** Whole string literals of `text` (the names the new side still holds). */
function stringValues(path: string, text: string): Set<string> {
  const language = settingLanguage(path);
  const out = new Set<string>();
  if (!language) return out;
  for (const t of lex(language, text)) if (t.kind === 'string' && t.value.length <= MAX_NAME) out.add(t.value);
  return out;
}

/** Setting names on the removed lines of the old side that the new side holds nowhere as a string. */
export function removedSettingNames(change: Change, oldText: string, newText: string): SettingDecl[] {
  const before = settingNames(change.oldPath ?? change.path, oldText);
  if (!before.length) return [];
  const removed = new Set<number>();
  for (const h of change.hunks) for (let i = 0; i < h.removed.length; i++) removed.add(h.oldStart + i);
  let now: Set<string> | null = null;
  const out: SettingDecl[] = [];
  const seen = new Set<string>();
  for (const d of before) {
    if (seen.has(d.name) || !removed.has(d.line)) continue;
    seen.add(d.name);
    now ??= stringValues(change.path, newText);
    if (!now.has(d.name)) out.push(d);
  }
  return out;
}

/** True when a removed line of `change` holds a quoted setting-shaped word: the cheap test before the files are read. */
export function removesSettingHint(change: Change): boolean {
  for (const h of change.hunks) {
    for (const l of h.removed) {
      if (l.length > 2000) continue;
      for (let i = l.indexOf('"'); i >= 0; i = l.indexOf('"', i + 1)) {
        const j = l.indexOf('"', i + 1);
        if (j < 0) break;
        if (isSettingName(l.slice(i + 1, j))) return true;
        i = j;
      }
    }
  }
  return false;
}

const QUOTES = ['"', "'", '`'];
const NAME_CHAR = /[A-Za-z0-9_.-]/;

/**
 * What the engine greps head for (each name right after a quote) and the names a hit line holds
 * as a whole quoted string: one pass over the line.
 */
export function settingNameSearch(names: readonly string[]): { needles: string[]; named(text: string): string[] } {
  const wanted = new Set(names);
  const needles: string[] = [];
  // `"--log-level"`: the same setting spelled as a command-line flag in code; prose quotes options in
  // single quotes ('--max-concurrency' in an error message is a stale mention, not a reader)
  for (const n of wanted) for (const q of QUOTES) needles.push(q + n, ...(q === "'" ? [] : [`${q}--${n}`]));
  const named = (text: string): string[] => {
    const out = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const q = text[i];
      if (q !== '"' && q !== "'" && q !== '`') continue;
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      if (j > i + 1 && text[j] === q) {
        let from = i + 1;
        while (q !== "'" && from < i + 3 && text[from] === '-') from++;
        if (wanted.has(text.slice(from, j))) out.add(text.slice(from, j));
      }
      i = j - 1;
    }
    return [...out];
  };
  return { needles, named };
}

/** The finding of one setting no longer declared (the engine drops it when head still names the setting elsewhere). */
export function removedSettingFinding(d: SettingDecl, path: string): Finding {
  return { kind: 'config-key-removed', severity: 'warning', subject: d.name, message: `no longer declares setting \`${d.name}\`, and no other module names it (read through the settings module \`${path}\`: a deployed config or command line that still sets it is refused or ignored)` };
}
