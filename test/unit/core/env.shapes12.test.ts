/**
 * Env precision read in session 12 from the whole dev corpus's unannounced names (issue 11): names
 * that are nobody's deployment setting, each class seen in projects of different ecosystems —
 * - a script named for CI (`ci_build.sh` of a C project, `run-ci.sh` of a Clojure one, `bin/ci-tests.sh`
 *   of a Go one, `ci-fuzz.sh` of a Scala one) and CI services' folders (`.azure/`, `.travis/`): the CI's switches;
 * - system, acceptance, smoke or load test suites (`systemtest/` of a Java and a C++ project) and Rust's
 *   `benches/` (every Rust workspace's benchmarks): a test's switches;
 * - a build's toolchain switches and the dynamic loader's paths (`CFLAGS`, `LDFLAGS`, `PKG_CONFIG_PATH`,
 *   `LD_LIBRARY_PATH`) and what the Lambda runtime sets (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`).
 * - a compose service that runs another project's image (a library `postgres` / `mariadb` image, a
 *   `kafka-broker` running `confluentinc/confluent-local` with KAFKA_*, `jboss/keycloak` with KEYCLOAK_*, an
 *   `x-radarr` block with RADARR__*: seen in a PHP, a Rust, a Go, a Clojure and a C# project): that image's
 *   settings — unless the repository reads the name or builds the image (`prosody/Dockerfile` for `jitsi/prosody`).
 * Each beside a positive: the deployed read next to it stays new.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { composeServiceImage, isEnvNoisePath, isUbiquitousEnvVar } from '../../../src/core/analyzers/env';
import { isTestCodePath } from '../../../src/core/util/testPaths';
import { TestRepo } from '../../helpers/repo';

describe('names only CI scripts, system tests, benchmarks and toolchains read', () => {
  const repo = new TestRepo('envshapes12noise');
  after(() => repo.dispose());
  it('a CI-named script, a systemtest suite, a Rust bench and toolchain variables add nothing; the server\'s own reads do', async () => {
    repo.commit('init', { 'README.md': '# app\n', 'src/main.c': 'int main(void) { return 0; }\n' });
    repo.checkout('feature', true);
    repo.commit('change', {
      'ci_build.sh': '#!/bin/sh\nBUILD_PREFIX="${BUILD_PREFIX:-/usr}"\nif [ -n "$CI_CCACHE_USE" ]; then ccache -s; fi\nmake $MAKE_FLAGS\n',
      'bin/ci-tests.sh': '#!/bin/sh\ngo test -timeout "${CI_TEST_TIMEOUT:-10m}" ./...\n',
      '.azure/templates/steps/minikube.yaml': 'steps:\n- bash: ./install.sh\n  env:\n    TEST_CLUSTER: minikube\n',
      'systemtest/src/main/java/org/app/systemtest/Environment.java':
        'package org.app.systemtest;\npublic class Environment {\n  public static final String KRAFT = System.getenv().getOrDefault("APP_USE_KRAFT_IN_TESTS", "false");\n}\n',
      'crates/metrics/benches/baseline.rs': 'fn main() { let r = std::env::var("RECORDER").unwrap(); println!("{r}"); }\n',
      'src/main.c':
        '#include <stdlib.h>\nint main(void) {\n  const char *lp = getenv("LD_LIBRARY_PATH");\n  const char *cf = getenv("CFLAGS");\n  const char *t = getenv("APP_CONNECT_TIMEOUT");\n  return lp && cf && t ? 0 : 1;\n}\n',
      'src/lambda.rs': 'pub fn memory() -> String { std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").unwrap_or_default() }\npub fn queue() -> String { std::env::var("APP_QUEUE").expect("APP_QUEUE") }\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_CONNECT_TIMEOUT', 'APP_QUEUE']);
  });

  it('an application module named for the CI service it integrates with is code: its required reads are new (review12 F2)', async () => {
    const app = new TestRepo('envshapes12cimodule');
    try {
      app.commit('init', { 'app/__init__.py': 'import os\n' });
      app.checkout('feature', true);
      app.commit('change', {
        'app/integrations/jenkins.py': 'import os\nTOKEN = os.environ["JENKINS_API_TOKEN"]\n',
        'app/ci.py': 'import os\nSECRET = os.environ["CI_WEBHOOK_SECRET"]\n',
        'app/settings.py': 'import os\nS = os.environ["APP_SECRET"]\n',
        'ci_build.sh': '#!/bin/sh\nmake -j"${CI_JOBS:-2}"\n',
      });
      const r = await analyze({ repo: app.dir, base: 'main', head: 'feature' });
      assert.deepEqual(r.envVars.added, ['APP_SECRET', 'CI_WEBHOOK_SECRET', 'JENKINS_API_TOKEN']);
    } finally {
      app.dispose();
    }
  });

  it('which paths are CI scripts, system tests and benchmarks; look-alikes are none', () => {
    for (const p of ['ci_build.sh', 'run-ci.sh', 'bin/ci-tests.sh', 'ci.sh', 'bin/ci-test', 'eclair-fuzz/ci-fuzz.sh', '.travis/travis_before_install.sh', 'tools/appveyor-install.ps1', '.azure/templates/steps/x.yaml', 'crates/metrics/benches/baseline.rs', 'systemtest/src/main/java/E.java', 'systemtests/tests/a.sh']) assert.ok(isEnvNoisePath(p), p);
    for (const p of ['ci.go', 'src/circleci.go', 'app/integrations/jenkins.py', 'app/ci.py', 'src/travis_client.py', 'civic.sh', 'bin/oci-push', 'docker/entrypoint.sh', 'bin/server', 'src/ecosystem/a.go', 'src/benchmark_result.rs']) assert.ok(!isEnvNoisePath(p), p);
    for (const p of ['systemtest/a.java', 'acceptance-tests/a.py', 'smoketests/a.go', 'loadtest/main.go', 'system_tests/a.rb']) assert.ok(isTestCodePath(p), p);
    for (const p of ['system/a.go', 'src/loader/a.go', 'src/overload/a.go', 'loadtesting.go', 'acceptance/a.go']) assert.ok(!isTestCodePath(p), p);
  });

  it('toolchain, loader and Lambda runtime variables are the platform\'s; proxies, TZ and colour switches stay settings', () => {
    for (const n of ['CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'PKG_CONFIG_PATH', 'LD_LIBRARY_PATH', 'LD_LIBRARY_PATH_64', 'LD_PRELOAD', 'DYLD_LIBRARY_PATH', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_RUNTIME_API']) assert.ok(isUbiquitousEnvVar(n), n);
    for (const n of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'TZ', 'NO_COLOR', 'JAVA_TOOL_OPTIONS', 'AWS_REGION', 'APP_LDFLAGS']) assert.ok(!isUbiquitousEnvVar(n), n);
  });
});

describe('compose services that run another project\'s image', () => {
  const repo = new TestRepo('envshapes12compose');
  after(() => repo.dispose());
  it('a library image\'s, a kafka broker\'s and a keycloak\'s settings add nothing; the app\'s own, a built image\'s and a read name do', async () => {
    repo.commit('init', { 'README.md': '# app\n', 'prosody/Dockerfile': 'FROM debian\nCOPY rootfs/ /\n', 'src/app.py': 'import os\n' });
    repo.checkout('feature', true);
    repo.commit('change', {
      'docker-compose.yml': [
        'x-radarr: &radarr',
        '  image: ghcr.io/onedr0p/radarr:rolling',
        '  environment:',
        '    RADARR__AUTH__METHOD: Forms',
        'services:',
        '  app:',
        '    image: acme/app:latest',
        '    environment:',
        '      APP_DATABASE_URL: postgres://db/app',
        '      POSTGRES_SSLMODE: require',
        '  db:',
        '    image: postgres:16-alpine',
        '    environment:',
        '      POSTGRES_PASSWORD: secret',
        '      POSTGRES_USER: app',
        '  kafka-broker:',
        '    image: confluentinc/confluent-local:${CP_VERSION:-7.4.11}',
        '    environment:',
        '      KAFKA_LISTENERS: EXTERNAL://0.0.0.0:9092',
        '  keycloak:',
        '    image: quay.io/jboss/keycloak:10.0.0',
        '    environment:',
        '      - KEYCLOAK_USER=admin',
        '  prosody:',
        '    image: acme/prosody:stable',
        '    environment:',
        '      - PROSODY_C2S_LIMIT',
        '  worker:',
        '    image: acme/worker',
        '    build: ./worker',
        '    environment:',
        '      WORKER_THREADS: 4',
        '  cache:',
        '    image: redis:7',
        '    environment:',
        '      REDIS_APP_NAMESPACE: app',
        '',
      ].join('\n'),
      // the app reads its own settings, and one name that a library image's block also sets
      'src/app.py': 'import os\nDB = os.environ["APP_DATABASE_URL"]\nNS = os.environ["REDIS_APP_NAMESPACE"]\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    // CP_VERSION: a compose variable of the image's tag, read by compose itself (unchanged here)
    assert.deepEqual(r.envVars.added, ['APP_DATABASE_URL', 'CP_VERSION', 'POSTGRES_SSLMODE', 'PROSODY_C2S_LIMIT', 'REDIS_APP_NAMESPACE', 'WORKER_THREADS']);
  });

  it('which services run another project\'s image', () => {
    const svc = (name: string, image: string | null, build = false) => ({ name, image, build });
    assert.equal(composeServiceImage(svc('db', 'mariadb:lts'), 'MYSQL_PASSWORD'), 'mariadb');
    assert.equal(composeServiceImage(svc('db', 'docker.io/library/postgres:16'), 'POSTGRES_DB'), 'postgres');
    assert.equal(composeServiceImage(svc('penpot-valkey', 'valkey/valkey:8.1'), 'VALKEY_EXTRA_FLAGS'), 'valkey');
    assert.equal(composeServiceImage(svc('kafka-broker', 'confluentinc/confluent-local:${CP_VERSION:-7.4.11}'), 'KAFKA_LISTENERS'), 'confluent-local');
    assert.equal(composeServiceImage(svc('app', 'registry.local:5000/acme/app:1.0'), 'APP_PORT'), 'app');
    assert.equal(composeServiceImage(svc('x-sonarr', 'ghcr.io/home-operations/sonarr:rolling'), 'SONARR__AUTH__APIKEY'), 'sonarr');
    // the project's own service: no name of the service's or image's words, a build, or an image chosen by a variable
    assert.equal(composeServiceImage(svc('policies', 'docker.io/eclipse/ditto-policies:${DITTO_VERSION:-latest}'), 'JAVA_TOOL_OPTIONS'), null);
    assert.equal(composeServiceImage(svc('web', 'concourse/concourse:local', true), 'CONCOURSE_ENABLE_ARCHIVE_PIPELINE'), null);
    assert.equal(composeServiceImage(svc('web', null), 'WEB_PORT'), null);
    assert.equal(composeServiceImage(svc('db', 'postgres', true), 'POSTGRES_DB'), null);
    // a bare local image name is no official image
    assert.equal(composeServiceImage(svc('web', 'app'), 'QUEUE_URL'), null);
  });
});

describe('a call named for one environment variable that parses it', () => {
  const repo = new TestRepo('envshapes12envvar');
  after(() => repo.dispose());
  it('`parse_bool_env_var("X", d)` (Elixir) and `parse_config_from_env_var("Y")` (Rust) read; loading an env file or setting a variable does not', async () => {
    repo.commit('init', { 'config/runtime.exs': 'import Config\n', 'src/drand.rs': 'pub fn a() {}\n', 'lib/boot.ex': 'defmodule Boot do\nend\n' });
    repo.checkout('feature', true);
    repo.commit('change', {
      // blockscout's ConfigHelper, forest's drand config
      'config/runtime.exs': 'import Config\nconfig :indexer, receipts_by_block?: ConfigHelper.parse_bool_env_var("INDEXER_RECEIPTS_BY_BLOCK", "false"),\n  max: ConfigHelper.parse_integer_env_var("INDEXER_MAX_RECEIPTS", 1000)\n',
      'src/drand.rs': 'pub fn a() -> Cfg { parse_drand_config_from_env_var("APP_DRAND_CONFIG").unwrap_or(default()) }\n',
      'lib/boot.ex': 'defmodule Boot do\n  def start do\n    ConfigHelper.load_env_file(".env")\n    EnvHelper.set_env_var("BOOT_CHILD_MODE", "1")\n  end\nend\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_DRAND_CONFIG', 'INDEXER_MAX_RECEIPTS', 'INDEXER_RECEIPTS_BY_BLOCK']);
    // each with the default it is read with: optional settings (info)
    const sev = r.impacts.flatMap((i) => i.findings).filter((f) => f.kind === 'env-var-added' && f.subject?.startsWith('INDEXER_')).map((f) => f.severity);
    assert.deepEqual(sev, ['info', 'info']);
  });
});
