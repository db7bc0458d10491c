/**
 * Content conditions run on a linear-time engine: a repository's `^(a+)+$` does not stall
 * a run, a pattern needing backtracking is a config error naming the rule, and every
 * built-in pattern compiles on that engine (so none of them backtracks either).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_IGNORES } from '../../../src/core/config/types';
import { validateConfigText } from '../../../src/core/config/validate';
import { compileLinear, PatternError } from '../../../src/core/rules/linearRegex';
import { RuleMatcher } from '../../../src/core/rules/matcher';
import { BUILTIN_RULES } from '../../../src/core/rules/packs';
import type { Rule } from '../../../src/core/rules/rule';
import type { Change } from '../../../src/core/types';
import { isReleaseDocument } from '../../../src/core/util/releaseDocs';
import { SHAPES, assertLinear, bestOf, repeatTo } from './timing';

const added = (path: string, text: string): Change => {
  const lines = text.split('\n');
  return { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: lines.length, removed: [], added: lines }] };
};

describe('content conditions: linear engine', () => {
  it("`^(a+)+$` on 100 KB of a's and a b answers at once, and matches what V8 would", () => {
    const rule: Rule = { id: 'x.evil', category: 'custom', title: 'Evil', paths: ['**'], severity: 'warning', requiresNote: true, priority: 1, content: '^(a+)+$' };
    const m = new RuleMatcher([rule], []);
    const text = 'a'.repeat(100 * 1024) + 'b';
    let got: unknown = 'unset';
    // CPU time (timing.ts): the wall clock of a loaded 2-core machine measures the neighbours
    const ms = bestOf(() => (got = m.match(added('x.txt', text), text)), 1);
    assert.equal(got, null);
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms of CPU`);
    assert.equal(m.match(added('x.txt', 'aaa'), 'aaa')?.id, 'x.evil');
    assertLinear('content ^(a+)+$', (size) => 'a'.repeat(size - 1) + 'b', (t) => m.match(added('x.txt', t), t));
  });

  it('a pattern that needs backtracking is a config error naming the rule; an invalid one too', () => {
    const text = ['rules:', '  - id: x.backref', "    paths: ['**']", '    content: "(a)\\\\1"', '  - id: x.look', "    paths: ['**']", '    content: "foo(?=bar)"', '  - id: x.broken', "    paths: ['**']", '    content: "([a-z"', ''].join('\n');
    const { config, problems } = validateConfigText(text);
    assert.equal(config, undefined);
    const bad = problems.filter((p) => p.code === 'bad-regex');
    assert.deepEqual(bad.map((p) => p.line), [4, 7, 10]);
    assert.match(bad[0]!.message, /rules\[0\]\.content: rule 'x\.backref': needs backtracking/);
    assert.match(bad[1]!.message, /rule 'x\.look': needs backtracking/);
    assert.match(bad[2]!.message, /rule 'x\.broken': not a valid regular expression/);
    assert.throws(() => compileLinear('(a)\\1'), (e: unknown) => e instanceof PatternError && e.needsBacktracking);
  });

  it('every built-in content pattern compiles on the linear engine and agrees with V8 on samples', () => {
    const withContent = BUILTIN_RULES.filter((r) => r.content);
    assert.ok(withContent.length >= 5);
    const samples = ['openapi: 3.0.0', 'type Query {', '-- +goose Up', 'apiVersion: apps/v1', 'kind: Deployment', 'class AppConfig:', '"buildpacks": [', 'runtime: python39', '', '   ', 'x'];
    for (const r of withContent) {
      const lin = compileLinear(r.content!);
      const js = new RegExp(r.content!, 'm');
      for (const s of samples) assert.equal(lin.test(s), js.test(s), `${r.id} on ${JSON.stringify(s)}`);
    }
  });

  it('the built-in rules match hostile files in linear time', () => {
    const m = new RuleMatcher(BUILTIN_RULES, []);
    const paths = ['api/schema.graphql', 'openapi.yaml', 'deploy/app.yaml', 'db/migrations/001.sql', 'app.json', 'template.yaml', 'config.py', 'main.go'];
    for (const name of ['blankLines', 'spaces', 'tabsCrLines', 'colonSpaces']) {
      assertLinear(`built-in rules ${name}`, SHAPES[name]!, (t) => paths.map((p) => m.match(added(p, t), t)));
    }
  });
  it('the built-in rules and ignores match hostile paths in linear time (one test of all the literals first)', () => {
    const m = new RuleMatcher(BUILTIN_RULES, BUILTIN_IGNORES);
    // Folders named after the literals of many globs (each test finds one), and a name with none.
    const near = (size: number) => `${repeatTo('migrations/config/', size)}x.js`;
    const none = (size: number) => `${repeatTo('qqqq/', size)}x.js`;
    for (const [name, make] of [['literal-rich path', near], ['literal-free path', none]] as const) {
      assertLinear(`built-in rules on a ${name}`, make, (p) => [m.isIgnored(p), m.match(added(p, 'x'), 'x')]);
    }
  });
  it('the release-document test (every changed path and head file) is linear in the path', () => {
    const shapes: [string, (size: number) => string][] = [
      ['fragment folders', (size) => `${repeatTo('changelogs/', size)}1.feature.yaml`],
      ['schema folders', (size) => `${repeatTo('changes/db/', size)}changelog.yaml`],
      ['a name of dots', (size) => repeatTo('.feature', size)],
      ['a long changelog name', (size) => `CHANGELOG-${repeatTo('-', size)}.md`],
    ];
    for (const [name, make] of shapes) assertLinear(`isReleaseDocument on ${name}`, make, (p) => isReleaseDocument(p));
  });
});
