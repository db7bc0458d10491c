/**
 * A save's report reaches the language server as a delta of the one it holds (issue 17): only
 * the impacts the save changed, added or removed cross, the server rebuilds the same report,
 * and a delta it cannot apply makes it ask for the whole report. Real repositories, real
 * AnalysisSession updates, the real server over LSP.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { AnalysisSession, type Report } from '../../../src/core';
import {
  AnalysisDeltaNotification,
  AnalysisPushNotification,
  AnalysisResyncNotification,
  FollowRepositoryRequest,
  type AnalysisDeltaParams,
  type AnalysisPushParams,
} from '../../../src/shared/protocol';
import { AnalysisPusher, applyReportDelta, diffReports, sameJson } from '../../../src/shared/reportDelta';
import { TestRepo } from '../../helpers/repo';
import { LspClient } from './lsp';

const NOTE = '.handoff/notes/2026-12-06-delta.md';
const NOTE_TEXT = '---\ntitle: Delta\ncovers:\n  - env:DELTA_KEY\n  - db/migrate/*.rb\n---\n## Deploy\n- [ ] Set DELTA_KEY @ops\n';
const unread = (ds: Diagnostic[]) => ds.some((d) => d.code === 'env-unread' && String(d.message).includes('DELTA_KEY'));
const migration = (n: number, col: string) => `class Add${n} < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :${col}, :string\n  end\nend\n`;

/** A branch with work in progress: migrations, env reads, a config key, several source files. */
function workInProgress(): TestRepo {
  const repo = new TestRepo('report-delta');
  const base: Record<string, string> = { 'src/app.js': 'const port = process.env.PORT;\n', '.env.example': 'PORT=3000\n', 'config/app.yml': 'port: 3000\n' };
  for (let i = 0; i < 12; i++) base[`src/m${i}.js`] = `module.exports = ${i};\n`;
  repo.commit('base', base);
  repo.checkout('wip', true);
  const wip: Record<string, string> = {
    'db/migrate/20261206000001_add_a.rb': migration(1, 'a'),
    'db/migrate/20261206000002_add_b.rb': migration(2, 'b'),
    '.env.example': 'PORT=3000\nTOKEN=\n',
    'src/token.js': 'module.exports = process.env.TOKEN;\n',
    'config/app.yml': 'port: 3001\n',
    [NOTE]: NOTE_TEXT,
  };
  for (let i = 0; i < 12; i++) wip[`src/m${i}.js`] = `module.exports = ${i + 100};\n`;
  repo.write(wip);
  return repo;
}

/** Sizes of what a pusher sent, whole and as deltas, in order. */
function recordingSender(send?: { full(p: AnalysisPushParams): Promise<void>; delta(p: AnalysisDeltaParams): Promise<void> }) {
  const sent: { kind: 'full' | 'delta'; params: AnalysisPushParams | AnalysisDeltaParams; bytes: number }[] = [];
  return {
    sent,
    sender: {
      full: (p: AnalysisPushParams) => (sent.push({ kind: 'full', params: p, bytes: Buffer.byteLength(JSON.stringify(p)) }), send?.full(p) ?? Promise.resolve()),
      delta: (p: AnalysisDeltaParams) => (sent.push({ kind: 'delta', params: p, bytes: Buffer.byteLength(JSON.stringify(p)) }), send?.delta(p) ?? Promise.resolve()),
    },
  };
}

/** What the server would hold: `report` sent over JSON. */
const wire = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;

