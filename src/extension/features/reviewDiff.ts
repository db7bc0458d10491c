import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { impactDiagnostics } from './diagnostics';
import { GIT_SCHEME, gitUri, parseGitUri } from './gitContent';

/** The repository and path a `handoff-git:` document shows, when it is the head side of a review. */
function reviewedFile(model: HandoffModel, uri: vscode.Uri): { repo: RepositoryModel; path: string } | undefined {
  if (uri.scheme !== GIT_SCHEME) return undefined;
  const parsed = parseGitUri(uri);
  const repo = parsed && model.get(parsed.root);
  if (!parsed || !repo?.reviewing || !repo.report || parsed.rev !== repo.report.range.headSha) return undefined;
  return { repo, path: parsed.path };
}

/**
 * Handoff's diagnostics and CodeLens on the right (head) side of review diffs: the same
 * findings a developer sees in working mode, on the commit under review (read-only).
 */
export function registerReviewDiffFeatures(model: HandoffModel): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('handoff-review');
  const publish = () => {
    collection.clear();
    for (const repo of model.repositories) {
      const report = repo.report;
      if (!repo.reviewing || !report) continue;
      for (const impact of report.impacts) {
        if (!impact.requiresNote || impact.coveredBy.length || impact.status === 'deleted') continue;
        const uri = gitUri(repo.root, report.range.headSha, impact.path);
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        collection.set(uri, [...(collection.get(uri) ?? []), ...impactDiagnostics(impact, doc?.lineCount, false)]);
      }
    }
  };
  const changed = new vscode.EventEmitter<void>();
  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const file = reviewedFile(model, document.uri);
      if (!file) return [];
      const { repo, path } = file;
      const impacts = repo.report!.impacts.filter((i) => i.path === path);
      if (!impacts.length) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      const out: vscode.CodeLens[] = [];
      for (const notePath of [...new Set(impacts.flatMap((i) => i.coveredBy))]) {
        const title = repo.notes.find((n) => n.path === notePath)?.title || notePath.split('/').pop()!;
        out.push(new vscode.CodeLens(top, { title: `$(pass) ${vscode.l10n.t('Covered by "{0}"', title)}`, command: CommandId.OpenNote, arguments: [{ repo: repo.root, note: notePath }] }));
      }
      if (impacts.some((i) => i.requiresNote && !i.coveredBy.length)) {
        out.push(new vscode.CodeLens(top, { title: `$(warning) ${vscode.l10n.t('Needs a deployment note ({0})', repo.rangeLabel(''))}`, command: CommandId.ShowImpact, arguments: [] }));
      }
      for (const f of impacts.flatMap((i) => i.findings)) {
        if (f.line === undefined || f.kind === 'content-skipped') continue;
        const line = Math.max(0, Math.min(f.line - 1, document.lineCount - 1));
        out.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: `$(info) ${f.message}`, command: CommandId.ShowImpact, arguments: [] }));
      }
      return out;
    },
  };
  // A new collection is empty: with no repository yet (activation) there is nothing to clear.
  if (model.repositories.length) publish();
  return vscode.Disposable.from(
    collection,
    changed,
    vscode.languages.registerCodeLensProvider({ scheme: GIT_SCHEME }, lenses),
    model.onDidChange(() => {
      publish();
      changed.fire();
    }),
    // Lines are clamped to the document: re-publish when a reviewed file opens.
    vscode.workspace.onDidOpenTextDocument((d) => (d.uri.scheme === GIT_SCHEME ? publish() : undefined)),
  );
}
