// The pre-commit hook (.pre-commit-hooks.yaml → hooks/pre-commit.sh) on a real repository, installed
// the way pre-commit, Husky or lefthook run it: as the repository's pre-commit hook. A commit with an
// uncovered migration is refused with the reason; the same commit with a deployment note goes through.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt } from '../cli/checkHelpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const HOOK = path.join(ROOT, 'hooks', 'pre-commit.sh');

describe('pre-commit hook', () => {
  let repo: TestRepo;

  before(() => {
    ensureCliBuilt();
    repo = new TestRepo('hooked repo');
    repo.commit('init', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    const hooks = path.join(repo.dir, '.git', 'hooks');
    fs.mkdirSync(hooks, { recursive: true });
    // what `pre-commit install` / a Husky or lefthook recipe amounts to: run the hook's entry
    fs.writeFileSync(path.join(hooks, 'pre-commit'), `#!/bin/sh\nexec "${HOOK}" --base main\n`, { mode: 0o755 });
  });
  after(() => repo.dispose());

  const commit = () => spawnSync('git', ['commit', '-q', '-m', 'change'], {
    cwd: repo.dir, encoding: 'utf8', env: { ...process.env, HANDOFF_CLI: path.join(ROOT, 'dist', 'cli.js'), NO_COLOR: '1' },
  });

  it('is declared for pre-commit with the script it runs', () => {
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    const hook = hooks.find((h: { id: string }) => h.id === 'handoff-check');
    assert.equal(hook.entry, 'hooks/pre-commit.sh');
    assert.equal(hook.pass_filenames, false);
    assert.ok(fs.statSync(HOOK).mode & 0o111, 'the entry is executable');
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.match(fs.readFileSync(HOOK, 'utf8'), new RegExp(`version="${version.replace(/\./g, '\\.')}"`), 'the hook runs this version of handoff-cli');
  });

  it('refuses a commit whose staged migration needs a note, naming it', () => {
    repo.write({ 'db/migrate/20261201000000_drop_plan.rb': 'class DropPlan < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :plan\n  end\nend\n' });
    repo.git('add', '-A');
    const r = commit();
    assert.notEqual(r.status, 0, 'the commit is refused');
    assert.match(r.stdout + r.stderr, /db\/migrate\/20261201000000_drop_plan\.rb/);
    assert.equal(repo.git('rev-list', '--count', 'main..feature').trim(), '0', 'nothing was committed');
  });

  it('lets the commit through once a staged note covers it', () => {
    repo.write({ '.handoff/notes/2026-12-01-drop-plan.md': '---\ntitle: Drop accounts.plan\ncovers:\n  - db/migrate/20261201000000_drop_plan.rb\n---\n## Deploy\n- [ ] Run `rails db:migrate` @ops\n' });
    repo.git('add', '-A');
    const r = commit();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(repo.git('rev-list', '--count', 'main..feature').trim(), '1');
  });
});
