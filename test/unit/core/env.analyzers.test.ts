import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envFileAnalyzer } from '../../../src/core/analyzers/envFile';
import { envManifestAnalyzer, scanEnvEntries } from '../../../src/core/analyzers/envManifest';
import type { Change, Hunk } from '../../../src/core/types';
import type { Rule } from '../../../src/core/rules/rule';

const rule: Rule = { id: 't.env', category: 'env', title: 'Env', paths: ['**'], severity: 'warning', requiresNote: 'findings' };
const change = (path: string, hunks: Hunk[]): Change => ({ status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks });

describe('envFile analyzer', () => {
  it('reports a changed example value, not added or removed keys', () => {
    const c = change('.env.example', [
      { oldStart: 2, oldLines: 2, newStart: 2, newLines: 3, removed: ['LOG_LEVEL=info', 'OLD_KEY=1'], added: ['LOG_LEVEL="debug"', 'NEW_KEY=2', 'OTHER=3'] },
    ]);
    const f = envFileAnalyzer.analyze({ change: c, rule, oldText: null, newText: null });
    assert.deepEqual(f, [{ kind: 'config-value-changed', subject: 'LOG_LEVEL', line: 2, severity: 'info', message: 'example value of LOG_LEVEL changed from "info" to "debug"' }]);
  });
  it('a deployed env file: warning, and credentials are never shown', () => {
    const c = change('deploy/prod.env', [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, removed: ['API_TOKEN=abc'], added: ['API_TOKEN=q9Wm2ZrT9vLx4NcB8yKp'] }]);
    const [f] = envFileAnalyzer.analyze({ change: c, rule, oldText: null, newText: null });
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'value of API_TOKEN changed (values not shown)');
  });
  it('only quoting or a comment changed: nothing', () => {
    const c = change('.env.example', [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, removed: ['PORT=3000'], added: ["PORT='3000' # http"] }]);
    assert.deepEqual(envFileAnalyzer.analyze({ change: c, rule, oldText: null, newText: null }), []);
  });
});

describe('envManifest analyzer', () => {
  const K8S_OLD = ['spec:', '  containers:', '    - name: web', '      env:', '        - name: LOG_LEVEL', '          value: info', '        - name: DB_PASSWORD', '          valueFrom:', '            secretKeyRef:', '              name: db', '              key: password', ''].join('\n');
  const K8S_NEW = K8S_OLD.replace('value: info', 'value: "debug"').replace('key: password', 'key: pass');

  it('scans Kubernetes entries with their values', () => {
    const e = scanEnvEntries('k8s/app.yaml', K8S_OLD);
    assert.deepEqual(e.map((x) => [x.name, x.value, x.line, x.valueLine]), [
      ['LOG_LEVEL', 'info', 5, 6],
      ['DB_PASSWORD', 'valueFrom secretKeyRef: name: db key: password', 7, 8],
    ]);
  });
  it('reports a changed value at the `value:` line, and a changed secret reference', () => {
    const c = change('k8s/app.yaml', [
      { oldStart: 6, oldLines: 1, newStart: 6, newLines: 1, removed: ['          value: info'], added: ['          value: "debug"'] },
      { oldStart: 11, oldLines: 1, newStart: 11, newLines: 1, removed: ['              key: password'], added: ['              key: pass'] },
    ]);
    const f = envManifestAnalyzer.analyze({ change: c, rule, oldText: K8S_OLD, newText: K8S_NEW });
    assert.deepEqual(f.map((x) => [x.subject, x.line, x.message]), [
      ['LOG_LEVEL', 6, 'env LOG_LEVEL changed from "info" to "debug"'],
      ['DB_PASSWORD', 11, 'env DB_PASSWORD changed (values not shown)'],
    ]);
  });
  it('compose map and list entries; untouched entries are not reported', () => {
    const old = 'services:\n  web:\n    environment:\n      WORKERS: 2\n      MODE: a\n  job:\n    environment:\n      - QUEUE=low\n';
    const neu = 'services:\n  web:\n    environment:\n      WORKERS: 4\n      MODE: a\n  job:\n    environment:\n      - QUEUE=high\n';
    const c = change('docker-compose.yml', [
      { oldStart: 4, oldLines: 1, newStart: 4, newLines: 1, removed: ['      WORKERS: 2'], added: ['      WORKERS: 4'] },
      { oldStart: 8, oldLines: 1, newStart: 8, newLines: 1, removed: ['      - QUEUE=low'], added: ['      - QUEUE=high'] },
    ]);
    const f = envManifestAnalyzer.analyze({ change: c, rule, oldText: old, newText: neu });
    assert.deepEqual(f.map((x) => [x.subject, x.line]), [['WORKERS', 4], ['QUEUE', 8]]);
  });
  it('Dockerfile ENV', () => {
    const c = change('Dockerfile', [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1, removed: ['ENV APP_MODE=a TZ=UTC'], added: ['ENV APP_MODE=b TZ=UTC'] }]);
    const f = envManifestAnalyzer.analyze({ change: c, rule, oldText: 'FROM x\nENV APP_MODE=a TZ=UTC\n', newText: 'FROM x\nENV APP_MODE=b TZ=UTC\n' });
    assert.deepEqual(f.map((x) => [x.subject, x.line, x.message]), [['APP_MODE', 2, 'env APP_MODE changed from "a" to "b"']]);
  });
});
