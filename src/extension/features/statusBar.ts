import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import type { Config } from '../config';
import { describeError } from '../errors';
import type { HandoffModel } from '../model/handoffModel';

/** Id of the status-bar item (users can hide it by this id; tests find it by it). */
export const STATUS_ITEM_ID = 'handoff.status';

/**
 * The count of uncovered impacts (changes that need a deployment note and have none), over
 * every repository; the range under review when reviewing. Clicking shows the Impact view.
 */
export function registerStatusBar(model: HandoffModel, config: Config): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 40);
  item.name = vscode.l10n.t('Handoff');
  item.command = CommandId.ShowImpact;

  const render = () => {
    const repos = model.repositories;
    const reviewing = repos.filter((r) => r.reviewing);
    if (!repos.length || (config.prompting === 'off' && !reviewing.length)) {
      item.hide();
      return;
    }
    const failed = repos.find((r) => r.state === 'error');
    const loading = repos.some((r) => r.state === 'loading') && repos.every((r) => !r.report);
    const uncovered = repos.reduce((n, r) => n + (r.report?.summary.uncovered ?? 0), 0);
    const impacts = repos.reduce((n, r) => n + (r.report?.summary.impacts ?? 0), 0);
    const icon = failed ? '$(error)' : loading ? '$(sync~spin)' : uncovered ? '$(checklist)' : '$(pass)';
    const range = reviewing.length ? `${reviewing.map((r) => r.rangeLabel(vscode.l10n.t('working tree'))).join(', ')}: ` : '';
    item.text = `${icon} ${range}${uncovered}`;
    const lines: string[] = [];
    if (failed) lines.push(describeError(failed.error));
    lines.push(
      uncovered === 1
        ? vscode.l10n.t('1 change needs a deployment note')
        : vscode.l10n.t('{0} changes need a deployment note', uncovered),
      vscode.l10n.t('{0} deployment impacts in total', impacts),
    );
    for (const r of repos) lines.push(`${r.name}: ${r.rangeLabel(vscode.l10n.t('working tree'))}`);
    item.tooltip = lines.join('\n');
    item.accessibilityInformation = { label: lines.slice(0, 2).join('. ') };
    item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };

  // A new item is hidden: with no repository yet (activation) there is nothing to show or hide.
  if (model.repositories.length) render();
  return vscode.Disposable.from(item, model.onDidChange(render), config.onDidChange(render));
}
