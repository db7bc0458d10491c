/**
 * Env shapes read in session 16 from ex-holdout v14's false names (issue 11, precision):
 *
 * - A settings struct's field that a binding composes into a variable name (Go envconfig's prefix +
 *   the field, a Spring `@ConfigurationProperties` field under relaxed binding) is a new variable
 *   only when the repository spells that name somewhere at head (a doc, an env file, a compose
 *   file): ipfs-cluster's new datastore sections (CLUSTER_LEVELDB_…, 32 names its notes announce
 *   as config keys), openrouteservice's and opentelemetry-java-instrumentation's Spring property
 *   classes. A direct read is reported as before, spelled anywhere or not.
 * - Names after one underscore (Appwrite's `_APP_REDIS_PASS`) are names in every shape, not only
 *   in env files: a compose pass-through entry and a learned reader's argument count, so an env
 *   file catching up with settings the compose file and the code already had adds nothing.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { withIndex, type Report } from '../../helpers/envFindings';

describe('a settings struct field bound to the environment by envconfig is a new variable only when the repository spells its name', () => {
  const repo = new TestRepo('envcomposeddoc');
  after(() => repo.dispose());
  const config = (fields: string[]) => [
    'package leveldb',
    '',
    'import (',
    '\t"os"',
    '\t"time"',
    '',
    '\t"github.com/kelseyhightower/envconfig"',
    ')',
    '',
    'const envConfigKey = "cluster_leveldb"',
    '',
    'type jsonConfig struct {',
    '\tFolder string `default:"leveldb"`',
    ...fields,
    '}',
    '',
    'func (cfg *jsonConfig) ApplyEnvVars() error {',
    '\tdirect := os.Getenv("CLUSTER_LEVELDB_DEBUG")',
    '\t_ = direct',
    '\treturn envconfig.Process(envConfigKey, cfg)',
    '}',
    '',
    'var _ = time.Second',
    '',
  ].join('\n');
  repo.commit('init', { 'datastore/leveldb/config.go': config([]), 'README.md': '# cluster\n' });
  repo.checkout('feature', true);
  repo.commit('gc and peers', {
    'datastore/leveldb/config.go': config(['\tGCInterval time.Duration `default:"15m"`', '\tTrustedPeers []string']).replace('os.Getenv("CLUSTER_LEVELDB_DEBUG")', 'os.Getenv("CLUSTER_LEVELDB_TRACE")'),
    'docker-compose.yml': ['services:', '  cluster:', '    image: example/cluster', '    environment:', '      CLUSTER_LEVELDB_TRUSTEDPEERS: "*"', ''].join('\n'),
  });

  for (const mode of ['index', 'off'] as const) {
    it(`the field a compose file names is added; the one nothing names is not; a direct read is, named or not (env index ${mode})`, async () => {
      const r: Report = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['CLUSTER_LEVELDB_TRACE', 'CLUSTER_LEVELDB_TRUSTEDPEERS']);
      assert.deepEqual(r.envVars.removed, ['CLUSTER_LEVELDB_DEBUG']);
      const subjects = r.impacts.flatMap((i) => i.findings).map((f) => f.subject);
      assert.ok(!subjects.includes('CLUSTER_LEVELDB_GCINTERVAL'), 'no finding names the undocumented field');
    });
  }

  it('once a doc spells the field’s name, it is added too', async () => {
    repo.checkout('feature');
    repo.checkout('documented', true);
    repo.commit('document it', { 'docs/configuration.md': '# Configuration\n\n`CLUSTER_LEVELDB_GCINTERVAL` sets how often the datastore is collected.\n' });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'documented' });
    assert.deepEqual(r.envVars.added, ['CLUSTER_LEVELDB_GCINTERVAL', 'CLUSTER_LEVELDB_TRACE', 'CLUSTER_LEVELDB_TRUSTEDPEERS']);
  });
});

describe('a required envconfig field is a new variable, spelled anywhere or not (review16 F6)', () => {
  // kelseyhightower/envconfig reads the environment only: a `required:"true"` field without a default
  // stops the program at start until the deployment sets it, so no env file naming it is needed.
  const repo = new TestRepo('envcomposedrequired');
  after(() => repo.dispose());
  const config = (fields: string[]) => [
    'package config',
    '',
    'import "github.com/kelseyhightower/envconfig"',
    '',
    'type Config struct {',
    '\tPort     int    `default:"8080"`',
    '\tLogLevel string `default:"info" split_words:"true"`',
    ...fields,
    '}',
    '',
    'func Load() (*Config, error) {',
    '\tvar c Config',
    '\terr := envconfig.Process("shop", &c)',
    '\treturn &c, err',
    '}',
    '',
  ].join('\n');
  repo.commit('init', { 'internal/config/config.go': config([]), 'README.md': '# shop\n' });
  repo.checkout('feature', true);
  repo.commit('database', {
    'internal/config/config.go': config([
      '\tDatabaseURL string `required:"true" split_words:"true"`',
      '\tPoolSize int `required:"true" default:"10" split_words:"true"`',
      '\tCacheDir string `split_words:"true"`',
    ]),
  });

  for (const mode of ['index', 'off'] as const) {
    it(`the required field without a default is added; a defaulted or optional field nothing names is not (env index ${mode})`, async () => {
      const r: Report = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['SHOP_DATABASE_URL']);
      const findings = r.impacts.flatMap((i) => i.findings);
      assert.ok(findings.some((f) => f.subject === 'SHOP_DATABASE_URL'), 'a finding names the required variable');
      assert.ok(!findings.some((f) => f.subject === 'SHOP_POOL_SIZE' || f.subject === 'SHOP_CACHE_DIR'), 'no finding names the optional fields');
    });
  }
});

describe('a Spring @ConfigurationProperties field is a new variable only when the repository spells its name', () => {
  const repo = new TestRepo('envcomposedspring');
  after(() => repo.dispose());
  const props = (fields: string[]) => [
    'package org.example.ors.api;',
    '',
    'import org.springframework.boot.context.properties.ConfigurationProperties;',
    '',
    '@ConfigurationProperties(prefix = "ors.engine")',
    'public class EngineProperties {',
    '    private int initThreads = 1;',
    ...fields,
    '    public int getInitThreads() { return initThreads; }',
    '}',
    '',
  ].join('\n');
  repo.commit('init', { 'ors-api/src/main/java/org/example/ors/api/EngineProperties.java': props([]), 'README.md': '# ors\n' });
  repo.checkout('feature', true);
  repo.commit('source file and profiles', {
    'ors-api/src/main/java/org/example/ors/api/EngineProperties.java': props(['    private String sourceFile = "";', '    private boolean preparationMode = false;']),
    '.env.example': 'ORS_ENGINE_SOURCEFILE=/home/ors/files/example.osm.pbf\n',
  });

  it('the field an env template names is added; the one nothing names is not', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['ORS_ENGINE_SOURCEFILE']);
  });
});

describe('names after one underscore (Appwrite\'s _APP_ settings) in compose entries and reader calls', () => {
  const repo = new TestRepo('envunderscore');
  after(() => repo.dispose());
  const compose = (names: string[]) => ['services:', '  appwrite:', '    image: appwrite/appwrite', '    environment:', ...names.map((n) => `      - ${n}`), ''].join('\n');
  const app = [
    '<?php',
    'class App {',
    '    public static function getEnv(string $key, $default = null) {',
    '        $value = getenv($key);',
    '        return $value === false ? $default : $value;',
    '    }',
    '}',
    '',
  ].join('\n');
  const init = (extra: string[]) => ['<?php', "$host = App::getEnv('_APP_REDIS_HOST', 'redis');", "$pass = App::getEnv('_APP_REDIS_PASS', '');", ...extra, ''].join('\n');
  repo.commit('init', {
    'docker-compose.yml': compose(['_APP_REDIS_HOST', '_APP_REDIS_PASS']),
    'src/App.php': app,
    'app/init.php': init([]),
    '.env': '_APP_REDIS_HOST=redis\n',
  });
  repo.checkout('feature', true);
  repo.commit('sms', {
    'docker-compose.yml': compose(['_APP_REDIS_HOST', '_APP_REDIS_PASS', '_APP_SMS_FROM']),
    'app/init.php': init(["$from = App::getEnv('_APP_SMS_FROM', '');", "$user = App::getEnv('_APP_SMS_USER');"]),
    '.env': '_APP_REDIS_HOST=redis\n_APP_REDIS_PASS=\n_APP_SMS_FROM=\n',
  });

  for (const mode of ['index', 'off'] as const) {
    it(`an env file listing a setting the compose file and the code had is nothing new; new entries and reads are (env index ${mode})`, async () => {
      const r: Report = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['_APP_SMS_FROM', '_APP_SMS_USER']);
    });
  }

  it('a removed compose entry and read of an underscore name is a removed setting', async () => {
    repo.checkout('feature');
    repo.checkout('drop', true);
    repo.commit('drop sms', {
      'docker-compose.yml': compose(['_APP_REDIS_HOST', '_APP_REDIS_PASS']),
      'app/init.php': init(["$user = App::getEnv('_APP_SMS_USER');"]),
      '.env': '_APP_REDIS_HOST=redis\n_APP_REDIS_PASS=\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'feature', head: 'drop' });
    assert.deepEqual(r.envVars.removed, ['_APP_SMS_FROM']);
    assert.deepEqual(r.envVars.added, []);
  });
});
