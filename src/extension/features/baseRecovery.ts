import * as vscode from 'vscode';
import { branchesSharingHistory, CONFIG_PATH, isEngineError, validateConfigText } from '../../core';
import { Cancelled, pickRepository } from '../commands/pickers';
import type { CommandContext } from '../commands/context';
import { describeError } from '../errors';
import { gitRunner } from '../git/runner';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export const CHOOSE_BASE_COMMAND = 'handoff.chooseBaseBranch';

/** workspaceState key of the base the user chose for a repository. */
const chosenKey = (root: string) => `handoff.chosenBase:${root}`;

/** True for a failure that picking another base fixes: no base, an unknown base, no common history. */
export function isBaseError(e: unknown, repo: RepositoryModel): boolean {
  if (!isEngineError(e) || repo.reviewing) return false;
  if (e.code === 'no-base') return true;
  return e.code === 'unknown-ref' && (/no common history/.test(e.message) || /^unknown ref '/.test(e.message));
}

/** The `base:` value and its line in a config text (1-based), if it parses and sets one. */
function configBase(text: string): { base: string; line: number } | undefined {
  const base = validateConfigText(text).config?.base;
  if (!base) return undefined;
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => /^base\s*:/.test(l));
  return { base, line: line < 0 ? 1 : line + 1 };
}

