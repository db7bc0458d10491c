import type { Change, Finding } from '../types';

/**
 * Operator config templates (issue 11): example/default configs, nginx/Apache/Caddy/systemd
 * units, Helm values that operators copy and keep. A change they must merge is a config
 * action naming the keys: a key added or removed, a default changed. Comment-only and
 * reformat-only edits (same keys, same values) are nothing to do.
 *
 * Keys are read line by line in the common shapes (`key = v`, `key: v`, `'key' => v`,
 * `KEY=v`, `$config['key'] = v`, `define('KEY', v)`, nginx `directive args;`): a linear
 * scan per line, no regex with adjacent unbounded quantifiers over the same characters.
 */

interface Entry {
  key: string;
  value: string;
  line: number;
}

const COMMENT = /^\s*(?:#|\/\/|;|--|\/\*|\*|<!--|%)/;

/** The key and value a config line sets, or null (comments, blanks, brackets). */
export function keyOfLine(text: string): { key: string; value: string } | null {
  if (text.length > 2000 || COMMENT.test(text) || !text.trim()) return null;
  const t = text.trim();
  let m = /^define\(\s*['"]([\w.-]+)['"]\s*,\s*(.*?)\)\s*;?$/.exec(t);
  if (m) return { key: m[1], value: m[2] };
  m = /^\$\w+((?:\[\s*['"][\w.-]+['"]\s*\])+)\s*=\s*(.*?);?$/.exec(t);
  if (m) return { key: [...m[1].matchAll(/['"]([\w.-]+)['"]/g)].map((x) => x[1]).join('.'), value: m[2] };
  m = /^['"]([\w.-]+)['"]\s*=>\s*(.*?),?$/.exec(t);
  if (m) return { key: m[1], value: m[2] };
  m = /^(?:export\s+)?['"]?([A-Za-z_][\w.-]*)['"]?\s*[:=]\s?(.*)$/.exec(t);
  if (m && !/^[:=]/.test(m[2])) return { key: m[1], value: m[2].replace(/[,;]\s*$/, '').trim() };
  // nginx/Apache/Caddy directive: `name args;`
  m = /^([a-z_][\w-]*)\s+([^{}]*?);?$/.exec(t);
  if (m && !/^(if|else|for|return|location|server|upstream)$/.test(m[1])) return { key: m[1], value: m[2] };
  return null;
}

/** `config-key-*` / `default-changed` findings of a changed operator template. */
export function templateFindings(change: Change, evidence: string): Finding[] {
  const added: Entry[] = [];
  const removed: Entry[] = [];
  for (const h of change.hunks) {
    h.added.forEach((t, i) => {
      const k = keyOfLine(t);
      if (k) added.push({ ...k, line: h.newStart + i });
    });
    h.removed.forEach((t) => {
      const k = keyOfLine(t);
      if (k) removed.push({ ...k, line: Math.max(1, h.newStart) });
    });
  }
  const before = new Map<string, Entry[]>();
  for (const e of removed) (before.get(e.key) ?? before.set(e.key, []).get(e.key)!).push(e);
  const after = new Map<string, Entry[]>();
  for (const e of added) (after.get(e.key) ?? after.set(e.key, []).get(e.key)!).push(e);
  const isDefault = /\.default\.|(^|\/)defaults?\//.test(change.path);
  const out: Finding[] = [];
  const why = `; ${evidence}`;
  // Renamed (`conf.ini.sample` → `conf.sample.php`): the copies operators made from it are
  // named after the old file, and the new version reads the new one.
  if (change.status === 'renamed' && change.oldPath && !change.copied && change.oldPath !== change.path) {
    out.push({ kind: 'config-value-changed', subject: change.oldPath, severity: 'warning', message: `operator template renamed from \`${change.oldPath}\`: rename or convert the copies deployed from it${why}` });
  }
  for (const [key, list] of after) {
    const old = before.get(key);
    const e = list[0];
    if (!old) {
      out.push({ kind: 'config-key-added', subject: key, line: e.line, severity: 'warning', message: `operator template gains key \`${key}\`: merge it into deployed copies${why}` });
      continue;
    }
    const norm = (v: string) => v.replace(/\s+/g, ' ').replace(/['"]/g, '').trim();
    if (norm(old[0].value) !== norm(e.value)) {
      out.push(
        isDefault
          ? { kind: 'default-changed', subject: key, line: e.line, severity: 'warning', message: `default of \`${key}\` changes from ${clip(old[0].value)} to ${clip(e.value)}${why}` }
          : { kind: 'config-value-changed', subject: key, line: e.line, severity: 'info', message: `example value of \`${key}\` changes from ${clip(old[0].value)} to ${clip(e.value)}${why}` },
      );
    }
  }
  for (const [key, list] of before) {
    if (after.has(key)) continue;
    out.push({ kind: 'config-key-removed', subject: key, line: list[0].line, severity: 'warning', message: `operator template drops key \`${key}\`: remove or rename it in deployed copies${why}` });
  }
  return out.slice(0, 100);
}

function clip(v: string): string {
  const t = v.trim();
  return `\`${t.length > 40 ? `${t.slice(0, 40)}…` : t || '(empty)'}\``;
}
