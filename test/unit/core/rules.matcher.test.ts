import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { BUILTIN_IGNORES } from '../../../src/core/config/types';
import { mergeRules, requiredLiterals, requiredTails, RuleMatcher, walkedGlobs } from '../../../src/core/rules/matcher';
import { BUILTIN_RULES } from '../../../src/core/rules/packs';
import type { Rule } from '../../../src/core/rules/rule';
import type { Change } from '../../../src/core/types';

const OPTS = { dot: true, nocase: false } as const;

/** The matcher's contract spelled out plainly: first rule by priority whose picomatch arrays match (globs awaiting a detector's confirmation left out). */
function reference(rules: Rule[], ignore: string[]) {
  const sorted = [...rules].sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100)).map((rule) => ({
    rule,
    test: picomatch(walkedGlobs(rule), OPTS),
    exclude: rule.exclude?.length ? picomatch(rule.exclude, OPTS) : () => false,
    content: rule.content ? new RegExp(rule.content, 'm') : null,
  }));
  const ignored = picomatch(ignore, OPTS);
  return {
    isIgnored: (p: string) => ignored(p),
    match(change: Change): Rule | null {
      for (const c of sorted) {
        if (!c.test(change.path) && !(change.oldPath && c.test(change.oldPath))) continue;
        if (c.exclude(change.path)) continue;
        if (c.content && !change.hunks.some((h) => (change.status === 'deleted' ? h.removed : h.added).some((l) => c.content!.test(l)))) continue;
        return c.rule;
      }
      return null;
    },
  };
}

function change(path: string, oldPath: string | null = null, firstLine = ''): Change {
  return { status: oldPath ? 'renamed' : 'added', path, oldPath, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, removed: [], added: [firstLine] }] };
}

/**
 * Path pieces taken from the rules themselves (literal runs and brace alternatives), so
 * that random paths often come close to a rule: the filters must never reject a match.
 */
function piecesOf(globs: string[]): string[] {
  const out = new Set<string>(['', 'a', 'x1', '0001', 'V1__', 'U2__', '.', '_', '-', 'config', 'src', 'db', 'test', 'docs', '.github']);
  for (const g of globs) {
    for (const part of g.split(/[*?{},/[\]]+/)) if (part) out.add(part);
  }
  return [...out];
}

const allGlobs = [...BUILTIN_RULES.flatMap((r) => [...r.paths, ...(r.exclude ?? [])]), ...BUILTIN_IGNORES];
const PIECES = piecesOf(allGlobs);
const segment = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }).map((xs) => xs.join('') || 'a');
const pathArb = fc.array(segment, { minLength: 1, maxLength: 6 }).map((xs) => xs.join('/'));

