/**
 * Env var reads in source code, read through the linear lexers of core/lex (DESIGN.md, "How
 * analyzers read code"): a read is a sequence of tokens — `os.Getenv ( "X" )`,
 * `process . env . X`, `ENV [ "X" ]` — so a name in a comment or in an unrelated string does
 * not count, and a read split across lines does. One forward pass over the tokens; every
 * look-ahead is bounded, so the cost is linear in the text.
 *
 * Besides the direct reads of each language, the registry shapes (issue 11): keys of a file
 * that reads the whole environment (`case "X":`, map keys), calls of generic readers the
 * profile learned, constants holding env names that are handed to a generic read (Go const
 * blocks, Java/Kotlin enums, C#/PHP class constants, Python Enum/class attributes, TS enums
 * and const objects), names composed from a prefix constant and a suffix, viper's
 * `SetEnvPrefix` + `AutomaticEnv` keys, Spring `@ConfigurationProperties` fields
 * (relaxed binding), Go struct tags, clap `env = "X"`, `@Value("${X}")`.
 */
import { closingBracket, identWords, lex, type Language, type Token, isPunct as isP, isIdent as isId, isWholeString as isStr } from '../lex';
import { caarlos0TagPrefixes, envconfigReads, goTag, serdeEnvReads } from './envStruct';

/** One read found: `idx` is the 0-based index of its line in the lexed lines. */
export interface CodeRead {
  name: string;
  idx: number;
  optional: boolean;
  /** The code writes the variable (`os.Setenv("X", v)`, `env["X"] = v`) rather than reads it. */
  set?: boolean;
  /** Upper-case names only (a shape recognised without an env API on the spot). */
  implicit?: boolean;
  /** The registry shape that explains it (absent for a direct read). */
  via?: string;
  /**
   * The name is a settings struct's field bound by its shape (envconfig's prefix + the field, a
   * serde field under a prefixed environment source, a Spring `@ConfigurationProperties` field):
   * composed from an identifier, not from a string the code hands an env API.
   */
  field?: boolean;
  /**
   * The default the read supplies when it is a plain literal (`os.getenv("X", "8080")`,
   * `process.env.X ?? 'info'`): as written, quotes included. A changed default of a setting
   * that exists on both sides is a behaviour change operators must hear about.
   */
  fallback?: string;
}

export type CodeLang = 'js' | 'py' | 'rb' | 'go' | 'jvm' | 'scala' | 'cs' | 'php' | 'rs' | 'c' | 'ex';

export interface CodeOptions {
  /** The file reads the whole environment (or the profile says it is a registry): keys count. */
  registry: boolean;
  /** The file reads env vars by variable (`os.Getenv(key)`): its constants holding env names count. */
  constants: boolean;
  /** Generic reader functions (learned by the profile or defined in the file). */
  readers: readonly string[];
  /** True when `lines` is the whole file (file-level shapes need it). */
  whole: boolean;
  /** Evidence for registry-shape reads ("read through the env registry at …"). */
  evidence?: string;
  /**
   * The package binds every config key to the environment by a prefix (viper `SetEnvPrefix` +
   * `AutomaticEnv` in a file of the same folder): a struct tag `tag:"key"` reads PREFIX_KEY.
   */
  boundPrefix?: BoundPrefix;
}

/** An environment prefix a config loader binds the keys of its package to (see envPrefixBinding). */
export interface BoundPrefix {
  prefix: string;
  /** The struct tag that names a key (`mapstructure`, or the loader's own `TagName`/`Tag.Get("cfg")`). */
  tag: string;
  /** Keys with `-`/`.` map to `_` (the loader sets a key replacer). */
  replacer: boolean;
  evidence: string;
  /** Rust serde settings (envStruct.ts serdeEnvBinding): names are prefix + key path joined by separator, from `root`. */
  serde?: { separator: string; root: string };
}

/** An env prefix as a loader option spells it: `APP_`, `App_` (upper-cased by nothing: caarlos0/env uses it as written). */
const ENV_PREFIX_RE = /^[A-Z][A-Z0-9_]*_$/;
const SET_ENV_PREFIX = /\bSetEnvPrefix\(\s*"([A-Za-z][A-Za-z0-9_]*)"\s*\)/;
const TAG_NAME = /\bTagName\s*[:=]\s*"([a-z][a-z0-9_]*)"/;
const TAG_GET = /\bTag\.(?:Get|Lookup)\(\s*"([a-z][a-z0-9_]*)"\s*\)/;

/**
 * A Go config loader that binds every key to the environment by a prefix: viper's
 * `SetEnvPrefix("APP")` + `AutomaticEnv()`. The keys are the struct tags its decoder reads
 * (`mapstructure` by default; `DecoderConfig.TagName = "cfg"`, or `field.Tag.Get("cfg")` where
 * it walks the struct itself). Null when the file has no such binding.
 */
export function envPrefixBinding(text: string): { prefix: string; tag: string; replacer: boolean; line: number } | null {
  if (!text.includes('AutomaticEnv(')) return null;
  const m = SET_ENV_PREFIX.exec(text);
  if (!m) return null;
  const tag = TAG_NAME.exec(text)?.[1] ?? TAG_GET.exec(text)?.[1] ?? 'mapstructure';
  if (tag === 'json' || tag === 'env') return null;
  return { prefix: m[1].toUpperCase(), tag, replacer: text.includes('SetEnvKeyReplacer('), line: text.slice(0, m.index).split('\n').length };
}

export function lexLanguage(lang: CodeLang, path: string): Language {
  switch (lang) {
    case 'py': return 'python';
    case 'rb': return 'ruby';
    case 'jvm': return /\.kts?$/i.test(path) ? 'kotlin' : 'java';
    case 'cs': return 'csharp';
    case 'rs': return 'rust';
    case 'ex': return 'elixir';
    default: return lang;
  }
}

// ─── the direct reads of each language ───────────────────────────────────────

/** Objects whose members are env vars: `process.env.X`, `process.env["X"]`. */
const PROPERTY_OBJECTS: Partial<Record<CodeLang, Set<string>>> = {
  js: new Set(['process.env', 'import.meta.env', 'Bun.env']),
};
/** Objects indexed by the name: `os.environ["X"]`, `ENV["X"]`, `$_ENV['X']`. */
const SUBSCRIPT_OBJECTS: Partial<Record<CodeLang, Set<string>>> = {
  js: new Set(['process.env', 'import.meta.env', 'Bun.env']),
  py: new Set(['os.environ', 'environ']),
  rb: new Set(['ENV']),
  php: new Set(['$_ENV', '$_SERVER']),
  jvm: new Set(['System.getenv()']),
  scala: new Set(['System.getenv()']),
};
/**
 * Calls whose first argument names the variable. The value says how absence is treated:
 * 'r' required unless a default follows, 'o' optional by nature (a presence test, a lookup
 * that reports absence).
 */
type CallKind = 'r' | 'o';
const CALLS: Record<CodeLang, Record<string, CallKind>> = {
  js: { 'Deno.env.get': 'r', 'Deno.env.has': 'o' },
  py: {
    'os.getenv': 'r', getenv: 'r', 'os.getenvb': 'r', 'os.environ.get': 'r', 'environ.get': 'r', 'os.environ.pop': 'r', 'environ.pop': 'r',
    'os.environ.__contains__': 'o',
  },
  rb: { 'ENV.fetch': 'r', 'ENV.key?': 'o', 'ENV.has_key?': 'o', 'ENV.include?': 'o', 'ENV.member?': 'o', 'ENV.values_at': 'r', 'ENV.dig': 'r' },
  go: { 'os.Getenv': 'r', 'os.LookupEnv': 'o', 'syscall.Getenv': 'o', 'syscall.LookupEnv': 'o' },
  jvm: { 'System.getenv': 'r', 'System.getenv().get': 'r', 'System.getenv().getOrDefault': 'o', 'System.getenv().containsKey': 'o' },
  scala: {
    'sys.env': 'r', 'sys.env.get': 'r', 'sys.env.getOrElse': 'o', 'sys.env.contains': 'o', 'sys.env.apply': 'r',
    'System.getenv': 'r', 'System.getenv().get': 'r', 'System.getenv().getOrDefault': 'o', 'System.getenv().containsKey': 'o',
  },
  cs: { 'Environment.GetEnvironmentVariable': 'r', 'System.Environment.GetEnvironmentVariable': 'r' },
  php: { getenv: 'r', env: 'r' },
  rs: {
    'env.var': 'r', 'std.env.var': 'r', 'env.var_os': 'r', 'std.env.var_os': 'r', 'dotenv.var': 'r', 'dotenvy.var': 'r',
    'env!': 'r', 'std.env!': 'r', 'option_env!': 'o', 'std.option_env!': 'o',
  },
  c: { getenv: 'r', 'std.getenv': 'r', secure_getenv: 'r' },
  // Elixir: `System.get_env("X", default)`, `System.fetch_env!("X")`, `System.fetch_env("X")` ({:ok, v} | :error)
  ex: { 'System.get_env': 'r', 'System.fetch_env!': 'r', 'System.fetch_env': 'o' },
};
/** django-environ / environs (`env("X")`, `env.bool("X")`), python-decouple / Starlette (`config("X")`): upper-case names only. */
const PY_HELPER_TYPES = new Set(['str', 'bool', 'int', 'float', 'list', 'tuple', 'dict', 'json', 'url', 'db', 'db_url', 'cache', 'cache_url', 'email', 'email_url', 'search_url', 'path', 'decimal', 'date', 'datetime', 'timedelta', 'log_level', 'enum', 'uuid']);

