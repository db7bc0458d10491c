/**
 * Env reads of two languages Handoff had not read (issue 11, session 14: the ex-holdout-v12 misses),
 * each on a real repository with decoys beside it:
 * - Lua (APIcast, Kong, APISIX): `os.getenv("X")` (also `os.getenv "X"`), and OpenResty's env module
 *   in a local named `env` / `resty_env`: `resty_env.get('X')`, `env.value('X')`, `env.enabled('X')`;
 *   `env.set('X', v)` writes, comments and other tables' members (`ngx.var.env.get`) read nothing;
 * - Haskell (postgres-websockets, PostgREST, kupo, hydra): `lookupEnv "X"`, `getEnv "X"`, and
 *   envparse's `var str "X" (…)` (optional inside `optional (…)` or with `def`), which carries no env
 *   marker on its line: head's index reads `.hs` lines by their upper-case names.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { addedIn, withIndex } from '../../helpers/envFindings';

describe('Lua: os.getenv and the resty.env module', () => {
  const repo = new TestRepo('envlua');
  after(() => repo.dispose());
  const http = (extra: string[]) => [
    "local resty_env = require('resty.env')",
    "local pool_size = resty_env.get('APICAST_HTTP_POOL_SIZE') or 100",
    ...extra,
    '-- os.getenv("COMMENTED_DECOY") is not read',
    '--[[ resty_env.value("LONG_COMMENT_DECOY") ]]',
    'return _M',
    '',
  ].join('\n');
  repo.commit('init', {
    'gateway/src/resty/resolver/http.lua': http([]),
    'gateway/src/apicast/store.lua': "local env = require 'resty.env'\nlocal _M = { path_routing = env.enabled('APICAST_PATH_ROUTING') }\nreturn _M\n",
    'README.md': '# gateway\n',
  });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'gateway/src/resty/resolver/http.lua': http([
      "local keepalive = resty_env.get('APICAST_LUA_SOCKET_KEEPALIVE_REQUESTS')",
      "local log_file = resty_env.value('APICAST_ACCESS_LOG_FILE') or '/dev/stdout'",
      'local home = os.getenv "GATEWAY_HOME"',
      "resty_env.set('SET_BY_CODE_DECOY', 'true')",
      "local v = ngx.var.env.get('OTHER_TABLE_DECOY')",
      "local w = cfg.get('NOT_AN_ENV_MODULE_DECOY')",
    ]),
    // a changed line naming a variable base already read: not new
    'gateway/src/apicast/store.lua': "local env = require 'resty.env'\nlocal _M = { path_routing = env.enabled('APICAST_PATH_ROUTING'), only = env.enabled('APICAST_PATH_ROUTING_ONLY') }\nreturn _M\n",
    // the test suite's own switches
    'spec/resolver_spec.lua': "local x = os.getenv('SPEC_ONLY_DECOY')\n",
  });

  for (const mode of ['index', 'off'] as const) {
    it(`finds the reads, optional with a fallback or as a switch; writes, comments, tests and other tables are none (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(addedIn(r, 'gateway/src/resty/resolver/http.lua'), ['APICAST_ACCESS_LOG_FILE?', 'APICAST_LUA_SOCKET_KEEPALIVE_REQUESTS', 'GATEWAY_HOME']);
      assert.deepEqual(r.envVars.added, ['APICAST_ACCESS_LOG_FILE', 'APICAST_LUA_SOCKET_KEEPALIVE_REQUESTS', 'APICAST_PATH_ROUTING_ONLY', 'GATEWAY_HOME']);
      assert.deepEqual(r.envVars.removed, []);
    });
  }

  it('a read the range drops is removed', async () => {
    repo.checkout('drop', true);
    repo.commit('drop', { 'gateway/src/resty/resolver/http.lua': http(["local log_file = resty_env.value('APICAST_ACCESS_LOG_FILE') or '/dev/stdout'"]) });
    const r = await analyze({ repo: repo.dir, base: 'feature', head: 'drop' });
    assert.deepEqual(r.envVars.removed, ['APICAST_LUA_SOCKET_KEEPALIVE_REQUESTS', 'GATEWAY_HOME']);
    assert.deepEqual(r.envVars.added, []);
  });
});

describe('Haskell: System.Environment and envparse', () => {
  const repo = new TestRepo('envhaskell');
  after(() => repo.dispose());
  const config = (extra: string[]) => [
    'module App.Config (readOptions) where',
    'import Env',
    'readOptions :: IO AppConfig',
    'readOptions =',
    '  Env.parse (header "configure the service") $',
    '    AppConfig <$> var (str <=< nonempty) "APP_DB_URI" (help "String to connect to PostgreSQL")',
    '      <*> var auto "APP_PORT" (def 3000 <> helpDef show <> help "Port the server will listen on")',
    ...extra,
    '-- var str "COMMENTED_DECOY" (help "x")',
    '',
  ].join('\n');
  repo.commit('init', { 'src/App/Config.hs': config([]), 'app/Main.hs': 'main :: IO ()\nmain = pure ()\n', 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'src/App/Config.hs': config([
      '      <*> optional (var str "APP_META_CHANNEL" (help "Channel for server events"))',
      '      <*> var auto "APP_RETRIES" (def 5 <> helpDef show <> help "How many times to retry")',
      '      <*> var str "APP_JWT_SECRET" (help "Secret used to sign tokens")',
    ]),
    'app/Main.hs': 'import System.Environment (lookupEnv, getEnv)\nmain :: IO ()\nmain = do\n  dir <- lookupEnv "APP_DATA_DIR"\n  key <- getEnv "APP_LICENSE_KEY"\n  let s = show "NOT_A_READ_DECOY"\n  pure ()\n',
    'test/SpecHelper.hs': 'setup = lookupEnv "TEST_ONLY_DECOY"\n',
  });

  for (const mode of ['index', 'off'] as const) {
    it(`finds lookupEnv, getEnv and envparse's var; optional ones need no note (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(addedIn(r, 'src/App/Config.hs'), ['APP_JWT_SECRET', 'APP_META_CHANNEL?', 'APP_RETRIES?']);
      assert.deepEqual(addedIn(r, 'app/Main.hs'), ['APP_DATA_DIR?', 'APP_LICENSE_KEY']);
      assert.deepEqual(r.envVars.added, ['APP_DATA_DIR', 'APP_JWT_SECRET', 'APP_LICENSE_KEY', 'APP_META_CHANNEL', 'APP_RETRIES']);
    });
  }

  it('an envparse read of a name base already reads on an unchanged line is not new; a dropped read is removed', async () => {
    repo.checkout('reword', true);
    repo.commit('reword', {
      'src/App/Config.hs': config([
        '      <*> optional (var str "APP_META_CHANNEL" (help "Channel for server state events"))',
        '      <*> var auto "APP_RETRIES" (def 10 <> helpDef show <> help "How many times to retry")',
      ]),
      // a second reader of APP_PORT: Config.hs's unchanged line already reads it (no env marker on that line)
      'src/App/Admin.hs': 'module App.Admin where\nimport Env\nadminPort = var auto "APP_PORT" (def 3001 <> help "Admin port")\n',
    });
    for (const mode of ['index', 'off'] as const) {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'feature', head: 'reword' }));
      assert.deepEqual(r.envVars.added, [], mode);
      assert.deepEqual(r.envVars.removed, ['APP_JWT_SECRET'], mode);
    }
  });
});

describe("autotools' generated helpers are build tooling (a vendored library's ltmain.sh)", () => {
  const repo = new TestRepo('envltmain');
  after(() => repo.dispose());
  const helper = (names: string[]) => ['#! /bin/sh', ...names.map((n) => `: \${${n}:-${n.toLowerCase()}}`), 'exit 0', ''].join('\n');
  repo.commit('init', { 'docker-entrypoint.sh': '#!/bin/sh\nexec app\n', 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('vendor pcre', {
    'dependencies/pcre-8.44/ltmain.sh': helper(['AUTOCONF', 'DLLTOOL', 'LIPO']),
    'dependencies/pcre-8.44/config.guess': helper(['CC_FOR_BUILD']),
    'dependencies/pcre-8.44/ar-lib': helper(['AR_FLAGS_DECOY']),
    'docker-entrypoint.sh': '#!/bin/sh\nMODE=${APP_MODE:-production}\nexec app --mode "$MODE"\n',
  });

  it('their reads are no settings; the entrypoint beside them still is', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_MODE']);
  });
});

describe('Lua and Haskell build scripts are build tooling (premake, xmake, Setup.hs, Shake)', () => {
  const repo = new TestRepo('envluahsbuild');
  after(() => repo.dispose());
  repo.commit('init', {
    'premake5.lua': 'workspace "app"\n',
    'xmake.lua': 'target("app")\n',
    'Setup.hs': 'import Distribution.Simple\nmain = defaultMain\n',
    'Shakefile.hs': 'main = pure ()\n',
    'shake/Build.hs': 'main = pure ()\n',
    'src/app.lua': 'return {}\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('build', {
    'premake5.lua': 'workspace "app"\nlocal sdk = os.getenv("VULKAN_SDK_ROOT")\n',
    'xmake.lua': 'target("app")\nlocal ndk = os.getenv("ANDROID_NDK_ROOT")\n',
    'Setup.hs': 'import Distribution.Simple\nimport System.Environment (getEnv)\nmain = do\n  x <- getEnv "PKG_CONFIG_EXTRA"\n  defaultMain\n',
    'Shakefile.hs': 'import System.Environment (getEnv)\nmain = do\n  f <- getEnv "GHC_FLAVOUR_BUILD"\n  pure ()\n',
    'shake/Build.hs': 'import System.Environment (getEnv)\nmain = do\n  f <- getEnv "SHAKE_DIR_BUILD"\n  pure ()\n',
    'src/app.lua': 'local port = os.getenv("APP_LISTEN_PORT")\nreturn {}\n',
  });

  it("their reads are no settings; the program's own read still is", async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_LISTEN_PORT']);
  });
});

describe("what the platform injects and what the compiler reads are no settings (kubelet's KUBERNETES_PORT*, ARGV0, a TH splice)", () => {
  const repo = new TestRepo('envplatform14');
  after(() => repo.dispose());
  const th = (read: string) => [
    'module Kupo.Version.TH where',
    'import Language.Haskell.TH',
    '    ( Exp (..), Lit (..), Q, runIO )',
    'gitRevisionTH :: Q Exp',
    'gitRevisionTH = do',
    '    LitE . StringL <$> runIO lookupGitSha',
    '  where',
    '    lookupGitSha :: IO String',
    '    lookupGitSha = do',
    `        ${read}`,
    '',
  ].join('\n');
  repo.commit('init', {
    'gateway/src/apicast/cli/environment.lua': 'local resty_env = require(\'resty.env\')\nreturn {}\n',
    'src/Kupo/Version/TH.hs': th('pure ""'),
    'src/Kupo/Options.hs': 'module Kupo.Options where\n',
    'README.md': '# gw\n',
  });
  repo.checkout('feature', true);
  repo.commit('reads', {
    'gateway/src/apicast/cli/environment.lua': [
      "local resty_env = require('resty.env')",
      "local k8s = resty_env.value('KUBERNETES_PORT')",
      "local k8s_addr = os.getenv('KUBERNETES_PORT_443_TCP_ADDR')",
      "local name = os.getenv('ARGV0') or 'apicast'",
      "local workers = os.getenv('APICAST_WORKERS_COUNT')",
      'return {}',
      '',
    ].join('\n'),
    'src/Kupo/Version/TH.hs': th('lookupEnv "GIT_SHA" <&> maybe "" id'),
    'src/Kupo/Options.hs': 'module Kupo.Options where\nimport System.Environment (lookupEnv)\ndir = lookupEnv "KUPO_WORKDIR"\n',
  });

  for (const mode of ['index', 'off'] as const) {
    it(`only the program's own settings are new (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['APICAST_WORKERS_COUNT', 'KUPO_WORKDIR']);
    });
  }
});

describe("envparse imported qualified: `Env.var Env.str \"X\"` and an alias's `E.var`", () => {
  const repo = new TestRepo('envhsqualified');
  after(() => repo.dispose());
  const config = (extra: string[]) => [
    'module App.Config (readOptions) where',
    'import qualified Env',
    'import qualified Data.Map as Foo',
    'readOptions =',
    '  Env.parse (Env.header "configure the service") $',
    '    AppConfig <$> Env.var (Env.str <=< Env.nonempty) "APP_DB_URI" (Env.help "db")',
    ...extra,
    '',
  ].join('\n');
  repo.commit('init', {
    'src/App/Config.hs': config([]),
    'src/App/Admin.hs': 'module App.Admin where\nimport qualified Env as E\nadmin = E.var E.auto "ADMIN_PORT" (E.def 3001)\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'src/App/Config.hs': config([
      '      <*> Env.var Env.str "APP_JWT_SECRET" (Env.help "jwt secret")',
      '      <*> optional (Env.var Env.str "APP_META_CHANNEL" (Env.help "events"))',
      '      <*> var str "APP_UNQUALIFIED_SECRET" (help "x")',
      '      <*> Foo.var Foo.str "OTHER_MODULE_DECOY" (help "x")',
    ]),
    'src/App/Admin.hs': 'module App.Admin where\nimport qualified Env as E\nadmin = E.var E.auto "ADMIN_PORT" (E.def 3001)\nhost = E.var E.str "ADMIN_HOST" (E.help "host")\n',
  });

  for (const mode of ['index', 'off'] as const) {
    it(`reads the qualified and the aliased var, not another module's (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(addedIn(r, 'src/App/Config.hs'), ['APP_JWT_SECRET', 'APP_META_CHANNEL?', 'APP_UNQUALIFIED_SECRET']);
      assert.deepEqual(r.envVars.added, ['ADMIN_HOST', 'APP_JWT_SECRET', 'APP_META_CHANNEL', 'APP_UNQUALIFIED_SECRET']);
    });
  }
});

describe("Lua: os.getenv localised (`local getenv = os.getenv`); resty.env's shape only where it is required", () => {
  const repo = new TestRepo('envluaalias');
  after(() => repo.dispose());
  const ops = (extra: string[]) => ['local getenv = os.getenv', 'local _M = {}', ...extra, 'return _M', ''].join('\n');
  repo.commit('init', {
    'apisix/cli/ops.lua': ops([]),
    'apisix/core/config.lua': 'local env = require("apisix.core.table")\nreturn {}\n',
    'README.md': '# gw\n',
  });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'apisix/cli/ops.lua': ops([
      'if getenv("APISIX_STAND_ALONE_MODE") then _M.standalone = true end',
      "local workers = getenv 'APISIX_WORKER_COUNT' or 'auto'",
      'local direct = os.getenv("APISIX_DIRECT_READ")',
      'local t = _M.getenv("MEMBER_DECOY")',
    ]),
    // a local named `env` that is no resty.env module: its `get` reads a table
    'apisix/core/config.lua': 'local env = require("apisix.core.table")\nlocal v = env.get(\'TABLE_KEY_DECOY\')\nreturn {}\n',
  });

  for (const mode of ['index', 'off'] as const) {
    it(`reads the alias's calls; another module's env.get is none (${mode})`, async () => {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(addedIn(r, 'apisix/cli/ops.lua'), ['APISIX_DIRECT_READ', 'APISIX_STAND_ALONE_MODE', 'APISIX_WORKER_COUNT?']);
      assert.deepEqual(r.envVars.added, ['APISIX_DIRECT_READ', 'APISIX_STAND_ALONE_MODE', 'APISIX_WORKER_COUNT']);
    });
  }
});
