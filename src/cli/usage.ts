import { localeFromEnv } from '../core/report';

/** Errors in how the CLI was called: exit code 2 and one line on stderr. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export const USAGE = `usage:
  handoff check      [--repo DIR] [--base REF] [--head REF | --worktree]
                     [--format text|json|markdown|sarif|github|gitlab] [--fail-on none|uncovered|critical]
  handoff changelog  [--repo DIR] [--from REF] [--to REF] [--format markdown|json|html] [--output FILE]
  handoff note new   [--repo DIR] [--title TEXT] [--cover PATH ...]
  handoff init       [--repo DIR]

  handoff <command> --help   help on one command
  handoff --version`;

/** A CLI command: gets its own argv, returns the exit code. */
export type Command = (argv: string[]) => Promise<number>;

/** The CLI's own words in the user's language (LANG / LC_ALL / HANDOFF_LANG); engine messages stay English. */
export function t(en: string, zh: string): string {
  return localeFromEnv(process.env) === 'zh-cn' ? zh : en;
}

/**
 * Turns node:util parseArgs errors (long, multi-sentence) into one short line that
 * names the option and where to get help.
 */
export function argError(e: unknown, command: string): UsageError | null {
  const err = e as { code?: string; message?: string };
  if (!err?.code?.startsWith('ERR_PARSE_ARGS')) return null;
  const msg = err.message ?? '';
  const quoted = /'([^']+)'/.exec(msg)?.[1] ?? '';
  const help = t(`run 'handoff ${command} --help'`, `运行 'handoff ${command} --help' 查看用法`);
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(t(`unknown option '${quoted}' for '${command}' (${help})`, `'${command}' 没有选项 '${quoted}'（${help}）`));
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const opt = quoted.split(' ')[0] || quoted;
      return new UsageError(
        /argument missing/.test(msg)
          ? t(`option '${opt}' needs a value (${help})`, `选项 '${opt}' 需要一个值（${help}）`)
          : t(`option '${opt}' takes no value (${help})`, `选项 '${opt}' 不接受值（${help}）`),
      );
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(t(`unexpected argument '${quoted}' (${help})`, `多余的参数 '${quoted}'（${help}）`));
    default:
      return new UsageError(`${msg.split('\n')[0]} (${help})`);
  }
}
