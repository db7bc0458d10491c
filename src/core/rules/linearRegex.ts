/**
 * Content conditions (`content:` of a rule, built-in or from `.handoff/config.yaml`) run on
 * a linear-time engine (RE2 semantics, the pure-JS `re2js`), never on V8's backtracking one:
 * `^(a+)+$` from a repository must not stall a run. Patterns use the JS/RE2 common syntax
 * and are matched in multi-line mode (`^`/`$` at line boundaries). A pattern that needs
 * backtracking (backreferences, lookahead/lookbehind) does not compile: a config error.
 * re2js (~120 KB minified) is loaded on the first content condition only.
 */

export interface LinearPattern {
  source: string;
  test(text: string): boolean;
}

/** Thrown by `compileLinear`: the pattern is invalid, or needs backtracking. */
export class PatternError extends Error {
  constructor(
    message: string,
    /** True when the pattern is a valid JS regular expression that RE2 cannot run (backreference, lookaround). */
    readonly needsBacktracking: boolean,
  ) {
    super(message);
  }
}

type Re2Module = typeof import('re2js');
let re2: Re2Module | null = null;

function engine(): Re2Module {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= require('re2js') as Re2Module;
  return re2;
}

const cache = new Map<string, LinearPattern>();

/** Compiles `source` for linear-time matching (cached). Throws PatternError. */
export function compileLinear(source: string): LinearPattern {
  const hit = cache.get(source);
  if (hit) return hit;
  const { RE2JS } = engine();
  let compiled: InstanceType<Re2Module['RE2JS']>;
  try {
    compiled = RE2JS.compile(source, RE2JS.MULTILINE);
  } catch (e) {
    let jsOk = true;
    try {
      new RegExp(source, 'm');
    } catch {
      jsOk = false;
    }
    const detail = String((e as Error).message ?? e).replace(/^error parsing regexp: /, '');
    throw new PatternError(
      jsOk
        ? `needs backtracking (a backreference or lookaround: ${detail}), which Handoff does not run: content patterns run on a linear-time engine`
        : `not a valid regular expression: ${detail}`,
      jsOk,
    );
  }
  const p: LinearPattern = { source, test: (text) => compiled.test(text) };
  if (cache.size > 256) cache.clear();
  cache.set(source, p);
  return p;
}
