/**
 * Config tables of keys with their default values (issue 11, session 16): one brace-initialised row per line,
 * `{ "key", "default" }`, in a table whose own declaration says config, options or defaults (WeeChat's
 * `char *irc_server_options[…][2] = {`, Kopano's `configsetting_t lpDefaults[] = {`). A row removed whose key no
 * code of head names any more is a removed setting that needs a note. String pairs in a table whose declaration says
 * nothing of config (a MIME map, a request's fields), a default changed in place and test code are not.
 *
 * And a developer tool's own config script (`src/eslint.config.mjs`, session 16: Lactoserv) is no code of the server:
 * a plugin preset it stops naming (`plugin.configs['recommended-flat']`) is no config key the program stopped reading.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { isOperatorCode } from '../../../src/core/analyzers/cliOptions';
import { keyTableRows, removesKeyTableRowHint } from '../../../src/core/analyzers/settingNames';
import { isEnvNoisePath } from '../../../src/core/analyzers/env';
import { lex } from '../../../src/core/lex';
import { isDevToolFileName } from '../../../src/core/util/testPaths';
import type { Change } from '../../../src/core/types';
import { assertConfigNotes, subjectsByPath } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

// WeeChat's irc-server.c: option names with their default values, read by irc-config.c through the table
const WEECHAT = (rows: string) => `char *irc_server_options[IRC_SERVER_NUM_OPTIONS][2] =\n{ { "addresses",            ""                        },\n  { "proxy",                ""                        },\n  { "tls",                  "on"                      },\n${rows}  { "away_check",           "0"                       },\n};\n\nint irc_server_valid (void) { return 1; }\n`;
// Kopano's configsetting_t rows: key, default, flags
const KOPANO = (rows: string) => `int main(int argc, char **argv)\n{\n\tstatic const configsetting_t lpDefaults[] = {\n\t\t{"server_bind", ""},\n\t\t{"server_tcp_port", "236", CONFIGSETTING_RELOADABLE},\n${rows}\t\t{"run_as_user", "kopano"},\n\t\t{NULL, NULL},\n\t};\n\treturn load(lpDefaults);\n}\n`;
// string pairs that are no settings: a MIME map, a request's fields
const MIME = (rows: string) => `static const char *mime_types[][2] = {\n  {"html", "text/html"},\n  {"css", "text/css"},\n${rows}  {"png", "image/png"},\n};\n`;
const PARAMS = (rows: string) => `void scrobble() {\n    std::vector<std::pair<std::string, std::string>> params = {\n        {"method", "track.scrobble"},\n        {"api_key", key},\n${rows}        {"track_name", name},\n    };\n}\n`;

// a client's options handed to a library, named config/options/opts (review16 F1): no keys an operator sets
const KAFKA = (rows: string) => `using Confluent.Kafka;\nnamespace Shop.Worker {\n  public class OrderConsumer {\n    public IConsumer<string, string> Build(string brokers) {\n      var config = new Dictionary<string, string>\n      {\n        { "bootstrap.servers", brokers },\n        { "group.id", "order-consumer" },\n        { "auto.offset.reset", "earliest" },\n${rows}        { "session.timeout.ms", "6000" },\n      };\n      return new ConsumerBuilder<string, string>(config).Build();\n    }\n  }\n}\n`;
const FFOPTS = (rows: string) => `#include "rtsp_source.h"\nbool RtspSource::open(const std::string &url) {\n    std::map<std::string, std::string> opts = {\n        {"rtsp_transport", "tcp"},\n        {"stimeout", "5000000"},\n${rows}        {"max_delay", "500000"},\n    };\n    AVDictionary *d = nullptr;\n    for (auto &kv : opts) av_dict_set(&d, kv.first.c_str(), kv.second.c_str(), 0);\n    return avformat_open_input(&ctx_, url.c_str(), nullptr, &d) == 0;\n}\n`;
const GOHDR = (rows: string) => `package client\n\n// sent with every request to the upstream API\nvar defaultOptions = [][2]string{\n\t{"Accept", "application/json"},\n\t{"User-Agent", "shop-client/1.0"},\n${rows}\t{"Cache-Control", "no-cache"},\n}\n\nfunc apply(r *Request) {\n\tfor _, kv := range defaultOptions {\n\t\tr.Header.Set(kv[0], kv[1])\n\t}\n}\n`;

describe('rows removed from a table of config keys with their defaults', () => {
  const repo = new TestRepo('default-tables');
  after(() => repo.dispose());
  repo.commit('init', {
    'src/plugins/irc/irc-server.c': WEECHAT('  { "anti_flood_prio_high", "2"                       },\n  { "anti_flood_prio_low",  "2"                       },\n  { "tls_priorities",       "NORMAL:-VERS-SSL3.0"     },\n'),
    'gateway/Gateway.cpp': KOPANO('\t\t{"imap_expunge_on_delete", "no", CONFIGSETTING_RELOADABLE},\n'),
    'src/mime.c': MIME('  {"svg_old", "image/svg+xml"},\n'),
    'src/lastfm.cc': PARAMS('        {"album_name", album},\n'),
    'tests/irc_server_test.c': WEECHAT('  { "test_only_option", "1"                       },\n'),
    'src/Worker/OrderConsumer.cs': KAFKA('        { "enable.auto.commit", "false" },\n'),
    'src/rtsp_source.cpp': FFOPTS('        {"fflags", "nobuffer"},\n'),
    'internal/client/client.go': GOHDR('\t{"X-Request-Source", "backend"},\n'),
  });
  repo.checkout('feature', true);
  repo.commit('one anti_flood option; drop a Kopano key', {
    // anti_flood_prio_high/low replaced by anti_flood; tls_priorities keeps its key, its default changes
    'src/plugins/irc/irc-server.c': WEECHAT('  { "anti_flood",           "2000"                    },\n  { "tls_priorities",       "NORMAL"                  },\n'),
    'gateway/Gateway.cpp': KOPANO(''),
    'src/mime.c': MIME(''),
    'src/lastfm.cc': PARAMS(''),
    'tests/irc_server_test.c': WEECHAT(''),
    'src/Worker/OrderConsumer.cs': KAFKA(''),
    'src/rtsp_source.cpp': FFOPTS(''),
    'internal/client/client.go': GOHDR(''),
  });

  it('a key left nowhere is a removed setting that needs a note; a changed default, other string pairs and tests are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(subjectsByPath(report, 'generic.setting-removed'), {
      'src/plugins/irc/irc-server.c': ['anti_flood_prio_high', 'anti_flood_prio_low'],
      'gateway/Gateway.cpp': ['imap_expunge_on_delete'],
    });
    const impacts = assertConfigNotes(report, 'generic.setting-removed');
    for (const i of impacts) {
      assert.ok(i.findings.every((f) => f.kind === 'config-key-removed' && f.severity === 'warning' && f.message.includes(`in the table of keys the config parser accepts (\`${i.path}\`)`)), i.path);
    }
    for (const path of ['src/mime.c', 'src/lastfm.cc', 'tests/irc_server_test.c', 'src/Worker/OrderConsumer.cs', 'src/rtsp_source.cpp', 'internal/client/client.go']) {
      assert.equal(report.impacts.some((i) => i.path === path && i.requiresNote), false, path);
    }
    assert.deepEqual(notChinese(impacts.flatMap((i) => i.findings.map((f) => f.message)), translateMessage), []);
  });
});

describe('key and default rows', () => {
  // C++ is lexed as C
  const rows = (text: string) => keyTableRows('c', [...lex('c', text)]).map((d) => d.name);

  it('reads them in a table whose declaration says config, options or defaults', () => {
    assert.deepEqual(rows(WEECHAT('')), ['addresses', 'proxy', 'tls', 'away_check']);
    assert.deepEqual(rows(KOPANO('')), ['server_bind', 'server_tcp_port', 'run_as_user']);
    assert.deepEqual(rows('static struct kv cfg_table[] = {\n  {"listen", "0.0.0.0"},\n  {"port", "80"},\n  {"user", "www"},\n};\n'), ['listen', 'port', 'user']);
  });

  it('not elsewhere: string pairs of a table that says nothing of config, a request, two rows, a row after code on its line', () => {
    assert.deepEqual(rows(MIME('')), []);
    assert.deepEqual(rows(PARAMS('')), []);
    // a map or dictionary literal, a Go slice literal, header-cased keys: a client's options, no settings table
    assert.deepEqual(rows(KAFKA('')), []);
    assert.deepEqual(rows(FFOPTS('')), []);
    assert.deepEqual(rows(GOHDR('')), []);
    assert.deepEqual(rows('static const char *default_options[][2] = {\n  {"X-Request-Source", "backend"},\n  {"User-Agent", "x/1"},\n  {"Cache-Control", "no-cache"},\n};\n'), []);
    assert.deepEqual(rows('static const char *server_options[][2] = {\n  {"tls", "on"},\n  {"proxy", ""},\n};\n'), []);
    assert.deepEqual(rows('static const char *server_options[][2] = { {"tls", "on"}, {"proxy", ""}, {"port", "1"},\n};\n'), []);
    // a call's first argument in a row is no default value
    assert.deepEqual(rows('static const struct x server_options[] = {\n  {"tls", "on"("x")},\n  {"a_b", "c"("y")},\n  {"c_d", "e"("z")},\n};\n'), []);
  });

  it('the cheap hint: a removed row whose second field is a string', () => {
    const change = (path: string, removed: string[]): Change => ({ status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: removed.length, newStart: 1, newLines: 0, removed, added: [] }] });
    assert.equal(removesKeyTableRowHint(change('src/plugins/irc/irc-server.c', ['  { "anti_flood_prio_high", "2"                       },'])), true);
    assert.equal(removesKeyTableRowHint(change('gateway/Gateway.cpp', ['\t\t{"imap_expunge_on_delete", "no", CONFIGSETTING_RELOADABLE},'])), true);
    assert.equal(removesKeyTableRowHint(change('src/irc.c', ['  irc_send ("anti_flood", "2");'])), false);
    assert.equal(removesKeyTableRowHint(change('app/settings.py', ['  {"a_b", "c"},'])), false);
  });
});

describe("a developer tool's own config script", () => {
  // the same lines in an ESLint config and in the server's code: only the server's are its config reads
  const ESLINT = (preset: string) => `import stylisticPlugin from '@stylistic/eslint-plugin';\n\nexport default [\n  stylisticPlugin.configs['disable-legacy'],\n  stylisticPlugin.configs['${preset}'],\n];\n`;
  const repo = new TestRepo('devtool-config');
  after(() => repo.dispose());
  repo.commit('init', {
    'src/eslint.config.mjs': ESLINT('recommended-flat'),
    'src/server/start.mjs': ESLINT('recommended-flat'),
  });
  repo.checkout('feature', true);
  repo.commit('new preset name', {
    'src/eslint.config.mjs': ESLINT('recommended'),
    'src/server/start.mjs': ESLINT('recommended'),
  });

  it('a key it stops naming is no removed setting; the same lines in server code are', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const removed = subjectsByPath(report, 'generic.setting-removed');
    assert.deepEqual(removed, { 'src/server/start.mjs': ['recommended-flat'] });
    assert.equal(report.impacts.some((i) => i.path === 'src/eslint.config.mjs' && i.requiresNote), false);
  });

  it("a server file whose name starts with a tool's word is the server's code (review16 F2)", async () => {
    // a Celery app's task module, a release scheduler: one config read removed from each
    const PY = (rows: string) => `from celery import shared_task\nfrom flask import current_app\n\n\n@shared_task\ndef purge_expired_carts():\n    ttl = current_app.config.get("cart_retention_days", 30)\n${rows}    return purge(ttl, 500)\n`;
    const TS = (rows: string) => `import config from 'config';\n\nexport function schedule() {\n  const window = config.get('release_window_minutes');\n${rows}  return plan(window, 1);\n}\n`;
    const r = new TestRepo('devtool-prefix');
    try {
      r.commit('init', {
        'shop/tasks.py': PY('    batch = current_app.config.get("purge_batch_size", 500)\n'),
        'shop/jobs.py': PY('    batch = current_app.config.get("purge_batch_size", 500)\n'),
        'src/release-scheduler.ts': TS("  const parallel = config.get('release_max_parallel');\n"),
      });
      r.checkout('feature', true);
      r.commit('drop a config read', { 'shop/tasks.py': PY(''), 'shop/jobs.py': PY(''), 'src/release-scheduler.ts': TS('') });
      const report = await analyze({ repo: r.dir, base: 'main', head: 'feature' });
      assert.deepEqual(subjectsByPath(report, 'generic.setting-removed'), {
        'shop/jobs.py': ['purge_batch_size'],
        'shop/tasks.py': ['purge_batch_size'],
        'src/release-scheduler.ts': ['release_max_parallel'],
      });
    } finally {
      r.dispose();
    }
  });

  it('names: linters, bundlers, test runners and build scripts; not the server', () => {
    for (const b of ['eslint.config.mjs', 'webpack.config.js', 'vite.config.ts', 'jest.config.cjs', 'gulpfile.js', 'noxfile.py', 'conftest.py', 'setup.py', 'build.rs', 'app.gemspec', 'rakefile']) {
      assert.equal(isDevToolFileName(b), true, b);
    }
    for (const b of ['config.mjs', 'server.js', 'settings.py', 'main.rs', 'eslint_rules.go']) assert.equal(isDevToolFileName(b), false, b);
    assert.equal(isOperatorCode('src/eslint.config.mjs'), false);
    assert.equal(isOperatorCode('src/vite.config.ts'), false);
    assert.equal(isOperatorCode('src/server/config.mjs'), true);
    // a tool's word that is also an ordinary one counts only as `<tool>.config.*` / `<tool>rc*` (review16 F2)
    for (const p of ['shop/tasks.py', 'app/build.py', 'src/release-scheduler.ts', 'src/release.ts', 'src/turbo-server.js', 'src/playwright-pool.ts', 'src/changeset-store.ts', 'lib/ava-client.js']) {
      assert.equal(isOperatorCode(p), true, p);
    }
    for (const p of ['release.config.js', '.releaserc.cjs', 'babel.config.js', '.babelrc.js', 'playwright.config.ts', 'webpack.prod.js', '.eslintrc.cjs', 'noxfile.py']) {
      assert.equal(isOperatorCode(p), false, p);
    }
    // env reads the same list (unchanged there)
    assert.equal(isEnvNoisePath('src/eslint.config.mjs'), true);
    assert.equal(isEnvNoisePath('setup.py'), true);
    assert.equal(isEnvNoisePath('tasks.py'), true);
    assert.equal(isEnvNoisePath('src/release-it.js'), true);
    assert.equal(isEnvNoisePath('src/server/config.mjs'), false);
  });
});
