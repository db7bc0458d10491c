/**
 * Settings structs bound to the environment by a loader that derives each variable's name from
 * the struct's shape (issue 11): a new field is a new env var although no env name is written
 * anywhere. Read from tokens of core/lex (DESIGN.md, "How analyzers read code"); every scan is a
 * forward pass or bounded by the struct nesting, so the cost is linear in the text.
 *
 * Go, kelseyhightower/envconfig (`envconfig.Process("app", &cfg)`): each exported field of the
 * struct is PREFIX_FIELD, a nested struct field adds its own name (PREFIX_WEB_ADDR), an embedded
 * struct adds nothing; `envconfig:"key"` renames, `split_words:"true"` splits CamelCase
 * (MaxSize → MAX_SIZE), `ignored:"true"` and unexported fields are not read. Used by Inbucket,
 * Tyk, and many small Go services (the library is one of the most common Go env loaders).
 */
import { type Token, isPunct as isP, isIdent as isId, isWholeString as isStr } from '../lex';

/** One field read: its env name, the token of the field's name, whether it may be unset. */
export interface StructRead {
  name: string;
  at: Token;
  optional: boolean;
  via: string;
}

interface GoField {
  /** The field's name; null for an embedded struct. */
  name: string | null;
  nameTok: Token;
  /** The field's type as a single identifier (pointer stripped), or null when composite/qualified. */
  type: string | null;
  /** A scalar the loader reads from one variable (string, int, []string, time.Duration …). */
  scalar: boolean;
  tag: Map<string, string>;
}

const GO_SCALARS = new Set(['string', 'bool', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'byte', 'rune', 'uintptr']);
/** Standard-library types envconfig decodes from one variable. */
const GO_STD_SCALARS = new Set(['time.Duration', 'time.Time', 'url.URL', 'net.IP']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Field visits of one walk from a root struct. The walk follows every field of a struct type,
 * so a chain of structs of k such fields each is k^depth visits; real settings structs have a
 * few hundred fields at most, and a walk stops quietly once this many are spent.
 */
const WALK_BUDGET = 4096;

/** `key:"value"` pairs of a Go struct tag (indexOf only: linear). */
export function goTag(v: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < v.length) {
    const colon = v.indexOf(':"', i);
    if (colon < 0) break;
    let ks = colon;
    while (ks > i && v[ks - 1] !== ' ') ks--;
    const close = v.indexOf('"', colon + 2);
    if (close < 0) break;
    out.set(v.slice(ks, colon), v.slice(colon + 2, close));
    i = close + 1;
  }
  return out;
}

/** envconfig's split_words: words of a CamelCase name (`GRPCRoundRobin` → GRPC_Round_Robin). */
export function splitWords(name: string): string {
  const words: string[] = [];
  // gatherRegexp ([^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+), then acronymRegexp ([A-Z]+)([A-Z][^A-Z]+).
  for (const w of name.match(/[^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+/g) ?? []) {
    const m = /^([A-Z]+)([A-Z][^A-Z]+)$/.exec(w);
    if (m) words.push(m[1], m[2]);
    else words.push(w);
  }
  return words.join('_');
}

/**
 * The fields of every `type X struct { … }` (and of `type ( … )` groups) in the tokens, and the
 * names of the other types the file declares (`type mbNaming int`): a field of such a type is a
 * scalar to the loader when the type is no struct.
 */
function goStructs(T: Token[]): { structs: Map<string, GoField[]>; others: Set<string> } {
  const structs = new Map<string, GoField[]>();
  const others = new Set<string>();
  const n = T.length;
  // Open brackets at the top level: a `(` right after `type` opens a group of declarations.
  const stack: boolean[] = [];
  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (isP(t, '{') || isP(t, '(') || isP(t, '[')) { stack.push(isP(t, '(') && isId(T[k - 1], 'type')); continue; }
    if (isP(t, '}') || isP(t, ')') || isP(t, ']')) { stack.pop(); continue; }
    // `type Name struct {` or, inside `type (`, `Name struct {` at the start of a line.
    if (!isId(t) || !isId(T[k + 1])) continue;
    const inGroup = stack.length === 1 && stack[0] && k > 0 && T[k - 1].line < t.line;
    const declared = (stack.length === 0 && isId(T[k - 1], 'type')) || inGroup;
    if (!declared || !NAME.test(t.value) || GO_SCALARS.has(t.value)) continue;
    if (T[k + 1].value !== 'struct' || !isP(T[k + 2], '{')) {
      if (T[k + 1].value !== 'interface' && T[k + 1].value !== 'func' && T[k + 1].value !== 'chan') others.add(t.value);
      continue;
    }
    const fields: GoField[] = [];
    let depth = 0;
    let b = k + 2;
    for (; b < n; b++) {
      const x = T[b];
      if (isP(x, '{') || isP(x, '(') || isP(x, '[')) {
        depth++;
        if (depth === 1 && b + 1 < n) { const f = goField(T, b + 1); if (f && T[b + 1].line === x.line) fields.push(f); }
        continue;
      }
      if (isP(x, '}') || isP(x, ')') || isP(x, ']')) {
        if (--depth === 0) break;
        continue;
      }
      if (depth === 1 && T[b - 1].line < x.line) {
        const f = goField(T, b);
        if (f) fields.push(f);
      }
    }
    if (fields.length) structs.set(t.value, fields);
    k = b;
  }
  return { structs, others };
}

