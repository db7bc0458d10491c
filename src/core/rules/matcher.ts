import picomatch from 'picomatch';
import type { Change } from '../types';
import type { Rule } from './rule';

const GLOB_OPTIONS = { dot: true, nocase: false } as const;

/**
 * One glob with what every path it matches must contain: `literal` somewhere and the
 * `tails` (one per alternative of its last segment) at the end of the file name. Both are
 * checked before the glob's expression, which is compiled only when first needed.
 */
interface Glob {
  source: string;
  literal: string | null;
  tails: string[] | null;
  re: ((path: string) => boolean) | null;
}

interface CompiledRule {
  rule: Rule;
  /** Position in priority order: merged candidate lists stay in that order. */
  order: number;
  paths: GlobSet;
  exclude: GlobSet | null;
  content: RegExp | null;
}

/** Compiled globs by source text, shared by every matcher (the editor re-opens sessions). */
const globCache = new Map<string, Glob>();

/** A glob array, as picomatch(array) would test it, with a cheap filter in front of each glob. */
class GlobSet {
  private readonly globs: Glob[];

  constructor(sources: string[]) {
    this.globs = sources.map(compileGlob);
  }

  test(path: string, base: string): boolean {
    for (const g of this.globs) if (globMatches(g, path, base)) return true;
    return false;
  }

  /** The file extensions (text after the last dot) a matching file name can have; null: any. */
  extensions(): Set<string> | null {
    const out = new Set<string>();
    for (const g of this.globs) {
      if (!g.tails) return null;
      for (const t of g.tails) {
        const dot = t.lastIndexOf('.');
        if (dot < 0) return null;
        out.add(t.slice(dot + 1));
      }
    }
    return out;
  }
}

function compileGlob(source: string): Glob {
  let g = globCache.get(source);
  if (!g) globCache.set(source, (g = { source, literal: requiredLiteral(source), tails: requiredTails(source), re: null }));
  return g;
}

function globMatches(g: Glob, path: string, base: string): boolean {
  if (g.literal !== null && !path.includes(g.literal)) return false;
  if (g.tails !== null) {
    let ok = false;
    for (const t of g.tails) if (base.endsWith(t)) ok = true;
    if (!ok) return false;
  }
  return (g.re ??= picomatch(g.source, GLOB_OPTIONS))(path);
}

/**
 * Globs → first rule by priority. Each rule is a candidate only for the file extensions its
 * globs allow (rules whose globs allow any file name are candidates for every file), and
 * each glob is tried only on paths that contain its literal parts: with a hundred rules and
 * ten thousand changed files, most pairs are rejected by a map lookup or a string search.
 */
export class RuleMatcher {
  private readonly compiled: CompiledRule[];
  /** Rules that are candidates whatever the extension, in priority order. */
  private readonly anyExtension: CompiledRule[] = [];
  private readonly byExtension = new Map<string, CompiledRule[]>();
  /** Candidates per extension (its rules merged with `anyExtension`), built on first use. */
  private readonly candidates = new Map<string, CompiledRule[]>();
  private readonly ignored: GlobSet;

  constructor(rules: Rule[], ignore: string[]) {
    this.compiled = [...rules]
      .sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100))
      .map((rule, order) => ({
        rule,
        order,
        paths: new GlobSet(rule.paths),
        exclude: rule.exclude?.length ? new GlobSet(rule.exclude) : null,
        content: rule.content ? new RegExp(rule.content, 'm') : null,
      }));
    for (const c of this.compiled) {
      const exts = c.paths.extensions();
      if (!exts) this.anyExtension.push(c);
      else
        for (const e of exts) {
          const list = this.byExtension.get(e);
          if (list) list.push(c);
          else this.byExtension.set(e, [c]);
        }
    }
    this.ignored = new GlobSet(ignore);
  }

  isIgnored(path: string): boolean {
    return this.ignored.test(path, baseName(path));
  }

  /** The first rule (by priority) whose globs, and content condition if any, match. */
  match(change: Change): Rule | null {
    const base = baseName(change.path);
    const oldBase = change.oldPath !== null ? baseName(change.oldPath) : null;
    let list = this.candidatesFor(extension(base));
    if (oldBase !== null && extension(oldBase) !== extension(base)) list = mergeByOrder(list, this.candidatesFor(extension(oldBase)));
    for (const c of list) {
      if (!c.paths.test(change.path, base) && !(change.oldPath && oldBase !== null && c.paths.test(change.oldPath, oldBase))) continue;
      if (c.exclude && c.exclude.test(change.path, base)) continue;
      if (c.content && !contentMatches(c.content, change)) continue;
      return c.rule;
    }
    return null;
  }

  private candidatesFor(ext: string | null): CompiledRule[] {
    if (ext === null) return this.anyExtension;
    let list = this.candidates.get(ext);
    if (!list) this.candidates.set(ext, (list = mergeByOrder(this.anyExtension, this.byExtension.get(ext) ?? [])));
    return list;
  }
}

