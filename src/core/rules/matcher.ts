import picomatch from 'picomatch';
import { compileLinear } from './linearRegex';
import type { Change } from '../types';
import type { Rule } from './rule';

const GLOB_OPTIONS = { dot: true, nocase: false } as const;

/**
 * One glob with what every path it matches must contain: one of `literals` somewhere and the
 * `tails` (one per alternative of its last segment) at the end of the file name. Both are
 * checked before the glob's expression, which is compiled only when first needed.
 */
interface Glob {
  source: string;
  /** A matching path contains one of these. */
  /** Undefined until first needed (start-up: most globs are never tried against a path). */
  literals?: string[] | null;
  tails: string[] | null;
  re: ((path: string) => boolean) | null;
}

interface CompiledRule {
  rule: Rule;
  /** Position in priority order. */
  order: number;
  paths: GlobSet;
  /** The globs of `paths` only a detector's confirmation matches (CONFIRMED_GLOBS); null for none. */
  confirmed: GlobSet | null;
  exclude: GlobSet | null;
  /** The content condition's source; compiled (linear engine) when first needed. */
  content: string | null;
}

/** One glob of a rule, for files of one extension: `tails` are the ones of that extension still worth checking. */
interface Candidate {
  rule: CompiledRule;
  glob: Glob;
  tails: string[] | null;
}

/** Compiled globs by source text, shared by every matcher (the editor re-opens sessions). */
const globCache = new Map<string, Glob>();

/**
 * A glob array, as picomatch(array) would test it, with a cheap filter in front of each glob.
 * Compiled on first use: a rule's exclusions are tried only once one of its globs matched a
 * path, so a small range never compiles most of them (issue 17: start-up).
 */
class GlobSet {
  private compiledGlobs: Glob[] | null = null;
  /** Per file extension, the globs a name with it can match and the tails still worth checking (see tailsFor). */
  private readonly byExt = new Map<string, ExtList<{ glob: Glob; tails: string[] | null }>>();

  /** Names of `**\/NAME/**` globs: a path matches one when a segment of it is NAME (one lookup per segment). */
  private readonly segments = new Set<string>();
  /** Per folder, whether one of its segments is a segment glob's name. */
  private readonly dirHits = new Map<string, boolean>();
  /** The other globs. */
  private readonly rest: Glob[] = [];
  /** The segment globs as globs, for a path with a `.` or `..` segment (picomatch rejects those; git never writes them). */
  private readonly segmentGlobs: Glob[] = [];

  private readonly sources: string[];

  constructor(sources: string[]) {
    this.sources = [...sources];
  }

  get globs(): Glob[] {
    return this.compiledGlobs ?? this.compile();
  }

  private compile(): Glob[] {
    const globs = (this.compiledGlobs = this.sources.map(compileGlob));
    for (const g of globs) {
      const m = /^\*\*\/(?:([A-Za-z0-9_-]+)|\{([A-Za-z0-9_-]+(?:,[A-Za-z0-9_-]+)*)\})\/\*\*$/.exec(g.source);
      if (m) {
        for (const name of (m[1] ?? m[2]).split(',')) this.segments.add(name);
        this.segmentGlobs.push(g);
      } else this.rest.push(g);
    }
    return globs;
  }

  test(path: string, base: string): boolean {
    if (!this.compiledGlobs) this.compile();
    if (this.segments.size && DOT_SEGMENT.test(path)) {
      for (const g of this.segmentGlobs) if (globMatches(g, g.tails, path, base)) return true;
    } else if (this.segments.size) {
      // The folder's answer is shared by its files (a large range changes many files per folder).
      const slash = path.lastIndexOf('/');
      if (slash > 0) {
        const dir = path.slice(0, slash);
        let hit = this.dirHits.get(dir);
        if (hit === undefined) {
          hit = false;
          for (let from = 0; from <= dir.length; ) {
            let end = dir.indexOf('/', from);
            if (end < 0) end = dir.length;
            if (this.segments.has(dir.slice(from, end))) {
              hit = true;
              break;
            }
            from = end + 1;
          }
          if (this.dirHits.size < MAX_EXTENSIONS * 10) this.dirHits.set(dir, hit);
        }
        if (hit) return true;
      }
      if (this.segments.has(base)) return true;
    }
    const ext = extension(base);
    let list = this.byExt.get(ext);
    if (!list) {
      const all: { glob: Glob; tails: string[] | null }[] = [];
      for (const glob of this.rest) {
        const tails = tailsFor(glob.tails, ext);
        if (tails !== NEVER) all.push({ glob, tails });
      }
      list = extList(all);
      if (this.byExt.size < MAX_EXTENSIONS) this.byExt.set(ext, list);
    }
    for (const c of list.worthTrying(path)) if (globMatches(c.glob, c.tails, path, base)) return true;
    return false;
  }
}

