import type { TemplateKind } from '../profile/types';
import type { Change, Finding } from '../types';
import { isCommentOrBlank } from './comments';
import { capFindings } from './configKeys';
import { diffFlat, flatten, parseConfig } from './formats/config';
import { oldToNewLine } from './formats/lines';

/** Kinds the profile's reading wins for even where a pack rule knows the file (config.file, nginx.config). */
export const TEMPLATE_OVER_PACK: ReadonlySet<TemplateKind> = new Set<TemplateKind>(['example', 'default', 'shipped', 'installed', 'overridden', 'nginx', 'apache', 'caddy']);
/** Kinds read as whole files (comment blocks, repeated directives, top-level settings), not hunk lines. */
export const WHOLE_FILE_TEMPLATES: ReadonlySet<TemplateKind> = new Set<TemplateKind>(['shipped', 'installed', 'overridden', 'nginx', 'apache', 'caddy']);

/** The findings of a changed operator template of the profile's `kind`. */
export function operatorTemplateFindings(change: Change, kind: TemplateKind | undefined, oldText: string | null, newText: string | null, evidence: string): Finding[] {
  // A script named like a template (`appctl.template`, `run.sh.example`) is code the build fills in, not settings operators merge.
  if (isScript(newText) || isScript(oldText)) return [];
  if (kind === 'overridden') return overriddenDefaultsFindings(change, oldText, newText, evidence);
  // Read key by key: a config a release manifest installs, and a standalone `default.yaml` operators copy
  // (not `app.default.yml`, the defaults the application loads under the operator's overrides).
  if (kind === 'installed' || (kind === 'default' && /^defaults?\.[a-z]+$/i.test(change.path.slice(change.path.lastIndexOf('/') + 1)))) {
    const keyed = keyedConfigFindings(change, kind, oldText, newText, evidence);
    if (keyed) return keyed;
  }
  if (kind === 'shipped' || kind === 'installed') return shippedConfigFindings(change, oldText, newText, evidence);
  if ((kind === 'nginx' || kind === 'apache' || kind === 'caddy') && newText != null) return proxyTemplateFindings(change, oldText, newText, evidence);
  return templateFindings(change, evidence, kind);
}

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
export function templateFindings(change: Change, evidence: string, kind?: TemplateKind): Finding[] {
  // A key an existing example or default config gains is optional; a new file or a unit (systemd, Helm values) is installed as it is.
  const optionalAdds = change.status === 'modified' && (kind === 'example' || kind === 'default');
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
  if (change.status === 'renamed' && change.oldPath && !change.copied && change.oldPath !== change.path) out.push(renameFinding(change.oldPath, change.path, why));
  for (const [key, list] of after) {
    const old = before.get(key);
    const e = list[0];
    if (!old) {
      // A key the template gains comes with its example value: a new optional setting (issue 11), listed, no note required.
      out.push(
        optionalAdds
          ? { kind: 'config-key-added', subject: key, line: e.line, severity: 'info', message: `operator template gains key \`${key}\` with an example value: an optional new setting${why}` }
          : { kind: 'config-key-added', subject: key, line: e.line, severity: 'warning', message: `operator template gains key \`${key}\`: merge it into deployed copies${why}` },
      );
      continue;
    }
    const norm = (v: string) => v.replace(/\s+/g, ' ').replace(/['"]/g, '').trim();
    if (norm(old[0].value) !== norm(e.value)) {
      const raised = versionRaised(key, old[0].value, e.value, why);
      out.push(
        raised
          ? raised
          : isDefault
          ? { kind: 'default-changed', subject: key, line: e.line, severity: 'warning', message: `default of \`${key}\` changes from ${clip(old[0].value)} to ${clip(e.value)}${why}` }
          : { kind: 'config-value-changed', subject: key, line: e.line, severity: 'info', message: `example value of \`${key}\` changes from ${clip(old[0].value)} to ${clip(e.value)}${why}` },
      );
    }
  }
  for (const [key, list] of before) {
    if (after.has(key)) continue;
    out.push({ kind: 'config-key-removed', subject: key, line: list[0].line, severity: 'warning', message: `${DROPS_KEY}\`${key}\`: remove or rename it in deployed copies${why}` });
  }
  return out.slice(0, 100);
}

/**
 * A renamed template. The copy operators deploy is named after the template without its marker
 * (`x.conf.sample` → `x.conf`): a rename that moves only the marker (`addressbook.conf.sample` →
 * `addressbook.sample.conf`, LDAP Account Manager) or makes the template a build input
 * (`upssched.conf.sample` → `upssched.conf.sample.in`, NUT) leaves that name as it was: nothing
 * to rename, listed as info. A rename that changes it (`conf.ini.sample` → `conf.sample.php`) is a warning.
 */
function renameFinding(oldPath: string, path: string, why: string): Finding {
  const deployed = deployedName(path);
  if (deployed !== null && deployed === deployedName(oldPath)) {
    return { kind: 'config-value-changed', subject: oldPath, severity: 'info', message: `operator template renamed from \`${oldPath}\`; the copy deployed from it keeps its name \`${deployed}\`${why}` };
  }
  return { kind: 'config-value-changed', subject: oldPath, severity: 'warning', message: `operator template renamed from \`${oldPath}\`: rename or convert the copies deployed from it${why}` };
}

/** Dot-separated name parts that mark a template rather than the file operators deploy. */
const TEMPLATE_PART = new Set(['example', 'examples', 'sample', 'samples', 'dist', 'template', 'tmpl', 'tpl', 'default', 'defaults', 'orig', 'new']);
/** A part that ends in a marker (`config-example`, `settings_sample`). */
const TEMPLATE_SUFFIX = /[-_](?:example|sample|dist|template|default)$/i;

/**
 * The path of the copy an operator deploys from template `path`: the folder and the file name
 * without its template markers and without a build input's `.in` (`lam/config/unix.sample.conf` →
 * `lam/config/unix.conf`). Null when the name holds no marker (then there is nothing to compare).
 */
export function deployedName(path: string): string | null {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  let parts = path.slice(slash + 1).split('.');
  let marked = false;
  if (parts.length > 1 && parts[parts.length - 1] === 'in') { parts = parts.slice(0, -1); marked = true; }
  const kept: string[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && TEMPLATE_PART.has(p.toLowerCase())) { marked = true; return; }
    const m = TEMPLATE_SUFFIX.exec(p);
    if (m && m.index > 0) { marked = true; kept.push(p.slice(0, m.index)); return; }
    kept.push(p);
  });
  return marked && kept.length ? dir + kept.join('.') : null;
}