describe('report deltas between the extension and the language server', () => {
  const repos: TestRepo[] = [];
  let client: LspClient | undefined;
  after(async () => {
    await client?.stop();
    for (const r of repos) r.dispose();
  });

  test('a delta rebuilds the next report byte for byte, carrying only the impacts that changed, came or went', async () => {
    const repo = workInProgress();
    repos.push(repo);
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    const first = await session.result();
    assert.ok(first.impacts.length >= 5, `impacts of the range: ${first.impacts.map((i) => i.id).join(', ')}`);

    // One save changes an impact (a second column in a migration), one adds a migration, one reverts a file (its impact goes).
    repo.write({ 'db/migrate/20261206000001_add_a.rb': migration(1, 'a').replace('add_column :accounts, :a, :string', 'remove_column :accounts, :legacy'), 'db/migrate/20261206000003_add_c.rb': migration(3, 'c'), 'config/app.yml': 'port: 3000\n' });
    const second = await session.update(['db/migrate/20261206000001_add_a.rb', 'db/migrate/20261206000003_add_c.rb', 'config/app.yml']);
    const delta = diffReports(first, second);
    assert.ok(delta, 'a delta can say it');
    assert.deepEqual(delta.changed.map((i) => i.path), ['db/migrate/20261206000001_add_a.rb']);
    assert.deepEqual(delta.added.map((a) => a.impact.path), ['db/migrate/20261206000003_add_c.rb']);
    assert.deepEqual(delta.removed.filter((id) => id.endsWith('config/app.yml')).length, 1);
    assert.equal(delta.changed.length + delta.added.length, 2, 'no unchanged impact is sent again');
    // Applied to what the server holds (the first report as it crossed the wire), it is the second report's JSON.
    const rebuilt = applyReportDelta(wire(first), JSON.parse(JSON.stringify(delta)) as typeof delta);
    assert.equal(JSON.stringify(rebuilt), JSON.stringify(second));

    // A save that changes nothing the report shows: an empty delta, the same report again.
    const third = await session.update(['src/m3.js']);
    const none = diffReports(second, third)!;
    assert.deepEqual([none.changed.length, none.added.length, none.removed.length], [0, 0, 0]);
    assert.equal(JSON.stringify(applyReportDelta(wire(second), none)), JSON.stringify(third));
  });

  test('a delta that does not fit, or impacts out of their order, is refused', () => {
    const impact = (id: string) => ({ id, path: id, oldPath: null, status: 'modified', category: 'config', rule: 'r', severity: 'info', requiresNote: false, title: id, findings: [], coveredBy: [] }) as Report['impacts'][number];
    const report = (ids: string[]): Report => ({ schemaVersion: 1, tool: { name: 'handoff', version: '0' }, range: { base: 'main', baseSha: 'a', mergeBase: 'a', head: 'WORKTREE', headSha: 'b' }, impacts: ids.map(impact), envVars: { added: [], removed: [] }, notes: [], summary: { changes: ids.length, impacts: ids.length, requiringNotes: 0, uncovered: 0, byCategory: {} } });
    // Reordered kept impacts: no delta (the caller sends the report whole).
    assert.equal(diffReports(report(['a', 'b']), report(['b', 'a'])), null);
    const d = diffReports(report(['a', 'b']), report(['a', 'c']))!;
    assert.deepEqual(applyReportDelta(report(['a', 'b']), d).impacts.map((i) => i.id), ['a', 'c']);
    // Applied to another report than its own: it says so rather than guess.
    assert.throws(() => applyReportDelta(report(['x']), d));
    assert.throws(() => applyReportDelta(report(['a']), { ...d, changed: [impact('z')] }));
    assert.equal(sameJson({ a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 2 }] }), true);
    assert.equal(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 }), false, 'key order is part of the bytes');
  });

  test('the pusher sends whole after a reset, deltas after that, nothing for a report the server holds', async () => {
    const repo = workInProgress();
    repos.push(repo);
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    const first = await session.result();
    const { sent, sender } = recordingSender();
    const pusher = new AnalysisPusher(sender);
    const params = (report: Report | null, error: string | null = null): AnalysisPushParams => ({ root: repo.dir, report, error, roles: [...session.config.roles], templates: session.config.templates });
    await pusher.push(params(first));
    assert.equal(pusher.push(params(first)), undefined, 'the same report again: nothing sent');
    repo.write({ 'src/token.js': 'module.exports = process.env.TOKEN || process.env.DELTA_KEY;\n' });
    const second = await session.update(['src/token.js']);
    await pusher.push(params(second));
    await pusher.push(params(null, 'bad base'));
    await pusher.push(params(second));
    pusher.reset(repo.dir);
    await pusher.push(params(await session.update(['src/m1.js'])));
    assert.deepEqual(sent.map((s) => s.kind), ['full', 'delta', 'full', 'full', 'full']);
    const full = sent[0].bytes;
    assert.ok(sent[1].bytes * 3 < full, `the save's delta (${sent[1].bytes} bytes) is far smaller than the report (${full} bytes)`);
    const d = sent[1].params as AnalysisDeltaParams;
    assert.equal(d.from, (sent[0].params as AnalysisPushParams).version);
    assert.deepEqual([...d.changed.map((i) => i.path), ...d.added.map((a) => a.impact.path)], ['src/token.js']);
  });

  test('over LSP: a save crosses as a delta the server applies, and a delta it cannot apply brings the whole report', async () => {
    const repo = workInProgress();
    repos.push(repo);
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    let report = await session.result();
    const c = (client = await LspClient.start({ root: repo.dir, initializationOptions: { analysisFromClient: true } }));
    const { sent, sender } = recordingSender({
      full: (p) => c.conn.sendNotification(AnalysisPushNotification.type, p),
      delta: (p) => c.conn.sendNotification(AnalysisDeltaNotification.type, p),
    });
    const pusher = new AnalysisPusher(sender);
    const push = () => pusher.push({ root: repo.dir, report, error: null, roles: [...session.config.roles], templates: session.config.templates }) ?? Promise.resolve();
    const resyncs: string[] = [];
    c.conn.onRequest(FollowRepositoryRequest.type, () => {
      pusher.reset(repo.dir);
      setTimeout(() => void push(), 0);
      return { root: repo.dir };
    });
    c.conn.onNotification(AnalysisResyncNotification.type, ({ root }) => {
      resyncs.push(root);
      pusher.reset(root);
      void push();
    });
    const uri = await c.open(path.join(repo.dir, NOTE), NOTE_TEXT);
    await c.diagnosticsFor(uri, unread);

    // The save adds the read of the note's env var: the server learns it from the delta alone.
    repo.write({ 'src/token.js': 'module.exports = process.env.TOKEN || process.env.DELTA_KEY;\n' });
    void c.filesChanged([path.join(repo.dir, 'src/token.js')]);
    report = await session.update(['src/token.js']);
    assert.ok(report.envVars.added.includes('DELTA_KEY'));
    await push();
    await c.diagnosticsFor(uri, (ds) => !unread(ds));
    let status = await c.status(uri);
    assert.deepEqual(sent.map((s) => s.kind), ['full', 'delta'], 'the save did not send the whole report again');
    assert.deepEqual(status.deltas, { applied: 1, refused: 0 });
    assert.equal(status.impacts, report.impacts.length);
    assert.equal(status.uncovered, report.summary.uncovered);

    // A delta from a version the server does not hold (as after a restart): it asks for the whole report, which restores the note's state.
    repo.write({ 'src/token.js': 'module.exports = process.env.TOKEN;\n' });
    void c.filesChanged([path.join(repo.dir, 'src/token.js')]);
    const held = report;
    report = await session.update(['src/token.js']);
    await c.conn.sendNotification(AnalysisDeltaNotification.type, { root: repo.dir, from: 9999, version: 10_000, ...diffReports(held, report)!, roles: [], templates: {} });
    await c.diagnosticsFor(uri, unread);
    status = await c.status(uri);
    assert.deepEqual(resyncs, [repo.dir]);
    assert.deepEqual(status.deltas, { applied: 1, refused: 1 });
    assert.equal(sent[sent.length - 1].kind, 'full');
    assert.equal(status.impacts, report.impacts.length);
  });
});
