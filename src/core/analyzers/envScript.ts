/**
 * Env var reads in Perl, Clojure and Erlang, read through the linear lexers of core/lex
 * (issue 11: shapes of projects Handoff had never seen):
 *
 * - Perl: `$ENV{X}`, `$ENV{'X'}`, `$ENV{"X"}`, also inside an interpolating string
 *   (`"--port=$ENV{PORT}"`); optional after `exists`/`defined`, in a condition, or with a
 *   fallback (`|| 'd'`, `// 'd'`, `or`, `? :`); an assignment (`$ENV{X} = v`, `||=`,
 *   `local $ENV{X}`) sets the variable and is no read.
 * - Clojure: `(System/getenv "X")` (optional inside `(or …)`); environ's `(env :db-url)` and
 *   `(:db-url env)` → DB_URL; and a config namespace that reads the environment through a
 *   PREFIX (a symbol named `prefix`/`…-prefix` bound to a literal, in a file that reads the whole
 *   environment: environ's `env` map or `(System/getenv)`): the keys of its schema
 *   (`[:db-uri {:optional true} :string]`, `(s/def ::db-uri …)`) and of its default map
 *   (`(def defaults {:db-uri "…"})`) are PREFIX_DB_URI.
 * - Erlang: `os:getenv("X")` (required), `os:getenv("X", Default)` (optional).
 * - Lua: `os.getenv("X")` (`os.getenv "X"` too; optional before `or`), and the env modules of
 *   OpenResty code (`resty.env`, kept in a local named `env` or `…_env`): `env.get('X')`,
 *   `resty_env.value('X')`, `env.enabled('X')` (optional: unset is off); `env.set('X', v)` writes.
 * - Haskell: `lookupEnv "X"` (optional: a Maybe), `getEnv "X"` (required), `getEnvDefault "X" d`,
 *   and envparse's `var reader "X" mods` (optional inside `optional (…)` or with `def` among its mods).
 *
 * One forward pass over the tokens; every look-ahead is bounded, so the cost is linear.
 */
import { lex, type Language, type Token, isPunct as isP, isIdent as isId, isWholeString as isStr } from '../lex';
import type { CodeRead } from './envCode';

export type ScriptLang = 'pl' | 'clj' | 'erl' | 'lua' | 'hs';

export interface ScriptOk {
  explicit: (n: string) => boolean;
  registry: (n: string) => boolean;
}

const LANGUAGE: Record<ScriptLang, Language> = { pl: 'perl', clj: 'clojure', erl: 'erlang', lua: 'lua', hs: 'haskell' };


/**
 * Reads in `lines` (null marks a gap: each run between gaps is lexed on its own). `whole`: the
 * lines are the whole file (the config-prefix shape needs it); `path` names the file in evidence.
 */
export function scriptReads(lang: ScriptLang, path: string, lines: readonly (string | null)[], whole: boolean, ok: ScriptOk): CodeRead[] {
  const out: CodeRead[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i] != null) continue;
    if (i > start) {
      const text = (lines.slice(start, i) as string[]).join('\n');
      const T = lex(LANGUAGE[lang], text).filter((t) => t.kind !== 'comment');
      if (lang === 'pl') perlReads(T, start, ok, out);
      else if (lang === 'clj') clojureReads(T, text, start, whole, path, ok, out);
      else if (lang === 'lua') luaReads(T, start, whole, ok, out);
      else if (lang === 'hs') haskellReads(T, start, ok, out);
      else erlangReads(T, start, ok, out);
    }
    start = i + 1;
  }
  return out;
}

/**
 * True when a Haskell file is a Template Haskell module that runs IO in a splice (it imports
 * Language.Haskell.TH and calls `runIO`, as kupo's Version/TH.hs does to read GIT_SHA): its env
 * reads happen in the compiler at build time, like a Rust build.rs, not in the deployed program.
 */
