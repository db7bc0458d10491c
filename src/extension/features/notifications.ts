import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import type { Config } from '../config';
import type { HandoffModel } from '../model/handoffModel';
import type { CreateNoteArgs } from './codeActions';

const STATE_KEY = 'handoff.notifiedBranches';
const MAX_REMEMBERED = 200;

/**
 * At most one notification per branch (remembered across sessions): when a branch first
 * has changes that need a note and have none. Only at prompting level `normal`.
 */
export function registerBranchNotifications(model: HandoffModel, config: Config, state: vscode.Memento): vscode.Disposable {
  const notified = new Set<string>(state.get<string[]>(STATE_KEY, []));

  return model.onDidChange(async (repo) => {
    if (!repo || config.prompting !== 'normal' || repo.reviewing || repo.state !== 'ready' || !repo.report) return;
    const uncovered = repo.report.summary.uncovered;
    if (!uncovered) return;
    // The Git extension may not have reported the branch yet: ask git, so the message (and
    // the once-per-branch memory) names the branch, not a commit.
    const branch = repo.branch ?? (await repo.git.currentBranch().catch(() => null)) ?? repo.report.range.headSha.slice(0, 12);
    const key = `${repo.root}\0${branch}`;
    if (notified.has(key)) return;
    notified.add(key);
    void state.update(STATE_KEY, [...notified].slice(-MAX_REMEMBERED));

    const create = vscode.l10n.t('Create Note');
    const show = vscode.l10n.t('Show Impact');
    const quiet = vscode.l10n.t('Fewer Prompts');
    const message =
      uncovered === 1
        ? vscode.l10n.t('1 change on {0} needs a deployment note.', branch)
        : vscode.l10n.t('{0} changes on {1} need a deployment note.', uncovered, branch);
    void vscode.window.showInformationMessage(message, create, show, quiet).then(async (pick) => {
      if (pick === create) {
        const args: CreateNoteArgs = { repo: repo.root };
        await vscode.commands.executeCommand(CommandId.CreateNote, args);
      } else if (pick === show) {
        await vscode.commands.executeCommand(CommandId.ShowImpact);
      } else if (pick === quiet) {
        await vscode.workspace.getConfiguration('handoff').update('prompting', 'quiet', vscode.ConfigurationTarget.Global);
      }
    });
  });
}
