/**
 * A setting's default changed in the module that declares the program's settings (issue 11, config
 * actions), on a real repository: in Go, Rust, Java, Python and C settings modules, a line edited in
 * place where one literal changes and the line (or the function it returns from) names a default is
 * a config action that needs a note. Beside each: a key renamed, a description or an example
 * reworded, a version raised, a Javadoc line, a default outside settings modules, a test's defaults —
 * none.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, localizeTitle, translateMessage } from '../../../src/core';
import { changedSettingDefaults } from '../../../src/core/analyzers/settingDefaults';
import { RULE_STEPS_ZH } from '../../../src/core/l10n/ruleSteps';
import { genericRule } from '../../../src/core/rules/packs/generic';
import type { Change } from '../../../src/core/types';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const GO = (level: string, cache: string, help: string) =>
  `package config\n\nfunc load(v *viper.Viper) {\n\tv.SetDefault("log-level", "${level}")\n\tv.SetDefault("${cache}", 10)\n\tv.SetDefault("listen", ":80") // ${help}\n}\n`;
const RUST = (engine: string, image: string) =>
  `pub struct Config {\n    #[serde(default = "default_db_engine")]\n    pub db_engine: String,\n}\n\nfn default_db_engine() -> String {\n    "${engine}".into()\n}\n\npub const DEFAULT_IMAGE: &str = "registry/app:${image}";\n`;
const JAVA = (indexing: string, doc: string, cap: string) =>
  `package app.config;\n\npublic class SyncConfiguration {\n  /**\n   * Whether transactions are indexed. Default value is ${doc}.\n   */\n  public static final boolean DEFAULT_TRANSACTION_INDEXING_ENABLED = ${indexing};\n  public static final long DEFAULT_GAS_CAP = ${cap};\n}\n`;
const PY = (mode: string, desc: string) =>
  `def load(dcs):\n    dcs.setdefault('synchronous_mode', ${mode})\n    OPTIONS = [Option('workers', default=4, description="${desc}")]\n`;
const C = (mode: string, size: string) => `#ifndef PARAMS_H\n#define PARAMS_H\n#define DEFAULT_MODE\t"${mode}"\n#define DEFAULT_EDNS_SIZE\t${size}\n#endif\n`;

describe('a default a settings module changes', () => {
  const repo = new TestRepo('settingdefaults');
  after(() => repo.dispose());
  repo.commit('init', {
    'internal/config/config.go': GO('info', 'cache-size', 'the listen address'),
    'src/config.rs': RUST('sled', '1.4.2'),
    'src/main/java/app/config/SyncConfiguration.java': JAVA('TRUE', 'true', '50_000_000L'),
    'app/settings.py': PY('True', 'Number of worker processes'),
    'src/utils/params.h': C('strict', '4096'),
    // defaults outside settings modules, and a test's
    'internal/server/handler.go': 'package server\n\nconst defaultTimeout = 10\n',
    'internal/config/config_test.go': 'package config\n\nconst defaultTestLevel = "info"\n',
  });
  repo.checkout('feature', true);
  repo.commit('change defaults', {
    // log-level's default changes (action); cache-size renamed in place and the comment reworded (no default changed)
    'internal/config/config.go': GO('warn', 'cache_size', 'the address to listen on'),
    // the engine's default changes (action); an image tag raised (none)
    'src/config.rs': RUST('lmdb', '1.4.3'),
    // indexing turned off by default (action); the Javadoc line is no code; a number raised (a limit tuned) is none
    'src/main/java/app/config/SyncConfiguration.java': JAVA('FALSE', 'false', '100_000_000L'),
    // a default that was a boolean becomes a mode (action); a description reworded (none)
    'app/settings.py': PY("'quorum'", 'How many worker processes to start'),
    // the mode switches (action); a size lowered is none
    'src/utils/params.h': C('relaxed', '1232'),
    'internal/server/handler.go': 'package server\n\nconst defaultTimeout = 15\n',
    'internal/config/config_test.go': 'package config\n\nconst defaultTestLevel = "debug"\n',
  });

  it('is a config action naming the setting and both values; renames, prose, versions, comments and other modules are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impacts = report.impacts.filter((i) => i.findings.some((f) => f.kind === 'default-changed'));
    const got = Object.fromEntries(impacts.map((i) => [i.path, i.findings.filter((f) => f.kind === 'default-changed').map((f) => f.subject).sort()]));
    assert.deepEqual(got, {
      'internal/config/config.go': ['log-level'],
      'src/config.rs': ['default_db_engine'],
      'src/main/java/app/config/SyncConfiguration.java': ['DEFAULT_TRANSACTION_INDEXING_ENABLED'],
      'app/settings.py': ['synchronous_mode'],
      'src/utils/params.h': ['DEFAULT_MODE'],
    });
    // The Go module also renames cache-size in place: that is the removed setting's fact, in the same impact.
    const go = impacts.find((i) => i.path === 'internal/config/config.go')!;
    assert.equal(go.rule, 'generic.setting-removed');
    assert.deepEqual(go.findings.filter((f) => f.kind === 'config-key-removed').map((f) => f.subject), ['cache-size']);
    for (const i of impacts) {
      assert.equal(i.category, 'config');
      assert.equal(i.requiresNote, true, i.path);
      // settings.py keeps its pack rule (python.settings) and gains the finding.
      if (i !== go) assert.equal(i.rule, i.path === 'app/settings.py' ? 'python.settings' : 'generic.setting-default', i.path);
      assert.ok(i.findings.filter((f) => f.kind === 'default-changed').every((f) => f.severity === 'warning' && f.message.includes(`in the settings module \`${i.path}\``)), i.path);
    }
    assert.match(go.findings[0].message, /default of setting `log-level` changes from `info` to `warn`/);
    assert.equal(report.impacts.some((i) => (i.path === 'internal/server/handler.go' || i.path.endsWith('_test.go')) && i.requiresNote), false);
    assert.deepEqual(notChinese(impacts.flatMap((i) => i.findings.map((f) => f.message)), translateMessage), []);
    assert.match(localizeTitle(impacts.find((i) => i.rule === 'generic.setting-default')!.title, 'zh-cn'), /设置的默认值已更改/);
    for (const step of genericRule('generic.setting-default').checklist ?? []) assert.ok(RULE_STEPS_ZH[step.text], step.text);
  });
});

