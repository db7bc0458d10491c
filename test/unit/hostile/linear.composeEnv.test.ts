/**
 * The YAML env reader (analyzers/env.ts yamlRefs: yamlKeyOf, the blocks above an env entry and
 * its compose service) stays linear: a compose list item of a long run of spaces without a colon
 * above an `environment:` block (review12 F9); one service of thousands of env entries, as a map,
 * as a list and as Kubernetes `- name:` entries, and thousands of services (review12 F8).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { extractEnvRefs } from '../../../src/core/analyzers/env';
import { assertLinearPrepared, repeatTo } from './timing';

const many = (head: string, unit: (k: number) => string) => (size: number) => {
  let out = head;
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out;
};
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

  const SHAPES: Record<string, [(size: number) => string, string]> = {
    oneServiceMap: [many('services:\n  db:\n    image: postgres:16\n    environment:\n', (k) => `      PG_SETTING_${k}: "x"\n`), 'postgres'],
    oneServiceList: [many('services:\n  db:\n    image: redis:7\n    environment:\n', (k) => `      - REDIS_SETTING_${k}=x\n`), 'redis'],
    manyServices: [many('services:\n', (k) => `  s${k}:\n    image: mysql:8\n    environment:\n      MYSQL_A_${k}: "x"\n`), 'mysql'],
  };
  for (const [name, [make, image]] of Object.entries(SHAPES)) {
    it(name, () => {
      const refs = run(make(200))();
      assert.ok(refs.length > 0 && refs.every((r) => r.kind === 'declare' && r.image === image), JSON.stringify(refs));
      assertLinearPrepared(`compose env ${name}`, make, run);
    });
  }
  it('a Kubernetes container of thousands of `- name:` env entries', () => {
    const make = many('spec:\n  containers:\n    - name: app\n      env:\n', (k) => `        - name: APP_SETTING_${k}\n          value: "x"\n`);
    assert.ok(run(make(200))().some((r) => r.name === 'APP_SETTING_0'));
    assertLinearPrepared('manifest env entries', make, (text) => {
      const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
      return () => extractEnvRefs('k8s/deployment.yaml', lines, { fullText: text });
    });
  });
});
