/**
 * Env shapes of session 15 (issue 11: the ex-holdout-v13 misses and false names), each on a real repository
 * with decoys beside it:
 * - a name the changed file already read on a line the range left alone is not new, even when only the
 *   file's context makes that line a read (a container init script's `${NGINX_USER}` of a variable it never
 *   assigns: head's index reads each line on its own, the added line is read with the whole file);
 * - a backend's settings read under a prefix its caller passes in: `os.Getenv(prefix + "AZURE_ACCOUNT_NAME")`
 *   (Go), `os.environ.get(prefix + "S3_BUCKET_NAME")` (Python): the literal names the setting;
 * - constants named after the variable they hold, of a type or module named for the environment and defined
 *   in another file: clap's `env = EnvVars::UV_OFFLINE` and `std::env::var(EnvVars::UV_STACK_SIZE)` (Rust),
 *   `System.getenv(EnvKeys.APP_TOKEN)` (Java).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { withIndex } from '../../helpers/envFindings';

describe('a name the changed file read before on an untouched line', () => {
  const repo = new TestRepo('envkept');
  after(() => repo.dispose());
  const init = (extra: string[]) => [
    '#!/command/with-contenv bash',
    'source /assets/functions/00-container',
    'prepare_service',
    'chown "${NGINX_USER}":"${NGINX_GROUP}" "${NGINX_WEBROOT}"/.env',
    'if [ -n "${APP_URL}" ]; then',
    '    echo "APP_URL=${APP_URL}" | sudo -u "${NGINX_USER}" tee -a "${NGINX_WEBROOT}"/.env',
    'fi',
    ...extra,
    'liftoff',
    '',
  ].join('\n');
  repo.commit('init', {
    'install/etc/cont-init.d/30-app': init([]),
    'Dockerfile': 'FROM tiredofit/nginx-php-fpm:7.4\nCOPY install /\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('proxy', {
    'install/etc/cont-init.d/30-app': init([
      'if [ -n "${APP_PROXY}" ]; then',
      '    echo "APP_PROXY=${APP_PROXY}" | sudo -u "${NGINX_USER}" tee -a "${NGINX_WEBROOT}"/.env',
      'fi',
    ]),
  });

  for (const mode of ['index', 'off'] as const) {
    it(`the new variable is added, the ones the script read before are not (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['APP_PROXY']);
      assert.deepEqual(r.envVars.removed, []);
    });
  }

  it('a line dropped from the script does not remove the variables it still reads elsewhere', async () => {
    repo.checkout('dropline', true);
    const text = init([]).replace('    echo "APP_URL=${APP_URL}" | sudo -u "${NGINX_USER}" tee -a "${NGINX_WEBROOT}"/.env\n', '    echo "APP_URL=${APP_URL}" > /tmp/url\n');
    assert.notEqual(text, init([]));
    repo.commit('drop line', { 'install/etc/cont-init.d/30-app': text });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'dropline' });
    assert.deepEqual(r.envVars.removed, []);
    assert.deepEqual(r.envVars.added, []);
    repo.checkout('feature');
  });

  it('a script new in the range has no line the range left alone: its reads are new', async () => {
    repo.checkout('second', true);
    repo.commit('second', { 'install/etc/cont-init.d/40-worker': init(['echo "${WORKER_COUNT}" > /tmp/workers']) });
    const r = await analyze({ repo: repo.dir, base: 'feature', head: 'second' });
    assert.ok(r.envVars.added.includes('WORKER_COUNT'), r.envVars.added.join(','));
  });
});

describe('settings read under a prefix the caller passes in', () => {
  const repo = new TestRepo('envprefixarg');
  after(() => repo.dispose());
  const azure = (extra: string[]) => [
    'package azure',
    '',
    'import "os"',
    '',
    '// ApplyEnvironment saves values from the environment to the config.',
    'func ApplyEnvironment(prefix string, cfg *Config) {',
    '\tcfg.AccountName = os.Getenv(prefix + "AZURE_ACCOUNT_NAME")',
    ...extra,
    '}',
    '',
  ].join('\n');
  const s3 = (extra: string[]) => ['import os', '', 'def apply_environment(prefix, cfg):', '    cfg.bucket = os.environ.get(prefix + "S3_BUCKET_NAME")', ...extra, ''].join('\n');
  repo.commit('init', { 'internal/backend/azure/config.go': azure([]), 'backends/s3.py': s3([]), 'README.md': '# backup\n' });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'internal/backend/azure/config.go': azure([
      '\tcfg.EndpointSuffix = os.Getenv(prefix + "AZURE_ENDPOINT_SUFFIX")',
      '\tforce, _ := strconv.ParseBool(os.Getenv(prefix + "AZURE_FORCE_CLI_CREDENTIAL"))',
      '\tcfg.Partial = os.Getenv(prefix + "PARTIAL_")',
      '\tcfg.Dynamic = os.Getenv(prefix + name)',
    ]),
    'backends/s3.py': s3(['    cfg.region = os.environ.get(prefix + "S3_DEFAULT_REGION", "us-east-1")', '    cfg.x = os.environ.get(prefix + "lower_case_decoy")']),
  });

  for (const mode of ['index', 'off'] as const) {
    it(`the literal names the setting; a bare prefix, a lower-case key or a variable name none (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['AZURE_ENDPOINT_SUFFIX', 'AZURE_FORCE_CLI_CREDENTIAL', 'S3_DEFAULT_REGION']);
    });
  }

  it('a read the range drops is removed', async () => {
    repo.checkout('drop', true);
    repo.commit('drop', { 'internal/backend/azure/config.go': azure([]) });
    const r = await analyze({ repo: repo.dir, base: 'feature', head: 'drop' });
    assert.deepEqual(r.envVars.removed, ['AZURE_ENDPOINT_SUFFIX', 'AZURE_FORCE_CLI_CREDENTIAL']);
  });
});

describe('constants named after the variable, of a type named for the environment', () => {
  const repo = new TestRepo('envnamedconst');
  after(() => repo.dispose());
  const vars = (extra: string[]) => ['pub struct EnvVars;', '', 'impl EnvVars {', '    pub const UV_CACHE_DIR: &\'static str = "UV_CACHE_DIR";', ...extra, '}', ''].join('\n');
  const cli = (extra: string[]) => [
    'use uv_static::EnvVars;',
    '',
    '#[derive(Args)]',
    'pub struct GlobalArgs {',
    '    #[arg(global = true, long, env = EnvVars::UV_CACHE_DIR)]',
    '    pub cache_dir: Option<PathBuf>,',
    ...extra,
    '}',
    '',
  ].join('\n');
  const java = (extra: string[]) => ['package app;', '', 'class Settings {', '  static String token() { return System.getenv(EnvKeys.APP_TOKEN_PATH); }', ...extra, '}', ''].join('\n');
  repo.commit('init', {
    'crates/uv-static/src/env_vars.rs': vars([]),
    'crates/uv-cli/src/lib.rs': cli([]),
    'src/main/java/app/Settings.java': java([]),
    'README.md': '# tool\n',
  });
  repo.checkout('feature', true);
  repo.commit('offline', {
    'crates/uv-static/src/env_vars.rs': vars(['    pub const UV_OFFLINE: &\'static str = "UV_OFFLINE";', '    pub const UV_STACK_SIZE: &\'static str = "UV_STACK_SIZE";']),
    'crates/uv-cli/src/lib.rs': cli([
      '    #[arg(global = true, long, env = EnvVars::UV_OFFLINE, value_parser = clap::builder::BoolishValueParser::new())]',
      '    pub offline: bool,',
      '    #[arg(long, default_value = Limits::MAX_RETRY_COUNT)]',
      '    pub retries: u32,',
    ]),
    'crates/uv-configuration/src/threading.rs': 'pub fn stack() -> usize {\n    std::env::var(EnvVars::UV_STACK_SIZE).ok().and_then(|v| v.parse().ok()).unwrap_or(4194304)\n}\npub fn other() -> String {\n    std::env::var(paths::DEFAULT_HOME_DIR).unwrap()\n}\n',
    'src/main/java/app/Settings.java': java(['  static String region() { return System.getenv(EnvKeys.APP_REGION_NAME); }', '  static String decoy() { return System.getenv(Limits.MAX_QUEUE_SIZE); }']),
  });

  for (const mode of ['index', 'off'] as const) {
    it(`reads through the constant; constants of other types are no env names (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['APP_REGION_NAME', 'UV_OFFLINE', 'UV_STACK_SIZE']);
      assert.deepEqual(r.envVars.removed, []);
    });
  }
});
