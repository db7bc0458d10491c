/**
 * The YAML env reader (analyzers/env.ts yamlRefs: yamlKeyOf, the blocks above an env entry and
 * its compose service) stays linear: a compose list item of a long run of spaces without a colon
 * above an `environment:` block (review12 F9).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { extractEnvRefs } from '../../../src/core/analyzers/env';
import { assertLinearPrepared, repeatTo } from './timing';

const run = (text: string) => {
  const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
  return () => extractEnvRefs('docker-compose.yml', lines, { fullText: text });
};

describe('compose env blocks are read in linear time', () => {
  it('a list item of spaces without a colon above an environment block', () => {
    const make = (size: number) => `services:\n  app:\n    build: .\n    command:\n      - x${repeatTo(' ', size)}y\n    environment:\n      APP_URL: "x"\n`;
    assert.deepEqual(run(make(10))().map((r) => r.name), ['APP_URL']);
    assertLinearPrepared('compose list item of spaces', make, run);
  });
});