export function isTemplateHaskellIO(text: string): boolean {
  return /^[ \t]*import[ \t]+(?:qualified[ \t]+)?Language\.Haskell\.TH\b/m.test(text) && /\brunIO\b/.test(text);
}

/** Values that end an expression as a default, as written (`'d'`, `5000`, `undef`). */
function literal(t: Token | undefined, next: Token | undefined): string | undefined {
  if (!t || !(t.kind === 'string' || t.kind === 'number')) return undefined;
  if (next && next.kind === 'punct' && (next.text === '.' || next.text === '(' || next.text === '[' || next.text === '+')) return undefined;
  return t.text.length <= 120 ? t.text : undefined;
}

// ─── Perl ────────────────────────────────────────────────────────────────────

const PERL_CONDITION_WORDS = new Set(['if', 'unless', 'while', 'until', 'and', 'or', 'not', 'exists', 'defined']);

function perlReads(T: Token[], offset: number, ok: ScriptOk, all: CodeRead[]): void {
  const n = T.length;
  const out: CodeRead[] = [];
  /** Names the code tests for presence (`exists $ENV{X}`, `defined $ENV{X}`): every read of them is optional. */
  const tested = new Set<string>();
  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (t.kind === 'string' && t.value.includes('$ENV{')) {
      // `"--port=$ENV{PORT}"`: interpolated reads (indexOf only: linear)
      const v = t.value;
      for (let at = v.indexOf('$ENV{'); at >= 0; ) {
        // the name's `}` within 100 characters (a bounded look: linear)
        let close = -1;
        for (let c = at + 5; c < v.length && c < at + 105; c++) if (v[c] === '}') { close = c; break; }
        if (close < 0) { at = v.indexOf('$ENV{', at + 5); continue; }
        const name = v.slice(at + 5, close).replace(/^(['"])(.*)\1$/, '$2');
        if (ok.explicit(name)) out.push({ name, idx: offset + t.line - 1, optional: false });
        at = v.indexOf('$ENV{', close + 1);
      }
      continue;
    }
    if (!(isP(t, '$') && isId(T[k + 1], 'ENV') && isP(T[k + 2], '{'))) continue;
    const nameTok = T[k + 3];
    if (!nameTok || !(isId(nameTok) || isStr(nameTok)) || !isP(T[k + 4], '}')) continue;
    const name = nameTok.value;
    const dollar = k;
    k += 4;
    if (!ok.explicit(name)) continue;
    const a = T[k + 1];
    const b = T[k + 2];
    // writes: `$ENV{X} = v`, `$ENV{X} ||= v`, `$ENV{X} //= v`, `$ENV{X} .= v`, `local $ENV{X}`, `delete $ENV{X}`
    if (isP(a, '=') && !isP(b, '=') && !isP(b, '~')) continue;
    if ((isP(a, '|') || isP(a, '/') || isP(a, '.') || isP(a, '&')) && (isP(b, '=') || (isP(b, a!.text) && isP(T[k + 3], '=')))) continue;
    const before = T[dollar - 1];
    if (isId(before, 'local') || isId(before, 'delete')) continue;
    let optional = false;
    let fallback: string | undefined;
    if ((isP(a, '|') && isP(b, '|')) || (isP(a, '/') && isP(b, '/'))) {
      optional = true;
      fallback = literal(T[k + 3], T[k + 4]);
    } else if (isId(a, 'or') || (isP(a, '?') && !isP(b, '?'))) optional = true;
    // `exists $ENV{X}`, `if ($ENV{X})`, `unless $ENV{X}`, `$x and $ENV{X}`
    if (!optional) {
      let p = dollar - 1;
      if (isP(T[p], '(')) p--;
      if (isId(T[p]) && PERL_CONDITION_WORDS.has(T[p].value)) optional = true;
      if (isId(T[dollar - 1], 'exists') || isId(T[dollar - 1], 'defined')) tested.add(name);
    }
    const r: CodeRead = { name, idx: offset + nameTok.line - 1, optional };
    if (optional && fallback !== undefined) r.fallback = fallback;
    out.push(r);
  }
  for (const r of out) {
    if (tested.has(r.name)) r.optional = true;
    all.push(r);
  }
}

// ─── Clojure ─────────────────────────────────────────────────────────────────

/** malli's type keywords: a vector that starts with one is a schema form, not a key. */
const MALLI_TYPES = new Set(['map', 'map-of', 'vector', 'sequential', 'set', 'enum', 'maybe', 'or', 'and', 'not', 'tuple', 'multi', 'fn', 're', 'cat', 'catn', 'alt', 'altn', 'ref', 'schema', 'orn', 'andn', 'repeat', 'string', 'int', 'double', 'keyword', 'boolean', 'any', 'uuid', 'nil', 'some', 'uri', 'and', 'merge', 'union', 'select-keys', 'or-nil', 'qualified-keyword', 'symbol', 'number', 'float', 'inst', 'ifn', 'seqable', 'every', 'vector-of', 'set-of', 'list']);
const PREFIX_SYMBOL = /(?:^|[-_])prefix$/;
const KEY_RE = /^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*\??$/;

/** `:db-url` → DB_URL (environ's rule: `-` and `.` are `_`, upper case). */
function keyToEnv(key: string): string {
  return key.replace(/\?$/, '').replace(/[-.]/g, '_').toUpperCase();
}

function clojureReads(T: Token[], text: string, offset: number, whole: boolean, path: string, ok: ScriptOk, out: CodeRead[]): void {
  const n = T.length;
  const environ = text.includes('environ');
  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (t.kind !== 'ident') continue;
    // (System/getenv "X"), (or (System/getenv "X") "d")
    if (t.value === 'System/getenv' && isP(T[k - 1], '(') && isStr(T[k + 1])) {
      const name = T[k + 1].value;
      if (!ok.explicit(name)) continue;
      const optional = isId(T[k - 2], 'or') && isP(T[k - 3], '(') ? true : false;
      const r: CodeRead = { name, idx: offset + T[k + 1].line - 1, optional };
      if (optional) {
        const f = literal(T[k + 3], T[k + 4]);
        if (f !== undefined && isP(T[k + 2], ')')) r.fallback = f;
      }
      out.push(r);
      continue;
    }
    if (!environ || t.value !== 'env') continue;
    // (env :db-url), (env :db-url "default"), (:db-url env), (get env :db-url default)
    let key: Token | undefined;
    let optional = false;
    if (isP(T[k - 1], '(') && isP(T[k + 1], ':') && isId(T[k + 2])) {
      key = T[k + 2];
      optional = !isP(T[k + 3], ')');
    } else if (isId(T[k - 1]) && isP(T[k - 2], ':') && isP(T[k - 3], '(') && isP(T[k + 1], ')')) {
      key = T[k - 1];
    } else if (isId(T[k - 1], 'get') && isP(T[k - 2], '(') && isP(T[k + 1], ':') && isId(T[k + 2])) {
      key = T[k + 2];
      optional = !isP(T[k + 3], ')');
    }
    if (!key || !KEY_RE.test(key.value)) continue;
    const name = keyToEnv(key.value);
    if (ok.explicit(name)) out.push({ name, idx: offset + key.line - 1, optional });
  }
  if (whole) configPrefixKeys(T, text, path, ok, out, offset);
}

/**
 * A config namespace read from the environment through a prefix: the file reads the whole
 * environment (environ's `env` map, `(System/getenv)`), and a symbol named for a prefix is bound to
 * a literal (`{prefix "app"}` in a destructuring default, `(def env-prefix "app")`,
 * `[prefix "app"]`), or a literal is handed to a function whose first parameter is the prefix
 * (`(defn read-env [prefix] …)` … `(read-env "app")`): each key of its schema and of its default map is APP_<KEY>.
 */
function configPrefixKeys(T: Token[], text: string, path: string, ok: ScriptOk, out: CodeRead[], offset: number): void {
  const n = T.length;
  let wholeEnv = false;
  const environCore = text.includes('environ.core');
  let prefix: string | null = null;
  let prefixLine = 0;
  // Functions whose first parameter is a prefix: `(defn read-env [prefix] …)`, called `(read-env "app")`.
  const prefixFns = new Set<string>();
  for (let k = 0; k + 4 < n; k++) {
    if ((isId(T[k], 'defn') || isId(T[k], 'defn-')) && isP(T[k - 1], '(') && isId(T[k + 1])) {
      let a = k + 2;
      if (isStr(T[a])) a++; // a docstring
      if (isP(T[a], '[') && isId(T[a + 1]) && PREFIX_SYMBOL.test(T[a + 1].value)) prefixFns.add(T[k + 1].value);
    }
  }
  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (t.kind !== 'ident') continue;
    if (prefix === null && prefixFns.has(t.value) && isP(T[k - 1], '(') && isStr(T[k + 1]) && /^[A-Za-z][A-Za-z0-9_]*$/.test(T[k + 1].value)) {
      prefix = T[k + 1].value.toUpperCase();
      prefixLine = T[k + 1].line;
      continue;
    }
    if (t.value === 'System/getenv' && isP(T[k - 1], '(') && isP(T[k + 1], ')')) wholeEnv = true;
    else if (t.value === 'env' && environCore && !isP(T[k - 1], '(') && !isP(T[k - 1], ':')) wholeEnv = true;
    else if (prefix === null && PREFIX_SYMBOL.test(t.value) && isStr(T[k + 1]) && /^[A-Za-z][A-Za-z0-9_]*$/.test(T[k + 1].value) && !isP(T[k - 1], ':')) {
      prefix = T[k + 1].value.toUpperCase();
      prefixLine = T[k + 1].line;
    }
  }
  if (!wholeEnv || prefix === null) return;
  const via = (key: string): string => `the config key :${key} read from the environment with the prefix ${prefix}_ at ${path}:${offset + prefixLine}`;
  const add = (key: Token, optional: boolean): void => {
    if (!KEY_RE.test(key.value) || key.value.includes('.')) return;
    const name = `${prefix}_${keyToEnv(key.value)}`;
    if (ok.registry(name)) out.push({ name, idx: offset + key.line - 1, optional, implicit: true, via: via(key.value) });
  };
  // Depth of brackets, and where the default map (`(def default {…})`) sits.
  let depth = 0;
  let defaultsDepth = -1;
  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') {
        depth++;
        if (t.text === '{' && defaultsDepth < 0 && isId(T[k - 1]) && /default/.test(T[k - 1].value) && isId(T[k - 2], 'def') && isP(T[k - 3], '(')) defaultsDepth = depth;
      } else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === defaultsDepth) defaultsDepth = -1;
        depth--;
      }
      // schema entry: `[:key {:optional true} type]` or `[:key type]` (not a malli type form)
      if (t.text === '[' && isP(T[k + 1], ':') && isId(T[k + 2]) && !MALLI_TYPES.has(T[k + 2].value) && (isP(T[k + 3], '{') || isP(T[k + 3], ':') || isP(T[k + 3], '[') || (isId(T[k + 3]) && !isP(T[k + 4], ']')))) {
        let optional = false;
        if (isP(T[k + 3], '{')) for (let a = k + 4; a < n && a < k + 16 && !isP(T[a], '}'); a++) if (isId(T[a], 'optional') && isId(T[a + 1], 'true')) optional = true;
        add(T[k + 2], optional);
      }
      // the default map's keys: `:key value` at its own depth
      if (t.text === ':' && depth === defaultsDepth && isId(T[k + 1]) && !isP(T[k - 1], ':')) add(T[k + 1], true);
      continue;
    }
    // (s/def ::key spec)
    if (t.kind === 'ident' && t.value === 's/def' && isP(T[k - 1], '(') && isP(T[k + 1], ':') && isP(T[k + 2], ':') && isId(T[k + 3])) add(T[k + 3], true);
  }
}

