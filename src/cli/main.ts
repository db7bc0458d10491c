import { isEngineError, VERSION } from '../core';
import { check } from './commands/check';
import { EXIT_OK, EXIT_USAGE, USAGE, UsageError, type Command } from './usage';

/** The command table: one module per command under ./commands. */
const COMMANDS: Record<string, Command> = {
  check,
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(USAGE + '\n');
      return cmd ? EXIT_OK : EXIT_USAGE;
    }
    if (cmd === '--version' || cmd === '-v') {
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
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