const DROPS_KEY = 'operator template drops key ';

/**
 * Keys an example template drops that are worth asking the code about: the `drops key` findings'
 * subjects distinctive enough that a whole-word hit in code is that setting (`starttls_required`,
 * `mod_muc_occupantid`, `allow-plaintext-resume`), not a common word (`port`, `enabled`, `hidden`).
 */
export function droppedTemplateKeys(findings: readonly Finding[]): string[] {
  const out = new Set<string>();
  for (const f of findings) {
    if (f.kind !== 'config-key-removed' || f.severity !== 'warning' || !f.subject || !f.message.startsWith(DROPS_KEY)) continue;
    const leaf = f.subject.slice(f.subject.lastIndexOf('.') + 1);
    if (leaf.length <= 64 && /^[A-Za-z][\w-]*$/.test(leaf) && (leaf.length >= 10 || (leaf.length >= 6 && /[_-]|[a-z][A-Z]/.test(leaf)))) out.add(leaf);
  }
  return [...out];
}

/**
 * A key the example no longer shows that the server's code still names (read, defaulted, or
 * transformed from an old config): the example was tidied, the setting is still accepted, so
 * deployed copies that set it keep working (ejabberd's `starttls_required`, still read by
 * src/ejabberd_c2s.erl). Listed as info; a key the code names nowhere stays a warning.
 */