/** Methods after a read that supply a fallback (`.unwrap_or(…)`, `.getOrElse(…)`, `.presence`). */
const FALLBACK_METHODS = new Set(['unwrap_or', 'unwrap_or_default', 'unwrap_or_else', 'getOrElse', 'orElse', 'orElseGet', 'or_else', 'or', 'presence', 'ok', 'orEmpty', 'ifEmpty', 'GetValueOrDefault']);
/** Absence tests right after a read (`x is None`, `== nil`, `=== undefined`, `.nil?`, `.blank?`). */
const ABSENCE_WORDS = new Set(['None', 'nil', 'null', 'undefined', 'nullptr', 'NULL']);
const ABSENCE_METHODS = new Set(['nil?', 'blank?', 'present?', 'empty?', 'is_some', 'is_ok', 'is_err', 'is_none', 'isEmpty', 'isNotEmpty', 'isPresent', 'isBlank']);
const ABSENCE_METHODS_MORE = new Set(['IsEmpty', 'empty', 'is_empty', 'Empty', 'IsNullOrEmpty', 'isNullOrEmpty', 'isNullOrBlank']);
/** Functions that test their argument for absence (`string.IsNullOrEmpty(v)`, `empty($v)`, `len(v) == 0`). */
const ABSENCE_FUNCS = new Set(['IsNullOrEmpty', 'IsNullOrWhiteSpace', 'empty', 'len', 'isset', 'is_null', 'strlen', 'isEmpty', 'isBlank', 'StringUtils']);
/** Words after an absence test that make the setting required (the program stops without it). */
const FAIL_WORDS = new Set(['throw', 'raise', 'panic', 'Fatal', 'Fatalf', 'Fatalln', 'exit', 'Exit', 'abort', 'die', 'Panic', 'Panicf', 'bail', 'unreachable', 'fail', 'Fail', 'ArgumentException', 'InvalidOperationException', 'Error', 'RuntimeError', 'ValueError', 'IllegalStateException', 'EXIT_FAILURE']);
/** Words that make the next expression a condition (`if os.getenv("X"):`, `unless ENV["X"]`). */
const CONDITION_WORDS = new Set(['if', 'elif', 'unless', 'while', 'not', 'and', 'or']);

/** Names too generic to be taken for an env reader. */
const NOT_READER_CALLEES = new Set(['get', 'set', 'fetch', 'env', 'getenv', 'config']);

const UPPER_RE = /^[A-Z][A-Z0-9_]*$/;
/** The name a learned env reader is handed (`App::getEnv('_APP_REDIS_PASS', '')`): upper case, after at most one underscore. */
const READER_ARG_RE = /^_?[A-Z][A-Z0-9_]*$/;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED_KEY = /^[a-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9_]+)+$/;

/** Identifiers that are literals in the languages read here. */
const LITERAL_WORDS = new Set(['true', 'false', 'True', 'False', 'None', 'nil', 'null']);

/**
 * Reads in `lines` (null marks a gap: each run between gaps is lexed on its own). `ok`
 * decides which names count (explicit: any identifier; implicit: upper case).
 */
export function codeReads(lang: CodeLang, path: string, lines: readonly (string | null)[], opts: CodeOptions, ok: { explicit: (n: string) => boolean; implicit: (n: string) => boolean; registry: (n: string) => boolean; cgi: (n: string) => boolean }): CodeRead[] {
  const language = lexLanguage(lang, path);
  const out: CodeRead[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i] != null) continue;
    if (i > start) {
      let run = lines.slice(start, i) as string[];
      if (!opts.whole) {
        // Changed lines alone: a line inside a block comment (` * …`) cannot be told by the
        // lexer without its opening; PHP code outside `<?php` would read as text.
        if (lang !== 'py' && lang !== 'rb') run = run.map((l) => (/^\s*(\/\*|\*)/.test(l) && !/^\s*\*\//.test(l) ? '' : l));
        if (lang === 'php' && !run.some((l) => l.includes('<?'))) run[0] = `<?php ${run[0]}`;
      }
      readRun(lang, language, run.join('\n'), start, opts, ok, out);
    }
    start = i + 1;
  }
  return out;
}

/** Words before a `{` that opens a code block rather than a group of members. */
const BLOCK_WORDS = new Set(['else', 'try', 'do', 'finally', 'static', 'get', 'set', 'init', 'unsafe', 'async', 'loop', 'then', 'begin']);
/** A whole UPPER_SNAKE variable name of two words or more (`AZURE_ACCOUNT_NAME`), not a prefix (`APP_`); linear. */
const FULL_ENV_NAME = { test: (s: string): boolean => s.length <= 200 && /^[A-Z][A-Z0-9_]*$/.test(s) && s.includes('_') && !s.endsWith('_') };

/** Declaration keywords and modifiers skipped when naming a constant. */
const DECL_WORDS = new Set(['const', 'let', 'var', 'val', 'static', 'final', 'public', 'private', 'protected', 'internal', 'readonly', 'export', 'pub', 'mut', 'lazy', 'override', 'open', 'abstract', 'new', 'global', 'nonlocal', 'def']);

/** Every shape above needs one of these words in the text (or a registry/reader context). */
const NEEDLE = /env|Env|ENV|config|onfiguration|Value|Property|_SERVER|GetSection|GetConnectionString/;

