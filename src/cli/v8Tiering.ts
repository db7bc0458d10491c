// How eagerly V8 optimizes the CLI's code (issue 17: the large range's CPU). Node builtins only:
// dist/cli.js runs this before it loads the bundle.
//
// A `check` is one short pass over thousands of files. With V8's default tier-up budget TurboFan
// optimizes (and, as the mix of files changes, re-optimizes) hundreds of functions that then run
// for a few hundred milliseconds: on the bench's large range (10,000 changed files) its compiler
// threads took ~1.1 s of CPU beside the main thread's ~1.2 s, and the main thread was not faster
// for it. With the budget raised 8× the functions that carry the run are still optimized, the
// others stay in V8's baseline tiers; the main thread takes the same time and the process ~30 %
// less CPU. Nothing the run computes depends on it.
import * as v8 from 'node:v8';

/** V8's default (`--interrupt-budget`, 66 KB of bytecode on V8 11.3, Node 20) times 8. */
export const CLI_INTERRUPT_BUDGET = 8 * 67_584;

/**
 * Raises V8's tier-up budget for this process; returns the flag set, or null when left alone:
 * `HANDOFF_V8_TIERING=default`, or a V8 other than the one measured (11.x: Node 20). V8 prints an
 * error for a flag it does not know, and another V8 tiers up differently (Maglev, Node 22+).
 */
export function tuneTierUp(env: NodeJS.ProcessEnv = process.env, v8Version: string = process.versions.v8): string | null {
  if (env.HANDOFF_V8_TIERING === 'default' || !/^11\./.test(v8Version)) return null;
  const flag = `--interrupt-budget=${CLI_INTERRUPT_BUDGET}`;
  try {
    v8.setFlagsFromString(flag);
  } catch {
    return null;
  }
  return flag;
}
