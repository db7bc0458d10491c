import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, type Impact } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { impactAt } from '../../helpers/impacts';

/** `kind@line` of an impact's findings, sorted, for compact assertions. */
function kinds(impact: Impact | undefined, ...only: string[]): string[] {
  assert.ok(impact, 'impact expected');
  return impact.findings.filter((f) => !only.length || only.includes(f.kind)).map((f) => `${f.kind}@${f.line ?? '-'}`).sort();
}

const PACKAGE_JSON = (react: string, node: string, extra = '') => `{
  "name": "shop",
  "engines": { "node": "${node}" },
  "dependencies": {
    "express": "^4.18.2",
    "react": "${react}"${extra}
  },
  "devDependencies": {
    "typescript": "^5.3.0"
  }
}
`;

const OPENAPI = (extraRequired: string) => `openapi: 3.0.3
info:
  title: Shop
  version: 1.0.0
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Order'
components:
  schemas:
    Order:
      type: object
      required: [id${extraRequired}]
      properties:
        id:
          type: string
        total:
          type: number
        note:
          type: string
`;

describe('content analyzers through analyze() on a real repository', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', {
    'package.json': PACKAGE_JSON('^17.0.2', '>=18'),
    Dockerfile: 'FROM node:18-alpine AS build\nWORKDIR /app\nRUN npm ci\n\nFROM node:18-alpine\nCOPY --from=build /app /app\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    'config/settings.yml': '# app settings\nserver:\n  port: 3000\n  timeout: 30\ncache:\n  ttl: 60\n',
    'api/openapi.yaml': OPENAPI(''),
  });
  repo.checkout('feature', true);
  repo.commit('upgrade', {
    'package.json': PACKAGE_JSON('^18.2.0', '>=20', ',\n    "zod": "^3.22.4"'),
    Dockerfile: 'FROM node:20-alpine AS build\nWORKDIR /app\nRUN npm ci\n\nFROM node:20-alpine\nCOPY --from=build /app /app\nEXPOSE 8080\nCMD ["node", "server.js"]\n',
    'config/settings.yml': '# app settings (edited)\nserver:\n  port: 3000\n  timeout: 45\n  keepalive: true\n',
    // Additive only: a new optional property.
    'api/openapi.yaml': OPENAPI('').replace('        note:\n          type: string\n', '        note:\n          type: string\n        currency:\n          type: string\n'),
  });

  it('review mode: a major upgrade, a runtime change, an image and a port change, a removed config section', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const pkg = impactAt(report, 'package.json');
    assert.deepEqual(kinds(pkg), ['dependency-added@7', 'dependency-major-upgrade@6', 'runtime-version-changed@3']);
    assert.equal(pkg!.requiresNote, true);
    assert.match(pkg!.findings.find((f) => f.kind === 'runtime-version-changed')!.message, /Node\.js >=18 → >=20/);

    const docker = impactAt(report, 'Dockerfile');
    assert.deepEqual(kinds(docker, 'image-changed', 'runtime-version-changed', 'port-changed'), ['image-changed@1', 'image-changed@5', 'port-changed@7', 'runtime-version-changed@1']);

    const settings = impactAt(report, 'config/settings.yml');
    assert.deepEqual(kinds(settings, 'config-key-added', 'config-key-removed', 'config-value-changed'), ['config-key-added@5', 'config-key-removed@5', 'config-value-changed@4']);
    assert.equal(settings!.requiresNote, true, 'a removed config section needs a note');

    // An additive API change is listed (the file changed) but is not breaking.
    const api = impactAt(report, 'api/openapi.yaml');
    assert.ok(api);
    assert.deepEqual(kinds(api, 'schema-breaking-change'), []);
    assert.equal(api.requiresNote, false);
  });

  it('working mode: an uncommitted breaking API change and a minor bump', async () => {
    repo.write({
      'api/openapi.yaml': OPENAPI(', total').replace('        note:\n          type: string\n', ''),
      'package.json': PACKAGE_JSON('^18.3.1', '>=20', ',\n    "zod": "^3.22.4"'),
    });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main' });
      const api = impactAt(report, 'api/openapi.yaml');
      assert.deepEqual(kinds(api, 'schema-breaking-change'), ['schema-breaking-change@24']);
      assert.match(api!.findings[0].message, /property note removed/);
      assert.equal(api!.requiresNote, true);
      // Still a major against main (17 → 18), whatever the minor in the working tree.
      assert.deepEqual(kinds(impactAt(report, 'package.json'), 'dependency-major-upgrade'), ['dependency-major-upgrade@6']);
    } finally {
      repo.git('checkout', '--', 'api/openapi.yaml', 'package.json');
    }
  });
});

describe('content analyzers: negatives through analyze()', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', {
    'package.json': PACKAGE_JSON('^18.2.0', '>=20'),
    'config/settings.yml': 'server:\n  port: 3000\n',
    'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/gorilla/mux v1.8.0\n\tgolang.org/x/sys v0.15.0\n)\n',
  });
  repo.checkout('feature', true);
  repo.commit('small', {
    'package.json': PACKAGE_JSON('^18.3.1', '>=20'),
    'config/settings.yml': '# comment only\nserver:\n  port: 3000\n',
    'go.mod': 'module example.com/shop\n\ngo 1.22.3\n\nrequire (\n\tgithub.com/gorilla/mux v1.8.1\n\tgolang.org/x/sys v0.16.0\n)\n',
  });

  it('minor bumps, a patch-level go directive and a comment-only config edit need no note', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    for (const path of ['package.json', 'config/settings.yml', 'go.mod']) {
      const impact = impactAt(report, path);
      assert.ok(impact, `${path} is still listed`);
      assert.deepEqual(impact.findings.filter((f) => f.kind !== 'content-skipped'), [], path);
      assert.equal(impact.requiresNote, false, path);
    }
  });
});

describe('content analyzers routed by .handoff/config.yaml rules', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', {
    '.handoff/config.yaml': 'rules:\n  - id: ops.service-config\n    category: config\n    title: Service config\n    paths: ["ops/**/*.toml"]\n    severity: warning\n    requiresNote: findings\n    analyzers: [config-keys, ports]\n',
    'ops/worker.toml': '[server]\nport = 9000\n\n[queue]\nname = "jobs"\nconcurrency = 4\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', { 'ops/worker.toml': '[server]\nport = 9100\n\n[queue]\nname = "jobs"\n' });

  it('a custom rule sends a TOML file to config-keys and ports', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = impactAt(report, 'ops/worker.toml');
    assert.equal(impact?.rule, 'ops.service-config');
    assert.deepEqual(kinds(impact), ['config-key-removed@5', 'config-value-changed@2', 'port-changed@2']);
    assert.equal(impact!.requiresNote, true);
  });
});
