import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlaceholderValue, isSecretKeyName, looksRandom, scanSecretLine, secretsAnalyzer } from '../../../src/core/analyzers/secrets';
import type { Change } from '../../../src/core/types';
import type { Rule } from '../../../src/core/rules/rule';

// Token-shaped fixtures are assembled at run time so that no scanner flags this file.
const AWS = ['AKIA', 'Q3EGRIZUJ4NWTL7M'].join('');
const GHP = ['ghp', '_', 'q7Wm2ZrT9vLx4NcB8yKp1DfHs6GjEa3UoRi5'].join('');
const STRIPE = ['sk', '_live_', '51HxQz8Lk2PvRt7WmNc4BdYs'].join('');
const SLACK = ['xoxb', '-', '2481632640-1234567890123-q9Wm2ZrT9vLx4NcB8yKp1Df'].join('');
const GOOGLE = ['AIza', 'SyB7x9Kq2Lm4Np6Rs8Tu0Vw1Xy3Za5Bc7De'].join('');
const PEM = ['-----BEGIN ', 'RSA PRIVATE KEY', '-----'].join('');
const RANDOM = 'q9Wm2ZrT9vLx4NcB8yKp1DfH';
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UifQ', 'k3Jd8sLq0Wm2ZrT9vLx4NcB8yKp1DfHs'].join('.');

const hit = (path: string, line: string) => scanSecretLine(path, line, 1, null);