export function keepNamedTemplateKeys(findings: Finding[], named: ReadonlySet<string>): void {
  findings.forEach((f, i) => {
    if (f.kind !== 'config-key-removed' || f.severity !== 'warning' || !f.subject || !f.message.startsWith(DROPS_KEY)) return;
    const leaf = f.subject.slice(f.subject.lastIndexOf('.') + 1);
    if (!named.has(leaf)) return;
    const why = f.message.slice(f.message.indexOf(': remove or rename it in deployed copies') + ': remove or rename it in deployed copies'.length);
    findings[i] = { ...f, severity: 'info', message: `${DROPS_KEY}\`${f.subject}\`; the code still names it, so deployed copies that set it keep working${why}` };
  });
}

/** Source files of a server (any language it may read its config in): where a template key counts as still named. */
const SERVER_CODE = /\.(?:go|java|kt|kts|scala|groovy|cs|rs|js|mjs|cjs|ts|mts|py|rb|php|ex|exs|erl|hrl|c|h|cc|cpp|hpp|lua|pl|pm|m|swift|clj|cljs|cljc|hs|ml|cr|nim|zig|dart)$/i;

export function isServerCodePath(path: string): boolean {
  return SERVER_CODE.test(path);
}

/** Wording of code that refuses a setting (`log.Fatal("x is no longer supported")`): a key named there is not still accepted. */
const REFUSAL_WORDING = /\b(?:no longer|not supported|unsupported|removed|refus\w*)\b/i;

/**
 * What one line of head's code says of the dropped template keys: `named`, a key the code still
 * reads or names; `refused`, a key named where the code refuses or retires it (a removal notice,
 * a fatal error) — that vetoes `named` from any other line (review13 F9). A comment line says
 * neither (`// x was removed in 3.0` is documentation, not a read).
 */
export function templateKeyHits(text: string, path: string, keys: ReadonlySet<string>): { named: string[]; refused: string[] } {
  if (isCommentOrBlank(text, path)) return { named: [], refused: [] };
  const found = keysNamedIn(text, keys);
  return REFUSAL_WORDING.test(text) ? { named: [], refused: found } : { named: found, refused: [] };
}

/** Whole-word occurrences (word characters and `-`) of `keys` in `text`: one pass. */
export function keysNamedIn(text: string, keys: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const isWord = (c: string | undefined) => c !== undefined && /[\w-]/.test(c);
  for (let i = 0; i < text.length; ) {
    if (!isWord(text[i])) { i++; continue; }
    let j = i;
    while (j < text.length && isWord(text[j])) j++;
    const w = text.slice(i, j);
    if (keys.has(w)) out.add(w);
    i = j;
  }
  return [...out];
}

/** A config file's own version key (`config_version`, `configVersion`, `version` of a config file) raised: the application compares it with deployed copies. */
const VERSION_OWNERS = ['config', 'conf', 'cfg', 'setting', 'settings', 'schema'];

