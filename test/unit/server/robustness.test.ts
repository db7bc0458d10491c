/**
 * Bad input never crashes or hangs the note language server: each case gets diagnostics,
 * and the server still answers a request afterwards.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestRepo } from '../../helpers/repo';
import { billingRepo } from './fixture';
import { LspClient, positionOf } from './lsp';

describe('note language server: bad input', () => {
  let repo: TestRepo;
  let client: LspClient;
  let n = 0;

  before(async () => {
    repo = billingRepo();
    client = await LspClient.start({ root: repo.dir });
  });
  after(async () => {
    await client?.stop();
    repo?.dispose();
  });

  /** Opens `text` as a note and returns its diagnostics once the server published them for this version. */
  async function diagnose(text: string, accept?: Parameters<LspClient['diagnosticsFor']>[1]) {
    const uri = await client.open(path.join(repo.dir, `.handoff/notes/bad-${++n}.md`), text);
    const ds = await client.diagnosticsFor(uri, accept);
    return { uri, ds };
  }

  /** The server is alive and answers. */
  async function assertAlive(uri: string) {
    assert.equal(client.exited, null, `server exited; stderr: ${client.stderr}`);
    const symbols = await client.symbols(uri);
    assert.ok(Array.isArray(symbols));
    const status = await client.status(uri);
    assert.equal(status.repo, repo.dir);
  }

  test('an empty file: missing front matter', async () => {
    const { uri, ds } = await diagnose('');
    assert.deepEqual(ds.map((d) => d.code), ['missing-front-matter']);
    assert.deepEqual(await client.completion(uri, { line: 0, character: 0 }), { isIncomplete: false, items: [] });
    await assertAlive(uri);
  });

  test('binary bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const { uri, ds } = await diagnose(`\u0000\u0001${bytes}`);
    assert.ok(ds.length >= 1 && ds[0].code === 'missing-front-matter', JSON.stringify(ds.slice(0, 3)));
    await client.hover(uri, { line: 0, character: 1 });
    await assertAlive(uri);
  });

  test('a 5 MB note: diagnostics come, capped, in reasonable time', async () => {
    const items = Array.from({ length: 150_000 }, (_, i) => `- [ ] step ${i} outside any section`).join('\n');
    const text = `---\ntitle: Huge\ncovers:\n  - src/app.js\n---\n${items}\n`;
    assert.ok(text.length > 5 * 1024 * 1024, `${text.length} bytes`);
    // the server's CPU time where /proc tells it (lsp.ts cpuMs), else the wall clock
    const cpu0 = client.cpuMs();
    const started = Date.now();
    const { uri, ds } = await diagnose(text);
    const cpu1 = client.cpuMs();
    const ms = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : Date.now() - started;
    assert.ok(ms < 20_000, `took ${ms} ms${cpu0 !== null ? ' of the server\'s CPU' : ''} (${Date.now() - started} ms by the wall clock)`);
    assert.equal(ds.length, 501, 'capped at 500 plus one line saying so');
    assert.equal(ds[500].code, 'too-many-problems');
    const symbols = await client.symbols(uri);
    assert.equal(symbols.length, 5000, "the outline is capped");
    await assertAlive(uri);
    await client.close(uri);
  });

  test('half-typed front matter: unterminated, and completion still works while typing', async () => {
    const text = '---\ntitle: Half\ncovers:\n  - ';
    const { uri, ds } = await diagnose(text);
    assert.deepEqual(ds.map((d) => d.code), ['unterminated-front-matter']);
    const list = await client.completion(uri, positionOf(text, '  - ', 4));
    assert.equal(list.items.sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0]?.label, 'env:BILLING_API_KEY');
    const keys = '---\nti';
    await client.change(uri, keys);
    const keyList = await client.completion(uri, { line: 1, character: 2 });
    assert.deepEqual(keyList.items.map((i) => i.label), ['title', 'covers', 'risk']);
    await assertAlive(uri);
  });

  test('every prefix of a note, typed character by character, never breaks the server', async () => {
    const full = '---\ntitle: "Quoted: title"\ncovers: [src/app.js, "skip: README.md — docs only"]\nrisk: high\n---\n## Deploy\n- [x] done @ops\n';
    const uri = await client.open(path.join(repo.dir, '.handoff/notes/typing.md'), '');
    for (let i = 1; i <= full.length; i += 3) {
      const text = full.slice(0, i);
      await client.change(uri, text);
      const lines = text.split('\n');
      await client.completion(uri, { line: lines.length - 1, character: lines[lines.length - 1].length });
    }
    await client.change(uri, full);
    const ds = await client.diagnosticsFor(uri);
    assert.deepEqual(ds, [], JSON.stringify(ds));
    await assertAlive(uri);
  });

  test('the notes folder README is not a note: no note diagnostics', async () => {
    const uri = await client.open(path.join(repo.dir, '.handoff/notes/README.md'), '# Deployment notes\n\n- [ ] an example item, not a checklist\n');
    assert.deepEqual(await client.diagnosticsFor(uri), []);
    await assertAlive(uri);
  });

  test('a note outside any git repository: parser diagnostics, and hover says why nothing is known', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-norepo-'));
    try {
      const text = '---\ntitle: T\ncovers:\n  - a.txt\n---\n- [ ] x\n';
      const uri = await client.open(path.join(dir, '.handoff/notes/n.md'), text);
      const ds = await client.diagnosticsFor(uri);
      assert.deepEqual(ds.map((d) => d.code), ['item-outside-section']);
      const h = await client.hover(uri, positionOf(text, 'a.txt'));
      assert.match(JSON.stringify(h), /could not be analysed/);
      const status = await client.status(uri);
      assert.ok(status.error, JSON.stringify(status));
      await assertAlive(await client.open(path.join(repo.dir, '.handoff/notes/alive.md'), '---\ntitle: A\n---\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