describe('secrets: line scanner', () => {
  const POSITIVE: [string, string, string][] = [
    ['config/production.yml', `aws_access_key_id: ${AWS}`, 'AWS access key ID'],
    ['.env', `GITHUB_TOKEN=${GHP}`, 'GitHub token'],
    ['config/settings.toml', `stripe_key = "${STRIPE}"`, 'Stripe secret key'],
    ['config/app.json', `  "slack": "${SLACK}",`, 'Slack token'],
    ['config/app.yaml', `maps_key: ${GOOGLE}`, 'Google API key'],
    ['deploy/key.yaml', `  key: | ${PEM}`, 'private key'],
    ['config/production.yml', `  password: ${RANDOM}`, 'password'],
    ['config/production.yml', `  dbPassword: "${RANDOM}"`, 'dbPassword'],
    ['.env.production', `SECRET_KEY_BASE=${RANDOM}${RANDOM}`, 'SECRET_KEY_BASE'],
    ['config/prod.properties', `spring.datasource.password=${RANDOM}`, 'spring.datasource.password'],
    ['infra/main.tf', `  client_secret = "${RANDOM}"`, 'client_secret'],
    ['app/settings.py', `API_KEY = "${RANDOM}"`, 'API_KEY'],
    ['.env', `SUPABASE_SERVICE_KEY=${JWT}`, 'JWT'],
    ['config/production.yml', `  url: postgres://app:${RANDOM}@db.internal.example.net:5432/app`, 'URL credentials'],
  ];
  for (const [path, line, subject] of POSITIVE) {
    it(`flags ${subject} in ${path}`, () => {
      const f = hit(path, line);
      assert.ok(f, 'expected a finding');
      assert.equal(f.kind, 'secret-suspected');
      assert.equal(f.severity, 'critical');
      assert.equal(f.subject, subject);
      assert.ok(!f.message.includes(RANDOM) && !f.message.includes(AWS) && !f.message.includes(GHP) && !f.message.includes(JWT), `value leaked in: ${f.message}`);
    });
  }

  const NEGATIVE: [string, string][] = [
    ['config/production.yml', 'password: changeme'],
    ['config/production.yml', 'password: <your-password>'],
    ['config/production.yml', 'password: ${DB_PASSWORD}'],
    ['config/production.yml', 'password: "{{ .Values.db.password }}"'],
    ['config/production.yml', 'password: xxxxxxxxxxxx'],
    ['config/production.yml', "password: ''"],
    ['config/production.yml', 'password:'],
    ['config/production.yml', 'api_key: your-api-key-here'],
    ['config/production.yml', 'api_key: example-key-123456789'],
    ['config/production.yml', 'token: dummy_token_value_123'],
    ['config/production.yml', 'secret: test-secret-ABC123456'],
    ['config/production.yml', 'password: <%= ENV["DB_PASSWORD"] %>'],
    ['config/production.yml', "password: '%env(DB_PASSWORD)%'"],
    ['config/production.yml', 'password: ENC[AES256_GCM,data:abcd,iv:efgh,tag:ijkl,type:str]'],
    ['config/production.yml', 'password_file: /run/secrets/db_password'],
    ['config/production.yml', 'token_ttl: 3600'],
    ['config/production.yml', 'password_min_length: 12'],
    ['config/production.yml', 'public_key: pk_live_51HxQz8Lk2PvRt7WmNc4BdYs'],
    ['config/production.yml', 'token_url: https://auth.example.com/oauth/token'],
    ['config/production.yml', 'secret: my-super-secret-words'],
    ['config/production.yml', `aws_access_key_id: ${['AKIA', 'IOSFODNN7EXAMPLE'].join('')}`],
    ['.env.example', `API_KEY=${RANDOM}`],
    ['config/development.yml', `password: ${RANDOM}`],
    ['docker-compose.yml', 'DATABASE_URL: postgres://postgres:postgres@db:5432/app'],
    ['config/database.yml', `  url: postgres://user:${RANDOM}@localhost/app`],
    ['app/settings.py', 'SECRET_KEY = os.environ["SECRET_KEY"]'],
    ['app/settings.py', "SECRET_KEY = 'django-insecure-q9Wm2ZrT9vLx4NcB8yKp1DfH'"],
    ['app/settings.js', 'const apiKey = computeKey(seed, 42);'],
    ['config/production.yml', 'api_key: !vault |'],
  ];
  for (const [path, line] of NEGATIVE) it(`does not flag ${path}: ${line}`, () => assert.equal(hit(path, line), null));

  it('classifies keys and values', () => {
    assert.equal(isSecretKeyName('DB_PASSWORD'), true);
    assert.equal(isSecretKeyName('stripe.apiKey'), true);
    assert.equal(isSecretKeyName('NEXT_PUBLIC_API_KEY'), false);
    assert.equal(isSecretKeyName('password_length'), false);
    assert.equal(isPlaceholderValue('${VAR}'), true);
    assert.equal(isPlaceholderValue(RANDOM), false);
    assert.equal(looksRandom(RANDOM), true);
    assert.equal(looksRandom('correct-horse-battery-staple'), false);
  });
});

describe('secrets: analyzer on a change', () => {
  const rule: Rule = { id: 't.cfg', category: 'config', title: 'Config', paths: ['**'], severity: 'warning', requiresNote: 'findings' };
  const change = (path: string, added: string[], newStart = 1): Change => ({
    status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false,
    hunks: [{ oldStart: newStart - 1, oldLines: 0, newStart, newLines: added.length, removed: [], added }],
  });

  it('Kubernetes env: the value line below `- name: X_PASSWORD`', () => {
    const text = `env:\n  - name: DB_PASSWORD\n    value: "${RANDOM}"\n`;
    const f = secretsAnalyzer.analyze({ change: change('k8s/app.yaml', [`    value: "${RANDOM}"`], 3), rule, oldText: null, newText: text });
    assert.deepEqual(f.map((x) => [x.subject, x.line]), [['DB_PASSWORD', 3]]);
  });
  it('nothing in a SealedSecret (encrypted values)', () => {
    const text = `kind: SealedSecret\nspec:\n  encryptedData:\n    password: ${RANDOM}${RANDOM}\n`;
    const f = secretsAnalyzer.analyze({ change: change('k8s/sealed.yaml', text.split('\n').slice(0, 4)), rule, oldText: null, newText: text });
    assert.deepEqual(f, []);
  });
});
