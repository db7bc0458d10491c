import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { after, afterEach, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { WORKTREE } from '../../../src/core/git/gitSource';
import { grepSplit, halfOfListing, literalAlternation, MAX_ALTERNATION_BYTES, SimpleGitSource, wordAlternation } from '../../../src/core/git/simpleGitSource';
import { loggingGit } from '../../helpers/loggingGit';
import { TestRepo } from '../../helpers/repo';

/** Lines that hold the needles (and near misses) with every character a regular expression would read. */
const TEXT = [
  "$token = $_SERVER['API_TOKEN'];",
  '$token = $SERVER_API_TOKEN;',
  "url = config('services.url')",
  'url = config.services.url',
  '@Value("${app.mode}") String mode;',
  'var v = Configuration["Feature:Flag"];',
  'var w = Configurationx"Feature:Flag"];',
  'a.b+c*d?(e)|f{2}^g\\E h',
  'a-b+c*d?(e)|f{2}^g\\E h',
  'x = "two words"',
  'x = "two  words"',
  'plain line',
].join('\n');
const NEEDLES = ['$_SERVER', 'config(', '@Value', 'onfiguration[', 'a.b+c*d?(e)|f{2}^g\\E', 'two words'];

const gitGrepF = (dir: string, rev: string | null) =>
  execFileSync('git', ['grep', '-I', '-n', '-z', '-F', ...NEEDLES.flatMap((n) => ['-e', n]), ...(rev ? [rev] : []), '--'], { cwd: dir })
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [p, line, text] = l.split('\0');
      return { path: rev ? p.slice(rev.length + 1) : p, line: Number(line), text };
    });

