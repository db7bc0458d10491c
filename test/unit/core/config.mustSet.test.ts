/**
 * A setting added to a config file right below an added comment that tells operators to set it is a
 * config action, though the key comes with a value that keeps the old behaviour (issue 11): Nessie's
 * application.properties (`you have to configure this to 'true'`, Java), Telegraf's plugin sample.conf
 * (`Set this to false as soon as possible!` above a commented-out key, Go). Decoys: a comment that
 * tells how to use a value (Lemmy's `you need to list imgur explicitly`), the same words in code.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import type { Report } from '../../../src/core';
import { isOperatorConfigCandidate, mustSetFindings } from '../../../src/core/analyzers/mustSet';
import { TestRepo } from '../../helpers/repo';

const PROPS = (extra: string[]) => ['# server settings', 'app.server.port=8080', 'app.cloud.metadata-server=false', ...extra, ''].join('\n');
const SAMPLE = (extra: string[]) => ['# Read bind statistics', '[[inputs.bind]]', '  # urls = ["http://localhost:8053/xml/v3"]', ...extra, '', '  ## Timeout for http requests', '  # timeout = "4s"', ''].join('\n');

describe('a setting added under a comment telling operators to set it, on a real repository', () => {
  const repo = new TestRepo('mustset');
  after(() => repo.dispose());
  repo.commit('init', {
    'server/src/main/resources/application.properties': PROPS([]),
    'plugins/inputs/bind/sample.conf': SAMPLE([]),
    'config/defaults.hjson': '{\n  pictrs: {\n    url: "http://localhost:8080/"\n  }\n}\n',
    'src/proxy.py': 'def proxy():\n    return None\n',
  });
  repo.checkout('feature', true);
  repo.commit('new settings', {
    'server/src/main/resources/application.properties': PROPS(["# When using the secret manager you have to configure this to 'true'", 'app.cloud.secret-manager-enabled=false']),
    'plugins/inputs/bind/sample.conf': SAMPLE(['', '  ## Report counters as integers for backward', '  ## compatibility. Set this to false as soon as possible!', '  # report_counters_as_int = true']),
    // Lemmy 0.19.8: a comment on how to use the new value, not one that tells operators to set this key.
    'config/defaults.hjson': '{\n  pictrs: {\n    url: "http://localhost:8080/"\n    # When specifying any bypass in the config, this default is ignored and you need to list imgur explicitly.\n    proxy_bypass_domains: ["i.imgur.com"]\n  }\n}\n',
    'src/proxy.py': 'def proxy():\n    # you must set it before calling\n    value = None\n    return value\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a live key whose comment says to configure it needs a note (a pack config file)', async () => {
    const i = (await get()).impacts.find((x) => x.path === 'server/src/main/resources/application.properties');
    assert.ok(i, (await get()).impacts.map((x) => x.path).join(', '));
    assert.equal(i.requiresNote, true, JSON.stringify(i.findings));
    const f = i.findings.find((x) => x.subject === 'app.cloud.secret-manager-enabled');
    assert.equal(f?.kind, 'config-key-added');
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /comment tells operators to set it/);
    // One finding for the key: it replaces the key-by-key reading's `adds config key`.
    assert.equal(i.findings.filter((x) => x.subject === 'app.cloud.secret-manager-enabled').length, 1);
  });

  it('a commented-out key in a plugin sample.conf no rule knows is an operator template change that needs a note', async () => {
    const i = (await get()).impacts.find((x) => x.path === 'plugins/inputs/bind/sample.conf');
    assert.ok(i, (await get()).impacts.map((x) => x.path).join(', '));
    assert.equal(i.rule, 'generic.operator-template');
    assert.equal(i.category, 'config');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((x) => x.subject === 'report_counters_as_int' && x.severity === 'warning'), JSON.stringify(i.findings));
  });

  it('a comment on how to use a value, and the same words in code, ask for nothing', async () => {
    const r = await get();
    const hjson = r.impacts.find((x) => x.path === 'config/defaults.hjson');
    assert.ok(!hjson?.findings.some((x) => /comment tells operators/.test(x.message)), JSON.stringify(hjson?.findings));
    const code = r.impacts.find((x) => x.path === 'src/proxy.py');
    assert.ok(!code?.requiresNote, JSON.stringify(code));
    assert.ok(!code?.findings.some((x) => /comment tells operators/.test(x.message)));
  });
});

describe('a comment without the key it is about', () => {
  const repo = new TestRepo('mustset2');
  after(() => repo.dispose());
  repo.commit('init', { 'etc/app.conf.sample': '# app\nport = 80\n' });
  repo.checkout('feature', true);
  // The comment is added; the key below it was there before: nothing new for operators to set.
  repo.commit('doc', { 'etc/app.conf.sample': '# app\n# you must set this to your own port\nport = 80\n' });

  it('is not a setting to set', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === 'etc/app.conf.sample');
    assert.ok(!i?.requiresNote, JSON.stringify(i));
  });

  it('reads only the key right below the comment', () => {
    assert.deepEqual(mustSetFindings([{ line: 3, text: '# you have to configure this' }, { line: 5, text: 'far_key = 1' }]), []);
    assert.deepEqual(mustSetFindings([{ line: 3, text: '# you have to configure this' }, { line: 4, text: '# Note: see the docs' }, { line: 5, text: 'near_key = 1' }]).map((f) => f.subject), ['near_key']);
  });

  it('a documentation line between the comment and its key is not the key (review16 F8)', () => {
    const lines = ['# You must set this to the URL users reach the server at', '# default: http://localhost:8080', 'public_url = http://localhost:8080'];
    assert.deepEqual(mustSetFindings(lines.map((text, i) => ({ line: 3 + i, text }))).map((f) => `${f.subject}:${f.line}`), ['public_url:5']);
    // a key commented out with its value is still the setting (Telegraf's sample.conf)
    assert.deepEqual(mustSetFindings([{ line: 3, text: '## Set this to false as soon as possible!' }, { line: 4, text: '# report_counters_as_int = true' }]).map((f) => f.subject), ['report_counters_as_int']);
  });
});

describe("a developer tool's own config is no operator template (review16 F3)", () => {
  // the same "you have to set this" comment, above a new key, in a linter's, docs site's, test runner's and packager's config
  const files = (extra: (comment: string, line: string) => string[]) => ({
    '.golangci.yml': ['linters:', '  enable:', '    - govet', ...extra('    # you have to set this to the module path', '    local-prefixes: github.com/acme/shop'), ''].join('\n'),
    'mkdocs.yml': ['site_name: Shop', ...extra('# If you fork the docs you need to change this to your repository', 'repo_url: https://github.com/acme/shop'), 'nav:', '  - Home: index.md', ''].join('\n'),
    'tox.ini': ['[tox]', 'envlist = py311', ...extra('# you must set this to your local interpreter path', 'basepython = python3.11'), ''].join('\n'),
    'pyproject.toml': ['[tool.black]', 'line-length = 100', ...extra('# you should set it to "auto" locally', 'asyncio_mode = "strict"'), ''].join('\n'),
    'codecov.yml': ['coverage:', '  precision: 2', ...extra('  # you need to change this to your own token', '  token: abc'), ''].join('\n'),
    '.pre-commit-config.yaml': ['repos: []', ...extra('# you have to update this to the hook version', 'default_stages: [commit]'), ''].join('\n'),
    'docs/.vuepress/config.yml': ['title: Shop', ...extra('# you have to set this to your base path', 'base: /shop/'), ''].join('\n'),
  });
  const repo = new TestRepo('mustset-devtools');
  after(() => repo.dispose());
  repo.commit('init', files(() => []));
  repo.checkout('feature', true);
  repo.commit('tool settings', files((comment, line) => [comment, line]));

  it('asks for no note', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    for (const path of Object.keys(files(() => []))) {
      const i = r.impacts.find((x) => x.path === path);
      assert.ok(!i?.requiresNote, `${path}: ${JSON.stringify(i)}`);
      assert.ok(!i?.findings.some((x) => /comment tells operators/.test(x.message)), path);
    }
  });

  it('names: operator templates and config files kept, tool configs left out', () => {
    for (const p of ['plugins/inputs/bind/sample.conf', 'etc/app.conf.sample', 'deploy/server.toml', 'config/app.yml']) assert.equal(isOperatorConfigCandidate(p), true, p);
    for (const p of ['.golangci.yml', 'mkdocs.yml', 'tox.ini', 'setup.cfg', 'pyproject.toml', 'crates/core/Cargo.toml', 'codecov.yml', '.pre-commit-config.yaml', '.readthedocs.yaml', 'netlify.toml', '.github/workflows/ci.yml', 'src/main.py']) {
      assert.equal(isOperatorConfigCandidate(p), false, p);
    }
  });
});