/** The field declared by the line starting at token `b`: `Name Type \`tag\``, `*Embedded`, `pkg.Embedded`. */
function goField(T: Token[], b: number): GoField | null {
  // A struct whose `{` is the file's last token (a file cut mid-edit) has no field.
  if (b >= T.length) return null;
  const line = T[b].line;
  const toks: Token[] = [];
  for (let c = b; c < T.length && T[c].line === line && toks.length < 24; c++) toks.push(T[c]);
  let tag = new Map<string, string>();
  const last = toks[toks.length - 1];
  if (last && isStr(last) && last.text.startsWith('`')) {
    tag = goTag(last.value);
    toks.pop();
  }
  if (!toks.length || !isId(toks[0]) && !isP(toks[0], '*')) return null;
  // Embedded: `Base`, `*Base`, `pkg.Base` alone on the line.
  const typeOf = (ts: Token[]): { type: string | null; scalar: boolean } => {
    let i = 0;
    while (i < ts.length && isP(ts[i], '*')) i++;
    const rest = ts.slice(i);
    if (rest.length === 1 && isId(rest[0])) return { type: rest[0].value, scalar: GO_SCALARS.has(rest[0].value) };
    if (rest.length === 3 && isId(rest[0]) && isP(rest[1], '.') && isId(rest[2])) return { type: null, scalar: GO_STD_SCALARS.has(`${rest[0].value}.${rest[2].value}`) };
    // []string, []int, map[string]string: one variable, split by the loader.
    if (rest.length >= 3 && isP(rest[0], '[') && isP(rest[1], ']') && rest.length === 3 && isId(rest[2]) && GO_SCALARS.has(rest[2].value)) return { type: null, scalar: true };
    if (rest.length === 5 && isId(rest[0], 'map') && isP(rest[1], '[') && isId(rest[2]) && GO_SCALARS.has(rest[2].value) && isP(rest[3], ']') && isId(rest[4]) && GO_SCALARS.has(rest[4].value)) return { type: null, scalar: true };
    return { type: null, scalar: false };
  };
  if (isId(toks[0]) && toks.length >= 2 && isId(toks[1]) || isId(toks[0]) && toks.length >= 2 && (isP(toks[1], '*') || isP(toks[1], '['))) {
    const ty = typeOf(toks.slice(1));
    return { name: toks[0].value, nameTok: toks[0], type: ty.type, scalar: ty.scalar, tag };
  }
  const ty = typeOf(toks);
  if (ty.type !== null || ty.scalar) return { name: null, nameTok: toks[0], type: ty.type, scalar: false, tag };
  return null;
}

/** The struct type of the variable `v` handed to the loader: `v := &Root{}`, `var v Root`, `func f(v *Root)`. */
function typeOfVar(T: Token[], v: string, structs: Map<string, GoField[]>): string | null {
  for (let k = 0; k + 2 < T.length; k++) {
    if (!isId(T[k], v)) continue;
    let a = k + 1;
    if ((isP(T[a], ':') && isP(T[a + 1], '=')) || (isP(T[a], '=') && !isP(T[a + 1], '='))) {
      a += isP(T[a], ':') ? 2 : 1;
      if (isP(T[a], '&')) a++;
      if (isId(T[a], 'new') && isP(T[a + 1], '(')) a += 2;
    } else if (isP(T[a], '*')) a++;
    if (isId(T[a]) && structs.has(T[a].value)) return T[a].value;
  }
  return null;
}

