/**
 * Config actions in the module that reads the operator's config file (issue 11, item 5), on a
 * real repository: the profile learns the module from its many key reads; a key no longer
 * read, a key that now raises, a new required key are config actions that need a note; an
 * optional new key, and the same edits in a module that is no config reader, are not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, loadProfile, SimpleGitSource } from '../../../src/core';
import { translateMessage } from '../../../src/core/l10n/catalog';
import { englishSentences } from '../l10n/english';
import { TestRepo } from '../../helpers/repo';

const READER = [
  'class WorkerConfig:',
  '    def read_config(self, config):',
  '        self.worker_app = config.get("worker_app")',
  '        self.worker_name = config.get("worker_name", "w")',
  '        self.listeners = config.get("worker_listeners", [])',
  '        self.pid_file = config.get("worker_pid_file")',
  '        self.log_config = config.get("worker_log_config")',
  '        self.legacy_host = config.get("worker_replication_host")',
  '        self.http_port = config.get("worker_replication_http_port")',
  '',
].join('\n');

describe('config readers: keys removed, refused, required', () => {
  const repo = new TestRepo('cfgreader');
  after(() => repo.dispose());
  repo.commit('init', {
    'app/config/workers.py': READER,
    'app/util.py': 'def pick(config):\n    return config.get("worker_replication_host")\n',
  });
  repo.checkout('feature', true);
  repo.commit('drop legacy settings', {
    'app/config/workers.py': READER
      .replace('        self.legacy_host = config.get("worker_replication_host")\n', '')
      .replace('        self.http_port = config.get("worker_replication_http_port")\n', '        if config.get("worker_replication_http_port"):\n            raise ConfigError(\n                "worker_replication_http_port is no longer supported"\n            )\n        self.media = config["media_store_path"]\n        self.optional = config.get("new_optional", 1)\n'),
    'app/util.py': 'def pick(config):\n    return None\n',
  });

  it('the profile names the module, with evidence', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const profile = await loadProfile(git, repo.git('rev-parse', 'feature').trim(), undefined).finally(() => git.close());
    assert.deepEqual(profile.configReaders.map((c) => c.path), ['app/config/workers.py']);
    assert.match(profile.configReaders[0].evidence, /reads \d+ config keys \(app\/config\/workers\.py:\d+ `self\.\w+ = config\.get\("worker_\w+"/);
  });

  it('a removed, a refused and a required key are config actions that need a note; an optional one is not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = report.impacts.find((i) => i.path === 'app/config/workers.py');
    assert.ok(impact, JSON.stringify(report.impacts.map((i) => i.path)));
    assert.equal(impact.rule, 'generic.config-reader');
    assert.equal(impact.requiresNote, true);
    const got = impact.findings.map((f) => `${f.kind}:${f.subject}`).sort();
    assert.deepEqual(got, ['config-key-added:media_store_path', 'config-key-removed:worker_replication_host', 'config-key-removed:worker_replication_http_port']);
    assert.ok(impact.findings.every((f) => /learned by the repository profile/.test(f.message)));
    // the same removal in a module with one key read is no config reader
    assert.equal(report.impacts.find((i) => i.path === 'app/util.py'), undefined);
  });
});

describe('config readers corrected in .handoff/config.yaml', () => {
  const repo = new TestRepo('cfgreader-corrected');
  after(() => repo.dispose());
  repo.commit('init', {
    'app/config/workers.py': READER,
    'app/util.py': 'def pick(config):\n    return config.get("worker_replication_host")\n',
    '.handoff/config.yaml': 'profile:\n  notConfigReaders: [app/config/workers.py]\n  configReaders: ["app/util*.py"]\n',
  });
  repo.checkout('feature', true);
  repo.commit('drop legacy settings', {
    'app/config/workers.py': READER.replace('        self.legacy_host = config.get("worker_replication_host")\n', ''),
    'app/util.py': 'def pick(config):\n    return None\n',
  });

  it('notConfigReaders drops a learned module; configReaders adds one the profile did not learn', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const profile = await loadProfile(git, repo.git('rev-parse', 'feature').trim(), { notConfigReaders: ['app/config/workers.py'], configReaders: ['app/util*.py'] }).finally(() => git.close());
    assert.deepEqual(profile.configReaders.map((c) => c.path), ['app/util*.py']);
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.equal(report.impacts.find((i) => i.path === 'app/config/workers.py' && i.rule === 'generic.config-reader'), undefined);
    const util = report.impacts.find((i) => i.path === 'app/util.py');
    assert.equal(util?.rule, 'generic.config-reader');
    assert.deepEqual(util!.findings.map((f) => `${f.kind}:${f.subject}`), ['config-key-removed:worker_replication_host']);
    assert.match(util!.findings[0].message, /set in \.handoff\/config\.yaml \(profile\.configReaders\)/);
  });
});

const GO_CONFIG = [
  'package config',
  '',
  '// Global is the [global] section of the static configuration file.',
  'type Global struct {',
  '\tCheckNewVersion bool   `json:"checkNewVersion,omitempty" toml:"checkNewVersion,omitempty" yaml:"checkNewVersion,omitempty"`',
  '\tInsecureSNI     bool   `json:"insecureSNI,omitempty" toml:"insecureSNI,omitempty" yaml:"insecureSNI,omitempty"`',
  '\tLogLevel        string `toml:"logLevel" yaml:"logLevel"`',
  '\tTimeout         int    `mapstructure:"timeout" yaml:"timeout,omitempty"`',
  '\tDataDir         string `mapstructure:"data_dir" yaml:"data_dir,omitempty"`',
  '\tInline          Extra  `yaml:",inline"`',
  '}',
  '',
  'type Extra struct {',
  '\tRefreshCooldown int `mapstructure:"refresh_cooldown" yaml:"refresh_cooldown,omitempty"`',
  '}',
  '',
].join('\n');

const GO_API = [
  'package api',
  '',
  '// Route is a JSON payload of the HTTP API.',
  'type Route struct {',
  '\tName    string `json:"name"`',
  '\tHost    string `json:"host"`',
  '\tPath    string `json:"path"`',
  '\tWeight  int    `json:"weight"`',
  '\tLegacy  bool   `json:"legacy"`',
  '\tTimeout int    `json:"timeout"`',
  '}',
  '',
].join('\n');

describe('config readers: Go settings structs whose field tags declare the config file\'s keys', () => {
  const repo = new TestRepo('cfgreader-go');
  after(() => repo.dispose());
  repo.commit('init', { 'pkg/config/static.go': GO_CONFIG, 'pkg/api/route.go': GO_API, 'go.mod': 'module example.com/app\n' });
  repo.checkout('feature', true);
  repo.commit('drop insecureSNI; rename a field keeping its key; move a key; add an optional key; drop an API field', {
    'pkg/config/static.go': GO_CONFIG
      .replace('\tInsecureSNI     bool   `json:"insecureSNI,omitempty" toml:"insecureSNI,omitempty" yaml:"insecureSNI,omitempty"`\n', '')
      .replace('\tLogLevel        string `toml:"logLevel" yaml:"logLevel"`', '\tLevel           string `toml:"logLevel" yaml:"logLevel"`')
      .replace('\tTimeout         int    `mapstructure:"timeout" yaml:"timeout,omitempty"`\n', '\tMetricsAddr     string `mapstructure:"metrics_address" yaml:"metrics_address,omitempty"`\n')
      .replace('\tRefreshCooldown int `mapstructure:"refresh_cooldown" yaml:"refresh_cooldown,omitempty"`', '\tRefreshCooldown int `mapstructure:"refresh_cooldown" yaml:"refresh_cooldown,omitempty"`\n\tTimeout int `mapstructure:"timeout"`'),
    'pkg/api/route.go': GO_API.replace('\tLegacy  bool   `json:"legacy"`\n', ''),
  });

  it('the profile learns the tagged settings struct, not a JSON payload type', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const profile = await loadProfile(git, repo.git('rev-parse', 'feature').trim(), undefined).finally(() => git.close());
    assert.deepEqual(profile.configReaders.map((c) => c.path), ['pkg/config/static.go']);
    assert.match(profile.configReaders[0].evidence, /^pkg\/config\/static\.go declares \d+ config keys in field tags \(pkg\/config\/static\.go:\d+ `/);
  });

  it('a key whose tagged field was removed needs a note; a renamed field that keeps its key, a moved key and a new key do not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = report.impacts.find((i) => i.path === 'pkg/config/static.go');
    assert.ok(impact, JSON.stringify(report.impacts.map((i) => i.path)));
    assert.equal(impact.rule, 'generic.config-reader');
    assert.equal(impact.requiresNote, true);
    assert.deepEqual(impact.findings.filter((f) => f.kind !== 'config-value-changed').map((f) => `${f.kind}:${f.subject}`), ['config-key-removed:insecureSNI']);
    const removed = impact.findings.find((f) => f.kind === 'config-key-removed')!;
    assert.match(removed.message, /^no longer declares config key insecureSNI \(its field tagged toml was removed/);
    const zh = translateMessage(removed.message);
    assert.ok(zh && zh.startsWith('不再声明配置键 insecureSNI') && zh.includes('在字段标签中声明了'), String(zh));
    assert.equal(englishSentences(zh!), '');
    // the JSON payload type lost a field: no config action
    assert.equal(report.impacts.some((i) => i.path === 'pkg/api/route.go' && i.requiresNote && (i.category === 'config' || i.category === 'env')), false);
  });
});
