import picomatch from 'picomatch';
import type { Change } from '../types';
import type { Rule } from './rule';

interface CompiledRule {
  rule: Rule;
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
      if (!c.test(change.path) && !(change.oldPath && c.test(change.oldPath))) continue;
      if (c.exclude && c.exclude(change.path)) continue;
      if (c.content && !contentMatches(c.content, change)) continue;
      return c.rule;
    }
    return null;
  }
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
