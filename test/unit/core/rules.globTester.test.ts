import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { globTester } from '../../../src/core/rules/matcher';
import { BUILTIN_IGNORES } from '../../../src/core/config/types';
import { GENERIC_EXCLUDE } from '../../../src/core/rules/packs/generic';

/**
 * globTester (the generic layer's exclusions, tried for most changed files) answers as
 * picomatch(globs, { dot: true }) does, with its shortcuts: `**\/NAME/**` globs by segment
 * lookup, the others behind their file-name tails per extension and their literals.
 */
describe('globTester equals picomatch', () => {
  const paths = [
    'doc', 'doc/x', 'test-data/./a', 'a/doc/../b', './doc/x', 'a/doc', 'a/doc/b/c', 'a/.x/doc/b', 'a/doc/.x', '.doc/x', 'xdoc/a', 'x/docs', 'docs/readme.md',
    'mocks', 'a/mocks/b.py', 'e2e/x.ts', 'a/e2e', 'scripts/dev-up/run.sh', 'scripts/devx/a', 'scripts/prod/a',
    'pkg/foo_test.go', 'src/FooTest.java', 'src/Tests.cs', 'a/x.spec.ts', 'a/x.spec', 'db/seeds.sql', 'db/seed.sql',
    'docker-compose.dev.yml', 'a/docker-compose-ci.yaml', 'docker-compose.yml', 'Dockerfile.dev', 'Dockerfile', 'dev.Dockerfile',
    'compose_override.yaml', '.github/workflows/a.yml', 'examples/a/b.yml', 'src/app.js', 'README', 'a/b/c.d.e', 'x/contrib',
    'contribx/a', '.woodpecker/a.yml', 'x/.woodpecker/a.yml', 'a/__fixtures__/b', 'src/testing/x.go', 'src/test_helpers.go',
  ];
  it('on the generic exclusions', () => {
    const expected = picomatch(GENERIC_EXCLUDE, { dot: true });
    const tester = globTester(GENERIC_EXCLUDE);
    for (const p of paths) assert.equal(tester(p), expected(p), p);
    assert.ok(paths.filter((p) => tester(p)).length > 20, 'the sample exercises matches');
  });
  it('on segment, brace and tail globs mixed', () => {
    const globs = ['**/{vendor,third_party}/**', '**/build/**', '**/*.{min.js,map}', 'static/**', '**/Makefile'];
    const expected = picomatch(globs, { dot: true });
    const tester = globTester(globs);
    const more = ['vendor', 'a/vendor/b', 'a/third_party', 'a/build/x', 'build', 'x/app.min.js', 'x/app.js', 'a.map', 'static/a', 'a/static/b', 'Makefile', 'a/Makefile', 'a/Makefile.am', 'a/vendors/x'];
    for (const p of [...paths, ...more]) assert.equal(tester(p), expected(p), p);
  });
  it('with globs that name no literal among those that do (a path with none of the literals tries only those)', () => {
    // `*.{js,ts}` and `**/?.md` name no literal of 2+ characters: a path without `vendor`,
    // `.min.` or `migrations` must still reach them, in order, and regex characters in a
    // literal (`a+b`, `x.y`) are text.
    const globs = ['**/vendor/**/*.js', '**/*.min.js', '*.{js,ts}', '**/migrations/**', '**/?.md', 'a+b/**', '**/x.y/*.ts'];
    const expected = picomatch(globs, { dot: true });
    const tester = globTester(globs);
    const more = ['app.js', 'src/app.js', 'a.ts', 'x/y/a.md', 'x/ab.md', 'a+b/c.txt', 'aab/c.txt', 'q/x.y/z.ts', 'q/xzy/z.ts', 'db/migrations/1.sql', 'lib/app.min.js', 'vendor/x/y.js'];
    // Many rounds: the one test of the literals is built once an extension's globs were tried on 32 paths.
    for (let round = 0; round < 40; round++) for (const p of [...paths, ...more]) assert.equal(tester(p), expected(p), `${p} (round ${round})`);
    assert.deepEqual(more.filter((p) => tester(p)), ['app.js', 'a.ts', 'x/y/a.md', 'a+b/c.txt', 'q/x.y/z.ts', 'db/migrations/1.sql', 'lib/app.min.js', 'vendor/x/y.js']);
  });
  it('on the built-in ignores (the repository profile asks them of every file of head), for paths built from their words and near misses', () => {
    const expected = picomatch([...BUILTIN_IGNORES], { dot: true });
    const tester = globTester([...BUILTIN_IGNORES]);
    const segs = ['src', 'node_modules', 'node_module', 'vendor', 'vendors', 'third_party', 'test', 'tests', 'testing', 'spec', 'specs', '__tests__', '__mocks__', 'fixtures', 'testdata', 'test-data', '.hidden', 'a.b'];
    const names = ['x.js', 'x.test.js', 'x.spec.ts', 'x_test.go', 'x_test.py', 'test_x.py', 'x_spec.rb', 'x.snap', 'snap', '.test.', 'test', 'spec', 'vendor', 'latest.js', 'x.snapshot', 'contest_x.py', 'x.tests.js', '.env', 'README.md'];
    let checked = 0;
    let ignored = 0;
    for (const a of segs)
      for (const b of ['', ...segs])
        for (const n of names) {
          const p = [a, b, n].filter(Boolean).join('/');
          for (const path of [p, n]) {
            assert.equal(tester(path), expected(path), path);
            checked++;
            if (expected(path)) ignored++;
          }
        }
    assert.ok(checked > 10_000 && ignored > 1_000 && ignored < checked - 1_000, `${ignored} of ${checked}`);
  });
});
