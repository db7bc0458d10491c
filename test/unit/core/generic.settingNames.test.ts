/**
 * Setting names a settings module stops declaring (issue 11, config actions), on a real
 * repository: a setting-shaped string literal that a config / options / settings module held and
 * that no code module of head names any more is a config action that needs a note; a name moved
 * to another module, a name the module still holds, a test's or tool's names, and strings of a
 * module that declares no settings are not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, localizeTitle, translateMessage } from '../../../src/core';
import { isSettingsModule, removedSettingNames, settingNameSearch, settingNames } from '../../../src/core/analyzers/settingNames';
import { RULE_STEPS_ZH } from '../../../src/core/l10n/ruleSteps';
import { genericRule } from '../../../src/core/rules/packs/generic';
import type { Change } from '../../../src/core/types';
import { assertConfigNotes, subjectsByPath } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

// PostgREST's Config.hs shape: each option a string the parser reads
const HS = (opts: string) => `module App.Config where\n\n-- | The options of the config file\nparser :: Parser AppConfig\nparser = AppConfig\n  <$> optString "db-uri"\n${opts}  <*> optInt "server-port"\n`;
const GO = (keys: string) => `package config\n\nfunc load(v *viper.Viper) {\n\tv.SetDefault("log-level", "info")\n${keys}}\n`;
const PY = (keys: string) => `SETTINGS = {\n    "worker_count": 4,\n${keys}}\n`;

describe('setting names a settings module stops declaring', () => {
  const repo = new TestRepo('settingnames');
  after(() => repo.dispose());
  repo.commit('init', {
    'src/App/Config.hs': HS('  <*> optBool "db-use-legacy-gucs"\n  <*> optString "raw-media-types"\n'),
    'internal/config/config.go': GO('\tv.SetDefault("cache-size", 10)\n\tv.SetDefault("listen-addr", ":80")\n'),
    'app/options.py': PY('    "pool_stats": True,\n'),
    'app/handlers.py': 'def f():\n    return {"status_code": 200, "error_kind": "none"}\n',
    'internal/config/config_test.go': GO('\tv.SetDefault("test-only-key", 1)\n'),
  });
  repo.checkout('feature', true);
  repo.commit('drop options', {
    // removed: db-use-legacy-gucs; renamed: raw-media-types → media-types
    'src/App/Config.hs': HS('  <*> optString "media-types"\n'),
    // cache-size moved to another module (no action); listen-addr removed
    'internal/config/config.go': GO(''),
    'internal/cache/cache.go': 'package cache\n\nconst sizeKey = "cache-size"\n',
    // renamed pool_stats → pool_stat
    'app/options.py': PY('    "pool_stat": True,\n'),
    // strings of a module that declares no settings
    'app/handlers.py': 'def f():\n    return {"status_code": 200}\n',
    'internal/config/config_test.go': GO(''),
  });

  it('a name left nowhere is a config action that needs a note; moves, other modules and tests are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(subjectsByPath(report, 'generic.setting-removed'), {
      'src/App/Config.hs': ['db-use-legacy-gucs', 'raw-media-types'],
      'internal/config/config.go': ['listen-addr'],
      'app/options.py': ['pool_stats'],
    });
    const impacts = assertConfigNotes(report, 'generic.setting-removed');
    for (const i of impacts) {
      assert.ok(i.findings.every((f) => f.kind === 'config-key-removed' && f.severity === 'warning' && f.message.includes(`read through the settings module \`${i.path}\``)));
    }
    assert.equal(report.impacts.some((i) => (i.path === 'app/handlers.py' || i.path.endsWith('_test.go')) && i.requiresNote), false);
    assert.deepEqual(notChinese(impacts.flatMap((i) => i.findings.map((f) => f.message)), translateMessage), []);
    assert.match(localizeTitle(impacts[0].title, 'zh-cn'), /设置不再被声明/);
    for (const step of genericRule('generic.setting-removed').checklist ?? []) assert.ok(RULE_STEPS_ZH[step.text], step.text);
  });
});

describe('a changed value of a settings module is not a removed setting (review10 F4)', () => {
  const repo = new TestRepo('settingvalues');
  after(() => repo.dispose());
  const TS = (headers: string, locale: string) => `export const config = {\n  trustedHeaders: [${headers}],\n  locale: "${locale}",\n};\n`;
  repo.commit('init', {
    'internal/config/config.go': GO('\tv.SetDefault("log-format", "json-lines")\n'),
    'src/config.ts': TS('"x-request-id", "x-forwarded-for"', 'en-us'),
  });
  repo.checkout('feature', true);
  repo.commit('change values', {
    'internal/config/config.go': GO('\tv.SetDefault("log-format", "json")\n'),
    'src/config.ts': TS('"x-forwarded-for"', 'en-gb'),
  });
  it('a default value, a list element and an assigned locale are no removed setting; only the changed default needs a note', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(report.impacts.filter((i) => i.rule === 'generic.setting-removed').map((i) => i.path), []);
    // The default of log-format switches (json-lines → json): the changed-default check's finding (generic.settingDefaults.test.ts), nothing else.
    assert.deepEqual(report.impacts.filter((i) => i.requiresNote).map((i) => [i.path, i.rule, i.findings.map((f) => f.kind)]), [['internal/config/config.go', 'generic.setting-default', ['default-changed']]]);
  });
});

describe('settings modules and setting names', () => {
  it('knows settings modules by name and folder, in any lexed language and Haskell; not tests or tools', () => {
    for (const p of ['src/PostgREST/Config.hs', 'src/Kupo/Options.hs', 'cardano-db-sync/src/Cardano/DbSync/Config/Types.hs', 'src/knot/conf/schema.h', 'internal/config/config.go', 'app/settings.py', 'src/ServerOptions.java', 'lib/app_config.rb', 'src/cli.rs']) {
      assert.equal(isSettingsModule(p), true, p);
    }
    for (const p of ['src/handlers.py', 'internal/config/config_test.go', 'scripts/config.py', 'test/Config.hs', 'config/app.yaml', 'conf/nginx.conf', 'src/reconfigure.go', 'web/src/screens/repo/settings/index.js', 'web/src/components/Options.vue', 'config/routes.rb', 'config/initializers/assets.rb']) {
      assert.equal(isSettingsModule(p), false, p);
    }
  });
  it('reads setting-shaped strings only: not words, file names, hosts, sentences', () => {
    const names = settingNames('src/conf/schema.c', 'call("tcp-handshake-timeout"); call("timeout"); call("options.h"); call("instance1.tld"); call("Some Message"); call("server.tcp-reply-timeout"); call("repo.settings.general.visibility.public");\n// call("commented-out-key")\n');
    assert.deepEqual(names.map((d) => d.name), ['tcp-handshake-timeout', 'server.tcp-reply-timeout']);
  });
  it('a name the new side still holds as a string is not removed', () => {
    const change: Change = { status: 'modified', path: 'app/settings.py', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, removed: ['A = get("old-key")'], added: ['A = get("new-key")'] }] };
    assert.deepEqual(removedSettingNames(change, 'A = get("old-key")\n', 'A = get("new-key")\nALIASES = {"old-key": "new-key"}\n'), []);
    assert.deepEqual(removedSettingNames(change, 'A = get("old-key")\n', 'A = get("new-key")\n').map((d) => d.name), ['old-key']);
  });
  it('reads names in a key position only: not a default, a later argument, a list element or an assigned value', () => {
    // where real settings modules name their settings
    const at = (path: string, text: string): string[] => settingNames(path, text).map((d) => d.name);
    assert.deepEqual(at('src/PostgREST/Config.hs', '  <*> (fromMaybe True <$> optBool "db-use-legacy-gucs")\n      ,("raw-media-types", q . T.decodeUtf8 . BS.intercalate "," . f)\n    <*> obj .:? "pool_stats" .!= sioPoolStats baseOptions\n  , toJsonIfSet "pool-stat" x\n  xs = "a-b" : "c-d" : []\n  toJSON c = object ["tx-timeout" .= t, "mode" .= ("read-only" :: Text)]\n'), ['db-use-legacy-gucs', 'raw-media-types', 'pool_stats', 'pool-stat', 'tx-timeout']);
    assert.deepEqual(at('src/knot/conf/schema.h', '#define C_TCP_HSHAKE_TIMEOUT\t"\\x15""tcp-handshake-timeout"\nstatic const yp_item_t t[] = { { "tcp-reply-timeout", YP_TINT } };\n'), ['tcp-handshake-timeout', 'tcp-reply-timeout']);
    assert.deepEqual(at('pkg/util/server/config.go', 'f.StringVar(&cfg.LogFormat, "log.format", "logfmt-json", "Output log messages in the given format.")\nconst sizeKey = "cache-size"\nconst defaultMode = "read-write"\nswitch k {\ncase "listen-addr":\n\treturn "read-only"\n}\n'), ['log.format', 'cache-size', 'listen-addr']);
    assert.deepEqual(at('src/cli.rs', '#[arg(long = "max-conns", default_value = "least-conn")]\nlet m = HashMap::from([("pool-size", "fixed-size")]);\n'), ['max-conns', 'pool-size']);
    assert.deepEqual(at('app/settings.py', 'SETTINGS = {"worker_count": 4, "log_format": "json-lines", "log_modes": ["read-only", "read-write"]}\nLOCALE = "en-us"\n'), ['worker_count', 'log_format', 'log_modes']);
    assert.deepEqual(at('src/config.ts', 'export const config = { locale: "en-us", trustedHeaders: ["x-request-id", "x-forwarded-for"], options: [{ name: "log-level" }] };\n'), ['log-level']);
    // PostgREST's Config/Database.hs: a list whose name says it lists setting names
    assert.deepEqual(at('src/PostgREST/Config/Database.hs', 'dbSettingsNames :: [Text]\ndbSettingsNames =\n  (prefix <>) <$>\n  ["db_anon_role"\n  ,"db_use_legacy_gucs"\n  ]\nmodes = ["read-only", "read-write"]\n'), ['db_anon_role', 'db_use_legacy_gucs']);
  });
  it('X-macro rows: a macro opening three or more rows is a table; a one-off macro and a C type are no settings (review11 F2)', () => {
    const at = (path: string, text: string): string[] => settingNames(path, text).map((d) => d.name);
    assert.deepEqual(at('src/options.h', 'OPTION(max_conns, int, 10)\nOPTION(log_format, str, "text")\nOPTION(read_timeout, int, 5)\nTAILQ_HEAD(listener_head, listener);\nSTATIC_ASSERT(max_workers, 64);\n'), ['max_conns', 'log_format', 'read_timeout']);
    assert.deepEqual(at('src/config.h', 'TAILQ_HEAD(listener_head, listener);\nLIST_HEAD(peer_list, peer);\nDECLARE_MUTEX(config_lock);\n'), []);
    // one table of several macros of a family (Varnish: PARAM_SIMPLE ×80, PARAM_PCRE ×2, PARAM_VCC ×4)
    assert.deepEqual(at('include/tbl/params.h', 'PARAM_SIMPLE(\n\t/* name */\tsend_timeout,\n)\nPARAM_SIMPLE(idle_timeout, 5)\nPARAM_PCRE(\n\t/* name */\tpcre_match_limit,\n)\n'), ['send_timeout', 'idle_timeout', 'pcre_match_limit']);
    assert.deepEqual(at('src/flags.h', 'ABSL_DECLARE_FLAG(int32_t, port);\nABSL_DECLARE_FLAG(uint64_t, cache_bytes);\nABSL_DECLARE_FLAG(size_t, max_items);\n'), []);
  });
  it('a head line of the same language names an identifier-declared setting bare; C# lines bind classes (review11 F1, F2)', () => {
    const h = settingNameSearch([{ name: 'vsm_space', line: 1, ident: true }, { name: 'send_timeout', line: 2 }], 'include/tbl/params.h');
    assert.deepEqual(h.named('PARAM_SIMPLE(/* name */ vsm_space, send_timeout)', 'include/tbl/params_vsm.h'), ['vsm_space']);
    assert.deepEqual(h.named('x = vsm_space_max; y = my_vsm_space;', 'bin/mgt.c'), []);
    assert.deepEqual(h.named('vsm_space', 'tools/gen.py'), [], 'another language');
    assert.deepEqual(h.named('"\\t+- Fixed entry (see vsm_space parameter)\\n" /* vsm_space */', 'include/tbl/vsl_tags.h'), [], 'a word of a string or a comment');
    const c = settingNameSearch([{ name: 'RetryCount', line: 1, ident: true, owner: 'SmtpOptions' }], 'src/Mail/SmtpOptions.cs');
    c.named('services.Configure<SmtpOptions>(c.GetSection("Smtp"));', 'src/Program.cs');
    c.named('public Mailer(IOptions<Mail.SmtpOptions> o) {}', 'src/Mailer.cs');
    assert.deepEqual([...c.bound], ['SmtpOptions']);
    const d = settingNameSearch([{ name: 'RetryCount', line: 1, ident: true, owner: 'SmtpOptions' }], 'src/Mail/SmtpOptions.cs');
    d.named('public IActionResult Get([FromQuery] SmtpOptions o) => Ok(new List<SmtpOptions>());', 'src/Api.cs');
    assert.deepEqual([...d.bound], []);
    assert.deepEqual(d.words.sort(), ['RetryCount', 'SmtpOptions']);
  });
  it('a head line names a setting only as a whole quoted string', () => {
    const s = settingNameSearch(['cache-size', 'pool_stats']);
    assert.deepEqual(s.named('const k = "cache-size"; x := `pool_stats`'), ['cache-size', 'pool_stats']);
    assert.deepEqual(s.named('"cache-size-max" \'pool_stats_v2\' cache-size'), []);
    // dapr moved `log-level` from its options module to the code that passes `"--log-level"`
    assert.deepEqual(s.named('args = append(args, "--cache-size", "-pool_stats")'), ['cache-size', 'pool_stats']);
    // kupo's error message still says "increase '--max-concurrency'": prose, not a reader
    assert.deepEqual(s.named('"raise \'--cache-size\' if needed"'), []);
    assert.ok(s.needles.includes('"--cache-size'));
  });
});
