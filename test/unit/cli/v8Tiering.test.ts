// The CLI's V8 tier-up budget (src/cli/v8Tiering.ts): raised before the bundle loads, on the V8 it
// was measured on, and it changes no output.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_INTERRUPT_BUDGET, tuneTierUp } from '../../../src/cli/v8Tiering';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt } from './checkHelpers';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const ON_V8_11 = /^11\./.test(process.versions.v8);

/**
 * Whether a small hot function is optimized after 300 calls in a fresh Node, with tuneTierUp run
 * first (or not). Synchronous compilation: the answer does not depend on the machine's load.
 */
function optimizedAfter300Calls(tune: boolean, env: NodeJS.ProcessEnv = {}): boolean {
  const script = `
    ${tune ? `require(${JSON.stringify(path.join(ROOT, 'src/cli/v8Tiering.ts'))}).tuneTierUp();` : ''}
    function f(x) { let s = 0; for (let i = 0; i < 20; i++) s += (x ^ i) & 7; return s; }
    let t = 0;
    for (let k = 0; k < 300; k++) t += f(k);
    process.stdout.write((%GetOptimizationStatus(f) & 16) ? 'optimized' : 'not optimized');`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--require', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no V8 error about an unknown flag');
  return r.stdout === 'optimized';
}

describe('CLI V8 tiering', () => {
  it('is left alone on a V8 it was not measured on, and when HANDOFF_V8_TIERING=default', () => {
    assert.equal(tuneTierUp({}, '12.4.254.21-node.33'), null);
    assert.equal(tuneTierUp({}, '10.2.154.26-node.26'), null);
    assert.equal(tuneTierUp({ HANDOFF_V8_TIERING: 'default' }, '11.3.244.8-node.38'), null);
    assert.equal(CLI_INTERRUPT_BUDGET, 8 * 67_584);
  });

  it('raises the budget before any code runs: a function V8 would optimize after 300 calls is not yet', { skip: !ON_V8_11 && 'measured on V8 11 (Node 20) only' }, () => {
    assert.equal(optimizedAfter300Calls(false), true, 'with V8 default budget the function is optimized (the probe works)');
    assert.equal(optimizedAfter300Calls(true), false, 'with the raised budget it is not yet');
    assert.equal(optimizedAfter300Calls(true, { HANDOFF_V8_TIERING: 'default' }), true);
  });

  describe('dist/cli.js', () => {
    let repo: TestRepo;
    before(() => {
      ensureCliBuilt();
      repo = new TestRepo('app');
      repo.commit('init', { 'README.md': '# app\n', 'src/app.js': 'module.exports = 1;\n' });
      repo.checkout('feature', true);
      repo.commit('env and migration', {
        'src/app.js': 'module.exports = process.env.PAYMENTS_URL;\n',
        'db/migrate/20261201000000_drop_plan.rb': 'class DropPlan < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :plan\n  end\nend\n',
      });
    });
    after(() => repo.dispose());

    const check = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [CLI, 'check', '--base', 'main', '--head', 'feature', '--format', 'json', '--fail-on', 'none'], {
        cwd: repo.dir,
        encoding: 'utf8',
        env: { ...process.env, HANDOFF_LANG: 'en', HANDOFF_DEBUG: '1', HANDOFF_COMPILE_CACHE: 'off', ...env },
      });

    it('sets it at start (HANDOFF_DEBUG says which) and the report is the same either way', () => {
      const tuned = check({});
      const plain = check({ HANDOFF_V8_TIERING: 'default' });
      assert.equal(tuned.status, 0, tuned.stderr);
      assert.equal(plain.status, 0, plain.stderr);
      assert.match(tuned.stderr, ON_V8_11 ? new RegExp(`^v8 tiering --interrupt-budget=${CLI_INTERRUPT_BUDGET}$`, 'm') : /^v8 tiering default$/m);
      assert.match(plain.stderr, /^v8 tiering default$/m);
      assert.doesNotMatch(tuned.stderr, /unrecognized flag/);
      assert.match(tuned.stdout, /PAYMENTS_URL/);
      assert.equal(tuned.stdout, plain.stdout);
    });
  });
});
