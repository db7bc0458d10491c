import picomatch from 'picomatch';
import { DOCKER_DECLARE_LINE, dockerEnvContinuations, ENV_DECLARATION_PATHSPECS, ENV_NAME_PATHSPECS, extractEnvRefs, hasScriptShebang, isDockerfilePath, isScriptPath, type EnvContext, type EnvRef } from '../analyzers/env';
import type { GrepHit } from '../git/gitSource';
import { isReleaseDocument } from '../util/releaseDocs';

/**
 * What head's env pass needs of one file, whichever way the file was read: the env refs of
 * the lines the head greps select (a read needle on the line, or, in env-name files, an
 * upper-case name), each line extracted on its own, and, in declaration files, the
 * upper-case words. The persistent index (index.ts), the cold grep and the names-only grep
 * all go through these functions, so the three give the same answer.
 */
export interface FileEnv {
  refs: EnvRef[];
  /** Upper-case words (whole tokens) of a declaration file; empty elsewhere. */
  words: string[];
}

/** What a head line is read with: the grep needles and the extractor's context per path. */
export interface LineSpec {
  /** ENV_READ_NEEDLES and the env readers the profile learned (fixed strings, substring match). */
  needles: readonly string[];
  context(path: string): EnvContext;
  /**
   * Other text a line may name `name` by (a key the environment is bound to by a prefix:
   * `OAUTH2_PROXY_COOKIE_NAME` ← `cfg:"cookie_name`): a ref so named counts, and the
   * names-only grep asks for it too.
   */
  aliases?(name: string): string[];
}

/** Longer lines are cut here before extraction (minified files). */
export const MAX_LINE = 4000;

/**
 * The first line of an executable without an extension (isScriptPath) tells whether head's env
 * index reads it at all (hasScriptShebang): the cold and the names-only greps ask git for the
 * `#!` lines with this extended expression, fileEnv looks at the text's first line.
 */
export const SHEBANG_PATTERN = '^#!.*';

/** The paths among `hits` whose first line is a `#!` line env extraction reads (hasScriptShebang). */
export function shebangPaths(hits: readonly GrepHit[]): Set<string> {
  const out = new Set<string>();
  for (const h of hits) if (h.line === 1 && hasScriptShebang(h.text)) out.add(h.path);
  return out;
}

/**
 * True when the refs of this line, read alone, need the whole file to be confirmed (confirmFileRefs):
 * a Dockerfile line that is no `ENV`/`ARG` instruction declares only if it continues an `ENV`.
 */
export function needsFileContext(path: string, text: string): boolean {
  return isDockerfilePath(path) && !DOCKER_DECLARE_LINE.test(text);
}

/** The refs of `path` that its whole `text` confirms (needsFileContext): a continuation line's only under an `ENV`. */
export function confirmFileRefs(path: string, refs: EnvRef[], text: string): EnvRef[] {
  const lines = text.split('\n');
  let cont: Set<number> | null = null;
  return refs.filter((r) => !needsFileContext(path, lines[r.line - 1] ?? '') || (cont ??= dockerEnvContinuations(lines)).has(r.line - 1));
}

/** A matcher of git pathspecs, compiled on first use (a run that touches no env name never needs it). */
function globsOf(specs: string[]): (p: string) => boolean {
  let match: ((p: string) => boolean) | null = null;
  return (p) => (match ??= picomatch(specs.map((s) => s.replace(/^:\([^)]*\)/, '')), { dot: true }))(p);
}
const namePathGlobs = globsOf(ENV_NAME_PATHSPECS);
/** Files where a line needs no env marker (ENV_NAME_PATHSPECS, and executables without an extension: ENV_SCRIPT_PATHSPECS). */
export const isEnvNamePath = (p: string): boolean => namePathGlobs(p) || isScriptPath(p);
const declarationGlobs = globsOf(ENV_DECLARATION_PATHSPECS);
/** Files that declare or document env vars (ENV_DECLARATION_PATHSPECS); never a release document (util/releaseDocs.ts). */
export const isDeclarationPath = (p: string): boolean => declarationGlobs(p) && !isReleaseDocument(p);

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
const isUpper = (c: number) => c >= 65 && c <= 90;
const isUpperDigit = (c: number) => isUpper(c) || (c >= 48 && c <= 57);

