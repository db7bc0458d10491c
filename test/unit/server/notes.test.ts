/**
 * The note language server over a real LSP connection (dist/server.js as a child
 * process) on a real repository: diagnostics, completion, hover, links, code actions,
 * document symbols.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import type { TestRepo } from '../../helpers/repo';
import { billingRepo, MIGRATION, NOTE, OTHER_NOTE } from './fixture';
import { actionEdits, applyLspEdits, fileUri, LspClient, positionOf } from './lsp';

const TEXT = [
  '---',
  'title: Add billing plan',
  'covers:',
  `  - ${MIGRATION}`,
  '  - env:NOBODY_READS_THIS',
  '  - env:PORT',
  '  - nothing/matches/*.sql   # typo',
  '  - config/settings.yml',
  '  - "skip: docs/**"',
  'owner: someone',
  '---',
  '- [ ] Before any section @ops',
  '## Deploy',
  '- [ ] Set `BILLING_API_KEY` @ops',
  '- bare item',
  '',
].join('\n');

const byCode = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe('note language server', () => {
  let repo: TestRepo;
  let client: LspClient;
  let uri: string;

  before(async () => {
    repo = billingRepo();
    repo.write({ [NOTE]: TEXT });
    client = await LspClient.start({ root: repo.dir });
    uri = await client.open(path.join(repo.dir, NOTE), TEXT);
    const status = await client.status(uri);
    assert.equal(status.impacts, 2, JSON.stringify(status));
  });
  after(async () => {
    await client?.stop();
    repo?.dispose();
  });

  describe('diagnostics', () => {
    let ds: Diagnostic[];
    before(async () => {
      ds = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'covers-nothing'));
    });

    test('a covers entry matching no file and no impact', () => {
      const [d] = byCode(ds, 'covers-nothing');
      assert.equal(byCode(ds, 'covers-nothing').length, 1, JSON.stringify(ds));
      assert.deepEqual(d.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 25 } });
      assert.match(String(d.message), /nothing\/matches\/\*\.sql.*no file.*main…working tree/);
      assert.equal(d.severity, 2);
    });
    test('an env entry nobody reads (PORT, read by src/app.js, is fine)', () => {
      const env = byCode(ds, 'env-unread');
      assert.equal(env.length, 1, JSON.stringify(ds));
      assert.equal(env[0].range.start.line, 4);
      assert.match(String(env[0].message), /NOBODY_READS_THIS/);
    });
    test('an entry whose impact another note covers too', () => {
      const dup = byCode(ds, 'duplicate-coverage');
      assert.equal(dup.length, 1, JSON.stringify(ds));
      assert.equal(dup[0].range.start.line, 3);
      assert.match(String(dup[0].message), new RegExp(OTHER_NOTE.replace(/\./g, '\\.')));
    });
    test('skip without a reason, unknown key, item outside a section', () => {
      assert.equal(byCode(ds, 'skip-without-reason')[0]?.range.start.line, 8, JSON.stringify(ds));
      const unknown = byCode(ds, 'unknown-key');
      assert.equal(unknown.length, 1);
      assert.deepEqual(unknown[0].range, { start: { line: 9, character: 0 }, end: { line: 9, character: 5 } });
      assert.equal(unknown[0].severity, 2, 'unknown keys are warnings');
      assert.equal(byCode(ds, 'item-outside-section')[0]?.range.start.line, 11);
    });
    test('a file matching an entry appears on disk: the entry is no longer reported', async () => {
      const c2uri = await client.open(path.join(repo.dir, '.handoff/notes/2026-11-24-refresh.md'), '---\ntitle: Refresh\ncovers:\n  - late/file.sql\n---\n## Deploy\n- [ ] x\n');
      const first = await client.diagnosticsFor(c2uri, (d) => d.some((x) => x.code === 'covers-nothing'));
      assert.equal(byCode(first, 'covers-nothing').length, 1);
      repo.write({ 'late/file.sql': 'select 1;\n' });
      await client.filesChanged([path.join(repo.dir, 'late/file.sql')], FileChangeType.Created);
      await client.status(c2uri);
      const after = await client.diagnosticsFor(c2uri, (d) => !d.some((x) => x.code === 'covers-nothing'));
      assert.deepEqual(byCode(after, 'covers-nothing'), []);
      await client.close(c2uri);
    });
  });

  describe('diagnostics of broken notes', () => {
    const cases: [string, string, string, number][] = [
      ['missing title', '---\ncovers:\n  - a.txt\n---\n## Deploy\n- [ ] x\n', 'missing-title', 0],
      ['broken YAML, with its line', '---\ntitle: T\ncovers: [a, b\nrisk: low\n---\n', 'yaml-syntax', 3],
      ['conflict markers', '---\ntitle: T\n---\n## Deploy\n<<<<<<< HEAD\n- [ ] a\n=======\n- [ ] b\n>>>>>>> other\n', 'conflict-markers', 4],
    ];
    for (const [name, text, code, line] of cases) {
      test(name, async () => {
        const u = await client.open(path.join(repo.dir, `.handoff/notes/broken-${code}.md`), text);
        const ds = await client.diagnosticsFor(u, (d) => d.some((x) => x.code === code));
        const d = byCode(ds, code)[0];
        assert.equal(d.range.start.line, line, JSON.stringify(ds));
        assert.equal(d.severity, 1);
        await client.close(u);
      });
    }
  });

  describe('completion', () => {
    test('in covers: uncovered impacts and env vars first, then other impacts, then repository paths', async () => {
      const text = TEXT.replace('  - config/settings.yml\n', '  - config/settings.yml\n  - \n');
      await client.change(uri, text);
      const list = await client.completion(uri, positionOf(text, '  - \n', 4));
      const items = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
      const labels = items.map((i) => i.label);
      assert.deepEqual(labels.slice(0, 2), ['env:BILLING_API_KEY', 'src/app.js'], labels.join(', '));
      assert.ok(items[0].sortText! < items[2].sortText!);
      assert.ok(labels.includes('README.md') && labels.includes('.env.example'), 'repository paths follow');
      assert.ok(!labels.includes(MIGRATION) && !labels.includes('config/settings.yml'), 'entries already listed are not offered');
      assert.ok(labels.indexOf('README.md') > labels.indexOf('src/app.js'));
      assert.equal(items[0].textEdit && 'range' in items[0].textEdit ? items[0].textEdit.newText : null, 'env:BILLING_API_KEY');
      assert.match(items[0].detail ?? '', /needs a note/);
    });
    test('in covers: what is typed filters repository paths (fuzzy)', async () => {
      const text = TEXT.replace('  - config/settings.yml\n', '  - config/settings.yml\n  - rdme\n');
      await client.change(uri, text);
      const list = await client.completion(uri, positionOf(text, '  - rdme', 8));
      const labels = list.items.map((i) => i.label);
      assert.ok(labels.includes('README.md'), labels.join(', '));
      assert.ok(!labels.includes('.env.example'));
      const readme = list.items.find((i) => i.label === 'README.md')!;
      assert.deepEqual(readme.textEdit && 'range' in readme.textEdit ? readme.textEdit.range : null, { start: positionOf(text, '  - rdme', 4), end: positionOf(text, '  - rdme', 8) });
    });
    test('@ completes the roles of .handoff/config.yaml', async () => {
      const text = TEXT.replace('- bare item', '- [ ] Call the team @');
      await client.change(uri, text);
      const list = await client.completion(uri, positionOf(text, 'team @', 6));
      assert.deepEqual(list.items.map((i) => i.label).slice(0, 3), ['@ops', '@dev', '@dba']);
    });
    test('after ## the rollout phases, missing ones first', async () => {
      const text = `${TEXT}## \n`;
      await client.change(uri, text);
      const list = await client.completion(uri, { line: text.split('\n').length - 2, character: 3 });
      const labels = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
      assert.deepEqual(labels, ['Before deploy', 'After deploy', 'Verify', 'Rollback', 'Deploy']);
    });
  });

  describe('hover', () => {
    before(async () => client.change(uri, TEXT));
    test('on an entry: the impact it covers, its status and the other note', async () => {
      const h = await client.hover(uri, positionOf(TEXT, MIGRATION, 3));
      const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
      assert.match(value, /\*\*migration\*\*/);
      assert.match(value, new RegExp(`${MIGRATION.replace(/\./g, '\\.')}.*added`));
      assert.match(value, /Covers 1 change/);
      assert.match(value, /also covered by \.handoff\/notes\/2026-11-24-other\.md/);
    });
    test('on an entry that covers nothing: why', async () => {
      const none = await client.hover(uri, positionOf(TEXT, 'nothing/matches'));
      assert.match(JSON.stringify(none), /Covers nothing.*matches no file/);
      const unchanged = await client.hover(uri, positionOf(TEXT, 'config/settings.yml'));
      assert.match(JSON.stringify(unchanged), /Covers nothing.*matches 1 file.*none of them changed/);
      const env = await client.hover(uri, positionOf(TEXT, 'NOBODY'));
      assert.match(JSON.stringify(env), /no change of main…working tree starts or stops reading/);
    });
    test('an env entry shows the findings of the impact', async () => {
      const text = TEXT.replace('  - env:PORT', '  - env:BILLING_API_KEY');
      await client.change(uri, text);
      const h = await client.hover(uri, positionOf(text, 'BILLING_API_KEY'));
      assert.match(JSON.stringify(h), /env-var-added.*reads new environment variable BILLING\\\\_API\\\\_KEY \(line 2\)/);
      await client.change(uri, TEXT);
    });
    test('nowhere else', async () => {
      assert.equal(await client.hover(uri, positionOf(TEXT, 'Before any')), null);
    });
  });

  describe('links', () => {
    test('covers paths open the file; globs do not; the title opens the diff', async () => {
      await client.change(uri, TEXT);
      const links = await client.links(uri);
      const targets = links.map((l) => [l.range.start.line, l.target]);
      assert.deepEqual(targets.filter(([, t]) => String(t).startsWith('file:')), [
        [3, fileUri(path.join(repo.dir, MIGRATION))],
        [7, fileUri(path.join(repo.dir, 'config/settings.yml'))],
      ]);
      const title = links.find((l) => l.range.start.line === 1)!;
      assert.deepEqual(title.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 23 } });
      const m = /^command:handoff\.openDiff\?(.*)$/.exec(title.target!);
      assert.ok(m, title.target);
      assert.deepEqual(JSON.parse(decodeURIComponent(m[1])), [{ repo: repo.dir, path: MIGRATION }]);
    });
  });

  describe('code actions', () => {
    before(async () => client.change(uri, TEXT));
    test('add all uncovered impacts to covers', async () => {
      const actions = await client.codeActions(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
      const add = actions.find((a) => /uncovered/.test(a.title));
      assert.ok(add, actions.map((a) => a.title).join(' | '));
      const result = applyLspEdits(TEXT, actionEdits(add, uri));
      // The cover, and the action it stands for (the warning goes away and someone is told to set it).
      assert.ok(result.startsWith(TEXT.replace('  - "skip: docs/**"\n', '  - "skip: docs/**"\n  - env:BILLING_API_KEY\n').slice(0, TEXT.indexOf('---\n- [ ]') + 40)), result);
      assert.match(result, /## Before deploy\n- \[ \] Set `BILLING_API_KEY` in every environment before the new version starts: it is read without a default \(`src\/app\.js:2`\) @ops\n/);
      for (const line of TEXT.split('\n')) assert.ok(result.split('\n').includes(line), line);
      // Once covered and written, the same action offers nothing more.
      await client.change(uri, result);
      const again = await client.codeActions(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
      assert.equal(again.find((a) => /uncovered/.test(a.title)), undefined);
      await client.change(uri, TEXT);
    });
    test('turn a bare item into a task item', async () => {
      const line = TEXT.split('\n').indexOf('- bare item');
      const actions = await client.codeActions(uri, { start: { line, character: 3 }, end: { line, character: 3 } });
      const turn = actions.find((a) => /task item/.test(a.title));
      assert.ok(turn, actions.map((a) => a.title).join(' | '));
      assert.equal(applyLspEdits(TEXT, actionEdits(turn, uri)), TEXT.replace('- bare item', '- [ ] bare item'));
    });
    test('turn bare items into task items keeps CRLF line endings', async () => {
      const crlf = '---\r\ntitle: T\r\n---\r\n## Deploy\r\n- one\r\n* two\r\n```\r\n- in a fence\r\n```\r\n';
      const u = await client.open(path.join(repo.dir, '.handoff/notes/crlf.md'), crlf);
      const actions = await client.codeActions(u, { start: { line: 3, character: 0 }, end: { line: 8, character: 0 } });
      const turn = actions.find((a) => /task items/.test(a.title));
      assert.ok(turn, actions.map((a) => a.title).join(' | '));
      assert.equal(applyLspEdits(crlf, actionEdits(turn, u)), crlf.replace('- one', '- [ ] one').replace('* two', '* [ ] two'));
      await client.close(u);
    });
    test("a checklist drafted from an entry's findings", async () => {
      const line = TEXT.split('\n').indexOf(`  - ${MIGRATION}`);
      const actions = await client.codeActions(uri, { start: { line, character: 6 }, end: { line, character: 6 } });
      const draft = actions.find((a) => /checklist/.test(a.title));
      assert.ok(draft, actions.map((a) => a.title).join(' | '));
      const result = applyLspEdits(TEXT, actionEdits(draft, uri));
      // Only lines are added: every original line is kept, in order, byte for byte.
      const before = TEXT.split('\n');
      const afterLines = result.split('\n');
      let i = 0;
      const added: string[] = [];
      for (const l of afterLines) {
        if (l === before[i]) i++;
        else added.push(l);
      }
      assert.equal(i, before.length, `all original lines kept:\n${result}`);
      assert.ok(added.every((l) => /^- \[ \] \S/.test(l) || /^## /.test(l) || l === ''), added.join('\n'));
      // The migration's steps: one in the existing Deploy section; a Rollback section created, naming its version.
      const deploy = afterLines.slice(afterLines.indexOf('## Deploy'), afterLines.indexOf('## Verify'));
      assert.ok(deploy.some((l) => l.startsWith('- [ ] Run `bin/rails db:migrate`')), result);
      assert.ok(afterLines.includes('- [ ] Migrate back: `bin/rails db:migrate:down VERSION=20261124093000` @implementation'), result);
      assert.ok(afterLines.includes('## Rollback'), result);
      assert.ok(result.startsWith(TEXT.slice(0, TEXT.indexOf('- [ ] Before any section'))), `the front matter does not change:\n${result}`);
    });
  });

  describe('document symbols', () => {
    test('phases with their items; an item before any heading at the top', async () => {
      const text = `${TEXT}\n## Verify\n- [x] Checked @qa\n### Details\n- [ ] nested\n`;
      await client.change(uri, text);
      const symbols = await client.symbols(uri);
      const shape = symbols.map((s) => [s.name, (s.children ?? []).map((c) => [c.name, c.detail ?? '', (c.children ?? []).map((g) => g.name)])]);
      assert.deepEqual(shape, [
        ['[ ] Before any section', []],
        ['Deploy', [['[ ] Set `BILLING_API_KEY`', '@ops', []]]],
        ['Verify', [['[x] Checked', '@qa', []], ['Details', '', ['[ ] nested']]]],
      ]);
    });
  });

  test('the note on disk was never written by the server', () => {
    assert.equal(fs.readFileSync(path.join(repo.dir, NOTE), 'utf8'), TEXT);
  });
});
