import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A git that logs its arguments (one command a line, NUL-separated) and runs the real one, for
 * `SimpleGitSource.open(dir, bin)`. `noPcre`: refuses `-P` as a git built without PCRE does; `pcreError`: refuses
 * it with that message (as git does a pattern its PCRE cannot compile).
 * `sleepOn`: a command holding that argument sleeps `seconds` instead of running; `sleepEnd()` says how that
 * ended: 'killed' (SIGTERM, written by the wrapper's trap), 'finished' (it slept its time) or null (not yet).
 * `delayOn`: a command holding that argument runs a second late.
 */
export function loggingGit(opts: { noPcre?: boolean; pcreError?: string; sleepOn?: string; seconds?: number; delayOn?: string } = {}): { bin: string; calls(): string[][]; sleepEnd(): 'killed' | 'finished' | null; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-gitlog-'));
  const log = path.join(dir, 'log');
  const end = path.join(dir, 'sleep-end');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = path.join(dir, 'git');
  const pcreError = opts.noPcre ? 'fatal: cannot use Perl-compatible regexes when not compiled with USE_LIBPCRE' : opts.pcreError;
  const refuse = pcreError ? `for a in "$@"; do [ "$a" = "-P" ] && { echo '${pcreError.replace(/'/g, "'\\''")}' >&2; exit 128; }; done\n` : '';
  const delay = opts.delayOn ? `for a in "$@"; do [ "$a" = "${opts.delayOn}" ] && sleep 1; done\n` : '';
  // (the sleep in the background, off the pipes, so that the trap runs as soon as the signal comes; it ends with the wrapper)
  const sleep = opts.sleepOn
    ? `for a in "$@"; do [ "$a" = "${opts.sleepOn}" ] && { trap 'kill $p 2>/dev/null; echo killed > "${end}"; exit 143' TERM; sleep ${opts.seconds ?? 5} </dev/null >/dev/null 2>&1 & p=$!; wait $p; echo finished > '${end}'; exit 0; }; done\n`
    : '';
  fs.writeFileSync(bin, `#!/bin/sh\nprintf '%s\\0' "$@" >> '${log}'\nprintf '\\n' >> '${log}'\n${refuse}${delay}${sleep}exec '${real}' "$@"\n`, { mode: 0o755 });
  return {
    bin,
    sleepEnd: () => {
      const text = fs.existsSync(end) ? fs.readFileSync(end, 'utf8').trim() : '';
      return text === 'killed' || text === 'finished' ? text : null;
    },
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\0').filter(Boolean)) : []),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
