/**
 * What makes the server re-analyse: its settings (initialization and changes), the
 * client's "repository changed" notification, and git's refs moving under the watcher.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { RepositoryChangedNotification, SettingsChangedNotification } from '../../../src/shared/protocol';
import type { TestRepo } from '../../helpers/repo';
import { billingRepo, NOTE } from './fixture';
import { LspClient } from './lsp';

const TEXT = '---\ntitle: T\ncovers:\n  - src/app.js\n---\n## Deploy\n- [ ] x\n';

describe('note language server: refreshes', () => {
  const repos: TestRepo[] = [];
  const clients: LspClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
    for (const r of repos) r.dispose();
  });
  async function start(settings?: object) {
    const repo = billingRepo();
    repos.push(repo);
    const client = await LspClient.start({ root: repo.dir, initializationOptions: settings ? { settings } : {} });
    clients.push(client);
    const uri = await client.open(path.join(repo.dir, NOTE), TEXT);
    return { repo, client, uri };
  }

  test('settings: ignores given at start and changed later shape the analysis', async () => {
    const { client, uri } = await start({ ignore: ['src/**'] });
    assert.equal((await client.status(uri)).impacts, 1, 'src/app.js ignored');
    const at = { line: 3, character: 6 };
    assert.match(JSON.stringify(await client.hover(uri, at)), /Covers nothing.*none of them changed/);
    await client.conn.sendNotification(SettingsChangedNotification.type, { ignore: [] });
    assert.equal((await client.status(uri)).impacts, 2);
    assert.match(JSON.stringify(await client.hover(uri, at)), /Covers 1 change.*BILLING/);
  });

  test('settings: an unknown base branch is reported, not thrown', async () => {
    const { client, uri } = await start({ baseBranch: 'no-such-branch', ignore: 'not a list' });
    const status = await client.status(uri);
    assert.match(status.error ?? '', /no-such-branch/);
    assert.deepEqual((await client.diagnosticsFor(uri)).map((d) => d.code), []);
  });

  test('a commit seen through the client notification, or through .git/refs events, empties the range', async () => {
    const { repo, client, uri } = await start();
    assert.equal((await client.status(uri)).impacts, 2);
    repo.commit('ship it');
    await client.conn.sendNotification(RepositoryChangedNotification.type, { repo: repo.dir });
    assert.equal((await client.status(uri)).impacts, 0);

    repo.checkout('feature', true);
    repo.commit('more', { 'src/other.js': 'const t = process.env.TOKEN_X;\n' });
    await client.filesChanged([path.join(repo.dir, '.git/refs/heads/feature'), path.join(repo.dir, '.git/HEAD')]);
    const status = await client.status(uri);
    assert.equal(status.impacts, 1, JSON.stringify(status));
  });
});
