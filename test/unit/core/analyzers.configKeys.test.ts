import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configKeysAnalyzer, MAX_CONFIG_FINDINGS } from '../../../src/core/analyzers/configKeys';
import { parseConfig, detectFormat } from '../../../src/core/analyzers/formats/config';
import { flatten } from '../../../src/core/analyzers/formats/tree';
import { scanYamlKeys } from '../../../src/core/analyzers/formats/yaml';
import { input } from './analyzers.helpers';

const run = (path: string, oldText: string | null, newText: string | null) => configKeysAnalyzer.analyze(input(path, oldText, newText, 'config-keys'));
/** `kind subject line severity` per finding, for compact assertions. */
const brief = (path: string, oldText: string | null, newText: string | null) => run(path, oldText, newText).map((f) => `${f.kind} ${f.subject ?? '-'} ${f.line ?? '-'} ${f.severity}`);

describe('config-keys: positives per format', () => {
  const cases: { name: string; path: string; old: string; new: string; want: string[] }[] = [
    {
      name: 'YAML: value changed, key added, section removed, section added',
      path: 'config/app.yml',
      old: 'server:\n  port: 80\n  host: x\ndb:\n  url: a\n  pool: 5\n',
      new: 'server:\n  port: 8080\n  host: x\n  timeout: 30\ncache:\n  ttl: 5\n',
      want: ['config-value-changed server.port 2 info', 'config-key-added server.timeout 4 info', 'config-key-removed db 4 warning', 'config-key-added cache 5 info'],
    },
    {
      name: 'JSONC with comments and trailing commas',
      path: 'config/settings.json',
      old: '{\n  // feature switches\n  "features": { "beta": false, },\n  "retries": 3,\n}\n',
      new: '{\n  // feature switches\n  "features": { "beta": true, },\n  "retries": 3,\n  "timeoutMs": 500,\n}\n',
      want: ['config-value-changed features.beta 3 info', 'config-key-added timeoutMs 5 info'],
    },
    {
      name: 'TOML tables and arrays of tables',
      path: 'config.toml',
      old: '[server]\nport = 1\n\n[[workers]]\nname = "a"\n\n[[workers]]\nname = "b"\nqueue = "q"\n',
      new: '[server]\nport = 2\n\n[[workers]]\nname = "a"\n',
      want: ['config-value-changed server.port 2 info', 'config-key-removed workers[name=b] 5 warning'],
    },
    {
      name: 'INI sections',
      path: 'setup.cfg',
      old: '[tool]\na = 1\n',
      new: '[tool]\na = 1\nb = 2\n[other]\nc = 1\n',
      want: ['config-key-added tool.b 3 info', 'config-key-added other 4 info'],
    },
    {
      name: 'Java properties',
      path: 'src/main/resources/application.properties',
      old: 'spring.datasource.url=jdbc:x\nlegacy.flag=true\n',
      new: 'spring.datasource.url=jdbc:y\n',
      want: ['config-key-removed legacy.flag 1 warning', 'config-value-changed spring.datasource.url 1 info'],
    },
    {
      name: 'a key added to an example file is for an operator to set',
      path: 'config/settings.yml.example',
      old: 'smtp:\n  host: localhost\n',
      new: 'smtp:\n  host: localhost\n  password: ""\n',
      want: ['config-key-added smtp.password 3 warning'],
    },
    {
      name: 'multi-document Kubernetes YAML keyed by kind/name',
      path: 'k8s/app.yaml',
      old: 'kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  LOG: info\n---\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  X: "1"\n',
      new: 'kind: ConfigMap\nmetadata:\n  name: b\ndata:\n  X: "1"\n---\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  LOG: debug\n',
      want: ['config-value-changed ConfigMap/a.data.LOG 11 info'],
    },
    {
      name: 'Helm template (not valid YAML) read line by line',
      path: 'charts/app/templates/configmap.yaml',
      old: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  {{- if .Values.x }}\n  LOG: {{ .Values.log | quote }}\n  {{- end }}\n',
      new: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  {{- if .Values.x }}\n  LOG: {{ .Values.log | quote }}\n  CACHE: "on"\n  {{- end }}\n',
      want: ['config-key-added data.CACHE 6 info'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(brief(c.path, c.old, c.new), c.want));

  it('masks values of secret-looking keys', () => {
    const f = run('config/app.yml', 'db:\n  password: hunter2\n', 'db:\n  password: s3cr3t\n');
    assert.equal(f.length, 1);
    assert.ok(!f[0].message.includes('s3cr3t') && !f[0].message.includes('hunter2'), f[0].message);
  });

  it('a lists of scalars compares as one value and says what changed', () => {
    const f = run('config/app.yml', 'hosts: [a, b]\n', 'hosts: [a, c]\n');
    assert.equal(f.length, 1);
    assert.equal(f[0].kind, 'config-value-changed');
    assert.match(f[0].message, /adds c; removes b/);
  });

  it('a deleted config file is one removal fact without a line', () => {
    const f = run('config/old.yml', 'a: 1\nb:\n  c: 2\n', null);
    assert.equal(f.length, 1);
    assert.equal(f[0].kind, 'config-key-removed');
    assert.equal(f[0].line, undefined);
    assert.match(f[0].message, /2 keys/);
  });

  it('a new file lists its top-level keys as added (info)', () => {
    assert.deepEqual(brief('config/new.yml', null, 'a: 1\nb:\n  c: 2\n  d: 3\n'), ['config-key-added a 1 info', 'config-key-added b 2 info']);
  });

  it('a renamed key is a removal plus an addition', () => {
    assert.deepEqual(brief('config/app.yml', 'cache_ttl: 5\n', 'cacheTtl: 5\n'), ['config-key-added cacheTtl 1 info', 'config-key-removed cache_ttl 1 warning']);
  });
});

describe('config-keys: negatives', () => {
  const none: { name: string; path: string; old: string; new: string }[] = [
    { name: 'comment-only change', path: 'config/app.yml', old: 'a: 1 # one\n', new: '# header\na: 1 # uno\n' },
    { name: 'reformat with the same keys and values (YAML block → flow)', path: 'config/app.yml', old: 'a:\n  b: 1\n  c: [x, y]\n', new: 'a: {b: 1, c: [x, y]}\n' },
    { name: 'JSON re-indented and keys reordered', path: 'config/app.json', old: '{"a": 1, "b": {"c": true}}', new: '{\n    "b": {\n        "c": true\n    },\n    "a": 1\n}\n' },
    { name: 'TOML quoting style changed', path: 'app.toml', old: "[a]\nb = 'x'\n", new: '[a]\nb = "x"\n' },
    { name: 'YAML anchors expanded by hand', path: 'config/app.yml', old: 'base: &b\n  x: 1\nprod:\n  <<: *b\n', new: 'base:\n  x: 1\nprod:\n  x: 1\n' },
    { name: 'invalid JSON on the new side', path: 'config/app.json', old: '{"a": 1}', new: '{"a": 1,,, oops' },
  ];
  for (const c of none) it(c.name, () => assert.deepEqual(run(c.path, c.old, c.new), []));

  it('invalid YAML on one side does not throw', () => {
    assert.doesNotThrow(() => run('config/app.yml', 'a: 1\n', 'a: [1\nb: : :\n'));
    assert.doesNotThrow(() => run('config/app.yml', 'a: "unterminated\n', 'a: 1\n'));
  });

  it('a file of unknown format gives nothing', () => {
    assert.deepEqual(run('config/nginx.conf', 'server {\n  listen 80;\n}\n', 'server {\n  listen 8080;\n}\n'), []);
  });
});

describe('config-keys: caps', () => {
  it('a 2,000-key rewrite is capped with one summary finding that keeps the removal severity', () => {
    const old = Array.from({ length: 2000 }, (_, i) => `key${i}: ${i}`).join('\n');
    const neu = Array.from({ length: 2000 }, (_, i) => `key${i}: ${i + 1}`).join('\n') + '\n' + Array.from({ length: 10 }, (_, i) => `gone${i}: 1`).join('\n');
    const f = run('config/big.yml', `${old}\n${Array.from({ length: 10 }, (_, i) => `dropped${i}: 1`).join('\n')}\n`, neu);
    assert.equal(f.length, MAX_CONFIG_FINDINGS);
    const summary = f[f.length - 1];
    assert.match(summary.message, /more config changes not listed/);
    // The removals are listed first, not buried in the summary.
    assert.equal(f.filter((x) => x.kind === 'config-key-removed' && x.subject?.startsWith('dropped')).length, 10);
  });

  it('a large list counts as one value', () => {
    const list = (n: number) => `hosts:\n${Array.from({ length: n }, (_, i) => `  - host${i}`).join('\n')}\n`;
    assert.equal(run('config/app.yml', list(300), list(301)).length, 1);
  });
});

describe('config formats', () => {
  it('detects formats by name, template suffix and content', () => {
    assert.equal(detectFormat('config/app.yml.example'), 'yaml');
    assert.equal(detectFormat('.env.production'), 'env');
    assert.equal(detectFormat('deploy/app.env'), 'env');
    assert.equal(detectFormat('application.properties'), 'properties');
    assert.equal(detectFormat('systemd/app.service'), 'ini');
    assert.equal(detectFormat('config/unknown', '{"a": 1}'), 'json');
    assert.equal(detectFormat('config/unknown', 'a:\n  b: 1\n'), 'yaml');
  });

  it('HJSON-style quoteless values and missing commas parse', () => {
    const p = parseConfig('config/app.hjson', '{\n  # comment\n  name: my app\n  port: 8080\n}\n');
    assert.ok(p);
    const leaves = flatten(p.root).leaves;
    assert.equal(leaves.get('name')?.value, 'my app');
    assert.equal(leaves.get('port')?.line, 4);
  });

  it('GitHub-style ${{ }} expressions are YAML strings, not template directives', () => {
    const p = parseConfig('config/ci.yml', 'env:\n  TOKEN: ${{ secrets.TOKEN }}\n  list: [a, b]\n');
    assert.equal(p?.degraded, false);
    assert.equal(parseConfig('charts/x/templates/cm.yaml', 'data:\n  a: {{ .Values.a }}\n')?.degraded, true);
  });

  it('the line-based YAML reader keeps list items and skips block scalars', () => {
    const root = scanYamlKeys('spec:\n  containers:\n    - name: web\n      args: |\n        fake: key\n      image: {{ .Values.image }}\n');
    const leaves = flatten(root).leaves;
    assert.equal(leaves.get('spec.containers[name=web].image')?.line, 6);
    assert.ok(![...leaves.keys()].some((k) => k.includes('fake')));
  });
});