function readRun(lang: CodeLang, language: Language, text: string, offset: number, opts: CodeOptions, ok: Parameters<typeof codeReads>[4], out: CodeRead[]): void {
  if (!opts.registry && !opts.constants && opts.readers.length === 0 && !opts.boundPrefix && !NEEDLE.test(text)) return;
  const T: Token[] = [];
  for (const t of lex(language, text)) if (t.kind !== 'comment') T.push(t);
  const n = T.length;
  const idx = (t: Token): number => offset + t.line - 1;
  /** The default of the read just added, when one of the fallback shapes is followed by a plain literal. */
  let pendingFallback: string | undefined;
  const add = (name: string, at: Token, optional: boolean, implicit = false, via?: string, field = false): void => {
    const r: CodeRead = { name, idx: idx(at), optional };
    if (implicit) r.implicit = true;
    if (via) r.via = via;
    if (field) r.field = true;
    if (optional && pendingFallback !== undefined) r.fallback = pendingFallback;
    pendingFallback = undefined;
    out.push(r);
  };
  const addSet = (name: string, at: Token): void => {
    out.push({ name, idx: idx(at), optional: true, set: true });
  };
  /** A literal at `j` that ends the expression (`"d"`, `8080`, `true`, `None`), as written; else undefined. */
  const literalAt = (j: number): string | undefined => {
    const t = T[j];
    if (!t || !(isStr(t) || t.kind === 'number' || (isId(t) && LITERAL_WORDS.has(t.value)))) return undefined;
    const next = T[j + 1];
    if (next && (isP(next, '.') || isP(next, '+') || isP(next, '(') || isP(next, '[') || isP(next, '*') || isP(next, '%'))) return undefined;
    return t.text.length <= 120 ? t.text : undefined;
  };
  /** The literal after a fallback operator at `j` (`|| "d"`, `?? "d"`, `or "d"`, `?: "d"`), through up to two closing brackets. */
  const fallbackLiteral = (j0: number): string | undefined => {
    let j = j0;
    while (j < j0 + 2 && (isP(T[j], ')') || isP(T[j], ']'))) j++;
    if ((isP(T[j], '|') && isP(T[j + 1], '|')) || (isP(T[j], '?') && (isP(T[j + 1], '?') || isP(T[j + 1], ':')))) return isP(T[j + 2], '=') ? undefined : literalAt(j + 2);
    if (isId(T[j], 'or')) return literalAt(j + 1);
    return undefined;
  };
  const props = PROPERTY_OBJECTS[lang];
  const subs = SUBSCRIPT_OBJECTS[lang];
  const calls = CALLS[lang];
  const readers = new Set(opts.readers);

  // String constants of the file (`X = "NAME"`, `X("NAME")` enum entries, `x: "NAME"`), for
  // names handed to a generic read by constant, and the prefix of composed names.
  const constants = new Map<string, string>();
  const constantAt: { name: string; value: string; tok: Token }[] = [];
  // Brackets open around each token: a `(` (call arguments: `f(name="X")` is no constant),
  // except Go's `const (`/`var (` blocks.
  const stack: string[] = [];
  for (let k = 0; k < n; k++) {
    const s = T[k];
    if (s.kind === 'punct') {
      if (s.text === '(') stack.push(isId(T[k - 1], 'const') || isId(T[k - 1], 'var') ? 'c' : '(');
      // a group (enum, class, object literal, const block) or a code block (after `)` / `=>` / a keyword)
      else if (s.text === '{') stack.push(lang === 'go' || isP(T[k - 1], ')') || isP(T[k - 1], '>') || (isId(T[k - 1]) && BLOCK_WORDS.has(T[k - 1].value)) ? '{' : 'g');
      else if (s.text === '[') stack.push(s.text);
      else if (s.text === ')' || s.text === '}' || s.text === ']') stack.pop();
      continue;
    }
    if (!isStr(s) || s.value.length > 200) continue;
    const prev = T[k - 1];
    const inCall = stack.length > 0 && stack[stack.length - 1] === '(';
    let cname: string | null = null;
    if (inCall && !isP(prev, '(')) continue;
    if (isP(prev, '=') && !isP(T[k - 2], '=') && !isP(T[k - 2], '!') && !isP(T[k - 2], '<') && !isP(T[k - 2], '>')) {
      // `X = "v"`, `const X = "v"`, `X Key = "v"` (Go), `x := "v"`, `const string X = "v"` (C#),
      // `const X: &str = "v"` (Rust), `val x: String = "v"`: the name among the idents before `=`.
      cname = declaredName(k - 1);
    } else if (isP(prev, '(') && isId(T[k - 2]) && (isP(T[k - 3], '{') || isP(T[k - 3], ',') || isP(T[k - 3], ';')) && UPPER_RE.test(T[k - 2].value) && (isP(T[k + 1], ')') || isP(T[k + 1], ','))) {
      cname = T[k - 2].value; // Java/Kotlin enum entry: `DATABASE_URL("DATABASE_URL")`
    } else if (isP(prev, ':') && isId(T[k - 2]) && (isP(T[k - 3], '{') || isP(T[k - 3], ',')) && !isP(T[k - 4], '?')) {
      cname = T[k - 2].value; // TS const object / Python class-less dict of idents
    }
    if (cname === null) continue;
    if (!constants.has(cname)) constants.set(cname, s.value);
    // Members of a group: an enum, a class, an object literal, a Go const block, an indented
    // Python class attribute, a Ruby constant.
    const top = stack[stack.length - 1];
    const grouped = top === 'g' || top === 'c' || (top === '(' && isP(prev, '(')) || (lang === 'py' && indented(k - 2)) || (lang === 'rb' && /^[A-Z]/.test(cname));
    if (grouped) constantAt.push({ name: cname, value: s.value, tok: s });
  }
  function declaredName(eq: number): string | null {
    const line = T[eq].line;
    const ids: string[] = [];
    for (let b = eq - 1; b >= 0 && b > eq - 12 && T[b].line === line; b--) {
      const x = T[b];
      if (isId(x)) {
        if (!DECL_WORDS.has(x.value)) ids.unshift(x.value);
      } else if (!(isP(x, ':') || isP(x, '&') || isP(x, '<') || isP(x, '>') || isP(x, '.') || isP(x, '[') || isP(x, ']') || isP(x, '*') || isP(x, '?') || isP(x, '$'))) break;
    }
    if (ids.length === 0) return null;
    // Name after type (Java, C#, C, PHP) or name before type (Go, Rust, TS, Kotlin, Scala).
    const typeFirst = language === 'java' || language === 'csharp' || language === 'c' || language === 'php';
    return (typeFirst ? ids[ids.length - 1] : ids[0]).replace(/^\$/, '');
  }
  function indented(k: number): boolean {
    const t = T[k];
    if (!t) return false;
    const ls = text.lastIndexOf('\n', t.start - 1) + 1;
    return t.start > ls && (text[ls] === ' ' || text[ls] === '\t') && (k === 0 || T[k - 1].line < t.line);
  }
  const resolve = (k: number): { name: string; end: number } | null => {
    // An identifier (or `Class.CONST`, `self::CONST`, `Enum.X.value`) naming a constant, or
    // a constant joined with a literal (`PREFIX + "DB_URL"`, `f"{PREFIX}DB_URL"`, `${P}_X`).
    let j = k;
    let last: string | null = null;
    while (j < n && j < k + 8) {
      const t = T[j];
      if (isId(t)) last = t.value.replace(/^\$/, '');
      else if (!(isP(t, '.') || isP(t, ':') || (isP(t, '-') && isP(T[j + 1], '>')) || isP(t, '>'))) break;
      j++;
    }
    if (last !== null && j > k) {
      let base = constants.get(last) ?? null;
      if (base === null && (last === 'value' || last === 'name') && isId(T[j - 3])) base = constants.get(T[j - 3].value) ?? null;
      if (base === null) {
        // A prefix the caller passes in (`os.Getenv(prefix + "AZURE_ACCOUNT_NAME")`, a backend's settings read
        // under a prefix that is empty in production): the literal names the setting.
        if (j === k + 1 && /^[a-z_]\w*$/.test(last) && isP(T[j], '+') && isStr(T[j + 1]) && FULL_ENV_NAME.test(T[j + 1].value) && (isP(T[j + 2], ')') || isP(T[j + 2], ']') || isP(T[j + 2], ','))) return { name: T[j + 1].value, end: j + 2 };
        // A constant of a type or module named for the environment, defined elsewhere and named after the variable it
        // holds (`env::var(EnvVars::UV_OFFLINE)`, `System.getenv(EnvKeys.APP_TOKEN)`).
        let q = j - 2;
        while (q > k && !isId(T[q])) q--;
        if (q < j - 2 && isId(T[q]) && /env/i.test(T[q].value) && FULL_ENV_NAME.test(last) && !isP(T[j], '(')) return { name: last, end: j };
        return null;
      }
      if ((isP(T[j], '+') || isP(T[j], '.')) && isStr(T[j + 1])) return { name: base + T[j + 1].value, end: j + 2 };
      // `PREFIX + name.upper()`: a prefix joined with a variable names no one setting (envCompose.ts reads that shape).
      if (isP(T[j], '+')) return null;
      return { name: base, end: j };
    }
    const s = T[k];
    if (isStr(s) && (isP(T[k + 1], '+') || isP(T[k + 1], '.')) && isId(T[k + 2])) {
      const c = constants.get(T[k + 2].value);
      if (c !== undefined) return { name: s.value + c, end: k + 3 };
    }
    if (isStr(s) && s.value.startsWith('{')) {
      const close = s.value.indexOf('}');
      const c = close > 1 ? constants.get(s.value.slice(1, close)) : undefined;
      if (c !== undefined) return { name: c + s.value.slice(close + 1), end: k + 1 };
    }
    if (s && s.kind === 'string' && s.template === 'head' && s.value === '' && isId(T[k + 1]) && T[k + 2]?.kind === 'string' && T[k + 2].template === 'tail') {
      const c = constants.get(T[k + 1].value);
      if (c !== undefined) return { name: c + T[k + 2].value, end: k + 3 };
    }
    return null;
  };

  /** True when the read ending before `j` supplies a default or tolerates absence. */
  const fallbackAfter = (j0: number, callee: string | null): boolean => {
    // `Number(process.env.X) || 3000`: through up to two closing brackets
    let j = j0;
    if (callee === null) while (j < j0 + 2 && (isP(T[j], ')') || isP(T[j], ']'))) j++;
    const a = T[j];
    const b = T[j + 1];
    if (!a) return false;
    if ((isP(a, '|') && isP(b, '|')) || (isP(a, '?') && (isP(b, '?') || isP(b, ':'))) || isId(a, 'or')) return !(isP(T[j + 2], '='));
    if (isP(a, '?') && lang === 'js' && !isP(b, '.') && !isP(b, '[')) return true; // `X ? a : b`
    if (isP(a, '.') || (isP(a, '?') && isP(b, '.'))) {
      const m = isP(a, '?') ? T[j + 2] : b;
      if (isId(m) && (FALLBACK_METHODS.has(m.value) || ABSENCE_METHODS.has(m.value))) return true;
    }
    if ((isP(a, '=') && isP(b, '=')) || (isP(a, '!') && isP(b, '='))) {
      const c = isP(T[j + 2], '=') ? T[j + 3] : T[j + 2];
      if (isId(c) && ABSENCE_WORDS.has(c.value)) return true;
      if (c?.kind === 'string' && c.value === '' && c.template === undefined) return true; // `os.Getenv("X") != ""`
    }
    if (isId(a, 'is') && (isId(b, 'None') || (isId(b, 'not') && isId(T[j + 2], 'None')))) return true;
    if (callee === 'ENV.fetch' && (isP(a, '{') || isId(a, 'do'))) return true;
    return false;
  };
  /** True when the read starting at `k` is a condition (`if os.getenv("X"):`, `!process.env.X`, `unless ENV["X"]`). */
  const conditionBefore = (k: number): boolean => {
    const p = T[k - 1];
    if (isId(p) && CONDITION_WORDS.has(p.value)) return lang === 'py' || lang === 'rb' || lang === 'ex';
    if (isP(p, '!') && !isP(T[k - 2], '!')) return lang === 'js' || lang === 'php';
    // `if (process.env.X)` / `if (getenv("X"))`: the whole condition is the read
    if (isP(p, '(') && isId(T[k - 2], 'if')) return lang === 'js' || lang === 'php' || lang === 'c';
    return false;
  };
  /** Index of the `)` closing the `(` at `open`, or -1 (looked for within 64 tokens). */
  const closeOf = (open: number): number => closingBracket(T, open, 64);
  /** An assignment to the read (`process.env.X = 1`, `os.environ["X"] = v`): a write, not a read. */
  const assigned = (j: number): boolean => {
    const a = T[j];
    if (isP(a, '=')) return !isP(T[j + 1], '=') && !isP(T[j + 1], '>');
    if ((isP(a, '?') && isP(T[j + 1], '?')) || (isP(a, '|') && isP(T[j + 1], '|')) || (isP(a, '&') && isP(T[j + 1], '&'))) return isP(T[j + 2], '=') && !isP(T[j + 3], '=');
    return false;
  };

  /** A direct read: the name at `nameTok` (or resolved), found by the call at `open`. */
  /** The call argument at `k` is an UPPER_SNAKE name, written or held by a constant of the file. */
  const handsEnvName = (k: number): boolean => {
    const name = isStr(T[k]) ? T[k].value : isId(T[k]) ? resolve(k)?.name ?? null : null;
    return name !== null && UPPER_RE.test(name) && !name.endsWith('_') && ok.registry(name);
  };
  const callRead = (callee: string, kind: CallKind, open: number, implicitOnly: boolean): void => {
    let k = open + 1;
    let name: string | null = null;
    let nameTok: Token | undefined;
    let end = k;
    if (isStr(T[k]) && !(isP(T[k + 1], '+') || (isP(T[k + 1], '.') && lang === 'php'))) {
      name = T[k].value;
      nameTok = T[k];
      end = k + 1;
    } else {
      const r = resolve(k);
      if (r) {
        name = r.name;
        nameTok = T[k];
        end = r.end;
      }
    }
    if (name === null || !nameTok) return;
    if (implicitOnly ? !ok.implicit(name) : !ok.explicit(name)) return;
    if (lang === 'py' && (callee === 'environ.get' || callee === 'environ.pop') && ok.cgi(name)) return;
    let optional = kind === 'o';
    if (isP(T[end], ',') && !isP(T[end + 1], ')') && !(lang === 'py' && isId(T[end + 1], 'cast'))) {
      optional = true;
      if (isP(T[end + 2], ')')) pendingFallback = literalAt(end + 1);
    }
    const close = isP(T[end], ')') ? end : closeOf(open);
    if (pendingFallback === undefined && close > 0) pendingFallback = fallbackLiteral(close + 1);
    if (!optional && close > 0 && fallbackAfter(close + 1, callee)) optional = true;
    if (!optional && conditionBefore(firstOfChain(open))) optional = true;
    if (!optional && close > 0 && absenceCheckedLater(firstOfChain(open), close)) optional = true;
    add(name, nameTok, optional, implicitOnly);
  };
  /**
   * True when the read starting at `first` is assigned to a variable (`v = read(…)`, `v := …`,
   * `String v = …`) that the next statements test for absence and then give a value
   * (`if (v.IsEmpty()) v = DEFAULT;`, `if v == "" {`, `if v is None:`): a fallback one statement
   * later. A test followed by throw/raise/panic/exit is a required setting, not a fallback.
   */
  const absenceCheckedLater = (first: number, close: number): boolean => {
    if (!isP(T[first - 1], '=') || isP(T[first - 2], '=') || isP(T[first - 2], '!') || isP(T[first - 2], '<') || isP(T[first - 2], '>')) return false;
    const v = isP(T[first - 2], ':') ? T[first - 3] : T[first - 2];
    if (!isId(v)) return false;
    const name = v.value;
    for (let j = close + 1; j < n && j < close + 60; j++) {
      if (!isId(T[j], name)) continue;
      const a = T[j + 1];
      const b = T[j + 2];
      const before = T[j - 1];
      let test = false;
      if ((isP(before, '!') && !isP(T[j - 2], '!')) || isId(before, 'not') || (isP(before, '(') && isId(T[j - 2]) && ABSENCE_FUNCS.has(T[j - 2].value))) test = true;
      else if (isP(a, '.') && isId(b) && (ABSENCE_METHODS.has(b.value) || ABSENCE_METHODS_MORE.has(b.value))) test = true;
      else if ((isP(a, '=') || isP(a, '!')) && isP(b, '=')) {
        const c = isP(T[j + 3], '=') ? T[j + 4] : T[j + 3];
        test = (isId(c) && ABSENCE_WORDS.has(c.value)) || (c?.kind === 'string' && c.value === '' && c.template === undefined);
      } else if (isId(a, 'is') && (isId(b, 'None') || (isId(b, 'not') && isId(T[j + 3], 'None')))) test = true;
      else if (((isP(a, '?') && isP(b, '?')) || (isP(a, '|') && isP(b, '|'))) && isP(T[j + 3], '=')) return true;
      if (!test) continue;
      for (let m = j + 1; m < n && m < j + 24; m++) if (isId(T[m]) && FAIL_WORDS.has(T[m].value)) return false;
      return true;
    }
    return false;
  };
  /** Start of the callee chain that ends at the `(` at `open`. */
  const firstOfChain = (open: number): number => {
    let j = open - 1;
    while (j > 0 && j > open - 12 && (isId(T[j - 1]) || isP(T[j - 1], '.') || isP(T[j - 1], ':') || isP(T[j - 1], '!'))) {
      if (isId(T[j - 1]) && isId(T[j])) break;
      j--;
    }
    return j;
  };

  // envconfig: `envconfig.Process("app", &cfg)` reads each field of the struct as APP_FIELD (envStruct.ts).
  if (lang === 'go' && opts.whole && text.includes('envconfig.')) {
    for (const r of envconfigReads(T)) if (ok.registry(r.name)) add(r.name, r.at, r.optional, true, r.via, true);
  }

  // Rust serde settings under a prefixed environment source (the profile found the binding).
  if (lang === 'rs' && opts.whole && opts.boundPrefix?.serde) {
    const b = opts.boundPrefix;
    for (const r of serdeEnvReads(T, { prefix: b.prefix, ...b.serde! }, b.evidence)) if (ok.registry(r.name)) add(r.name, r.at, r.optional, true, r.via, true);
  }

  // viper: `SetEnvPrefix("app")` + `AutomaticEnv()` bind every key to PREFIX_KEY (with a
  // `SetEnvKeyReplacer(strings.NewReplacer(".", "_"))`, dotted keys too).
  let viperPrefix: string | null = null;
  let viperDots = false;
  let viperAuto = false;
  // The prefix `BindEnv("key")` names its variable with (viper: PREFIX_KEY, AutomaticEnv or not); '' when the file sets none.
  let bindPrefix: string | null = null;
  if (lang === 'go' && opts.whole) {
    for (let k = 0; k + 2 < n; k++) {
      if (!isId(T[k])) continue;
      const v = T[k].value;
      if (v === 'SetEnvPrefix' && isP(T[k + 1], '(') && isStr(T[k + 2])) viperPrefix = bindPrefix = T[k + 2].value;
      else if (v === 'AutomaticEnv' && isP(T[k + 1], '(')) viperAuto = true;
      else if (v === 'NewReplacer' && isP(T[k + 1], '(') && isStr(T[k + 2]) && T[k + 2].value === '.') viperDots = true;
    }
    if (!viperAuto || viperPrefix === null || !NAME_RE.test(viperPrefix)) viperPrefix = null;
    if (bindPrefix !== null && !NAME_RE.test(bindPrefix)) bindPrefix = null;
    else bindPrefix ??= '';
  }
  // caarlos0/env: `env.Parse(&cfg, env.Options{Prefix: "APP_"})` reads every `env:"X"` tag of
  // cfg's struct as APP_X (envStruct.ts: the prefix is bound to the struct of its Parse call). Only
  // in a file that imports the library (another `Options{Prefix: …}` is no env).
  let tagPrefixes: { byLine: Map<number, string>; file: string } | null = null;
  if (lang === 'go' && opts.whole && text.includes('caarlos0/env')) tagPrefixes = caarlos0TagPrefixes(T, (p) => ENV_PREFIX_RE.test(p));
  // .NET: an environment prefix the configuration is read with (`AddEnvironmentVariables("SHOP_")`,
  // `EnvironmentVariablePrefix => "SHOP_"`): keys and command-line options of the file bind to PREFIX + KEY.
  let dotnetPrefix = '';
  // click: `auto_envvar_prefix="SHOP"` binds every option to SHOP_<OPTION>.
  let clickPrefix: string | null = null;
  if (opts.whole && (lang === 'cs' || lang === 'py')) {
    for (let k = 0; k + 2 < n; k++) {
      const t = T[k];
      if (!isId(t) && !(lang === 'py' && isStr(t))) continue;
      if (lang === 'cs' && (t.value === 'EnvironmentVariablePrefix' || t.value === 'AddEnvironmentVariables')) {
        for (let a = k + 1; a < n && a < k + 8; a++) {
          if (isStr(T[a])) {
            if (/^[A-Za-z][A-Za-z0-9_]*$/.test(T[a].value)) dotnetPrefix = T[a].value.toUpperCase();
            break;
          }
          if (isP(T[a], ';') || isP(T[a], ')')) break;
        }
      } else if (lang === 'py' && t.value === 'auto_envvar_prefix' && (isP(T[k + 1], '=') || isP(T[k + 1], ':')) && isStr(T[k + 2]) && NAME_RE.test(T[k + 2].value)) {
        clickPrefix = T[k + 2].value.toUpperCase();
      }
    }
  }
  const viperName = (key: string): string | null => {
    if (viperPrefix === null) return null;
    if (key.includes('.') && !viperDots) return null;
    const k = key.replace(/[.-]/g, '_');
    return NAME_RE.test(k) ? `${viperPrefix}_${k}`.toUpperCase() : null;
  };

  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (t.kind === 'string') {
      stringShapes(k);
      continue;
    }
    if (t.kind !== 'ident') continue;
    // Elixir's legacy runtime tuple `{:system, "X"}` / `{:system, "X", default}` (Phoenix, Ecto configs).
    if (lang === 'ex' && t.value === 'system' && isP(T[k - 1], ':') && isP(T[k - 2], '{') && isP(T[k + 1], ',') && isStr(T[k + 2])) {
      const s = T[k + 2];
      if (ok.implicit(s.value)) add(s.value, s, isP(T[k + 3], ','), true);
      continue;
    }
    // `case "X":` / `when "X", "Y"` labels of a registry.
    if (opts.registry && (t.value === 'case' || t.value === 'when')) {
      for (let j = k + 1; j < n && j < k + 40; j++) {
        const s = T[j];
        if (isStr(s)) {
          if (UPPER_RE.test(s.value) && ok.registry(s.value)) add(s.value, s, true, true, opts.evidence ?? 'registry');
        } else if (!isP(s, ',') && !isP(s, '|')) break;
      }
      continue;
    }
    // Chains start at an identifier that does not continue one.
    const p = T[k - 1];
    if (isP(p, '.') && !isId(T[k - 2], 'import')) continue;
    if (isP(p, ':') && isP(T[k - 2], ':')) continue;
    if (isP(p, '>') && isP(T[k - 2], '-')) continue;
    if (isId(p, 'def') || isId(p, 'function') || isId(p, 'func') || isId(p, 'fn') || isId(p, 'fun')) continue;
    const parts = [t.value];
    /** Token index of each part (for `process.env.X?.match(…)`: the name is not the chain's last part). */
    const partAt = [k];
    let j = k + 1;
    while (j < n && parts.length < 6) {
      if (isP(T[j], '?') && isP(T[j + 1], '.') && isId(T[j + 2])) {
        parts.push(T[j + 2].value);
        partAt.push(j + 2);
        j += 3;
      } else if (isP(T[j], '.') && isId(T[j + 1])) {
        parts.push(T[j + 1].value);
        partAt.push(j + 1);
        j += 2;
      } else if (isP(T[j], ':') && isP(T[j + 1], ':') && isId(T[j + 2])) {
        parts.push(T[j + 2].value);
        j += 3;
      } else if (isP(T[j], '(') && isP(T[j + 1], ')') && (isP(T[j + 2], '.') || isP(T[j + 2], '['))) {
        parts[parts.length - 1] += '()';
        j += 2;
      } else break;
    }
    if (lang === 'rs' && isP(T[j], '!')) {
      parts[parts.length - 1] += '!';
      j++;
    }
    const chain = parts.join('.');
    const follower = T[j];
    // ASP.NET Core configuration: `configuration["Search:Uri"]`, `.GetValue<T>("Provider")`,
    // `GetSection("Trakt")["ClientId"]`, `GetConnectionString("Db")` — set from the environment
    // as SEARCH__URI, PROVIDER, TRAKT__CLIENTID, CONNECTIONSTRINGS__DB (`:` is `__`).
    if (lang === 'cs' && dotnetConfig(parts, j)) continue;
    // process.env.X
    if (props && parts.length >= 2) {
      const obj = parts.slice(0, -1).join('.');
      if (props.has(obj)) {
        const name = parts[parts.length - 1];
        if (ok.explicit(name) && assigned(j)) addSet(name, T[j - 1]);
        else if (ok.explicit(name) && !(obj === 'import.meta.env' && VITE_BUILTINS.has(name))) {
          pendingFallback = fallbackLiteral(j);
          add(name, T[j - 1], fallbackAfter(j, null) || conditionBefore(k));
        }
        k = j - 1;
        continue;
      }
      // `process.env.X?.match(…)`, `process.env.X.split(",")`: a read with a method called on it.
      const at = parts.length >= 3 && props.has(parts.slice(0, 2).join('.')) ? 2 : parts.length >= 4 && props.has(parts.slice(0, 3).join('.')) ? 3 : 0;
      if (at) {
        const name = parts[at];
        const method = parts[at + 1];
        if (ok.explicit(name) && UPPER_RE.test(name) && !(parts[0] === 'import' && VITE_BUILTINS.has(name))) {
          const tolerant = isP(T[partAt[at] + 1], '?') || FALLBACK_METHODS.has(method) || ABSENCE_METHODS.has(method) || ABSENCE_METHODS_MORE.has(method);
          add(name, T[partAt[at]], tolerant || conditionBefore(k));
        }
        k = j - 1;
        continue;
      }
    }
    // os.environ["X"]
    if (subs && isP(follower, '[') && subs.has(chain) && isStr(T[j + 1]) && isP(T[j + 2], ']')) {
      const name = T[j + 1].value;
      const cgi = (chain === '$_SERVER' || (lang === 'py' && chain === 'environ')) && ok.cgi(name);
      if (ok.explicit(name) && !cgi && assigned(j + 3)) addSet(name, T[j + 1]);
      else if (ok.explicit(name) && !cgi) {
        pendingFallback = fallbackLiteral(j + 3);
        add(name, T[j + 1], fallbackAfter(j + 3, null) || conditionBefore(k));
      }
      k = j + 2;
      continue;
    }
    // `step.Environment["X"] = v`, `env["X"] = v`: a variable written into an environment the code builds.
    if (isP(follower, '[') && isStr(T[j + 1]) && isP(T[j + 2], ']') && assigned(j + 3) && !(subs && subs.has(chain))) {
      const words = identWords(parts[parts.length - 1]);
      if (words.some((w) => ENV_WORDS.has(w)) && UPPER_RE.test(T[j + 1].value) && ok.registry(T[j + 1].value)) addSet(T[j + 1].value, T[j + 1]);
      k = j + 2;
      continue;
    }
    // os.environ[KEY], ENV[PREFIX + "X"], process.env[Keys.DB]: a name held by a constant
    if (subs && isP(follower, '[') && subs.has(chain) && !isStr(T[j + 1])) {
      const r = resolve(j + 1);
      if (r && isP(T[r.end], ']') && ok.explicit(r.name) && !assigned(r.end + 1)) add(r.name, T[j + 1], fallbackAfter(r.end + 1, null) || conditionBefore(k));
      k = j;
      continue;
    }
    // `"X" in os.environ` (Python): a presence test.
    if (lang === 'py' && (chain === 'os.environ' || chain === 'environ')) {
      const q = isId(T[k - 1], 'in') ? (isId(T[k - 2], 'not') ? k - 3 : k - 2) : -1;
      if (q >= 0 && isStr(T[q]) && ok.explicit(T[q].value)) add(T[q].value, T[q], true);
    }
    if (isP(follower, '(') || (lang === 'rb' && isStr(follower))) {
      const open = isP(follower, '(') ? j : j - 1;
      const kind = calls[chain];
      const prevOk = !(lang === 'php' || lang === 'c' || lang === 'py') || !((isP(p, '>') && isP(T[k - 2], '-')) || isP(p, '$') || isP(p, '.') || (isP(p, ':') && isP(T[k - 2], ':')));
      if (kind && prevOk) {
        callRead(chain, kind, open, false);
        continue;
      }
      if (lang === 'py' && (parts[0] === 'env' || parts[0] === 'config') && (parts.length === 1 || (parts.length === 2 && PY_HELPER_TYPES.has(parts[1]) && parts[0] === 'env'))) {
        callRead(chain, 'r', open, true);
        continue;
      }
      const last = parts[parts.length - 1];
      // viper.BindEnv("key", "ENV_NAME"…): the names after the key (or the key itself).
      if (lang === 'go' && last === 'BindEnv') {
        const names: Token[] = [];
        for (let a = j + 1; a < n && a < j + 20 && !isP(T[a], ')'); a++) if (isStr(T[a])) names.push(T[a]);
        for (const s of names.length > 1 ? names.slice(1) : names) if (ok.implicit(s.value)) add(s.value, s, false, true);
        // `viper.BindEnv("web")` under `viper.SetEnvPrefix("app")` in the file: APP_WEB (viper upper-cases prefix and key).
        if (names.length === 1 && bindPrefix && NAME_RE.test(names[0].value) && !ok.implicit(names[0].value)) {
          const env = `${bindPrefix}_${names[0].value}`.toUpperCase();
          if (ok.registry(env)) add(env, names[0], true, true, `viper BindEnv with prefix "${bindPrefix}"`);
        }
        continue;
      }
      // urfave/cli v3 `Sources: cli.EnvVars("X", "Y")`, `EnvSource("X")`.
      if (lang === 'go' && (chain === 'cli.EnvVars' || chain === 'cli.EnvVar' || last === 'EnvSources' || last === 'EnvSource')) {
        const req = requiredFlag(k);
        for (let a = j + 1; a < n && a < j + 40 && !isP(T[a], ')'); a++) if (isStr(T[a])) for (const part of T[a].value.split(',')) if (ok.implicit(part.trim())) add(part.trim(), T[a], !req, true);
        continue;
      }
      // viper keys: `viper.GetString("server.port")`, `viper.SetDefault("log.level", …)`.
      if (viperPrefix !== null && /^(?:Get\w*|SetDefault|IsSet|Set|BindPFlag)$/.test(last) && isStr(T[j + 1]) && (DOTTED_KEY.test(T[j + 1].value) || NAME_RE.test(T[j + 1].value))) {
        const env = viperName(T[j + 1].value);
        if (env && ok.registry(env)) add(env, T[j + 1], true, true, `viper AutomaticEnv with prefix "${viperPrefix}"`);
        continue;
      }
      // `viper.GetString("DATABASE_URL")` in a file that sets no env prefix: an UPPER_SNAKE key is the
      // environment variable itself (viper's AutomaticEnv looks the key up upper-cased).
      if (lang === 'go' && bindPrefix === '' && parts[0] === 'viper' && parts.length === 2 && /^Get\w*$/.test(last) && isStr(T[j + 1]) && T[j + 1].value.includes('_') && ok.implicit(T[j + 1].value)) {
        add(T[j + 1].value, T[j + 1], true, true, 'viper key read from the environment');
        continue;
      }
      // A generic reader the profile learned (or the file defines): `envbool("X")`, `get(cfg, "X")`.
      if (readers.has(last) && !NOT_READER_CALLEES.has(last) && (parts.length <= 2 || lang === 'rs' || lang === 'php' || lang === 'ex')) {
        readerCall(j, last);
        continue;
      }
      // A function named for the environment, handed an UPPER_SNAKE name: `getEnvVar("X")`,
      // `requireEnv("X")`, `Utility::GetFromSysconfig("X")`, `EnvUtil.getString("X")`, or a
      // constant of the file holding one (`env.ParseDurationFromEnv(EnvK8sTimeout, 0, …)`).
      if (isP(follower, '(') && handsEnvName(j + 1)) {
        const kind = envNamedCall(parts);
        if (kind) {
          callRead(chain, kind, j, true);
          continue;
        }
      }
      // The repository writing a variable itself, for its child processes: `os.Setenv("X", v)`,
      // `setNonEmptyEnvVar(env, "X", v)`, `copyEnv("X", "Y", env)`, `Environment.SetEnvironmentVariable("X", v)`.
      if (isP(follower, '(') && envWriteCall(parts)) {
        for (let a = j + 1, args = 0; a < n && a < j + 12 && args < 3; a++) {
          if (isP(T[a], ',')) args++;
          else if (isP(T[a], ')') || isP(T[a], '(')) break;
          else if (isStr(T[a]) && UPPER_RE.test(T[a].value) && ok.registry(T[a].value)) addSet(T[a].value, T[a]);
        }
        continue;
      }
    }
    // urfave/cli v2 `EnvVars: []string{"X", "Y"}`, v1 `EnvVar: "X,Y"`.
    if (lang === 'go' && (t.value === 'EnvVars' || t.value === 'EnvVar') && isP(follower, ':')) {
      const req = requiredFlag(k);
      for (let a = j + 1; a < n && a < j + 40 && !isP(T[a], '}') && !isP(T[a], '\n'); a++) {
        if (isStr(T[a])) for (const part of T[a].value.split(',')) if (ok.implicit(part.trim())) add(part.trim(), T[a], !req, true);
        if (t.value === 'EnvVar' && isStr(T[a])) break;
      }
      continue;
    }
    // clap / structopt: `#[arg(long, env = "X")]`, or a constant named for the variable (`env = EnvVars::UV_OFFLINE`).
    if (lang === 'rs' && t.value === 'env' && isP(follower, '=') && isStr(T[j + 1]) && inRustAttribute(k)) {
      if (ok.explicit(T[j + 1].value)) add(T[j + 1].value, T[j + 1], false);
      continue;
    }
    if (lang === 'rs' && t.value === 'env' && isP(follower, '=') && isId(T[j + 1]) && inRustAttribute(k)) {
      const r = resolve(j + 1);
      if (r && ok.explicit(r.name)) add(r.name, T[j + 1], false);
      continue;
    }
    // Command-line options bound to the environment through a prefix: .NET `app.Option("--name | -n", …)`
    // with EnvironmentVariablePrefix, click `@click.option("--foo-bar")` with auto_envvar_prefix.
    if (((lang === 'cs' && dotnetPrefix) || (lang === 'py' && clickPrefix !== null)) && /^(?:Option|option|AddOption)$/.test(parts[parts.length - 1]) && isP(follower, '(') && isStr(T[j + 1]) && T[j + 1].value.includes('--')) {
      const long = /(?:^|[\s|,])--([A-Za-z][A-Za-z0-9-]*)/.exec(` ${T[j + 1].value}`);
      let explicit = false;
      const end = closeOf(j);
      if (lang === 'py') for (let a = j + 2; a < end; a++) if (isId(T[a], 'envvar')) explicit = true;
      if (long && !explicit) {
        const name = lang === 'cs' ? dotnetPrefix + long[1].replace(/-/g, '_').toUpperCase() : `${clickPrefix}_${long[1].replace(/-/g, '_').toUpperCase()}`;
        if (ok.registry(name)) add(name, T[j + 1], true, true, lang === 'cs' ? `command-line option --${long[1]} read from the environment with the prefix ${dotnetPrefix}` : `click option --${long[1]} with auto_envvar_prefix "${clickPrefix}"`);
      }
      continue;
    }
    // click / typer: `@click.option("--db", envvar="DATABASE_URL")`, `envvar=["A", "B"]`.
    if (lang === 'py' && t.value === 'envvar' && isP(follower, '=') && !isP(T[j + 1], '=')) {
      const list = isP(T[j + 1], '[') || isP(T[j + 1], '(');
      for (let a = j + 1; a < n && a < j + 20; a++) {
        if (isStr(T[a]) && ok.explicit(T[a].value)) add(T[a].value, T[a], !clickRequired(k), false);
        if (!list || isP(T[a], ']') || (isP(T[a], ')') && a > j + 1)) break;
      }
      continue;
    }
    // Spring `@ConfigurationProperties(prefix = "app.mail")`: the class's fields bind to APP_MAIL_<FIELD>.
    if ((lang === 'jvm' || lang === 'scala') && t.value === 'ConfigurationProperties' && isP(p, '@') && opts.whole) {
      springFields(k);
      continue;
    }
  }

  /** The .NET configuration read whose chain `parts` ends before token `j`; true when one was added. */
  function dotnetConfig(parts: string[], j: number): boolean {
    const last = parts[parts.length - 1];
    const receiver = (upTo: number): boolean => upTo > 0 && DOTNET_CONFIG_RECEIVER.test(parts[upTo - 1]);
    const addKey = (key: string, at: Token): void => {
      if (!DOTNET_KEY.test(key)) return;
      const name = dotnetPrefix + key.split(':').join('__').toUpperCase();
      if (ok.implicit(name)) add(name, at, true, true, `.NET configuration key "${key}" (environment variable ${name})`);
    };
    // configuration["A:B"]
    if (receiver(parts.length) && isP(T[j], '[') && isStr(T[j + 1]) && isP(T[j + 2], ']')) {
      addKey(T[j + 1].value, T[j + 1]);
      return true;
    }
    if (!receiver(parts.length - 1)) return false;
    // the `(` of a call, after type arguments (`GetValue<int>(`)
    let open = j;
    if (isP(T[open], '<')) {
      while (open < n && open < j + 10 && !isP(T[open], '>')) open++;
      open++;
    }
    if (!isP(T[open], '(') || !isStr(T[open + 1])) return false;
    const key = T[open + 1].value;
    if (last === 'GetValue') addKey(key, T[open + 1]);
    else if (last === 'GetConnectionString') addKey(`ConnectionStrings:${key}`, T[open + 1]);
    else if (last === 'GetSection' && isP(T[open + 2], ')')) {
      // GetSection("A")["B"], GetSection("A").GetValue<T>("B"), GetSection("A").Value
      const a = open + 3;
      if (isP(T[a], '[') && isStr(T[a + 1]) && isP(T[a + 2], ']')) addKey(`${key}:${T[a + 1].value}`, T[a + 1]);
      else if (isP(T[a], '.') && isId(T[a + 1], 'Value')) addKey(key, T[open + 1]);
      else if (isP(T[a], '.') && isId(T[a + 1], 'GetValue')) {
        let o = a + 2;
        if (isP(T[o], '<')) {
          while (o < n && o < a + 12 && !isP(T[o], '>')) o++;
          o++;
        }
        if (isP(T[o], '(') && isStr(T[o + 1])) addKey(`${key}:${T[o + 1].value}`, T[o + 1]);
      } else return false;
    } else return false;
    return true;
  }

  /** `Required: true` in the composite literal around the flag at `k` (looked for within 200 tokens each way). */
  function requiredFlag(k: number): boolean {
    return enclosingSets(k, ['{'], ['}'], 200, 400, 'Required', ':', 'true');
  }

  /**
   * Whether the innermost bracket around the token at `k` (an opener of `opens`, looked for within
   * `back` tokens) holds `key sep value` at its own level (within `ahead` tokens of the opener).
   */
  function enclosingSets(k: number, opens: string[], closes: string[], back: number, ahead: number, key: string, sep: string, value: string): boolean {
    const isOpen = (t: Token | undefined): boolean => opens.some((o) => isP(t, o));
    const isClose = (t: Token | undefined): boolean => closes.some((c) => isP(t, c));
    let depth = 0;
    let open = -1;
    for (let a = k - 1; a >= 0 && a > k - back; a--) {
      if (isClose(T[a])) depth++;
      else if (isOpen(T[a])) {
        if (depth === 0) {
          open = a;
          break;
        }
        depth--;
      }
    }
    if (open < 0) return false;
    depth = 0;
    for (let a = open; a < n && a < open + ahead; a++) {
      if (isOpen(T[a])) depth++;
      else if (isClose(T[a]) && --depth === 0) break;
      if (depth === 1 && isId(T[a], key) && isP(T[a + 1], sep) && isId(T[a + 2], value)) return true;
    }
    return false;
  }

  /** True when the token at `k` is inside `#[arg(…)]`, `#[clap(…)]`, `#[structopt(…)]` or `#[config(…)]`. */
  function inRustAttribute(k: number): boolean {
    let depth = 0;
    for (let a = k - 1; a >= 0 && a > k - 60; a--) {
      if (isP(T[a], ')')) depth++;
      else if (isP(T[a], '(')) {
        if (depth === 0) return isId(T[a - 1]) && /^(arg|clap|structopt|config)$/.test(T[a - 1].value) && isP(T[a - 2], '[') && isP(T[a - 3], '#');
        depth--;
      }
    }
    return false;
  }

  /** Calls of a generic reader at the `(` at `open`: the first UPPER name among its first two arguments. */
  function readerCall(open: number, reader: string): void {
    let a = open + 1;
    if (!isStr(T[a])) {
      // one simple first argument (`cfg`, `&self.x`) before the name
      let b = a;
      while (b < n && b < a + 6 && !isP(T[b], ',') && !isP(T[b], ')') && !isP(T[b], '(') && T[b].kind !== 'string') b++;
      if (!isP(T[b], ',') || b === a) {
        const r = resolve(a);
        if (r && ok.registry(r.name)) add(r.name, T[a], false, true, opts.evidence ?? 'reader');
        return;
      }
      // a constant holding the name, then the default (`ParseDurationFromEnv(EnvTimeout, 0, …)`)
      const r = resolve(a);
      if (r && r.end === b && UPPER_RE.test(r.name) && ok.registry(r.name)) {
        add(r.name, T[a], true, true, opts.evidence ?? `read through ${reader}()`);
        return;
      }
      a = b + 1;
    }
    const s = T[a];
    if (!isStr(s) || !READER_ARG_RE.test(s.value) || !ok.registry(s.value)) return;
    let optional = isP(T[a + 1], ',') && !isP(T[a + 2], ')');
    if (!optional && isP(T[a + 1], ')')) {
      const after = T[a + 2];
      optional = fallbackAfter(a + 2, null) || (isP(after, '|') && isP(T[a + 3], '>') && isId(T[a + 4]) && /default/.test(T[a + 4].value));
    }
    add(s.value, s, optional, true, opts.evidence ?? `read through ${reader}()`);
  }

  /** `required=True` among the arguments of the call around the keyword at `k` (click/typer options). */
  function clickRequired(k: number): boolean {
    return enclosingSets(k, ['(', '['], [')', ']'], 60, 120, 'required', '=', 'True');
  }


  /** Fields of the class annotated at `k` (`@ConfigurationProperties("p")`), as P_FIELD names. */
  function springFields(k: number): void {
    let prefix: string | null = null;
    let a = k + 1;
    if (isP(T[a], '(')) {
      for (let b = a + 1; b < n && b < a + 12 && !isP(T[b], ')'); b++) if (isStr(T[b])) prefix = T[b].value;
    }
    if (prefix === null || !/^[a-z][a-z0-9.-]*$/.test(prefix)) return;
    const envPrefix = prefix.replace(/-/g, '').replace(/\./g, '_').toUpperCase();
    // The class body that follows (or a Kotlin primary constructor).
    let cls = -1;
    for (let b = a; b < n && b < a + 40; b++) if (isId(T[b], 'class')) { cls = b; break; }
    if (cls < 0) return;
    let open = -1;
    for (let b = cls; b < n && b < cls + 30; b++) if (isP(T[b], '{') || isP(T[b], '(')) { open = b; break; }
    if (open < 0) return;
    const via = `@ConfigurationProperties("${prefix}") (relaxed binding)`;
    let depth = 0;
    for (let b = open; b < n; b++) {
      const x = T[b];
      if (isP(x, '{') || isP(x, '(') || isP(x, '[')) depth++;
      else if (isP(x, '}') || isP(x, ')') || isP(x, ']')) {
        if (--depth === 0) {
          if (isP(x, ')') && isP(T[b + 1], '{')) continue; // Kotlin: constructor, then body
          break;
        }
      }
      if (depth !== 1 || !isId(x)) continue;
      // Java: `[modifiers] Type name;` / `Type name = …;` — Kotlin: `val name: Type`
      let field: string | null = null;
      if ((isP(T[b + 1], ';') || (isP(T[b + 1], '=') && !isP(T[b + 2], '='))) && (isId(T[b - 1]) || isP(T[b - 1], '>') || isP(T[b - 1], ']')) && !isId(T[b - 1], 'return')) {
        let static_ = false;
        for (let c = b - 1; c > b - 8 && c > open; c--) {
          if (isP(T[c], ';') || isP(T[c], '{') || isP(T[c], '}')) break;
          if (isId(T[c], 'static') || isId(T[c], 'final') && isId(T[c - 1], 'static')) static_ = true;
        }
        if (!static_) field = x.value;
      } else if ((isId(T[b - 1], 'val') || isId(T[b - 1], 'var')) && isP(T[b + 1], ':')) field = x.value;
      if (field === null || !NAME_RE.test(field)) continue;
      const name = `${envPrefix}_${field.toUpperCase()}`;
      if (ok.registry(name)) add(name, x, true, true, via, true);
    }
  }

  /** Shapes that start at a string literal. */
  function stringShapes(k: number): void {
    const s = T[k];
    const v = s.value;
    // Go struct tags: `env:"QUEUE_URL" envDefault:"x"`, `envconfig:"PORT"`.
    if (lang === 'go' && s.text.startsWith('`') && v.includes('env')) {
      goTags(v, s);
      return;
    }
    // A key of a package whose loader binds every key to PREFIX_KEY: `cfg:"cookie_domains"`.
    if (lang === 'go' && opts.boundPrefix && s.text.startsWith('`') && v.includes(`${opts.boundPrefix.tag}:"`)) {
      boundTag(v, s, opts.boundPrefix);
      return;
    }
    // `@Value("${X:d}")`, `@ConfigProperty(name = "…", defaultValue = "${X}")`, `@Property(name = "${X}")`.
    if ((lang === 'jvm' || lang === 'scala') && v.includes('${')) {
      for (let b = k - 1; b >= 0 && b > k - 8; b--) {
        if (isP(T[b], '@')) break;
        if (isId(T[b]) && (T[b].value === 'Value' || T[b].value === 'ConfigProperty' || T[b].value === 'Property') && isP(T[b - 1], '@')) {
          placeholders(v, s);
          break;
        }
      }
      return;
    }
    if (!opts.registry || !UPPER_RE.test(v) || !isStr(s)) return;
    // Registry map keys: `"X": h`, `"X" => h`, `"X" -> h`, `{"X", h}`.
    const prev = T[k - 1];
    const startsItem = !prev || isP(prev, '{') || isP(prev, '(') || isP(prev, ',') || isP(prev, '[') || prev.line < s.line;
    if (!startsItem) return;
    const a = T[k + 1];
    const b = T[k + 2];
    const key = (isP(a, ':') && !isP(b, ':')) || (isP(a, '=') && isP(b, '>')) || (isP(a, '-') && isP(b, '>'))
      || (isP(a, ',') && isP(prev, '{') && (isId(b, 'func') || (isId(b) && /^[a-z]/.test(b.value))));
    if (key && ok.registry(v)) add(v, s, true, true, opts.evidence ?? 'registry');
  }

  function goTags(v: string, s: Token): void {
    let name: string | null = null;
    let optional = false;
    let required = false;
    let envTag = false;
    for (const [key, val] of goTag(v)) {
      if (key === 'env' || key === 'envconfig') {
        envTag = key === 'env';
        const parts = val.split(',');
        if (parts[0]) name = parts[0];
        if (parts.includes('required')) required = true;
      } else if (key === 'envDefault' || key === 'default') optional = true;
      else if (key === 'required' && val === 'true') required = true;
    }
    if (!name) return;
    const tagPrefix = envTag && tagPrefixes ? tagPrefixes.byLine.get(s.line) ?? tagPrefixes.file : '';
    if (tagPrefix) {
      const full = tagPrefix + name;
      if (ok.implicit(full)) add(full, s, optional && !required, true, `caarlos0/env with prefix "${tagPrefix}"`);
      return;
    }
    if (ok.implicit(name)) add(name, s, optional && !required, true);
  }

  function boundTag(v: string, s: Token, b: BoundPrefix): void {
    const at = v.indexOf(`${b.tag}:"`);
    // the tag itself, not the tail of another (`xcfg:"…"`)
    if (at > 0 && v[at - 1] !== ' ') return;
    const from = at + b.tag.length + 2;
    const close = v.indexOf('"', from);
    if (close < 0) return;
    const key = v.slice(from, close).split(',')[0];
    if (!key || key === '-') return;
    if (/[.-]/.test(key) && !b.replacer) return;
    const name = `${b.prefix}_${key.replace(/[.-]/g, '_')}`.toUpperCase();
    if (UPPER_RE.test(name) && ok.registry(name)) add(name, s, true, true, b.evidence);
  }

  function placeholders(v: string, s: Token): void {
    let i = v.indexOf('${');
    while (i >= 0) {
      const close = v.indexOf('}', i + 2);
      if (close < 0) break;
      const inner = v.slice(i + 2, close);
      const colon = inner.indexOf(':');
      const name = colon < 0 ? inner : inner.slice(0, colon);
      if (UPPER_RE.test(name) && ok.implicit(name)) add(name, s, colon >= 0, true);
      i = v.indexOf('${', close + 1);
    }
  }

  // Environments the repository builds for its child processes: the string keys of a map literal
  // assigned to an env-named variable or field (`env := map[string]string{"X": …}`, `env={"X": …}`,
  // `Env: map[string]string{…}`) or built in an env-named Go function (`func (m *Metadata) Environ()`),
  // and `step.Environment["X"] = v`. Names set so are no operator setting.
  {
    const envNamed = (t: Token | undefined): boolean => t !== undefined && isId(t) && identWords(t.value).some((w) => ENV_WORDS.has(w)) && !identWords(t.value).some((w) => NOT_READ_WORDS.has(w) && w !== 'set');
    let bodyEnd = -1;
    for (let k = 0; k < n; k++) {
      const t = T[k];
      if (lang === 'go' && isId(t, 'func') && k > bodyEnd) {
        // func (recv) Name(params) results {
        let a = k + 1;
        if (isP(T[a], '(')) a = closeOf(a) + 1;
        if (a <= 0 || !envNamed(T[a]) || !isP(T[a + 1], '(')) continue;
        const params = closeOf(a + 1);
        if (params < 0) continue;
        let open = -1;
        for (let b = params + 1; b < n && b < params + 12; b++) if (isP(T[b], '{')) { open = b; break; }
        if (open < 0) continue;
        let depth = 0;
        for (let b = open; b < n; b++) {
          if (isP(T[b], '{')) depth++;
          else if (isP(T[b], '}') && --depth === 0) { bodyEnd = b; break; }
        }
        for (let b = open + 1; b < bodyEnd; b++) {
          const key = (isP(T[b + 1], ':') && (isP(T[b - 1], '{') || isP(T[b - 1], ','))) || (isP(T[b - 1], '[') && isP(T[b + 1], ']') && assigned(b + 2));
          if (key && isStr(T[b]) && UPPER_RE.test(T[b].value) && ok.registry(T[b].value)) addSet(T[b].value, T[b]);
        }
        continue;
      }
      if (!isP(t, '{') || k <= bodyEnd) continue;
      // back over `map[string]string` / `map[string]any` / `dict(`
      let b = k - 1;
      if (isId(T[b]) && isP(T[b - 1], ']') && isId(T[b - 2]) && isP(T[b - 3], '[') && isId(T[b - 4], 'map')) b -= 5;
      let named = false;
      if (isP(T[b], '=') && isP(T[b - 1], ':')) named = envNamed(T[b - 2]);
      else if ((isP(T[b], '=') && !isP(T[b - 1], '=') && !isP(T[b - 1], '!')) || isP(T[b], ':')) named = envNamed(T[b - 1]);
      if (!named) continue;
      let depth = 0;
      for (let c = k; c < n && c < k + 4000; c++) {
        if (isP(T[c], '{') || isP(T[c], '[') || isP(T[c], '(')) depth++;
        else if ((isP(T[c], '}') || isP(T[c], ']') || isP(T[c], ')')) && --depth === 0) { bodyEnd = c; break; }
        bodyEnd = c;
        if (depth === 1 && isStr(T[c]) && isP(T[c + 1], ':') && (isP(T[c - 1], '{') || isP(T[c - 1], ',')) && UPPER_RE.test(T[c].value) && ok.registry(T[c].value)) addSet(T[c].value, T[c]);
      }
    }
  }

  // Constants holding env names in a file that reads the environment by variable (an enum of
  // settings, a const block handed to a generic reader): each is a setting, read when set.
  if ((opts.registry || opts.constants) && opts.whole) {
    // A constant read directly (`os.Getenv(envX)`) is explained by that read.
    const direct = new Set(out.filter((r) => !r.via).map((r) => r.name));
    for (const c of constantAt) {
      if (!UPPER_RE.test(c.value) || !ok.registry(c.value) || direct.has(c.value)) continue;
      if (!c.value.includes('_') && !/env/i.test(c.name)) continue;
      add(c.value, c.tok, true, true, opts.evidence ?? 'a constant of a file that reads env vars by name');
    }
  }
  // viper: keys named by constants (`ServiceJWTSecret Key = "service.JWTSecret"`).
  if (viperPrefix !== null) {
    for (const c of constantAt) {
      if (!DOTTED_KEY.test(c.value)) continue;
      const env = viperName(c.value);
      if (env && ok.registry(env)) add(env, c.tok, true, true, `viper AutomaticEnv with prefix "${viperPrefix}"`);
    }
  }
}

