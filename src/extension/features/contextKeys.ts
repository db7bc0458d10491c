import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_PATH } from '../../core';
import { ContextKey } from '../commands/commandIds';
import type { HandoffModel } from '../model/handoffModel';
import type { SignOffs } from '../model/signoffs';

/** Keeps the `handoff.*` context keys (for `when` clauses and welcome views) in step with the model. */
export function registerContextKeys(model: HandoffModel, signoffs?: SignOffs): vscode.Disposable {
  const last = new Map<string, boolean>();
  const set = (key: ContextKey, value: boolean) => {
    if (last.get(key) === value) return;
    last.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const update = () => {
    const repos = model.repositories;
    set(ContextKey.HasRepository, repos.length > 0);
    set(ContextKey.MultipleRepositories, repos.length > 1);
    set(ContextKey.Reviewing, repos.some((r) => r.reviewing));
    set(ContextKey.Loading, repos.some((r) => r.state === 'loading' && !r.report));
    set(ContextKey.HasImpacts, repos.some((r) => (r.report?.impacts.length ?? 0) > 0 || r.state === 'error'));
    set(ContextKey.HasUncovered, repos.some((r) => (r.report?.summary.uncovered ?? 0) > 0));
    set(ContextKey.HasNotes, repos.some((r) => r.notes.length > 0));
    set(ContextKey.MultipleEnvironments, repos.some((r) => (signoffs?.environments(r).length ?? 1) > 1));
    set(ContextKey.Initialized, repos.length > 0 && repos.every((r) => fs.existsSync(path.join(r.root, ...CONFIG_PATH.split('/')))));
  };
  // The first values (all false at activation: no repository is discovered yet) are sent
  // after activation returns, not within it (issue 17).
  const first = setTimeout(update, 0);
  return vscode.Disposable.from(model.onDidChange(update), { dispose: () => clearTimeout(first) });
}
