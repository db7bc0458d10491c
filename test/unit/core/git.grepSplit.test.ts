import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, afterEach, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { WORKTREE, type GrepHit } from '../../../src/core/git/gitSource';
import { grepSplit, halfOfListing, mergeInIndexOrder, SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { TestRepo } from '../../helpers/repo';

const saved = { ...grepSplit };
const restore = () => Object.assign(grepSplit, { minBytes: saved.minBytes, cores: saved.cores });

/** A repository whose files sort around odd characters: nested and flat folders, glob characters, spaces, non-ASCII names. */
function layout(): Record<string, string> {
  const files: Record<string, string> = {};
  const text = (i: number) => (i % 7 === 0 ? `const x = process.env.NEEDLE_X; // ${i}\n` : `module.exports = ${i};\n`);
  for (let i = 0; i < 40; i++) files[`a/x${i}.txt`] = text(i);
  for (let i = 0; i < 60; i++) files[`b/c/y${i}.js`] = text(i + 1);
  for (let i = 0; i < 30; i++) files[`d[1]/z*${i}.md`] = text(i + 2);
  for (let i = 0; i < 30; i++) files[`e f/w?${i}.py`] = text(i + 3);
  for (let i = 0; i < 30; i++) files[`src/mod${i % 12}/f${i}.js`] = text(i + 4);
  files['top.txt'] = text(0);
  files['src/mod'] = text(0); // a file named as a prefix of a folder's path
  files['\uFF21.txt'] = text(0); // after the emoji in UTF-16 order, before it in git's (UTF-8 byte) order
  files['\u{1F600}.txt'] = text(0);
  files['zz/last.js'] = text(0);
  return files;
}

const lsFiles = (dir: string, specs: string[]) => execFileSync('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', '--', ...specs], { cwd: dir }).toString('utf8').split('\0').filter(Boolean);

/** Greps NEEDLE_X once and split (two cores, no size floor): the split ran once and gave the same hits, in the same order. */
async function splitAgrees(git: SimpleGitSource) {
  grepSplit.minBytes = 0;
  grepSplit.cores = 2;
  const opts = { word: false, untracked: false };
  const one = await git.grep(WORKTREE, ['NEEDLE_X'], [], opts);
  const before = grepSplit.runs;
  assert.deepEqual(await git.grep(WORKTREE, ['NEEDLE_X'], [], { ...opts, split: true }), one);
  assert.equal(grepSplit.runs, before + 1);
  return { one, opts, before };
}

describe('split grep of the work tree: two processes, each half of the files, the hits of one grep', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  afterEach(restore);
  repo.commit('base', layout());

  it('halfOfListing: pathspecs matching the first files of git’s listing, whose exclusion matches the rest', () => {
    const listing = execFileSync('git', ['ls-files', '-z'], { cwd: repo.dir });
    const all = listing.toString('utf8').split('\0').filter(Boolean);
    const specs = halfOfListing(listing, 0);
    assert.ok(specs && specs.length > 0);
    const a = lsFiles(repo.dir, specs);
    const b = lsFiles(repo.dir, ['.', ...specs.map((s) => `:(exclude)${s}`)]);
    assert.deepEqual(a, all.slice(0, a.length), 'the first half is a run of the listing from its start');
    assert.deepEqual([...a, ...b].sort(), [...all].sort(), 'every file in exactly one half');
    assert.ok(a.length > all.length * 0.25 && a.length < all.length * 0.75, `${a.length} of ${all.length}`);
  });

  it('halfOfListing: none for a short listing or a boundary that is not plain ASCII', () => {
    assert.equal(halfOfListing(Buffer.from('a.txt\0b.txt\0'), 100_000), null);
    const names = Array.from({ length: 50 }, (_, i) => `\u00FC/f${String(i).padStart(2, '0')}.txt`);
    assert.equal(halfOfListing(Buffer.from(names.join('\0') + '\0'), 0), null);
  });

  it('mergeInIndexOrder: git’s byte order, a file’s hits kept together', () => {
    const h = (path: string, line: number): GrepHit => ({ path, line, text: '' });
    const merged = mergeInIndexOrder([h('a', 1), h('a', 9), h('\u{1F600}.txt', 1)], [h('b/c', 3), h('\uFF21.txt', 2)]);
    assert.deepEqual(merged.map((x) => `${x.path}:${x.line}`), ['a:1', 'a:9', 'b/c:3', '\uFF21.txt:2', '\u{1F600}.txt:1']);
  });

  it('the split grep gives the hits, in the order, of one grep (and runs split only when asked, with two cores)', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    try {
      const { one, opts, before } = await splitAgrees(git);
      assert.ok(one.length > 20);
      grepSplit.cores = 1;
      await git.grep(WORKTREE, ['NEEDLE_X'], [], { ...opts, split: true });
      assert.equal(grepSplit.runs, before + 1, 'one core: one grep');
    } finally {
      git.close();
    }
  });
});