/** A string constant of the file: `const prefix = "inbucket"`, `prefix = "x"` in a const group. */
function constString(T: Token[], name: string): string | null {
  for (let k = 0; k + 2 < T.length; k++) {
    if (isId(T[k], name) && isP(T[k + 1], '=') && !isP(T[k + 2], '=') && isStr(T[k + 2]) && !isP(T[k + 3], '+')) return T[k + 2].value;
  }
  return null;
}

/**
 * Env names of the fields of the structs a Go file hands to `envconfig.Process(prefix, &cfg)`
 * (or `MustProcess`), each at the token naming its field. Empty when the file has no such call
 * or its prefix or struct cannot be resolved in the file.
 */
export function envconfigReads(T: Token[]): StructRead[] {
  const out: StructRead[] = [];
  const n = T.length;
  const calls: { prefix: string; root: string }[] = [];
  let parsed: ReturnType<typeof goStructs> | null = null;
  // Each name is looked up once (a file of many calls stays linear); a file has few loaders.
  const consts = new Map<string, string | null>();
  const vars = new Map<string, string | null>();
  let tried = 0;
  for (let k = 0; k + 6 < n && tried < 16; k++) {
    if (!isId(T[k], 'envconfig') || !isP(T[k + 1], '.') || !isId(T[k + 2]) || !/^(?:Must)?Process$/.test(T[k + 2].value) || !isP(T[k + 3], '(')) continue;
    parsed ??= goStructs(T);
    tried++;
    const a = T[k + 4];
    let prefix: string | null = null;
    if (isStr(a)) prefix = a.value;
    else if (isId(a) && isP(T[k + 5], ',')) {
      if (!consts.has(a.value)) consts.set(a.value, constString(T, a.value));
      prefix = consts.get(a.value)!;
    }
    if (prefix === null || (prefix !== '' && !NAME.test(prefix)) || !isP(T[k + 5], ',')) continue;
    let b = k + 6;
    if (isP(T[b], '&')) b++;
    let root: string | null = null;
    if (isId(T[b]) && isP(T[b + 1], '{') && parsed.structs.has(T[b].value)) root = T[b].value;
    else if (isId(T[b]) && isP(T[b + 1], ')')) {
      if (!vars.has(T[b].value)) vars.set(T[b].value, typeOfVar(T, T[b].value, parsed.structs));
      root = vars.get(T[b].value)!;
    }
    if (root === null || calls.some((c) => c.prefix === prefix && c.root === root)) continue;
    calls.push({ prefix, root });
  }
  if (!parsed) return out;
  const { structs, others } = parsed;
  const seen = new Set<string>();
  for (const call of calls) {
    const via = `envconfig with prefix "${call.prefix}" (a field of ${call.root})`;
    let budget = WALK_BUDGET;
    const walk = (struct: string, prefix: string, depth: number, stack: string[]): void => {
      if (depth > 6 || stack.includes(struct)) return;
      for (const f of structs.get(struct) ?? []) {
        if (--budget < 0) return;
        if (f.tag.get('ignored') === 'true') continue;
        if (f.name === null) {
          // An embedded struct's fields belong to the outer struct.
          if (f.type && structs.has(f.type)) walk(f.type, prefix, depth + 1, [...stack, struct]);
          continue;
        }
        if (!/^[A-Z]/.test(f.name)) continue;
        let key = f.tag.get('envconfig') ?? '';
        if (!key) key = f.tag.get('split_words') === 'true' ? splitWords(f.name) : f.name;
        if (!NAME.test(key)) continue;
        const full = (prefix ? `${prefix}_${key}` : key).toUpperCase();
        if (f.type && structs.has(f.type)) {
          walk(f.type, full, depth + 1, [...stack, struct]);
          continue;
        }
        if (!f.scalar && !(f.type && others.has(f.type))) continue;
        if (seen.has(`${full}@${f.nameTok.line}`)) continue;
        seen.add(`${full}@${f.nameTok.line}`);
        const optional = f.tag.get('required') !== 'true' || f.tag.has('default');
        out.push({ name: full, at: f.nameTok, optional, via });
      }
    };
    walk(call.root, call.prefix, 0, []);
  }
  return out;
}