/** Why `base` cannot be compared with in this repository, or undefined when it can. */
async function baseProblem(repo: RepositoryModel, base: string): Promise<string | undefined> {
  const git = gitRunner(repo);
  const sha = (await git.exec(['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`], { okCodes: [0, 1] }).catch(() => '')).trim();
  if (!sha) return vscode.l10n.t("Unknown ref '{0}': no branch, tag or commit of this repository has that name.", base);
  const head = (await git.exec(['rev-parse', '--verify', '--quiet', 'HEAD'], { okCodes: [0, 1] }).catch(() => '')).trim();
  if (!head) return undefined;
  const mb = (await git.exec(['merge-base', sha, head], { okCodes: [0, 1] }).catch(() => '')).trim();
  return mb ? undefined : vscode.l10n.t("'{0}' shares no history with HEAD: run \"Handoff: Choose Base Branch…\" to pick one that does.", base);
}

/**
 * Base recovery: when a repository's base cannot be resolved or shares no history with
 * HEAD, one notification (per repository and message) offers "Choose Base Branch…". A base
 * typed in `.handoff/config.yaml` is checked while the file is edited, saved or not, and
 * shown there as a diagnostic that clears when fixed (never a pop-up per keystroke).
 */
export class BaseRecovery implements vscode.Disposable {
  private readonly shown = new Set<string>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('handoff-config');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly model: HandoffModel,
    private readonly state: vscode.Memento,
  ) {
    const onDoc = (doc: vscode.TextDocument) => {
      if (!doc.uri.path.endsWith(`/${CONFIG_PATH}`)) return;
      const key = doc.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(key, setTimeout(() => void this.checkConfig(doc), 300));
    };
    this.subscriptions.push(
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument(onDoc),
      vscode.workspace.onDidChangeTextDocument((e) => onDoc(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      // A repository appearing (or refs moving) can change what an open config's base means.
      model.onDidChange(() => vscode.workspace.textDocuments.forEach(onDoc)),
    );
    vscode.workspace.textDocuments.forEach(onDoc);
  }

  /** The base the user chose for a repository (it overrides setting, config and detection). */
  chosenBase(root: string): string | undefined {
    return this.state.get<string>(chosenKey(root));
  }

  async setChosenBase(repo: RepositoryModel, base: string | undefined): Promise<void> {
    await this.state.update(chosenKey(repo.root), base);
    await repo.reload(base ? `base chosen: ${base}` : 'base choice cleared');
  }

  private async checkConfig(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const repo = this.model.forUri(doc.uri);
    if (!repo || repo.relativePath(doc.uri) !== CONFIG_PATH) return;
    const found = configBase(doc.getText());
    const problem = found && (await baseProblem(repo, found.base));
    if (doc.isClosed) return;
    if (!found || !problem) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const lineText = doc.lineAt(Math.min(found.line - 1, doc.lineCount - 1)).text;
    const start = Math.max(0, lineText.indexOf(found.base));
    const range = new vscode.Range(found.line - 1, start, found.line - 1, start > 0 || lineText.includes(found.base) ? start + found.base.length : lineText.length);
    const d = new vscode.Diagnostic(range, problem, vscode.DiagnosticSeverity.Error);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = 'bad-base';
    this.diagnostics.set(doc.uri, [d]);
  }

  /**
   * Called with an analysis failure; true when handled here (the caller shows nothing
   * else). A base from the open or saved config file is reported in that file instead.
   */
  async onError(e: unknown, repo: RepositoryModel): Promise<boolean> {
    if (!isBaseError(e, repo)) return false;
    const fromFile = await vscode.workspace.fs.readFile(repo.uriOf(CONFIG_PATH)).then((b) => configBase(Buffer.from(b).toString('utf8'))?.base, () => undefined);
    const message = describeError(e);
    if (fromFile && message.includes(`'${fromFile}'`)) {
      vscode.workspace.textDocuments.filter((d) => repo.relativePath(d.uri) === CONFIG_PATH).forEach((d) => void this.checkConfig(d));
      return true;
    }
    const key = `${repo.root}\n${message}`;
    if (this.shown.has(key)) return true;
    this.shown.add(key);
    const choose = vscode.l10n.t('Choose Base Branch…');
    void vscode.window.showWarningMessage(`${repo.name}: ${message}`, choose).then((pick) => {
      if (pick === choose) void vscode.commands.executeCommand(CHOOSE_BASE_COMMAND, { repo: repo.root });
    });
    return true;
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

export interface ChooseBaseArgs {
  repo?: string;
  /** The base to use; without it, a picker lists the branches sharing history with HEAD. */
  base?: string;
}

/**
 * "Handoff: Choose Base Branch…": the branches that share history with HEAD, most recent
 * first (plus "automatic": the setting, config or detection again). The choice is kept
 * per repository in the workspace state, never written into the repository.
 */
export async function chooseBaseBranch(ctx: CommandContext, recovery: BaseRecovery, args: ChooseBaseArgs = {}): Promise<string | undefined> {
  const repo = await pickRepository(ctx.model, args.repo);
  let base: string | undefined = args.base;
  if (!base) {
    const candidates = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding branches that share history with HEAD…') }, () => branchesSharingHistory(gitRunner(repo)));
    const current = recovery.chosenBase(repo.root);
    type Item = vscode.QuickPickItem & { base?: string | null };
    const items: Item[] = candidates.map((c) => ({
      label: `$(git-branch) ${c.name}`,
      description: [c.name === current ? vscode.l10n.t('chosen') : '', c.date ? new Date(c.date).toLocaleDateString(vscode.env.language) : ''].filter(Boolean).join(' · '),
      detail: c.subject,
      base: c.name,
    }));
    if (current) items.push({ label: `$(discard) ${vscode.l10n.t('Automatic')}`, description: vscode.l10n.t('the configured or detected base'), base: null });
    if (!items.length) throw new Error(vscode.l10n.t('No branch of {0} shares history with HEAD.', repo.name));
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Choose Base Branch'), placeHolder: vscode.l10n.t('Branches that share history with HEAD, most recent first') });
    if (!pick) throw new Cancelled();
    if (pick.base === null) {
      await recovery.setChosenBase(repo, undefined);
      return undefined;
    }
    base = pick.base;
  }
  await recovery.setChosenBase(repo, base);
  if (repo.state === 'error') throw repo.error;
  return base;
}

/** True when the error of a repository is one "Choose Base Branch…" fixes (the Impact view offers it). */
export function offersBaseChoice(repo: RepositoryModel): boolean {
  return repo.state === 'error' && isBaseError(repo.error, repo);
}
