import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, loadProfile, SimpleGitSource, type Report, type RepoProfile } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { PROFILE_VERSION } from '../../../src/core/profile/types';
import { ensureCliBuilt, runCli } from '../cli/checkHelpers';
import { impactAt } from '../../helpers/impacts';

const GO_PARSER = `package config

import (
	"os"
	"strings"
)

// ParseEnvironmentVariables reads every variable of the process.
func (p *Parser) ParseEnvironmentVariables() error {
	return p.parseLines(os.Environ())
}

func (p *Parser) parseLines(lines []string) error {
	for _, line := range lines {
		fields := strings.SplitN(line, "=", 2)
		key, value := fields[0], fields[1]
		switch key {
		case "LOG_FILE":
			p.opts.logFile = parseString(value, defaultLogFile)
		case "DATABASE_URL":
			p.opts.databaseURL = parseString(value, defaultDatabaseURL)
		}
	}
	return nil
}
`;

const PY_MAP = `import os

HANDLERS = {
    "MAIL_HOST": lambda v: set_mail_host(v),
    "MAIL_PORT": lambda v: set_mail_port(int(v)),
}

def load():
    for key, value in os.environ.items():
        if key in HANDLERS:
            HANDLERS[key](value)
`;

const PY_READER = `import os

def env_bool(name, default="false"):
    return os.getenv(name, default).lower() in ("1", "true", "yes")

DEBUG = env_bool("APP_DEBUG", "false")
`;

const EX_RUNTIME = `import Config

config_dir = System.get_env("CONFIG_DIR", "/run/secrets")

defmodule Helpers do
  def get_var_from_path_or_env(config_dir, var_name, default \\\\ nil) do
    case File.read(Path.join(config_dir, var_name)) do
      {:ok, v} -> String.trim(v)
      _ -> System.get_env(var_name, default)
    end
  end
end

base_url = Helpers.get_var_from_path_or_env(config_dir, "BASE_URL")
`;

