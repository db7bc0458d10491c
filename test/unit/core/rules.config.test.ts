import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { expectImpactAt } from '../../helpers/impacts';

const APP_YML = 'server:\n  port: 8080\n  timeout: 30\ncache:\n  ttl: 60\n  size: 100\n';
const MAILER_YML = 'mailer:\n  host: smtp.internal\n  from: shop@example.com\n';
const SPRING = 'spring:\n  datasource:\n    url: jdbc:postgresql://db/shop\n  jpa:\n    open-in-view: false\nshop:\n  legacy-checkout: true\n';
const SETTINGS = 'import os\n\nDEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\n';

describe('config and env rules on a real repository (review mode)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# shop\n',
      'config/app.yml': APP_YML,
      'config/mailer.yml': MAILER_YML,
      'config/locales/en.yml': 'en:\n  hello: Hello\n',
      '.env.example': 'DATABASE_URL=postgres://localhost/shop\n',
      '.env.test': 'DATABASE_URL=postgres://localhost/shop_test\n',
      'src/main/resources/application.yml': SPRING,
      'shop/settings.py': SETTINGS,
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a key removed: operators must drop it from their overrides
      'config/app.yml': 'server:\n  port: 8080\n  timeout: 30\ncache:\n  size: 100\n',
      // an optional key with a default, and a comment
      'config/mailer.yml': `# SMTP settings\n${MAILER_YML}  retries: 3\n`,
      'config/locales/en.yml': 'en:\n  hello: Hello there\n',
      '.env.example': 'DATABASE_URL=postgres://localhost/shop\nBILLING_API_KEY=\n',
      '.env.test': 'DATABASE_URL=postgres://localhost/shop_test\nFAKE_PAYMENTS=1\n',
      'src/main/resources/application.yml': 'spring:\n  datasource:\n    url: jdbc:postgresql://db/shop\n  jpa:\n    open-in-view: false\n',
      'shop/settings.py': `${SETTINGS}BILLING_URL = os.environ["BILLING_URL"]\n`,
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a removed key in a config folder file needs a note', () => {
    const i = expectImpactAt(report, 'config/app.yml');
    assert.equal(i.category, 'config');
    assert.equal(i.rule, 'config.file');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'config-key-removed'));
    assert.ok(i.checklist?.some((s) => s.phase === 'Before deploy' && s.role === 'ops'));
  });

  it('an optional key with a default and a comment do not', () => {
    const i = expectImpactAt(report, 'config/mailer.yml');
    assert.equal(i.rule, 'config.file');
    assert.equal(i.requiresNote, false);
    assert.equal(i.severity, 'info');
  });

  it('translations under config/ are not configuration', () => {
    assert.ok(!report.impacts.some((x) => x.path === 'config/locales/en.yml'));
  });

  it('a variable added to .env.example needs a note; one added to .env.test does not', () => {
    const example = expectImpactAt(report, '.env.example');
    assert.equal(example.category, 'env');
    assert.equal(example.rule, 'env.example');
    assert.equal(example.requiresNote, true);
    assert.ok(example.findings.some((f) => f.kind === 'env-var-added' && f.subject === 'BILLING_API_KEY' && f.line === 2));
    const test = expectImpactAt(report, '.env.test');
    assert.equal(test.rule, 'env.local-file');
    assert.equal(test.requiresNote, false);
  });

  it('Spring application.yml: a removed key needs a note', () => {
    const i = expectImpactAt(report, 'src/main/resources/application.yml');
    assert.equal(i.rule, 'spring.config');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'config-key-removed' && f.subject === 'shop'));
  });

  it('Django settings: a new env var read needs a note', () => {
    const i = expectImpactAt(report, 'shop/settings.py');
    assert.equal(i.rule, 'python.settings');
    assert.equal(i.category, 'config');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'env-var-added' && f.subject === 'BILLING_URL'));
  });
});

