/**
 * Timing for the linearity tests: a function run on a 10 KB and a 100 KB input must cost
 * about 10× more, not 100× (the bar: < 20× and < 2 s). On a shared 2-core machine one run is
 * noise, so each size is warmed up and the best of several runs is kept.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const SMALL = 10 * 1024;
export const LARGE = 100 * 1024;

/** `unit` repeated (and cut) to exactly `size` characters. */
export function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * Best time of up to `runs` runs of `fn`, in ms of CPU time of this process (user + system, all
 * threads: the garbage collector's helpers included). Wall time on a machine whose load is 10×
 * its cores measures the neighbours; CPU time measures the work. (No forced collection between
 * runs: its concurrent sweeping lands in the next run's CPU time.) Runs stop early once
 * `budget` ms have been measured: a 600 ms run is not noise-bound, and three of them for each
 * of 2,000 cases would take the suite past its minutes.
 */
export function bestOf(fn: () => unknown, runs = 3, budget = 250): number {
  let best = Infinity;
  let spent = 0;
  for (let r = 0; r < runs && spent < budget; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    spent += ms;
    if (ms < best) best = ms;
  }
  return best;
}

export interface Scaling {
  small: number;
  large: number;
  ratio: number;
  /** Set when the 10 KB → 100 KB ratio missed and 100 KB → 1 MB was measured (see `assertLinear`). */
  huge?: number;
  growth?: number;
  /** Set when 100 KB → 1 MB missed too and 1 MB → 2 MB was measured. */
  double?: number;
  doubling?: number;
}

/**
 * A full collection before each measured round, outside the clock: every round starts from
 * the same heap, so a round does not pay for the garbage of the one before (which the 1 MB
 * runs would otherwise inherit from ten 100 KB runs, and the reverse).
 */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * What one measured run does: `prepare(input)` builds it (untimed: the test's own fixtures,
 * such as the hunk lines of a change, are not the code under test) and returns the timed work.
 */
export type Prepare = (input: string) => () => unknown;

/**
 * Best time of `rounds` rounds of `batch` runs in a row (their results kept alive), per run;
 * fewer rounds once 250 ms have been measured (see `bestOf`).
 */
function timed(prepare: Prepare, input: string, batch: number, rounds = 1): number {
  let best = Infinity;
  let spent = 0;
  for (let r = 0; r < rounds && spent < 250; r++) {
    const work = Array.from({ length: batch }, () => prepare(input));
    const keep: unknown[] = [];
    collect();
    const c0 = process.cpuUsage();
    for (const w of work) keep.push(w());
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    spent += ms;
    if (ms < best) best = ms;
  }
  return best / batch;
}

/**
 * Times the work on `make(SMALL)` and `make(LARGE)`. The 10 KB time is measured over ten runs
 * in a row, their results kept alive, and divided by ten: one 10 KB run allocates and keeps
 * too little to meet the garbage collector, one 100 KB run does not, and the ratio would
 * measure that step (and the clock's resolution) instead of the algorithm. A quadratic cost
 * still shows as 100×.
 */
export function scaling(make: (size: number) => string, prepare: Prepare, prior?: Scaling): Scaling {
  const k = LARGE / SMALL;
  const small = make(SMALL);
  // The first runs compile (JIT; the optimised code may be installed by a background thread a few runs
  // later on a loaded machine): they are not the algorithm. The 10 KB time is the best of three, so a
  // slow early run cannot hide a quadratic (a 0.2 ms run once read as 1.7 ms made a ×87 case read ×17).
  prepare(small)();
  prepare(small)();
  const s = Math.min(prior?.small ?? Infinity, timed(prepare, small, k), timed(prepare, small, k), timed(prepare, small, k));
  const l = Math.min(prior?.large ?? Infinity, timed(prepare, make(LARGE), 1));
  // Below a quarter millisecond the 10 KB time is the clock and the scheduler, not the algorithm
  // (a 0.1 → 2.0 ms lexer run read as 20×); from that floor a quadratic 100 KB run still shows as 40×.
  return { small: s, large: l, ratio: l / Math.max(s, 0.25) };
}

export const HUGE = 1024 * 1024;
/**
 * The bar of the 100 KB → 1 MB decade. A quadratic cost grows 100× there (linear.harness.test.ts:
 * ×128). Linear code does not stay at 10× on this decade either: the working set of a 1 MB run
 * (256 K line strings, 500 K tokens) leaves the caches and the young generation, and measured
 * 15–28× under a load of 16 on 2 cores, while doubling from 1 MB to 2 MB and 4 MB costs 2×
 * (ports on 1 MB of tabs+CR lines: 0.67 → 1.53 → 3.09 s). 40× separates the two with margin
 * on both sides; a miss on the 10 KB → 100 KB decade still needs < 20× there first or this.
 */
const DECADE_LIMIT = 40;
/** The 1 MB run is only tried below this 100 KB time: a real quadratic of 200 ms at 100 KB would take 20 s at 1 MB. */
const HUGE_PROBE_LIMIT = 200;

/**
 * The last resort of a miss on both decades: 1 MB → 2 MB. Past 1 MB the working set is out of the caches
 * on both sides, so linear code costs 2× there (ports: 0.67 → 1.53 s from 1 MB to 2 MB), and a quadratic
 * 4×. Under a load of 20 on 2 cores a linear case once read 24.9× and then 49.9× on the two decades (and
 * 13.8× on a quiet machine): the doubling tells the two apart where a decade's cache step cannot.
 * Tried only when the 1 MB run took under DOUBLING_PROBE_LIMIT ms.
 */
const DOUBLING_LIMIT = 3;
export const DOUBLING_PROBE_LIMIT = 2000;
export const DOUBLE = 2 * HUGE;

/** Records every measured case (printed at the end of a suite when HANDOFF_TIMINGS is set). */
export const measured: Array<{ name: string } & Scaling> = [];

/**
 * The bar of issue 16: the 100 KB case under 2 s and under 20× the 10 KB case.
 *
 * One round of each size first (a 10 KB warm-up, ten 10 KB runs, one 100 KB run): most cases
 * pass there, and 2,000 cases leave no CPU for more. Noise only ever adds time: on a miss,
 * measure again and keep each side's best so far (up to four rounds). A miss that survives is either growth or a step in constant costs between
 * 10 KB and 100 KB at millisecond scale (the garbage collector promoting a 100 KB run's
 * objects to the old generation, which ten 10 KB runs never do; a JIT tier). One more size
 * tells them apart: from 100 KB to 1 MB a quadratic cost grows 100× again, a step does not
 * recur. So a miss passes only when 1 MB costs < 40× a 100 KB run (DECADE_LIMIT), measured the
 * same way one decade up (ten 100 KB runs in a row against one 1 MB run: the same bytes), and
 * the 100 KB run took < 200 ms (a quadratic that slow at 100 KB fails without the 1 MB run). `selfTest` in
 * linear.harness.test.ts shows a quadratic still fails.
 */
export function assertLinear(name: string, make: (size: number) => string, run: (input: string) => unknown): Scaling {
  return assertLinearPrepared(name, make, (input) => () => run(input));
}

/** `assertLinear` where each run's input is built before the clock starts (see `Prepare`). */
export function assertLinearPrepared(name: string, make: (size: number) => string, prepare: Prepare): Scaling {
  let r = scaling(make, prepare);
  for (let round = 1; round < 4 && (r.ratio >= 20 || r.large >= 2000); round++) r = scaling(make, prepare, r);
  // the 1 MB run also when 100 KB took up to 600 ms but missed by less than 2× (a quadratic with
  // 10 KB runs of several ms, past the clock's floor, shows ~100×, and is not run at 1 MB)
  if (r.ratio >= 20 && (r.large < HUGE_PROBE_LIMIT || (r.large < 600 && r.ratio < 40))) {
    // the same method one decade up: ten 100 KB runs in a row (per run) against one 1 MB run
    const large = make(LARGE);
    let tens = Infinity;
    let huge = Infinity;
    for (let round = 0; round < 3 && !(huge / tens < DECADE_LIMIT); round++) {
      tens = Math.min(tens, timed(prepare, large, LARGE / SMALL));
      huge = Math.min(huge, timed(prepare, make(HUGE), 1));
    }
    r = { ...r, huge, growth: huge / Math.max(tens, 0.25) };
    if (r.growth! >= DECADE_LIMIT && huge < DOUBLING_PROBE_LIMIT) {
      let double = Infinity;
      for (let round = 0; round < 2 && (round === 0 || (double / huge >= DOUBLING_LIMIT && double / huge <= 3.6)); round++) {
        huge = Math.min(huge, timed(prepare, make(HUGE), 1));
        double = Math.min(double, timed(prepare, make(DOUBLE), 1));
      }
      r = { ...r, huge, double, doubling: double / Math.max(huge, 0.25) };
    }
  }
  measured.push({ name, ...r });
  const growth = (r.growth !== undefined ? `, 1MB ${r.huge!.toFixed(2)} ms (×${r.growth.toFixed(1)} from 100KB)` : '') +
    (r.doubling !== undefined ? `, 2MB ${r.double!.toFixed(2)} ms (×${r.doubling.toFixed(2)} from 1MB)` : '');
  if (process.env.HANDOFF_TIMINGS) console.log(`timing ${name}: 10KB ${r.small.toFixed(2)} ms, 100KB ${r.large.toFixed(2)} ms, ×${r.ratio.toFixed(1)}${growth}`);
  assert.ok(r.large < 2000, `${name}: 100 KB took ${r.large.toFixed(0)} ms (limit 2000)`);
  assert.ok(r.ratio < 20 || (r.growth !== undefined && r.growth < DECADE_LIMIT) || (r.doubling !== undefined && r.doubling < DOUBLING_LIMIT),
    `${name}: 100 KB took ${r.ratio.toFixed(1)}× the 10 KB time (${r.small.toFixed(1)} → ${r.large.toFixed(1)} ms; limit 20×)` +
    (r.growth !== undefined ? ` and 1 MB ${r.growth.toFixed(1)}× the 100 KB time (${r.huge!.toFixed(1)} ms; limit ${DECADE_LIMIT}×)` : '') +
    (r.doubling !== undefined ? ` and 2 MB ${r.doubling.toFixed(2)}× the 1 MB time (${r.double!.toFixed(1)} ms; limit ${DOUBLING_LIMIT}×)` : ''));
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
