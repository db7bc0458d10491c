// The GitHub Action's entry point (dist/action.js, as action.yml runs it) against real git
// repositories — a bare "origin" and a shallow, single-branch checkout like actions/checkout's —
// with the GitHub API replaced by a local HTTP server that records the calls.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt } from '../cli/checkHelpers';
import { ForgeServer, runNode } from './forgeServer';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ACTION = path.join(ROOT, 'dist', 'action.js');
const MARKER = '<!-- handoff:check -->';
const migration = (name: string) => `class ${name} < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :${name.toLowerCase()}\n  end\nend\n`;

describe('GitHub Action', () => {
  let tmp: string;
  let origin: string;
  let api: ForgeServer;

  before(async () => {
    ensureCliBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-action-'));
    const up = new TestRepo('upstream');
    up.commit('init', { 'README.md': '# app\n' });
    up.checkout('feature', true);
    up.commit('drop plan', { 'db/migrate/20261201000000_drop_plan.rb': migration('Plan') });
    up.checkout('main');
    for (let i = 0; i < 3; i++) up.commit(`main ${i}`, { [`docs/${i}.md`]: `${i}\n` });
    origin = path.join(tmp, 'origin.git');
    execFileSync('git', ['clone', '-q', '--bare', up.dir, origin]);
    up.dispose();
    api = await new ForgeServer('github').start();
  });
  after(async () => {
    await api.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A checkout as actions/checkout makes it: depth 1, only the pull request's branch. */
  function checkout(name: string): string {
    const dir = path.join(tmp, name);
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, dir]);
    execFileSync('git', ['config', 'user.email', 'ci@example.com'], { cwd: dir });
    execFileSync('git', ['config', 'user.name', 'CI'], { cwd: dir });
    return dir;
  }

  function commit(dir: string, files: Record<string, string>): void {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['commit', '-q', '-m', 'change'], { cwd: dir });
  }

  async function run(dir: string, inputs: Record<string, string> = {}) {
    const summary = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
    const outputs = path.join(dir, '..', `${path.basename(dir)}-outputs.txt`);
    const event = path.join(dir, '..', `${path.basename(dir)}-event.json`);
    fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'feature' } } }));
    for (const f of [summary, outputs]) fs.writeFileSync(f, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmp,
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_WORKSPACE: dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: outputs,
      INPUT_TOKEN: 'test-token',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    };
    const r = await runNode([ACTION], dir, env);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: fs.readFileSync(summary, 'utf8'), outputs: fs.readFileSync(outputs, 'utf8') };
  }

  it('is declared as a bundled JavaScript action on the current Node runtime', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'node24');
    assert.equal(action.runs.main, 'dist/action.js');
    for (const input of ['base', 'fail-on', 'path', 'comment', 'sarif', 'upload-sarif', 'token']) assert.ok(action.inputs[input], `input ${input}`);
  });

  it('deepens the shallow checkout, annotates, writes the summary and outputs, and creates one comment', async () => {
    const dir = checkout('first');
    assert.equal(fs.existsSync(path.join(dir, '.git', 'shallow')), true);
    const r = await run(dir);
    assert.equal(r.status, 1, `an uncovered migration fails the step\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /shallow: fetched \d+ more step/);
    assert.match(r.stdout, /^::error file=db\/migrate\/20261201000000_drop_plan\.rb,line=\d+,title=/m);
    assert.ok(r.summary.startsWith(MARKER), 'the job summary is the Markdown report');
    assert.match(r.summary, /20261201000000_drop_plan\.rb/);
    assert.match(r.outputs, /^uncovered=1$/m);
    const posts = api.writes();
    assert.equal(posts.length, 1);
    assert.equal(posts[0].method, 'POST');
    assert.equal(posts[0].path, '/repos/acme/app/issues/7/comments');
    assert.equal(posts[0].headers.authorization, 'Bearer test-token');
    assert.equal(api.comments.length, 1);
    assert.ok(api.comments[0].body.startsWith(MARKER));
  });

  it('edits that same comment on the next run, and marks it resolved once a note covers everything', async () => {
    const dir = checkout('second');
    commit(dir, { 'db/migrate/20261202000000_drop_tier.rb': migration('Tier') });
    api.calls.length = 0;
    const r = await run(dir);
    assert.equal(r.status, 1, r.stdout);
    assert.deepEqual(api.writes().map((c) => `${c.method} ${c.path}`), ['PATCH /repos/acme/app/issues/comments/100']);
    assert.equal(api.comments.length, 1, 'still one comment');
    assert.match(api.comments[0].body, /20261202000000_drop_tier\.rb/);

    commit(dir, { '.handoff/notes/2026-12-02-drops.md': '---\ntitle: Drop plan and tier\ncovers:\n  - db/migrate/*.rb\n---\n## Deploy\n- [ ] Run `rails db:migrate` @ops\n' });
    api.calls.length = 0;
    const clean = await run(dir);
    assert.equal(clean.status, 0, clean.stdout);
    assert.deepEqual(api.writes().map((c) => c.method), ['PATCH']);
    assert.equal(api.comments.length, 1);
    assert.match(api.comments[0].body, /✅/);
    assert.doesNotMatch(api.comments[0].body, /❌/);

    api.calls.length = 0;
    await run(dir);
    assert.deepEqual(api.writes(), [], 'an unchanged report does not edit the comment again');
  });

  it('falls back to the summary and annotations when the token is read-only (a pull request from a fork)', async () => {
    const dir = checkout('fork');
    commit(dir, { 'db/migrate/20261203000000_drop_zone.rb': migration('Zone') });
    api.readOnly = true;
    try {
      const r = await run(dir, { 'upload-sarif': 'true', sarif: path.join(dir, '..', 'fork.sarif') });
      assert.equal(r.status, 1, 'the verdict is the same');
      assert.match(r.stdout, /^::notice title=Handoff::the token may not comment/m);
      assert.match(r.stdout, /^::notice title=Handoff::the token may not upload SARIF/m);
      assert.match(r.summary, /20261203000000_drop_zone\.rb/);
      assert.ok(JSON.parse(fs.readFileSync(path.join(dir, '..', 'fork.sarif'), 'utf8')).runs, 'the SARIF file is still written');
    } finally {
      api.readOnly = false;
    }
  });

  it('keeps to GitHub’s 10 annotations per level and step; the summary lists the rest', async () => {
    const dir = checkout('many');
    const files: Record<string, string> = {};
    for (let i = 10; i < 24; i++) files[`db/migrate/202612040000${i}_drop_c${i}.rb`] = migration(`C${i}`);
    commit(dir, files);
    const r = await run(dir, { comment: 'false' });
    assert.equal((r.stdout.match(/^::error /gm) ?? []).length, 10);
    assert.match(r.stdout, /^::notice title=Handoff::5 more impacts are not annotated/m);
    for (let i = 10; i < 24; i++) assert.match(r.summary, new RegExp(`202612040000${i}_drop_c${i}\\.rb`));
  });

  it('says clearly when the base cannot be fetched into a shallow clone', async () => {
    const dir = checkout('nobase');
    const r = await run(dir, { base: 'origin/release-9' });
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^::error title=Handoff::the base 'origin\/release-9' is not in this clone and could not be fetched from 'origin'/m);
  });
});
