/**
 * Names a Python config loader composes from a prefix and config keys (issue 11: a daemon whose
 * settings map to env vars by a naming convention, PREFIX_<SECTION>_<KEY>):
 *
 *   def _popenv(name):                                  # a reader with a prefix
 *       return os.environ.pop(PREFIX + name.upper(), None)
 *   def _set_section_values(section, params):           # a composer: section + '_' + each param
 *       for param in params:
 *           value = _popenv(section + '_' + param)
 *   _set_section_values('restapi', ['listen', 'ciphers'])   # → PREFIX_RESTAPI_LISTEN, PREFIX_RESTAPI_CIPHERS
 *   for param in ('name', 'scope'): _popenv(param)          # → PREFIX_NAME, PREFIX_SCOPE
 *   _popenv('loglevel')                                     # → PREFIX_LOGLEVEL
 *   def _get_auth(name):                                    # a composer with its own keys
 *       for param in ('username', 'password'): _popenv(name + '_' + param)
 *   _get_auth('etcd')                                       # → PREFIX_ETCD_USERNAME, PREFIX_ETCD_PASSWORD
 *
 * The prefix is a string literal, a string constant of the file (`PREFIX = 'APP_'`, a class
 * attribute), or an imported constant named for it (`from app import APP_ENV_PREFIX` reads
 * `APP_`). Each literal key is a setting (optional: the loader pops what is set). Read through
 * core/lex tokens in one pass plus bounded look-ahead: linear.
 */
import { lex, type Token, isPunct as isP, isIdent as isId, isWholeString as isStr } from '../lex';
import type { CodeRead } from './envCode';

const KEY = /^[a-z][a-z0-9_]*$/;
/** `APP_ENV_PREFIX`, `ENV_PREFIX_APP` is not: the part before `_ENV_PREFIX`/`_PREFIX` names the prefix. */
const PREFIX_CONSTANT = /^([A-Z][A-Z0-9]*)_(?:ENV_)?PREFIX$/;

/** A reader: `def NAME(arg): … os.environ.pop|get(PREFIX + arg.upper() …)` / `os.getenv(…)`. */
interface Reader { prefix: string; upper: boolean; line: number }
/**
 * A composer: `def NAME(a, b): for x in b: READER(a + '_' + x)` (keys handed in), or
 * `def NAME(a): for x in ('user', 'pw'): READER(a + '_' + x)` (its own keys).
 */
interface Composer { reader: Reader; sep: string; keys?: string[] }

