/** Errors in how the CLI was called: exit code 2 with the usage text. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export const USAGE = `usage:
  handoff check      [--repo DIR] [--base REF] [--head REF | --worktree]
                     [--format text|json|markdown|sarif|github|gitlab] [--fail-on none|uncovered|critical]
  handoff changelog  [--repo DIR] [--from REF] [--to REF] [--format markdown|json|html] [--output FILE]
  handoff note new   [--repo DIR] [--title TEXT] [--cover PATH ...]
  handoff init       [--repo DIR]`;

/** A CLI command: gets its own argv, returns the exit code. */
export type Command = (argv: string[]) => Promise<number>;
