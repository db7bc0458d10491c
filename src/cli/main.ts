import { isEngineError, VERSION } from '../core';
import { changelog } from './commands/changelog';
import { check } from './commands/check';
import { ci } from './commands/ci';
import { init } from './commands/init';
import { note } from './commands/note';
import { argError, EXIT_OK, EXIT_USAGE, t, USAGE, UsageError, type Command } from './usage';

/** The command table: one module per command under ./commands. */
const COMMANDS: Record<string, Command> = {
  check,
  note,
  init,
  changelog,
  ci,
};

/**
 * Runs one command and returns the exit code. Every failure becomes exactly one line on
 * stderr: usage and input errors (EngineError) exit 2; anything else is an internal
 * error, also exit 2, with the stack only under HANDOFF_DEBUG=1.
 */
export async function main(argv: string[]): Promise<number> {
  const lang = takeLang(argv);
  if (lang.value !== undefined) process.env.HANDOFF_LANG = lang.value;
  const [cmd, ...rest] = lang.argv;
  try {
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(USAGE + '\n');
      return EXIT_OK;
    }
    if (!cmd) {
      process.stdout.write(USAGE + '\n');
      process.stderr.write(`handoff: ${t('missing command', '缺少命令')} (${Object.keys(COMMANDS).join(', ')})\n`);
      return EXIT_USAGE;
    }
    if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
      process.stdout.write(VERSION + '\n');
      return EXIT_OK;
    }
    const run = COMMANDS[cmd];
    if (!run) {
      throw new UsageError(
        cmd.startsWith('-')
          ? t(`unknown option '${cmd}' (run 'handoff --help')`, `未知选项 '${cmd}'（运行 'handoff --help' 查看用法）`)
          : t(`unknown command '${cmd}' (commands: ${Object.keys(COMMANDS).join(', ')}; run 'handoff --help')`, `未知命令 '${cmd}'（可用命令：${Object.keys(COMMANDS).join('、')}；运行 'handoff --help' 查看用法）`),
      );
    }
    return await run(rest);
  } catch (e) {
    return reportError(e, cmd);
  }
}

/**
 * `--lang en|zh-cn` anywhere on the command line chooses the language of everything the
 * CLI prints (as HANDOFF_LANG does); it is taken out before the command sees its options.
 */
export function takeLang(argv: string[]): { argv: string[]; value?: string } {
  const out: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a === '--lang' && i + 1 < argv.length) value = argv[++i];
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
    else out.push(a);
  }
  return { argv: out, value };
}

/** One line on stderr for any failure; returns exit code 2. */
export function reportError(e: unknown, cmd = ''): number {
  const usage = e instanceof UsageError ? e : argError(e, cmd);
  if (usage) {
    process.stderr.write(`handoff: ${oneLine(usage.message)}\n`);
  } else if (isEngineError(e)) {
    process.stderr.write(`handoff: ${oneLine(e.message)}\n`);
  } else {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`handoff: ${t('internal error', '内部错误')}: ${oneLine(message)} (${t('please report it; HANDOFF_DEBUG=1 shows details', '请报告此问题；设置 HANDOFF_DEBUG=1 可查看详情')})\n`);
    if (process.env.HANDOFF_DEBUG) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  }
  return EXIT_USAGE;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}

if (require.main === module) {
  // A reader that goes away (`handoff check | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.on('uncaughtException', (e) => {
    process.exitCode = reportError(e);
  });
  process.on('unhandledRejection', (e) => {
    process.exitCode = reportError(e);
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
