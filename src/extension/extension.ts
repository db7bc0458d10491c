import * as vscode from 'vscode';
import { isEngineError, type Report } from '../core';
import type { AnalysisStatus } from '../shared/protocol';
import { registerLanguageClient } from './client';
import { registerCommands } from './commands';
import { ContextKey } from './commands/commandIds';
import { Config } from './config';
import { ErrorReporter } from './errors';
import { registerCodeActions } from './features/codeActions';
import { registerCodeLens } from './features/codeLens';
import { registerContextKeys } from './features/contextKeys';
import { registerDecorations } from './features/decorations';
import { registerDiagnostics } from './features/diagnostics';
import { registerGitContentProvider } from './features/gitContent';
import { registerBranchNotifications } from './features/notifications';
import { registerStatusBar } from './features/statusBar';
import { RepositoryWatcher } from './git/repositoryWatcher';
import { Log } from './log';
import { HandoffModel } from './model/handoffModel';
import { BaseRecovery } from './features/baseRecovery';
import { registerReviewDiffFeatures } from './features/reviewDiff';
import { registerSignOffHovers } from './features/signoffHover';
import { detectPullRequest } from './git/pullRequestDetect';
import { SignOffs } from './model/signoffs';
import { registerChecklistView, type ChecklistNode, type ChecklistTickResult } from './views/checklistTree';
import { registerImpactView, type ImpactNode } from './views/impactTree';

/**
 * What `activate` returns: a small API for other extensions and for the in-host tests
 * (`vscode.extensions.getExtension('handoff.handoff').exports`).
 */