/**
 * Globs of one extension, in order, with one test in front of them all: a path that contains
 * none of their literals (most paths, for most lists) can only match the globs that name none
 * (`plain`), so the others are not tried one by one (issue 17: 50 globs a file on 10,000 files).
 * The test is built once a list has been tried on PREFILTER_AFTER paths: most lists (a rule's
 * exclusions, a rare extension) are tried on a few paths, and building it costs more than that.
 */
interface ExtList<T extends { glob: Glob }> {
  /** The entries a glob of which `path` can match, in order (all, or only the plain ones). */
  worthTrying(path: string): T[];
}

const PREFILTER_AFTER = 32;

function extList<T extends { glob: Glob }>(all: T[]): ExtList<T> {
  let uses = 0;
  /** The entries whose glob names no literal, in order; null until built. */
  let plain: T[] | null = null;
  /** One of the other entries' literals; null when there are none. */
  let anyLiteral: RegExp | null = null;
  const build = (): void => {
    plain = [];
    const literals = new Set<string>();
    for (const e of all) {
      const l = literalsOf(e.glob);
      if (l === null) plain.push(e);
      else for (const x of l) literals.add(x);
    }
    // Literal text only (escaped), no quantifier: linear in the path's length.
    anyLiteral = literals.size ? new RegExp([...literals].map(escapeRegExp).join('|')) : null;
  };
  return {
    worthTrying(path) {
      if (plain === null) {
        if (++uses < PREFILTER_AFTER || all.length < 4) return all;
        build();
      }
      return anyLiteral === null || anyLiteral.test(path) ? all : plain!;
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A `.` or `..` path segment. */
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/** Extensions whose candidate lists are kept (a repository of random extensions is not a memory cost). */
const MAX_EXTENSIONS = 2000;

/** tailsFor: no name with this extension ends with one of the tails. */
const NEVER: string[] = [];

/**
 * The tails a file name with extension `ext` can end with: one with a dot must have this
 * extension; one without must be the end of the extension (or of a dotless name). Null when
 * any such name passes (no tails, or one is `.ext` itself), NEVER when none can.
 */
function tailsFor(tails: string[] | null, ext: string): string[] | null {
  if (tails === null) return null;
  const mine = tails.filter((t) => (t.includes('.') ? t.slice(t.lastIndexOf('.') + 1) === ext : ext === '' || ext.endsWith(t)));
  if (!mine.length) return NEVER;
  return mine.includes(`.${ext}`) ? null : mine;
}

/** `picomatch(globs, { dot: true })` as a test of paths, with the same cheap filters in front of each glob. */
export function globTester(globs: string[]): (path: string) => boolean {
  const set = new GlobSet(globs);
  return (path) => set.test(path, baseName(path));
}

/**
 * GlobSets by their glob list: the built-in rules carry their pack's exclusions (109 rules,
 * 4,250 exclude globs in 24 distinct lists), so rules with the same list share one set, its
 * per-extension and per-folder answers included (a GlobSet's state depends on its globs only).
 * Issue 17: the matcher is built before the first change of every run is matched.
 */
const globSets = new Map<string, GlobSet>();
const MAX_GLOB_SETS = 5000;

function globSetOf(sources: string[]): GlobSet {
  const key = sources.join('\0');
  let set = globSets.get(key);
  if (!set) {
    set = new GlobSet(sources);
    if (globSets.size < MAX_GLOB_SETS) globSets.set(key, set);
  }
  return set;
}

function compileGlob(source: string): Glob {
  let g = globCache.get(source);
  if (!g) globCache.set(source, (g = { source, tails: requiredTails(source), re: null }));
  return g;
}

function literalsOf(g: Glob): string[] | null {
  return g.literals === undefined ? (g.literals = requiredLiterals(g.source)) : g.literals;
}

function globMatches(g: Glob, tails: string[] | null, path: string, base: string): boolean {
  if (tails !== null && !endsWithOne(base, tails)) return false;
  const literals = literalsOf(g);
  if (literals !== null && !includesOne(path, literals)) return false;
  return (g.re ??= picomatch(g.source, GLOB_OPTIONS))(path);
}

function endsWithOne(s: string, tails: string[]): boolean {
  for (const t of tails) if (s.endsWith(t)) return true;
  return false;
}

function includesOne(s: string, parts: string[]): boolean {
  for (const p of parts) if (s.includes(p)) return true;
  return false;
}

/**
 * Globs → first rule by priority. A file is tried only against the globs whose file-name
 * tails allow its extension (and those that allow any), each only when the path contains
 * the glob's literal parts: with a hundred rules and ten thousand changed files, most
 * pairs are never looked at, and most others are rejected by a string search.
 */
export class RuleMatcher {
  private readonly compiled: CompiledRule[];
  /** Candidate globs per file extension ('' for none), in rule priority order; built on first use. */
  private readonly candidates = new Map<string, ExtList<Candidate>>();
  private readonly ignored: GlobSet;

  constructor(rules: Rule[], ignore: string[]) {
    this.compiled = [...rules]
      .sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100))
      .map((rule, order) => ({
        rule,
        order,
        paths: globSetOf(walkedGlobs(rule)),
        confirmed: confirmedGlobs(rule),
        exclude: rule.exclude?.length ? globSetOf(rule.exclude) : null,
        content: rule.content || null,
      }));
    this.ignored = globSetOf(ignore);
  }

  /**
   * The rule of this id (after the config's overrides) when a detector has confirmed `path` for it: one of its
   * globs (those awaiting confirmation included) matches `path` and none of its `exclude` does.
   */
  ruleFor(id: string, path: string): Rule | undefined {
    const c = this.compiled.find((r) => r.rule.id === id);
    if (!c) return undefined;
    const base = baseName(path);
    if (!(c.confirmed?.test(path, base) || c.paths.test(path, base))) return undefined;
    return c.exclude?.test(path, base) ? undefined : c.rule;
  }

  isIgnored(path: string): boolean {
    return this.ignored.test(path, baseName(path));
  }

  /**
   * The first rule (by priority) whose globs, and content condition if any, match. A
   * content condition is checked on the changed lines, and, when they do not meet it, on
   * `newText` (the whole new file) if given.
   */
  match(change: Change, newText?: string | null): Rule | null {
    return this.walk(change, newText === undefined ? NO_TEXT : newText) ?? null;
  }

  /**
   * Like `match` without the new file, but undefined when a content condition can only be
   * settled by the whole new file: a modified, renamed or copied file whose changed lines
   * do not show it (a manifest whose `kind:` line did not change). Then read the file and
   * call `match` with it.
   */
  matchChanged(change: Change): Rule | null | undefined {
    return this.walk(change, ASK);
  }

  private walk(change: Change, text: NewText): Rule | null | undefined {
    if (change.oldPath !== null) return this.matchEither(change, change.oldPath, text);
    const path = change.path;
    const base = baseName(path);
    let failed: CompiledRule | null = null;
    for (const cand of this.candidatesFor(extension(base)).worthTrying(path)) {
      const c = cand.rule;
      if (c === failed || !globMatches(cand.glob, cand.tails, path, base)) continue;
      // The rule's globs are consecutive: a rule excluded here is skipped as a whole.
      failed = c;
      const v = verdict(c, change, path, base, text);
      if (v !== SKIP) return v;
    }
    return null;
  }

  /** Renames and copies: a rule matches on the new or the old path. */
  private matchEither(change: Change, oldPath: string, text: NewText): Rule | null | undefined {
    const path = change.path;
    const base = baseName(path);
    const oldBase = baseName(oldPath);
    // Both paths' candidate globs, walked together in rule order (a rule's globs for the
    // new path, then for the old one).
    const a = this.candidatesFor(extension(base)).worthTrying(path);
    const b = this.candidatesFor(extension(oldBase)).worthTrying(oldPath);
    let i = 0;
    let j = 0;
    let failed: CompiledRule | null = null;
    while (i < a.length || j < b.length) {
      const fromNew = j >= b.length || (i < a.length && a[i].rule.order <= b[j].rule.order);
      const cand = fromNew ? a[i++] : b[j++];
      const c = cand.rule;
      if (c === failed || !(fromNew ? globMatches(cand.glob, cand.tails, path, base) : globMatches(cand.glob, cand.tails, oldPath, oldBase))) continue;
      failed = c;
      const v = verdict(c, change, path, base, text);
      if (v !== SKIP) return v;
    }
    return null;
  }

  private candidatesFor(ext: string): ExtList<Candidate> {
    const known = this.candidates.get(ext);
    if (known) return known;
    const all: Candidate[] = [];
    for (const rule of this.compiled) {
      for (const glob of rule.paths.globs) {
        const tails = tailsFor(glob.tails, ext);
        if (tails !== NEVER) all.push({ rule, glob, tails });
      }
    }
    const list = extList(all);
    if (this.candidates.size < MAX_EXTENSIONS) this.candidates.set(ext, list);
    return list;
  }
}

/**
 * Globs of a built-in rule's `paths` that match only once a candidate detector has confirmed the path from the tree:
 * helm.chart's `.tpl` under a `templates/` folder, a chart's only beside a Chart.yaml ('helm-chart-template',
 * detect/contentDetectors.ts). The walk skips them; `ruleFor` tests them with the rule's `exclude`, so a config that
 * excludes the chart or replaces `paths` without the glob keeps its word.
 */
const CONFIRMED_GLOBS: ReadonlyMap<string, readonly string[]> = new Map([['helm.chart', ['**/templates/**/*.tpl']]]);

/** The globs of `rule.paths` the matcher's walk tries: all but those awaiting a detector's confirmation. */
export function walkedGlobs(rule: Rule): string[] {
  const confirmed = CONFIRMED_GLOBS.get(rule.id);
  return confirmed ? rule.paths.filter((g) => !confirmed.includes(g)) : rule.paths;
}

/** The rule's globs awaiting a detector's confirmation that are still among its `paths` (a config may have replaced them). */
function confirmedGlobs(rule: Rule): GlobSet | null {
  const globs = CONFIRMED_GLOBS.get(rule.id)?.filter((g) => rule.paths.includes(g)) ?? [];
  return globs.length ? globSetOf(globs) : null;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The text after the file name's last dot; '' without one (a tail with a dot can never match it). */
function extension(base: string): string {
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

/** Globs using more than `*`, `?`, `[...]`, `**` and `{a,b}` (or starting with ./) get no filter. */
const UNSUPPORTED = /[()!+@\\|]|\{[^,{}]*\}|^\.\//;

/**
 * Texts one of which every matching path contains: for each brace alternative of the glob,
 * its longest literal run (`**\/{group_vars,host_vars}/**` gives both names). With too many
 * alternatives, the longest run outside braces alone. Null when some alternative has no
 * run of 2+ characters.
 */
export function requiredLiterals(glob: string): string[] | null {
  if (UNSUPPORTED.test(glob)) return null;
  const alternatives = expandBraces(glob, 64);
  if (!alternatives) {
    const outside = longestLiteral(glob);
    return outside ? [outside] : null;
  }
  const out = new Set<string>();
  for (const alt of alternatives) {
    const l = longestLiteral(alt);
    if (!l) return null;
    out.add(l);
  }
  return [...out];
}

/**
 * The longest run of literal text outside braces, classes and wildcards (e.g. "db/migrate"
 * of `**\/db/migrate/**\/*.rb`): a matching path contains it. Slashes at a run's ends are
 * dropped (`**\/` and `/**` may match nothing). Null when there is no run of 2+ chars.
 */
function longestLiteral(glob: string): string | null {
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
  // No tail reaches back past a wildcard or class outside braces (every alternative has it):
  // only what follows the last one is expanded (`{,settings/,prod/}*.{yml,json}` → `.{yml,json}`,
  // 2 alternatives instead of 6; a start-up cost on the largest globs).
  let depth = 0;
  let cut = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0 && (ch === '/' || ch === '*' || ch === '?' || ch === ']')) cut = i + 1;
  }
  const alternatives = expandBraces(glob.slice(cut), 10_000);
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

/** `a{b,c{d,e}}` → abd… ; null for unbalanced braces or more than `limit` alternatives. */
function expandBraces(glob: string, limit: number): string[] | null {
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
  const rest = expandBraces(glob.slice(close + 1), limit);
  if (!rest) return null;
  const out: string[] = [];
  for (const p of parts) {
    const inner = expandBraces(p, limit);
    if (!inner) return null;
    for (const a of inner) for (const b of rest) out.push(glob.slice(0, open) + a + b);
    if (out.length > limit) return null;
  }
  return out;
}

/** `match` was given no new file: content conditions see the changed lines only. */
const NO_TEXT = Symbol('no text');
/** `matchChanged`: say so (undefined) when the changed lines cannot settle a condition. */
const ASK = Symbol('ask');
/** What a walk knows of the whole new file: its text (null: unreadable), NO_TEXT or ASK. */
type NewText = string | null | typeof NO_TEXT | typeof ASK;
/** `verdict`: this rule does not match; try the next. */
const SKIP = Symbol('skip');

/**
 * A rule whose globs match the change: the rule, SKIP when its exclusions or content
 * condition rule it out, or undefined when the condition needs the whole new file (ASK).
 */
function verdict(c: CompiledRule, change: Change, path: string, base: string, text: NewText): Rule | undefined | typeof SKIP {
  if (c.exclude && c.exclude.test(path, base)) return SKIP;
  if (c.content) {
    const ok = contentMeets(c.content, change, text);
    if (ok === undefined) return undefined;
    if (!ok) return SKIP;
  }
  return c.rule;
}

/**
 * Whether a change meets a content condition: on its changed lines (the whole file for an
 * added or deleted one), else on the whole new file when given; undefined when that file
 * is needed (ASK) and could tell.
 */
function contentMeets(source: string, change: Change, text: NewText): boolean | undefined {
  const re = compileLinear(source);
  for (const h of change.hunks) {
    const lines = change.status === 'deleted' ? h.removed : h.added;
    for (const l of lines) if (re.test(l)) return true;
  }
  const partial = !change.contentSkipped && change.status !== 'deleted' && (change.status !== 'added' || change.copied === true);
  if (!partial || text === NO_TEXT) return false;
  if (text === ASK) return undefined;
  return text !== null && re.test(text);
}

/**
 * A rule with every field of `Rule` present, in one order (absent ones undefined), and any other
 * key after them. The engine reads its rules' fields on every change, and in one function for
 * all of them (analyseChange, the detector table's gates): rule objects of one shape keep those
 * reads monomorphic. Pack rules are written with the optional fields they need, in varying
 * order, so each was an object shape of its own; every new one the optimized code met threw it
 * away (a "wrong map" deoptimization) and V8 compiled the function again (issue 17: on the bench's
 * large range, `analyseChange` was compiled up to six times). The fields' values are the rule's
 * own: reads, `??` defaults and JSON are unchanged.
 */
export function uniformRule(r: Rule): Rule {
  const { id, category, title, paths, exclude, content, severity, requiresNote, analyzers, pathFindings, checklist, priority, dialect, ...rest } = r;
  return { id, category, title, paths, exclude, content, severity, requiresNote, analyzers, pathFindings, checklist, priority, dialect, ...rest };
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
