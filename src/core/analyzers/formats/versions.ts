import type { SemVer } from 'semver';

type Semver = typeof import('semver');
let semverModule: Semver | null = null;
/**
 * semver, loaded on first use: most runs read no manifest, and loading it (its regexes are
 * built when it loads) was ~10 ms of every CLI start (issue 17: start-up).
 */
function semverLib(): Semver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (semverModule ??= require('semver') as Semver);
}

/** Version-spec dialects of the package ecosystems. */
export type Ecosystem = 'npm' | 'pypi' | 'gem' | 'cargo' | 'go' | 'maven' | 'nuget' | 'composer';

/**
 * The lowest version a spec allows, as a SemVer (`^4.2.0` → 4.2.0, `~> 5.1` → 5.1.0,
 * `>=2,<3` → 2.0.0, `[1.0,2.0)` → 1.0.0, `v1.2.3` → 1.2.3). Null for specs that name no
 * version (`*`, `latest`, git/path/workspace sources, unresolved variables).
 */
export function minVersion(spec: string | null | undefined, eco: Ecosystem): SemVer | null {
  if (spec == null) return null;
  let s = spec.trim().replace(/^["']|["']$/g, '');
  if (s === '' || s === '*' || /^(latest|next|stable|x|any|dev-\S+|\*@dev)$/i.test(s)) return null;
  if (/\$\{|\$[A-Za-z_]|\{\{/.test(s)) return null;
  if (eco === 'npm') {
    s = unwrapNpmProtocols(s);
    const alias = /^npm:(?:@?[^@]+)@(.+)$/.exec(s);
    if (alias) s = alias[1];
    s = s.replace(/^workspace:/, '');
    if (/^(file|link|portal|git|git\+\w+|https?|github|gitlab|bitbucket|catalog):/i.test(s) || /^[\w-]+\/[\w.-]+(#.*)?$/.test(s)) return null;
  }
  if (eco === 'pypi') {
    s = s.replace(/;.*$/, '').replace(/~=\s*/g, '>=').replace(/===\s*/g, '=').replace(/==\s*/g, '=').replace(/!=\s*[^,\s]+/g, '').replace(/,/g, ' ');
    s = s.replace(/(\d+(?:\.\d+)*)\.\*/g, '$1.x');
  }
  if (eco === 'gem') s = s.replace(/~>\s*/g, '>=').replace(/,/g, ' ');
  if (eco === 'composer') s = s.replace(/@\w+$/, '').replace(/\bv(?=\d)/g, '').replace(/\s*\|\|?\s*/g, ' || ').replace(/,/g, ' ');
  if (eco === 'maven' || eco === 'nuget') {
    const range = /^[[(]\s*([^,\])]*)\s*(?:,|[\])])/.exec(s);
    if (range) {
      if (range[1] === '') return null;
      s = range[1];
    }
  }
  if (eco === 'go') s = s.replace(/^v/, '').replace(/\+incompatible$/, '');
  if (eco === 'cargo') s = s.replace(/,/g, ' ');
  // Exact pins outside npm's dialect (`5.3.20.RELEASE`, `1.2.3.4`, `==2.0.0rc1`): the numeric part is what counts.
  if (eco !== 'npm' && eco !== 'cargo' && eco !== 'composer') {
    const pin = /^(?:==?|v)?\s*(\d+(?:\.\d+)*)([.\-_+]?[A-Za-z][\w.\-+]*)?$/.exec(s);
    if (pin) return semverLib().coerce(pin[1]);
  }
  // A plain version first (keeps prerelease tags), then a range, then the first number in the text.
  const valid = semverLib().valid(s, { loose: true });
  if (valid) return new (semverLib().SemVer)(valid, { loose: true });
  try {
    if (semverLib().validRange(s, { loose: true })) {
      const min = semverLib().minVersion(s, { loose: true });
      if (min && min.version !== '0.0.0') return min;
      if (min) return null;
    }
  } catch {
    /* not a range */
  }
  const first = /\d+(\.\d+){0,2}/.exec(s);
  if (!first) return null;
  return semverLib().coerce(first[0]);
}

/**
 * Yarn berry's wrappers around an npm range: `patch:passport@npm%3A0.7.0#./.yarn/patches/…`
 * (the patched package's own range, URL-encoded) and a bare `npm:0.7.0`. Returns the range inside.
 */
function unwrapNpmProtocols(spec: string): string {
  let s = spec;
  const patch = /^patch:(@?[^@#]+)@([^#]+)(?:#.*)?$/.exec(s);
  if (patch) {
    try {
      s = decodeURIComponent(patch[2]);
    } catch {
      s = patch[2];
    }
  }
  const bare = /^npm:(\d.*|[~^<>=].*)$/.exec(s);
  return bare ? bare[1] : s;
}

/**
 * A dependency spec as a person reads it: yarn's `patch:` wrapper becomes the patched range with
 * "(patched)" (`patch:passport@npm%3A0.7.0#…` → `0.7.0 (patched)`); anything else is unchanged.
 */
export function displaySpec(spec: string, eco: Ecosystem): string {
  if (eco !== 'npm' || !spec.startsWith('patch:')) return spec;
  return `${unwrapNpmProtocols(spec)} (patched)`;
}

/**
 * The "major" line of a version: its major number, or for 0.x its minor (0.x minor
 * bumps break by semver's caret rule).
 */
function line(v: SemVer): string {
  return v.major === 0 ? `0.${v.minor}` : String(v.major);
}

/** 'upgrade' / 'downgrade' when two versions are on different major lines; null otherwise. */
export function majorChange(from: SemVer | null, to: SemVer | null, eco?: Ecosystem): 'upgrade' | 'downgrade' | null {
  if (!from || !to) return null;
  // Go encodes majors >= 2 in the module path; within v0 the x/ libraries bump minors monthly.
  const a = eco === 'go' && from.major === 0 ? '0' : line(from);
  const b = eco === 'go' && to.major === 0 ? '0' : line(to);
  if (a === b) return null;
  return semverLib().gt(to, from) ? 'upgrade' : 'downgrade';
}