describe('a settings module whose defaults stay (negatives beside the positives)', () => {
  const repo = new TestRepo('settingdefaults-none');
  after(() => repo.dispose());
  repo.commit('init', {
    'internal/config/config.go': GO('info', 'cache-size', 'the listen address'),
    'src/config.rs': RUST('sled', '1.4.2'),
    'app/settings.py': PY('True', 'Number of worker processes'),
  });
  repo.checkout('feature', true);
  repo.commit('reword, rename, raise a version', {
    'internal/config/config.go': GO('info', 'cache_size', 'the address to listen on'),
    'src/config.rs': RUST('sled', '1.5.0'),
    'app/settings.py': PY('True', 'How many worker processes to start'),
  });

  it('reports no changed default and needs no note for them', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(report.impacts.filter((i) => i.rule === 'generic.setting-default').map((i) => i.path), []);
    assert.equal(report.impacts.some((i) => i.findings.some((f) => f.kind === 'default-changed')), false);
  });
});

describe('a settings module line whose default is an env read\'s fallback (review12 F4)', () => {
  const repo = new TestRepo('settingdefaults-env');
  after(() => repo.dispose());
  const CONFIG = (mode: string, format: string) => `import os\nDEFAULT_MODE = os.getenv("APP_MODE", "${mode}")\nDEFAULT_FORMAT = "${format}"\n`;
  repo.commit('init', { 'app/config.py': CONFIG('fast', 'text'), 'app/main.py': 'from app.config import DEFAULT_MODE\nprint(DEFAULT_MODE)\n' });
  repo.checkout('feature', true);
  repo.commit('change defaults', { 'app/config.py': CONFIG('safe', 'json') });

  it('is reported once, as the env variable\'s default; the module\'s other default stays its own finding', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const config = report.impacts.find((i) => i.path === 'app/config.py');
    assert.ok(config);
    const defaults = config.findings.filter((f) => f.kind === 'default-changed').map((f) => [f.line, f.subject]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(defaults, [[2, 'APP_MODE'], [3, 'DEFAULT_FORMAT']]);
    assert.equal(config.requiresNote, true);
    assert.match(config.findings.find((f) => f.subject === 'APP_MODE')!.message, /default of environment variable APP_MODE changes from "fast" to "safe"/);
  });
});

describe('changedSettingDefaults (pure)', () => {
  const change = (path: string, removed: string[], added: string[], newStart = 2): Change => ({
    status: 'modified', path, hunks: [{ oldStart: newStart, oldLines: removed.length, newStart, newLines: added.length, removed, added }],
  } as Change);

  it('reads the default of an Erlang defaults map and a Go default constant; a number tuned is none', () => {
    const erl = changedSettingDefaults(change('src/config/mongoose_config_spec.erl', ['    defaults = #{<<"mode">> => <<"push">>,'], ['    defaults = #{<<"mode">> => <<"pull">>,']), 'spec() ->\n    defaults = #{<<"mode">> => <<"pull">>,\n    x}.\n');
    assert.deepEqual(erl.map((d) => [d.from, d.to]), [['push', 'pull']]);
    const go = changedSettingDefaults(change('internal/manager/config.go', ['\tdefaultLogFormat = "text"'], ['\tdefaultLogFormat = "json"']), 'const (\n\tdefaultLogFormat = "json"\n)\n');
    assert.deepEqual(go.map((d) => [d.name, d.from, d.to]), [['defaultLogFormat', 'text', 'json']]);
    const tuned = changedSettingDefaults(change('internal/manager/config.go', ['\tdefaultGroupRefreshInterval = 10 * time.Minute'], ['\tdefaultGroupRefreshInterval = 15 * time.Minute']), 'const (\n\tdefaultGroupRefreshInterval = 15 * time.Minute\n)\n');
    assert.deepEqual(tuned, []);
  });

  it('leaves a number turned into a boolean (another setting), an example annotation and a line that names no default', () => {
    const text = 'x\n.property_or_default("a", "b")\n.unwrap_or(true),\n';
    assert.deepEqual(changedSettingDefaults(change('crates/config/spam.rs', ['    .unwrap_or(8.0),'], ['    .unwrap_or(true),'], 3), text), []);
    assert.deepEqual(changedSettingDefaults(change('src/settings/structs.rs', ['  #[doku(example = "*")]'], ['  #[doku(example = "lemmy.tld")]']), 'x\n  #[doku(example = "lemmy.tld")]\n'), []);
    assert.deepEqual(changedSettingDefaults(change('internal/config/config.go', ['\tretries = 3'], ['\tretries = 5']), 'x\n\tretries = 5\n'), []);
  });
});
