/**
 * Config actions in the module that reads the operator's config file (issue 11, item 5), on a
 * real repository: the profile learns the module from its many key reads; a key no longer
 * read, a key that now raises, a new required key are config actions that need a note; an
 * optional new key, and the same edits in a module that is no config reader, are not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, loadProfile, SimpleGitSource } from '../../../src/core';
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