describe('names asked of a checked-out head (no env index) through the split grep: the same report', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  afterEach(restore);
  repo.commit('base', layout());
  repo.checkout('feature', true);
  repo.commit('feature', { 'b/c/y1.js': 'module.exports = process.env.NEEDLE_X;\n', 'zz/new.js': 'module.exports = process.env.BRAND_NEW_URL;\n', 'a/x1.txt': 'gone\n' });

  it('review mode, head checked out, HANDOFF_ENV_INDEX=off: split and not split agree', async () => {
    const env = process.env.HANDOFF_ENV_INDEX;
    process.env.HANDOFF_ENV_INDEX = 'off';
    try {
      grepSplit.minBytes = 0;
      grepSplit.cores = 1;
      const plain = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      grepSplit.cores = 2;
      const before = grepSplit.runs;
      const split = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      assert.equal(grepSplit.runs, before + 1);
      assert.deepEqual(split.envVars, plain.envVars);
      assert.deepEqual(split.envVars.added, ['BRAND_NEW_URL']);
      assert.deepEqual(JSON.parse(JSON.stringify(split.impacts)), JSON.parse(JSON.stringify(plain.impacts)));
    } finally {
      if (env === undefined) delete process.env.HANDOFF_ENV_INDEX;
      else process.env.HANDOFF_ENV_INDEX = env;
    }
  });
});

/**
 * Deep paths (a Java layout) share long prefixes: the shortest prefix that tells two middle paths
 * apart is ~70 characters, and one pathspec per character made git match ~70 wildcards against
 * every file in both processes (review11 F15). Only the characters where a listed path branches
 * off below it are pathspecs; a listing that still needs many gets one grep.
 */
describe('split grep of a deep-path layout: a few pathspecs', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  afterEach(restore);
  const files: Record<string, string> = {};
  for (let m = 0; m < 3; m++)
    for (let p = 0; p < (m === 0 ? 8 : 3); p++)
      for (let c = 0; c < 6; c++) files[`services/billing-service-${m}/src/main/java/com/example/platform/billing/module${String(p).padStart(2, '0')}/Class${c}.java`] = c % 2 ? `class C { String s = System.getenv("NEEDLE_X"); }\n` : 'class C {}\n';
  repo.commit('base', files);

  it('halfOfListing: one pathspec, the halves still a run of the listing and its rest', () => {
    const listing = execFileSync('git', ['ls-files', '-z'], { cwd: repo.dir });
    const all = listing.toString('utf8').split('\0').filter(Boolean);
    const specs = halfOfListing(listing, 0);
    assert.ok(specs && specs.length === 1, JSON.stringify(specs));
    const a = lsFiles(repo.dir, specs);
    const b = lsFiles(repo.dir, ['.', ...specs.map((s) => `:(exclude)${s}`)]);
    assert.deepEqual(a, all.slice(0, a.length));
    assert.deepEqual([...a, ...b].sort(), [...all].sort());
    assert.ok(a.length > all.length * 0.25 && a.length < all.length * 0.75, `${a.length} of ${all.length}`);
  });

  it('the split grep gives the hits of one grep', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    try {
      const { one } = await splitAgrees(git);
      assert.equal(one.length, 42);
    } finally {
      git.close();
    }
  });

  it('halfOfListing on random listings: its pathspecs match a run of the listing from its start, each matches a path, none when too many are needed', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const alphabet = ['a', 'b', 'c', '-', '.', '/', 'Z', '0', '1'];
    const matches = (spec: string, p: string) => {
      const m = /^(.*)\[\x01-\\(.)\]\*$/s.exec(spec)!;
      const pre = m[1].replace(/\\(.)/g, '$1');
      return p.startsWith(pre) && p.length > pre.length && p.charCodeAt(pre.length) <= m[2].charCodeAt(0);
    };
    let split = 0;
    for (let round = 0; round < 300; round++) {
      const stem = Array.from({ length: rnd(60) }, () => alphabet[rnd(alphabet.length)]).join('');
      const set = new Set<string>();
      for (let i = 0, n = 2 + rnd(200); i < n; i++) set.add((rnd(4) ? stem : stem.slice(0, rnd(stem.length + 1))) + Array.from({ length: 1 + rnd(12) }, () => alphabet[rnd(alphabet.length)]).join(''));
      const all = [...set].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const specs = halfOfListing(Buffer.from(all.join('\0') + '\0'), 0);
      if (!specs) continue;
      split++;
      assert.ok(specs.length <= 24);
      const first = all.filter((p) => specs.some((s) => matches(s, p)));
      assert.deepEqual(first, all.slice(0, first.length), `round ${round}`);
      assert.ok(first.length > 0 && first.length < all.length, `round ${round}`);
      for (const s of specs) assert.ok(all.some((p) => matches(s, p)), `${s} matches no path (round ${round})`);
    }
    assert.ok(split > 200, `${split} of 300 split`);
  });
});

