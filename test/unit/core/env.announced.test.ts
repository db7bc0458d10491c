/**
 * Env names the release's own notes announce (session 10, issue 11). Whatever maps a setting to
 * an env name (a HOCON schema's `EMQX_RPC__CIPHERS`, Anyway Config's `ANYCABLE_` prefix, a
 * shell default `: "${X=…}"`, Sphinx's `.. envvar::`), the changelog names the new variable
 * when it is added; a name the base already mentioned is not new. And the env precision of the
 * same round: names only a CI service's files (`.ci/`, `.cirrus.yml`) or a build script name.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { announcedEnvNames, isReleaseDocPath } from '../../../src/core/analyzers/envDocs';
import { isEnvNoisePath } from '../../../src/core/analyzers/env';
import { translateFinding } from '../../../src/core/l10n/catalog';
import { TestRepo } from '../../helpers/repo';

describe('names a line of the release notes announces', () => {
  it('marked names on a line that calls them settings, environment names anywhere on the line, Sphinx roles and directives, NAME=value examples', () => {
    // emqx changes/v5.3.1.en.md
    assert.deepEqual(announcedEnvNames('Add new configuration parameters: `EMQX_RPC__TLS_VERSIONS` and `EMQX_RPC__CIPHERS`.'), ['EMQX_RPC__TLS_VERSIONS', 'EMQX_RPC__CIPHERS']);
    // emqx changes/ce/feat-14583.en.md: the example of the new option
    assert.deepEqual(announcedEnvNames('`EMQX_LISTENERS__QUIC__DEFAULT__SSLKEYLOGFILE=/tmp/EMQX_SSLKEYLOGFILE`'), ['EMQX_LISTENERS__QUIC__DEFAULT__SSLKEYLOGFILE']);
    // electrumx docs/changelog.rst
    assert.deepEqual(announcedEnvNames('  :envvar:`INITIAL_CONCURRENT` and :envvar:`BANDWIDTH_UNIT_COST`'), ['INITIAL_CONCURRENT', 'BANDWIDTH_UNIT_COST']);
    assert.deepEqual(announcedEnvNames('.. envvar:: HOST'), ['HOST']);
    assert.deepEqual(announcedEnvNames('   - add MAX_RECV environment variable (`a0d3053f`_)'), ['MAX_RECV']);
    // ory/hydra UPGRADE.md, anycable CHANGELOG.md, diun CHANGELOG.md
    assert.deepEqual(announcedEnvNames('A new environment variable `CORS_ENABLED` was introduced.'), ['CORS_ENABLED']);
    assert.deepEqual(announcedEnvNames('- Add `ANYCABLE_REDIS_TLS_VERIFY` setting to disable validation of Redis server TLS certificate.'), ['ANYCABLE_REDIS_TLS_VERIFY']);
    assert.deepEqual(announcedEnvNames('* `DIUN_DB` env var renamed `DIUN_DB_PATH`'), ['DIUN_DB', 'DIUN_DB_PATH']);
  });
  it('no setting word, a name without an underscore, a name inside a path, URL or dotted name: nothing', () => {
    assert.deepEqual(announcedEnvNames('- Fixed a crash in `MAX_RETRIES` handling'), []);
    assert.deepEqual(announcedEnvNames('The `DEBUG` setting is now documented'), []);
    assert.deepEqual(announcedEnvNames('See the setting in docs/CONFIG_FILE.md or https://x.io/SOME_PAGE'), []);
    assert.deepEqual(announcedEnvNames('Set the environment in `pkg.SOME_CONST.value`'), []);
    assert.deepEqual(announcedEnvNames('if A_B == C_D then'), []);
  });
  it('which documents are release notes', () => {
    for (const p of ['CHANGELOG.md', 'CHANGES', 'docs/changelog.rst', 'UPGRADE.md', 'UPGRADING', 'NEWS', 'HISTORY.rst', 'changes/ce/feat-11697.en.md', 'changes/v5.3.1.en.md', 'newsfragments/123.md', 'releasenotes/notes/add-x-1234.yaml', '.changeset/quiet-dogs.md', 'docs/release-notes.md']) assert.ok(isReleaseDocPath(p), p);
    for (const p of ['README.md', 'docs/configuration.md', 'docs/environment.rst', 'CONTRIBUTING.md', '.github/PULL_REQUEST_TEMPLATE.md', 'changes/schema.json', 'releases/v1.yaml', 'src/changes.go']) assert.ok(!isReleaseDocPath(p), p);
  });
});

describe('names the release notes announce, in a range', () => {
  const repo = new TestRepo('envannounced');
  after(() => repo.dispose());
  it('a name the changelog announces is added (with where it was read); one the base named anywhere is not', async () => {
    repo.commit('init', {
      'CHANGELOG.md': '# Changes\n\n## 1.0\n- first release\n',
      'docs/configuration.md': 'Set `APP_OLD_SETTING` to tune the old behaviour.\n',
      'src/app.conf': 'rpc {\n  port = 5369\n}\n',
    });
    repo.checkout('feature', true);
    repo.commit('rpc tls', {
      'CHANGELOG.md': '# Changes\n\n## 1.1\n- Add new configuration parameters: `APP_RPC__TLS_VERSIONS` and `APP_RPC__CIPHERS`.\n- The `APP_OLD_SETTING` environment variable now accepts seconds.\n\n## 1.0\n- first release\n',
      'src/app.conf': 'rpc {\n  port = 5369\n  tls_versions = ["tlsv1.3"]\n  ciphers = []\n}\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added.filter((n) => n.startsWith('APP_')), ['APP_RPC__CIPHERS', 'APP_RPC__TLS_VERSIONS']);
    const f = r.impacts.find((i) => i.path === 'CHANGELOG.md')?.findings.find((x) => x.subject === 'APP_RPC__CIPHERS');
    assert.equal(f?.message, "declares new environment variable APP_RPC__CIPHERS (announced in the repository's own release documentation)");
    assert.equal(f?.line, 4);
    assert.match(translateFinding(f!, 'zh-cn'), /声明新的环境变量 APP_RPC__CIPHERS（见于仓库自身的发布文档）/);
  });
  it('a script variable the range turns into a setting read from the environment: its old lines do not count as the base naming it', async () => {
    // docker-nginx-certbot 3.2.0: `CERTBOT_PRODUCTION_URL='…'` became `: "${CERTBOT_PRODUCTION_URL=…}"`
    repo.checkout('main');
    repo.checkout('script', true);
    repo.commit('script', { 'src/scripts/run.sh': "#!/bin/sh\nACME_PRODUCTION_URL='https://acme.example/directory'\nurl=${ACME_PRODUCTION_URL}\n" });
    repo.checkout('script2', true);
    repo.commit('override', {
      'src/scripts/run.sh': '#!/bin/sh\n: "${ACME_PRODUCTION_URL=https://acme.example/directory}"\nurl="${ACME_PRODUCTION_URL}"\n',
      'docs/changelog.md': '# Changelog\n- Make it possible to override the `ACME_PRODUCTION_URL` variable.\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'script', head: 'script2' });
    assert.ok(r.envVars.added.includes('ACME_PRODUCTION_URL'), JSON.stringify(r.envVars.added));
  });
  it('a changelog entry that names a variable the base documents (a fix, a rename of its doc) adds nothing, and removes nothing', async () => {
    repo.checkout('main');
    repo.checkout('fix', true);
    repo.commit('fix', { 'CHANGELOG.md': '# Changes\n\n## 1.0.1\n- Fix parsing of the `APP_OLD_SETTING` environment variable.\n\n## 1.0\n- first release\n' });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'fix' });
    assert.deepEqual(r.envVars.added, []);
    assert.deepEqual(r.envVars.removed, []);
  });
});

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