export interface HandoffApi {
  /** Resolves once no repository has an analysis running or changes waiting. */
  whenIdle(): Promise<void>;
  /** Roots of the repositories Handoff follows. */
  repositories(): string[];
  /** The current report of a repository (the first one by default). */
  report(root?: string): Report | undefined;
  /** How many full analyses and incremental (per-save) updates a repository has run. */
  analysisCounts(root: string): { fullLoads: number; updates: number } | undefined;
  /** The Impact view's children of a node (the roots without one). */
  impactChildren(node?: ImpactNode): ImpactNode[];
  /** The Checklist view's children of a node (the roots without one). */
  checklistChildren(node?: ChecklistNode): Promise<ChecklistNode[]>;
  /** What ticking checkboxes in the Checklist view does: the same handler the tree event calls. */
  setChecklistItemsDone(changes: [ChecklistNode, boolean][]): Promise<ChecklistTickResult[]>;
  /** The impacts the Impact view shows, in its order (sort and filter applied). */
  visibleImpacts(): { repo: string; path: string }[];
  /** Follows the repository at `root` (as opening a file in it would); false when it is none. */
  follow(root: string): Promise<boolean>;
  /** Stops following the repository at `root` (as closing its folder would). */
  unfollow(root: string): void;
  /** Where sign-offs of a repository are kept (the local store's file). */
  signOffFile(root: string): Promise<string | undefined>;
  /**
   * The note language server's view of the document's repository, answered at once: its own
   * analysis counters (none run while this extension owns the analyses), the reports it
   * received. Undefined while the server is not running.
   */
  serverStatus(uri: vscode.Uri): Promise<AnalysisStatus | undefined>;
  /** How many reports the extension pushed to the language server. */
  reportsPushed(): number;
  /** Of those, how many went whole and how many as deltas of the one before (a save's update: a delta). */
  reportPushes(): { full: number; delta: number };
  /** How long `activate` took (ms); `npm run bench` reports it. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): HandoffApi {
  const started = Date.now();
  const startedPrecise = performance.now();
  const log = new Log('Handoff');
  const config = new Config();
  const errors = new ErrorReporter(log);
  let baseRecovery: BaseRecovery | undefined;
  const model = new HandoffModel({
    config,
    logger: (component) => log.for(component),
    chosenBase: (root) => baseRecovery?.chosenBase(root),
    detectPullRequest,
    onError: async (e, repo) => {
      // A base that cannot be compared with: "Choose Base Branch…" (or a diagnostic in the config file).
      if (baseRecovery && (await baseRecovery.onError(e, repo))) return;
      // A repository without commits has nothing to compare yet: the views say so, no pop-up.
      if (isEngineError(e) && e.code === 'unknown-ref' && /no commits/.test(e.message)) return;
      // A config being edited fails on every save with a new position: the language server
      // marks it in the file and the Impact view shows it; a pop-up per save would nag.
      if (isEngineError(e) && e.code === 'bad-config') {
        log.channel.warn(`[analysis ${repo.name}] ${e.message}`);
        return;
      }
      errors.report(e, `analysis ${repo.name}`);
    },
  });
  const client = registerLanguageClient(context, log, model);
  const watcher = new RepositoryWatcher(model, log.for('git'), {
    onRangeMoved: (root) => client.notifyRepositoryChanged(root),
    onFilesChanged: () => undefined, // the language server has its own file watcher
  });
  baseRecovery = new BaseRecovery(model, context.workspaceState);
  const signoffs = new SignOffs(model, context.workspaceState);
  const impact = registerImpactView(model);
  const checklist = registerChecklistView(model, config, log.for('checklist'), signoffs);

  context.subscriptions.push(
    log,
    config,
    model,
    client,
    watcher,
    impact.disposable,
    checklist.disposable,
    baseRecovery,
    signoffs,
    registerGitContentProvider(model),
    registerReviewDiffFeatures(model),
    registerSignOffHovers(model, signoffs),
    registerDiagnostics(model, config),
    registerCodeActions(model),
    registerCodeLens(model, config),
    registerStatusBar(model, config),
    registerDecorations(model, config),
    registerBranchNotifications(model, config, context.workspaceState),
    registerContextKeys(model, signoffs),
    registerCommands({ extensionContext: context, model, config, log, errors, checklist: checklist.provider, impact, signoffs, baseRecovery }),
    config.onDidChange((c) => log.channel.info(`[config] ${c.keys.join(', ')} changed: ${JSON.stringify(config.settings)}`)),
  );
  const activationMs = performance.now() - startedPrecise;

  // Discovery, the first analyses and the language server for notes already open run after
  // activation returns, never inside it; so does the log channel's creation (see Log).
  setTimeout(() => {
    log.channel.info(`[activate] Handoff ${context.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms, in ${vscode.env.appName} ${vscode.version}; settings ${JSON.stringify(config.settings)}; trusted: ${vscode.workspace.isTrusted}`);
    void watcher.start().then(() => {
      void vscode.commands.executeCommand('setContext', ContextKey.Ready, true);
      log.channel.info(`[activate] repositories found in ${Date.now() - started} ms: ${model.repositories.map((r) => r.root).join(', ') || 'none'}`);
    });
    try {
      client.startForOpenDocuments();
    } catch (e) {
      errors.report(e, 'language server');
    }
  }, 0);

  return {
    whenIdle: () => model.idle(),
    repositories: () => model.repositories.map((r) => r.root),
    report: (root) => (root ? model.get(root) : model.repositories[0])?.report,
    analysisCounts: (root) => {
      const repo = model.get(root);
      return repo && { ...repo.counts };
    },
    impactChildren: (node) => impact.provider.getChildren(node),
    checklistChildren: (node) => checklist.provider.getChildren(node),
    setChecklistItemsDone: (changes) => checklist.provider.setItemsDone(changes),
    visibleImpacts: () => impact.provider.visibleImpacts().map(({ repo, impact: i }) => ({ repo: repo.root, path: i.path })),
    follow: async (root) => !!(await model.open(root)),
    unfollow: (root) => model.close(root),
    signOffFile: async (root) => {
      const repo = model.get(root);
      return repo ? (await signoffs.store(repo)).file : undefined;
    },
    serverStatus: (uri) => client.serverStatus(uri),
    reportsPushed: () => client.pushes(),
    reportPushes: () => client.pushCounts(),
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes them.
}