// ─── Erlang ──────────────────────────────────────────────────────────────────

function erlangReads(T: Token[], offset: number, ok: ScriptOk, out: CodeRead[]): void {
  const n = T.length;
  for (let k = 0; k + 4 < n; k++) {
    if (!(isId(T[k], 'os') && isP(T[k + 1], ':') && isId(T[k + 2], 'getenv') && isP(T[k + 3], '(') && isStr(T[k + 4]))) continue;
    const s = T[k + 4];
    if (!ok.explicit(s.value)) continue;
    const optional = isP(T[k + 5], ',');
    const r: CodeRead = { name: s.value, idx: offset + s.line - 1, optional };
    if (optional) {
      const f = literal(T[k + 6], T[k + 7]);
      if (f !== undefined && isP(T[k + 7], ')')) r.fallback = f;
    }
    out.push(r);
  }
}

// ─── Lua ─────────────────────────────────────────────────────────────────────

/** Functions of an env module (`resty.env`) that read the variable their argument names. */
const LUA_ENV_READS = new Set(['get', 'value', 'enabled']);
/** A local holding an env module: `env`, `resty_env`, `_env` endings (`local resty_env = require('resty.env')`). */
const LUA_ENV_MODULE = /^(?:[A-Za-z]\w{0,40}_)?env$/i;

