import { splitLines } from './files';
import type { CNode } from './tree';
import { cutComment } from './files';

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
  // entries by key, per section: looked up, not searched (a file of 10 K keys is not 10 K² steps)
  const keys = new Map<MapNode, Map<string, [string, CNode]>>([[root, new Map()]]);
  const sections = new Map<string, MapNode>();
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
      const existing = sections.get(name);
      section = existing ?? { t: 'map', line: i + 1, entries: [] };
      if (!existing) { root.entries.push([name, section]); sections.set(name, section); keys.set(section, new Map()); }
      last = null;
      sawAny = true;
      continue;
    }
    // Keys are words (configparser allows inner spaces); `bind *:80` or `<VirtualHost *:80>` is not INI.
    const kv = /^([\w.\-/@$%]+(?: [\w.\-/@$%]+)*)\s*[=:]\s*(.*)$/.exec(t) ?? /^([\w.\-/@$%]+)$/.exec(t);
    if (!kv) return null;
    const key = kv[1].trim();
    const value = unquote(cutComment(kv[2] ?? '', ';#'));
    const prev = keys.get(section)!.get(key);
    if (prev && prev[1].t === 'val') {
      prev[1] = { t: 'seq', line: prev[1].line, items: [prev[1], { t: 'val', line: i + 1, value }] };
      last = null;
    } else if (prev && prev[1].t === 'seq') {
      prev[1].items.push({ t: 'val', line: i + 1, value });
      last = null;
    } else {
      last = [key, { t: 'val', line: i + 1, value }];
      section.entries.push(last);
      keys.get(section)!.set(key, last);
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
  const byKey = new Map<string, [string, CNode]>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';') || /^<\/?[A-Za-z][^>]*>$/.test(t)) continue;
    if (/[{}]\s*$/.test(t)) return null;
    const m = /^([A-Za-z_][\w.\-]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(t);
    if (!m) return null;
    const value = unquote(cutComment(m[2], '#'));
    const prev = byKey.get(m[1]);
    if (prev && prev[1].t === 'val') prev[1] = { t: 'seq', line: prev[1].line, items: [prev[1], { t: 'val', line: i + 1, value }] };
    else if (prev && prev[1].t === 'seq') prev[1].items.push({ t: 'val', line: i + 1, value });
    else {
      const entry: [string, CNode] = [m[1], { t: 'val', line: i + 1, value }];
      root.entries.push(entry);
      byKey.set(m[1], entry);
    }
  }
  return root.entries.length ? root : null;
}

/** Java `.properties`: `key=value`, `key: value`, `key value`; `#`/`!` comments; `\` continuations. */
export function parsePropertiesTree(text: string): CNode {
  const root: MapNode = { t: 'map', line: 1, entries: [] };
  const byKey = new Map<string, CNode>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    let t = lines[i].trimStart();
    if (t === '' || t.startsWith('#') || t.startsWith('!')) continue;
    const start = i + 1;
    if (oddTrailingBackslashes(t)) {
      const parts = [t.slice(0, -1)];
      while (i + 1 < lines.length) {
        const next = lines[++i].trimStart();
        if (!oddTrailingBackslashes(next)) { parts.push(next); break; }
        parts.push(next.slice(0, -1));
      }
      t = parts.join('');
    }
    const m = /^((?:\\.|[^=:\s\\])+)\s*(?:[=:]\s*|\s+|$)([\s\S]*)$/.exec(t);
    if (!m) continue;
    const key = m[1].replace(/\\(.)/g, '$1');
    // Last one wins in java.util.Properties (and moves to the end, as before).
    byKey.delete(key);
    byKey.set(key, { t: 'val', line: start, value: m[2].trimEnd() });
  }
  root.entries = [...byKey];
  return root;
}

/** `.env` files: `KEY=value`, `export KEY=value`, quoted values, `#` comments. */
export function parseEnvTree(text: string): CNode {
  const root: MapNode = { t: 'map', line: 1, entries: [] };
  const byKey = new Map<string, CNode>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*([\s\S]*)$/.exec(t);
    if (!m) continue;
    let v = m[2];
    const q = /^(["'`])(.*)\1\s*(#.*)?$/.exec(v);
    v = q ? q[2] : cutComment(v, '#');
    // the last assignment wins and moves to the end (a Map, not a search per line)
    byKey.delete(m[1]);
    byKey.set(m[1], { t: 'val', line: i + 1, value: v });
  }
  root.entries = [...byKey];
  return root;
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]) : v;
}

/** True when `t` ends with an odd number of backslashes (a continued line). Counted, not matched: `(\\\\)*\\$` is quadratic on a run of backslashes. */
function oddTrailingBackslashes(t: string): boolean {
  let k = t.length;
  while (k > 0 && t.charCodeAt(k - 1) === 92) k--;
  return (t.length - k) % 2 === 1;
}
