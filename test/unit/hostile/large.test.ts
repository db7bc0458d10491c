/**
 * 1 MB inputs of many short lines or keys: no analyzer passes one argument per line or key to a
 * function (`Math.min(...lines)`, `push(...keys)`), which overflows the stack past ~100 K.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANALYZER_CASES, runCase, type AnalyzerCase } from './analyzerCases';
import { repeatTo } from './timing';

const MB = 1024 * 1024;
const caseOf = (a: AnalyzerCase['analyzer']): AnalyzerCase => ANALYZER_CASES.find((c) => c.analyzer === a)!;

describe('1 MB of short lines', () => {
  it('env reads of a JS file of 300 K blank lines (the multi-line destructuring pass)', () => {
    const c = caseOf('env-refs');
    const refs = runCase(c, { path: 'src/app.ts', wrap: (s) => s }, 'const { DATABASE_URL } = process.env;\n' + '\n'.repeat(300_000)) as unknown[][];
    assert.deepEqual((refs[0] as { name: string }[]).map((r) => r.name), ['DATABASE_URL']);
  });

  it('config keys of a .properties file of 200 K keys', () => {
    const c = caseOf('config-keys');
    const keys = Array.from({ length: 200_000 }, (_, i) => `k${i}=1`).join('\n');
    assert.ok(Array.isArray(runCase(c, { path: 'config/app.properties', wrap: (s) => s }, keys)));
  });

  it('a SQL migration of 150 K one-line statements', () => {
    const c = caseOf('sql');
    const findings = runCase(c, { path: 'db/migrations/001_init.sql', wrap: (s) => s }, repeatTo('DROP TABLE a;\n', 150_000 * 14)) as unknown[];
    assert.ok(Array.isArray(findings));
  });
});