// ─── Go: caarlos0/env's Options{Prefix} bound to the struct it parses ─────────

const CAARLOS_PARSE = /^(?:Parse|ParseWithOptions|ParseAs|ParseAsWithOptions|Must)$/;

/**
 * caarlos0/env: `env.Parse(&cfg, env.Options{Prefix: "APP_"})` (v6) or `env.ParseWithOptions(&cfg, …)`,
 * `env.ParseAsWithOptions[Config](…)` reads every `env:"X"` tag of cfg's struct (and of the structs
 * its fields hold) as APP_X. The prefix belongs to the struct of that call, not to the file
 * (review13 F2): the answer maps the line of each field of such a struct to its prefix. A struct
 * reached from calls with different prefixes gets none; so does every struct when a prefixed call's
 * struct cannot be resolved in the file, except in a file of one Parse call and one prefixed
 * Options literal (`file`: then every tag of the file has that prefix, as the loader's file).
 * `ok` tests a prefix. Bounded: 16 literals, a 64-token look-back each, WALK_BUDGET fields.
 */
export function caarlos0TagPrefixes(T: Token[], ok: (prefix: string) => boolean): { byLine: Map<number, string>; file: string } {
  const byLine = new Map<number, string>();
  const n = T.length;
  const literals: { at: number; prefix: string }[] = [];
  let parseCalls = 0;
  for (let k = 0; k + 4 < n; k++) {
    if (isId(T[k]) && CAARLOS_PARSE.test(T[k].value) && isP(T[k - 1], '.') && (isP(T[k + 1], '(') || isP(T[k + 1], '['))) parseCalls++;
    if (literals.length >= 16 || !isId(T[k], 'Options') || !isP(T[k + 1], '{')) continue;
    // the fields of this literal only: a bounded scan to its closing brace
    for (let a = k + 2, depth = 0; a < n && a < k + 64; a++) {
      if (isP(T[a], '{') || isP(T[a], '(')) depth++;
      else if (isP(T[a], '}') || isP(T[a], ')')) {
        if (depth-- === 0) break;
      } else if (depth === 0 && isId(T[a], 'Prefix') && isP(T[a + 1], ':') && isStr(T[a + 2]) && ok(T[a + 2].value)) {
        literals.push({ at: k, prefix: T[a + 2].value });
        break;
      }
    }
  }
  if (!literals.length) return { byLine, file: '' };
  const parsed = goStructs(T);
  const roots = new Map<string, string | null>();
  let unresolved = false;
  for (const lit of literals) {
    // the call whose argument list holds the literal: the nearest unclosed `(` before it
    let open = -1;
    for (let j = lit.at - 1, depth = 0; j >= 0 && j > lit.at - 64; j--) {
      if (isP(T[j], ')')) depth++;
      else if (isP(T[j], '(')) {
        if (depth === 0) { open = j; break; }
        depth--;
      }
    }
    let root: string | null = null;
    if (open > 0 && isId(T[open - 1]) && CAARLOS_PARSE.test(T[open - 1].value)) {
      let b = open + 1;
      if (isP(T[b], '&')) b++;
      if (isId(T[b]) && isP(T[b + 1], '{') && parsed.structs.has(T[b].value)) root = T[b].value;
      else if (isId(T[b]) && isP(T[b + 1], ',')) root = typeOfVar(T, T[b].value, parsed.structs);
    } else if (open > 3 && isP(T[open - 1], ']') && isId(T[open - 2]) && isP(T[open - 3], '[') && isId(T[open - 4]) && CAARLOS_PARSE.test(T[open - 4].value)) {
      // ParseAsWithOptions[Config](opts)
      if (parsed.structs.has(T[open - 2].value)) root = T[open - 2].value;
    }
    if (root === null) { unresolved = true; continue; }
    // the same struct under two prefixes: ambiguous, none
    roots.set(root, roots.has(root) && roots.get(root) !== lit.prefix ? null : lit.prefix);
  }
  if (unresolved) return { byLine, file: literals.length === 1 && parseCalls === 1 ? literals[0].prefix : '' };
  let budget = WALK_BUDGET;
  const conflict = new Set<number>();
  const walk = (struct: string, prefix: string, stack: string[]): void => {
    if (stack.length > 6 || stack.includes(struct)) return;
    for (const f of parsed.structs.get(struct) ?? []) {
      if (--budget < 0) return;
      const line = f.nameTok.line;
      if (byLine.has(line) && byLine.get(line) !== prefix) conflict.add(line);
      byLine.set(line, prefix);
      if (f.type && parsed.structs.has(f.type)) walk(f.type, prefix, [...stack, struct]);
    }
  };
  for (const [root, prefix] of roots) if (prefix !== null) walk(root, prefix, []);
  for (const line of conflict) byLine.delete(line);
  return { byLine, file: '' };
}