/** Env names composed by the shapes above, for the whole file `text` (0-based line indexes). */
export function composedReads(path: string, text: string, ok: (n: string) => boolean): CodeRead[] {
  if (!text.includes('environ') && !text.includes('getenv')) return [];
  const T = lex('python', text).filter((t) => t.kind !== 'comment');
  const n = T.length;
  // String constants: `NAME = 'v'` at a line's start (module or class level).
  const constants = new Map<string, string>();
  for (let k = 1; k + 1 < n; k++) {
    if (isP(T[k], '=') && isId(T[k - 1]) && isStr(T[k + 1]) && !isP(T[k + 2], '+') && (k < 2 || T[k - 2].line < T[k].line) && !isP(T[k + 1 + 1], '.')) {
      if (!constants.has(T[k - 1].value)) constants.set(T[k - 1].value, T[k + 1].value);
    }
  }
  const prefixOf = (k: number): { value: string; end: number } | null => {
    // `PREFIX +`, `Class.PREFIX +`, `'APP_' +`
    if (isStr(T[k]) && isP(T[k + 1], '+')) return /^[A-Za-z][A-Za-z0-9_]*$/.test(T[k].value) ? { value: T[k].value, end: k + 2 } : null;
    let j = k;
    while (j < k + 8 && isId(T[j]) && isP(T[j + 1], '.') && isId(T[j + 2])) j += 2;
    if (!isId(T[j]) || !isP(T[j + 1], '+')) return null;
    const name = T[j].value;
    const v = constants.get(name) ?? (PREFIX_CONSTANT.exec(name) ? `${PREFIX_CONSTANT.exec(name)![1]}_` : undefined);
    return v !== undefined && /^[A-Za-z][A-Za-z0-9_]*$/.test(v) ? { value: v, end: j + 2 } : null;
  };
  const readers = new Map<string, Reader>();
  const composers = new Map<string, Composer>();
  // Definitions: `def NAME ( params ) :` and the tokens of their body (bounded).
  const defs: { name: string; params: string[]; body: number; end: number }[] = [];
  for (let k = 0; k + 3 < n; k++) {
    if (!isId(T[k], 'def') || !isId(T[k + 1]) || !isP(T[k + 2], '(')) continue;
    const params: string[] = [];
    let j = k + 3;
    for (; j < n && j < k + 40 && !isP(T[j], ')'); j++) if (isId(T[j]) && (isP(T[j - 1], '(') || isP(T[j - 1], ','))) params.push(T[j].value);
    // the body: up to the next `def` (a bounded window of tokens)
    let end = j + 1;
    while (end < n && end < j + 400 && !isId(T[end], 'def')) end++;
    defs.push({ name: T[k + 1].value, params, body: j + 1, end });
  }
  for (const d of defs) {
    if (d.params.length !== 1) continue;
    const arg = d.params[0];
    for (let k = d.body; k + 3 < d.end; k++) {
      // os.environ.pop( / os.environ.get( / os.getenv( / environ.get(
      if (!(isId(T[k], 'os') || isId(T[k], 'environ'))) continue;
      let j = k + 1;
      while (j < k + 6 && isP(T[j], '.') && isId(T[j + 1])) j += 2;
      const chain = T.slice(k, j).map((t) => t.value).join('');
      if (!/^(?:os\.)?(?:environ\.(?:get|pop)|getenv)$/.test(chain) || !isP(T[j], '(')) continue;
      const p = prefixOf(j + 1);
      if (!p || !isId(T[p.end], arg)) continue;
      const upper = isP(T[p.end + 1], '.') && isId(T[p.end + 2], 'upper');
      readers.set(d.name, { prefix: p.value, upper, line: T[k].line });
      break;
    }
  }
  if (readers.size === 0) return [];
  for (const d of defs) {
    if (d.params.length === 1 && !readers.has(d.name)) {
      // for x in ('user', 'pw'): READER(a + 'SEP' + x)
      const a = d.params[0];
      let loopVar: string | null = null;
      let keys: string[] = [];
      for (let k = d.body; k + 6 < d.end; k++) {
        if (isId(T[k], 'for') && isId(T[k + 1]) && isId(T[k + 2], 'in') && (isP(T[k + 3], '(') || isP(T[k + 3], '['))) {
          loopVar = T[k + 1].value;
          keys = [];
          for (let c = k + 4; c < d.end && (isStr(T[c]) || isP(T[c], ',')); c++) if (isStr(T[c]) && KEY.test(T[c].value)) keys.push(T[c].value);
        }
        const r = isId(T[k]) ? readers.get(T[k].value) : undefined;
        if (r && loopVar && keys.length && isP(T[k + 1], '(') && isId(T[k + 2], a) && isP(T[k + 3], '+') && isStr(T[k + 4]) && isP(T[k + 5], '+') && isId(T[k + 6], loopVar)) {
          composers.set(d.name, { reader: r, sep: T[k + 4].value, keys });
          break;
        }
      }
      continue;
    }
    if (d.params.length !== 2) continue;
    const [a, b] = d.params;
    // for x in b: … READER(a + 'SEP' + x)
    let loopVar: string | null = null;
    for (let k = d.body; k + 3 < d.end; k++) {
      if (isId(T[k], 'for') && isId(T[k + 1]) && isId(T[k + 2], 'in') && isId(T[k + 3], b)) loopVar = T[k + 1].value;
      const r = isId(T[k]) ? readers.get(T[k].value) : undefined;
      if (r && loopVar && isP(T[k + 1], '(') && isId(T[k + 2], a) && isP(T[k + 3], '+') && isStr(T[k + 4]) && isP(T[k + 5], '+') && isId(T[k + 6], loopVar)) {
        composers.set(d.name, { reader: r, sep: T[k + 4].value });
        break;
      }
    }
  }
  const out: CodeRead[] = [];
  const via = (r: Reader, key: string): string => `the config key ${key} read from the environment with the prefix ${r.prefix} at ${path}:${r.line}`;
  const add = (r: Reader, key: string, tok: Token, shown: string): void => {
    const name = r.prefix + (r.upper ? key.toUpperCase() : key);
    if (ok(name)) out.push({ name, idx: tok.line - 1, optional: true, implicit: true, via: via(r, shown) });
  };
  for (let k = 0; k + 2 < n; k++) {
    if (!isId(T[k]) || !isP(T[k + 1], '(') || isId(T[k - 1], 'def')) continue;
    const r = readers.get(T[k].value);
    if (r && isStr(T[k + 2]) && isP(T[k + 3], ')') && KEY.test(T[k + 2].value)) {
      add(r, T[k + 2].value, T[k + 2], T[k + 2].value);
      continue;
    }
    // for x in ('a', 'b'): READER(x)
    if (r && isId(T[k + 2]) && isP(T[k + 3], ')')) {
      const v = T[k + 2].value;
      for (let b = k - 1; b >= 0 && b > k - 60; b--) {
        if (!(isId(T[b], 'for') && isId(T[b + 1], v) && isId(T[b + 2], 'in') && (isP(T[b + 3], '(') || isP(T[b + 3], '[')))) continue;
        for (let c = b + 4; c < k && (isStr(T[c]) || isP(T[c], ',')); c++) if (isStr(T[c]) && KEY.test(T[c].value)) add(r, T[c].value, T[c], T[c].value);
        break;
      }
      continue;
    }
    // COMPOSER('section', ['a', 'b']), COMPOSER('section') with its own keys
    const c = composers.get(T[k].value);
    if (c?.keys && isStr(T[k + 2]) && KEY.test(T[k + 2].value) && isP(T[k + 3], ')')) {
      for (const key of c.keys) add(c.reader, T[k + 2].value + c.sep + key, T[k + 2], `${T[k + 2].value}.${key}`);
      continue;
    }
    if (c && !c.keys && isStr(T[k + 2]) && KEY.test(T[k + 2].value) && isP(T[k + 3], ',') && (isP(T[k + 4], '[') || isP(T[k + 4], '('))) {
      const section = T[k + 2].value;
      for (let a = k + 5; a < n && a < k + 200 && (isStr(T[a]) || isP(T[a], ',')); a++) {
        if (isStr(T[a]) && KEY.test(T[a].value)) add(c.reader, section + c.sep + T[a].value, T[a], `${section}.${T[a].value}`);
      }
    }
  }
  return out;
}
