import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseNote } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from './checkHelpers';

describe('handoff note new', () => {
  const repo = new TestRepo();
  before(() => {
    ensureCliBuilt();
    repo.commit('init', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('work', { 'db/migrate/20261124093000_add_plan.rb': 'class AddPlan < ActiveRecord::Migration[7.1]\nend\n', 'src/a.js': 'process.env.API_TOKEN;\n' });
  });
  after(() => repo.dispose());

  it('drafts a note for the named covers and never overwrites: the same title gets -2', () => {
    const one = runCli(['note', 'new', '--repo', repo.dir, '--title', 'Plan', '--cover', 'db/migrate/*.rb', '--cover', 'skip: docs/** — docs only'], { cwd: repo.dir });
    assert.equal(one.code, 0, one.stderr);
    const first = one.stdout.trim();
    assert.match(first, /^\.handoff\/notes\/\d{4}-\d{2}-\d{2}-plan\.md$/);
    const note = parseNote(first, repo.read(first)).note!;
    assert.deepEqual(note.covers.map((c) => c.raw), ['db/migrate/*.rb', 'skip: docs/** — docs only']);
    assert.match(one.stderr, /drafted a note covering 1 impact/);
    const before = repo.read(first);

    const two = runCli(['note', 'new', '--repo', repo.dir, '--title', 'Plan', '--cover', 'src/a.js'], { cwd: repo.dir });
    assert.equal(two.code, 0, two.stderr);
    assert.equal(two.stdout.trim(), first.replace(/\.md$/, '-2.md'));
    assert.equal(repo.read(first), before, 'the first note is untouched');
    for (const p of [first, two.stdout.trim()]) fs.rmSync(path.join(repo.dir, p));
  });

  it('warns when --cover matches nothing in the range, and still writes the note', () => {
    const r = runCli(['note', 'new', '--repo', repo.dir, '--cover', 'nothing/here/**'], { cwd: repo.dir });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /warning: no impact of the range matches 'nothing\/here\/\*\*'/);
    fs.rmSync(path.join(repo.dir, r.stdout.trim()));
  });

  it('rejects bad input with one line and exit 2', () => {
    assertOneLineError(runCli(['note', 'new', '--repo', repo.dir, '--cover', 'skip: docs/**']), /--cover 'skip: docs\/\*\*': a skip needs its reason/);
    assertOneLineError(runCli(['note', '--repo', repo.dir]), /unknown subcommand 'note --repo'/);
    assertOneLineError(runCli(['note']), /missing subcommand/);
    assertOneLineError(runCli(['note', 'new', '--titel', 'x']), /unknown option '--titel' for 'note new'/);
    assertOneLineError(runCli(['note', 'new', '--repo', path.join(repo.dir, 'nope')]), /does not exist/);
    assert.deepEqual(fs.readdirSync(path.join(repo.dir, '.handoff', 'notes')), [], 'nothing written');
  });

  it('speaks Simplified Chinese when asked', () => {
    const r = runCli(['note', 'new', '--repo', repo.dir, '--cover', 'skip: docs/**'], { env: { HANDOFF_LANG: 'zh-cn' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^handoff: --cover 'skip: docs\/\*\*'：/);
    const help = runCli(['note', '--help'], { env: { HANDOFF_LANG: 'zh-cn' } });
    assert.match(help.stdout, /^用法：handoff note new/);
  });
});