// ─── Rust: serde settings structs under an environment source ────────────────

/**
 * A Rust config loader that reads the environment into a serde struct by key paths: the `config`
 * crate's `Environment::with_prefix("APP").separator("__")` (APP__SERVER__PORT → server.port),
 * figment's `Env::prefixed("APP_").split("__")`. `root` is the struct the result is deserialized
 * into (`let c: Settings = built.try_deserialize()?`, `.extract::<Settings>()`), through a
 * `use … as …` alias of the file. Used by pict-rs, Lemmy-style services, Rocket apps (figment).
 */
export interface SerdeEnvBinding {
  /** The env name of a key path: `prefix` + path segments joined by `separator`, upper-cased. */
  prefix: string;
  separator: string;
  root: string;
  line: number;
  loader: 'config' | 'figment';
}

/** Finds the binding in a Rust file's tokens; null when it has none or its root cannot be named. */
export function serdeEnvBinding(T: Token[]): SerdeEnvBinding | null {
  const n = T.length;
  let found: { prefix: string; separator: string | null; prefixSep: string | null; line: number; loader: 'config' | 'figment' } | null = null;
  let root: string | null = null;
  const aliases = new Map<string, string>();
  for (let k = 0; k + 3 < n; k++) {
    const t = T[k];
    if (!isId(t)) continue;
    // config: Environment::with_prefix("APP")  — figment: Env::prefixed("APP_")
    if (!found && ((t.value === 'Environment' && isId(T[k + 3], 'with_prefix')) || (t.value === 'Env' && isId(T[k + 3], 'prefixed'))) && isP(T[k + 1], ':') && isP(T[k + 2], ':') && isP(T[k + 4], '(') && isStr(T[k + 5]) && isP(T[k + 6], ')')) {
      const loader = t.value === 'Env' ? 'figment' : 'config';
      found = { prefix: T[k + 5].value, separator: null, prefixSep: null, line: t.line, loader };
      // The builder chain that follows: `.separator("__")`, `.prefix_separator("_")`, `.split("__")`.
      for (let b = k + 7; b + 3 < n && b < k + 60 && isP(T[b], '.'); ) {
        const m = T[b + 1];
        if (!isId(m) || !isP(T[b + 2], '(')) break;
        let close = b + 3;
        while (close < n && close < b + 40 && !isP(T[close], ')')) close++;
        const arg = isStr(T[b + 3]) && close === b + 4 ? T[b + 3].value : null;
        if (arg !== null && ((loader === 'config' && m.value === 'separator') || (loader === 'figment' && m.value === 'split'))) found.separator = arg;
        if (arg !== null && loader === 'config' && m.value === 'prefix_separator') found.prefixSep = arg;
        b = close + 1;
      }
      continue;
    }
    // `ConfigFile as Configuration` in a use list.
    if (isId(T[k + 1], 'as') && isId(T[k + 2]) && /^[A-Z]/.test(t.value)) aliases.set(T[k + 2].value, t.value);
    // `let c: Settings = ….try_deserialize()?` / `.extract()?`; `.try_deserialize::<Settings>()`, `.extract::<Settings>()`.
    // Only a type named like a struct (upper-case first letter): `let n: u64 = len.try_into()?` is no root.
    if ((t.value === 'try_deserialize' || t.value === 'extract' || t.value === 'try_into') && isP(T[k - 1], '.') && root === null) {
      let ty: string | null = null;
      if (isP(T[k + 1], ':') && isP(T[k + 2], ':') && isP(T[k + 3], '<') && isId(T[k + 4])) ty = T[k + 4].value;
      else {
        // back to the `let name: Type =` of the statement (bounded)
        for (let b = k - 2; b >= 0 && b > k - 80; b--) {
          if (isP(T[b], ';') || isP(T[b], '{') || isP(T[b], '}')) break;
          if (isId(T[b], 'let') && isId(T[b + 1]) && isP(T[b + 2], ':') && isId(T[b + 3]) && isP(T[b + 4], '=')) { ty = T[b + 3].value; break; }
        }
      }
      if (ty !== null && /^[A-Z]/.test(ty)) root = ty;
    }
  }
  // (The name pattern accepts trailing `_` itself; a prefix is a short word, at most 64 characters.)
  if (!found || root === null || found.prefix.length > 64 || !/^[A-Za-z][A-Za-z0-9_]*$/.test(found.prefix)) return null;
  // Nested keys need a separator; without one only the top-level fields are settable.
  const separator = found.separator ?? '';
  const prefix = found.loader === 'figment' ? found.prefix : `${found.prefix}${found.prefixSep ?? found.separator ?? '_'}`;
  return { prefix: prefix.toUpperCase(), separator, root: aliases.get(root) ?? root, line: found.line, loader: found.loader };
}