function versionRaised(key: string, from: string, to: string, why: string): Finding | null {
  const leaf = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  if (!leaf.endsWith('version')) return null;
  const owner = leaf.slice(0, -'version'.length).replace(/[_-]$/, '');
  if (!VERSION_OWNERS.some((w) => owner === w || owner.endsWith(`_${w}`) || owner.endsWith(`-${w}`))) return null;
  const a = Number(from.replace(/['",;]/g, '').trim());
  const b = Number(to.replace(/['",;]/g, '').trim());
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) return null;
  return { kind: 'config-value-changed', subject: key, severity: 'warning', message: `config version \`${key}\` raised from ${a} to ${b}: deployed copies at version ${a} must be updated with the template's changes${why}` };
}

/** True when a text is a script (its first line is a `#!` interpreter line). */
function isScript(text: string | null): boolean {
  return text != null && text.startsWith('#!');
}

const KEYED_FORMATS = new Set(['yaml', 'toml', 'json', 'ini', 'properties']);

/**
 * A default or installed config (profile kinds `default`, `shipped`) read key by key when both
 * sides parse: a key removed is one deployed copies still set (remove or rename it there); a
 * default value changed is a behaviour change for installations that rely on it; a key added
 * comes with its value (optional). Null when a side does not parse (the line reading applies).
 */
function keyedConfigFindings(change: Change, kind: TemplateKind, oldText: string | null, newText: string | null, evidence: string): Finding[] | null {
  if (oldText == null || newText == null || change.status !== 'modified') return null;
  const o = parseConfig(change.oldPath ?? change.path, oldText);
  const n = parseConfig(change.path, newText);
  if (!o || !n || o.degraded || n.degraded || o.format !== n.format || !KEYED_FORMATS.has(n.format)) return null;
  const [fo, fn] = [flatten(o.root), flatten(n.root)];
  // An INI file whose keys are indented under their section (ngIRCd's `\tName = …`) reads as one key with a
  // multi-line value: not its real keys, so the file is read line by line instead.
  if (n.format === 'ini' && [fo, fn].some((f) => [...f.leaves.values()].some((l) => l.display.includes('\n')))) return null;
  const diff = diffFlat(fo, fn);
  const why = `; ${evidence}`;
  const what = kind === 'default' ? 'default config' : 'installed config';
  const out: Finding[] = [];
  for (const g of diff.removed) {
    out.push({ kind: 'config-key-removed', subject: g.path, severity: 'warning', line: Math.max(1, oldToNewLine(change, g.line)), message: `${g.leaf ? 'key' : 'section'} \`${g.path}\` removed from the ${what} \`${change.path}\`: copies operators keep still set it — remove or rename it there${why}` });
  }
  for (const c of diff.changed) {
    if (!c.oldLeaf || !c.newLeaf) continue;
    const raised = versionRaised(c.path, c.oldLeaf.display, c.newLeaf.display, why);
    if (raised) out.push({ ...raised, line: c.line });
    // A value of the file changes for installations that start from this file, not for copies already deployed
    // (the application's own default, in its code, is what an omitted key falls back to).
    else out.push({ kind: 'config-value-changed', subject: c.path, severity: 'info', line: c.line, message: `value of \`${c.path}\` changes from ${clip(c.oldLeaf.display)} to ${clip(c.newLeaf.display)} in the ${what}${why}` });
  }
  for (const g of diff.added) {
    out.push({ kind: 'config-key-added', subject: g.path, severity: 'info', line: g.line, message: `${g.leaf ? 'key' : 'section'} \`${g.path}\` added to the ${what} with its value: an optional new setting${why}` });
  }
  return capFindings(out, 30);
}

/**
 * A top-level setting of a PHP defaults file the operator's local override overrides (profile kind
 * `overridden`): `$name = v;`, `$name['k']['j'] = v;`, `define('NAME', v);`, `const NAME = v;`.
 * Indented lines (inside a function, a condition, an array literal) are not settings an override
 * sets by name.
 */
export function overriddenSettingOfLine(text: string): { key: string; value: string } | null {
  if (text.length > 2000 || !text || /^\s/.test(text)) return null;
  // A trailing comment after the statement (`$x = 'a'; // why`) is no part of the value.
  // Only after the line's last quote (one linear search, no backtracking over every `;`).
  const q = Math.max(text.lastIndexOf("'"), text.lastIndexOf('"')) + 1;
  const c = /;[ \t]*(?:\/\/|#)/.exec(text.slice(q));
  const t = (c ? text.slice(0, q + c.index + 1) : text).trimEnd();
  let m = /^\$(\w+)((?:\[\s*['"][\w.-]+['"]\s*\])*)\s*=(?!=)\s*(.*?);?$/.exec(t);
  if (m) return { key: `${m[1]}${m[2].replace(/\s+/g, '').replace(/"/g, "'")}`, value: m[3] };
  m = /^(?:defined\(\s*['"]\w+['"]\s*\)\s*or\s*)?(?:safe_)?define\(\s*['"](\w+)['"]\s*,\s*(.*?)\)\s*;?$/.exec(t);
  if (m) return { key: m[1], value: m[2] };
  m = /^const\s+(\w+)\s*=\s*(.*?);?$/.exec(t);
  return m ? { key: m[1], value: m[2] } : null;
}

function overriddenSettings(text: string): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  text.split('\n').forEach((l, i) => {
    const k = overriddenSettingOfLine(l);
    if (k && !out.has(k.key)) out.set(k.key, { value: k.value, line: i + 1 });
  });
  return out;
}

/**
 * A changed defaults file that an operator's local override file overrides (`conf/config.inc.php`
 * under `config.inc.local.php`): a top-level setting removed or renamed is one the override may
 * still set, now for nothing (a config action); a setting added comes with its default and a value
 * changed is the new default for installations that do not override it (both optional, listed).
 */
export function overriddenDefaultsFindings(change: Change, oldText: string | null, newText: string | null, evidence: string): Finding[] {
  if (oldText == null || newText == null || change.status === 'added' || change.status === 'deleted') return [];
  const before = overriddenSettings(oldText);
  const after = overriddenSettings(newText);
  const why = `; ${evidence}`;
  const out: Finding[] = [];
  for (const [key, o] of before) {
    if (after.has(key)) continue;
    out.push({ kind: 'config-key-removed', subject: key, line: Math.max(1, oldToNewLine(change, o.line)), severity: 'warning', message: `${DROPS_KEY}\`${key}\`: remove or rename it in deployed copies${why}` });
  }
  for (const [key, n] of after) {
    const o = before.get(key);
    if (!o) out.push({ kind: 'config-key-added', subject: key, line: n.line, severity: 'info', message: `defaults file gains setting \`${key}\` with its default: an optional new setting${why}` });
    else if (o.value.replace(/\s+/g, ' ').trim() !== n.value.replace(/\s+/g, ' ').trim()) out.push({ kind: 'config-value-changed', subject: key, line: n.line, severity: 'info', message: `default of \`${key}\` changes from ${clip(o.value)} to ${clip(n.value)} for installations that do not override it${why}` });
  }
  return capFindings(out, 30);
}

function clip(v: string): string {
  const t = v.trim();
  return `\`${t.length > 40 ? `${t.slice(0, 40)}…` : t || '(empty)'}\``;
}

/**
 * The lines of a config file that set something: comments (`#`, `;`, `//`, `--`, `rem`, `::`
 * lines and `<!-- … -->` blocks) and blank lines dropped, spacing collapsed. One linear pass.
 */
export function settingLines(text: string): string[] {
  const out: string[] = [];
  let inXmlComment = false;
  let start = 0;
  const hasXmlComments = text.includes('<!--');
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (hasXmlComments) {
      let kept = '';
      let i = 0;
      while (i < line.length) {
        if (inXmlComment) {
          const close = line.indexOf('-->', i);
          if (close < 0) {
            i = line.length;
            break;
          }
          inXmlComment = false;
          i = close + 3;
        } else {
          const open = line.indexOf('<!--', i);
          if (open < 0) {
            kept += line.slice(i);
            break;
          }
          kept += line.slice(i, open);
          inXmlComment = true;
          i = open + 4;
        }
      }
      line = kept;
    }
    const t = line.trim().replace(/\s+/g, ' ');
    if (t && !SETTING_COMMENT.test(t)) out.push(t);
    if (end >= text.length) break;
  }
  return out;
}

const SETTING_COMMENT = /^(?:#|;|\/\/|--|::|rem\b|REM\b|\/\*|\*)/;

/** Lines of `a` not matched by a line of `b` (as multisets). */
function minus(a: string[], b: string[]): string[] {
  const count = new Map<string, number>();
  for (const l of b) count.set(l, (count.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of a) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else out.push(l);
  }
  return out;
}

/** A short name for a setting line: its key, its XML element, or its first word. */
function settingName(line: string): string {
  const k = keyOfLine(line);
  if (k) return k.key;
  const xml = /^<\/?([\w.:-]+)/.exec(line);
  if (xml) return xml[1];
  return line.split(' ')[0].slice(0, 40);
}

function names(lines: string[]): string {
  const seen = [...new Set(lines.map(settingName).filter(Boolean))];
  const shown = seen.slice(0, 5).map((n) => `\`${n}\``).join(', ');
  return seen.length > 5 ? `${shown}, …` : shown;
}

function lines(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function firstChangedLine(change: Change): number | undefined {
  for (const h of change.hunks) if (h.added.length) return h.newStart;
  return change.hunks[0] ? Math.max(1, change.hunks[0].newStart) : undefined;
}

/**
 * A config file of a folder installed as the operators' own configuration (`etc/`, profile kind
 * `shipped`): a package upgrade or an instance created earlier keeps the operator's copy, so a
 * changed or removed setting is one operators merge by hand. Settings only added (with their
 * values) are optional for them; a comment or spacing edit is nothing to do.
 */
export function shippedConfigFindings(change: Change, oldText: string | null, newText: string | null, evidence: string): Finding[] {
  const why = `; ${evidence}`;
  if (change.status === 'deleted' || newText == null) {
    if (oldText == null || settingLines(oldText).length === 0) return [];
    return [{ kind: 'config-key-removed', subject: change.path, severity: 'warning', message: `config file no longer shipped: installations keep their copy, and its settings may now be ignored${why}` }];
  }
  const after = settingLines(newText);
  if (change.status === 'added' || oldText == null) {
    if (after.length === 0) return [];
    return [{ kind: 'config-key-added', subject: change.path, severity: 'info', line: 1, message: `new config file shipped (${lines(after.length, 'setting line')}): installations set up before this version do not have it${why}` }];
  }
  const out: Finding[] = [];
  if (change.status === 'renamed' && change.oldPath && !change.copied && change.oldPath !== change.path) out.push(renameFinding(change.oldPath, change.path, why));
  const before = settingLines(oldText);
  const gone = minus(before, after);
  const added = minus(after, before);
  const line = firstChangedLine(change);
  if (gone.length) {
    out.push({ kind: 'config-value-changed', subject: change.path, severity: 'warning', ...(line ? { line } : {}), message: `shipped config changes ${lines(gone.length, 'setting line')} (${names([...gone, ...added])}): installations keep their own edited copy, merge the change${why}` });
  } else if (added.length) {
    out.push({ kind: 'config-key-added', subject: change.path, severity: 'info', ...(line ? { line } : {}), message: `shipped config adds ${lines(added.length, 'setting line')} (${names(added)}) with their values: optional for installations that keep their own copy${why}` });
  }
  return out;
}

/**
 * An example reverse-proxy config (nginx, Apache, Caddy) shipped for operators: its directives
 * repeat per block, so any changed setting line, added or removed, is one operators replicate
 * in the proxy they run (new routes, headers, upstreams). Comment and spacing edits are not.
 */
export function proxyTemplateFindings(change: Change, oldText: string | null, newText: string | null, evidence: string): Finding[] {
  const why = `; ${evidence}`;
  if (newText == null) return [];
  const after = settingLines(newText);
  const before = oldText == null ? [] : settingLines(oldText);
  const gone = minus(before, after);
  const added = minus(after, before);
  if (!gone.length && !added.length) return [];
  const line = firstChangedLine(change);
  return [{ kind: 'config-value-changed', subject: change.path, severity: 'warning', ...(line ? { line } : {}), message: `example reverse-proxy config changes ${lines(gone.length + added.length, 'line')} (${names([...added, ...gone])}): replicate the change in the deployed proxy config and reload it${why}` }];
}
