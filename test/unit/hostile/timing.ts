/**
 * Timing for the linearity tests: a function run on a 10 KB and a 100 KB input must cost
 * about 10× more, not 100× (the bar: < 20× and < 2 s). On a shared 2-core machine one run is
 * noise, so each size is warmed up and the best of several runs is kept.
 */
import assert from 'node:assert/strict';

export const SMALL = 10 * 1024;
export const LARGE = 100 * 1024;

/** `unit` repeated (and cut) to exactly `size` characters. */
export function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * Best time of `runs` runs of `fn` after one warm-up, in ms of CPU time of this process (user +
 * system, all threads: the garbage collector's helpers included). Wall time on a machine
 * whose load is 10× its cores measures the neighbours; CPU time measures the work. (No forced
 * collection between runs: its concurrent sweeping lands in the next run's CPU time.)
 */
export function bestOf(fn: () => unknown, runs = 3): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    if (ms < best) best = ms;
  }
  return best;
}

export interface Scaling { small: number; large: number; ratio: number }

/**
 * Times `run` on `make(SMALL)` and `make(LARGE)`. The 10 KB time is measured over ten runs
 * in a row, their results kept alive, and divided by ten: one 10 KB run allocates and keeps
 * too little to meet the garbage collector, one 100 KB run does not, and the ratio would
 * measure that step (and the clock's resolution) instead of the algorithm. A quadratic cost
 * still shows as 100×.
 */
export function scaling(make: (size: number) => string, run: (input: string) => unknown, prior?: Scaling): Scaling {
  const small = make(SMALL);
  const large = make(LARGE);
  const k = LARGE / SMALL;
  const s = Math.min(prior?.small ?? Infinity, bestOf(() => { const keep: unknown[] = []; for (let j = 0; j < k; j++) keep.push(run(small)); return keep; }) / k);
  const l = Math.min(prior?.large ?? Infinity, bestOf(() => run(large)));
  // Below a quarter millisecond the 10 KB time is the clock and the scheduler, not the algorithm
  // (a 0.1 → 2.0 ms lexer run read as 20×); from that floor a quadratic 100 KB run still shows as 40×.
  return { small: s, large: l, ratio: l / Math.max(s, 0.25) };
}

/** Records every measured case (printed at the end of a suite when HANDOFF_TIMINGS is set). */
export const measured: Array<{ name: string } & Scaling> = [];

export function assertLinear(name: string, make: (size: number) => string, run: (input: string) => unknown): Scaling {
  // Noise only ever adds time: on a miss, measure again and keep each side's best so far
  // (up to five rounds). A cost that really grows faster than the input never gets under.
  let r = scaling(make, run);
  for (let round = 1; round < 5 && (r.ratio >= 20 || r.large >= 2000); round++) r = scaling(make, run, r);
  measured.push({ name, ...r });
  if (process.env.HANDOFF_TIMINGS) console.log(`timing ${name}: 10KB ${r.small.toFixed(2)} ms, 100KB ${r.large.toFixed(2)} ms, ×${r.ratio.toFixed(1)}`);
  assert.ok(r.large < 2000, `${name}: 100 KB took ${r.large.toFixed(0)} ms (limit 2000)`);
  assert.ok(r.ratio < 20, `${name}: 100 KB took ${r.ratio.toFixed(1)}× the 10 KB time (${r.small.toFixed(1)} → ${r.large.toFixed(1)} ms; limit 20×)`);
  return r;
}

/**
 * Adversarial shapes, each a function of the size. Shared by every linear.*.test.ts.
 * Each is one long line unless its name says otherwise.
 */
export const SHAPES: Record<string, (size: number) => string> = {
  spaces: (s) => 'a' + ' '.repeat(s - 2) + 'b',
  spacesNoEnd: (s) => ' '.repeat(s),
  tabsCr: (s) => repeatTo('\t\r', s),
  tabsCrLines: (s) => repeatTo('\t \r\n', s),
  blankLines: (s) => '\n'.repeat(s),
  quotes: (s) => repeatTo('"', s),
  singleQuotes: (s) => repeatTo("'", s),
  backticks: (s) => repeatTo('`', s),
  backslashes: (s) => repeatTo('\\', s),
  quoteBackslash: (s) => '"' + repeatTo('\\"', s - 1),
  dollarBrace: (s) => repeatTo('${', s),
  processEnv: (s) => repeatTo('process.env.', s),
  deepNesting: (s) => '['.repeat(s / 2) + ']'.repeat(s / 2),
  deepBraces: (s) => '{'.repeat(s / 2) + '}'.repeat(s / 2),
  deepParens: (s) => '('.repeat(s / 2) + ')'.repeat(s / 2),
  unterminatedString: (s) => '"' + 'a'.repeat(s - 1),
  unterminatedComment: (s) => '/*' + 'a '.repeat(s / 2 - 1),
  equalsRun: (s) => 'A' + '='.repeat(s - 1),
  colonRun: (s) => 'a' + ':'.repeat(s - 1),
  colonSpaces: (s) => repeatTo('a: ', s),
  hashRun: (s) => repeatTo(' #', s),
  dashes: (s) => repeatTo('-', s),
  words: (s) => repeatTo('word ', s),
  manyShortLines: (s) => repeatTo('a = "b"\n', s),
};