interface RsField {
  key: string | null;
  nameTok: Token;
  /** The type's last path segment with Option<…>/Box<…> stripped, or null when composite. */
  type: string | null;
  flatten: boolean;
  skip: boolean;
}

const RS_SCALARS = new Set(['bool', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'f32', 'f64', 'char', 'String', 'PathBuf', 'Url', 'Duration', 'SocketAddr', 'IpAddr', 'Ipv4Addr', 'Ipv6Addr', 'NonZeroU16', 'NonZeroU32', 'NonZeroU64', 'NonZeroUsize']);

/** `#[serde(…)]` words of the attributes just before `k` (rename = "x" gives `rename=x`). */
function serdeAttrs(T: Token[], from: number, to: number): { derive: boolean; words: Map<string, string> } {
  const words = new Map<string, string>();
  let derive = false;
  for (let b = from; b < to; b++) {
    if (isId(T[b], 'Deserialize')) derive = true;
    if (isId(T[b], 'serde') && isP(T[b + 1], '(')) {
      for (let c = b + 2; c < to && !isP(T[c], ']'); c++) {
        if (isId(T[c])) words.set(T[c].value, isP(T[c + 1], '=') && isStr(T[c + 2]) ? T[c + 2].value : '');
      }
    }
  }
  return { derive, words };
}

