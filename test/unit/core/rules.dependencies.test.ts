import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { expectImpactAt } from '../../helpers/impacts';

const PKG = (name: string, deps: Record<string, string>) => `${JSON.stringify({ name, version: '1.0.0', dependencies: deps }, null, 2)}\n`;
const LOCK = (v: string) => `# yarn lockfile v1\n\nexpress@^4.18.2:\n  version "${v}"\n  resolved "https://registry.yarnpkg.com/express/-/express-${v}.tgz"\n`;

describe('dependency and runtime rules on a real repository (review mode)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# shop\n',
      'web/package.json': PKG('web', { react: '^17.0.2', express: '^4.18.2' }),
      'api/package.json': PKG('api', { express: '^4.18.2' }),
      'yarn.lock': LOCK('4.18.2'),
      '.nvmrc': '18\n',
      'requirements.txt': 'django==4.2.7\nrequests==2.31.0\n',
      'requirements-dev.txt': 'pytest==7.4.3\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'web/package.json': PKG('web', { react: '^18.2.0', express: '^4.18.2' }),
      'api/package.json': PKG('api', { express: '^4.19.2' }),
      'yarn.lock': LOCK('4.19.2'),
      '.nvmrc': '20\n',
      'requirements.txt': 'django==4.2.8\nrequests==2.31.0\n',
      'requirements-dev.txt': 'pytest==8.0.0\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a major upgrade in package.json needs a note', () => {
    const i = expectImpactAt(report, 'web/package.json');
    assert.equal(i.category, 'dependency');
    assert.equal(i.rule, 'npm.manifest');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'dependency-major-upgrade'));
  });

  it('a minor bump and a patch bump do not', () => {
    for (const path of ['api/package.json', 'requirements.txt']) {
      const i = expectImpactAt(report, path);
      assert.equal(i.category, 'dependency', path);
      assert.equal(i.requiresNote, false, path);
      assert.equal(i.severity, 'info', path);
    }
    assert.equal(expectImpactAt(report, 'requirements.txt').rule, 'python.manifest');
  });

  it('a lockfile is listed as info and never needs a note', () => {
    const i = expectImpactAt(report, 'yarn.lock');
    assert.equal(i.rule, 'npm.lockfile');
    assert.equal(i.requiresNote, false);
    assert.equal(i.severity, 'info');
  });

  it('a major upgrade of a development-only requirement does not need a note', () => {
    const i = expectImpactAt(report, 'requirements-dev.txt');
    assert.equal(i.rule, 'python.dev-requirements');
    assert.equal(i.requiresNote, false);
  });

  it('a new Node.js version in .nvmrc needs a note', () => {
    const i = expectImpactAt(report, '.nvmrc');
    assert.equal(i.rule, 'runtime.version-file');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'runtime-version-changed' && f.line === 1));
  });
});

describe('dependency rules in working mode (uncommitted changes)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());

  it('a lockfile-only change needs nothing; a comment in .nvmrc-like files keeps the version', async () => {
    repo.commit('init', { 'README.md': '# shop\n', 'go.mod': 'module example.com/shop\n\ngo 1.21\n\nrequire github.com/lib/pq v1.10.9\n', 'go.sum': 'github.com/lib/pq v1.10.9 h1:abc=\n', '.tool-versions': 'nodejs 20.11.0\n' });
    repo.write({ 'go.sum': 'github.com/lib/pq v1.10.9 h1:abc=\ngithub.com/lib/pq v1.10.9/go.mod h1:def=\n', '.tool-versions': '# pinned for the build image\nnodejs 20.11.0\n', 'Cargo.toml': '[package]\nname = "shop"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n' });
    const report = await analyze({ repo: repo.dir, base: 'main' });
    const sum = expectImpactAt(report, 'go.sum');
    assert.equal(sum.rule, 'go.sum');
    assert.equal(sum.requiresNote, false);
    const tools = expectImpactAt(report, '.tool-versions');
    assert.equal(tools.rule, 'runtime.version-file');
    assert.equal(tools.requiresNote, false);
    const cargo = expectImpactAt(report, 'Cargo.toml');
    assert.equal(cargo.rule, 'cargo.manifest');
    assert.equal(cargo.status, 'added');
    assert.equal(cargo.requiresNote, false, 'a new manifest lists its dependencies; nothing to act on');
    assert.equal(report.summary.requiringNotes, 0);
  });
});
