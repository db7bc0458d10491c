/**
 * Env names set through a documented convention rather than a direct read (issue 11), each on
 * a real repository with decoys: an option commented out in a dotenv-shaped config template
 * (`#NAME=value` in `app.cfg` / `.env.example`), dotenv entries in a `.cfg` file, `${NAME:default}`
 * in a settings template named after its target (`settings.json.docker`), a reader of the
 * project's own config module called through its full module path (Elixir
 * `Shop.Config.boolean!("X")`), and .NET configuration keys (`configuration["A:B"]` is set by
 * the environment variable `A__B`).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import type { Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const addedIn = (r: Report, path: string) =>
  (r.impacts.find((i) => i.path === path)?.findings ?? [])
    .filter((f) => f.kind === 'env-var-added')
    .map((f) => `${f.subject}${f.severity === 'info' ? '?' : ''}`)
    .sort();

describe('env names set through a documented convention, on a real repository', () => {
  const repo = new TestRepo('envconventions');
  after(() => repo.dispose());
  repo.commit('init', {
    'shop.cfg': '# Shop settings: copy and adapt\nSHOP_LISTEN=0.0.0.0:8080\n#SHOP_OLD_OPTION=1\nSHOP_LEGACY_MODE=1\n',
    'settings.json.docker': '{\n  "port": "${SHOP_PORT:9001}"\n}\n',
    'lib/shop/config.ex': [
      'defmodule Shop.Config do',
      '  def boolean!(env, default \\\\ false) do',
      '    case System.get_env(env) do',
      '      nil -> default',
      '      v -> v in ~w(true 1)',
      '    end',
      '  end',
      'end',
      '',
    ].join('\n'),
    'lib/shop.ex': 'defmodule Shop do\n  def start, do: :ok\nend\n',
    'src/Shop/Startup.cs': 'public class Startup {\n  public void Configure(IConfiguration configuration) {\n    var listen = configuration["Server:Listen"];\n  }\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('options', {
    'shop.cfg': [
      '# Shop settings: copy and adapt',
      'SHOP_LISTEN=0.0.0.0:8080',
      '#SHOP_OLD_OPTION=1',
      '#SHOP_LEGACY_MODE=1',
      '# The node id, mandatory for a cluster',
      'SHOP_NODE_ID=1',
      '# S3 backups (optional)',
      '#SHOP_S3_URL=https://s3.example.com',
      '# e.g. set DECOY_IN_PROSE=1 to see it',
      '[legacy]',
      'decoy_ini_key = 1',
      '  INDENTED_DECOY=1',
      '',
    ].join('\n'),
    'settings.json.docker': '{\n  "port": "${SHOP_PORT:9001}",\n  "dbUrl": "${SHOP_DB_URL:undefined}",\n  "note": "$DECOY_NO_BRACES"\n}\n',
    'docker/uwsgi.ini': '[uwsgi]\nif-not-env = SHOP_LISTEN_IPV6\nhttp-socket = :8000\nendif =\nif-env = SHOP_LISTEN_IPV6\nhttp-socket = [::]:8000\nendif =\n; if-env = COMMENTED_DECOY\n',
    'lib/shop.ex': [
      'defmodule Shop do',
      '  def start do',
      '    if Shop.Config.boolean!("SHOP_FIPS", false), do: :crypto.enable_fips_mode(true)',
      '    # Shop.Config.boolean!("COMMENTED_DECOY")',
      '    :ok',
      '  end',
      'end',
      '',
    ].join('\n'),
    'src/Shop/Startup.cs': [
      'public class Startup {',
      '  public void Configure(IConfiguration configuration) {',
      '    var listen = configuration["Server:Listen"];',
      '    var uri = configuration["Search:Uri"];',
      '    var db = Configuration.GetValue<string>("MySql:ConnectionString");',
      '    var id = Configuration.GetSection("Trakt")["ClientId"];',
      '    var conn = builder.Configuration.GetConnectionString("Default");',
      '    var other = lookup["Decoy:Key"];',
      '    _logger.LogInformation("configuration[\\"Decoy:Log\\"] is read");',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a dotenv-shaped .cfg template: new entries are declared, a commented-out option is an optional one', async () => {
    assert.deepEqual(addedIn(await get(), 'shop.cfg'), ['SHOP_NODE_ID', 'SHOP_S3_URL?']);
  });
  it('a settings template named after its target (settings.json.docker) reads ${NAME:default}', async () => {
    assert.deepEqual(addedIn(await get(), 'settings.json.docker'), ['SHOP_DB_URL?']);
  });
  it('uWSGI ini conditionals on the environment (if-env / if-not-env)', async () => {
    const r = await get();
    assert.deepEqual([...new Set(addedIn(r, 'docker/uwsgi.ini'))], ['SHOP_LISTEN_IPV6?'], JSON.stringify(r.impacts.map((i) => [i.path, i.rule])));
  });
  it('a reader of the config module called through its module path (Elixir)', async () => {
    assert.deepEqual(addedIn(await get(), 'lib/shop.ex'), ['SHOP_FIPS?']);
  });
  it('.NET configuration keys are the environment variables SECTION__KEY', async () => {
    assert.deepEqual(addedIn(await get(), 'src/Shop/Startup.cs'), ['CONNECTIONSTRINGS__DEFAULT?', 'MYSQL__CONNECTIONSTRING?', 'SEARCH__URI?', 'TRAKT__CLIENTID?']);
  });
  it('an entry left only commented out is removed (nothing sets it any more)', async () => {
    assert.deepEqual((await get()).envVars.removed, ['SHOP_LEGACY_MODE']);
  });
  it('lists exactly those names: no decoy, nothing that was already there', async () => {
    assert.deepEqual((await get()).envVars.added, ['CONNECTIONSTRINGS__DEFAULT', 'MYSQL__CONNECTIONSTRING', 'SEARCH__URI', 'SHOP_DB_URL', 'SHOP_FIPS', 'SHOP_LISTEN_IPV6', 'SHOP_NODE_ID', 'SHOP_S3_URL', 'TRAKT__CLIENTID']);
  });
});