function luaReads(T: Token[], offset: number, whole: boolean, ok: ScriptOk, out: CodeRead[]): void {
  const n = T.length;
  // lua-resty-env (APIcast's library, `require('resty.env')`): its module shape counts only in a file requiring it,
  // when the whole file is at hand (head's env index reads a file's lines, without its require)
  const restyEnv = !whole || T.some((t) => isStr(t) && t.value === 'resty.env');
  // the function localised (`local getenv = os.getenv`), OpenResty's idiom (APISIX's cli/ops.lua)
  const aliases = new Set<string>();
  for (let k = 0; k + 4 < n; k++) {
    if (isId(T[k]) && isP(T[k + 1], '=') && isId(T[k + 2], 'os') && isP(T[k + 3], '.') && isId(T[k + 4], 'getenv') && !isP(T[k + 5], '(') && !isStr(T[k + 5])) aliases.add(T[k].value);
  }
  for (let k = 0; k + 2 < n; k++) {
    const t = T[k];
    if (t.kind !== 'ident') continue;
    // a member of another table (`ngx.var.env.get`) is no module local
    if (isP(T[k - 1], '.') || isP(T[k - 1], ':')) continue;
    let fn: string;
    let at: number; // the token after the function's name
    if (aliases.has(t.value) && (isP(T[k + 1], '(') || isStr(T[k + 1]))) {
      fn = 'getenv';
      at = k + 1;
    } else if ((isP(T[k + 1], '.') || isP(T[k + 1], ':')) && isId(T[k + 2])) {
      fn = T[k + 2].value;
      at = k + 3;
      const osGetenv = t.value === 'os' && fn === 'getenv';
      if (!osGetenv && !(restyEnv && LUA_ENV_MODULE.test(t.value) && (LUA_ENV_READS.has(fn) || fn === 'set'))) continue;
    } else continue;
    const osGetenv = fn === 'getenv';
    // `f("X")`, `f('X')`, and a call with one string and no parentheses (`os.getenv "X"`)
    const paren = isP(T[at], '(');
    const s = paren ? T[at + 1] : T[at];
    if (!isStr(s) || (paren && !(isP(T[at + 2], ')') || isP(T[at + 2], ',')))) continue;
    const name = s.value;
    if (fn === 'set' || !(osGetenv ? ok.explicit(name) : ok.registry(name))) continue;
    const after = paren ? at + 3 : at + 1;
    let optional = fn === 'enabled';
    const r: CodeRead = { name, idx: offset + s.line - 1, optional };
    if (isId(T[after], 'or') || (paren && isP(T[at + 2], ','))) {
      r.optional = optional = true;
      const f = isId(T[after], 'or') ? literal(T[after + 1], T[after + 2]) : undefined;
      if (f !== undefined) r.fallback = f;
    }
    out.push(r);
    k = after - 1;
  }
}

