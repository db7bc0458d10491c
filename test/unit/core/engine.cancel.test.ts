/**
 * Cancelling an analysis (the language server cancels an older analysis when a newer save
 * arrives): an aborted `open` or `update` rejects with the signal's reason, and a session
 * whose update was cancelled gives the right report when the same paths are read again.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { AnalysisSession } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

describe('engine: cancellation through an AbortSignal', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));

  function repo(): TestRepo {
    const r = new TestRepo();
    repos.push(r);
    r.commit('base', { 'src/app.js': 'const port = process.env.PORT;\n', '.env.example': 'PORT=1\n' });
    r.write({ 'src/app.js': 'const port = process.env.PORT;\nconst k = process.env.FIRST_KEY;\n' });
    return r;
  }

  test('open with an aborted signal rejects with its reason', async () => {
    const r = repo();
    const ac = new AbortController();
    ac.abort(new Error('newer save'));
    await assert.rejects(AnalysisSession.open({ repo: r.dir, base: 'main', signal: ac.signal }), /newer save/);
    // Without the signal the same range analyses normally.
    const report = await (await AnalysisSession.open({ repo: r.dir, base: 'main' })).result();
    assert.deepEqual(report.envVars.added, ['FIRST_KEY']);
  });

  test('an aborted update rejects, changes nothing, and the next update of the same path is right', async () => {
    const r = repo();
    const session = await AnalysisSession.open({ repo: r.dir, base: 'main' });
    assert.deepEqual((await session.result()).envVars.added, ['FIRST_KEY']);
    r.write({ 'src/app.js': 'const port = process.env.PORT;\nconst k = process.env.SECOND_KEY;\n' });
    const ac = new AbortController();
    ac.abort(new Error('cancelled'));
    await assert.rejects(session.update(['src/app.js'], { signal: ac.signal }), /cancelled/);
    assert.deepEqual((await session.result()).envVars.added, ['FIRST_KEY'], 'the cancelled update left the last report as it was');
    assert.deepEqual((await session.update(['src/app.js'])).envVars.added, ['SECOND_KEY']);
  });
});
