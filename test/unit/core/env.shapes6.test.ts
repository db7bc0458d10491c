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
