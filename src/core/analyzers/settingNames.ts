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
 * Besides quoted names (issue 11, session 11): a C/C++ settings header's X-macro rows
 * (`PARAM_SIMPLE(/* name *\/ vsm_space, …)`: Varnish's `-p` parameters), a C# options class's public
 * auto-properties (`public int PrepareCount { get; init; }`: .NET's configuration binder), and, in
 * code that is no settings module, a config key read through a config receiver on a removed line
 * (`properties.getBool("block_barriers", true)`) that the new file no longer quotes.
 *
 * A key read by subscript is named the same way (session 14): `data["deploy_timeout_rollback_ms"]` in
 * DeployEx's Elixir config provider, `$config['global_config_backend']` in Icinga Web 2's PHP config forms.
 *
 * Read through core/lex tokens (one pass per side); whether head names a setting elsewhere is asked
 * by the engine once per range (`combineOptionSearches` with `settingNameSearch`'s needles).
 */
import { familyOf, identWords, languageOfPath, lex, type Language, type Token } from '../lex';
import type { Change, Finding } from '../types';
import { removedLineNumbers } from './analyzer';
import { isOperatorCode } from './cliOptions';
import { memoByPath } from '../util/memoByPath';
import { configKeyReads } from './configReader';

export interface SettingDecl {
  name: string;
  /** Line on the old side. */
  line: number;
  /** Read through a config accessor in code (`properties.getBool("block_barriers", …)`), not declared by a settings module. */
  read?: boolean;
  /** Declared as an identifier (an X-macro row's name, a C# property), not as a string: head may name it bare (review11 F2). */
  ident?: boolean;
  /**
   * C#: the class that declares the property, when its own file does not read configuration: a
   * setting only if head binds that class to configuration (`Configure<Owner>(`, `IOptions<Owner>`,
   * `.Get<Owner>()`; review11 F1).
   */
  owner?: string;
  /**
   * A row of a config key table (`{ "ResolvConf", CONFIG_TYPE_STRING, FALSE }`, `{"sql_history_since_epoch", cfg_key_…}`):
   * the parser matches its keys without regard to case, so the new side is read caseless too.
   */
  table?: boolean;
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

/** True when `path` is code that may declare the program's settings (not a test, tool or build script); kept by path: three detector gates ask it of one changed file (issue 17). */
export const isSettingsModule: (path: string) => boolean = memoByPath(isSettingsModuleUncached);

function isSettingsModuleUncached(path: string): boolean {
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

/** A list bound to such a name lists setting names (PostgREST's `dbSettingsNames = … ["db_anon_role", …]`). */
const NAMES_LIST = /(?:setting|option|flag|param|key|name)s$/i;
/** Words before a string that make it a value, not a name (`return "json-lines"`, `else "en-us"`). */
const VALUE_WORD = /^(?:return|yield|else|then|in|of|is|not|and|or|if|when|await|throw|raise|assert|print|pure)$/;
/**
 * A field or constant whose value names a setting (clap's `long = "max-conns"`, serde's `rename =
 * "pool-stats"`, an option table's `name: "log-level"`, Go's `const sizeKey = "cache-size"`, C's
 * `LOG_FORMAT_OPT = "log-format"`).
 */
const NAMING_FIELD = /^(?:long|short|name|key|flag|option|setting|env|alias|rename)$|(?:[a-z0-9]|^)(?:Key|Flag|Opt|Option|Setting)$|_(?:key|flag|opt|option|setting|KEY|FLAG|OPT|OPTION|SETTING)$/;

/**
 * True for each string token in a key position: where a settings module names a setting, not where
 * it gives one a value (issue 11; review10 F4). A key is a call's first string argument
 * (`SetDefault("log-format", "json")`, `StringVar(&x, "max-conns", 10, …)`), a string right after a
 * name (`optString "db-uri"`, `long "max-concurrency"`, `toJsonIfSet "pool_stats"`,
 * `#define C_X "tcp-handshake-timeout"`), after aeson's `.:` / `.:?`, a table's first field
 * (`{ "tcp-handshake-timeout", YP_TINT }`, Haskell's `("db-use-legacy-gucs", show …)`), a map key
 * (`"log-level": …`, `"a" => …`, aeson's `"pool_stats" .= x`; not `"a" : xs` in Haskell, a list's cons), or the value of a
 * naming field (`long = "x"`). A default, a later argument (`SetDefault("k", "json-lines")`), a
 * list element (`trustedHeaders: ["x-request-id", "x-forwarded-for"]`, unless the list's name says
 * it lists names: `dbSettingsNames = … ["db_anon_role", …]`) or an assigned value (`locale: "en-us"`)
 * is not. A string glued to the previous one (C's `"\x15""tcp-handshake-timeout"`) takes its position.
 */
function keyStrings(language: Language, tokens: readonly Token[], text: string, subscripts?: boolean[]): boolean[] {
  const key: boolean[] = new Array(tokens.length).fill(false);
  // open brackets: '(' groups record whether a string was already a direct argument
  const groups: { open: string; sawString: boolean; naming: boolean }[] = [];
  // the last name or map key given a value (`dbSettingsNames =`, `trustedHeaders:`, `"log_modes":`): a list it holds is a list of names when the name says so
  let binding = '';
  let prev = -1;
  let prev2 = -1;
  let bound: Set<string> | null = null;
  const holders = (): Set<string> => (bound ??= loaderBound(tokens, text));
  const punct = (k: number): string => (k >= 0 && k < tokens.length && tokens[k].kind === 'punct' ? text.slice(tokens[k].start, tokens[k].end) : '');
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'comment') continue;
    if (t.kind === 'punct') {
      const p = text.slice(t.start, t.end);
      if ((p === '=' || p === ':') && prev >= 0) binding = tokens[prev].kind === 'ident' ? text.slice(tokens[prev].start, tokens[prev].end) : tokens[prev].kind === 'string' ? tokens[prev].value : binding;
      if (p === '(' || p === '[' || p === '{') groups.push({ open: p, sawString: false, naming: p === '[' && NAMES_LIST.test(binding) });
      else if ((p === ')' || p === ']' || p === '}') && groups.length) groups.pop();
    } else if (t.kind === 'string') {
      const group = groups.length ? groups[groups.length - 1] : null;
      const before = punct(prev);
      let isKey = false;
      if (prev >= 0 && tokens[prev].kind === 'string' && tokens[prev].end === t.start) isKey = key[prev];
      else if (prev >= 0 && tokens[prev].kind === 'ident') isKey = !VALUE_WORD.test(text.slice(tokens[prev].start, tokens[prev].end));
      else if (before === '(' || before === '{') isKey = true;
      else if (before === '[') {
        isKey = group !== null && group.naming;
        if (!isKey && subscriptKey(language, tokens, prev, k, holders)) {
          isKey = true;
          if (subscripts) subscripts[k] = true;
        }
      }
      else if (before === ',') isKey = group !== null && ((group.open === '(' && !group.sawString) || group.naming);
      else if (before === ':' || before === '?' || before === '!') {
        // aeson's `.:` / `.:?` / `.:!` (one-character punct tokens, glued)
        const a = tokens[prev].start;
        isKey = text.slice(Math.max(0, a - 2), a + 1).includes('.:');
        if (!isKey && before === ':' && prev2 >= 0 && tokens[prev2].kind === 'ident') isKey = NAMING_FIELD.test(text.slice(tokens[prev2].start, tokens[prev2].end));
      } else if (before === '=' && prev2 >= 0 && tokens[prev2].kind === 'ident') isKey = NAMING_FIELD.test(text.slice(tokens[prev2].start, tokens[prev2].end));
      // what follows: a map key is followed by `:` (not `::`), `=>` or `=` (not `==`); in Haskell, aeson's
      // `"k" .= v`; a Haskell value with its type (`("read-only" :: Text)`) is no key
      let q = k + 1;
      while (q < tokens.length && tokens[q].kind === 'comment') q++;
      const next = punct(q);
      const after = punct(q + 1);
      if (next === ':' && after === ':') isKey = false;
      else if (language === 'haskell') isKey ||= next === '.' && after === '=' && punct(q + 2) !== '=';
      else if ((next === ':' && after !== ':') || (next === '=' && after !== '=')) isKey = true;
      key[k] = isKey;
      if (group && group.open === '(' && (before === '(' || before === ',')) group.sawString = true;
    }
    prev2 = prev;
    prev = k;
  }
  return key;
}

/**
 * Words of a name that holds the operator's parsed configuration (`config`, `$config`, `cfg`, `settings`,
 * `options`, DeployEx's `application` entry of its YAML file), lowercase: READ_RECEIVER_WORDS plus `application`,
 * and a settings form's values (Zend / Laminas and Icinga Web's `createElements(array $formData)` of a config
 * form: `$formData['global_config_backend']` is the config.ini key the form edits).
 */
const CONFIG_HOLDER_WORDS = ['conf', 'cfg', 'setting', 'option', 'opts', 'viper', 'koanf', 'props', 'properties', 'application', 'formdata'];

/**
 * A config file loader (YAML, TOML, INI): the value it returns is the operator's config, whatever its name
 * (`{:ok, data} -> data["initial_port"]` after `YamlElixir.read_from_file(path)`). JSON parsers are none:
 * `json.loads(r.read())` parses an HTTP response as often as a config file (review14 F4).
 */
const CONFIG_LOADER = /\b(?:YamlElixir\.read_(?:from_file|all_from_file)!?|(?:yaml|YAML|Psych)\.(?:safe_load|load|load_file|safe_load_file|full_load|parse_file)|(?:toml|tomllib|tomli|Toml|TOML)\.(?:load|loads|decode_file|parse_file)|parse_ini_file|yaml_parse_file|Yaml::parse(?:File)?|ConfigParser\(\))/;

/**
 * The names a config loader's value is bound to in this file: the identifiers on a loader's line
 * (`data = yaml.safe_load(f)`, `{:ok, data} <- YamlElixir.read_from_file(p)`) and on the line after it
 * (Elixir's `case YamlElixir.read_from_file(p) do` / `{:ok, data} ->`).
 */
function loaderBound(tokens: readonly Token[], text: string): Set<string> {
  const out = new Set<string>();
  if (!CONFIG_LOADER.test(text)) return out;
  const lines = text.split('\n');
  const bound = new Set<number>();
  lines.forEach((l, i) => {
    if (l.length <= 2000 && CONFIG_LOADER.test(l)) bound.add(i + 1).add(i + 2);
  });
  for (const t of tokens) if (t.kind === 'ident' && bound.has(t.line)) out.add(t.value);
  return out;
}

/** The tokens subscriptKey's chain walk may look back over (`self.app.config["a"]["b"][…]`, a call's arguments). */
const CHAIN_TOKENS = 64;

/**
 * A key read by subscript from the config object itself (`config["log_dir"]`, `application["initial_port"]`,
 * `$config['preferences_store']`, `cfg["a"]["b"]`, `data["deploy_rollback_timeout_ms"]` where `data` is what
 * a YAML loader returned): the string is the whole index of a `[` glued to the value it indexes (a name, `]`
 * or `)`), so it is no list literal (`= ["x-request-id"]`, `f ["a"]`), and a name of the indexed chain
 * (`self.config[…]`, `cfg["a"][…]`) says config or was bound from a config loader in this file. A settings
 * module's other dicts (an OAuth response's `data["access_token"]`, `profile._json["given_name"]`) are data,
 * not the operator's settings (review14 F4). Not in Haskell, where `f["a"]` applies `f` to a list.
 */
function subscriptKey(language: Language, tokens: readonly Token[], open: number, k: number, holders: () => Set<string>): boolean {
  if (language === 'haskell' || open < 1) return false;
  const v = tokens[open - 1];
  const glued = v.end === tokens[open].start && (v.kind === 'ident' || (v.kind === 'punct' && (v.value === ']' || v.value === ')')));
  const close = tokens[k + 1];
  if (!glued || close === undefined || close.kind !== 'punct' || close.value !== ']') return false;
  // walk the indexed chain back: `a.b`, `a->b`, `a::b`, `x[…]`, `f(…)`; at most CHAIN_TOKENS tokens in all, so a
  // run of unmatched `]` costs each key a bounded look-back (linear)
  let budget = CHAIN_TOKENS;
  for (let j = open - 1; j >= 0 && budget-- > 0; ) {
    const t = tokens[j];
    if (t.kind === 'ident') {
      const lower = t.value.toLowerCase();
      if (CONFIG_HOLDER_WORDS.some((w) => lower.includes(w)) || holders().has(t.value)) return true;
      const sep = tokens[j - 1];
      if (!sep || sep.kind !== 'punct' || sep.end !== t.start) return false;
      if (sep.value === '.' || sep.value === ':' || sep.value === '>') j -= sep.value === '.' ? 2 : tokens[j - 2]?.kind === 'punct' ? 3 : 2;
      else return false;
    } else if (t.kind === 'punct' && (t.value === ']' || t.value === ')')) {
      const o = t.value === ']' ? '[' : '(';
      let depth = 0;
      let m = j;
      for (; m >= 0 && budget-- > 0; m--) {
        const u = tokens[m];
        if (u.kind !== 'punct') continue;
        if (u.value === t.value) depth++;
        else if (u.value === o && --depth === 0) break;
      }
      if (m < 1 || budget <= 0 || tokens[m - 1].end !== tokens[m].start) return false;
      j = m - 1;
    } else return false;
  }
  return false;
}

/** A C / C++ header: where a table of settings is written as X-macro rows. */
const HEADER = /\.(?:h|hh|hpp|hxx)$/i;
/** The macro of an X-macro row (`PARAM`, `PARAM_SIMPLE`, `OPTION_INT`). */
const ROW_MACRO = /^[A-Z][A-Z0-9_]*$/;
/** Line-initial calls of one macro family a header needs before they are a table's rows. */
const MIN_TABLE_ROWS = 3;
/** A C type name (`int32_t`, `size_t`): the first argument of `ABSL_DECLARE_FLAG(int32_t, x)`, not a setting. */
const C_TYPE = /_t$/;

/**
 * The rows of an X-macro table in a settings header (`include/tbl/params.h`, `options.h`): a line
 * that starts with an all-caps macro whose first argument is a setting-shaped identifier
 * (`PARAM_SIMPLE(\n\t/* name *\/ vsm_space, …)`, `OPTION(max_conns, int, 10)`). The table expands
 * into the parser's list of settings, so its identifiers are the names the operator writes
 * (`-p vsm_space=…`). A call inside a function body is no row: rows start their line.
 */
function macroRowNames(tokens: readonly Token[]): SettingDecl[] {
  const rows: { macro: string; decl: SettingDecl | null }[] = [];
  for (let k = 0; k + 2 < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'ident' || !ROW_MACRO.test(t.value) || (k > 0 && tokens[k - 1].line === t.line)) continue;
    if (tokens[k + 1].kind !== 'punct' || tokens[k + 1].value !== '(') continue;
    let j = k + 2;
    while (j < tokens.length && tokens[j].kind === 'comment') j++;
    const name = tokens[j];
    const after = tokens[j + 1];
    const row = name?.kind === 'ident' && after?.kind === 'punct' && (after.value === ',' || after.value === ')') && isSettingName(name.value) && !C_TYPE.test(name.value);
    rows.push({ macro: t.value, decl: row ? { name: name.value, line: name.line, ident: true } : null });
  }
  // A table is a macro family (the macros' first word: PARAM, PARAM_SIMPLE, PARAM_PCRE, PARAM_VCC are
  // Varnish's one table) that opens at least MIN_TABLE_ROWS line-initial rows: a single
  // `TAILQ_HEAD(listener_head, listener);` or `STATIC_ASSERT(…)` in a config.h is no table (review11 F2).
  const family = (macro: string): string => macro.split('_', 1)[0];
  const count = new Map<string, number>();
  for (const r of rows) count.set(family(r.macro), (count.get(family(r.macro)) ?? 0) + 1);
  return rows.filter((r) => r.decl && count.get(family(r.macro))! >= MIN_TABLE_ROWS).map((r) => r.decl!);
}

/** A C# property name of more than one word (`PrepareCount`, `EnableExternalTcp`; not `Name`, `Id`). */
const PASCAL = /^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$/;

/**
 * C#: the public auto-properties of an options class (`public int PrepareCount { get; init; } = -1;`,
 * `public bool EnableExternalTcp { get; set; }`): .NET's configuration binder fills them from the
 * config file, the command line and the environment by their names, so each is a setting the
 * operator writes. A property whose declaration starts its line with `public` and whose accessor
 * list opens with get / set / init; computed properties (`=> …`) are none.
 */
function csharpProperties(tokens: readonly Token[]): SettingDecl[] {
  const T = tokens.filter((t) => t.kind !== 'comment');
  const out: SettingDecl[] = [];
  // the class, record or struct each open brace belongs to (null: a block, a namespace, an accessor list)
  const braces: (string | null)[] = [];
  let pending: string | null = null;
  const owner = (): string | undefined => {
    for (let b = braces.length - 1; b >= 0; b--) if (braces[b]) return braces[b]!;
    return undefined;
  };
  for (let k = 2; k < T.length; k++) {
    const t = T[k];
    if (t.kind === 'ident' && (t.value === 'class' || t.value === 'record' || t.value === 'struct') && T[k + 1]?.kind === 'ident') pending = T[k + 1].value === 'struct' || T[k + 1].value === 'class' ? (T[k + 2]?.kind === 'ident' ? T[k + 2].value : null) : T[k + 1].value;
    else if (t.kind === 'punct' && t.value === '{') {
      braces.push(pending);
      pending = null;
    } else if (t.kind === 'punct' && t.value === '}') braces.pop();
    else if (t.kind === 'punct' && t.value === ';') pending = null;
    if (t.kind !== 'ident' || (t.value !== 'get' && t.value !== 'set' && t.value !== 'init')) continue;
    const open = T[k - 1];
    const name = T[k - 2];
    if (open.kind !== 'punct' || open.value !== '{' || name.kind !== 'ident' || !PASCAL.test(name.value)) continue;
    let j = k - 3;
    while (j >= 0 && j > k - 14 && T[j].line === name.line && !(T[j].kind === 'ident' && T[j].value === 'public')) j--;
    if (j >= 0 && T[j].kind === 'ident' && T[j].value === 'public' && (j === 0 || T[j - 1].line < T[j].line) && name.value.length <= MAX_NAME) {
      // the accessor list's `{` belongs to no class: the innermost class around it is the property's
      const cls = owner();
      out.push({ name: name.value, line: name.line, ident: true, ...(cls ? { owner: cls } : {}) });
    }
  }
  return out;
}

/** A key of a config key table's row, in any case (`ResolvConf`, `sql_history_since_epoch`, `On-Security`). */
const TABLE_KEY = /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/;
/** Words that say a name is config handling (`cfg_key_debug`, `CONFIG_TYPE_BOOLEAN`, `FR_CONF_OFFSET`, `dkimf_config`). */
const CONFIG_WORDS = new Set(['cfg', 'conf', 'config', 'configuration', 'setting', 'settings']);
/**
 * Words of a row's second field that name an option or parameter of anything (Exim's `opt_stringptr`, but also a
 * command line's `OPT_TEXT` and an HTTP query's `PARAM_LIMIT`): such rows are config keys only in a table whose own
 * declaration or file says config (`optionlist optionlist_config[]`, review15 F3).
 */
const OPTION_WORDS = new Set(['opt', 'option', 'options', 'param']);
/** Languages whose tables are brace-initialised rows: the C-like family. */
const bracedRows = (language: Language): boolean => familyOf(language) === 'c-like';

/** 2 when `id` (a row's second field) names config handling, 1 when it names an option or parameter only, else 0. */
function configFieldStrength(id: string): 0 | 1 | 2 {
  if (id.length > 80) return 0;
  let out: 0 | 1 | 2 = 0;
  for (const w of identWords(id)) {
    if (CONFIG_WORDS.has(w)) return 2;
    if (OPTION_WORDS.has(w)) out = 1;
  }
  return out;
}

/** True when `id` (a row's second field) is a config handler or type constant, or an option word (the cheap hint's test). */
function isConfigField(id: string): boolean {
  return configFieldStrength(id) > 0;
}

/** True when a word of the file name of `path` says config (`cfg.c`, `opendkim-config.h`, `conf_parse.c`). */
function configFileName(path: string | undefined): boolean {
  if (!path) return false;
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  return base.split(/[^A-Za-z0-9_]+/).some((part) => identWords(part).some((w) => CONFIG_WORDS.has(w)));
}

/** True when the declaration before the table's `{` at `open` (`struct configdef dkimf_config[] =`) has a word of `words`. */
function configDeclaration(T: readonly Token[], open: number, words: ReadonlySet<string> = CONFIG_WORDS): boolean {
  for (let j = open - 1; j >= 0 && j >= open - 24; j--) {
    const t = T[j];
    if (t.kind === 'punct' && (t.value === ';' || t.value === '{' || t.value === '}')) return false;
    if (t.kind === 'ident' && identWords(t.value).some((w) => words.has(w))) return true;
  }
  return false;
}

/**
 * Words of a table's declaration that make its `{ "key", "default" }` rows a program's settings with their default
 * values (WeeChat's `char *irc_server_options[…][2] = {`, Kopano's `configsetting_t lpDefaults[] = {`): a config word,
 * or one that names options or defaults. Not `param`: `params = { {"method", "track.scrobble"}, … }` is a request.
 */
const DEFAULTS_TABLE_WORDS: ReadonlySet<string> = new Set([...CONFIG_WORDS, 'option', 'options', 'opts', 'defaults']);

/**
 * True when the table's `{` at `open` ends a fixed array declaration, `name[…] = {` (WeeChat's
 * `char *irc_server_options[…][2] =`, Kopano's `configsetting_t lpDefaults[] =`, piler's `config_parse_rules[] =`):
 * not a map or dictionary literal handed to a library (`std::map<…> opts = {`, C#'s `new Dictionary<…> {`, Go's
 * `[][2]string{`), whose string pairs are a client's options (Kafka's, ffmpeg's, request headers), not keys an
 * operator sets (review16 F1).
 */
function arrayDeclaration(T: readonly Token[], open: number): boolean {
  if (open < 2) return false;
  const eq = T[open - 1];
  const close = T[open - 2];
  return eq.kind === 'punct' && eq.value === '=' && close.kind === 'punct' && close.value === ']';
}

/** A header-cased key (`X-Request-Source`, `Cache-Control`): an HTTP header with its value, no setting. */
const HEADER_KEY = /^[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)+$/;

/**
 * The rows of a config key table (issue 11, session 15): the list of keys a hand-written config parser accepts,
 * one brace-initialised row per line whose first field is the key and whose second is a bare identifier that
 * names config handling — the key's handler or type (pmacct's `{"sql_aggressive_classification",
 * cfg_key_sql_aggressive_classification},`, OpenDKIM's and OpenDMARC's `{ "ResolvConf", CONFIG_TYPE_STRING, FALSE },`,
 * FreeRADIUS' `{ "default_pool", FR_CONF_OFFSET(PW_TYPE_STRING, …), … }`). A second field that names only an
 * option or parameter (Exim's `{ "gnutls_require_kx", opt_stringptr, … }`) counts in a table whose own declaration
 * or file name says config (`optionlist optionlist_config[]`), decided once per table: the same rows list a command
 * line's options (`{"text", OPT_TEXT, '-', …}`) and an endpoint's query parameters (`{"limit", PARAM_LIMIT}`).
 * A row whose second field is a string is a key with its default value (WeeChat's `{ "anti_flood_prio_high", "2" },`
 * in `char *irc_server_options[…][2] = {`, Kopano's `{"server_bind", "", CONFIGSETTING_RELOADABLE},` in
 * `configsetting_t lpDefaults[] = {`; session 16): such a row counts only in a table whose own declaration says
 * config, options or defaults (DEFAULTS_TABLE_WORDS) and that is a fixed array declaration (arrayDeclaration), since
 * string pairs list anything (a MIME map, a request's fields, a client's options handed to a library); a header-cased
 * key (`X-Request-Source`) is no such row.
 * The file need not be named as a settings module (pmacct's `pmacct-data.h`, `cfg.c`, a FreeRADIUS module's
 * `rlm_sqlippool.c`): the table says what it is. A table needs MIN_TABLE_ROWS such rows; a row starts its line; a
 * qualified field (`EDNSOptionCode::NSID`) is no such row. Keys are read in any case (these
 * parsers match them caseless: `ResolvConf`, `On-Security`).
 */
export function keyTableRows(language: Language, tokens: readonly Token[], path?: string): SettingDecl[] {
  if (!bracedRows(language)) return [];
  const T = tokens.filter((t) => t.kind !== 'comment');
  const out: SettingDecl[] = [];
  const opens: number[] = [];
  const tableSaysConfig = new Map<number, boolean>();
  const defaultsTables = new Map<number, boolean>();
  const fileSaysConfig = configFileName(path);
  for (let k = 0; k < T.length; k++) {
    const open = T[k];
    if (open.kind !== 'punct') continue;
    if (open.value === '}') opens.pop();
    if (open.value !== '{') continue;
    const table = opens.length ? opens[opens.length - 1] : -1;
    opens.push(k);
    // a row starts its line, or follows its table's own `{` there (WeeChat's `{ { "addresses", "" },`)
    if (k + 4 >= T.length || (k > 0 && T[k - 1].line === open.line && table !== k - 1)) continue;
    const key = T[k + 1];
    const comma = T[k + 2];
    const field = T[k + 3];
    const end = T[k + 4];
    if (key.kind !== 'string' || key.line !== open.line || comma.kind !== 'punct' || comma.value !== ',' || (field.kind !== 'ident' && field.kind !== 'string')) continue;
    if (end.kind !== 'punct' || (end.value !== ',' && end.value !== '}' && (end.value !== '(' || field.kind === 'string'))) continue;
    if (key.value.length > MAX_NAME || !TABLE_KEY.test(key.value) || FILE_OR_HOST.test(key.value)) continue;
    if (field.kind === 'string') {
      // a key with its default value (`{ "anti_flood_prio_high", "2" },`): a settings table only by its own declaration
      let says = defaultsTables.get(table);
      if (says === undefined) defaultsTables.set(table, (says = table >= 0 && arrayDeclaration(T, table) && configDeclaration(T, table, DEFAULTS_TABLE_WORDS)));
      if (says && !HEADER_KEY.test(key.value)) out.push({ name: key.value, line: key.line, table: true });
      continue;
    }
    const strength = configFieldStrength(field.value);
    if (strength === 0) continue;
    if (strength === 1 && !fileSaysConfig) {
      let says = tableSaysConfig.get(table);
      if (says === undefined) tableSaysConfig.set(table, (says = table >= 0 && configDeclaration(T, table)));
      if (!says) continue;
    }
    out.push({ name: key.value, line: key.line, table: true });
  }
  return out.length >= MIN_TABLE_ROWS ? out : [];
}

/** A removed line that may be a config key table's row (`{ "ResolvConf", CONFIG_TYPE_STRING, FALSE },`): the cheap test before the files are read. */
const KEY_ROW_HINT = /^\s*\{\s*"([A-Za-z][A-Za-z0-9_.-]*)"\s*,\s*(?:([A-Za-z_][A-Za-z0-9_]*)\s*[,}(]|"[^"\\]{0,200}"\s*[,}])/;

/** True when a removed line of `change` (a C-like code file) looks like a config key table's row. */
export function removesKeyTableRowHint(change: Change): boolean {
  const language = languageOfPath(change.oldPath ?? change.path);
  if (!language || !bracedRows(language)) return false;
  for (const h of change.hunks) {
    for (const l of h.removed) {
      const m = l.length <= 2000 ? KEY_ROW_HINT.exec(l) : null;
      // a handler or type field that names config, or a default value (the table's declaration decides: keyTableRows)
      if (m && m[1].length <= MAX_NAME && (m[2] === undefined || isConfigField(m[2]))) return true;
    }
  }
  return false;
}

/**
 * Keys of a config key table (keyTableRows) on the removed lines of the old side that the new side holds
 * nowhere as a string, in any case: for code that is no settings module by its name (pmacct's `pmacct-data.h`).
 */
export function removedTableKeys(change: Change, oldText: string, newText: string): SettingDecl[] {
  const language = settingLanguage(change.oldPath ?? change.path);
  if (!language || oldText.length > 2_000_000) return [];
  return goneFromNewSide(change, keyTableRows(language, lex(language, oldText), change.oldPath ?? change.path), newText, false);
}

/**
 * An options file that reads configuration itself (`configurationRoot.GetValue<int>(nameof(PrepareCount))`,
 * `IConfiguration`, `GetSection("…")`, `[ConfigurationKeyName("…")]`): its classes' properties are settings
 * without asking head who binds them.
 */
const CSHARP_READS_CONFIG = /\bIConfiguration(?:Root|Section)?\b|\.GetValue<|\.GetSection\(|\[ConfigurationKeyName\(/;

/** Setting-shaped string literals of a settings module in a key position (and a settings header's X-macro rows, a C# options class's properties), with their lines. */
export function settingNames(path: string, text: string, subscriptsOnly = false): SettingDecl[] {
  const language = settingLanguage(path);
  if (!language || text.length > 2_000_000) return [];
  const out: SettingDecl[] = [];
  const tokens = lex(language, text);
  const subscripts: boolean[] = [];
  const key = keyStrings(language, tokens, text, subscripts);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (key[k] && (!subscriptsOnly || subscripts[k]) && t.kind === 'string' && isSettingName(t.value)) out.push({ name: t.value, line: t.line });
  }
  if (subscriptsOnly) return out;
  if (language === 'c' && HEADER.test(path)) out.push(...macroRowNames(tokens));
  out.push(...keyTableRows(language, tokens, path));
  if (language === 'csharp') {
    // a property is a setting when configuration fills its class: this file reads it, or (asked of head) some code binds the class
    const local = CSHARP_READS_CONFIG.test(text);
    for (const d of csharpProperties(tokens)) out.push(local || !d.owner ? { name: d.name, line: d.line, ident: true } : d);
  }
  return out;
}

/**
 * Whole string literals of `text` (the names the new side still holds); with `identifiers`, a
 * settings header's and a C# file's identifiers too (X-macro row names and property names are identifiers).
 */
function stringValues(path: string, text: string, identifiers: boolean): Set<string> {
  const language = settingLanguage(path);
  const out = new Set<string>();
  if (!language) return out;
  const idents = identifiers && ((language === 'c' && HEADER.test(path)) || language === 'csharp');
  for (const t of lex(language, text)) if ((t.kind === 'string' || (idents && t.kind === 'ident')) && t.value.length <= MAX_NAME) out.add(t.value);
  return out;
}

/**
 * Setting names on the removed lines of the old side that the new side holds nowhere as a string; with
 * `subscriptsOnly`, only keys read by subscript (a change whose removed lines hold no other quoted setting name).
 */
export function removedSettingNames(change: Change, oldText: string, newText: string, subscriptsOnly = false): SettingDecl[] {
  return goneFromNewSide(change, settingNames(change.oldPath ?? change.path, oldText, subscriptsOnly), newText, true);
}

/**
 * The first declaration of each name of `before` that stands on a removed line and whose name the new
 * side holds nowhere (as a string; with `identifiers`, as an identifier of a header or C# file too).
 */
function goneFromNewSide(change: Change, before: readonly SettingDecl[], newText: string, identifiers: boolean): SettingDecl[] {
  if (!before.length) return [];
  const removed = removedLineNumbers(change);
  let now: Set<string> | null = null;
  let caseless: Set<string> | null = null;
  const out: SettingDecl[] = [];
  const seen = new Set<string>();
  for (const d of before) {
    if (seen.has(d.name) || !removed.has(d.line)) continue;
    seen.add(d.name);
    now ??= stringValues(change.path, newText, identifiers);
    if (d.table) {
      // a table's keys are matched caseless: a key whose case changed (`"name"` → `"Name"`) is the same key
      caseless ??= new Set([...now].map((v) => v.toLowerCase()));
      if (!caseless.has(d.name.toLowerCase())) out.push(d);
    } else if (!now.has(d.name)) out.push(d);
  }
  return out;
}

/**
 * True when some span of `line` from an `open` to the next `close` (a pair of quotes, `['` … `']`) is a
 * setting-shaped name: the quote scan the cheap hints share.
 */
function quotesSettingName(line: string, open: string, close = open): boolean {
  for (let i = line.indexOf(open); i >= 0; i = line.indexOf(open, i + 1)) {
    const j = line.indexOf(close, i + open.length);
    if (j < 0) break;
    if (isSettingName(line.slice(i + open.length, j))) return true;
    i = j;
  }
  return false;
}

/** True when a removed line of `change` holds a quoted setting-shaped word: the cheap test before the files are read. */
export function removesSettingHint(change: Change): boolean {
  const header = HEADER.test(change.oldPath ?? change.path);
  const csharp = /\.cs$/i.test(change.oldPath ?? change.path);
  for (const h of change.hunks) {
    for (const l of h.removed) {
      if (l.length > 2000) continue;
      // an X-macro row's name: an identifier with `_` or `-` inside (its macro may be on the line before)
      if (header && /^\s*(?:[A-Z][A-Z0-9_]*\(\s*)?(?:\/\*[^*]*\*\/\s*)?[a-z][a-z0-9]*(?:_[a-z0-9]+)+\s*[,)]/.test(l)) return true;
      // a C# options class's property
      if (csharp && /^\s*public\b[^{]*\{\s*(?:get|set|init)\b/.test(l)) return true;
      if (quotesSettingName(l, '"')) return true;
    }
  }
  return false;
}

/**
 * True when a removed line of `change` holds a single-quoted subscript key (`$config['preferences_store']`,
 * `cfg['log_dir']`): the cheap test for a settings module whose removed lines hold no double-quoted name
 * (then only its subscript keys are read: `removedSettingNames(…, true)`).
 */
export function removesSubscriptKeyHint(change: Change): boolean {
  for (const h of change.hunks) {
    for (const l of h.removed) {
      if (l.length > 2000) continue;
      if (quotesSettingName(l, "['", "']")) return true;
    }
  }
  return false;
}

/** Receivers of config reads (configReader's RECEIVER), as lowercase words a removed line must hold before the file is read. */
const READ_RECEIVER_WORDS = ['conf', 'cfg', 'setting', 'option', 'opts', 'viper', 'koanf', 'props', 'properties'];

/**
 * True when a removed line of `change` may hold a config read with a setting-shaped key
 * (`properties.getBool("block_barriers", …)`, `cfg["log_dir"]`): the cheap test before the files are read.
 */
export function removesConfigReadHint(change: Change): boolean {
  for (const h of change.hunks) {
    for (const l of h.removed) {
      if (l.length > 2000 || (!l.includes('"') && !l.includes("'"))) continue;
      const lower = l.toLowerCase();
      if (!READ_RECEIVER_WORDS.some((w) => lower.includes(w))) continue;
      if (quotesSettingName(l, '"') || quotesSettingName(l, "'")) return true;
    }
  }
  return false;
}

/**
 * Config keys that code outside the settings modules read on a removed line — through a receiver
 * that holds the configuration (`properties.getBool("block_barriers", true)`, `cfg.get("log_dir")`,
 * `viper.GetString("tls.cert_path")`) — and that the new side no longer quotes anywhere. Whether
 * another module of head still names the key is asked by the engine for the whole range, as for the
 * names a settings module stops declaring: a key read nowhere any more is a setting a deployed
 * config still sets to no effect.
 */
export function removedConfigReads(change: Change, oldText: string, newText: string): SettingDecl[] {
  const reads = configKeyReads(change.oldPath ?? change.path, oldText).filter((r) => !r.tag && isSettingName(r.key));
  return goneFromNewSide(change, reads.map((r) => ({ name: r.key, line: r.line, read: true })), newText, false);
}

const QUOTES = ['"', "'", '`'];
const NAME_CHAR = /[A-Za-z0-9_.-]/;

/** A line of C# that binds a class to configuration (`services.Configure<SmtpOptions>(…)`, `IOptions<SmtpOptions>`, `GetSection("Smtp").Get<SmtpOptions>()`); group 1 is the class, maybe qualified (`Outer.SmtpOptions`). */
const CSHARP_BINDS = /\b(?:Configure|IOptions|IOptionsMonitor|IOptionsSnapshot|AddOptions|Get|GetValue|Bind|BindConfiguration)\s*<\s*([\w.]+)\s*>/g;

/**
 * What the engine greps head for (each name right after a quote; the bare `words`: names declared as
 * identifiers, C# classes to find bound) and, for a hit line of `hitPath`, the names it holds as a
 * whole quoted string or (in a file of the declaring file's language) as a whole identifier; the
 * classes a C# line binds to configuration are added to `bound` (review11 F1, F2). One pass over the line.
 */
export function settingNameSearch(decls: readonly (string | SettingDecl)[], path?: string): { needles: string[]; caseless: string[]; words: string[]; bound: Set<string>; named(text: string, hitPath?: string): string[] } {
  const all = decls.map((d): SettingDecl => (typeof d === 'string' ? { name: d, line: 0 } : d));
  const wanted = new Set(all.map((d) => d.name));
  // a config key table's key is named in any case (its parser matches keys caseless: goneFromNewSide), in head too (review15 F5)
  const folded = new Map(all.filter((d) => d.table).map((d) => [d.name.toLowerCase(), d.name]));
  const caseless = [...folded.keys()].flatMap((n) => QUOTES.map((q) => q + n));
  const idents = new Set(all.filter((d) => d.ident).map((d) => d.name));
  const owners = new Set(all.flatMap((d) => (d.owner ? [d.owner] : [])));
  const language = path ? settingLanguage(path) : null;
  const needles: string[] = [];
  // `"--log-level"`: the same setting spelled as a command-line flag in code; prose quotes options in
  // single quotes ('--max-concurrency' in an error message is a stale mention, not a reader)
  for (const n of wanted) for (const q of QUOTES) needles.push(q + n, ...(q === "'" ? [] : [`${q}--${n}`]));
  const words = [...new Set([...idents, ...owners])];
  const bound = new Set<string>();
  const named = (text: string, hitPath?: string): string[] => {
    const out = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const q = text[i];
      if (q !== '"' && q !== "'" && q !== '`') continue;
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      if (j > i + 1 && text[j] === q) {
        let from = i + 1;
        while (q !== "'" && from < i + 3 && text[from] === '-') from++;
        const name = text.slice(from, j);
        if (wanted.has(name)) out.add(name);
        else if (folded.size && folded.has(name.toLowerCase())) out.add(folded.get(name.toLowerCase())!);
      }
      i = j - 1;
    }
    if (words.length && hitPath && language && settingLanguage(hitPath) === language && text.length <= 4000) {
      // a row moved to another header, a property moved to another class: the bare identifier
      // (an identifier of the code: not a word of a string or a comment, `"see vcc_acl_pedantic parameter"`)
      if (idents.size) for (const t of lex(language, text)) if (t.kind === 'ident' && idents.has(t.value)) out.add(t.value);
      if (owners.size && language === 'csharp') for (const m of text.matchAll(CSHARP_BINDS)) {
        const cls = m[1].slice(m[1].lastIndexOf('.') + 1);
        if (owners.has(cls)) bound.add(cls);
      }
    }
    return [...out];
  };
  return { needles, caseless, words, bound, named };
}

/** The finding of one setting no longer declared (the engine drops it when head still names the setting elsewhere). */
export function removedSettingFinding(d: SettingDecl, path: string): Finding {
  if (d.table) return { kind: 'config-key-removed', severity: 'warning', subject: d.name, message: `no longer lists config key \`${d.name}\` in the table of keys the config parser accepts (\`${path}\`), and no other module names it: a deployed config that still sets it is refused or ignored` };
  if (d.read) return { kind: 'config-key-removed', severity: 'warning', subject: d.name, message: `no longer reads config key \`${d.name}\`, and no other module names it (read in \`${path}\`: a deployed config that still sets it is ignored)` };
  return { kind: 'config-key-removed', severity: 'warning', subject: d.name, message: `no longer declares setting \`${d.name}\`, and no other module names it (read through the settings module \`${path}\`: a deployed config or command line that still sets it is refused or ignored)` };
}