/** Words naming the process environment (sysconfig: the environment file a service is started with). */
const ENV_WORDS = new Set(['env', 'envs', 'environ', 'environment', 'getenv', 'envvar', 'envvars', 'sysconfig', 'dotenv']);
/** Words of calls that write, fake or compare the environment rather than read a variable of it. */
const NOT_READ_WORDS = new Set([
  'set', 'setenv', 'put', 'putenv', 'unset', 'unsetenv', 'del', 'delete', 'remove', 'clear', 'reset', 'restore', 'stub', 'mock', 'fake', 'with',
  'without', 'export', 'override', 'patch', 'write', 'assign', 'inject', 'save', 'replace', 'add', 'append', 'push', 'is', 'in', 'not', 'copy',
  'load', 'parse', 'name', 'names', 'list', 'keys', 'dump', 'print', 'log', 'test', 'expect', 'assert', 'should', 'mode', 'type', 'current', 'switch', 'to',
]);
/** The last word of a call named for one environment variable (`parse_bool_env_var`, `getEnvVariable`). */
const ENV_VAR_WORDS = new Set(['var', 'variable']);
/** Words that convert what they read; of a call named for one env variable, a typed read. */
const PARSE_WORDS = new Set(['parse', 'load']);
/** Words of a `…FromEnv` call that drops, fakes or writes the variable rather than reading it. */
const NOT_FROM_ENV_WORDS = new Set(['delete', 'del', 'remove', 'unset', 'clear', 'reset', 'stub', 'mock', 'fake', 'patch', 'without', 'strip', 'filter']);
const REQUEST_OBJECTS = new Set(['request', 'req', 'scope', 'ctx', 'context', 'event', 'wsgi']);
const PRESENCE_WORDS = new Set(['has', 'exists', 'contains', 'defined', 'isset', 'present']);
/** Getters on an object named for the environment (`Env.get("X")`, `EnvUtil.getString("X")`). */
const GETTER_WORDS = new Set(['get', 'fetch', 'read', 'require', 'required', 'must', 'lookup', 'value', 'var', 'variable', 'string', 'str', 'int', 'integer', 'bool', 'boolean', 'float', 'number', 'num', 'url', 'json', 'opt', 'optional', 'or', 'register', 'duration', 'uint']);
/** A package named for the environment, one word (Go): `envknob.Bool("X")`, `envconfig`, `envutil.String("X")`. */
const ENV_PACKAGE = /^env(?:knob|config|cfg|util|utils|var|vars|parse|helper|helpers)$/;

