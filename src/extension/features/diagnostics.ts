import * as vscode from 'vscode';
import type { Impact, Report, Severity } from '../../core';
import type { Config } from '../config';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { localizeTitle, translateFinding } from '../../core';
import { displayLocale } from '../util/locale';

/** The `source` of every Handoff diagnostic; code actions find their diagnostics by it. */
export const DIAGNOSTIC_SOURCE = 'handoff';

function toSeverity(s: Severity, quiet: boolean): vscode.DiagnosticSeverity {
  if (quiet) return vscode.DiagnosticSeverity.Information;
  switch (s) {
    case 'critical':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
  }
}

/**
 * Diagnostics for one impact: one per finding with a line, and one on line 1 for the
 * whole-file facts (or for the impact itself when no finding has a line).
 */
export function impactDiagnostics(impact: Impact, lineCount: number | undefined, quiet: boolean): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  const clamp = (line: number) => Math.max(0, Math.min(line - 1, (lineCount ?? line) - 1));
  const suffix = vscode.l10n.t('needs a deployment note');
  const make = (line: number, message: string, severity: Severity, code: string) => {
    const range = new vscode.Range(clamp(line), 0, clamp(line), Number.MAX_SAFE_INTEGER);
    const d = new vscode.Diagnostic(range, `${message} — ${suffix}`, toSeverity(severity, quiet));
    d.source = DIAGNOSTIC_SOURCE;
    d.code = code;
    out.push(d);
  };
  const wholeFile: string[] = [];
  for (const f of impact.findings) {
    if (f.kind === 'content-skipped') continue;
    if (f.line !== undefined) make(f.line, translateFinding(f, displayLocale()), f.severity ?? impact.severity, f.kind);
    else wholeFile.push(translateFinding(f, displayLocale()));
  }
  if (wholeFile.length || out.length === 0) {
    make(1, [localizeTitle(impact.title, displayLocale()), ...wholeFile].join('; '), impact.severity, impact.rule);
  }
  return out;
}

/**
 * Publishes diagnostics (source `handoff`) on the impacted lines of uncovered impacts in
 * working mode. A review shows another commit, so its impacts are not put on the working
 * files. Recomputed per repository on each model change; `prompting: off` clears them.
 */
export function registerDiagnostics(model: HandoffModel, config: Config): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const published = new Map<string, vscode.Uri[]>();

  const publish = (repo: RepositoryModel) => {
    const entries = new Map<string, [vscode.Uri, vscode.Diagnostic[]]>();
    const report: Report | undefined = repo.report;
    if (config.prompting !== 'off' && !repo.reviewing && report) {
      const quiet = config.prompting === 'quiet';
      for (const impact of report.impacts) {
        if (!impact.requiresNote || impact.coveredBy.length || impact.status === 'deleted') continue;
        const uri = repo.uriOf(impact.path);
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const list = impactDiagnostics(impact, doc?.lineCount, quiet);
        const key = uri.toString();
        const entry = entries.get(key);
        if (entry) entry[1].push(...list);
        else entries.set(key, [uri, list]);
      }
    }
    for (const uri of published.get(repo.root) ?? []) if (!entries.has(uri.toString())) collection.delete(uri);
    for (const [uri, list] of entries.values()) collection.set(uri, list);
    published.set(repo.root, [...entries.values()].map(([u]) => u));
  };

  const publishAll = () => {
    for (const root of published.keys()) if (!model.get(root)) {
      for (const uri of published.get(root) ?? []) collection.delete(uri);
      published.delete(root);
    }
    model.repositories.forEach(publish);
  };

  publishAll();
  return vscode.Disposable.from(
    collection,
    model.onDidChange((r) => (r ? publish(r) : publishAll())),
    config.onDidChange((c) => (c.keys.includes('prompting') ? publishAll() : undefined)),
    // Lines are clamped to the document: re-publish when a file with diagnostics opens.
    vscode.workspace.onDidOpenTextDocument((d) => {
      const repo = model.forUri(d.uri);
      if (repo && collection.has(d.uri)) publish(repo);
    }),
  );
}
