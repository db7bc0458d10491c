/**
 * A small GraphQL SDL reader: type system definitions with the line of each type,
 * field, argument and enum value. Descriptions, directives and default values are
 * skipped; executable documents (queries) yield nothing.
 */

export interface GqlArg {
  name: string;
  type: string;
  hasDefault: boolean;
  line: number;
}

export interface GqlField {
  name: string;
  type: string;
  line: number;
  args: Map<string, GqlArg>;
  hasDefault: boolean;
}

export interface GqlType {
  kind: 'type' | 'interface' | 'input' | 'enum' | 'union' | 'scalar';
  name: string;
  line: number;
  fields: Map<string, GqlField>;
  /** Enum values or union members. */
  members: Map<string, number>;
}

interface Tok {
  v: string;
  line: number;
  str?: boolean;
}

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNamePart = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `[0-9.eE+-]`: the characters of a number's tail. */
const isNumberPart = (c: number): boolean => isDigit(c) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;

/** Character codes, not a regular expression per character: one pass, cost linear in the text. */
function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const n = src.length;
  let line = 1;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 44 || c === 0xfeff) i++;
    else if (c === 35 /* # */) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === 34 && src.charCodeAt(i + 1) === 34 && src.charCodeAt(i + 2) === 34) {
      // A block string ends at the first `"""` that is not the escaped `\"""`.
      let end = i + 3;
      while (end < n && !src.startsWith('"""', end)) end += src.startsWith('\\"""', end) ? 4 : 1;
      const stop = Math.min(n, end + 3);
      for (let k = i; k < stop; k++) if (src.charCodeAt(k) === 10) line++;
      toks.push({ v: '""', line, str: true });
      i = stop;
    } else if (c === 34) {
      let k = i + 1;
      while (k < n && src.charCodeAt(k) !== 34 && src.charCodeAt(k) !== 10) k += src.charCodeAt(k) === 92 ? 2 : 1;
      toks.push({ v: '""', line, str: true });
      i = k + 1;
    } else if (isNameStart(c)) {
      let k = i + 1;
      while (k < n && isNamePart(src.charCodeAt(k))) k++;
      toks.push({ v: src.slice(i, k), line });
      i = k;
    } else if (c === 45 || isDigit(c)) {
      let k = i + 1;
      while (k < n && isNumberPart(src.charCodeAt(k))) k++;
      toks.push({ v: src.slice(i, k), line });
      i = k;
    } else if (c === 46 && src.charCodeAt(i + 1) === 46 && src.charCodeAt(i + 2) === 46) {
      toks.push({ v: '...', line });
      i += 3;
    } else {
      toks.push({ v: src[i]!, line });
      i++;
    }
  }
  return toks;
}

const DEF_KEYWORDS = new Set(['type', 'interface', 'input', 'enum', 'union', 'scalar', 'schema', 'directive', 'extend']);

/** Parses SDL; null when the text does not look like a schema (e.g. a query document or garbage). */
export function parseGraphql(src: string): Map<string, GqlType> | null {
  const t = tokenize(src);
  let p = 0;
  const types = new Map<string, GqlType>();
  const peek = (o = 0) => t[p + o]?.v;
  const skipBalanced = (open: string, close: string) => {
    let depth = 0;
    do {
      if (t[p]?.v === open) depth++;
      else if (t[p]?.v === close) depth--;
      p++;
    } while (p < t.length && depth > 0);
  };
  const skipDirectives = () => {
    while (peek() === '@') {
      p += 2;
      if (peek() === '(') skipBalanced('(', ')');
    }
  };
  const skipValue = () => {
    if (peek() === '{') skipBalanced('{', '}');
    else if (peek() === '[') skipBalanced('[', ']');
    else p++;
  };
  const readType = (): string => {
    let s = '';
    if (peek() === '[') {
      p++;
      s = `[${readType()}]`;
      if (peek() === ']') p++;
    } else s = t[p++]?.v ?? '';
    if (peek() === '!') {
      p++;
      s += '!';
    }
    return s;
  };
  const readArgs = (): Map<string, GqlArg> => {
    const args = new Map<string, GqlArg>();
    if (peek() !== '(') return args;
    p++;
    while (p < t.length && peek() !== ')') {
      while (t[p]?.str) p++;
      const name = t[p];
      if (!name || peek(1) !== ':') {
        p++;
        continue;
      }
      p += 2;
      const type = readType();
      let hasDefault = false;
      if (peek() === '=') {
        p++;
        skipValue();
        hasDefault = true;
      }
      skipDirectives();
      args.set(name.v, { name: name.v, type, hasDefault, line: name.line });
    }
    p++;
    return args;
  };
  let sawDefinition = false;
  while (p < t.length) {
    while (t[p]?.str) p++;
    if (p >= t.length) break;
    let kw = peek();
    if (kw === 'extend') {
      p++;
      kw = peek();
    }
    if (kw === 'query' || kw === 'mutation' || kw === 'subscription' || kw === 'fragment' || kw === '{') return sawDefinition ? types : null;
    if (!kw || !DEF_KEYWORDS.has(kw)) {
      p++;
      continue;
    }
    sawDefinition = true;
    p++;
    if (kw === 'schema') {
      skipDirectives();
      if (peek() === '{') skipBalanced('{', '}');
      continue;
    }
    if (kw === 'directive') {
      p += 2; // @ name
      if (peek() === '(') skipBalanced('(', ')');
      if (peek() === 'repeatable') p++;
      if (peek() === 'on') {
        p++;
        while (peek() === '|' || (t[p] && /^[A-Z_]+$/.test(t[p].v) && !DEF_KEYWORDS.has(t[p].v))) p++;
      }
      continue;
    }
    const nameTok = t[p++];
    if (!nameTok) break;
    const kind = kw as GqlType['kind'];
    const ty: GqlType = types.get(nameTok.v) ?? { kind, name: nameTok.v, line: nameTok.line, fields: new Map(), members: new Map() };
    types.set(ty.name, ty);
    if (peek() === 'implements') {
      p++;
      while (peek() === '&' || (t[p] && /^[A-Za-z_]/.test(t[p].v) && peek() !== '{' && peek() !== '@' && !DEF_KEYWORDS.has(t[p].v))) p++;
    }
    skipDirectives();
    if (kind === 'union') {
      if (peek() === '=') {
        p++;
        while (p < t.length && (peek() === '|' || (/^[A-Za-z_]/.test(t[p].v) && !DEF_KEYWORDS.has(t[p].v)))) {
          if (peek() !== '|') ty.members.set(t[p].v, t[p].line);
          p++;
        }
      }
      continue;
    }
    if (peek() !== '{') continue;
    p++;
    while (p < t.length && peek() !== '}') {
      while (t[p]?.str) p++;
      const tok = t[p];
      if (!tok || tok.v === '}') break;
      if (kind === 'enum') {
        ty.members.set(tok.v, tok.line);
        p++;
        skipDirectives();
        continue;
      }
      p++;
      const args = readArgs();
      if (peek() !== ':') continue;
      p++;
      const type = readType();
      let hasDefault = false;
      if (peek() === '=') {
        p++;
        skipValue();
        hasDefault = true;
      }
      skipDirectives();
      ty.fields.set(tok.v, { name: tok.v, type, line: tok.line, args, hasDefault });
    }
    p++;
  }
  return sawDefinition ? types : null;
}
