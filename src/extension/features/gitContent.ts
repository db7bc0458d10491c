import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HandoffModel } from '../model/handoffModel';

/** Scheme of read-only documents that show a file as it is in a commit. */
export const GIT_SCHEME = 'handoff-git';

/** Files above this are shown as a one-line placeholder instead of their content. */
const MAX_SHOWN_BYTES = 5 * 1024 * 1024;

interface GitUriQuery {
  root: string;
  rev: string;
}

/**
 * `handoff-git:/<repo path>?{"root","rev"}`: the path keeps the file name (so the editor
 * picks the right language) and the query says which repository and commit.
 */
export function gitUri(root: string, rev: string, relPath: string): vscode.Uri {
  const query: GitUriQuery = { root, rev };
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${relPath}`, query: JSON.stringify(query) });
}

export function parseGitUri(uri: vscode.Uri): (GitUriQuery & { path: string }) | undefined {
  try {
    const q = JSON.parse(uri.query) as Partial<GitUriQuery>;
    if (typeof q.root !== 'string' || typeof q.rev !== 'string') return undefined;
    return { root: q.root, rev: q.rev, path: uri.path.replace(/^\//, '') };
  } catch {
    return undefined;
  }
}

/**
 * Serves `handoff-git:` documents by reading blobs through the engine's git source, so a
 * diff of a branch under review never needs that branch checked out. Contents are
 * immutable per commit, so nothing is ever re-fired.
 */
export function registerGitContentProvider(model: HandoffModel): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const parsed = parseGitUri(uri);
      if (!parsed) return '';
      const repo = model.get(parsed.root) ?? model.repositories.find((r) => path.resolve(r.root) === path.resolve(parsed.root));
      // Only repositories Handoff follows: a crafted link cannot read arbitrary folders.
      if (!repo) return '';
      const files = await repo.git.readFiles(parsed.rev, [parsed.path], MAX_SHOWN_BYTES);
      const text = files.get(parsed.path);
      // Absent on this side (an added or deleted file), binary or huge: an empty side.
      return text ?? '';
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, provider);
}
