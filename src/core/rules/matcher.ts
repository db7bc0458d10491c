import picomatch from 'picomatch';
import type { Change } from '../types';
import type { Rule } from './rule';

interface CompiledRule {
  rule: Rule;
  /** A text each matching path contains, one per glob; null when some glob has none. */
  literals: string[] | null;
  test: (path: string) => boolean;
  exclude: ((path: string) => boolean) | null;
  content: RegExp | null;
}

const GLOB_OPTIONS = { dot: true, nocase: false } as const;

/** Compiles globs once; `matchRule` is called for every changed file. */
export class RuleMatcher {
  private readonly compiled: CompiledRule[];
  private readonly ignored: (path: string) => boolean;

  constructor(rules: Rule[], ignore: string[]) {
    this.compiled = [...rules]
      .sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100))
      .map((rule) => ({
        rule,
        literals: requiredLiterals(rule.paths),
        test: picomatch(rule.paths, GLOB_OPTIONS),
        exclude: rule.exclude?.length ? picomatch(rule.exclude, GLOB_OPTIONS) : null,
        content: rule.content ? new RegExp(rule.content, 'm') : null,
      }));
    this.ignored = ignore.length ? picomatch(ignore, GLOB_OPTIONS) : () => false;
  }

  isIgnored(path: string): boolean {
    return this.ignored(path);
  }

  /** The first rule (by priority) whose globs, and content condition if any, match. */
  match(change: Change): Rule | null {
    for (const c of this.compiled) {
      if (c.literals && !c.literals.some((l) => change.path.includes(l) || (change.oldPath !== null && change.oldPath.includes(l)))) continue;
      if (!c.test(change.path) && !(change.oldPath && c.test(change.oldPath))) continue;
      if (c.exclude && c.exclude(change.path)) continue;
      if (c.content && !contentMatches(c.content, change)) continue;
      return c.rule;
    }
    return null;
  }
}

/**
 * For each glob, its longest literal run (e.g. "db/migrate" of the Rails migration glob): a path
 * without it cannot match, and `includes` is far cheaper than the glob's expression, which
 * matters with hundreds of rules and thousands of changed files. Globs with braces,
 * extglobs or escapes get no literal (their literal parts may be alternatives).
 */
function requiredLiterals(globs: string[]): string[] | null {
  const out: string[] = [];
  for (const g of globs) {
    if (/[{}()!+@\\]/.test(g)) return null;
    const pieces = g.split(/[*?[\]]+/).map((p) => p.replace(/^\/+|\/+$/g, ''));
    const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest.length < 2) return null;
    out.push(longest);
  }
  return out.length ? out : null;
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
