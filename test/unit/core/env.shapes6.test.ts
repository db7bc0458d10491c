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
