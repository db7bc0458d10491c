/**
 * One definition of test code by path (src/core/util/testPaths.ts), shared by env's test
 * switches (isEnvNoisePath) and the option and settings checks' operator code (isOperatorCode).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOperatorCode } from '../../../src/core/analyzers/cliOptions';
import { isEnvNoisePath } from '../../../src/core/analyzers/env';
import { isTestCodePath } from '../../../src/core/util/testPaths';

const TEST_CODE = ['a/tests.rs', 'x-test/src/a.rs', 'x_tests/a.py', 'App.Tests/A.cs', 'UnitTest/A.cs', 'src/integrationTest/kotlin/A.kt', 'src/FooTests.cs', 'unit-tests/a.go', 'run-tests.sh', 'lib/unittest/a.py', 'pkg/testdata/a.go', 'web/e2e/a.ts', 'acceptance_tests/a.py', 'e2e_testing/a.go'];
const NOT_TEST_CODE = ['src/latest/a.go', 'attest/main.go', 'contest.py', 'src/Attestation.cs', 'lib/ZwaveClient.ts', 'docker/entrypoint.sh', 'api-spec.yaml', 'pytest.ini', 'src/testing.rs', 'greatest/a.go', 'src/contests/a.go'];

describe('test code by path: one definition for env and the option and settings checks', () => {
  it('test folders and test files, in any layout; look-alike words are none', () => {
    for (const p of TEST_CODE) assert.ok(isTestCodePath(p), p);
    for (const p of NOT_TEST_CODE) assert.ok(!isTestCodePath(p), p);
  });

  it('env: a read in test code is a test switch; the option and settings checks: test code is no operator code', () => {
    for (const p of TEST_CODE) {
      assert.ok(isEnvNoisePath(p), p);
      assert.ok(!isOperatorCode(p), p);
    }
    for (const p of ['src/latest/a.go', 'attest/main.go', 'src/Attestation.cs', 'greatest/a.go', 'src/contests/a.go']) {
      assert.ok(!isEnvNoisePath(p), p);
      assert.ok(isOperatorCode(p), p);
    }
  });
});
