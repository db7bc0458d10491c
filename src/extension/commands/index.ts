import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { CommandContext } from './context';
import { exportChangeLog } from './exportChangeLog';
import { filterByRole, openDiff, openFile, refresh, showImpact } from './navigation';
import { addToNote, createNote, init, openNote } from './notes';
import { Cancelled } from './pickers';
import { backToWorkingTree, reviewBranch } from './review';
import { reviewPullRequest } from './pullRequest';
import { applySignOffs, chooseEnvironment } from './signoff';
import { setUncoveredOnly, sortImpacts, stepImpact } from './triage';
import { chooseBaseBranch } from '../features/baseRecovery';

type Handler = (...args: never[]) => unknown;

/** Every command: id → handler. The manifest's `contributes.commands` lists the same ids. */
function commandTable(ctx: CommandContext): Record<CommandId, Handler> {
  return {
    [CommandId.ReviewBranch]: (args?: Parameters<typeof reviewBranch>[1]) => reviewBranch(ctx, args ?? {}),
    [CommandId.BackToWorkingTree]: (args?: Parameters<typeof backToWorkingTree>[1]) => backToWorkingTree(ctx, args ?? {}),
    [CommandId.ExportChangeLog]: (args?: Parameters<typeof exportChangeLog>[1]) => exportChangeLog(ctx, args ?? {}),
    [CommandId.CreateNote]: (args?: Parameters<typeof createNote>[1]) => createNote(ctx, args),
    [CommandId.AddToNote]: (args?: Parameters<typeof addToNote>[1]) => addToNote(ctx, args),
    [CommandId.Refresh]: () => refresh(ctx),
    [CommandId.Init]: (args?: Parameters<typeof init>[1]) => init(ctx, args ?? {}),
    [CommandId.OpenDiff]: (args?: Parameters<typeof openDiff>[1]) => openDiff(ctx, args),
    [CommandId.OpenFile]: (args?: Parameters<typeof openFile>[1]) => openFile(ctx, args),
    [CommandId.OpenNote]: (args?: Parameters<typeof openNote>[1]) => openNote(ctx, args ?? {}),
    [CommandId.FilterByRole]: (roles?: string[]) => filterByRole(ctx, roles),
    [CommandId.ClearRoleFilter]: () => ctx.checklist.setRoleFilter([]),
    [CommandId.ShowLog]: () => ctx.log.show(),
    [CommandId.ShowImpact]: () => showImpact(),
    [CommandId.ReviewPullRequest]: (args?: Parameters<typeof reviewPullRequest>[1]) => reviewPullRequest(ctx, args ?? {}),
    [CommandId.ChooseBaseBranch]: (args?: Parameters<typeof chooseBaseBranch>[2]) => chooseBaseBranch(ctx, ctx.baseRecovery, args ?? {}),
    [CommandId.NextImpact]: () => stepImpact(ctx, 1),
    [CommandId.PreviousImpact]: () => stepImpact(ctx, -1),
    [CommandId.SortImpacts]: (sort?: Parameters<typeof sortImpacts>[1]) => sortImpacts(ctx, typeof sort === 'string' ? sort : undefined),
    [CommandId.ShowUncoveredOnly]: () => setUncoveredOnly(ctx, true),
    [CommandId.ShowAllImpacts]: () => setUncoveredOnly(ctx, false),
    [CommandId.ChooseEnvironment]: (env?: string) => chooseEnvironment(ctx, typeof env === 'string' ? env : undefined),
    [CommandId.ApplySignOffs]: (args?: Parameters<typeof applySignOffs>[1]) => applySignOffs(ctx, args ?? {}),
  };
}

/**
 * Registers every command behind one error boundary: a dismissed picker ends quietly;
 * any other error is logged and shown in plain words with "Show Log" (never thrown back
 * into VS Code, which would show a second, raw message).
 */
export function registerCommands(ctx: CommandContext): vscode.Disposable {
  const table = commandTable(ctx);
  const log = ctx.log.for('commands');
  return vscode.Disposable.from(
    ...Object.entries(table).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        log.trace(`${id}`);
        try {
          return await (handler as (...a: unknown[]) => unknown)(...args);
        } catch (e) {
          if (e instanceof Cancelled || e instanceof vscode.CancellationError) return undefined;
          ctx.errors.report(e, id, { always: true });
          return undefined;
        }
      }),
    ),
  );
}
