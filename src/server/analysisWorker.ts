/**
 * The language server's analysis thread (see ./analysis.ts): started from the bundle with
 * `workerData.handoffAnalysisWorker`, it runs one repository's analyses and answers by message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../core';
import { SessionRunner, type FromWorker, type ToWorker, type WorkerData } from './analysis';

const port = parentPort!;
const data = workerData as WorkerData;
const post = (m: FromWorker): void => port.postMessage(m);
const logger: Logger = {
  trace: (m) => post({ type: 'log', level: 'debug', message: m }),
  debug: (m) => post({ type: 'log', level: 'debug', message: m }),
  info: (m) => post({ type: 'log', level: 'info', message: m }),
  warn: (m) => post({ type: 'log', level: 'warn', message: m }),
  error: (m) => post({ type: 'log', level: 'error', message: m instanceof Error ? (m.stack ?? m.message) : m }),
};
const runner = new SessionRunner(data.root, logger);
const running = new Map<number, AbortController>();

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    running.get(m.id)?.abort(new Error('cancelled'));
    return;
  }
  const abort = new AbortController();
  running.set(m.id, abort);
  runner.run(m.work, m.settings, abort.signal).then(
    (outcome) => post({ type: 'done', id: m.id, outcome }),
    () => post({ type: 'cancelled', id: m.id }),
  ).finally(() => running.delete(m.id));
});