/** Deserialize structs and enums of a Rust file's tokens (one forward pass; bodies read once). */
function rsItems(T: Token[]): { structs: Map<string, { fields: RsField[]; renameAll: string }>; unitEnums: Set<string> } {
  const structs = new Map<string, { fields: RsField[]; renameAll: string }>();
  const unitEnums = new Set<string>();
  const n = T.length;
  let attrStart = -1;
  for (let k = 0; k < n; k++) {
    const t = T[k];
    if (isP(t, '#') && isP(T[k + 1], '[')) { if (attrStart < 0) attrStart = k; continue; }
    if (!isId(t) || (t.value !== 'struct' && t.value !== 'enum')) {
      if (isP(t, ';') || isP(t, '}')) attrStart = -1;
      continue;
    }
    const name = T[k + 1];
    if (!isId(name) || !isP(T[k + 2], '{')) { attrStart = -1; continue; }
    const attrs = attrStart >= 0 ? serdeAttrs(T, attrStart, k) : { derive: false, words: new Map<string, string>() };
    attrStart = -1;
    // the body, split at top-level commas (angle brackets of generics count as nesting)
    const items: [number, number][] = [];
    let depth = 0;
    let angle = 0;
    let start = k + 3;
    let b = k + 2;
    for (; b < n; b++) {
      const x = T[b];
      if (isP(x, '{') || isP(x, '(') || isP(x, '[')) depth++;
      else if (isP(x, '}') || isP(x, ')') || isP(x, ']')) {
        if (--depth === 0) break;
      } else if (depth === 1 && isP(x, '<')) angle++;
      else if (depth === 1 && isP(x, '>') && angle > 0 && !isP(T[b - 1], '-')) angle--;
      else if (depth === 1 && angle === 0 && isP(x, ',')) { items.push([start, b]); start = b + 1; }
    }
    if (start < b) items.push([start, b]);
    const end = b;
    if (t.value === 'enum') {
      // an enum of unit variants is one string value
      let unit = items.length > 0;
      for (const [s, e] of items) {
        let c = s;
        while (c < e && isP(T[c], '#')) { let d = 0; for (c++; c < e; c++) { if (isP(T[c], '[')) d++; else if (isP(T[c], ']') && --d === 0) { c++; break; } } }
        if (e - c > 1 && !isP(T[c + 1], '=')) unit = false;
      }
      if (unit) unitEnums.add(name.value);
      k = end;
      continue;
    }
    if (!attrs.derive) { k = end; continue; }
    const fields: RsField[] = [];
    for (const [s, e] of items) {
      let c = s;
      const fieldAttrStart = c;
      while (c < e && isP(T[c], '#')) { let d = 0; for (c++; c < e; c++) { if (isP(T[c], '[')) d++; else if (isP(T[c], ']') && --d === 0) { c++; break; } } }
      const fa = serdeAttrs(T, fieldAttrStart, c);
      if (isId(T[c], 'pub')) { c++; if (isP(T[c], '(')) { while (c < e && !isP(T[c], ')')) c++; c++; } }
      if (!isId(T[c]) || !isP(T[c + 1], ':') || isP(T[c + 2], ':')) continue;
      const nameTok = T[c];
      let ty = T.slice(c + 2, e);
      // Option<T> / Box<T>
      while (ty.length >= 4 && isId(ty[0]) && (ty[0].value === 'Option' || ty[0].value === 'Box') && isP(ty[1], '<') && isP(ty[ty.length - 1], '>')) ty = ty.slice(2, -1);
      // a::b::T → T
      let type: string | null = null;
      if (ty.length >= 1 && isId(ty[ty.length - 1]) && ty.every((x, i) => (i % 3 === 0 ? isId(x) : isP(x, ':')))) type = ty[ty.length - 1].value;
      fields.push({ key: fa.words.has('rename') ? fa.words.get('rename')! : nameTok.value.replace(/^r#/, ''), nameTok, type, flatten: fa.words.has('flatten'), skip: fa.words.has('skip') || fa.words.has('skip_deserializing') });
    }
    structs.set(name.value, { fields, renameAll: attrs.words.get('rename_all') ?? '' });
    k = end;
  }
  return { structs, unitEnums };
}

/**
 * Env names of the fields of the Deserialize structs of a Rust file reachable from the bound
 * root struct (when the root is declared in this file), each at the token naming its field.
 * Empty when the root is not in the file.
 */
export function serdeEnvReads(T: Token[], b: { prefix: string; separator: string; root: string }, via: string): StructRead[] {
  const out: StructRead[] = [];
  const { structs, unitEnums } = rsItems(T);
  if (!structs.has(b.root)) return out;
  let budget = WALK_BUDGET;
  const walk = (struct: string, path: string[], depth: number, stack: string[]): void => {
    if (depth > 6 || stack.includes(struct)) return;
    const s = structs.get(struct)!;
    if (s.renameAll && s.renameAll !== 'snake_case' && s.renameAll !== 'lowercase') return;
    for (const f of s.fields) {
      if (--budget < 0) return;
      if (f.skip || f.key === null) continue;
      if (f.flatten) {
        if (f.type && structs.has(f.type)) walk(f.type, path, depth + 1, [...stack, struct]);
        continue;
      }
      if (!/^[a-z][a-z0-9_]*$/.test(f.key)) continue;
      const next = [...path, f.key];
      if (f.type && structs.has(f.type)) {
        if (b.separator) walk(f.type, next, depth + 1, [...stack, struct]);
        continue;
      }
      if (!f.type || !(RS_SCALARS.has(f.type) || unitEnums.has(f.type))) continue;
      if (next.length > 1 && !b.separator) continue;
      out.push({ name: (b.prefix + next.join(b.separator)).toUpperCase(), at: f.nameTok, optional: true, via });
    }
  };
  walk(b.root, [], 0, []);
  return out;
}