describe('config rules in working mode (uncommitted changes)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());

  it('an unsaved-to-git key removal and a new env example are analysed', async () => {
    repo.commit('init', { 'README.md': '# shop\n', 'config/app.yml': APP_YML, 'charts/shop/values.yaml': 'replicaCount: 2\nimage:\n  tag: "1.4.0"\n' });
    repo.write({
      'config/app.yml': 'server:\n  port: 8080\ncache:\n  ttl: 60\n  size: 100\n',
      'charts/shop/values.yaml': 'replicaCount: 3\nimage:\n  tag: "1.4.0"\n',
      'deploy/.env.sample': 'REDIS_URL=redis://localhost:6379\n',
    });
    const report = await analyze({ repo: repo.dir, base: 'main' });
    const app = expectImpactAt(report, 'config/app.yml');
    assert.equal(app.status, 'modified');
    assert.equal(app.requiresNote, true);
    assert.ok(app.findings.some((f) => f.kind === 'config-key-removed' && f.subject === 'server.timeout'));
    const values = expectImpactAt(report, 'charts/shop/values.yaml');
    assert.equal(values.rule, 'helm.values');
    assert.equal(values.category, 'config');
    assert.equal(values.requiresNote, false, 'a changed replica count is a value change, not a removed key');
    const env = expectImpactAt(report, 'deploy/.env.sample');
    assert.equal(env.rule, 'env.example');
    assert.equal(env.status, 'added');
    assert.equal(env.requiresNote, true);
  });
});

describe('Helm values: the chart follows its own release (a real repository)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  const values = (app: string, db: string) => `replicaCount: 1\nimage:\n  repository: acme/alerter\n  tag: "${app}"\npostgresql:\n  image:\n    repository: bitnami/postgresql\n    tag: "${db}"\n`;

  it('an image tag moved within its major version needs no note; a new major version of the database image does', async () => {
    repo.commit('init', { 'README.md': '# alerter\n', 'chart/alerter/values.yaml': values('2.18.0', '15.1.0') });
    repo.checkout('release', true);
    repo.commit('2.19.0', { 'chart/alerter/values.yaml': values('2.19.0', '15.1.0') });
    const minor = expectImpactAt(await analyze({ repo: repo.dir, base: 'main', head: 'release' }), 'chart/alerter/values.yaml');
    assert.equal(minor.rule, 'helm.values');
    assert.equal(minor.requiresNote, false);
    assert.ok(minor.findings.some((f) => f.kind === 'image-changed' && f.severity === 'info' && /2\.18\.0 → acme\/alerter:2\.19\.0 \(same major version\)/.test(f.message)));
    repo.commit('3.0.0', { 'chart/alerter/values.yaml': values('2.19.0', '16.2.0') });
    const major = expectImpactAt(await analyze({ repo: repo.dir, base: 'main', head: 'release' }), 'chart/alerter/values.yaml');
    assert.equal(major.requiresNote, true);
    assert.ok(major.findings.some((f) => f.kind === 'image-changed' && f.severity === 'warning' && f.subject === 'bitnami/postgresql:16.2.0'));
  });

  it('review13 F1: a database subchart\'s minor release that is a data-format major, or the app moved down, still needs a note', async () => {
    const sub = (app: string, db: string) => `image:\n  repository: acme/alerter\n  tag: "${app}"\nmariadb:\n  image:\n    repository: bitnami/mariadb\n    tag: "${db}"\n`;
    repo.checkout('main');
    repo.checkout('f1', true);
    repo.commit('f1 init', { 'chart/alerter/values.yaml': sub('2.19.0', '10.5.19') });
    repo.checkout('f1-db', true);
    repo.commit('mariadb 10.11', { 'chart/alerter/values.yaml': sub('2.19.0', '10.11.6') });
    const db = expectImpactAt(await analyze({ repo: repo.dir, base: 'f1', head: 'f1-db' }), 'chart/alerter/values.yaml');
    assert.equal(db.requiresNote, true);
    assert.ok(db.findings.some((f) => f.kind === 'image-changed' && f.severity === 'warning' && f.subject === 'bitnami/mariadb:10.11.6'));
    repo.checkout('f1');
    repo.checkout('f1-down', true);
    repo.commit('app back to 2.18.0', { 'chart/alerter/values.yaml': sub('2.18.0', '10.5.19') });
    const down = expectImpactAt(await analyze({ repo: repo.dir, base: 'f1', head: 'f1-down' }), 'chart/alerter/values.yaml');
    assert.equal(down.requiresNote, true);
    assert.ok(down.findings.some((f) => f.kind === 'image-changed' && f.severity === 'warning' && f.subject === 'acme/alerter:2.18.0'));
  });
});
