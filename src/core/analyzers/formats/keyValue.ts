import { splitLines } from './files';
import type { CNode } from './tree';

type MapNode = CNode & { t: 'map' };

/**
 * INI / `.cfg` / `.conf` / systemd units: `[section]` headers, `key = value` or
 * `key: value`, `;` and `#` comments, indented continuation lines (configparser). A
 * key repeated in one section (systemd `Environment=`) becomes a list.
 */
export function parseIniTree(text: string): CNode | null {
  const root: MapNode = { t: 'map', line: 1, entries: [] };
  let section: MapNode = root;
  let last: [string, CNode] | null = null;
  let sawAny = false;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const t = raw.trim();
    if (t === '' || t.startsWith(';') || t.startsWith('#')) {
      if (t === '') last = null;
      continue;
    }
    if (last && /^\s/.test(raw) && last[1].t === 'val') {
      last[1].value = `${String(last[1].value)}\n${t}`;
      continue;
    }
    const sec = /^\[([^\]]+)\]\s*([;#].*)?$/.exec(t);
    if (sec) {
      const name = sec[1].trim();
      const existing = root.entries.find(([k, v]) => k === name && v.t === 'map');
      section = existing ? (existing[1] as MapNode) : { t: 'map', line: i + 1, entries: [] };
      if (!existing) root.entries.push([name, section]);
      last = null;
      sawAny = true;
      continue;
    }
    // Keys are words (configparser allows inner spaces); `bind *:80` or `<VirtualHost *:80>` is not INI.
    const kv = /^([\w.\-/@$%]+(?: [\w.\-/@$%]+)*)\s*[=:]\s*(.*)$/.exec(t) ?? /^([\w.\-/@$%]+)$/.exec(t);
    if (!kv) return null;
    const key = kv[1].trim();
    const value = unquote((kv[2] ?? '').replace(/\s+[;#].*$/, '').trim());
    const prev = section.entries.find(([k]) => k === key);
    if (prev && prev[1].t === 'val') {
      prev[1] = { t: 'seq', line: prev[1].line, items: [prev[1], { t: 'val', line: i + 1, value }] };
      last = null;
    } else if (prev && prev[1].t === 'seq') {
      prev[1].items.push({ t: 'val', line: i + 1, value });
      last = null;
    } else {
      last = [key, { t: 'val', line: i + 1, value }];
      section.entries.push(last);
    }
    sawAny = true;
  }
  return sawAny ? root : null;
}

/**
 * Directive files (`redis.conf`, `postgresql.conf`, `pg_hba.conf`, `haproxy.cfg`,
 * Apache's `Listen 80`): `name value…` or `name = value` per line, `#` comments. Block
 * tags (`<VirtualHost>`) are skipped and sections flatten; a repeated directive becomes a
 * list. Null for brace-block formats (nginx, Caddy, HOCON), which this cannot read.
 */
export function parseDirectiveTree(text: string): CNode | null {
  const root: MapNode = { t: 'map', line: 1, entries: [] };
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';') || /^<\/?[A-Za-z][^>]*>$/.test(t)) continue;
    if (/[{}]\s*$/.test(t)) return null;
    const m = /^([A-Za-z_][\w.\-]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(t);
    if (!m) return null;
    const value = unquote(m[2].replace(/\s+#.*$/, '').trim());
    const prev = root.entries.find(([k]) => k === m[1]);
    if (prev && prev[1].t === 'val') prev[1] = { t: 'seq', line: prev[1].line, items: [prev[1], { t: 'val', line: i + 1, value }] };
    else if (prev && prev[1].t === 'seq') prev[1].items.push({ t: 'val', line: i + 1, value });
    else root.entries.push([m[1], { t: 'val', line: i + 1, value }]);
  }
  return root.entries.length ? root : null;
}

/**
 * Java `.properties` as `java.util.Properties.load` reads them: `key=value`, `key: value`,
 * `key value`; `#`/`!` comments; a line ending in an odd number of `\\` continues on the
 * next (whose indentation is dropped); `\\uXXXX`, `\\t`, `\\n`, `\\r`, `\\f` escapes, and any
 * other escaped character (`\\=`, `\\:`, `\\ `) stands for itself, in keys and values. A
 * repeated key: the last one wins. Linear in the text.
 */
export function parsePropertiesTree(text: string): CNode {
  const byKey = new Map<string, CNode>();
  const n = text.length;
  /** End of the line starting at `p` (before `\r\n` / `\n`) and the start of the next. */
  const lineAt = (p: number): [number, number] => {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    return [e > p && text[e - 1] === '\r' ? e - 1 : e, e + 1];
  };
  let line = 0;
  for (let pos = 0; pos < n; ) {
    line++;
    let s = skipPropsSpace(text, pos, n);
    let [end, next] = lineAt(pos);
    pos = next;
    if (s >= end || text[s] === '#' || text[s] === '!') continue;
    const start = line;
    let logical = '';
    while (oddTrailingBackslashes(text, s, end)) {
      logical += text.slice(s, end - 1);
      if (pos >= n) {
        s = end;
        break;
      }
      line++;
      s = skipPropsSpace(text, pos, n);
      [end, next] = lineAt(pos);
      pos = next;
      if (s > end) s = end;
    }
    logical += text.slice(s, end);
    let k = 0;
    while (k < logical.length && !isPropsSeparator(logical[k])) k += logical[k] === '\\' ? 2 : 1;
    const key = unescapeProps(logical.slice(0, Math.min(k, logical.length)));
    let v = k;
    while (v < logical.length && isPropsSpace(logical[v])) v++;
    if (logical[v] === '=' || logical[v] === ':') v++;
    while (v < logical.length && isPropsSpace(logical[v])) v++;
    byKey.delete(key);
    byKey.set(key, { t: 'val', line: start, value: unescapeProps(logical.slice(v)).trimEnd() });
  }
  return { t: 'map', line: 1, entries: [...byKey] };
}

function skipPropsSpace(text: string, p: number, n: number): number {
  while (p < n && isPropsSpace(text[p])) p++;
  return p;
}

function oddTrailingBackslashes(text: string, from: number, end: number): boolean {
  let c = 0;
  for (let i = end - 1; i >= from && text[i] === '\\'; i--) c++;
  return c % 2 === 1;
}

const isPropsSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\f';
const isPropsSeparator = (c: string): boolean => c === '=' || c === ':' || isPropsSpace(c);

const PROPS_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescapeProps(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === undefined) break;
    if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += PROPS_ESCAPES[e] ?? e;
  }
  return out;
}

/** One `KEY=value` of a `.env` file: `line` is where it starts, `endLine` where its value ends. */
export interface DotenvEntry {
  key: string;
  value: string;
  line: number;
  endLine: number;
}

const DOTENV_KEY = /^[ \t]*(?:export[ \t]+)?([\w.-]+)(?:[ \t]*=|:[ \t])/;

/**
 * `.env` files as `dotenv` parses them: `KEY=value`, `export KEY=value`, `KEY: value`;
 * values in `'`, `"` or `` ` `` may span lines (the lines inside are part of the value, never
 * keys), `\n`/`\r` are expanded inside `"…"` only, a quote is closed by the first unescaped
 * one followed by nothing but a comment; unquoted values are trimmed. One deliberate
 * difference: `#` starts a comment in an unquoted value only at its start or after
 * whitespace (as Docker Compose and python-dotenv read it), so `COLOR=#fff` and `a#b` are
 * values. Lines that are not entries are skipped. Linear: each quote search resumes where
 * the previous one for that quote ended.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  const out: DotenvEntry[] = [];
  const n = text.length;
  /** Per quote character: the first unescaped one at or after the last search start. */
  const found = new Map<string, number>();
  const closing = (q: string, from: number): number => {
    let c = found.get(q);
    if (c === undefined || c < from) {
      c = from;
      while (c < n && !(text[c] === q && text[c - 1] !== '\\')) c++;
      found.set(q, c);
    }
    return c;
  };
  let pos = 0;
  let line = 1;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const m = DOTENV_KEY.exec(text.slice(pos, eol));
    if (m) {
      let vs = pos + m[0].length;
      while (vs < eol && (text[vs] === ' ' || text[vs] === '\t')) vs++;
      const q = text[vs];
      let done = false;
      if (q === '"' || q === "'" || q === '`') {
        const c = closing(q, vs + 1);
        if (c < n) {
          let t = c + 1;
          while (t < n && (text[t] === ' ' || text[t] === '\t' || text[t] === '\r')) t++;
          let end = text.indexOf('\n', t);
          if (end < 0) end = n;
          if (t === end || text[t] === '#') {
            let value = text.slice(vs + 1, c);
            let lines = 0;
            for (let i = vs + 1; i < c; i++) if (text.charCodeAt(i) === 10) lines++;
            if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
            out.push({ key: m[1], value, line, endLine: line + lines });
            line += lines;
            eol = end;
            done = true;
          }
        }
      }
      if (!done) {
        let v = text.slice(vs, eol).replace(/\r$/, '');
        const hash = v.startsWith('#') ? 0 : v.search(/[ \t]#/);
        if (hash >= 0) v = v.slice(0, hash);
        v = v.trim();
        const uq = /^(["'`])([\s\S]*)\1$/.exec(v);
        out.push({ key: m[1], value: uq ? uq[2] : v, line, endLine: line });
      }
    }
    pos = eol + 1;
    line++;
  }
  return out;
}

/** `.env` files (see `parseDotenv`); a repeated key: the last one wins, as in `dotenv`. */
export function parseEnvTree(text: string): CNode {
  const byKey = new Map<string, CNode>();
  for (const e of parseDotenv(text)) {
    byKey.delete(e.key);
    byKey.set(e.key, { t: 'val', line: e.line, value: e.value });
  }
  return { t: 'map', line: 1, entries: [...byKey] };
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]) : v;
}
