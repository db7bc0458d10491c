/**
 * Env precision read in session 9 from the ex-holdout-v7 false names (issue 11): names read only by
 * test code that the engine's ignores do not cover (a Rust `tests.rs` module, a `…-test` support
 * crate, a .NET `UnitTest/` project and its `…Tests.cs` classes), and a template that is a script
 * (`AppRun.template` starting with `#!/bin/bash`), where `${HERE}` after `HERE=…` is the script's
 * own variable.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { isTestCodePath } from '../../../src/core/util/testPaths';
import { TestRepo } from '../../helpers/repo';
import { addedIn } from '../../helpers/envFindings';

describe('names read only by test code outside the ignored test folders', () => {
  const repo = new TestRepo('envtestcode');
  after(() => repo.dispose());
  const rs = (reads: string[]) => ['pub fn run() {', ...reads, '}', ''].join('\n');
  const cs = (reads: string[]) => ['namespace App;', 'public class Runner {', '  public void Run() {', ...reads, '  }', '}', ''].join('\n');
  it('a `tests.rs` module, a `-test` crate, a camel-case `UnitTest/` project and a `…Tests.cs` class add nothing; the server code beside them does', async () => {
    const files = (on: boolean): Record<string, string> => ({
      'node-consensus/src/transaction/tests.rs': rs(on ? ['    let cov = std::env::var("CARGO_LLVM_COV").unwrap_or_default();'] : []),
      'node-test/src/net.rs': rs(on ? ['    let skip = std::env::var("SKIP_IPV6_TESTS").is_ok();'] : []),
      'App/UnitTest/ParityIntegrationTests.cs': cs(on ? ['    var p = Environment.GetEnvironmentVariable("PAR2_PROGRAM_PATH") ?? "par2";'] : []),
      'LiveTests/App.Backend.Tests/Filen/FilenTests.cs': cs(on ? ['    var k = Environment.GetEnvironmentVariable("TESTCREDENTIAL_FILEN_APIKEY") ?? "";'] : []),
      // look-alikes that are server code: `latest/`, `attest/`, a class whose name ends in `test` in lower case
      'src/latest/config.rs': rs(on ? ['    let dir = std::env::var("NODE_CACHE_DIR").unwrap_or_default();'] : []),
      'App/Attest/Attest.cs': cs(on ? ['    var u = Environment.GetEnvironmentVariable("APP_ATTEST_URL") ?? "";'] : []),
    });
    repo.commit('init', files(false));
    repo.checkout('feature', true);
    repo.commit('reads', files(true));
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    for (const n of ['CARGO_LLVM_COV', 'SKIP_IPV6_TESTS', 'PAR2_PROGRAM_PATH', 'TESTCREDENTIAL_FILEN_APIKEY']) assert.ok(!r.envVars.added.includes(n), `${n}: ${JSON.stringify(r.envVars.added)}`);
    assert.ok(r.envVars.added.includes('NODE_CACHE_DIR'), JSON.stringify(r.envVars.added));
    assert.ok(r.envVars.added.includes('APP_ATTEST_URL'), JSON.stringify(r.envVars.added));
  });
  it('a name a test crate stops reading is not removed', async () => {
    repo.checkout('main');
    repo.checkout('drop', true);
    repo.commit('base reads', { 'node-test/src/net.rs': rs(['    let skip = std::env::var("NODE_SKIP_IPV6_TESTS").is_ok();']) });
    repo.checkout('drop2', true);
    repo.commit('rename', { 'node-test/src/net.rs': rs([]) });
    const r = await analyze({ repo: repo.dir, base: 'drop', head: 'drop2' });
    assert.deepEqual(r.envVars.removed, []);
  });
  it('which paths are test code', () => {
    for (const p of ['a/tests.rs', 'x-test/src/a.rs', 'x_tests/a.py', 'App.Tests/A.cs', 'UnitTest/A.cs', 'src/integrationTest/kotlin/A.kt', 'src/FooTests.cs', 'unit-tests/a.go', 'run-tests.sh']) assert.ok(isTestCodePath(p), p);
    for (const p of ['src/latest/a.go', 'attest/main.go', 'contest.py', 'src/Attestation.cs', 'lib/ZwaveClient.ts', 'docker/entrypoint.sh', 'api-spec.yaml', 'pytest.ini', 'src/testing.rs']) assert.ok(!isTestCodePath(p), p);
  });
});

describe('a template that is a script', () => {
  const repo = new TestRepo('envscripttemplate');
  after(() => repo.dispose());
  it('`${HERE}` after `HERE=…` in an `AppRun.template` starting with `#!/bin/bash` is no setting; a read with a default is', async () => {
    repo.commit('init', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('appimage', {
      'packaging/appimage/AppRun.template': [
        '#!/bin/bash',
        'set -e',
        '',
        'HERE="$(dirname "$(readlink -f "${0}")")"',
        'export PATH="${HERE}/usr/bin/:${PATH}"',
        'LEVEL="${APP_LOG_LEVEL:-info}"',
        'exec "${HERE}/usr/bin/app" --log-level "$LEVEL" "$@"',
        '',
      ].join('\n'),
      // a config template, no `#!`: its `${X}` is the environment's
      'deploy/nginx.conf.template': 'server {\n  listen ${APP_PORT};\n}\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.ok(!r.envVars.added.includes('HERE'), JSON.stringify(r.envVars.added));
    assert.ok(r.envVars.added.includes('APP_LOG_LEVEL'), JSON.stringify(r.envVars.added));
    assert.ok(r.envVars.added.includes('APP_PORT'), JSON.stringify(r.envVars.added));
  });
});

describe('a shell default given only when the environment left the variable empty', () => {
  const repo = new TestRepo('envshellguard');
  after(() => repo.dispose());
  it('`[ -n "$X" ] || X=…`, `[ "x" = "x$X" ] && X=…` and `if [ -z "$X" ]; then X=…` read X as an optional setting; a variable the script set first, or an `[ -z "$X" ] || X=…` transform, is none', async () => {
    const script = (extra: string[]) => [
      '#!/bin/sh',
      'DEFAULT_MAX_PROCS=1048576',
      ...extra,
      'LOCAL_Y=1',
      '[ -n "$LOCAL_Y" ] && LOCAL_Y=2',
      '[ -z "$LOCAL_X" ] || LOCAL_X=other',
      'exec server +P "$SRV_MAX_PROCS" --bind "$SRV_BIND" --out "$SRV_OUT" "$LOCAL_X" "$LOCAL_Y"',
      '',
    ].join('\n');
    repo.commit('init', { 'bin/server-env.sh': script([]) });
    repo.checkout('feature', true);
    repo.commit('settings', {
      'bin/server-env.sh': script([
        '[ -n "$SRV_MAX_PROCS" ] || SRV_MAX_PROCS="$DEFAULT_MAX_PROCS"',
        '[ "x" = "x$SRV_BIND" ] && SRV_BIND=db',
        'if [ -z "$SRV_OUT" ] ; then',
        '  SRV_OUT=/var/log/server.out',
        'fi',
        // Kafka's bin/kafka-console-consumer.sh
        'if [ "x$SRV_HEAP_OPTS" = "x" ]; then',
        '    export SRV_HEAP_OPTS="-Xmx512M"',
        'fi',
      ]),
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'bin/server-env.sh'), ['SRV_BIND?', 'SRV_HEAP_OPTS?', 'SRV_MAX_PROCS?', 'SRV_OUT?']);
    for (const n of ['LOCAL_X', 'LOCAL_Y', 'DEFAULT_MAX_PROCS']) assert.ok(!r.envVars.added.includes(n), n);
  });
});