// ─── Haskell ─────────────────────────────────────────────────────────────────

/** System.Environment's readers: required (`getEnv` throws when unset) or not. */
const HS_READS: Record<string, boolean> = { getEnv: true, lookupEnv: false, getEnvDefault: false, lookupEnvironment: false };

function haskellReads(T: Token[], offset: number, ok: ScriptOk, out: CodeRead[]): void {
  const n = T.length;
  // envparse's module and its aliases (`import qualified Env as E`)
  const envAliases = new Set(['Env']);
  for (let k = 0; k + 3 < n; k++) {
    if (!isId(T[k], 'import')) continue;
    let m = k + 1;
    if (isId(T[m], 'qualified')) m++;
    if (!isId(T[m], 'Env') || isP(T[m + 1], '.')) continue;
    m++;
    if (isId(T[m], 'qualified')) m++;
    if (isId(T[m], 'as') && isId(T[m + 1])) envAliases.add(T[m + 1].value);
  }
  for (let k = 0; k + 1 < n; k++) {
    const t = T[k];
    if (t.kind !== 'ident') continue;
    const required = Object.prototype.hasOwnProperty.call(HS_READS, t.value) ? HS_READS[t.value] : undefined;
    if (required !== undefined) {
      // `lookupEnv "X"`, `System.Environment.lookupEnv "X"`, `lookupEnv ("X")`
      const s = isP(T[k + 1], '(') ? T[k + 2] : T[k + 1];
      if (!isStr(s) || !ok.explicit(s.value)) continue;
      const r: CodeRead = { name: s.value, idx: offset + s.line - 1, optional: !required };
      if (t.value === 'getEnvDefault') {
        const f = literal(T[k + 2], T[k + 3]);
        if (f !== undefined) r.fallback = f;
      }
      out.push(r);
      continue;
    }
    // envparse: `var reader "X" (mods)`; the reader may be a composition in parentheses (`(str <=< nonempty)`).
    // Qualified (`import qualified Env` … `Env.var Env.str "X"`): `var` of the module Env or of its alias;
    // another module's `var` (`Foo.var`) is none.
    if (t.value !== 'var') continue;
    let q = k;
    if (isP(T[k - 1], '.')) {
      if (!isId(T[k - 2]) || !envAliases.has(T[k - 2].value) || isP(T[k - 3], '.')) continue;
      q = k - 2;
    }
    let a = k + 1;
    if (isId(T[a]) && isP(T[a + 1], '.') && isId(T[a + 2]) && envAliases.has(T[a].value)) a += 3;
    else if (isId(T[a])) a++;
    else if (isP(T[a], '(')) {
      const stop = Math.min(n, a + 12);
      let depth = 0;
      for (; a < stop; a++) {
        if (isP(T[a], '(')) depth++;
        else if (isP(T[a], ')') && --depth === 0) break;
      }
      if (depth !== 0) continue;
      a++;
    } else continue;
    const s = T[a];
    if (!isStr(s) || !ok.registry(s.value)) continue;
    // `optional (var …)`, or `def` among the mods that follow (up to the next `<*>` or a bounded look)
    let optional = isP(T[q - 1], '(') && isId(T[q - 2], 'optional');
    let fallback: string | undefined;
    for (let b = a + 1; !optional && b < n && b < a + 40; b++) {
      if (isP(T[b], '<') && isP(T[b + 1], '*') && isP(T[b + 2], '>')) break;
      if (isId(T[b], 'var')) break;
      if (isId(T[b], 'def')) {
        optional = true;
        fallback = literal(T[b + 1], T[b + 2]);
      }
    }
    const r: CodeRead = { name: s.value, idx: offset + s.line - 1, optional };
    if (fallback !== undefined) r.fallback = fallback;
    out.push(r);
  }
}
