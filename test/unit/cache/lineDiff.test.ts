import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDiff } from '../../../src/core/git/diffParser';
import { diffHunks } from '../../../src/core/git/lineDiff';

/** git's own -U0 hunks of two texts (`git diff --no-index`, read by the engine's parser). */
function gitHunks(dir: string, a: string, b: string, extra: string[] = []): unknown {
  fs.writeFileSync(path.join(dir, 'a'), a);
  fs.writeFileSync(path.join(dir, 'b'), b);
  let out = '';
  try {
    out = execFileSync('git', ['diff', '--no-index', ...extra, '--raw', '-p', '-U0', '-z', 'a', 'b'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull } });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1: the files differ
  }
  return parseDiff(out)[0]?.hunks ?? [];
}

/** A deterministic generator (the same edits on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('The in-process line diff of a save gives git diff -U0 hunks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-linediff-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('equals git (its compaction and indent heuristic) on all but a rare one of 150 random edits of code with many repeated lines', () => {
    const rnd = random(17);
    const pool = ['}', '', '  return x;', '  if (a) {', '    run();', 'function f() {', 'const y = process.env.Y;', '// note', '\tindented\r'];
    let differ = 0;
    for (let t = 0; t < 150; t++) {
      const a = Array.from({ length: 5 + Math.floor(rnd() * 40) }, () => pool[Math.floor(rnd() * pool.length)]);
      const b = [...a];
      for (let e = 1 + Math.floor(rnd() * 4); e > 0; e--) {
        const at = Math.floor(rnd() * (b.length + 1));
        const op = rnd();
        if (op < 0.4) b.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pool[Math.floor(rnd() * pool.length)]));
        else if (op < 0.7) b.splice(at, 1 + Math.floor(rnd() * 2));
        else b[Math.min(at, b.length - 1)] = pool[Math.floor(rnd() * pool.length)];
      }
      const ta = a.join('\n') + (rnd() < 0.8 ? '\n' : '');
      const tb = b.join('\n') + (rnd() < 0.8 ? '\n' : '');
      const mine = diffHunks(ta, tb);
      assert.ok(mine, 'within the bounds');
      if (JSON.stringify(mine) !== JSON.stringify(gitHunks(dir, ta, tb))) differ++;
    }
    // git searches its edit script another way (a middle snake, with its own discarding of
    // lines that match too often): of two scripts of the same length it can pick the other in
    // rare cases (1 of these 150; without the compaction, 32 differ).
    assert.ok(differ <= 2, `${differ} of 150 differ from git`);
  });

  it('reads line endings as git does: CRLF lines, a last line without its newline', () => {
    for (const [a, b] of [
      ['a\r\nb\r\n', 'a\r\nx\r\nb\r\n'],
      ['one\ntwo', 'one\ntwo\n'],
      ['one\ntwo\n', 'one\ntwo'],
      ['', 'new\n'],
      ['gone\n', ''],
    ]) assert.deepEqual(diffHunks(a, b), gitHunks(dir, a, b), JSON.stringify([a, b]));
  });

  it('gives up (null: git is asked) past its bound instead of running long; a rewrite with no common line is cheap', () => {
    // (how long giving up takes is the hostile tier's, in CPU time: linear.lineDiff.test.ts)
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const reversed = [...lines].reverse();
    assert.equal(diffHunks(lines.join('\n'), reversed.join('\n')), null, 'the same 3,000 lines in reverse order: over 2,000 edits');
    // the bound is what gives up: past it, the same texts have a diff
    assert.equal(diffHunks(lines.join('\n'), reversed.join('\n'), { maxEdits: 10_000, maxCost: 1e9 })?.length, 2);
    const rewrite = diffHunks(lines.join('\n') + '\n', lines.map((l) => `new ${l}`).join('\n') + '\n');
    assert.deepEqual(rewrite?.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [[1, 3000, 1, 3000]]);
  });
});