describe('several fixed strings asked as one PCRE alternation of literals (git grep -P)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  afterEach(() => Object.assign(grepSplit, { minBytes: 100_000, cores: os.availableParallelism?.() ?? os.cpus().length }));
  repo.commit('base', { 'a.php': TEXT, 'b/c.cs': TEXT, 'd.txt': 'nothing here\n' });
  const head = repo.git('rev-parse', 'HEAD').trim();

  it('literalAlternation: each character that is not a letter, digit or underscore escaped; none for one string, an empty one or non-ASCII', () => {
    assert.deepEqual(literalAlternation(['$_SERVER', 'config(', 'A_B']), ['\\$_SERVER|config\\(|A_B']);
    assert.deepEqual(literalAlternation(['two words', 'x|y']), ['two\\x20words|x\\|y']);
    assert.equal(literalAlternation(['ONLY_ONE']), null);
    assert.equal(literalAlternation(['A', '']), null);
    assert.equal(literalAlternation(['A', 'caf\u00e9']), null);
  });

  it('literalAlternation: a long list is several alternations, each at most MAX_ALTERNATION_BYTES (a pattern PCRE could refuse to compile), every name in one of them, in order', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `SOME_ENV_NAME_${i}`);
    let n = 2;
    while (n < 3000 && literalAlternation(names(n + 1))!.length === 1) n++;
    const [longest] = literalAlternation(names(n))!;
    assert.ok(longest.length <= MAX_ALTERNATION_BYTES && longest.length + `|SOME_ENV_NAME_${n}`.length > MAX_ALTERNATION_BYTES, String(longest.length));
    assert.ok(n > 800 && n < 1000, String(n));
    const many = literalAlternation(names(2500))!;
    assert.equal(many.length, 3);
    assert.ok(many.every((p) => p.length <= MAX_ALTERNATION_BYTES));
    assert.deepEqual(many.join('|').split('|'), names(2500));
    assert.equal(literalAlternation(['A', 'B'.repeat(MAX_ALTERNATION_BYTES + 1)]), null, 'one string over the bound alone: -F');
  });

  it('2,500 names after a -P grep of the same source (the extension keeps one per repository): the hits of -F, asked with -P as three patterns', async () => {
    const names = Array.from({ length: 2500 }, (_, i) => `SOME_ENV_NAME_${i}`);
    const big = new TestRepo();
    const g = loggingGit();
    try {
      big.commit('base', { 'a.js': 'const u = process.env.SOME_ENV_NAME_1999;\nconst v = config("x");\nconst w = process.env.SOME_ENV_NAME_5;\n' });
      const git = await SimpleGitSource.open(big.dir, g.bin);
      try {
        assert.equal((await git.grep('HEAD', ['env', 'config('], [], { word: false })).length, 3);
        const hits = await git.grep('HEAD', names, [], { word: false });
        assert.deepEqual(hits, [
          { path: 'a.js', line: 1, text: 'const u = process.env.SOME_ENV_NAME_1999;' },
          { path: 'a.js', line: 3, text: 'const w = process.env.SOME_ENV_NAME_5;' },
        ]);
        const byF = execFileSync('git', ['grep', '-n', '-F', '-f', '-', 'HEAD', '--'], { cwd: big.dir, input: names.join('\n') + '\n' }).toString('utf8');
        assert.deepEqual(hits.map((h) => `HEAD:${h.path}:${h.line}:${h.text}`), byF.split('\n').filter(Boolean), 'what git grep -F finds');
        assert.equal((await git.grep('HEAD', ['env', 'config('], [], { word: false })).length, 3);
      } finally {
        git.close();
      }
      const kinds = g.calls().filter((c) => c.includes('grep')).map((c) => (c.includes('-P') ? 'P' : c.includes('-F') ? 'F' : '?'));
      assert.deepEqual(kinds, ['P', 'P', 'P']);
    } finally {
      big.dispose();
      g.dispose();
    }
  });

  it('-P refused for another reason than a git without PCRE: -F for that grep only, -P asked again next time', async () => {
    const g = loggingGit({ pcreError: "fatal: In '-' at 1, 'A|B': regular expression is too large" });
    const git = await SimpleGitSource.open(repo.dir, g.bin);
    try {
      assert.deepEqual(await git.grep(head, NEEDLES, [], { word: false }), gitGrepF(repo.dir, head));
      assert.deepEqual(await git.grep(head, NEEDLES, [], { word: false }), gitGrepF(repo.dir, head));
      const kinds = g.calls().filter((c) => c.includes('grep')).map((c) => (c.includes('-P') ? 'P' : c.includes('-F') ? 'F' : '?'));
      assert.deepEqual(kinds, ['P', 'F', 'P', 'F']);
    } finally {
      git.close();
      g.dispose();
    }
  });

  it('a failure that is not -P\'s (an unknown revision): thrown (from -F), and -P asked again next time', async () => {
    const g = loggingGit();
    const git = await SimpleGitSource.open(repo.dir, g.bin);
    try {
      await assert.rejects(git.grep('no-such-rev', NEEDLES, [], { word: false }), /no-such-rev/);
      assert.deepEqual(await git.grep(head, NEEDLES, [], { word: false }), gitGrepF(repo.dir, head));
      const kinds = g.calls().filter((c) => c.includes('grep')).map((c) => (c.includes('-P') ? 'P' : c.includes('-F') ? 'F' : '?'));
      assert.deepEqual(kinds, ['P', 'F', 'P']);
    } finally {
      git.close();
      g.dispose();
    }
  });

  it('the hits of git grep -F, of the work tree and of a commit, from one -P grep each', async () => {
    const g = loggingGit();
    const git = await SimpleGitSource.open(repo.dir, g.bin);
    try {
      const tree = await git.grep(head, NEEDLES, [], { word: false });
      const disk = await git.grep(WORKTREE, NEEDLES, [], { word: false, untracked: false });
      assert.deepEqual(tree, gitGrepF(repo.dir, head));
      assert.deepEqual(disk, gitGrepF(repo.dir, null));
      assert.equal(disk.length, 12, JSON.stringify(disk));
      const greps = g.calls().filter((c) => c.includes('grep'));
      assert.equal(greps.length, 2);
      assert.ok(greps.every((c) => c.includes('-P') && !c.includes('-F')), JSON.stringify(greps));
    } finally {
      git.close();
      g.dispose();
    }
  });

  it('extended expressions, and whole words (-w) of which one holds a character that is not a letter, digit or underscore, are asked as before', async () => {
    const g = loggingGit();
    const git = await SimpleGitSource.open(repo.dir, g.bin);
    try {
      await git.grep(head, ['API_TOKEN', '$_SERVER']);
      await git.grep(head, ['[A-Z]+_TOKEN', 'Flag'], [], { extended: true, word: false });
      await git.grep(head, ['API_TOKEN']);
      const greps = g.calls().filter((c) => c.includes('grep'));
      assert.ok(greps[0].includes('-F') && greps[0].includes('-w'), JSON.stringify(greps[0]));
      assert.ok(greps[1].includes('-E'), JSON.stringify(greps[1]));
      assert.ok(greps[2].includes('-F') && greps[2].includes('-w'), 'one word: -F');
      assert.ok(!greps.some((c) => c.includes('-P')));
    } finally {
      git.close();
      g.dispose();
    }
  });

  it('wordAlternation: words of letters, digits and underscores only, longest first (equal lengths in order), duplicates once; null otherwise', () => {
    assert.deepEqual(wordAlternation(['c1', 'c14', 'value_1', 'x', 'c2']), ['value_1|c14|c1|c2|x']);
    assert.deepEqual(wordAlternation(['ab', 'ab', 'abc']), ['abc|ab']);
    assert.equal(wordAlternation(['ab', 'ab']), null, 'one word after duplicates: -F');
    assert.equal(wordAlternation(['a$b', 'c']), null);
    assert.equal(wordAlternation(['a.b', 'c']), null);
    assert.equal(wordAlternation(['caf\u00e9', 'c']), null);
  });

  it('whole words (-w) asked as one -P alternation: the lines of git grep -F -w, where words are prefixes of others and a first match is not a whole word', async () => {
    const words = ['c1', 'c14', 'c140', 'value_1', 'value', 'x', 'Flag', 'API_TOKEN', 'TOKEN'];
    const text = [
      'c14 alone',
      'c145 then c14',
      'c1x c1',
      'c140_ c14_',
      'xc14 c1400',
      'value_1x value_',
      'value_10 and value',
      'a.x.b',
      '$x$',
      'API_TOKENS TOKEN_',
      'x_API_TOKEN',
      'Flags; Flag;',
      'nothing',
      'c14c1',
      '(c1)',
    ].join('\n');
    const r = new TestRepo();
    const g = loggingGit();
    try {
      r.commit('base', { 'a.js': text, 'b/c.py': text.split('\n').reverse().join('\n') });
      const git = await SimpleGitSource.open(r.dir, g.bin);
      try {
        const byF = (rev: string | null) =>
          execFileSync('git', ['grep', '-I', '-n', '-z', '-F', '-w', '-f', '-', ...(rev ? [rev] : []), '--'], { cwd: r.dir, input: words.join('\n') + '\n' })
            .toString('utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => {
              const [p, line, t] = l.split('\0');
              return { path: rev ? p.slice(rev.length + 1) : p, line: Number(line), text: t };
            });
        const rev = r.git('rev-parse', 'HEAD').trim();
        const fromCommit = await git.grep(rev, words);
        const fromDisk = await git.grep(WORKTREE, words, [], { untracked: false });
        assert.deepEqual(fromCommit, byF(rev));
        assert.deepEqual(fromDisk, byF(null));
        assert.equal(fromCommit.length, 16, JSON.stringify(fromCommit)); // 8 lines a file; "c145 then c14" is one only longest-first finds
      } finally {
        git.close();
      }
      const greps = g.calls().filter((c) => c.includes('grep'));
      assert.equal(greps.length, 2);
      assert.ok(greps.every((c) => c.includes('-P') && c.includes('-w') && !c.includes('-F')), JSON.stringify(greps));
    } finally {
      r.dispose();
      g.dispose();
    }
  });

  it('a git without PCRE: the same hits from -F, and -P is not asked again', async () => {
    const g = loggingGit({ noPcre: true });
    const git = await SimpleGitSource.open(repo.dir, g.bin);
    try {
      assert.deepEqual(await git.grep(head, NEEDLES, [], { word: false }), gitGrepF(repo.dir, head));
      assert.deepEqual(await git.grep(WORKTREE, NEEDLES, [], { word: false, untracked: false }), gitGrepF(repo.dir, null));
      const kinds = g.calls().filter((c) => c.includes('grep')).map((c) => (c.includes('-P') ? 'P' : c.includes('-F') ? 'F' : '?'));
      assert.deepEqual(kinds, ['P', 'F', 'F']);
    } finally {
      git.close();
      g.dispose();
    }
  });
});

