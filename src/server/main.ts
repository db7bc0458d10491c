/**
 * The note language server's entry (dist/server.js): creates the connection (stdio with
 * `--stdio`, IPC when started by the extension's client), sends `console` output to the
 * client's log, and hands over to `startServer`.
 */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

// dist/server.js → <extension>/l10n/server; analyses run in worker threads started from this
// bundle (dist/extension.js, see src/bundle.ts), off the thread that answers requests.
startServer(connection, { l10nDir: path.join(__dirname, '..', 'l10n', 'server'), analysisWorker: __filename });
