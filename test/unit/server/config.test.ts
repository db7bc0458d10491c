/**
 * `.handoff/config.yaml` in the note language server (validation against the engine's
 * schema, completion, hover) and the server's localisation, over a real LSP connection.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import type { CompletionList } from 'vscode-languageserver-protocol';
import type { TestRepo } from '../../helpers/repo';
import { billingRepo } from './fixture';
import { LspClient, positionOf } from './lsp';

const ROOT = path.resolve(__dirname, '../../..');
const sorted = (l: CompletionList) => [...l.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);

describe('.handoff/config.yaml in the language server', () => {
  let repo: TestRepo;
  let client: LspClient;
  let uri: string;
  const file = () => path.join(repo.dir, '.handoff/config.yaml');

  before(async () => {
    repo = billingRepo();
    client = await LspClient.start({ root: repo.dir });
    uri = await client.open(file(), 'roles: [ops]\n', 'yaml');
  });
  after(async () => {
    await client?.stop();
    repo?.dispose();
  });

  test('a valid config has no diagnostics', async () => {
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  test('schema problems come with their line: unknown key, wrong type, value not allowed', async () => {
    const text = 'roles: [ops]\nbase: main\nmaxFileBytes: lots\nrules:\n  - id: team.search\n    category: search\n    paths: ["search/**"]\ncolour: blue\n';
    await client.change(uri, text);
    const ds = await client.diagnosticsFor(uri, (d) => d.length >= 3);
    const at = ds.map((d) => [d.range.start.line, d.code]);
    assert.ok(at.some(([l, c]) => l === 2 && c === 'wrong-type'), JSON.stringify(ds));
    assert.ok(at.some(([l, c]) => l === 5 && c === 'not-allowed'), JSON.stringify(ds));
    assert.ok(at.some(([l, c]) => l === 7 && c === 'unknown-key'), JSON.stringify(ds));
  });

  test('broken YAML: one error at its line', async () => {
    await client.change(uri, 'roles: [ops\nbase: main\n');
    const ds = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'yaml-syntax'));
    assert.equal(ds.find((d) => d.code === 'yaml-syntax')!.severity, 1);
  });

  test('completion: top-level keys not yet written', async () => {
    const text = 'roles: [ops]\n\n';
    await client.change(uri, text);
    const labels = sorted(await client.completion(uri, { line: 1, character: 0 }));
    assert.deepEqual(labels, ['base', 'rules', 'ignore', 'environments', 'maxFileBytes', 'profile', 'templates']);
  });

  test('completion: the keys of a rule, inside a rules item', async () => {
    const text = 'rules:\n  - id: team.search\n    \n';
    await client.change(uri, text);
    const labels = sorted(await client.completion(uri, { line: 2, character: 4 }));
    assert.ok(labels.includes('paths') && labels.includes('category') && labels.includes('severity'), labels.join(', '));
    assert.ok(!labels.includes('id'), 'id is already written');
    assert.ok(!labels.includes('base'), 'no top-level keys inside a rule');
  });

  test('completion: enum values of a key, and of a list of analyzers', async () => {
    const text = 'rules:\n  - id: team.search\n    severity: \n    analyzers:\n      - \n';
    await client.change(uri, text);
    assert.deepEqual(sorted(await client.completion(uri, { line: 2, character: 14 })), ['info', 'warning', 'critical']);
    const analyzers = sorted(await client.completion(uri, { line: 4, character: 8 }));
    assert.ok(analyzers.includes('sql') && analyzers.includes('dockerfile'), analyzers.join(', '));
  });

  test('hover on a key: its description from the schema', async () => {
    const text = 'roles: [ops]\nmaxFileBytes: 10\n';
    await client.change(uri, text);
    const h = await client.hover(uri, positionOf(text, 'maxFileBytes', 2));
    assert.match(JSON.stringify(h), /not content-analysed/);
  });

  test('the note language server answers for notes and the config at once', async () => {
    const note = await client.open(path.join(repo.dir, '.handoff/notes/x.md'), '---\ntitle: X\ncovers:\n  - src/app.js\n---\n## Deploy\n- [ ] go @\n');
    const roles = await client.completion(note, { line: 6, character: 10 });
    assert.deepEqual(roles.items.map((i) => i.label), ['@ops', '@dev', '@dba']);
  });
});

describe('server messages in Simplified Chinese', () => {
  let repo: TestRepo;
  after(() => repo?.dispose());

  test('the bundle the client names (l10nUri), or the one for the language, is used', async () => {
    repo = billingRepo();
    const bundle = path.join(ROOT, 'l10n/server/bundle.l10n.zh-cn.json');
    for (const initializationOptions of [{ l10nUri: pathToFileURL(bundle).toString() }, { language: 'zh-cn' }]) {
      const client = await LspClient.start({ root: repo.dir, initializationOptions });
      try {
        const uri = await client.open(path.join(repo.dir, '.handoff/notes/zh.md'), '---\ntitle: 标题\ncovers:\n  - nothing/here.sql\n---\n- [ ] x\n');
        const ds = await client.diagnosticsFor(uri, (d) => d.length === 2);
        assert.deepEqual(ds.map((d) => d.message), [
          '“nothing/here.sql”既不匹配仓库中的任何文件，也不匹配 main…工作树 的任何变更',
          '清单项位于所有标题之前：请将其放到某个章节下，例如 `## Deploy`',
        ]);
      } finally {
        await client.stop();
      }
    }
  });

  test('the bundles hold exactly the strings of the server code', async () => {
    const files: { contents: string; extension: string }[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push({ contents: fs.readFileSync(p, 'utf8'), extension: '.ts' });
      }
    };
    walk(path.join(ROOT, 'src/server'));
    const fromCode = Object.keys(await getL10nJson(files)).sort();
    const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/server/bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const zh = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/server/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(en).sort(), fromCode, 'regenerate: npx @vscode/l10n-dev export --outDir l10n/server src/server');
    assert.deepEqual(Object.keys(zh).sort(), fromCode, 'every string has its Chinese translation');
    for (const [k, v] of Object.entries(zh)) {
      const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(placeholders(v), placeholders(k), `placeholders of ${k}`);
    }
  });
});
