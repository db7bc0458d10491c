import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateConfigText } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from './checkHelpers';

describe('handoff init', () => {
  const repo = new TestRepo();
  before(() => {
    ensureCliBuilt();
    repo.commit('init', {
      'db/migrate/20200101000000_create_users.rb': 'x\n',
      Gemfile: "source 'https://rubygems.org'\n",
      'deploy/chart/Chart.yaml': 'name: app\n',
      'infra/main.tf': '\n',
      '.github/workflows/ci.yml': 'on: push\n',
      'node_modules/x/package.json': '{}\n',
    });
  });
  after(() => repo.dispose());

  it('writes a valid commented config naming the detected ecosystems, and the notes README', () => {
    const r = runCli(['init'], { cwd: path.join(repo.dir, 'db') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^detected: Rails, Ruby, Helm, Terraform, GitHub Actions$/m, 'node_modules is not a sign of Node.js');
    const config = repo.read('.handoff/config.yaml');
    assert.match(config, /^# base: main$/m);
    assert.deepEqual(validateConfigText(config).problems, []);
    assert.match(repo.read('.handoff/notes/README.md'), /skip: <glob> — <reason>/);
  });

  it('never overwrites: a second run reports the files as existing and leaves them', () => {
    repo.write({ '.handoff/config.yaml': 'base: develop\n' });
    const r = runCli(['init', '--repo', repo.dir]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^exists {3}\.handoff\/config\.yaml \(left as it is\)$/m);
    assert.match(r.stdout, /^exists {3}\.handoff\/notes\/README\.md/m);
    assert.doesNotMatch(r.stdout, /^created/m);
    assert.equal(repo.read('.handoff/config.yaml'), 'base: develop\n');
  });

  it('outside a repository: one line, exit 2', () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-plain-'));
    try {
      assertOneLineError(runCli(['init', '--repo', plain]), /is not a git repository/);
      assert.equal(fs.existsSync(path.join(plain, '.handoff')), false);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