function mergeByOrder(a: CompiledRule[], b: CompiledRule[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i].order <= b[j].order) ? a[i++] : b[j++];
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function extension(base: string): string | null {
  const dot = base.lastIndexOf('.');
  return dot < 0 ? null : base.slice(dot + 1);
}

/** Globs using more than `*`, `?`, `[...]`, `**` and `{a,b}` (or starting with ./) get no filter. */
const UNSUPPORTED = /[()!+@\\|]|\{[^,{}]*\}|^\.\//;

/**
 * The longest run of literal text outside braces, classes and wildcards (e.g. "db/migrate"
 * of `**\/db/migrate/**\/*.rb`): a matching path contains it. Slashes at a run's ends are
 * dropped (`**\/` and `/**` may match nothing). Null when the glob has no run of 2+ chars.
 */
export function requiredLiteral(glob: string): string | null {
  if (UNSUPPORTED.test(glob)) return null;
  let best = '';
  let run = '';
  let depth = 0;
  const flush = () => {
    const r = run.replace(/^\/+|\/+$/g, '');
    if (r.length > best.length) best = r;
    run = '';
  };
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '{') {
      if (depth === 0) flush();
      depth++;
    } else if (ch === '}') depth--;
    else if (depth > 0) continue;
    else if (ch === '[') {
      flush();
      const close = glob.indexOf(']', i + 2);
      if (close < 0) return null;
      i = close;
    } else if (ch === '*' || ch === '?') flush();
    else run += ch;
  }
  if (depth !== 0) return null;
  flush();
  return best.length >= 2 ? best : null;
}

/**
 * What a matching file name ends with: for each alternative of the glob's last segment
 * (braces expanded), its literal text after the last wildcard or class. Null when some
 * alternative ends in a wildcard (`*.js` gives ".js"; `Dockerfile*` gives null).
 */
export function requiredTails(glob: string): string[] | null {
  if (UNSUPPORTED.test(glob)) return null;
  // The last segment starts after the last slash outside braces; slashes inside braces
  // (`{,settings/}*.yml`) are resolved by expanding.
  let depth = 0;
  let cut = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === '/' && depth === 0) cut = i + 1;
  }
  const alternatives = expandBraces(glob.slice(cut));
  if (!alternatives) return null;
  const tails = new Set<string>();
  for (const alt of alternatives) {
    const segment = alt.slice(alt.lastIndexOf('/') + 1);
    let start = 0;
    for (let i = 0; i < segment.length; i++) if (segment[i] === '*' || segment[i] === '?' || segment[i] === ']') start = i + 1;
    const tail = segment.slice(start);
    if (tail === '' || tail.includes('[')) return null;
    tails.add(tail);
  }
  return [...tails];
}

/** `a{b,c{d,e}}` → abd… ; null for unbalanced braces or more than 10,000 alternatives. */
function expandBraces(glob: string): string[] | null {
  const open = glob.indexOf('{');
  if (open < 0) return glob.includes('}') ? null : [glob];
  let depth = 0;
  const parts: string[] = [];
  let from = open + 1;
  let close = -1;
  for (let i = open; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (ch === ',' && depth === 1) {
      parts.push(glob.slice(from, i));
      from = i + 1;
    }
  }
  if (close < 0) return null;
  parts.push(glob.slice(from, close));
  const rest = expandBraces(glob.slice(close + 1));
  if (!rest) return null;
  const out: string[] = [];
  for (const p of parts) {
    const inner = expandBraces(p);
    if (!inner) return null;
    for (const a of inner) for (const b of rest) out.push(glob.slice(0, open) + a + b);
    if (out.length > 10_000) return null;
  }
  return out;
}

function contentMatches(re: RegExp, change: Change): boolean {
  for (const h of change.hunks) {
    const lines = change.status === 'deleted' ? h.removed : h.added;
    for (const l of lines) if (re.test(l)) return true;
  }
  return false;
}

/** Merges config rules into the built-ins: same id overrides field by field, new ids are added. */
export function mergeRules(builtin: Rule[], overrides: (Partial<Rule> & { id: string })[]): Rule[] {
  const byId = new Map(builtin.map((r) => [r.id, r] as const));
  for (const o of overrides) {
    const base = byId.get(o.id);
    if (base) byId.set(o.id, { ...base, ...o } as Rule);
    else byId.set(o.id, { category: 'custom', title: o.id, paths: [], severity: 'warning', requiresNote: true, priority: 50, ...o } as Rule);
  }
  return [...byId.values()];
}
