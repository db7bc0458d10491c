/**
 * Text no person wrote: minified or bundled output committed to the repository (a vendored
 * `static/assets/chunk-GJ6CDUB5.js`, a `*.min.js`, an editor's web worker). Its reads of
 * `process.env.x`, its SQL strings and its identifiers are the bundled library's, not the
 * project's: a browser bundle's env reads were replaced when it was built, and a bundled
 * SQL engine's `CREATE TABLE` strings change no schema. The generic layer and the env pass
 * leave such a side of a change alone (the file is still listed if a rule names it).
 *
 * The test is a line no formatter or person writes: 4,096 characters or more. Hand-written
 * code stays under a few hundred; minified bundles put tens of kilobytes on a line.
 */
export const MACHINE_LINE_LENGTH = 4096;

/** Whether any of these lines is long enough to have been written by a minifier or bundler. */
export function hasMachineLine(lines: Iterable<{ text: string }>): boolean {
  for (const l of lines) if (l.text.length >= MACHINE_LINE_LENGTH) return true;
  return false;
}
