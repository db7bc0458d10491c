// Fills baseSha/headSha of eval/corpus.json from the tags in the eval cache (see scripts/eval.mjs).
// Run after adding ranges: node scripts/eval/fill-shas.mjs [--project ID]... (only the projects named: checking every
// range of the corpus spawns git ~4,000 times, minutes on a loaded machine). A SHA already there is checked, never changed; a range
// whose base/head is a version name the cache has no tag for (an untagged mirror) is accepted when its SHA is there.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedGitDir } from './cache.mjs';

const root = new URL('../..', import.meta.url).pathname;
const file = join(root, 'eval/corpus.json');
const corpus = JSON.parse(readFileSync(file, 'utf8'));
const args = process.argv.slice(2);
const only = new Set(args.flatMap((a, i) => (a === '--project' && args[i + 1] ? [args[i + 1]] : [])));
for (const id of only) if (!corpus.projects.some((p) => p.id === id)) { console.error(`fill-shas: no project ${id} in the corpus`); process.exit(2); }
let failed = 0;
for (const p of corpus.projects) {
  if (only.size && !only.has(p.id)) continue;
  const dir = cachedGitDir(p.repo);
  if (!dir) { console.error(`${p.id}: not in the cache`); failed++; continue; }
  const rev = (ref) => {
    const r = spawnSync('git', ['--git-dir', dir, 'rev-parse', '-q', '--verify', `${ref}^{commit}`], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  p.ranges = p.ranges.map((r) => {
    const out = { base: r.base, head: r.head };
    for (const k of ['base', 'head']) {
      // A snapshot without tags (pict-rs' GitHub mirror) is pinned by SHA alone: then the SHA must be in the cache.
      const sha = rev(r[k]) ?? (r[`${k}Sha`] && rev(r[`${k}Sha`]));
      if (!sha) { console.error(`${p.id}: no ${k} ${r[k]} in the cache`); failed++; }
      else if (r[`${k}Sha`] && r[`${k}Sha`] !== sha) { console.error(`${p.id}: ${r[k]} is ${sha}, the corpus says ${r[`${k}Sha`]}`); failed++; }
      out[`${k}Sha`] = r[`${k}Sha`] ?? sha;
    }
    return { ...out, ...r };
  });
}
writeFileSync(file, `${JSON.stringify(corpus, null, 2)}\n`);
process.exit(failed ? 1 : 0);
