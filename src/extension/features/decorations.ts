import * as vscode from 'vscode';
import type { Config } from '../config';
import type { HandoffModel } from '../model/handoffModel';
import { coverState } from './labels';

/**
 * Explorer badges on impacted files of the working tree: `!` for a change that needs a
 * note and has none, `✓` for a covered one. Keeps a map of decorations and fires the
 * union of old and new URIs on each change.
 */
export function registerDecorations(model: HandoffModel, config: Config): vscode.Disposable {
  let decorations = new Map<string, vscode.FileDecoration>();
  const changed = new vscode.EventEmitter<vscode.Uri[]>();

  const compute = () => {
    const next = new Map<string, vscode.FileDecoration>();
    const uris = new Map<string, vscode.Uri>();
    const repos = model.repositories;
    // No repository (activation): no decoration, and the settings are not read for nothing.
    if (repos.length && config.prompting !== 'off') {
      for (const repo of repos) {
        if (repo.reviewing || !repo.report) continue;
        for (const impact of repo.report.impacts) {
          if (impact.status === 'deleted') continue;
          const state = coverState(impact);
          if (state === 'info') continue;
          const uri = repo.uriOf(impact.path);
          const key = uri.toString();
          // A file with several impacts shows the worst state.
          if (next.get(key)?.badge === '!') continue;
          next.set(
            key,
            state === 'uncovered'
              ? new vscode.FileDecoration('!', vscode.l10n.t('Handoff: needs a deployment note'), new vscode.ThemeColor('list.warningForeground'))
              : new vscode.FileDecoration('✓', vscode.l10n.t('Handoff: covered by a deployment note')),
          );
          uris.set(key, uri);
        }
      }
    }
    const touched: vscode.Uri[] = [...uris.values()];
    for (const key of decorations.keys()) if (!next.has(key)) touched.push(vscode.Uri.parse(key));
    decorations = next;
    if (touched.length) changed.fire(touched);
  };

  const provider: vscode.FileDecorationProvider = {
    onDidChangeFileDecorations: changed.event,
    provideFileDecoration: (uri) => decorations.get(uri.toString()),
  };
  compute();
  return vscode.Disposable.from(changed, vscode.window.registerFileDecorationProvider(provider), model.onDidChange(compute), config.onDidChange(compute));
}