describe('RuleMatcher', () => {
  const fast = new RuleMatcher(BUILTIN_RULES, BUILTIN_IGNORES);
  const slow = reference(BUILTIN_RULES, BUILTIN_IGNORES);

  it('routes like plain picomatch on paths built from the rules’ own pieces', () => {
    fc.assert(
      fc.property(pathArb, fc.option(pathArb, { nil: null }), fc.constantFrom('', '-- +goose Up', '-- migrate:up', 'apiVersion: v1', 'openapi: 3.0.0', 'package main'), (p, old, line) => {
        assert.equal(fast.isIgnored(p), slow.isIgnored(p), p);
        const c = change(p, old, line);
        assert.equal(fast.match(c)?.id ?? null, slow.match(c)?.id ?? null, `${old ?? ''} → ${p}`);
      }),
      { numRuns: 5_000 },
    );
  });

  it('matches a glob awaiting confirmation only through ruleFor, with the rule\'s exclusions', () => {
    assert.equal(fast.match(change('web/templates/page.tpl')), null);
    assert.equal(fast.ruleFor('helm.chart', 'web/templates/page.tpl')?.id, 'helm.chart');
    assert.equal(fast.ruleFor('helm.chart', 'web/templates/tests/t.tpl'), undefined, 'the built-in exclude');
    assert.equal(fast.ruleFor('helm.chart', 'web/page.tpl'), undefined, 'no glob of the rule');
    const excluded = new RuleMatcher(mergeRules(BUILTIN_RULES, [{ id: 'helm.chart', exclude: ['legacy/**'] }]), BUILTIN_IGNORES);
    assert.equal(excluded.ruleFor('helm.chart', 'legacy/templates/_h.tpl'), undefined, "the config's exclude");
    const narrowed = new RuleMatcher(mergeRules(BUILTIN_RULES, [{ id: 'helm.chart', paths: ['**/Chart.yaml'] }]), BUILTIN_IGNORES);
    assert.equal(narrowed.ruleFor('helm.chart', 'web/templates/page.tpl'), undefined, "the config's paths without the glob");
  });

  it('settles a content condition with the whole new file when the changed lines cannot', () => {
    const modified = (path: string, added: string[], status: Change['status'] = 'modified'): Change => ({
      status, path, oldPath: null, oldBlob: null, newBlob: null, binary: false,
      hunks: [{ oldStart: 6, oldLines: 1, newStart: 6, newLines: added.length, removed: ['  replicas: 2'], added }],
    });
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 3\n';
    const c = modified('deploy/app.yaml', ['  replicas: 3']);
    assert.equal(fast.matchChanged(c), undefined, 'the changed line does not tell');
    assert.equal(fast.match(c, manifest)?.id, 'kubernetes.manifest-content');
    assert.notEqual(fast.match(c, 'replicas: 3\n')?.id, 'kubernetes.manifest-content');
    assert.notEqual(fast.match(c)?.id, 'kubernetes.manifest-content', 'without the file: the changed lines only');
    // An added file's lines are the whole file: nothing to ask.
    assert.notEqual(fast.matchChanged(modified('deploy/app.yaml', ['  replicas: 3'], 'added')), undefined);
    assert.equal(fast.match(modified('deploy/app.yaml', ['kind: Deployment']))?.id, 'kubernetes.manifest-content', 'the changed line tells');
  });

  it('routes like plain picomatch on every glob turned into a path', () => {
    // Each glob with its wildcards filled in ("**/db/migrate/**/*.rb" → "x/db/migrate/x/x.rb"),
    // every brace alternative taken: paths that a rule matches for sure.
    for (const g of allGlobs) {
      for (const alt of expandAll(g)) {
        const p = alt.replace(/\*\*/g, 'x').replace(/\*/g, 'y').replace(/\?/g, 'z').replace(/\[[^\]]*\]/g, '1').replace(/^\//, '');
        for (const q of [p, `w/${p}`, p.replace(/^x\//, '')]) {
          assert.equal(fast.isIgnored(q), slow.isIgnored(q), q);
          assert.equal(fast.match(change(q))?.id ?? null, slow.match(change(q))?.id ?? null, `${g}: ${q}`);
          assert.equal(fast.match(change('other/name', q))?.id ?? null, slow.match(change('other/name', q))?.id ?? null, `${g}: renamed from ${q}`);
        }
      }
    }
  });

  it('keeps config rules that filters cannot handle (extglobs, negation, escapes)', () => {
    const rules: Rule[] = [
      { id: 'x.extglob', category: 'custom', title: 'x', paths: ['**/*.+(sql|ddl)'], severity: 'warning', requiresNote: true, priority: 1 },
      { id: 'x.escaped', category: 'custom', title: 'x', paths: ['**/\\[x\\].cfg'], severity: 'warning', requiresNote: true, priority: 2 },
      { id: 'x.dotslash', category: 'custom', title: 'x', paths: ['./deploy/*.sh'], severity: 'warning', requiresNote: true, priority: 3 },
      { id: 'x.single', category: 'custom', title: 'x', paths: ['**/{Procfile}'], severity: 'warning', requiresNote: true, priority: 4 },
    ];
    const fastX = new RuleMatcher(rules, ['!**/keep/**']);
    const slowX = reference(rules, ['!**/keep/**']);
    for (const p of ['db/a.ddl', 'db/a.sql', 'conf/[x].cfg', 'deploy/run.sh', 'Procfile', 'keep/a', 'other/a']) {
      assert.equal(fastX.match(change(p))?.id ?? null, slowX.match(change(p))?.id ?? null, p);
      assert.equal(fastX.isIgnored(p), slowX.isIgnored(p), p);
    }
    assert.equal(fastX.match(change('db/a.ddl'))?.id, 'x.extglob');
  });

  it('derives the filters from a glob', () => {
    assert.deepEqual(requiredLiterals('**/db/migrate/**/*.rb'), ['db/migrate']);
    assert.deepEqual(requiredLiterals('**/{config,conf}/{,prod/}*.{yml,yaml}')?.sort(), ['.yaml', 'conf', 'conf/prod', 'config', 'config/prod']);
    assert.deepEqual(requiredLiterals('**/db/changelog/**/*.{xml,yaml}'), ['db/changelog']);
    assert.deepEqual(requiredLiterals('**/{group_vars,host_vars}/**'), ['group_vars', 'host_vars']);
    assert.deepEqual(requiredLiterals('**/U[0-9]*__*.sql'), ['.sql']);
    assert.equal(requiredLiterals('**/{a,b}/*'), null);
    assert.equal(requiredLiterals('**/*.+(sql|ddl)'), null);
    assert.deepEqual(requiredTails('**/migrations/**/*.{js,ts}'), ['.js', '.ts']);
    assert.deepEqual(requiredTails('**/{config,conf}/{,settings/,prod/}*.{yml,json}'), ['.yml', '.json']);
    assert.deepEqual(requiredTails('**/Dockerfile'), ['Dockerfile']);
    assert.equal(requiredTails('**/Dockerfile*'), null);
    assert.equal(requiredTails('.github/**'), null);
    assert.equal(requiredTails('**/{Procfile}'), null);
    // Only what follows the last wildcard outside braces is expanded; the answers are the same.
    assert.deepEqual(requiredTails('**/{a,b}/{,x/,y/}*{/c,d}.{yml,json}'), ['c.yml', 'c.json', 'd.yml', 'd.json']);
    assert.equal(requiredTails('**/*.{a,b}[0-9]'), null);
    assert.deepEqual(requiredTails('**/x?{.a,.b}'), ['.a', '.b']);
  });
});

/** Every brace alternative of a glob (test helper; the globs here are small). */
function expandAll(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) {
      const body = glob.slice(open + 1, i);
      const parts: string[] = [];
      let d = 0;
      let from = 0;
      for (let j = 0; j < body.length; j++) {
        if (body[j] === '{') d++;
        else if (body[j] === '}') d--;
        else if (body[j] === ',' && d === 0) {
          parts.push(body.slice(from, j));
          from = j + 1;
        }
      }
      parts.push(body.slice(from));
      const rest = expandAll(glob.slice(i + 1));
      const out: string[] = [];
      for (const p of parts) for (const a of expandAll(p)) for (const b of rest) if (out.length < 200) out.push(glob.slice(0, open) + a + b);
      return out;
    }
  }
  return [glob];
}