describe('repository profile on a real repository', () => {
  const repo = new TestRepo();
  let profile: RepoProfile;
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# svc\n',
      'internal/config/parser.go': GO_PARSER,
      'app/handlers.py': PY_MAP,
      'app/settings.py': PY_READER,
      'config/runtime.exs': EX_RUNTIME,
      'storage/schema/delta/72/01_users.sql': 'CREATE TABLE users (id bigint);\n',
      'storage/schema/delta/72/02_rooms.sql': 'CREATE TABLE rooms (id bigint);\n',
      'storage/schema/delta/73/01_events.sql': 'CREATE INDEX events_idx ON events (ts);\n',
      'config.example.yml': 'listen: 8080\n# log_level: info\nlegacy_auth: true\n',
      'worker.example.ini': 'threads = 4\n',
      'config/app.default.php': "<?php\nreturn [\n  'timeout' => 30,\n];\n",
      'contrib/nginx/site.conf.example': 'server {\n  listen 80;\n  client_max_body_size 10m;\n}\n',
      'contrib/systemd/app.service': '[Service]\nExecStart=/usr/bin/app\n',
      'Caddyfile': 'example.com {\n  reverse_proxy localhost:8080\n}\n',
      'charts/app/values.yaml': 'replicaCount: 1\n',
      'docker-compose.yml': '# For local development only: not for production.\nservices:\n  db:\n    image: postgres\n',
      'docs/INSTALL.md': '# Install\n',
      'tests/helpers.py': 'import os\nX = os.getenv("ONLY_IN_TESTS")\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'internal/config/parser.go': GO_PARSER.replace('\t\tcase "DATABASE_URL":', '\t\tcase "POLLING_FREQUENCY":\n\t\t\tp.opts.polling = parseInt(value, 60)\n\t\tcase "DATABASE_URL":'),
      'app/handlers.py': PY_MAP.replace('}\n', '    "MAIL_TLS": lambda v: set_mail_tls(v),\n}\n'),
      'app/settings.py': PY_READER + 'SECRET = env_bool("APP_SECRET_FLAG")\nTZ_NAME = env_bool("APP_TZ", "UTC")\n',
      'config/runtime.exs': EX_RUNTIME + 'secret = Helpers.get_var_from_path_or_env(config_dir, "SECRET_KEY_BASE")\n',
      // a Python delta with no DDL on its lines: a migration because of where it is
      'storage/schema/delta/74/01_backfill.py': 'def run_create(cur, database_engine):\n    pass\n',
      'config.example.yml': 'listen: 8080\n# log_level: info\nworkers: 4\n',
      'worker.example.ini': 'threads = 4\nqueue = default\n',
      'config/app.default.php': "<?php\nreturn [\n  'timeout' => 60,\n];\n",
      'contrib/nginx/site.conf.example': 'server {\n  listen 80;\n  # a comment only\n  client_max_body_size 10m;\n}\n',
      'docker-compose.yml': '# For local development only: not for production.\nservices:\n  db:\n    image: postgres\n    environment:\n      - DEV_DB_PASSWORD=secret\n',
      'tests/helpers.py': 'import os\nX = os.getenv("ONLY_IN_TESTS")\nY = os.getenv("ALSO_ONLY_IN_TESTS")\n',
    });
    const git = await SimpleGitSource.open(repo.dir);
    try {
      profile = await loadProfile(git, repo.git('rev-parse', 'feature').trim(), undefined);
    } finally {
      git.close();
    }
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('learns the schema history folder from numbered files holding DDL', () => {
    assert.deepEqual(profile.schemaHistory.map((h) => h.folder), ['storage/schema/delta']);
    assert.match(profile.schemaHistory[0].evidence, /numbered files; storage\/schema\/delta\/7\d\/0\d_\w+\.sql:1 holds `CREATE/);
  });

  it('learns env registries (switch and map shapes) and generic readers, with evidence', () => {
    const reg = Object.fromEntries(profile.envRegistries.map((r) => [r.path, r]));
    assert.equal(reg['internal/config/parser.go']?.shape, 'switch');
    assert.equal(reg['internal/config/parser.go']?.line, 10);
    assert.ok(reg['internal/config/parser.go'].names.includes('LOG_FILE'));
    assert.equal(reg['app/handlers.py']?.shape, 'map');
    assert.deepEqual(profile.envReaders.map((r) => r.name).sort(), ['env_bool', 'get_var_from_path_or_env']);
  });

  it('learns operator templates of each kind, deployment docs and dev-only files', () => {
    const kinds = Object.fromEntries(profile.templates.map((t) => [t.path, t.kind]));
    assert.equal(kinds['config.example.yml'], 'example');
    assert.equal(kinds['config/app.default.php'], 'default');
    assert.equal(kinds['contrib/nginx/site.conf.example'], 'nginx');
    assert.equal(kinds['contrib/systemd/app.service'], 'systemd');
    assert.equal(kinds['Caddyfile'], 'caddy');
    assert.equal(kinds['charts/app/values.yaml'], 'helm-values');
    assert.ok(profile.deploymentDocs.some((d) => d.path === 'docs/INSTALL.md'));
    const dev = profile.devOnly.find((d) => d.path === 'docker-compose.yml');
    assert.match(dev?.evidence ?? '', /docker-compose\.yml:1 says `# For local development only/);
  });

  it('caches the profile under the git folder, keyed by the tree, and survives a corrupt cache', async () => {
    const tree = repo.git('rev-parse', 'feature^{tree}').trim();
    const file = path.join(repo.dir, '.git', 'handoff', `profile-v${PROFILE_VERSION}-${tree}.json`);
    assert.ok(fs.existsSync(file), 'cached under .git/handoff');
    // Another version's profile of the same tree has a file of its own: neither re-learns because of the other.
    const other = path.join(repo.dir, '.git', 'handoff', `profile-v${PROFILE_VERSION + 1}-${tree}.json`);
    fs.writeFileSync(other, '{"version": 999}\n');
    assert.ok(!fs.existsSync(path.join(repo.dir, 'handoff')), 'nothing in the work tree');
    const git = await SimpleGitSource.open(repo.dir);
    try {
      const again = await loadProfile(git, 'feature', undefined);
      assert.equal(again.cached, true);
      fs.writeFileSync(file, '{"version": 1, "tree": "', 'utf8'); // half a file
      const relearned = await loadProfile(git, 'feature', undefined);
      assert.equal(relearned.cached, undefined);
      assert.deepEqual(relearned.schemaHistory.map((h) => h.folder), ['storage/schema/delta']);
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')), 'rewritten whole');
      assert.equal(fs.readFileSync(other, 'utf8'), '{"version": 999}\n', "another version's file is left alone");
      assert.equal((await loadProfile(git, 'feature', undefined)).cached, true);
    } finally {
      git.close();
    }
  });

  it('a key added to a switch registry is an optional new setting: listed, info, no note, says where it was read', () => {
    assert.ok(report.envVars.added.includes('POLLING_FREQUENCY'));
    const i = impactAt(report, 'internal/config/parser.go');
    const f = i?.findings.find((x) => x.subject === 'POLLING_FREQUENCY');
    assert.equal(f?.severity, 'info');
    assert.match(f?.message ?? '', /read through the env registry at internal\/config\/parser\.go:10/);
    assert.equal(i?.requiresNote, false);
  });

  it('a key added to a map registry is found', () => {
    assert.ok(report.envVars.added.includes('MAIL_TLS'));
  });

  it('reader calls: without a default a required setting (note), with one optional', () => {
    assert.ok(report.envVars.added.includes('APP_SECRET_FLAG') && report.envVars.added.includes('APP_TZ') && report.envVars.added.includes('SECRET_KEY_BASE'));
    const py = impactAt(report, 'app/settings.py');
    assert.equal(py?.findings.find((f) => f.subject === 'APP_SECRET_FLAG')?.severity, 'warning');
    assert.equal(py?.findings.find((f) => f.subject === 'APP_TZ')?.severity, 'info');
    assert.equal(py?.requiresNote, true);
    const ex = impactAt(report, 'config/runtime.exs');
    assert.match(ex?.findings.find((f) => f.subject === 'SECRET_KEY_BASE')?.message ?? '', /read through/);
  });

  it('a file added to the learned schema history is a migration that says why', () => {
    const i = impactAt(report, 'storage/schema/delta/74/01_backfill.py');
    assert.equal(i?.category, 'migration');
    assert.equal(i?.rule, 'generic.schema-history');
    assert.match(i?.findings[0]?.message ?? '', /added to the schema history at storage\/schema\/delta \(learned by the repository profile/);
  });

  it('operator templates: a key removed or a default changed is a config action; a key only added (optional) or a comment-only edit is not', () => {
    const ex = impactAt(report, 'config.example.yml');
    assert.equal(ex?.requiresNote, true);
    assert.deepEqual(ex?.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`), ['config-key-added:workers:info', 'config-key-removed:legacy_auth:warning']);
    assert.match(ex!.findings[0].message, /^operator template gains key `workers` with an example value: an optional new setting; learned by the repository profile/);
    const added = impactAt(report, 'worker.example.ini');
    assert.deepEqual(added?.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`), ['config-key-added:queue:info']);
    assert.equal(added?.requiresNote, false, 'a key only added to an example comes with its value: optional');
    const def = impactAt(report, 'config/app.default.php');
    assert.deepEqual(def?.findings.map((f) => `${f.kind}:${f.subject}`), ['default-changed:timeout']);
    assert.equal(def?.requiresNote, true);
    const nginx = impactAt(report, 'contrib/nginx/site.conf.example');
    assert.ok(!nginx || !nginx.requiresNote, JSON.stringify(nginx));
  });

  it('negatives: names read only in tests and in a dev-only compose file are not deployment impact', () => {
    for (const n of ['ONLY_IN_TESTS', 'ALSO_ONLY_IN_TESTS', 'DEV_DB_PASSWORD']) assert.ok(!report.envVars.added.includes(n), n);
    const compose = impactAt(report, 'docker-compose.yml');
    assert.equal(compose?.requiresNote ?? false, false);
    assert.equal(compose?.severity ?? 'info', 'info');
  });

  it('handoff profile prints what was learned with its evidence (text and json), and the config corrects it', () => {
    ensureCliBuilt();
    const text = runCli(['profile', '--repo', repo.dir]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Schema history$/m);
    assert.match(text.stdout, /storage\/schema\/delta\/ {2}— \d+ numbered files/);
    assert.match(text.stdout, /internal\/config\/parser\.go:10 {2}switch/);
    // in Chinese, evidence included (names, paths and code stay as written)
    const zh = runCli(['profile', '--repo', repo.dir], { env: { HANDOFF_LANG: 'zh-CN' } });
    assert.equal(zh.code, 0, zh.stderr);
    assert.match(zh.stdout, /storage\/schema\/delta\/ {2}— \d+ 个编号文件；/);
    assert.match(zh.stdout, /Caddyfile {2}\[caddy\] {2}— 随项目提供给运维人员的 Caddyfile/);
    assert.doesNotMatch(zh.stdout, /numbered files|shipped for operators|reads the env var/);
    const json = runCli(['profile', '--repo', repo.dir, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const p = JSON.parse(json.stdout) as RepoProfile;
    assert.ok(p.templates.some((t) => t.path === 'Caddyfile'));
    repo.write({ '.handoff/config.yaml': 'profile:\n  notSchemaHistory: [storage/schema/delta]\n  envReaders: [read_setting]\n' });
    const corrected = JSON.parse(runCli(['profile', '--repo', repo.dir, '--format', 'json']).stdout) as RepoProfile;
    assert.deepEqual(corrected.schemaHistory, []);
    assert.ok(corrected.envReaders.some((r) => r.name === 'read_setting'));
    assert.ok(corrected.corrections.length >= 2);
    const bad = runCli(['profile', '--repo', repo.dir, '--format', 'xml']);
    assert.equal(bad.code, 2);
  });
});
