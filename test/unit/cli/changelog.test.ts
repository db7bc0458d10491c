import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from './checkHelpers';

const note = (title: string, cover: string) => `---\ntitle: ${title}\ncovers:\n  - ${cover}\n---\n## Deploy\n- [ ] step of ${title} @ops\n`;

describe('handoff changelog', () => {
  const repo = new TestRepo();
  before(() => {
    ensureCliBuilt();
    repo.commit('init', { 'README.md': '# app\n' });
    repo.git('tag', 'v1.0.0');
    repo.commit('one', { 'db/migrate/1_a.rb': 'class A\nend\n', '.handoff/notes/one.md': note('First release note', 'db/migrate/1_a.rb') });
    repo.git('tag', 'v1.1.0');
    repo.commit('two', { 'db/migrate/2_b.rb': 'class B\nend\n', '.handoff/notes/two.md': note('Second release note', 'db/migrate/2_b.rb') });
  });
  after(() => repo.dispose());

  it('defaults to the last tag → HEAD, as markdown on stdout', () => {
    const r = runCli(['changelog', '--repo', repo.dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Deployment notes: v1\.1\.0 → HEAD$/m);
    assert.match(r.stdout, /^### Second release note$/m);
    assert.doesNotMatch(r.stdout, /First release note/, 'a note of an earlier release is not in this one');
  });

  it('takes --from/--to, and the tag before TO when TO is tagged itself', () => {
    const r = runCli(['changelog', '--repo', repo.dir, '--to', 'v1.1.0', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.range.base, 'v1.0.0');
    assert.deepEqual(doc.notes.map((n: { title: string }) => n.title), ['First release note']);
    const both = JSON.parse(runCli(['changelog', '--repo', repo.dir, '--from', 'v1.0.0', '--format', 'json']).stdout);
    assert.deepEqual(both.notes.map((n: { title: string }) => n.title), ['First release note', 'Second release note']);
    assert.equal(both.summary.uncovered, 0);
  });

  it('writes HTML to --output and says where on stderr', () => {
    const out = path.join(repo.dir, '..', 'out', 'changes.html');
    const r = runCli(['changelog', '--repo', repo.dir, '--format', 'html', '--output', out, '--title', 'Release <2>']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^handoff: wrote .*changes\.html/);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<title>Release &lt;2&gt;<\/title>/);
    assert.match(html, /step of Second release note/);
  });

  it('json lists each note\'s sign-offs from the clone\'s store, stale when the covered code changed since', () => {
    const blob = repo.git('rev-parse', 'HEAD:db/migrate/2_b.rb').trim();
    const store = path.join(repo.dir, '.git', 'handoff', 'signoffs.json');
    fs.mkdirSync(path.dirname(store), { recursive: true });
    const base = { note: '.handoff/notes/two.md', item: 'step of Second release note', by: 'Li Wei', at: '2026-12-01T10:00:00Z', head: 'abc' };
    fs.writeFileSync(store, JSON.stringify({ version: 1, signoffs: [
      { ...base, environment: 'staging', covered: { 'db/migrate/2_b.rb': blob } },
      { ...base, environment: 'production', covered: { 'db/migrate/2_b.rb': '0'.repeat(40) } },
      { ...base, note: '.handoff/notes/elsewhere.md', environment: 'staging', covered: {} },
    ] }));
    try {
      const r = runCli(['changelog', '--repo', repo.dir, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const two = JSON.parse(r.stdout).notes.find((n: { path: string }) => n.path === '.handoff/notes/two.md');
      assert.deepEqual(two.signoffs.map((s: { environment: string; by: string; stale: boolean }) => [s.environment, s.by, s.stale]), [['staging', 'Li Wei', false], ['production', 'Li Wei', true]]);
      const markdown = runCli(['changelog', '--repo', repo.dir]);
      assert.equal(markdown.code, 0, markdown.stderr);
    } finally {
      fs.rmSync(store);
    }
  });

  it('bad input: one line, exit 2', () => {
    assertOneLineError(runCli(['changelog', '--repo', repo.dir, '--format', 'pdf']), /unknown format 'pdf'/);
    assertOneLineError(runCli(['changelog', '--repo', repo.dir, '--from', 'v9']), /unknown ref 'v9'/);
    assertOneLineError(runCli(['changelog', '--repo', repo.dir, '--to', '']), /--to needs a value/);
  });
});
