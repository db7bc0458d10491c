import { parseArgs } from 'node:util';
import { analyze, isEngineError, WORKTREE } from '../core';
import { CHECK_FORMATS, renderReport, type CheckFormat } from '../core/report';

/** Exit codes of the CLI contract. */
const EXIT_OK = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

const USAGE = `usage:
  handoff check      [--repo DIR] [--base REF] [--head REF | --worktree]
                     [--format text|json|markdown|sarif|github|gitlab] [--fail-on none|uncovered|critical]
  handoff changelog  [--repo DIR] [--from REF] [--to REF] [--format markdown|json|html] [--output FILE]
  handoff note new   [--repo DIR] [--title TEXT] [--cover PATH ...]
  handoff init       [--repo DIR]`;

async function check(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      worktree: { type: 'boolean' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'uncovered' },
    },
    strict: true,
  });
  const format = values.format as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (expected ${CHECK_FORMATS.join(', ')})`);
  const failOn = values['fail-on'];
  if (!['none', 'uncovered', 'critical'].includes(failOn!)) throw new UsageError(`unknown --fail-on '${failOn}' (expected none, uncovered or critical)`);
  if (values.head && values.worktree) throw new UsageError('--head and --worktree exclude each other');
  const report = await analyze({ repo: values.repo ?? process.cwd(), base: values.base, head: values.worktree ? WORKTREE : values.head });
  process.stdout.write(renderReport(report, format, { color: format === 'text' && process.stdout.isTTY && !process.env.NO_COLOR }));
  if (failOn === 'uncovered' && report.summary.uncovered > 0) return EXIT_FAIL;
  if (failOn === 'critical' && report.impacts.some((i) => i.severity === 'critical' && i.coveredBy.length === 0)) return EXIT_FAIL;
  return EXIT_OK;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { check };

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(USAGE + '\n');
      return cmd ? EXIT_OK : EXIT_USAGE;
    }
    if (cmd === '--version' || cmd === '-v') {
      const { VERSION } = await import('../core');
      process.stdout.write(VERSION + '\n');
      return EXIT_OK;
    }
    const run = COMMANDS[cmd];
    if (!run) throw new UsageError(`unknown command '${cmd}'`);
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`handoff: ${(e as Error).message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (isEngineError(e)) {
      process.stderr.write(`handoff: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`handoff: internal error: ${(e as Error)?.message ?? String(e)} (please report this; run with HANDOFF_DEBUG=1 for details)\n`);
    if (process.env.HANDOFF_DEBUG) process.stderr.write(String((e as Error)?.stack) + '\n');
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_USAGE;
    },
  );
}
