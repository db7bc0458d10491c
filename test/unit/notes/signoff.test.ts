import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { applyEdits, blobIds, environmentProgress, isStale, parseNote, signOffEdits, SignOffStore, signOffsOf, SimpleGitSource, WORKTREE } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const NOTE = '.handoff/notes/2026-12-01-billing.md';
const TEXT = '---\ntitle: Billing\ncovers:\n  - db/migrate/*.rb\n---\n## Deploy\n- [ ] Run the migration @ops\n- [ ] Set BILLING_KEY\n';

describe('sign-offs', () => {
  const repo = new TestRepo('signoffs');
  after(() => repo.dispose());

  it('live under the git dir, record who, when and the covered blobs, and go stale when a covered file changes', async () => {
    repo.commit('init', { 'README.md': 'x\n' });
    repo.checkout('feature', true);
    const head = repo.commit('feature', { 'db/migrate/1_a.rb': 'a\n', [NOTE]: TEXT });
    repo.checkout('main');
    const git = await SimpleGitSource.open(repo.dir);
    const store = await SignOffStore.open(git);
    assert.equal(store.file, path.join(fs.realpathSync(repo.dir), '.git', 'handoff', 'signoffs.json'));
    const covered = await blobIds(git, head, ['db/migrate/1_a.rb', 'db/migrate/gone.rb']);
    assert.match(covered['db/migrate/1_a.rb'] ?? '', /^[0-9a-f]{40}$/);
    assert.equal(covered['db/migrate/gone.rb'], null);

    const s = await store.set({ note: NOTE, item: 'Run the migration', environment: 'staging', head, covered }, true);
    assert.equal(s?.by, 'Handoff Test');
    assert.ok(Date.now() - Date.parse(s!.at) < 60_000);
    assert.equal(repo.git('status', '--porcelain').trim(), '', 'nothing in the working tree');
    assert.deepEqual((await store.forNote(NOTE)).map((x) => x.environment), ['staging']);

    // Same blobs at head: fresh. The covered file changed afterwards: stale.
    assert.equal(isStale(s!, await blobIds(git, head, ['db/migrate/1_a.rb'])), false);
    repo.checkout('feature');
    assert.equal(isStale(s!, await blobIds(git, WORKTREE, ['db/migrate/1_a.rb'])), false, 'the checked-out file hashes the same');
    const head2 = repo.commit('edit', { 'db/migrate/1_a.rb': 'a changed\n' });
    assert.equal(isStale(s!, await blobIds(git, head2, ['db/migrate/1_a.rb'])), true);

    // Progress per environment; unticking removes the record.
    const note = parseNote(NOTE, TEXT).note!;
    assert.deepEqual(environmentProgress(await store.all(), note, ['staging', 'production']), [
      { environment: 'staging', done: 1, total: 2 },
      { environment: 'production', done: 0, total: 2 },
    ]);
    await store.set({ note: NOTE, item: 'Run the migration', environment: 'production', head, covered }, true);
    assert.deepEqual(signOffsOf(await store.all(), NOTE, ' Run the migration ', ['staging', 'production']).map((x) => x.environment), ['staging', 'production']);
    // Signed off everywhere: exactly that box becomes [x]; the half-signed item stays open.
    const edits = signOffEdits(TEXT, note, await store.all(), ['staging', 'production']);
    assert.equal(applyEdits(TEXT, edits), TEXT.replace('- [ ] Run', '- [x] Run'));
    await store.set({ note: NOTE, item: 'Run the migration', environment: 'production', head, covered }, false);
    assert.deepEqual(signOffEdits(TEXT, note, await store.all(), ['staging', 'production']), []);
  });

  it('a corrupt store reads as empty and is replaced whole on the next tick', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const store = await SignOffStore.open(git);
    fs.writeFileSync(store.file, '{not json');
    assert.deepEqual(await store.all(), []);
    await store.set({ note: NOTE, item: 'Set BILLING_KEY', environment: 'staging', head: 'x', covered: {} }, true);
    assert.equal((await store.all()).length, 1);
  });
});
