/**
 * The repository profile reads every hit of its config-reader grep (profile/learn.ts) with
 * CONFIG_READ_LINE, whose `(conf|…)[A-Za-z_]*` backtracks over each letter run: O(length²) on one
 * long line (review9 F2: a 160 KB line of `confconf…` took 19.6 s). A hit line longer than 2,000
 * characters is minified or machine-written and is not read: learning stays fast, and the short
 * field-tag lines of the same repository still make its settings struct a config reader.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GrepHit } from '../../../src/core/git/gitSource';
import { learnProfile, type ProfileSource } from '../../../src/core/profile/learn';

function source(hits: GrepHit[]): ProfileSource {
  const paths = [...new Set(hits.map((h) => h.path))];
  return {
    listFiles: async () => paths,
    grep: async (_rev, words) => (words.some((w) => w.includes('mapstructure')) ? hits : []),
    readFiles: async () => new Map(),
  };
}

describe('profile learning is linear on a long config-grep hit line', () => {
  it('a 160 KB line of `conf…` with a field tag is skipped in well under a second; short tag lines still make a config reader', async () => {
    const tags: GrepHit[] = Array.from({ length: 6 }, (_, k) => ({ path: 'pkg/config/config.go', line: 3 + k, text: `\tField${k} string \`toml:"field_${k}"\`` }));
    const long: GrepHit = { path: 'pkg/blob/blob.go', line: 1, text: `var x = "${'conf'.repeat(40 * 1024)} toml:\\"Abc\\""` };
    const c0 = process.cpuUsage();
    const profile = await learnProfile(source([...tags, long]), 'HEAD', 'tree');
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    assert.ok(ms < 2000, `learnProfile took ${ms.toFixed(0)} ms of CPU`);
    assert.deepEqual(profile.configReaders.map((r) => r.path), ['pkg/config/config.go']);
  });
});
