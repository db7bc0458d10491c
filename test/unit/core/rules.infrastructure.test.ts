import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { expectImpactAt } from '../../helpers/impacts';

const DOCKERFILE = (from: string) => `FROM ${from}\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nEXPOSE 3000\nCMD ["node", "server.js"]\n`;
const COMPOSE = (port: string) => `services:\n  web:\n    build: .\n    ports:\n      - "${port}:3000"\n  db:\n    image: postgres:16\n`;
const DEPLOYMENT = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: shop:1.4.0\n`;

describe('infrastructure rules on a real repository (review mode)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# shop\n',
      Dockerfile: DOCKERFILE('node:18-alpine'),
      'docker-compose.yml': COMPOSE('3000'),
      'docker-compose.override.yml': 'services:\n  web:\n    volumes:\n      - .:/app\n',
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/javascript-node:18\n',
      'k8s/deployment.yaml': DEPLOYMENT(2),
      'infra/main.tf': 'resource "aws_s3_bucket" "assets" {\n  bucket = "shop-assets"\n}\n',
      '.github/workflows/ci.yml': 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 18\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      Dockerfile: DOCKERFILE('node:20-alpine'),
      'docker-compose.yml': COMPOSE('8080'),
      'docker-compose.override.yml': 'services:\n  web:\n    volumes:\n      - .:/app\n      - node_modules:/app/node_modules\n',
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/javascript-node:20\n',
      'k8s/deployment.yaml': DEPLOYMENT(3),
      'infra/main.tf': 'resource "aws_s3_bucket" "assets" {\n  bucket = "shop-assets"\n}\n\nresource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n',
      'Procfile': 'web: node server.js\nworker: node worker.js\n',
      '.github/workflows/ci.yml': 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('Dockerfile: a new base image needs a note, with the runtime change found', () => {
    const i = expectImpactAt(report, 'Dockerfile');
    assert.equal(i.category, 'infrastructure');
    assert.equal(i.rule, 'docker.dockerfile');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => (f.kind === 'runtime-version-changed' || f.kind === 'image-changed') && f.line === 1), JSON.stringify(i.findings));
    assert.ok(i.checklist?.some((s) => s.phase === 'Rollback' && s.role === 'ops'));
  });

  it('compose, Kubernetes, Terraform and Procfile changes need a note', () => {
    for (const [path, rule] of [
      ['docker-compose.yml', 'docker.compose'],
      ['k8s/deployment.yaml', 'kubernetes.manifest'],
      ['infra/main.tf', 'terraform.config'],
      ['Procfile', 'paas.manifest'],
    ] as const) {
      const i = expectImpactAt(report, path);
      assert.equal(i.category, 'infrastructure', path);
      assert.equal(i.rule, rule, path);
      assert.equal(i.requiresNote, true, path);
    }
    assert.ok(expectImpactAt(report, 'docker-compose.yml').findings.some((f) => f.kind === 'port-changed'));
    assert.ok(expectImpactAt(report, 'infra/main.tf').checklist?.some((s) => s.text.includes('terraform plan')));
  });

  it('development-only files (compose override, dev container) are not impacts', () => {
    assert.ok(!report.impacts.some((x) => x.path === 'docker-compose.override.yml'));
    assert.ok(!report.impacts.some((x) => x.path.startsWith('.devcontainer/')));
  });

  it('a CI workflow is CI, not infrastructure, and its node-version is no runtime change', () => {
    const i = expectImpactAt(report, '.github/workflows/ci.yml');
    assert.equal(i.category, 'ci');
    assert.equal(i.rule, 'github.workflow');
    assert.equal(i.requiresNote, false);
    assert.equal(i.severity, 'info');
  });
});

describe('infrastructure rules in working mode (uncommitted changes)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());

  it('an edited Dockerfile and an untracked manifest are analysed', async () => {
    repo.commit('init', { 'README.md': '# shop\n', 'docker/api.Dockerfile': DOCKERFILE('python:3.11-slim') });
    repo.write({ 'docker/api.Dockerfile': DOCKERFILE('python:3.12-slim'), 'deploy/k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n' });
    const report = await analyze({ repo: repo.dir, base: 'main' });
    const df = expectImpactAt(report, 'docker/api.Dockerfile');
    assert.equal(df.rule, 'docker.dockerfile');
    assert.equal(df.requiresNote, true);
    const svc = expectImpactAt(report, 'deploy/k8s/service.yaml');
    assert.equal(svc.rule, 'kubernetes.manifest');
    assert.equal(svc.status, 'added');
    assert.equal(svc.requiresNote, true);
  });

  it('a Dockerfile change the pipeline rebuilds (RUN/COPY only) is info, not a note', async () => {
    repo.git('add', '-A');
    repo.commit('base image bump');
    repo.write({ 'docker/api.Dockerfile': DOCKERFILE('python:3.12-slim').replace('RUN npm ci --omit=dev', 'RUN npm ci --omit=dev && npm cache clean --force') });
    const report = await analyze({ repo: repo.dir, base: 'HEAD' });
    const df = expectImpactAt(report, 'docker/api.Dockerfile');
    assert.equal(df.requiresNote, false);
    assert.equal(df.severity, 'info');
  });
});

/**
 * YAML in deploy/, infra/ or ops/ is a Kubernetes manifest only when it declares an
 * object; a manifest anywhere is one even when only other lines of it changed.
 */
describe('Kubernetes manifests by what the whole file declares', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  const ANSIBLE_VARS = (n: number) => `app_user: shop\napp_workers: ${n}\n`;
  repo.commit('init', {
    'deploy/app.yaml': DEPLOYMENT(2),
    'deploy/group_vars.yml': ANSIBLE_VARS(2),
    'config/manager/manager.yaml': DEPLOYMENT(2),
    'ops/settings.yaml': 'retries: 2\n',
  });
  repo.checkout('feature', true);
  repo.commit('feature', {
    'deploy/app.yaml': DEPLOYMENT(3),
    'deploy/group_vars.yml': ANSIBLE_VARS(4),
    'config/manager/manager.yaml': DEPLOYMENT(3),
    'ops/settings.yaml': 'retries: 3\n',
  });

  for (const mode of ['review', 'working'] as const) {
    it(`${mode} mode: only the manifests are Kubernetes manifests`, async () => {
      if (mode === 'working') repo.checkout('main').git('checkout', 'feature', '--', '.');
      try {
        const report = await analyze({ repo: repo.dir, base: 'main', ...(mode === 'review' ? { head: 'feature' } : {}) });
        const rules = Object.fromEntries(report.impacts.map((i) => [i.path, i.rule]));
        assert.equal(rules['deploy/app.yaml'], 'kubernetes.manifest-content');
        assert.equal(rules['config/manager/manager.yaml'], 'kubernetes.manifest-content');
        assert.notEqual(rules['deploy/group_vars.yml']?.startsWith('kubernetes.'), true, JSON.stringify(rules));
        assert.notEqual(rules['ops/settings.yaml']?.startsWith('kubernetes.'), true, JSON.stringify(rules));
      } finally {
        if (mode === 'working') repo.git('checkout', '-q', '-f', 'feature');
      }
    });
  }
});
