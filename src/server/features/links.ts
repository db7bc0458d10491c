import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as l10n from '@vscode/l10n';
import type { DocumentLink } from 'vscode-languageserver';
import { OPEN_DIFF_COMMAND, type OpenDiffLinkArgs } from '../../shared/protocol';
import type { RepoSnapshot } from '../repositories';
import { frontMatterLines, noteCoverage, type NoteDoc } from './noteModel';

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * Links of a note: each `covers` path that names a file of the repository opens it; the
 * title opens the diff of what the note covers (its first impact, else the note itself)
 * through the extension's `handoff.openDiff` command.
 */
export function noteLinks(doc: NoteDoc, snap: RepoSnapshot | null): DocumentLink[] {
  if (!snap) return [];
  const links: DocumentLink[] = [];
  const coverage = noteCoverage(doc, snap);
  for (const e of coverage.entries) {
    const p = e.span.entry.pattern;
    if (p === undefined || GLOB_CHARS.test(p) || !snap.fileSet.has(p)) continue;
    links.push({ range: e.span.valueRange, target: pathToFileURL(path.join(snap.root, p)).toString(), tooltip: l10n.t('Open {0}', p) });
  }
  const fm = frontMatterLines(doc);
  if (fm && fm.end !== null) {
    for (let line = fm.start + 1; line < fm.end; line++) {
      const text = doc.index.lineText(line + 1);
      const m = /^(title\s*:\s*)(["']?)(.*?)\2\s*(?:#.*)?$/.exec(text);
      if (!m || !m[3].trim()) continue;
      const first = coverage.entries.flatMap((x) => x.impacts).find((i) => i.status !== 'deleted') ?? null;
      const args: OpenDiffLinkArgs = { repo: snap.root, path: first?.path ?? doc.path };
      const start = m[1].length + m[2].length;
      links.push({
        range: { start: { line, character: start }, end: { line, character: start + m[3].length } },
        target: `command:${OPEN_DIFF_COMMAND}?${encodeURIComponent(JSON.stringify([args]))}`,
        tooltip: l10n.t('Open the diff of {0}', args.path),
      });
      break;
    }
  }
  return links;
}