/**
 * A call that reads the env var its first argument names, known by its name alone: the
 * callee (or the object it is called on) is named for the environment and is no write,
 * fake or comparison. 'o' for presence tests, null when the call is none of these.
 */
function envNamedCall(parts: readonly string[]): CallKind | null {
  // `request.environ.get("X")` is a request's CGI variables, not the process environment.
  if (parts.length > 3 || parts.some((p) => REQUEST_OBJECTS.has(p))) return null;
  const last = identWords(parts[parts.length - 1].replace(/\(\)$/, ''));
  // `…_env_var` / `…EnvVariable`: the environment variable the argument names, read and converted
  // (`parse_bool_env_var("X", "false")`, `parse_config_from_env_var("X")`): parsing it is reading it.
  const envVar = last.length >= 2 && ENV_VAR_WORDS.has(last[last.length - 1]) && ENV_WORDS.has(last[last.length - 2]);
  const core = envVar ? last.slice(0, -1) : last;
  // `…FromEnv` / `…_from_environment` reads, whatever it then does with the value
  // (`ParseDurationFromEnv`, `loadIntFromEnv`), unless it drops or fakes the variable.
  const fromEnv = core.length >= 2 && core[core.length - 2] === 'from' && ENV_WORDS.has(core[core.length - 1]);
  if (fromEnv && !core.some((w) => NOT_FROM_ENV_WORDS.has(w))) return 'r';
  if (last.some((w) => NOT_READ_WORDS.has(w) && !(envVar && PARSE_WORDS.has(w)))) return null;
  let named = last.some((w) => ENV_WORDS.has(w));
  if (!named && parts.length === 2 && last.every((w) => GETTER_WORDS.has(w) || PRESENCE_WORDS.has(w))) {
    const owner = identWords(parts[parts.length - 2].replace(/\(\)$/, ''));
    named = owner.some((w) => ENV_WORDS.has(w) || ENV_PACKAGE.test(w)) && !owner.some((w) => NOT_READ_WORDS.has(w));
  }
  if (!named) return null;
  return last.some((w) => PRESENCE_WORDS.has(w)) ? 'o' : 'r';
}

