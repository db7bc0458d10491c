import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze, EngineError, loadConfig, SimpleGitSource, validateConfigText, WORKTREE } from '../../../src/core';
import { renderConfigJsonSchema } from '../../../src/core/config/schema';
import { configTemplate } from '../../../src/core/notes';
import { TestRepo } from '../../helpers/repo';

const ROOT = join(__dirname, '..', '..', '..');

describe('config validation', () => {
  it('accepts a full config and applies defaults for what it leaves out', () => {
    const { config, problems } = validateConfigText(`base: develop
rules:
  - id: acme.search-index
    title: Search index
    paths: ["search/**/*.json"]
    content: '"analyzer"\\s*:'
    category: infrastructure
    severity: critical
    requiresNote: findings
    checklist:
      - phase: Deploy
        text: Reindex {path}
        role: ops
  - id: rails.migration
    severity: critical
ignore: [docs/**]
templates:
  env-var-added:
    - { phase: Before deploy, text: "Add {subject} to Vault", role: ops }
`);
    assert.deepEqual(problems, []);
    assert.ok(config);
    assert.equal(config.base, 'develop');
    assert.equal(config.rules.length, 2);
    assert.equal(config.rules[0].requiresNote, 'findings');
    assert.deepEqual(config.ignore, ['docs/**']);
    assert.deepEqual(config.roles, ['dev', 'ops', 'implementation', 'qa', 'dba'], 'default roles');
    assert.equal(config.maxFileBytes, 1024 * 1024);
    assert.deepEqual(config.templates['env-var-added'], [{ phase: 'Before deploy', text: 'Add {subject} to Vault', role: 'ops' }]);
  });

  it('gives every error with its line and column', () => {
    const text = ['base: main', 'rules:', '  - id: x.new', '    severity: high', '    content: "([a-z"', '    requiresNote: maybe', '  - id: rails.migration', '    colour: red', 'ignores: [a]', 'maxFileBytes: -3', 'templates:', '  env-var-addd: []', ''].join('\n');
    const { config, problems } = validateConfigText(text);
    assert.equal(config, undefined);
    const got = problems.map((p) => `${p.line}:${p.column} ${p.code}`);
    assert.deepEqual(got, ['3:9 rule-without-paths', '4:15 not-allowed', '5:14 bad-regex', '6:19 wrong-type', '8:5 unknown-key', '9:1 unknown-key', '10:15 too-small', '12:3 unknown-key']);
    const msg = (code: string) => problems.find((p) => p.code === code)!.message;
    assert.equal(msg('not-allowed'), "rules[0].severity: expected one of info, warning, critical (not 'high')");
    assert.match(problems.find((p) => p.line === 9)!.message, /ignores: unknown key: did you mean 'ignore'\?/);
    assert.match(msg('wrong-type'), /expected true or false or 'findings'/);
    assert.match(problems.find((p) => p.line === 12)!.message, /did you mean 'env-var-added'/);
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    const dup = validateConfigText('base: a\nbase: b\n');
    assert.equal(dup.problems[0].code, 'yaml-syntax');
    assert.equal(dup.problems[0].line, 2);
    const bad = validateConfigText('rules:\n  - id: [x\n');
    assert.equal(bad.config, undefined);
    assert.equal(bad.problems[0].code, 'yaml-syntax');
  });

  it('reads an empty file, and keys with nothing after them, as defaults', () => {
    assert.deepEqual(validateConfigText('').problems, []);
    const r = validateConfigText('# only comments\nignore:\nrules:\ntemplates:\n');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.config!.rules, []);
    assert.deepEqual(r.config!.ignore, []);
  });

  it('rejects a rule id given twice', () => {
    const r = validateConfigText('rules:\n  - id: a.b\n    paths: [x]\n  - id: a.b\n    paths: [y]\n');
    assert.deepEqual(r.problems.map((p) => [p.line, p.code]), [[4, 'duplicate-rule']]);
  });

  it('validates the commented config that `handoff init` writes', () => {
    const r = validateConfigText(configTemplate({ ecosystems: ['Node.js'], base: 'main' }));
    assert.deepEqual(r.problems, []);
    // Uncommenting the examples (dropping "#" before indented lines) gives a valid config too.
    const uncommented = configTemplate({ ecosystems: [] })
      .split('\n')
      .map((l) => l.replace(/^#( {2}[- a-z])/, '$1'))
      .join('\n');
    const r2 = validateConfigText(uncommented);
    assert.deepEqual(r2.problems, [], uncommented);
    assert.equal(r2.config!.rules.length, 2);
    assert.equal(r2.config!.ignore.length, 2);
  });
});

describe('config schema file', () => {
  it('schemas/config.schema.json is the schema in code (run `npm run gen:schema` after changing it)', () => {
    const committed = readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8');
    assert.equal(committed, renderConfigJsonSchema());
    const schema = JSON.parse(committed);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['base', 'environments', 'ignore', 'maxFileBytes', 'profile', 'roles', 'rules', 'templates']);
  });

  it('the generator script checks drift', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'gen-schema.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('loadConfig on a real repository', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', { 'README.md': '# app\n', 'db/migrate/1_a.rb': 'x\n' });

  it('reads the committed config at a commit and the working tree in working mode', async () => {
    repo.commit('config', { '.handoff/config.yaml': 'base: main\nignore: ["generated/**"]\n' });
    const git = await SimpleGitSource.open(repo.dir);
    assert.deepEqual((await loadConfig(git, 'HEAD')).ignore, ['generated/**']);
    repo.write({ '.handoff/config.yaml': 'base: main\nignore: ["other/**"]\n' });
    assert.deepEqual((await loadConfig(git, WORKTREE)).ignore, ['other/**']);
    assert.deepEqual((await loadConfig(git, 'HEAD')).ignore, ['generated/**'], 'review mode reads the commit');
    repo.git('checkout', '--', '.handoff/config.yaml');
  });

  it('a malformed config is one EngineError naming file, line and column', async () => {
    repo.write({ '.handoff/config.yaml': 'base: main\nrules:\n  - id: rails.migration\n    severity: loud\n' });
    await assert.rejects(
      () => analyze({ repo: repo.dir, base: 'main' }),
      (e: unknown) => e instanceof EngineError && e.code === 'bad-config' && e.message === ".handoff/config.yaml:4:15: rules[0].severity: expected one of info, warning, critical (not 'loud')" && e.location?.line === 4,
    );
    repo.git('checkout', '--', '.handoff/config.yaml');
  });

  it('a config rule overrides a built-in one in the analysis', async () => {
    repo.checkout('feature', true);
    repo.commit('mig', { 'db/migrate/2_b.rb': 'class B\nend\n', '.handoff/config.yaml': 'rules:\n  - id: rails.migration\n    severity: critical\n' });
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const mig = report.impacts.find((i) => i.path === 'db/migrate/2_b.rb');
    assert.equal(mig?.severity, 'critical');
  });
});
