/**
 * The shell reader's guarded defaults (`[ -n "$X" ] || X=…`, `if [ -z "$X" ]; then` before
 * `X=…`; analyzers/env.ts guardedDefault) stay linear: one line of thousands of distinct guarded
 * assignments, a line of spaces before an assignment, thousands of `if … then` lines each before
 * one, a guard that never closes, and declarations of many names (`declare A="$1" B="$2" …`).
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
  // emptiness tests before the first assignment (testedFirst), a `read` of thousands of options, `${A=d}` groups
  testsThenAssignments: many((k) => `[ -z "\${A${k}}" ] && [ -n "$B${k}" ]\n`),
  readManyOptions: (s) => 'read ' + repeatTo('-p ', s - 8) + 'A',
  assignDefaults: many((k) => `: "\${A${k}=d}" {A${k}=1; `),
  // declarations of many names (env.ts declaredNames): keywords as names, values that never close
  declareManyNames: many((k) => `declare A${k}="$${k}" `),
  localOfLocals: (s) => 'local ' + repeatTo('local ', s - 8),
  declareUnclosedValue: (s) => 'declare A=1 B="$(' + repeatTo('( ${ ', s - 20),
  manyDeclarationKeywords: (s) => repeatTo('x local ', s),
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
  it('an executable without an extension, one long line', () => {
    assertLinearPrepared('shell script without extension', (size) => `#!/command/with-contenv bash\n${SHAPES.testsThenAssignments(size)}\n`, (text) => {
      const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
      return () => extractEnvRefs('rootfs/etc/cont-init.d/10-app', lines, { fullText: text });
    });
  });
  it("a Dockerfile's ENV continuation line of many pairs, and one that never closes its quote", () => {
    for (const make of [many((k) => ` A${k}_X="v ${k}"`), (s: number) => ' A_X="' + repeatTo('\\" ', s - 8)]) {
      assertLinearPrepared('dockerfile env continuation', (size) => make(size), (text) => () => extractEnvRefs('Dockerfile', [{ line: 1, text }], { presence: true }));
    }
  });
});
