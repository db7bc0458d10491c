/**
 * Env names a release's own notes introduce (issue 11). Whatever turns a setting into an
 * env name (a config library's prefix and separator, a schema, a shell default, an
 * entrypoint), the project's changelog, upgrade notes and change fragments name the new
 * variable when they add it: "introduced new configuration parameters: `EMQX_RPC__CIPHERS`",
 * ".. envvar:: MAX_RECV", "Add `ANYCABLE_REDIS_TLS_VERIFY` setting", "A new environment
 * variable `CORS_ENABLED`". This reads the added lines of those documents; the engine keeps
 * a name only when the base named it nowhere (see AnalysisSession.envPass).
 *
 * One pass over each line, no regular expression over the line: linear in its length.
 */
import type { EnvLine, EnvRef } from './env';

/** The `via` of a name found here: the finding says where it was read from. */
export const ANNOUNCED_VIA = "announced in the repository's own release documentation";

/**
 * The release's own notes kept in the repository: changelogs, upgrade notes, news files and
 * the folders of per-change fragments (towncrier, changesets, reno, `changes/`). Reference
 * pages (a README, a configuration page) are not: they describe every setting, old or new,
 * and a rewrite of one would announce them all.
 */
export function isReleaseDocPath(path: string): boolean {
  const parts = path.toLowerCase().split('/');
  const b = parts[parts.length - 1];
  const ext = /\.(md|mdx|markdown|rst|adoc|asciidoc|txt|ya?ml)$/.exec(b)?.[1] ?? (b.includes('.') ? null : '');
  if (ext == null || parts.includes('.github')) return false;
  if (/^(changelog|changes|news|history|upgrad(e|ing)|release[-_]?notes?|whats[-_]?new)([._-]|$)/.test(b)) return ext !== 'yml' && ext !== 'yaml';
  for (let i = 0; i < parts.length - 1; i++) {
    if (/^release[-_]?notes$/.test(parts[i])) return true; // reno's notes are YAML
    if (ext !== 'yml' && ext !== 'yaml' && /^(changes|changelogs?|changelog\.d|newsfragments|\.changeset|upgrad(e|ing)|news|releases)$/.test(parts[i])) return true;
  }
  return false;
}

/** Words on the line that say a name is a setting. `strong`: it says environment. */
const STRONG = /\b(environment|env[ -]?vars?|envvars?)\b/i;
const WEAK = /\b(variables?|settings?|parameters?|options?)\b/i;

const MAX_LINE = 4000;

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isWordChar(c: number): boolean {
  return isNameChar(c) || (c >= 97 && c <= 122);
}

/** UPPER_SNAKE with at least one underscore between upper-case letters or digits, starting with a letter. */
function envLike(w: string): boolean {
  if (w.length < 4) return false;
  const first = w.charCodeAt(0);
  if (first < 65 || first > 90 || w.endsWith('_')) return false;
  let under = false;
  let letters = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 95) under = true;
    else if (c >= 65 && c <= 90) letters++;
  }
  return under && letters >= 3;
}

/**
 * Names one added line of a document announces: an upper-case name with an underscore that
 * the line marks as code (`NAME`, **NAME**, $NAME, ${NAME}, NAME=value) on a line that calls
 * it a setting (variable, setting, parameter, option; any name on a line that says
 * environment), and any name of reStructuredText's `:envvar:` role or `.. envvar::` directive.
 */
export function announcedEnvNames(text: string): string[] {
  const t = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
  const trimmed = t.trimStart();
  const directive = trimmed.startsWith('.. envvar::');
  const role = t.includes(':envvar:');
  const strong = STRONG.test(t);
  const weak = strong || WEAK.test(t);
  const out: string[] = [];
  const n = t.length;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(t.charCodeAt(i))) i++;
    const w = t.slice(start, i);
    const before = start > 0 ? t[start - 1] : '';
    const after = i < n ? t[i] : '';
    if (!envLike(w)) {
      if (directive && w.length >= 2 && /^[A-Z][A-Z0-9_]*$/.test(w) && start >= t.length - trimmed.length + 11) out.push(w);
      continue;
    }
    // part of a path, a URL, a dotted or dashed identifier: not a name of its own
    if (before === '.' || before === '/' || before === '-' || after === '/' || (after === '.' && i + 1 < n && isWordChar(t.charCodeAt(i + 1)))) continue;
    const marked = before === '`' || before === '*' || before === '$' || before === '{' || after === '`' || after === '*';
    const assigned = after === '=' && t[i + 1] !== '=';
    if (directive || role) out.push(w);
    else if (assigned && (marked || start === 0 || before === ' ' || before === '\t' || before === '"' || before === "'")) out.push(w);
    else if (marked ? weak : strong) out.push(w);
  }
  return [...new Set(out)];
}

/** Env refs (declarations) of the added lines of a release document. */
export function announcedEnvRefs(lines: Iterable<EnvLine>): EnvRef[] {
  const out: EnvRef[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    for (const name of announcedEnvNames(l.text)) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, line: l.at ?? l.line, kind: 'declare', via: ANNOUNCED_VIA });
    }
  }
  return out;
}
