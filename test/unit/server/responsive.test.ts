/**
 * The note language server keeps answering while it analyses (issue 16/17): analyses run off
 * the request path, and completion in a note is answered from the last finished report while a
 * repository whose changed files are 100 KB of adversarial shapes is re-analysed; a newer change
 * cancels the analysis it makes stale. Real server process, real LSP connection, real git.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestRepo } from '../../helpers/repo';
import { LARGE, SHAPES } from '../hostile/timing';
import { LspClient } from './lsp';

const NOTE = '.handoff/notes/2026-12-05-hostile.md';
const NOTE_TEXT = '---\ntitle: Hostile\ncovers:\n  - \n---\n## Deploy\n- [ ] x\n';
/** Where completion of a cover entry is asked for (after `  - `). */
const AT = { line: 3, character: 4 };
/** The bound on a completion answer while an analysis runs: 1.5 s on a 2-core machine at load 16 (slowest seen 654 ms; 7 s with the analysis in the server thread). */
const BOUND_MS = 1500;

/** Adversarial files: every shared shape, 100 KB each, as YAML config and as JavaScript (48 files, 4.8 MB). */
function hostileFiles(salt: string): Record<string, string> {
  const files: Record<string, string> = {};
  const kinds: [string, (s: string) => string][] = [
    ['config/hostile-%.yml', (s) => `app:\n  name: ${s}\n  ${salt}: 1\n`],
    ['src/hostile-%.js', (s) => `const ${salt} = process.env.${salt.toUpperCase()};\nconst x = "${s}";\n`],
  ];
  for (const [name, make] of Object.entries(SHAPES)) {
    for (const [pattern, wrap] of kinds) files[pattern.replace('%', name)] = wrap(make(LARGE));
  }
  return files;
}

describe('note language server: answers while it analyses', () => {
  let repo: TestRepo;
  let client: LspClient;
  let uri: string;

  before(async () => {
    repo = new TestRepo();
    repo.commit('base', {
      'src/app.js': 'const port = process.env.PORT;\n',
      '.env.example': 'PORT=3000\n',
      [NOTE]: NOTE_TEXT,
      ...hostileFiles('base'),
    });
    repo.write({ 'src/app.js': 'const port = process.env.PORT;\nconst key = process.env.FIRST_KEY;\n', ...hostileFiles('first') });
    client = await LspClient.start({ root: repo.dir });
    uri = await client.open(path.join(repo.dir, NOTE), NOTE_TEXT);
    const status = await client.status(uri);
    assert.equal(status.error ?? null, null);
    assert.ok(status.impacts > 10, `the first analysis read the hostile files: ${JSON.stringify(status)}`);
  });
  after(async () => {
    await client?.stop();
    repo?.dispose();
  });

  /** Tells the server every hostile file and src/app.js changed (what the client's watcher sends). */
  async function saveAll(salt: string, envName: string): Promise<void> {
    const files = { ...hostileFiles(salt), 'src/app.js': `const port = process.env.PORT;\nconst key = process.env.${envName};\n` };
    repo.write(files);
    await client.filesChanged(Object.keys(files).map((f) => path.join(repo.dir, f)));
  }

  const labels = async (): Promise<string[]> => (await client.completion(uri, AT)).items.map((i) => i.label);

  test('completion is answered within the bound, from the last report, while the analysis runs', async () => {
    const before = await client.statusNow(uri);
    await saveAll('second', 'SECOND_KEY');
    const latencies: number[] = [];
    let whileRunning = 0;
    let sawRunning = false;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const started = performance.now();
      const items = await labels();
      const ms = performance.now() - started;
      const st = await client.statusNow(uri);
      latencies.push(ms);
      if (st.running) {
        sawRunning = true;
        whileRunning++;
        // Answered from the last finished report: the first analysis's env name, not yet the new one.
        assert.ok(items.includes('env:FIRST_KEY') || items.includes('env:SECOND_KEY'), items.join(', '));
      } else if (sawRunning && st.analyses.updates > before.analyses.updates) break;
      assert.ok(Date.now() < deadline, 'the analysis ended within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const max = Math.max(...latencies);
    assert.ok(whileRunning >= 3, `completion asked ${whileRunning} times while the analysis ran`);
    assert.ok(max < BOUND_MS, `slowest completion ${max.toFixed(0)} ms (bound ${BOUND_MS} ms); all: ${latencies.map((x) => x.toFixed(0)).join(' ')}`);
    assert.ok((await labels()).includes('env:SECOND_KEY'), 'once done, completion knows the new report');
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`# completion while analysing: ${whileRunning} answers, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, slowest ${max.toFixed(0)} ms (top: ${sorted.slice(-5).map((x) => x.toFixed(0)).join(" ")})`);
  });

  test('a newer change cancels the running analysis; the report is the newest', async () => {
    const st = () => client.statusNow(uri);
    // The newer change must land while the analysis runs, not while its finished report is
    // being published (then nothing is left to cancel and the change simply runs next). On a
    // loaded machine that window can be missed: try up to three times, and require one
    // cancellation and the newest report every time.
    let cancelled = false;
    for (let attempt = 0; attempt < 3 && !cancelled; attempt++) {
      const before = await st();
      const [older, newer] = [`OLDER_${attempt}_KEY`, `NEWER_${attempt}_KEY`];
      await saveAll(`older-${attempt}`, older);
      const deadline = Date.now() + 30_000;
      while (!(await st()).running) {
        assert.ok(Date.now() < deadline, 'the analysis started');
        await new Promise((r) => setTimeout(r, 10));
      }
      await saveAll(`newer-${attempt}`, newer);
      await client.status(uri);
      let after = await st();
      // a change still in its debounce runs after the status answer: wait for it to land
      for (let i = 0; i < 100 && !(await labels()).includes(`env:${newer}`); i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = await st();
      }
      const items = await labels();
      assert.ok(items.includes(`env:${newer}`) && !items.includes(`env:${older}`), items.join(', '));
      cancelled = after.analyses.cancelled > before.analyses.cancelled;
      if (!cancelled) console.log(`# attempt ${attempt + 1}: the newer change landed after the analysis ended: ${JSON.stringify({ before: before.analyses, after: after.analyses })}`);
    }
    assert.ok(cancelled, 'a newer change cancelled a running analysis in one of three attempts');
  });
});
