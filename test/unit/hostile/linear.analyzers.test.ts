/**
 * Every analyzer (and the env-ref reader of the engine's env pass) on 10 KB and 100 KB of
 * adversarial shapes: the 100 KB case costs < 20× the 10 KB one and < 2 s (issue 16).
 * The cases (files × shapes) are in analyzerCases.ts; timings in timing.ts. This file runs the
 * config-reading analyzers; linear.analyzers.code.test.ts the code-reading ones.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANALYZER_CASES, CODE_ANALYZERS, CONFIG_ANALYZERS, describeLinear } from './analyzerCases';

describe('the linearity suite covers every analyzer case', () => {
  it('each case of analyzerCases.ts is in exactly one of the two test files', () => {
    for (const c of ANALYZER_CASES) {
      assert.equal(Number(CONFIG_ANALYZERS.includes(c.analyzer)) + Number(CODE_ANALYZERS.includes(c.analyzer)), 1, c.analyzer);
    }
  });
});

describeLinear(CONFIG_ANALYZERS);
