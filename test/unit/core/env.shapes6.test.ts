/**
 * Env shapes of session 7 (issue 11: the ex-holdout-v5 projects' misses), each on a real
 * repository with a decoy beside it:
 * - a container image's env-defaults file that the entrypoint sources: `X=${X:-default}` is a
 *   setting read from the environment (optional), and deleting that line removes the setting;
 *   a variable the script assigns before defaulting it, and a test script's defaults, are none.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { addedIn, type Report } from '../../helpers/envFindings';

describe("an image's env-defaults file: X=${X:-default}", () => {
  const repo = new TestRepo('envdefaults');
  after(() => repo.dispose());
  const defaults = (lines: string[]) => ['#!/bin/bash', '', 'DEBUG=${DEBUG:-$DEBUG_ENTRYPOINT}', ...lines, ''].join('\n');
  const loop = (extra: string) => ['#!/bin/bash', 'RETRY_COUNT=3', extra, 'while [ "$RETRY_COUNT" -gt 0 ]; do RETRY_COUNT=$((RETRY_COUNT-1)); done', ''].join('\n');
  repo.commit('init', {
    Dockerfile: 'FROM debian\nCOPY assets/runtime/ /etc/app/runtime/\nCOPY entrypoint.sh /sbin/entrypoint.sh\nENTRYPOINT ["/sbin/entrypoint.sh"]\n',
    'entrypoint.sh': '#!/bin/bash\nsource /etc/app/runtime/functions\nexec app\n',
    'assets/runtime/functions': '#!/bin/bash\nsource /etc/app/runtime/env-defaults\nupdate_template app.yml "APP_WORKERS"\n',
    'assets/runtime/env-defaults': defaults(['APP_WORKERS=${APP_WORKERS:-3}', 'APP_TIMEOUT=${APP_TIMEOUT:-60}', 'APP_MAX_SIZE=${APP_MAX_SIZE:-}', 'if [[ -z ${APP_MAX_SIZE} ]]; then', '  APP_MAX_SIZE=20971520', 'fi']),
    'assets/runtime/retry.sh': loop(''),
    'test/run.sh': '#!/bin/bash\nTEST_SUITE_DIR=${TEST_SUITE_DIR:-/tmp}\n',
    'README.md': '# image\n',
  });
  repo.checkout('feature', true);
  repo.commit('puma', {
    'assets/runtime/env-defaults': defaults(['APP_WORKERS=${APP_WORKERS:-3}', 'APP_THREADS_MAX="${APP_THREADS_MAX:-16}"', 'APP_SECRET=${APP_SECRET:?set APP_SECRET}']),
    'assets/runtime/retry.sh': loop('RETRY_COUNT=${RETRY_COUNT:-5}'),
    'test/run.sh': '#!/bin/bash\nTEST_SUITE_DIR=${TEST_SUITE_DIR:-/tmp}\nTEST_WORKERS=${TEST_WORKERS:-2}\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a self-default is an optional setting; a required mark (:?) is a required one', async () => {
    assert.deepEqual(addedIn(await get(), 'assets/runtime/env-defaults'), ['APP_SECRET', 'APP_THREADS_MAX?']);
  });
  it('deleting the default line removes the setting, also one the script goes on to compute', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.removed, ['APP_MAX_SIZE', 'APP_TIMEOUT']);
  });
  it('a variable the script assigned before defaulting it, and a test script, add nothing', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added, ['APP_SECRET', 'APP_THREADS_MAX']);
  });
});

describe("a Dockerfile in a sub-folder copying './scripts/prod/*.sh' from its own build context", () => {
  const repo = new TestRepo('envimagesub');
  after(() => repo.dispose());
  const ep = (extra: string) => ['#!/usr/bin/env bash', 'set -e', extra, 'exec app "$@"', ''].join('\n');
  repo.commit('init', {
    'docker/Dockerfile': 'FROM alpine\nENV APP_DATA=/config\nCOPY --chmod=555 ./scripts/prod/*.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
    'docker/scripts/prod/entrypoint.sh': ep(''),
    'docker/scripts/release.sh': '#!/bin/bash\necho release\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('create config', {
    'docker/scripts/prod/entrypoint.sh': ep('if [[ "$APP_CREATE_CONFIG" = true ]]; then app create-config; fi'),
    'docker/scripts/release.sh': '#!/bin/bash\necho "release $RELEASE_TOKEN_NAME"\n',
    '.gitea/workflows/build.yaml': 'on: push\njobs:\n  build:\n    env:\n      IMAGE_NAME: example/app\n    steps:\n      - run: make\n',
    '.forgejo/workflows/test.yml': 'on: push\njobs:\n  test:\n    env:\n      FORGEJO_TEST_SECRET: x\n',
  });

  it('the image ships the entrypoint: its new read counts, although it sits in a scripts folder', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'docker/scripts/prod/entrypoint.sh'), ['APP_CREATE_CONFIG']);
    // a script the image does not copy stays dev tooling; Gitea/Forgejo workflows are CI
    assert.deepEqual(r.envVars.added, ['APP_CREATE_CONFIG']);
  });
});

describe('user conventions (NO_COLOR, XDG base folders) read by the program', () => {
  const repo = new TestRepo('envconventions');
  after(() => repo.dispose());
  repo.commit('init', { 'app/logging.py': 'import os\n\ndef setup():\n    return None\n', 'tests/test_logging.py': 'import os\n', 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('colour', {
    'app/logging.py': "import os\n\ndef setup():\n    plain = bool(os.environ.get('NO_COLOR'))\n    base = os.getenv('XDG_CONFIG_HOME') or os.path.expandvars('$HOME/.config')\n    term = os.getenv('TERM')\n    return plain, base, term\n",
    'tests/test_logging.py': "import os\nos.environ.get('FORCE_COLOR')\n",
  });

  it('is a new optional setting (info); platform variables (TERM, HOME) and tests stay silent', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'app/logging.py'), ['NO_COLOR?', 'XDG_CONFIG_HOME?']);
    assert.deepEqual(r.envVars.added, ['NO_COLOR', 'XDG_CONFIG_HOME']);
  });
});

describe('Go: a package named for the environment (envknob.Bool("X"), envknob.RegisterBool("X"))', () => {
  const repo = new TestRepo('envknob');
  after(() => repo.dispose());
  const acls = (extra: string[]) => ['package hscontrol', '', 'import "tailscale.com/envknob"', '', ...extra, '', 'func Enabled() bool { return true }', ''].join('\n');
  repo.commit('init', { 'hscontrol/acls.go': acls([]), 'integration/scenario.go': 'package integration\n', 'cmd/app/cli/mockoidc.go': 'package cli\n', 'go.mod': 'module example.com/app\n' });
  repo.checkout('feature', true);
  repo.commit('ssh', {
    'hscontrol/acls.go': acls(['var featureSSH = envknob.RegisterBool("APP_EXPERIMENTAL_FEATURE_SSH")', 'var polV1 = envknob.Bool("APP_POLICY_V1")', 'var envelope = Envelope.String("NOT_AN_ENV_NAME")']),
    'integration/scenario.go': 'package integration\n\nimport "os"\n\nvar network = os.Getenv("APP_TEST_NETWORK_NAME")\n',
    'cmd/app/cli/mockoidc.go': 'package cli\n\nimport "os"\n\nvar addr = os.Getenv("MOCKOIDC_ADDR")\n',
  });

  it('reads the name its argument gives; another object named like it (Envelope) reads nothing', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'hscontrol/acls.go'), ['APP_EXPERIMENTAL_FEATURE_SSH', 'APP_POLICY_V1']);
    // a top-level integration suite and a mock server are no deployment
    assert.deepEqual(r.envVars.added, ['APP_EXPERIMENTAL_FEATURE_SSH', 'APP_POLICY_V1']);
  });
});

describe('TypeScript: process.env.X with a method called on it (process.env.X?.match(…), .split(…))', () => {
  const repo = new TestRepo('envmethod');
  after(() => repo.dispose());
  const cli = (extra: string[]) => ['export function setDefaults(args: Record<string, unknown>): void {', ...extra, '  args.ok = true', '}', ''].join('\n');
  repo.commit('init', { 'src/node/cli.ts': cli([]), 'test/unit/cli.test.ts': 'export {}\n', 'package.json': '{"name":"app"}\n' });
  repo.checkout('feature', true);
  repo.commit('override', {
    'src/node/cli.ts': cli([
      '  if (process.env.CS_DISABLE_OVERRIDE?.match(/^(1|true)$/)) args.override = false',
      '  args.hosts = process.env.CS_ALLOWED_HOSTS.split(",")',
      '  process.env.CS_CHILD_ONLY = "1"',
    ]),
    'test/unit/cli.test.ts': 'process.env.CS_TEST_ONLY?.trim()\n',
  });

  it('is a read: optional after ?. , required when the method needs the value; a write and a test read are none', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'src/node/cli.ts'), ['CS_ALLOWED_HOSTS', 'CS_DISABLE_OVERRIDE?']);
    assert.deepEqual(r.envVars.added, ['CS_ALLOWED_HOSTS', 'CS_DISABLE_OVERRIDE']);
  });
});

describe('a setting read only to refuse it ("X is no longer supported")', () => {
  const repo = new TestRepo('envrefused');
  after(() => repo.dispose());
  repo.commit('init', {
    'docker/entrypoint.sh': '#!/bin/bash\nset -e\nchown "$PUID:$PGID" /config\nexec app\n',
    'app/settings.py': "import os\n\nDATA = os.environ.get('APP_DATA', '/config')\nOLD = os.environ.get('APP_OLD_MODE')\n",
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('rootless', {
    'docker/entrypoint.sh': [
      '#!/bin/bash', 'set -e',
      'if [[ ! -z ${PUID+x} ]]; then', "    echo 'PUID is no longer supported. Use --user instead.'", '    exit 1', 'fi',
      'if [[ ! -z ${PGID+x} ]]; then', "    echo 'PGID is no longer supported. Use --user instead.'", '    exit 1', 'fi',
      'exec app', '',
    ].join('\n'),
    'app/settings.py': [
      'import os', '',
      "old = os.environ.get('APP_DATA')",
      'if old:',
      "    raise SystemExit('APP_DATA is no longer supported: rename it to APP_CONFIG_DIR')",
      "CONFIG_DIR = os.environ.get('APP_CONFIG_DIR', '/config')",
      "OLD = os.environ.get('APP_OLD_MODE')",
      'if OLD:',
      "    print('APP_OLD_MODE is deprecated and will go in 3.0')",
      '',
    ].join('\n'),
  });

  it('is removed, not still read; a deprecated setting that still works stays', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.removed, ['APP_DATA', 'PGID', 'PUID']);
    assert.deepEqual(r.envVars.added, ['APP_CONFIG_DIR']);
  });
});
