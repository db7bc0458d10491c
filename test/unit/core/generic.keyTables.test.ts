/**
 * Config key tables (issue 11, session 15): the list of keys a hand-written config parser accepts,
 * one brace-initialised row per line (`{"sql_history_since_epoch", cfg_key_timestamps_since_epoch},`,
 * `{ "ResolvConf", CONFIG_TYPE_STRING, FALSE },`). A row removed whose key no code of head names any
 * more is a removed setting that needs a note, though the file is not named as a settings module
 * (pmacct's `pmacct-data.h`) or the key is CamelCase (OpenDKIM, OpenDMARC). A key moved to another
 * file, a key whose case changed, a table whose rows are not config (a command or data table), two
 * rows, and test code are not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { combineOptionSearches } from '../../../src/core/analyzers/cliOptions';
import { keyTableRows, removedTableKeys, removesKeyTableRowHint, settingNameSearch } from '../../../src/core/analyzers/settingNames';
import { lex } from '../../../src/core/lex';
import type { Change } from '../../../src/core/types';
import { assertConfigNotes, subjectsByPath } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const PMACCT = (rows: string) => `/* dictionary of config keys */\nconst struct _dictionary_line dictionary[] = {\n  {"debug", cfg_key_debug},\n  {"syslog", cfg_key_syslog},\n${rows}  {"", NULL}\n};\n`;
const DKIM = (rows: string) => `struct configdef dkimf_config[] =\n{\n\t{ "AutoRestart",\t\tCONFIG_TYPE_BOOLEAN,\tFALSE },\n\t{ "Canonicalization",\tCONFIG_TYPE_STRING,\tFALSE },\n${rows}\t{ NULL,\t\t\t(u_int) -1,\t\tFALSE }\n};\n`;
// a command table and a data table: rows of the same look whose second field says nothing of config
const COMMANDS = (rows: string) => `static struct cmd cmds[] = {\n  {"help", cmd_help},\n  {"list", cmd_list},\n${rows}};\n`;
const PRIMITIVES = (rows: string) => `struct prim prims[] = {\n  {"src_host", 1, 1},\n  {"dst_host", 1, 1},\n${rows}};\n`;

// review15 F3: an endpoint's query parameters and a command line's options, rows whose second field says param / opt
const QUERY = (rows: string) => `static const struct query_param list_params[] = {\n  {"limit", PARAM_LIMIT},\n  {"offset", PARAM_OFFSET},\n${rows}  {NULL, 0}\n};\n`;
const X509 = (rows: string) => `const OPTIONS x509_options[] = {\n    {"help", OPT_HELP, '-', "Display this summary"},\n    {"in", OPT_IN, '<', "Input file"},\n${rows}    {NULL}\n};\n`;

const GO_SERVER = (row: string, read: string) => `package server\n\nvar keys = []key{\n\t{"alpha_key", cfgString},\n\t{"beta_key", cfgInt},\n${row}}\n\nfunc start() {\n${read}}\n`;

describe('rows removed from a config key table', () => {
  const repo = new TestRepo('keytables');
  after(() => repo.dispose());
  repo.commit('init', {
    'src/pmacct-data.h': PMACCT('  {"sql_aggressive_classification", cfg_key_sql_aggressive_classification},\n  {"sql_history_since_epoch", cfg_key_sql_history_since_epoch},\n  {"nfacctd_time_new", cfg_key_nfacctd_time_new},\n'),
    'src/cfg.c': '#include "cfg.h"\n\nint parse(void) { return 0; }\n',
    'opendkim/opendkim-config.h': DKIM('\t{ "ResolvConf",\t\tCONFIG_TYPE_STRING,\tFALSE },\n\t{ "Selector",\t\tCONFIG_TYPE_STRING,\tFALSE },\n'),
    'src/commands.c': COMMANDS('  {"stats", cmd_stats},\n'),
    'src/prims.h': PRIMITIVES('  {"src_mac", 1, 1},\n'),
    'src/small.c': 'static const struct opt two[] = {\n  {"alpha_one", cfg_alpha},\n  {"beta_two", cfg_beta},\n};\n',
    'tests/t-conf.c': PMACCT('  {"test_only_key", cfg_key_test_only_key},\n'),
    'src/api_list.c': QUERY('  {"order", PARAM_ORDER},\n'),
    'src/cmd.c': X509(`    {"text", OPT_TEXT, '-', "Print as text"},\n`),
    // Go: a key table and a config read removed in one file that is no settings module: both are named
    'internal/server/server.go': GO_SERVER('\t{"gamma_key", cfgBool},\n', '\tdelta := viper.GetString("delta_key")\n\t_ = delta\n'),
  });
  repo.checkout('feature', true);
  repo.commit('drop keys', {
    // sql_aggressive_classification removed; sql_history_since_epoch moved to another file's table; nfacctd_time_new's case changed
    'src/pmacct-data.h': PMACCT('  {"NFACCTD_TIME_NEW", cfg_key_nfacctd_time_new},\n'),
    'src/cfg.c': '#include "cfg.h"\n\nstatic const struct _dictionary_line legacy[] = {\n  {"sql_history_since_epoch", cfg_key_timestamps_since_epoch},\n};\n',
    // ResolvConf renamed to Nameservers
    'opendkim/opendkim-config.h': DKIM('\t{ "Nameservers",\t\tCONFIG_TYPE_STRING,\tFALSE },\n\t{ "Selector",\t\tCONFIG_TYPE_STRING,\tFALSE },\n'),
    'src/commands.c': COMMANDS(''),
    'src/prims.h': PRIMITIVES(''),
    'src/small.c': 'static const struct opt two[] = {\n  {"alpha_one", cfg_alpha},\n};\n',
    'tests/t-conf.c': PMACCT(''),
    'src/api_list.c': QUERY(''),
    'src/cmd.c': X509(''),
    'internal/server/server.go': GO_SERVER('', ''),
  });

  it('a key left nowhere is a removed setting that needs a note; moves, case changes, other tables, two rows and tests are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(subjectsByPath(report, 'generic.setting-removed'), {
      'src/pmacct-data.h': ['sql_aggressive_classification'],
      'opendkim/opendkim-config.h': ['ResolvConf'],
      'internal/server/server.go': ['delta_key', 'gamma_key'],
    });
    const impacts = assertConfigNotes(report, 'generic.setting-removed');
    for (const i of impacts) {
      assert.ok(i.findings.every((f) => f.kind === 'config-key-removed' && f.severity === 'warning' && (f.message.includes(`in the table of keys the config parser accepts (\`${i.path}\`)`) || f.subject === 'delta_key')), i.path);
    }
    for (const path of ['src/commands.c', 'src/prims.h', 'src/small.c', 'tests/t-conf.c', 'src/cfg.c']) {
      assert.equal(report.impacts.some((i) => i.path === path && i.requiresNote), false, path);
    }
    // an endpoint's query parameter and a command line's option are no config keys (review15 F3)
    for (const path of ['src/api_list.c', 'src/cmd.c']) {
      assert.equal(report.impacts.some((i) => i.path === path && i.findings.some((f) => f.kind === 'config-key-removed')), false, path);
    }
    assert.deepEqual(notChinese(impacts.flatMap((i) => i.findings.map((f) => f.message)), translateMessage), []);
  });
});

