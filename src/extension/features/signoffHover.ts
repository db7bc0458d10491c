import * as vscode from 'vscode';
import { isNotePath, parseNote } from '../../core';
import type { HandoffModel } from '../model/handoffModel';
import type { RepositoryModel } from '../model/repositoryModel';
import { signOffMarkdown, type SignOffs } from '../model/signoffs';
import { GIT_SCHEME, parseGitUri } from './gitContent';

/** The repository and note path of a note document: the working file, or a reviewed commit's. */
function noteOf(model: HandoffModel, uri: vscode.Uri): { repo: RepositoryModel; path: string } | undefined {
  if (uri.scheme === GIT_SCHEME) {
    const parsed = parseGitUri(uri);
    const repo = parsed && model.get(parsed.root);
    return repo && parsed && isNotePath(parsed.path) ? { repo, path: parsed.path } : undefined;
  }
  const repo = model.forUri(uri);
  const rel = repo?.relativePath(uri);
  return repo && rel && isNotePath(rel) ? { repo, path: rel } : undefined;
}

/**
 * Hover on a checklist item of a note: its sign-offs per environment (who, when, stale),
 * from the clone's local store. The language server's own hovers still show beside it.
 */
export function registerSignOffHovers(model: HandoffModel, signoffs: SignOffs): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      const note = noteOf(model, document.uri);
      if (!note) return undefined;
      const parsed = parseNote(note.path, document.getText()).note;
      const item = parsed?.items.find((i) => i.line === position.line + 1);
      if (!item) return undefined;
      const all = await signoffs.forNote(note.repo, note.path).catch(() => []);
      const mine = signoffs.ofItem(note.repo, all, note.path, item.text);
      const envs = signoffs.environments(note.repo);
      if (!mine.length && envs.length <= 1) return undefined;
      const md = new vscode.MarkdownString(`**${vscode.l10n.t('Sign-off')}**\n\n`);
      md.appendMarkdown(signOffMarkdown(envs, mine, item.done).value);
      return new vscode.Hover(md, document.lineAt(position.line).range);
    },
  };
  return vscode.languages.registerHoverProvider([{ language: 'handoff-note' }, { scheme: GIT_SCHEME, pattern: '**/.handoff/notes/*.md' }], provider);
}
