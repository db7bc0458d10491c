/**
 * With the client's analysis (analysisFromClient), the server answers "does any file mention
 * this env var?" (a note's `env:` entry nothing reads) from what it read before: a file event
 * makes it grep only the changed files, and re-validates the open notes without a new push.
 * Real server over LSP, real repository.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { analyze, AnalysisSession, type Report } from '../../../src/core';
import { AnalysisPushNotification, FollowRepositoryRequest } from '../../../src/shared/protocol';
import { TestRepo } from '../../helpers/repo';
import { LspClient } from './lsp';

const NOTE = '.handoff/notes/2026-12-06-later.md';
const NOTE_TEXT = '---\ntitle: Later\ncovers:\n  - env:LATER_VAR\n  - src/app.js\n---\n## Deploy\n- [ ] Set LATER_VAR @ops\n';
const unread = (ds: Diagnostic[]) => ds.some((d) => d.code === 'env-unread' && String(d.message).includes('LATER_VAR'));

describe('env mentions of a client-fed repository', () => {
  const repo = new TestRepo();
  let client: LspClient | undefined;
  after(async () => {
    await client?.stop();
    repo.dispose();
  });

  test('a changed file is grepped alone, and the note follows it without a new report', async () => {
    repo.commit('base', { 'src/app.js': 'module.exports = 1;\n', 'src/other.js': 'module.exports = 2;\n' });
    repo.checkout('wip', true);
    repo.write({ 'src/app.js': 'module.exports = 3;\n', [NOTE]: NOTE_TEXT });
    const report: Report = await analyze({ repo: repo.dir, base: 'main' });
    const c = (client = await LspClient.start({ root: repo.dir, initializationOptions: { analysisFromClient: true } }));
    const push = () => c.conn.sendNotification(AnalysisPushNotification.type, { root: repo.dir, report, error: null, roles: [], templates: {} });
    c.conn.onRequest(FollowRepositoryRequest.type, () => {
      setTimeout(() => void push(), 0);
      return { root: repo.dir };
    });
    const uri = await c.open(path.join(repo.dir, NOTE), NOTE_TEXT);
    await c.diagnosticsFor(uri, unread);

    // A file that reads the name appears (the report is unchanged: only the file event says so).
    repo.write({ 'src/other.js': 'module.exports = process.env.LATER_VAR;\n' });
    await c.filesChanged([path.join(repo.dir, 'src/other.js')]);
    await c.diagnosticsFor(uri, (ds) => !unread(ds));
    // And stops reading it.
    repo.write({ 'src/other.js': 'module.exports = 2;\n' });
    await c.filesChanged([path.join(repo.dir, 'src/other.js')]);
    await c.diagnosticsFor(uri, unread);
    // A new report of the same range (a save's update) keeps what was read.
    await push();
    await c.diagnosticsFor(uri, unread);

    const status = await c.status(uri);
    assert.equal(status.source, 'client');
    assert.equal(status.envGreps?.whole, 1, 'the work tree was grepped once, for the first question');
    assert.ok((status.envGreps?.changed ?? 0) >= 2, `the changed file was grepped alone after each event (${JSON.stringify(status.envGreps)})`);
  });

  test('a save costs no grep while every env name the note asks about comes with the range; a changed file waits until a name needs it', async () => {
    const repo2 = new TestRepo();
    try {
      repo2.commit('base', { 'src/app.js': 'module.exports = 1;\n', 'src/other.js': 'module.exports = 2;\n' });
      repo2.checkout('wip', true);
      const reads = 'module.exports = process.env.LATER_VAR;\n';
      repo2.write({ 'src/app.js': reads, [NOTE]: NOTE_TEXT });
      const session = await AnalysisSession.open({ repo: repo2.dir, base: 'main' });
      let report = await session.result();
      const c2 = await LspClient.start({ root: repo2.dir, initializationOptions: { analysisFromClient: true } });
      try {
        const push = () => c2.conn.sendNotification(AnalysisPushNotification.type, { root: repo2.dir, report, error: null, roles: [], templates: {} });
        c2.conn.onRequest(FollowRepositoryRequest.type, () => {
          setTimeout(() => void push(), 0);
          return { root: repo2.dir };
        });
        const save = async (text: string) => {
          repo2.write({ 'src/app.js': text });
          void c2.filesChanged([path.join(repo2.dir, 'src/app.js')]);
          report = await session.update(['src/app.js']);
          await push();
        };
        const uri = await c2.open(path.join(repo2.dir, NOTE), NOTE_TEXT);
        // The range adds LATER_VAR: nothing to ask, no grep.
        await c2.diagnosticsFor(uri, (ds) => !unread(ds));
        assert.deepEqual((await c2.status(uri)).envGreps, { whole: 0, changed: 0 });
        // A save drops the read: the name is asked about, once, of the whole work tree.
        await save('module.exports = 1;\n');
        await c2.diagnosticsFor(uri, unread);
        assert.deepEqual((await c2.status(uri)).envGreps, { whole: 1, changed: 0 });
        // A save brings it back: the range adds it again, and the save is no grep (the file waits).
        await save(reads);
        await c2.diagnosticsFor(uri, (ds) => !unread(ds));
        await new Promise((r) => setTimeout(r, 600)); // past the server's debounce: no late re-validation greps either
        assert.deepEqual((await c2.status(uri)).envGreps, { whole: 1, changed: 0 }, 'no grep while the range itself adds the name');
        // Read elsewhere, then dropped again: the waiting files are read for the name (the other file's mention counts).
        repo2.write({ 'src/other.js': reads });
        void c2.filesChanged([path.join(repo2.dir, 'src/other.js')]);
        await save('module.exports = 1;\n');
        await c2.diagnosticsFor(uri, (ds) => !unread(ds));
        assert.deepEqual((await c2.status(uri)).envGreps, { whole: 1, changed: 1 });
        repo2.write({ 'src/other.js': 'module.exports = 2;\n' });
        await c2.filesChanged([path.join(repo2.dir, 'src/other.js')]);
        await c2.diagnosticsFor(uri, unread);
      } finally {
        await c2.stop();
      }
    } finally {
      repo2.dispose();
    }
  });
});