describe('a config key table row moved to a read in another file, in another case (review15 F5)', () => {
  const repo = new TestRepo('keytables-case');
  after(() => repo.dispose());
  const TABLE = (rows: string) => DKIM(`${rows}\t{ "Selector",\t\tCONFIG_TYPE_STRING,\tFALSE },\n`);
  repo.commit('init', {
    'opendkim/opendkim-config.h': TABLE('\t{ "ResolvConf",\t\tCONFIG_TYPE_STRING,\tFALSE },\n\t{ "SignHeaders",\t\tCONFIG_TYPE_STRING,\tFALSE },\n'),
    'opendkim/opendkim.c': 'int main(void) { return 0; }\n',
  });
  repo.checkout('feature', true);
  // ResolvConf is now read directly in lower case (the parser matches keys caseless); SignHeaders is gone
  repo.commit('read resolvconf directly', {
    'opendkim/opendkim-config.h': TABLE(''),
    'opendkim/opendkim.c': 'int main(void) {\n\t(void) config_get(conf, "resolvconf", &resolv, sizeof resolv);\n\treturn 0;\n}\n',
  });

  it('the head search: a table key is found and named in any case, other names in their own case', () => {
    const search = settingNameSearch([{ name: 'ResolvConf', line: 3, table: true }, { name: 'log_dir', line: 9 }]);
    assert.deepEqual(search.named('config_get(conf, "resolvconf", &r);'), ['ResolvConf']);
    assert.deepEqual(search.named('get("LOG_DIR")'), []);
    const combined = combineOptionSearches([{ needles: search.needles, caseless: search.caseless }]);
    assert.match('x = "RESOLVCONF";', new RegExp(combined.pattern));
    assert.deepEqual([...combined.owners('x = "RESOLVCONF";')], [0]);
    assert.deepEqual([...combined.owners('x = "LOG_DIR";')], []);
  });

  it('a key head names in any case is not removed; a key named nowhere is', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(subjectsByPath(report, 'generic.setting-removed'), { 'opendkim/opendkim-config.h': ['SignHeaders'] });
  });
});

