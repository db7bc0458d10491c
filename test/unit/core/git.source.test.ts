import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DiffStreamParser } from '../../../src/core/git/diffParser';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { WORKTREE } from '../../../src/core/git/gitSource';
import type { Change } from '../../../src/core/types';
import { TestRepo } from '../../helpers/repo';

describe('SimpleGitSource reads', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  const big = 'x'.repeat(70_000) + '\n'; // spans several pipe chunks
  const files: Record<string, string | Buffer> = {
    'a.txt': 'alpha\n',
    'dir/b.txt': 'beta\n',
    'empty.txt': '',
    'big.txt': big,
    'bin.dat': Buffer.from([1, 2, 0, 3]),
    'ünï côdé.txt': 'unicode path\n',
  };
  for (let i = 0; i < 300; i++) files[`many/f${i}.txt`] = `file ${i}\n`.repeat(i % 7);
  const first = repo.commit('one', files);
  repo.commit('two', { 'a.txt': 'alpha 2\n' });

  it('reads files at a commit: text, empty, large across chunks, binary and missing as null, size limit', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const got = await git.readFiles(first, ['a.txt', 'dir/b.txt', 'empty.txt', 'big.txt', 'bin.dat', 'nope.txt', 'ünï côdé.txt', 'dir'], 1024 * 1024);
    assert.equal(got.get('a.txt'), 'alpha\n');
    assert.equal(got.get('dir/b.txt'), 'beta\n');
    assert.equal(got.get('empty.txt'), '');
    assert.equal(got.get('big.txt'), big);
    assert.equal(got.get('bin.dat'), null);
    assert.equal(got.get('nope.txt'), null);
    assert.equal(got.get('ünï côdé.txt'), 'unicode path\n');
    assert.equal(got.get('dir'), null, 'a tree is not a file');
    assert.equal((await git.readFiles(first, ['big.txt'], 1000)).get('big.txt'), null, 'over the size limit');
    assert.equal((await git.readFiles('HEAD', ['a.txt'], 1000)).get('a.txt'), 'alpha 2\n');
    assert.equal((await git.readFiles(first, ['bad\nname'], 1000)).get('bad\nname'), null, 'a name the line protocol cannot carry');
    git.close();
  });

  it('answers many concurrent reads in order, by path and by blob id, and again after close', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const names = Object.keys(files).filter((p) => p.startsWith('many/'));
    const ids = repo.git('rev-parse', ...names.map((p) => `${first}:${p}`)).trim().split('\n');
    const [byPath, ...byId] = await Promise.all([git.readFiles(first, names, 1000), ...ids.map((id) => git.readBlob(id, 1000))]);
    names.forEach((p, i) => {
      assert.equal(byPath.get(p), files[p]);
      assert.equal(byId[i], files[p]);
    });
    git.close();
    // A read after close starts new processes.
    assert.equal(await git.readBlob(ids[5], 1000), files[names[5]]);
    git.close();
  });

  it('reads the working tree from disk', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    repo.write({ 'a.txt': 'edited\n' });
    const got = await git.readFiles(WORKTREE, ['a.txt', 'bin.dat', 'missing.txt'], 1000);
    assert.deepEqual([...got], [['a.txt', 'edited\n'], ['bin.dat', null], ['missing.txt', null]]);
    repo.git('checkout', '--', 'a.txt');
  });

  it('hands out each change once, in diff order, before changes() resolves', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    repo.write({ 'a.txt': 'alpha 3\n', 'new-untracked.txt': 'n\n' });
    const range = await git.resolveRange({ base: first });
    const seen: Change[] = [];
    const all = await git.changes(range, { maxBytes: 1000, onChange: (c) => seen.push(c) });
    assert.deepEqual(seen, all);
    assert.deepEqual(all.map((c) => c.path), ['a.txt', 'new-untracked.txt']);
    assert.deepEqual(all[0].hunks[0].added, ['alpha 3']);
    repo.git('checkout', '--', 'a.txt');
    repo.remove('new-untracked.txt');
  });

  it('keeps each file its own hunks when type changes come first (git splits a file ↔ symlink change into two sections)', async () => {
    const r = new TestRepo('typechange');
    try {
      r.write({ 'target.txt': 'target\n', 'b.sql': 'x\n', 'c.sql': 'y\n', 'd.txt': 'd\n' });
      fs.symlinkSync('target.txt', path.join(r.dir, 'a-link'));
      fs.symlinkSync('target.txt', path.join(r.dir, 'a2-link'));
      const base = r.commit('links');
      r.remove('a-link', 'a2-link');
      r.commit('files', { 'a-link': 'now a file\n', 'a2-link': 'also a file\n', 'b.sql': 'CREATE TABLE b (id int);\n', 'c.sql': 'CREATE TABLE c (id int);\n', 'd.txt': 'd 2\n' });
      const git = await SimpleGitSource.open(r.dir);
      const range = await git.resolveRange({ base, head: 'HEAD' });
      const seen: Change[] = [];
      const all = await git.changes(range, { maxBytes: 1000, onChange: (c) => seen.push(c) });
      git.close();
      assert.deepEqual(seen, all);
      const added = Object.fromEntries(all.map((c) => [c.path, c.hunks.flatMap((h) => h.added)]));
      assert.deepEqual(added, {
        'a-link': ['now a file'],
        'a2-link': ['also a file'],
        'b.sql': ['CREATE TABLE b (id int);'],
        'c.sql': ['CREATE TABLE c (id int);'],
        'd.txt': ['d 2'],
      });
      assert.deepEqual(all.find((c) => c.path === 'a-link')?.hunks.flatMap((h) => h.removed), ['target.txt'], 'the deletion half is the same change');
    } finally {
      r.dispose();
    }
  });

  it('skips files over the size limit as too large (committed ones), binary files as binary, in diff order', async () => {
    const r = new TestRepo();
    try {
      const line = 'SOME_SETTING=1 lorem ipsum dolor sit amet\n';
      const base = r.commit('base', { 'a.env': 'A=1\n', 'huge.txt': line.repeat(100) + 'end 1\n', 'img.bin': Buffer.from([0, 1, 2]), 'z.txt': 'z\n' });
      r.write({ 'a.env': 'A=2\n', 'huge.txt': line.repeat(100) + 'end 2\n', 'img.bin': Buffer.from([0, 1, 3]), 'new-huge.txt': line.repeat(200), 'z.txt': 'zz\n' });
      const g = await SimpleGitSource.open(r.dir);
      const limit = 50 * line.length; // huge.txt is twice that; only its last line changes
      // A binary change comes with its size check; the changes after it do not wait for that.
      // The check is held here until z.txt (the diff's last change) has been handed on, so the
      // order does not depend on which git process ends first; a source that held z.txt behind
      // the check would meet the hold's timeout instead.
      const source = g as unknown as { labelLarge: (...a: unknown[]) => Promise<void> };
      const labelLarge = source.labelLarge.bind(g);
      let hold: { open: () => void; opened: Promise<void>; byTimeout: boolean } | undefined;
      source.labelLarge = async (...a: unknown[]) => {
        await labelLarge(...a);
        await hold?.opened;
      };
      const check = async (head?: string) => {
        const range = await g.resolveRange({ base, head });
        let open = () => {};
        const opened = new Promise<void>((resolve) => (open = resolve));
        const h: NonNullable<typeof hold> = { open, opened, byTimeout: false };
        hold = h;
        // Only a broken source meets this (the hold is opened when z.txt is handed on): 30 s, not 5,
        // so that a loaded machine's slow git diff is not read as z.txt held behind the label.
        const timer = setTimeout(() => {
          h.byTimeout = true;
          h.open();
        }, 30_000);
        const seen: string[] = [];
        const labels: Promise<void>[] = [];
        let settled = 0;
        let deliveredBeforeLabel = 0;
        const all = await g.changes(range, {
          maxBytes: limit,
          onChange: (c, labelled) => {
            seen.push(c.path);
            if (labelled) {
              assert.equal(c.binary, true, `${c.path}: only a binary change waits for a label`);
              labels.push(labelled.then(() => void settled++));
            } else if (settled < labels.length) deliveredBeforeLabel++;
            if (c.path === 'z.txt') h.open();
          },
        });
        clearTimeout(timer);
        assert.deepEqual(seen, all.map((c) => c.path), 'onChange in diff order');
        assert.ok(labels.length >= 1, 'img.bin (and, committed, huge.txt) came with a label');
        assert.equal(h.byTimeout, false, 'z.txt was handed on while the binary change before it waited for its label');
        assert.ok(deliveredBeforeLabel >= 1, 'z.txt was handed on before the binary change before it was labelled');
        assert.equal(settled, labels.length, 'every label settled before changes() returned');
        const by = new Map(all.map((c) => [c.path, c]));
        if (head) {
          assert.equal(by.get('huge.txt')?.contentSkipped, 'too-large');
          assert.deepEqual(by.get('huge.txt')?.hunks, []);
        } else {
          // The working tree's side is diffed as text whatever its size: its changed lines count.
          assert.deepEqual(by.get('huge.txt')?.hunks[0].added, ['end 2']);
        }
        assert.equal(by.get('new-huge.txt')?.contentSkipped, 'too-large');
        assert.equal(by.get('img.bin')?.contentSkipped, 'binary');
        assert.equal(by.get('a.env')?.contentSkipped, undefined);
        assert.deepEqual(by.get('z.txt')?.hunks[0].added, ['zz']);
      };
      await check();
      r.commit('head');
      await check('HEAD');
      g.close();
    } finally {
      r.dispose();
    }
  });

  it('greps the files a :(glob) pathspec names (also when it passes git a cheaper equivalent)', async () => {
    const r = new TestRepo();
    try {
      const names = ['a.yml', 'dir/b.yml', 'dir.yml/c.txt', '.yml', 'x/.yml', 'yml', 'a.yml.bak', 'deep/er/d.yml', 'e.YML', 'f.yaml'];
      r.commit('files', Object.fromEntries(names.map((n) => [n, 'KEY\n'])));
      const g = await SimpleGitSource.open(r.dir);
      const specs = [':(glob)**/*.yml', ':(glob)**/*.yaml'];
      const expected = r.git('grep', '-l', 'KEY', '--', ...specs).trim().split('\n').sort();
      assert.deepEqual([...new Set((await g.grep(WORKTREE, ['KEY'], specs)).map((h) => h.path))].sort(), expected);
      assert.deepEqual([...new Set((await g.grep('HEAD', ['KEY'], specs)).map((h) => h.path))].sort(), expected);
      assert.deepEqual(expected, ['.yml', 'a.yml', 'deep/er/d.yml', 'dir/b.yml', 'f.yaml', 'x/.yml']);
      g.close();
    } finally {
      r.dispose();
    }
  });

  it('does not keep a CLI process alive: a script that opens and reads exits on its own', () => {
    const script = `
      const { SimpleGitSource } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/git/simpleGitSource.ts'))});
      SimpleGitSource.open(${JSON.stringify(repo.dir)}).then(async (g) => {
        const t = await g.readFiles('HEAD', ['a.txt'], 100);
        process.stdout.write(t.get('a.txt'));
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'alpha 2\n');
  });
});

describe('DiffStreamParser', () => {
  it('gives the same changes however git’s output is cut into chunks', () => {
    const repo = new TestRepo();
    try {
      repo.commit('base', { 'a.txt': 'one\ntwo\n', 'crlf.txt': 'x\r\ny\r\n', 'old name.txt': 'moved\ncontent\nhere\n', 'bin.dat': Buffer.from([0, 1, 2]) });
      repo.commit('change', {
        'a.txt': 'one\nzwei\n' + 'long '.repeat(20_000) + '\n',
        'crlf.txt': 'x\r\nY\r\n',
        'bin.dat': Buffer.from([0, 1, 3]),
        'ü/new.txt': 'ä\n\u{1F600}\n',
      });
      repo.git('mv', 'old name.txt', 'new name.txt');
      repo.commit('rename');
      const out = Buffer.from(repo.git('diff', '--raw', '-p', '-U0', '-z', '-M', '--full-index', 'HEAD~2', 'HEAD'), 'utf8');
      const parse = (size: number) => {
        const seen: string[] = [];
        const p = new DiffStreamParser(1 << 20, (c) => seen.push(c.path));
        for (let i = 0; i < out.length; i += size) p.push(out.subarray(i, i + size));
        const changes = p.end();
        assert.deepEqual(seen, changes.map((c) => c.path));
        return changes;
      };
      const whole = parse(out.length);
      assert.deepEqual(whole.map((c) => [c.status, c.path, c.oldPath, c.binary]), [
        ['modified', 'a.txt', null, false],
        ['modified', 'bin.dat', null, true],
        ['modified', 'crlf.txt', null, false],
        ['renamed', 'new name.txt', 'old name.txt', false],
        ['added', 'ü/new.txt', null, false],
      ]);
      assert.deepEqual(whole[2].hunks.map((h) => [h.removed, h.added]), [[['y'], ['Y']]]);
      assert.deepEqual(whole[4].hunks[0].added, ['ä', '\u{1F600}']);
      for (const size of [1, 2, 3, 7, 64, 1000, 65536]) assert.deepEqual(parse(size), whole, `chunks of ${size}`);
    } finally {
      repo.dispose();
    }
  });
});
