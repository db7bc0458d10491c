import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseNote } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt, runCli } from './checkHelpers';

/**
 * The "Done means" of issue 3, through the built CLI only: a team adopts Handoff with
 * `init`, writes code, `check` says what needs a note, `note new` drafts it, `check`
 * passes, `changelog` exports the release's deployment notes.
 */
describe('adopting Handoff from the CLI alone', () => {
  const repo = new TestRepo('shop');
  before(() => ensureCliBuilt());
  after(() => repo.dispose());

  it('init → change code → check fails → note new → check passes → changelog', () => {
    repo.commit('init', { 'package.json': '{ "name": "shop", "version": "1.0.0" }\n', 'src/server.js': 'const port = process.env.PORT;\n', 'Dockerfile': 'FROM node:20\n' });
    repo.git('tag', 'v1.0.0');

    const init = runCli(['init', '--repo', repo.dir]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /^created {2}\.handoff\/config\.yaml$/m);
    assert.match(init.stdout, /^created {2}\.handoff\/notes\/README\.md$/m);
    assert.match(init.stdout, /^detected: Node\.js, Docker$/m);
    assert.match(repo.read('.handoff/config.yaml'), /# Detected in this repository: Node\.js, Docker\./);
    repo.commit('adopt handoff');

    repo.checkout('feature/billing', true);
    repo.write({
      'db/migrate/20261124093000_add_billing_plan.rb': 'class AddBillingPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
      'src/billing.js': 'module.exports = { key: process.env.BILLING_API_KEY };\n',
      'README.md': '# shop\n',
    });
    repo.commit('billing');

    const failing = runCli(['check', '--repo', repo.dir, '--format', 'json']);
    assert.equal(failing.code, 1, failing.stderr);
    const before = JSON.parse(failing.stdout);
    assert.equal(before.summary.uncovered, 2);
    assert.deepEqual(before.impacts.filter((i: { requiresNote: boolean }) => i.requiresNote).map((i: { path: string }) => i.path).sort(), ['db/migrate/20261124093000_add_billing_plan.rb', 'src/billing.js']);

    const drafted = runCli(['note', 'new', '--title', 'Billing plan'], { cwd: path.join(repo.dir, 'src') });
    assert.equal(drafted.code, 0, drafted.stderr);
    const rel = drafted.stdout.trim();
    assert.match(rel, /^\.\.\/\.handoff\/notes\/\d{4}-\d{2}-\d{2}-billing-plan\.md$/, 'printed relative to the current folder');
    const notePath = path.join(repo.dir, 'src', rel);
    const text = fs.readFileSync(notePath, 'utf8');
    assert.match(text, /^title: Billing plan$/m);
    assert.match(text, /^ {2}- db\/migrate\/20261124093000_add_billing_plan\.rb$/m);
    assert.match(text, /^ {2}- env:BILLING_API_KEY$/m);
    const drafted_ = parseNote(rel, text).note!;
    assert.ok(drafted_.items.some((i) => i.section === 'Before deploy' && i.text === 'Set `BILLING_API_KEY` in every environment before the new version starts: it is read without a default (`src/billing.js:1`)' && i.role === 'ops'), text);
    assert.ok(drafted_.sections.every((s) => ['Before deploy', 'Deploy', 'After deploy', 'Verify', 'Rollback'].includes(s.title)), 'rollout phases only');

    const passing = runCli(['check', '--repo', repo.dir, '--format', 'json']);
    assert.equal(passing.code, 0, passing.stdout);
    const after = JSON.parse(passing.stdout);
    assert.equal(after.summary.uncovered, 0);
    assert.equal(after.notes.length, 1);
    assert.ok(after.notes[0].items.length >= 3);
    assert.deepEqual(Object.keys(after.notes[0].items[0]).sort(), ['done', 'line', 'role', 'section', 'text']);

    // Nothing left to draft: `note new` says so and writes nothing.
    const again = runCli(['note', 'new', '--repo', repo.dir]);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /nothing in main…WORKTREE needs a new deployment note/);

    repo.commit('billing note');
    repo.checkout('main');
    repo.git('merge', '-q', '--no-ff', 'feature/billing', '-m', 'Merge billing');
    repo.git('tag', 'v1.1.0');

    const out = path.join(repo.dir, '..', 'release.md');
    const log = runCli(['changelog', '--repo', repo.dir, '--output', out]);
    assert.equal(log.code, 0, log.stderr);
    const md = fs.readFileSync(out, 'utf8');
    assert.match(md, /^# Deployment notes: v1\.0\.0 → HEAD$/m, 'from the previous tag, since v1.1.0 is HEAD itself');
    assert.match(md, /^### Billing plan$/m);
    assert.match(md, /^- \[ \] Set `BILLING_API_KEY` in every environment before the new version starts: it is read without a default \(`src\/billing\.js:1`\) · \[Billing plan\]\(#billing-plan\)$/m);
    assert.match(md, /^\| `BILLING_API_KEY` \| added \|$/m);
    assert.doesNotMatch(md, /UNCOVERED/);
  });
});
