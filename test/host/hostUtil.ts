// Helpers for the editor's in-host suites: the extension's test API, real git in the
// workspace, and waiting on real conditions (polling the state, never fixed sleeps).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HandoffApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'handoff.handoff';
export const DEMO_NOTE = '.handoff/notes/2026-11-24-billing-api-key.md';
export const DEMO_MIGRATION = 'db/migrate/20261124093000_remove_legacy_plan_from_accounts.rb';

export function workspaceDir(): string {
  const ws = process.env.HANDOFF_TEST_WORKSPACE;
  if (!ws) throw new Error('HANDOFF_TEST_WORKSPACE is not set (run through scripts/host-tests.mjs)');
  return fs.realpathSync(ws);
}

export async function handoff(): Promise<HandoffApi> {
  const ext = vscode.extensions.getExtension<HandoffApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await waitFor(() => api.repositories().length > 0, 'a repository is followed');
  await api.whenIdle();
  return api;
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeout` ms. */
export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

export function abs(rel: string, root = workspaceDir()): string {
  return path.join(root, ...rel.split('/'));
}

export function uriOf(rel: string, root = workspaceDir()): vscode.Uri {
  return vscode.Uri.file(abs(rel, root));
}

export function handoffDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'handoff');
}

/** Writes a file through an editor and saves it: the path a developer takes. */
export async function writeAndSave(rel: string, content: string): Promise<vscode.TextDocument> {
  const file = abs(rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, '');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), content));
  // save() is false when auto-save (on by default in code-server) is saving it at the same
  // moment: what counts is that the file on disk ends up with the text and the editor clean.
  await doc.save();
  await waitFor(() => !doc.isDirty && fs.readFileSync(file, 'utf8') === content, `${rel} saved`);
  return doc;
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
