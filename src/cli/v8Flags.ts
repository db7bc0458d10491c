/**
 * V8's optimizing compiler (TurboFan) tuned for a command that runs for seconds (issue 17 / issue 11: the
 * large range's CPU). With V8's defaults it optimized ~300 functions of the bundle on its background
 * threads during a 10,000-file `check`, the largest several times over (the engine's per-change function,
 * the detector table with its gates inlined): those threads' CPU was ~40 % of the Node process's, the main
 * thread's ~60 %, and much of the optimized code arrived too late to pay for itself. A function has to run
 * eight times as long before it is optimized (only the really hot ones are), and inlines less (a quarter of
 * V8's cumulative inlining budget). Results do not depend on it (the same bytes, compared by the bench and
 * the eval).
 *
 * Measured on V8 11 (Node 20) only, so set there only: V8 13 (Node 24) tiers up through Maglev under other
 * flags and does not know `--interrupt-budget` (`v8.setFlagsFromString` then prints "Error: unrecognized
 * flag" on stderr on every run), and V8 12 (Node 22) was never measured. HANDOFF_V8_FLAGS=default keeps
 * V8's defaults everywhere (to measure against them).
 */
const V8_11_FLAGS = ['--interrupt-budget=540672', '--max-inlined-bytecode-size-cumulative=230'];

/** The V8 flags the CLI sets before its bundle is compiled, for V8 `v8Version` (`process.versions.v8`). */
export function tunedV8Flags(v8Version: string, setting: string | undefined): string[] {
  if (setting === 'default') return [];
  return /^11\./.test(v8Version) ? V8_11_FLAGS : [];
}
