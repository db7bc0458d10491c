/**
 * The entry of dist/extension.js, the one bundle the .vsix ships for both processes: the extension
 * host loads it for `activate`, and the note language server's process (dist/server.js, a loader of
 * two lines) calls `startLanguageServer`. Both halves use the engine, which is thus in the package
 * once. Each half is `require`d only when its process asks for it (esbuild turns these requires into
 * lazy module initialisers), so the server never evaluates a module that imports `vscode`, and
 * activation does not start the server's code.
 */
import type * as vscode from 'vscode';
import type * as Extension from './extension/extension';

const extension = (): typeof Extension => require('./extension/extension') as typeof Extension;

export function activate(context: vscode.ExtensionContext): Extension.HandoffApi {
  return extension().activate(context);
}

export function deactivate(): void {
  extension().deactivate();
}

/** Runs the language server in this process (stdio with `--stdio`, IPC when the client starts it). */
export function startLanguageServer(): void {
  require('./server/main');
}

/** Runs one repository's analyses in this worker thread (the language server starts it: src/server/analysis.ts). */
export function startAnalysisWorker(): void {
  require('./server/analysisWorker');
}
