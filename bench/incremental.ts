// The editor's incremental path, measured inside the engine API the extension uses:
// a working tree with ~5,000 changed files, one file saved, `session.update([file])`.
//   node --import tsx bench/incremental.ts <bench repo> [reps]
// Prints one JSON line.
import { appendFileSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession } from '../src/core';
import { gitProcessesStarted } from '../src/core/git/simpleGitSource';
import { featureWorktree } from './worktree';

async function main(): Promise<void> {
  const repo = process.argv[2];
  const reps = Number(process.argv[3] ?? 20);
  // The feature branch's sources, uncommitted: ~5,000 changed files in the working tree.
  const { wt, changedFiles, target, remove } = featureWorktree(repo, 'worktree');

  const t0 = performance.now();
  const session = await AnalysisSession.open({ repo: wt, base: 'main' });
  await session.result();
  const fullLoadMs = performance.now() - t0;

  const abs = join(wt, target);
  const original = readFileSync(abs, 'utf8');
  const times: number[] = [];
  const processesBefore = gitProcessesStarted();
  for (let i = 0; i < reps; i++) {
    // A save that adds (odd) or drops (even) a read of a new env var.
    if (i % 2 === 0) appendFileSync(abs, `const extra = process.env.BENCH_SAVE_${i};\n`);
    else writeFileSync(abs, original);
    const s = performance.now();
    const report = await session.update([target]);
    times.push(performance.now() - s);
    const hasVar = report.envVars.added.includes(`BENCH_SAVE_${i}`);
    if (hasVar !== (i % 2 === 0)) throw new Error(`incremental update gave a wrong answer at rep ${i}`);
  }
  // Git processes a save starts (0: diffed in process against the merge-base blob, see SimpleGitSource.changesInProcess).
  const gitProcessesPerSave = (gitProcessesStarted() - processesBefore) / reps;
  times.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  remove();
  console.log(JSON.stringify({ changedFiles, fullLoadMs: r(fullLoadMs), medianMs: r(times[Math.floor(times.length / 2)]), minMs: r(times[0]), maxMs: r(times[times.length - 1]), reps, gitProcessesPerSave }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
