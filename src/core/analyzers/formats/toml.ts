import { parse } from 'smol-toml';
import { splitLines } from './files';
import { fromPlain, type CNode } from './tree';

/** Parses TOML with smol-toml and attaches key lines found by a line scan. Null on a syntax error. */
export function parseTomlTree(text: string): CNode | null {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return null;
  }
  const lines = tomlKeyLines(text);
  return fromPlain(value, (path) => lines.get(path.join('\0')));
}

/** Splits a dotted TOML key (`a."b.c".d`) into segments. */
export function splitTomlKey(key: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const c of key.trim()) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '.') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/**
 * Line of every table header and key (path segments joined by NUL; array-of-tables
 * elements by their index), skipping multi-line strings and arrays.
 */
export function tomlKeyLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const arrayIndex = new Map<string, number>();
  let table: string[] = [];
  let inString: string | null = null;
  let depth = 0;
  const lines = splitLines(text);
  const resolve = (segs: string[]): string[] => {
    const res: string[] = [];
    for (const s of segs) {
      res.push(s);
      const idx = arrayIndex.get(res.join('\0'));
      if (idx !== undefined) res.push(String(idx));
    }
    return res;
  };
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (inString) {
      if (l.includes(inString)) inString = null;
      continue;
    }
    if (depth > 0) {
      depth += bracketDelta(l);
      continue;
    }
    l = l.trim();
    if (l === '' || l.startsWith('#')) continue;
    let m = /^\[\[\s*([^\]]+?)\s*\]\]/.exec(l);
    if (m) {
      const segs = splitTomlKey(m[1]);
      const parent = resolve(segs.slice(0, -1));
      const key = [...parent, segs[segs.length - 1]].join('\0');
      const idx = (arrayIndex.get(key) ?? -1) + 1;
      arrayIndex.set(key, idx);
      // Forget indexes of arrays nested in the previous element.
      for (const k of [...arrayIndex.keys()]) if (k.startsWith(`${key}\0`)) arrayIndex.delete(k);
      table = [...parent, segs[segs.length - 1], String(idx)];
      if (!out.has(key)) out.set(key, i + 1);
      out.set(table.join('\0'), i + 1);
      continue;
    }
    m = /^\[\s*([^\]]+?)\s*\]/.exec(l);
    if (m) {
      table = resolve(splitTomlKey(m[1]));
      for (let k = 1; k <= table.length; k++) {
        const p = table.slice(0, k).join('\0');
        if (!out.has(p)) out.set(p, i + 1);
      }
      continue;
    }
    m = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-.\s])+?)\s*=\s*(.*)$/.exec(l);
    if (!m) continue;
    const segs = splitTomlKey(m[1]);
    for (let k = 1; k <= segs.length; k++) {
      const p = [...table, ...segs.slice(0, k)].join('\0');
      if (!out.has(p)) out.set(p, i + 1);
    }
    const rest = m[2];
    const triple = /^("""|''')/.exec(rest);
    if (triple && rest.indexOf(triple[1], 3) < 0) inString = triple[1];
    else if (rest.startsWith('[') || rest.startsWith('{')) depth = Math.max(0, bracketDelta(rest));
  }
  return out;
}

/** Net count of opening minus closing brackets outside strings and comments. */
function bracketDelta(line: string): number {
  let d = 0;
  let q: string | null = null;
  for (const c of line) {
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#') break;
    else if (c === '[' || c === '{') d++;
    else if (c === ']' || c === '}') d--;
  }
  return d;
}
