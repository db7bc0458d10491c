import { nullLogger, type Logger } from '../core';

/** With HANDOFF_DEBUG=1 the engine's log goes to stderr with timestamps; otherwise nowhere. */
export function debugLogger(): Logger {
  if (!process.env.HANDOFF_DEBUG) return nullLogger;
  const t0 = Date.now();
  const write = (level: string) => (m: string | Error) => process.stderr.write(`[${String(Date.now() - t0).padStart(6)} ms] ${level} ${m instanceof Error ? m.stack : m}\n`);
  return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
