import type * as vscode from 'vscode';
import type { Config } from '../config';
import type { ErrorReporter } from '../errors';
import type { Log } from '../log';
import type { HandoffModel } from '../model/handoffModel';
import type { BaseRecovery } from '../features/baseRecovery';
import type { SignOffs } from '../model/signoffs';
import type { ChecklistTreeProvider } from '../views/checklistTree';
import type { ImpactNode, ImpactTreeProvider } from '../views/impactTree';

/** What command handlers work with; built once in `activate`. */
export interface CommandContext {
  extensionContext: vscode.ExtensionContext;
  model: HandoffModel;
  config: Config;
  log: Log;
  errors: ErrorReporter;
  checklist: ChecklistTreeProvider;
  impact: { provider: ImpactTreeProvider; view: vscode.TreeView<ImpactNode> };
  signoffs: SignOffs;
  baseRecovery: BaseRecovery;
}
