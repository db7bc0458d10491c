import { parseArgs, type ParseArgsConfig } from 'node:util';
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
  handoff profile    [--repo DIR] [--format text|json]
  handoff ci         [--provider github|gitlab] [--base REF] [--fail-on …]   in a CI job: reports, one PR/MR comment

  handoff <command> --help   help on one command
  handoff --version

  --lang en|zh-cn    language of the output (default: HANDOFF_LANG, LC_ALL, LANG)`;

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

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's options (with `--help`, no positionals); on `--help` prints the
 * help in the user's language and returns null. Parse errors become one UsageError line.
 */
export function parseCommandArgs<const O extends OptionsConfig>(argv: string[], command: string, options: O, help: readonly [en: string, zh: string]) {
  type WithHelp = O & { help: { type: 'boolean'; short: 'h' } };
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp;
  let parsed;
  try {
    parsed = parseArgs<{ args: string[]; options: WithHelp; strict: true; allowPositionals: false }>({ args: argv, options: all, strict: true, allowPositionals: false });
  } catch (e) {
    throw argError(e, command) ?? e;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(t(help[0], help[1]) + '\n');
    return null;
  }
  return parsed.values;
}

/** `value` if it is one of `allowed`, else a UsageError naming what it is (`label`: "format", "--fail-on") and the choices. */
export function expectOneOf<T extends string>(value: string | undefined, allowed: readonly T[], label: string, labelZh = label): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(t(`unknown ${label} '${value}' (expected one of: ${allowed.join(', ')})`, `未知${labelZh} '${value}'（可选：${allowed.join('、')}）`));
}
