/**
 * Test code by its path: the one definition the analyzers that set test code aside share (env's
 * test switches, `isTestCodePath`; the option and settings checks' operator code,
 * `analyzers/cliOptions.ts` isOperatorCode). The engine's ignores (BUILTIN_IGNORES: `test/`,
 * `tests/`, `testdata/`, `*.test.*`, `*_test.go`…) already drop most test files from a range;
 * these name the ones they miss, and the head lines of tests a check must not count.
 */
import { memoByPath } from './memoByPath';

/**
 * A test folder: a test crate or project named for what it tests (`zebra-test/`,
 * `Duplicati.Backend.Tests/`, `my_lib_tests/`, `unit-tests/`, `unittest/`, `systemtest/`, `acceptance-tests/`,
 * `smoketests/`, `loadtest/`), a test data or
 * browser end-to-end folder (`testdata/`, `e2e/`), a camel-case one (.NET `UnitTest/`,
 * `LiveTests/`, Gradle `integrationTest/`). `latest/`, `contest/`, `attest/` are none (the word
 * must follow a separator or a lower-case letter before a capital T).
 */
const TEST_DIR = /^(?:(?:[\w.-]*[-_.])?(?:unit[-_]?|integration[-_]?|system[-_]?|acceptance[-_]?|functional[-_]?|smoke[-_]?|load[-_]?|perf[-_]?|stress[-_]?|regression[-_]?)?(?:tests?|testing)|testdata|e2e)$/i;
const CAMEL_TEST_DIR = /[a-z0-9]Test(?:s|ing)?$/;
/** A test file by its name: Rust's and Django's `tests.rs` / `tests.py`, `foo_tests.rs`, `test-utils.ts`, .NET `FooTests.cs`. */
const TEST_STEM = /(?:^|[._-])tests?(?:[._-]|$)/i;
const CAMEL_TEST_STEM = /[a-z0-9]Tests?$/;

/** Whether one folder name of a path names a test folder. */
export function isTestDirName(name: string): boolean {
  return TEST_DIR.test(name) || CAMEL_TEST_DIR.test(name);
}

/** Whether a file's name (without its folders) names a test file; its last extension is not read. */
export function isTestFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return TEST_STEM.test(stem) || CAMEL_TEST_STEM.test(stem);
}

/**
 * Test code outside the folders the engine ignores: a name read only there is a test's switch
 * (`SKIP_NETWORK_TESTS`, `TESTCREDENTIAL_…`, a coverage tool's `CARGO_LLVM_COV`), never an
 * operator's setting; an option or setting named only there is not kept by the server. Kept by
 * path: env, the option and settings checks ask for one changed file several times (issue 17).
 */
export const isTestCodePath: (path: string) => boolean = memoByPath(isTestCodePathUncached);

function isTestCodePathUncached(path: string): boolean {
  const segs = path.split('/');
  for (let i = 0; i < segs.length - 1; i++) if (isTestDirName(segs[i])) return true;
  return isTestFileName(segs[segs.length - 1]);
}

/**
 * A developer tool's own config script by its name (`b`: the base name, lower-cased), a name that is one by
 * construction: a linter's, bundler's, test runner's or build tool's (`eslint.config.mjs`, `webpack.config.js`,
 * `webpack.prod.js`, `.eslintrc.cjs`, `jest.config.cjs`, `gulpfile.js`, `noxfile.py`, `conftest.py`, `setup.py`,
 * `build.rs`, a gemspec, `Rakefile`). A tool name that is also an ordinary word (release, turbo, ava, changeset,
 * babel, playwright, cypress) counts only as `<tool>.config.*` or `<tool>rc*`: `release-scheduler.ts`,
 * `turbo-server.js`, `changeset-store.ts` are the server's code; so are `tasks.py` (a Celery app's task module) and
 * `build.py` (review16 F2). What such a script reads (`plugin.configs['recommended-flat']`) is the developer's, never
 * the operator's: the option and settings checks do not read it as the server's code (analyzers/cliOptions.ts
 * isOperatorCode; session 16: Lactoserv's `src/eslint.config.mjs` switching a plugin preset read as a config key the
 * program stopped reading).
 */
export function isDevToolConfigName(b: string): boolean {
  if (/^(webpack|rollup|vite|vitest|jest|karma|gulpfile|gruntfile|eslint|\.eslintrc|prettier|\.prettierrc|tsup|esbuild|commitlint|lint-staged|postcss|tailwind|stylelint|\.stylelintrc|wdio|protractor|nightwatch|dangerfile|jakefile|\.mocharc|snowpack|knip|semantic-release)(\.[\w.\-]*)?\.(c|m)?[jt]sx?$/.test(b)) return true;
  if (/^(?:(release|turbo|ava|changeset|babel|playwright|cypress)\.config|\.?(release|ava|babel)rc)(\.[\w.\-]*)?\.(c|m)?[jt]sx?$/.test(b)) return true;
  if (/^(setup|noxfile|conftest|fabfile|hatch_build)\.py$/.test(b)) return true;
  return b === 'build.rs' || b.endsWith('.gemspec') || b === 'rakefile' || b === 'gemfile' || b === 'pyproject.toml' || b === 'package.json' || b === 'cargo.toml';
}

/**
 * A developer tool's config or task script by a wider guess (isDevToolConfigName, and names that start with a tool's
 * word: `release-it.js`, `turbo-ignore.js`, `playwright-setup.ts`, `tasks.py`, `build.py`): env leaves its reads out
 * (analyzers/env.ts isEnvNoisePath), where a miss only hides an env read a tool makes. Not for the option and
 * settings checks (review16 F2: `tasks.py`, `release-scheduler.ts` are server code there).
 */
export function isDevToolFileName(b: string): boolean {
  if (isDevToolConfigName(b)) return true;
  if (/^(webpack|rollup|vite|vitest|jest|karma|babel|playwright|cypress|gulpfile|gruntfile|eslint|\.eslintrc|prettier|\.prettierrc|tsup|esbuild|commitlint|lint-staged|postcss|tailwind|stylelint|\.stylelintrc|wdio|protractor|nightwatch|dangerfile|jakefile|\.mocharc|ava|snowpack|turbo|knip|release|semantic-release|changeset)([.\-][\w.\-]*)?\.(c|m)?[jt]sx?$/.test(b)) return true;
  return /^(tasks|build)\.py$/.test(b);
}