describe('a checked-out head asked about names: the tracked files listed once, for the clean check and the split grep', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  afterEach(() => Object.assign(grepSplit, { minBytes: 100_000, cores: os.availableParallelism?.() ?? os.cpus().length }));
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) files[`src/m${i % 6}/f${i}.js`] = i % 5 ? `module.exports = ${i};\n` : 'module.exports = process.env.SHARED_URL;\n';
  repo.commit('base', files);
  repo.checkout('feature', true);
  repo.commit('feature', { 'src/m1/new.js': 'module.exports = [process.env.SHARED_URL, process.env.BRAND_NEW_URL];\n' });

  it('halfOfListing of ls-files -t output (tag 2): the pathspecs of ls-files output', () => {
    const tagged = execFileSync('git', ['ls-files', '-z', '-t'], { cwd: repo.dir });
    const plain = execFileSync('git', ['ls-files', '-z'], { cwd: repo.dir });
    const specs = halfOfListing(plain, 0);
    assert.ok(specs && specs.length > 0);
    assert.deepEqual(halfOfListing(tagged, 0, 2), specs);
    // and on random listings, with random one-letter tags
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const alphabet = ['a', 'b', '-', '.', '/', 'Z', '0'];
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const set = new Set<string>();
      for (let i = 0, n = 2 + rnd(150); i < n; i++) set.add(Array.from({ length: 1 + rnd(14) }, () => alphabet[rnd(alphabet.length)]).join(''));
      const all = [...set].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const want = halfOfListing(Buffer.from(all.join('\0') + '\0'), 0);
      assert.deepEqual(halfOfListing(Buffer.from(all.map((p) => `${'HSM'[rnd(3)]} ${p}`).join('\0') + '\0'), 0, 2), want, `round ${round}`);
      if (want) compared++;
    }
    assert.ok(compared > 100, `${compared} of 200 split`);
  });

  it('review mode, HANDOFF_ENV_INDEX=off: one ls-files, a split grep, the report of one grep', async () => {
    const env = process.env.HANDOFF_ENV_INDEX;
    process.env.HANDOFF_ENV_INDEX = 'off';
    const g = loggingGit();
    try {
      grepSplit.minBytes = 0;
      grepSplit.cores = 1;
      const plain = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      grepSplit.cores = 2;
      const before = grepSplit.runs;
      const git = await SimpleGitSource.open(repo.dir, g.bin, { base: 'main', head: 'feature' });
      const split = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git });
      git.close();
      assert.equal(grepSplit.runs, before + 1, 'the names were asked through the split grep');
      assert.deepEqual(split.envVars, plain.envVars);
      assert.deepEqual(split.envVars.added, ['BRAND_NEW_URL']);
      const listings = g.calls().filter((c) => c.includes('ls-files'));
      assert.equal(listings.length, 1, JSON.stringify(listings));
      assert.ok(listings[0].includes('-t'));
    } finally {
      g.dispose();
      if (env === undefined) delete process.env.HANDOFF_ENV_INDEX;
      else process.env.HANDOFF_ENV_INDEX = env;
    }
  });
});