/** Words of a call that writes a variable into an environment (`Setenv`, `setNonEmptyEnvVar`, `copyEnv`, `putenv`). */
const WRITE_WORDS = new Set(['set', 'setenv', 'put', 'putenv', 'copy', 'export', 'assign', 'inject']);

/** A call named for the environment that writes a variable (the repository sets it for a child process). */
function envWriteCall(parts: readonly string[]): boolean {
  if (parts.length > 3 || parts.some((p) => REQUEST_OBJECTS.has(p) || p === 't' || p === 'monkeypatch' || p === 'mock')) return false;
  const last = identWords(parts[parts.length - 1].replace(/\(\)$/, ''));
  if (!last.some((w) => WRITE_WORDS.has(w))) return false;
  if (last.includes('setenv') || last.includes('putenv')) return true;
  return last.some((w) => ENV_WORDS.has(w)) || (parts.length >= 2 && identWords(parts[parts.length - 2]).some((w) => ENV_WORDS.has(w)));
}

/** A receiver that is an `IConfiguration` by its name (`configuration`, `builder.Configuration`, `_config`). */
const DOTNET_CONFIG_RECEIVER = /^(?:_?[cC]onfig(?:uration)?|\w*Configuration|_?cfg)$/;
/** A configuration key path (`Section:Key`), not a sentence or a template. */
const DOTNET_KEY = /^[A-Za-z][A-Za-z0-9_]*(?::[A-Za-z][A-Za-z0-9_]*){0,4}$/;

/** Vite's built-in `import.meta.env` keys. */
const VITE_BUILTINS = new Set(['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']);

/**
 * True when a file's text has a shape that makes it a registry without reading the whole
 * environment: viper's `SetEnvPrefix` + `AutomaticEnv`, a Spring `@ConfigurationProperties`
 * class. (Cheap substring tests; the token pass confirms.)
 */
export function hasBindingShape(text: string): boolean {
  return (text.includes('SetEnvPrefix') && text.includes('AutomaticEnv')) || text.includes('@ConfigurationProperties');
}
