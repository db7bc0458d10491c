/**
 * The shell reader's guarded defaults (`[ -n "$X" ] || X=…`, `if [ -z "$X" ]; then` before
 * `X=…`; analyzers/env.ts guardedDefault) stay linear: one line of thousands of distinct guarded
 * assignments, a line of spaces before an assignment, thousands of `if … then` lines each before
 * one, and a guard that never closes.
 */
import { describe, it } from 'node:test';
import { extractEnvRefs } from '../../../src/core/analyzers/env';
import { assertLinearPrepared, repeatTo } from './timing';

const many = (unit: (k: number) => string) => (size: number) => {
  let out = '';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out.slice(0, size);
};
const SHAPES: Record<string, (size: number) => string> = {
  oneLineOfGuards: many((k) => `[ -n "$A${k}" ] || A${k}=d; `),
  oneLineOfAssignments: many((k) => `A${k}=; `),
  spacesThenAssignment: (s) => repeatTo(' ', s - 4) + 'A=1',
  ifThenLines: many((k) => `if [ -z "$A${k}" ] ; then\n  A${k}=d\nfi\n`),
  longIfThen: (s) => 'if [ -z "$A" ] ' + repeatTo(' ', s - 30) + '; then\nA=d\n',
  unclosedGuard: (s) => '[ -z "$A' + repeatTo('" && ', s - 10) + 'A=d',
};

describe('guarded shell defaults are read in linear time', () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    it(name, () => {
      assertLinearPrepared(`shell guard ${name}`, (size) => `#!/bin/sh\n${make(size)}\necho "$A"\n`, (text) => {
        const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
        return () => extractEnvRefs('bin/server-env.sh', lines, { fullText: text });
      });
    });
  }
});
