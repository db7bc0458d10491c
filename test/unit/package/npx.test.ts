// The npm package `handoff-cli`, as a user gets it: `npm pack` of scripts/pack-cli.mjs's package,
// installed globally into a temporary prefix (only its own files: no dependency is fetched) and run
// as `handoff`, then run through `npx --package <tarball>`, on a real repository.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packCli } from '../../../scripts/pack-cli.mjs';
import { TestRepo } from '../../helpers/repo';

const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

describe('handoff-cli npm package', () => {
  let tmp: string;
  let tarball: string;
  let repo: TestRepo;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-npx-'));
    tarball = packCli(tmp);
    repo = new TestRepo('app');
    repo.commit('init', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('migration', { 'db/migrate/20261201000000_drop_plan.rb': 'class DropPlan < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :plan\n  end\nend\n' });
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    repo.dispose();
  });

  it('holds only the bundle (and its loader), manifest, README and LICENSE, with no runtime dependency', () => {
    const list = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    assert.deepEqual(list, ['package/LICENSE', 'package/README.md', 'package/cli-main.js', 'package/cli.js', 'package/package.json']);
    const manifest = JSON.parse(spawnSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }).stdout);
    assert.equal(manifest.name, 'handoff-cli');
    assert.deepEqual(manifest.bin, { handoff: 'cli.js' });
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.private, undefined);
  });

  it('installs with npm i -g and runs `handoff --version` and a real check', () => {
    const prefix = path.join(tmp, 'prefix');
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, tarball], { encoding: 'utf8', env: npmEnv });
    assert.equal(install.status, 0, install.stderr);
    const bin = path.join(prefix, 'bin', 'handoff');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version);

    const check = spawnSync(bin, ['check', '--repo', repo.dir, '--base', 'main', '--head', 'feature', '--format', 'json'], { encoding: 'utf8' });
    assert.equal(check.status, 1, `an uncovered migration fails the check: ${check.stderr}`);
    const report = JSON.parse(check.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(report.impacts.map((i: { category: string; path: string }) => `${i.category}:${i.path}`), ['migration:db/migrate/20261201000000_drop_plan.rb']);
  });

  it('runs through npx --package <tarball>', () => {
    const r = spawnSync('npx', ['--yes', '--package', tarball, '--', 'handoff', 'check', '--base', 'main', '--head', 'feature', '--fail-on', 'none'], {
      cwd: repo.dir, encoding: 'utf8', env: { ...npmEnv, npm_config_cache: path.join(tmp, 'npm-cache') },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /db\/migrate\/20261201000000_drop_plan\.rb/);
  });
});
