import { isEngineError, localeFromEnv, localizeError, VERSION } from '../core';
import { changelog } from './commands/changelog';
import { check } from './commands/check';
import { ci } from './commands/ci';
import { init } from './commands/init';
import { note } from './commands/note';
import { profile } from './commands/profile';
import { buildEnvIndexCommand, ENV_INDEX_COMMAND, setCliEntry } from './envIndex';
import { argError, EXIT_OK, EXIT_USAGE, t, USAGE, UsageError, type Command } from './usage';

/** The command table: one module per command under ./commands. */
const COMMANDS: Record<string, Command> = {
  check,
  note,
  init,
  changelog,
  profile,
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
    const run = cmd === ENV_INDEX_COMMAND ? buildEnvIndexCommand : COMMANDS[cmd];
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
    process.stderr.write(`handoff: ${oneLine(localizeError(e.message, localeFromEnv(process.env)))}\n`);
  } else if (fileSystemError(e)) {
    process.stderr.write(`handoff: ${fileSystemError(e)}\n`);
  } else {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`handoff: ${t('internal error', '内部错误')}: ${oneLine(message)} (${t('please report it; HANDOFF_DEBUG=1 shows details', '请报告此问题；设置 HANDOFF_DEBUG=1 可查看详情')})\n`);
    if (process.env.HANDOFF_DEBUG) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  }
  return EXIT_USAGE;
}

/** What a file-system error code means, in plain words (English, Chinese). */
const FS_REASONS: Record<string, [string, string]> = {
  ENOSPC: ['no space left on the device', '设备上没有剩余空间'],
  EDQUOT: ['disk quota exceeded', '超出磁盘配额'],
  EPIPE: ['the reader closed it before everything was written', '读取方在写完之前关闭了它'],
  EACCES: ['permission denied', '权限不足'],
  EPERM: ['operation not permitted', '不允许的操作'],
  EROFS: ['the file system is read-only', '文件系统为只读'],
  ENOTDIR: ['a part of the path is a file, not a folder', '路径中的某一段是文件而不是文件夹'],
  EISDIR: ['it is a folder', '它是一个文件夹'],
  ENOENT: ['it does not exist', '它不存在'],
  EEXIST: ['it already exists', '它已存在'],
  ELOOP: ['too many symbolic links', '符号链接层级过多'],
  ENAMETOOLONG: ['the name is too long', '名称过长'],
  EIO: ['an input/output error', '输入/输出错误'],
  EMFILE: ['too many open files', '打开的文件过多'],
  ENFILE: ['too many open files', '打开的文件过多'],
  EBADF: ['it is not open for writing', '它未以可写方式打开'],
};

/**
 * One line for an error of the file system (a full disk, a closed pipe, a file where a
 * folder should be), naming the path (standard output when there is none): never an
 * "internal error". Null for anything else.
 */
export function fileSystemError(e: unknown, stream?: 'standard output' | 'standard error'): string | null {
  const err = e as NodeJS.ErrnoException | null;
  const reason = err && typeof err.code === 'string' ? FS_REASONS[err.code] : undefined;
  if (!reason) return null;
  const where = err!.path ?? stream ?? (err!.syscall === 'write' ? 'standard output' : null);
  const what = where === 'standard output' ? t('standard output', '标准输出') : where === 'standard error' ? t('standard error', '标准错误') : where;
  const verb = err!.syscall === 'write' || err!.syscall === 'open' || err!.syscall === 'mkdir' ? t('cannot write', '无法写入') : t('cannot use', '无法使用');
  return what ? `${verb} ${what}: ${t(reason[0], reason[1])} (${err!.code})` : `${t(reason[0], reason[1])} (${err!.code})`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Runs the CLI on this process's arguments (dist/cli.js calls it once it has loaded this bundle). */
export function start(): void {
  // A reader that went away (`handoff check | head`) is not an error: stop quietly, as git does.
  // Any other failure of standard output (a full disk, a closed descriptor): one line naming it,
  // exit 2. Nothing more is written to it.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`handoff: ${fileSystemError(e, 'standard output') ?? oneLine(e.message)}\n`);
    } catch {
      // standard error is gone too
    }
    process.exit(EXIT_USAGE);
  });
  // Nor is a reader of standard error that went away (`handoff check 2>&1 | head -1` with
  // HANDOFF_DEBUG set): what was for it is lost and the run goes on. Unhandled, the error was
  // reported on standard error again, failed again, and so on: a process spinning for ever.
  process.stderr.on('error', () => {});
  process.on('uncaughtException', (e) => {
    process.exitCode = reportError(e);
  });
  process.on('unhandledRejection', (e) => {
    process.exitCode = reportError(e);
  });
  setCliEntry(process.argv[1]);
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) start();