/**
 * Calls `fn` with the bounds of every word token ([A-Za-z0-9_]+, as `git grep -w` sees
 * words) of `text`; stops when it returns true. Linear.
 */
function someToken(text: string, fn: (start: number, end: number) => boolean): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isWordChar(text.charCodeAt(j))) j++;
    if (fn(i, j)) return true;
    i = j;
  }
  return false;
}

/** A token matching `[A-Za-z_][A-Z0-9_]*[A-Z][A-Z0-9_]*` whole (the env-name grep, `-w -E`). */
function isNameToken(text: string, s: number, e: number): boolean {
  if (e - s < 2 || (text.charCodeAt(s) >= 48 && text.charCodeAt(s) <= 57)) return false;
  let upper = false;
  for (let k = s + 1; k < e; k++) {
    const c = text.charCodeAt(k);
    if (isUpper(c)) upper = true;
    else if (!isUpperDigit(c) && c !== 95) return false;
  }
  return upper;
}

/** A token matching `[A-Z][A-Z0-9_]*[A-Z0-9]` whole (the declared-words grep, `-w -o -E`). */
function isUpperWord(text: string, s: number, e: number): boolean {
  if (e - s < 2 || !isUpper(text.charCodeAt(s)) || !isUpperDigit(text.charCodeAt(e - 1))) return false;
  for (let k = s + 1; k < e - 1; k++) {
    const c = text.charCodeAt(k);
    if (!isUpperDigit(c) && c !== 95) return false;
  }
  return true;
}

/** Adds the upper-case words of a line to `out`. */
export function addUpperWords(text: string, out: Set<string>): void {
  someToken(text, (s, e) => {
    if (isUpperWord(text, s, e)) out.add(text.slice(s, e));
    return false;
  });
}

/**
 * True when the head greps select this line of `path` (see FileEnv). Callers skip release documents
 * first, once per file (util/releaseDocs.ts): what a changelog announces is not what head reads.
 */
export function selectsLine(path: string, text: string, spec: LineSpec, namePath = isEnvNamePath(path)): boolean {
  for (const n of spec.needles) if (text.includes(n)) return true;
  return namePath && someToken(text, (s, e) => isNameToken(text, s, e));
}

/**
 * The refs of one selected head line. A ref whose name is not on the line (one composed
 * from parts) is left out, so that asking git for the names alone finds every ref.
 */
export function lineRefs(path: string, line: number, text: string, spec: LineSpec): EnvRef[] {
  const t = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
  const refs = extractEnvRefs(path, [{ line, text: t }], { presence: true, context: spec.context(path) });
  return refs.length ? refs.filter((r) => t.includes(r.name) || (spec.aliases?.(r.name) ?? []).some((a) => t.includes(a))) : refs;
}

/**
 * A whole file's FileEnv from its text (lines split on LF like git's, a CR kept): the
 * index reads a blob it has not seen through this.
 */
export function fileEnv(path: string, text: string, spec: LineSpec): FileEnv {
  const refs: EnvRef[] = [];
  const words = new Set<string>();
  if (isReleaseDocument(path)) return { refs, words: [] };
  // An executable without an extension is read only with a `#!` line (SHEBANG_PATTERN).
  if (isScriptPath(path)) {
    const nl = text.indexOf('\n');
    if (!hasScriptShebang(text.slice(0, nl < 0 ? text.length : nl))) return { refs, words: [] };
  }
  const namePath = isEnvNamePath(path);
  const decl = isDeclarationPath(path);
  let start = 0;
  let line = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    line++;
    const t = text.slice(start, end);
    if (selectsLine(path, t, spec, namePath)) for (const r of lineRefs(path, line, t, spec)) refs.push(r);
    if (decl) addUpperWords(t, words);
    start = end + 1;
  }
  return { refs: isDockerfilePath(path) && refs.length ? confirmFileRefs(path, refs, text) : refs, words: [...words] };
}

/** True when a FileEnv holds nothing (most files: not stored). */
export function isEmpty(f: FileEnv): boolean {
  return f.refs.length === 0 && f.words.length === 0;
}
