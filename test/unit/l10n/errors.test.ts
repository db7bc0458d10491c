/**
 * Engine errors in Simplified Chinese: every row translates its own message (no shorter row
 * takes it), and the CLI prints real errors from real repositories in the chosen language.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ERROR_ROWS, localizeError } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { assertOneLineError, ensureCliBuilt, runCli } from '../cli/checkHelpers';

const HAN = /[\u4e00-\u9fff]/;

describe('engine errors in zh-CN', () => {
  it('each row translates a message of its own shape into its own Chinese, and English stays English', () => {
    let k = 0;
    for (const [en, zh] of ERROR_ROWS) {
      const values = new Map<string, string>();
      const fill = (t: string) => t.replace(/\{(\w+)(?::(\w))?\}/g, (_m, name: string, mode?: string) => {
        if (!values.has(name)) values.set(name, mode === 'n' ? String(7 + k++) : `v${k++}`);
        return values.get(name)!;
      });
      const message = fill(en);
      assert.equal(localizeError(message, 'zh-cn'), fill(zh), `row ${JSON.stringify(en)}`);
      assert.ok(HAN.test(zh), `row ${JSON.stringify(en)} has Chinese`);
      assert.equal(localizeError(message, 'en'), message);
    }
    assert.equal(localizeError('fatal: something git said', 'zh-cn'), 'fatal: something git said', 'git\'s own words stay');
  });

  describe('from the CLI, on real repositories', () => {
    const repo = new TestRepo('zh-errors');
    let bare = '';
    let plain = '';
    before(() => {
      ensureCliBuilt();
      repo.commit('init', { 'README.md': '# app\n' });
      bare = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-bare-'));
      execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
      plain = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-plain-'));
    });
    after(() => {
      repo.dispose();
      fs.rmSync(bare, { recursive: true, force: true });
      fs.rmSync(plain, { recursive: true, force: true });
    });
    const zh = { HANDOFF_LANG: 'zh_CN.UTF-8' };

    it('not a repository, a bare repository, an unknown ref: one Chinese line', () => {
      assertOneLineError(runCli(['check', '--repo', plain], { env: zh }), /不是 git 仓库$/m);
      assertOneLineError(runCli(['check', '--repo', bare, '--base', 'main', '--head', 'main'], { env: zh }), /是裸仓库（没有工作区）：请在带工作区的克隆中运行 Handoff$/m);
      assertOneLineError(runCli(['check', '--repo', bare, '--base', 'main', '--head', 'main']), /is a bare repository \(it has no work tree\): run Handoff in a clone with one$/m);
      assertOneLineError(runCli(['check', '--repo', repo.dir, '--base', 'v9', '--head', 'HEAD'], { env: zh }), /未知的引用 'v9'/);
    });

    it('a config saved as UTF-16: Chinese, naming the file', () => {
      const r = new TestRepo('zh-errors-cfg');
      try {
        r.commit('init', { 'README.md': '# app\n' });
        fs.mkdirSync(path.join(r.dir, '.handoff'), { recursive: true });
        fs.writeFileSync(path.join(r.dir, '.handoff', 'config.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('base: main\n', 'utf16le')]));
        const line = assertOneLineError(runCli(['check', '--repo', r.dir, '--base', 'main'], { env: zh }), /\.handoff\/config\.yaml 以 UTF-16 或 UTF-32 保存；请另存为 UTF-8/);
        assert.ok(HAN.test(line));
      } finally {
        r.dispose();
      }
    });
  });
});
