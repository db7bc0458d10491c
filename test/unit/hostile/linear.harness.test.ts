/**
 * The timing harness itself (timing.ts): a cost that grows faster than the input fails
 * assertLinear, whichever path the measurement takes; a linear cost with a one-time step
 * between 10 KB and 100 KB (what the garbage collector does to a 100 KB run) passes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLinear, DOUBLING_PROBE_LIMIT, repeatTo } from './timing';

/** Spins for `ms` of CPU time. */
function spin(ms: number): number {
  const c0 = process.cpuUsage();
  let x = 0;
  while ((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000 < ms) x++;
  return x;
}

/** A linear scan of `t`. */
function linear(t: string): number {
  let h = 0;
  for (let i = 0; i < t.length; i++) h = (h * 31 + t.charCodeAt(i)) | 0;
  return h;
}

describe('timing harness', () => {
  it('a quadratic scan (a character loop from every 400th position to the end) fails, and is caught by the 1 MB run', () => {
    // ~0.1 ms at 10 KB, ~12 ms at 100 KB: under the 200 ms at which the 1 MB run is skipped, so the
    // miss goes to the 1 MB run (~1.3 s), which grows 100× again and fails the bar there too. (It was
    // an indexOf restarted from every 4th position: V8's vectorised search made that one fast enough
    // on the CI machine to read as under 20×, and this test of the harness failed.)
    const quadratic = (t: string): number => { let s = 0; for (let i = 0; i < t.length; i += 400) for (let j = i; j < t.length; j++) s += t.charCodeAt(j); return s; };
    assert.throws(() => assertLinear('deliberately quadratic', (n) => repeatTo('ab', n), quadratic),
      (e: unknown) => e instanceof assert.AssertionError && /limit 20×/.test(e.message) && /1 MB/.test(e.message));
  });

  it('a quadratic too slow at 100 KB for a 1 MB run fails on the 10 KB → 100 KB ratio alone', () => {
    // ~2 ms at 10 KB, ~300 ms at 100 KB: a character loop from every 24th position to the end
    const quadratic = (t: string): number => { let s = 0; for (let i = 0; i < t.length; i += 24) for (let j = i; j < t.length; j++) s += t.charCodeAt(j); return s; };
    assert.throws(() => assertLinear('deliberately quadratic, slow', (n) => repeatTo('ab', n), quadratic),
      (e: unknown) => e instanceof assert.AssertionError && /limit 20×/.test(e.message) && !/1 MB/.test(e.message));
  });

  it('a linear cost with a fixed 60 ms step above 50 KB passes (the step does not recur from 100 KB to 1 MB)', () => {
    const r = assertLinear('linear with a step', (n) => repeatTo('ab', n), (t) => linear(t) + (t.length > 50_000 ? spin(60) : 0));
    assert.ok(r.ratio >= 20, `the step shows at 10 KB → 100 KB (×${r.ratio.toFixed(1)})`);
    assert.ok(r.growth !== undefined && r.growth < 20, `and not from 100 KB to 1 MB (×${r.growth?.toFixed(1)})`);
  });

  it('a linear cost with a step between 100 KB and 1 MB too passes on the doubling from 1 MB to 2 MB (what heavy load did to a linear lexer); a quadratic whose 1 MB run is fast fails there', () => {
    const r = assertLinear('linear with two steps', (n) => repeatTo('ab', n), (t) => linear(t) + (t.length > 50_000 ? spin(10) : 0) + (t.length > 500_000 ? spin(500) : 0));
    assert.ok(r.ratio >= 20 && r.growth !== undefined && r.growth >= 40, `both decades show a step (×${r.ratio.toFixed(1)}, ×${r.growth?.toFixed(1)})`);
    assert.ok(r.doubling !== undefined && r.doubling < 1.5, `and 1 MB → 2 MB does not (×${r.doubling?.toFixed(2)})`);
    // ~0.1 ms at 10 KB, ~8 ms at 100 KB, ~850 ms at 1 MB, ~3.4 s at 2 MB: quadratic on every step, the doubling included
    const quadratic = (t: string): number => { let s = 0; for (let i = 0; i < t.length; i += 1000) for (let j = i; j < t.length; j++) s += t.charCodeAt(j); return s; };
    // On a machine (or a load) where its 1 MB run takes DOUBLING_PROBE_LIMIT or more, no 2 MB run is made and the decade
    // alone fails it; below that the doubling must be measured and fail too.
    assert.throws(() => assertLinear('deliberately quadratic, fast', (n) => repeatTo('ab', n), quadratic), (e: unknown) => {
      if (!(e instanceof assert.AssertionError)) return false;
      const huge = /1 MB [\d.]+× the 100 KB time \(([\d.]+) ms; limit 40×\)/.exec(e.message);
      if (!huge) return false;
      return Number(huge[1]) >= DOUBLING_PROBE_LIMIT || /2 MB [\d.]+× the 1 MB time \([\d.]+ ms; limit 3×\)/.test(e.message);
    });
  });

  it('a linear cost passes on the first measurement', () => {
    const r = assertLinear('linear', (n) => repeatTo('ab', n), linear);
    assert.equal(r.growth, undefined);
  });
});
