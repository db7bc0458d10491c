/**
 * Env precision read in session 10 from the ex-holdout-v8 false names (issue 11): names only a
 * CI service's own files declare or read — a hidden `.ci/` folder of compose files for the test
 * services (emqx: `DYNAMO_TAG`, `AWS_ACCESS_KEY_ID`, `KAFKA_AUTO_CREATE_TOPICS_ENABLE`), a Cirrus
 * CI `.cirrus.yml` (electrumx: `CI_BUILD_NUMBER`, `PIP_BREAK_SYSTEM_PACKAGES`) — or a script named
 * for building the project (emqx `build`: `REBAR_GIT_CACHE_DIR`; electrumx
 * `contrib/sdist/build.sh`: `ELECBUILD_NOCACHE`) are the CI's and the builder's switches, not
 * settings an operator sets.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { isEnvNoisePath } from '../../../src/core/analyzers/env';
import { TestRepo } from '../../helpers/repo';

describe('names only CI services and build scripts use', () => {
  const repo = new TestRepo('envcibuild');
  after(() => repo.dispose());
  it('a `.ci/` compose file, `.cirrus.yml` and a `build` script add nothing; a deployed compose file does', async () => {
    repo.commit('init', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('ci', {
      // emqx .ci/docker-compose-file/, electrumx .cirrus.yml and contrib/sdist/build.sh, emqx `build`
      '.ci/docker-compose-file/docker-compose-dynamo.yaml': 'services:\n  dynamo:\n    image: amazon/dynamodb-local:${DYNAMO_TAG}\n    environment:\n      AWS_ACCESS_KEY_ID: root\n',
      '.cirrus.yml': 'task:\n  env:\n    CI_BUILD_NUMBER: $CIRRUS_BUILD_ID\n  script: make\n',
      'contrib/sdist/build.sh': '#!/bin/bash\nif [ -n "$ELECBUILD_NOCACHE" ]; then rm -rf cache; fi\n',
      'build': '#!/usr/bin/env bash\nexport REBAR_GIT_CACHE_DIR="${REBAR_GIT_CACHE_DIR:-$HOME/.cache}"\n',
      'deploy/docker-compose.yml': 'services:\n  app:\n    image: app\n    environment:\n      APP_QUEUE_URL: amqp://q\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_QUEUE_URL']);
  });
  it('which paths are CI or build tooling', () => {
    for (const p of ['.ci/docker-compose-file/docker-compose.yaml', '.cirrus.yml', '.appveyor.yml', '.semaphore/semaphore.yml', 'build', 'build.sh', 'contrib/sdist/build.sh', 'make.sh']) assert.ok(isEnvNoisePath(p), p);
    for (const p of ['deploy/docker-compose.yml', 'docker/entrypoint.sh', 'bin/server', 'src/build_info.go', 'ci.go']) assert.ok(!isEnvNoisePath(p), p);
  });
});