describe('config key table rows', () => {
  const rows = (text: string) => keyTableRows('c', [...lex('c', text)]).map((d) => d.name);

  it('reads rows whose second field names config handling, in any case, three rows or more', () => {
    assert.deepEqual(rows(PMACCT('  {"sql_recovery_logfile", cfg_key_sql_recovery_logfile},\n')), ['debug', 'syslog', 'sql_recovery_logfile']);
    assert.deepEqual(rows(DKIM('\t{ "On-Security",\t\tCONFIG_TYPE_STRING,\tFALSE },\n')), ['AutoRestart', 'Canonicalization', 'On-Security']);
    // Exim's option list: `opt_stringptr`
    assert.deepEqual(rows('optionlist optionlist_config[] = {\n  { "accept_8bitmime", opt_bool, &accept_8bitmime },\n  { "acl_not_smtp", opt_stringptr, &acl_not_smtp },\n  { "gnutls_require_kx", opt_stringptr, &gnutls_require_kx },\n};\n'), ['accept_8bitmime', 'acl_not_smtp', 'gnutls_require_kx']);
  });

  it('no table: a command or data table, two rows, a qualified field, a row inside a line, a file name', () => {
    assert.deepEqual(rows(COMMANDS('  {"stats", cmd_stats},\n')), []);
    assert.deepEqual(rows(PRIMITIVES('  {"src_mac", 1, 1},\n')), []);
    assert.deepEqual(rows('x = {\n  {"a_b", cfg_a},\n  {"c_d", cfg_c},\n};\n'), []);
    assert.deepEqual(rows('m = {\n  {"NSID", EDNSOptionCode::NSID},\n  {"ECS", EDNSOptionCode::ECS},\n  {"DAU", EDNSOptionCode::DAU},\n};\n'), []);
    assert.deepEqual(rows('f(); {"a_b", cfg_a}, {"c_d", cfg_c}, {"e_f", cfg_e},\n'), []);
    // option and parameter rows in a table that says nothing of config (review15 F3); the same rows in a config table are keys
    assert.deepEqual(rows(QUERY('  {"order", PARAM_ORDER},\n')), []);
    assert.deepEqual(rows(X509(`    {"text", OPT_TEXT, '-', "Print as text"},\n`)), []);
    assert.deepEqual(rows('static const struct opt_def server_config[] = {\n  {"listen_addr", OPT_STRING},\n  {"max_conns", OPT_INT},\n  {"log_file", OPT_STRING},\n};\n'), ['listen_addr', 'max_conns', 'log_file']);
    assert.deepEqual(rows('x = {\n  {"a.conf", cfg_a},\n  {"b.conf", cfg_b},\n  {"c.conf", cfg_c},\n};\n'), []);
  });

  it('the cheap hint: a removed row of a C-like file whose second field says config', () => {
    const change = (path: string, removed: string[]): Change => ({ status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: removed.length, newStart: 1, newLines: 0, removed, added: [] }] });
    assert.equal(removesKeyTableRowHint(change('src/pmacct-data.h', ['  {"sql_aggressive_classification", cfg_key_sql_aggressive_classification},'])), true);
    assert.equal(removesKeyTableRowHint(change('opendkim/opendkim-config.h', ['\t{ "ResolvConf",\t\tCONFIG_TYPE_STRING,\tFALSE },'])), true);
    assert.equal(removesKeyTableRowHint(change('src/commands.c', ['  {"stats", cmd_stats},'])), false);
    assert.equal(removesKeyTableRowHint(change('app/settings.py', ['  {"a_b", cfg_a},'])), false);
  });

  it('removedTableKeys: a key the new side holds in any case is not removed', () => {
    const oldText = PMACCT('  {"nfacctd_time_new", cfg_key_nfacctd_time_new},\n  {"sql_recovery_logfile", cfg_key_sql_recovery_logfile},\n');
    const newText = PMACCT('  {"NFACCTD_TIME_NEW", cfg_key_nfacctd_time_new},\n');
    const removed = oldText.split('\n').slice(4, 6);
    const change: Change = { status: 'modified', path: 'src/pmacct-data.h', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 5, oldLines: 2, newStart: 5, newLines: 1, removed, added: ['  {"NFACCTD_TIME_NEW", cfg_key_nfacctd_time_new},'] }] };
    assert.deepEqual(removedTableKeys(change, oldText, newText).map((d) => d.name), ['sql_recovery_logfile']);
  });
});
