import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { BUILTIN_IGNORES } from '../../../src/core/config/types';
import { globNeedles, prefilteredGlobs } from '../../../src/core/util/globFilter';

/**
 * The repository profile asks of every file of head whether the built-in ignores hold it; a
 * substring test first (prefilteredGlobs) must give picomatch's answer for every path.
 */
describe('prefilteredGlobs: picomatch, asked only of paths that hold a glob’s literal text', () => {
  const slow = picomatch([...BUILTIN_IGNORES], { dot: true });
  const fast = prefilteredGlobs(BUILTIN_IGNORES);

  it('takes the longest literal run of each built-in ignore', () => {
    assert.deepEqual(globNeedles(BUILTIN_IGNORES), ['node_modules', 'vendor', 'third_party', 'test', 'tests', 'spec', '__tests__', '__mocks__', 'fixtures', 'testdata', 'test-data', '.test.', '.spec.', '_test.go', '_test.py', 'test_', '_spec.rb', '.snap']);
  });

  it('answers as picomatch for paths built from the globs’ own words and their near misses', () => {
    const segs = ['src', 'node_modules', 'node_module', 'vendor', 'vendors', 'third_party', 'test', 'tests', 'testing', 'spec', 'specs', '__tests__', '__mocks__', 'fixtures', 'testdata', 'test-data', '.hidden', 'a.b'];
    const names = ['x.js', 'x.test.js', 'x.spec.ts', 'x_test.go', 'x_test.py', 'test_x.py', 'x_spec.rb', 'x.snap', 'snap', '.test.', 'test', 'spec', 'vendor', 'latest.js', 'x.snapshot', 'contest_x.py', 'x.tests.js', '.env', 'README.md'];
    let checked = 0;
    let ignored = 0;
    for (const a of segs)
      for (const b of ['', ...segs])
        for (const n of names) {
          const p = [a, b, n].filter(Boolean).join('/');
          for (const path of [p, n]) {
            assert.equal(fast(path), slow(path), path);
            checked++;
            if (slow(path)) ignored++;
          }
        }
    assert.ok(checked > 10_000 && ignored > 1_000 && ignored < checked - 1_000, `${ignored} of ${checked}`);
  });

  it('leaves globs it cannot read to picomatch alone', () => {
    assert.equal(globNeedles(['**/*.{js,ts}']), null);
    assert.equal(globNeedles(['**/*']), null);
    const m = prefilteredGlobs(['**/*.{js,ts}', '**/vendor/**']);
    assert.equal(m('a/b.ts'), true);
    assert.equal(m('a/b.py'), false);
  });
});
