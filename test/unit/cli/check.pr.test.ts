import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, makeCheckRepo, MIGRATION, runCli } from './checkHelpers';

/**
 * `handoff check --pr 7` against a local bare remote that publishes `refs/pull/7/head`
 * (as GitHub does) and `refs/merge-requests/8/head` (as GitLab does): nothing is checked out.
 */
describe('handoff check --pr', () => {
  const origin = makeCheckRepo();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-pr-'));
  const bare = path.join(scratch, 'remote.git');
  const clone = path.join(scratch, 'clone');
  before(() => {
    ensureCliBuilt();
    origin.git('clone', '-q', '--bare', origin.dir, bare);
    const feature = origin.git('rev-parse', 'feature').trim();
    const critical = origin.git('rev-parse', 'critical').trim();
    const remote = new TestRepo('unused');
    remote.git('--git-dir', bare, 'update-ref', 'refs/pull/7/head', feature);
    remote.git('--git-dir', bare, 'update-ref', 'refs/merge-requests/8/head', critical);
    remote.git('--git-dir', bare, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    remote.git('clone', '-q', bare, clone);
    remote.dispose();
  });
  after(() => {
    origin.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('fetches refs/pull/7/head and reviews origin/main...it', () => {
    const r = runCli(['check', '--repo', clone, '--pr', '7', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.range.base, 'origin/main');
    assert.equal(json.range.head, 'refs/remotes/origin/pr/7');
    assert.ok(json.impacts.some((i: { path: string }) => i.path === MIGRATION), 'the pull request\'s migration');
    assert.match(r.stderr, /PR #7/);
    // Nothing checked out or changed in the clone.
    const branch = new TestRepo('x');
    try {
      assert.equal(branch.git('-C', clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
      assert.equal(branch.git('-C', clone, 'status', '--porcelain').trim(), '');
    } finally {
      branch.dispose();
    }
    // The default --fail-on uncovered holds for the uncovered migration.
    assert.equal(runCli(['check', '--repo', clone, '--pr', '#7', '--remote', 'origin']).code, 1);
  });

  it('finds a GitLab merge request by number too', () => {
    const r = runCli(['check', '--repo', clone, '--pr', '8', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).range.head, 'refs/remotes/origin/mr/8');
    assert.match(r.stderr, /MR !8/);
  });

  it('a pull request the remote does not have: one clear error, exit 2', () => {
    const line = assertOneLineError(runCli(['check', '--repo', clone, '--pr', '99']), /pull request #99 not found on remote 'origin'/);
    assert.match(line, /refs\/pull\/99\/head/);
  });

  it('an unknown remote, a bad number, and --pr with --head are usage errors', () => {
    assertOneLineError(runCli(['check', '--repo', clone, '--pr', '7', '--remote', 'upstream']), /no remote named 'upstream'/);
    assertOneLineError(runCli(['check', '--repo', clone, '--pr', 'seven']), /--pr needs a pull request number/);
    assertOneLineError(runCli(['check', '--repo', clone, '--pr', '7', '--head', 'main']), /--pr excludes/);
    assertOneLineError(runCli(['check', '--repo', clone, '--remote', 'origin']), /--remote only goes with --pr/);
  });
});
