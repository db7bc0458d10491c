/**
 * The release's own upgrade text (issue 11, config actions): a changelog, news file, upgrade or
 * migration guide, or release-notes fragment that the range adds to the repository is where its
 * maintainers tell operators what to change. An entry added there that names a setting
 * (configuration, option, parameter, directive, environment variable, command-line flag) in its
 * prose and says it was removed, renamed or replaced, is no longer accepted, is now required, or
 * that operators must update it, is a config action, quoted with its line. Entries that only add
 * an option, change a default, deprecate (still works), or remove an unused/obsolete option are
 * not; nor is a sentence that says no configuration change is needed.
 *
 * Explains misses across ecosystems: PostgREST's CHANGELOG "Removed db-use-legacy-gucs" (Haskell),
 * Knot DNS's doc/migration.rst "Removed options (no backward compatibility)" (C), EventStoreDB's
 * CHANGELOG "the following options have been removed" (C#), electrs' doc/upgrading.md (Rust),
 * Exim's README.UPDATING (C), EMQX's changes/ce/breaking-*.md (Erlang), kupo's "Removed
 * `--max-concurrency` command-line option" (Haskell), wire-server's changelog.d release notes.
 *
 * One pass over the new file's lines; entries capped in length; every regular expression is an
 * alternation of fixed words (no nested quantifiers), so the cost is linear in the text.
 */
import type { Change, Finding } from '../types';

/** File names of release and upgrade notes (without a documentation extension). */
const NOTES_BASE = /^(?:change[-_ ]?log|changes|news|history|releases?|release[-_ ]?notes|upgrad(?:e|es|ing)|migrat(?:e|ion|ions|ing)|breaking[-_ ]?changes|readme\.updating|updating|incompatib[a-z]*)(?:[._-][\w.-]*)?$/i;
/** Folders of release-note fragments and upgrade guides. */
const NOTES_DIR = /^(?:change[-_]?log\.d|changelogs?|changes|\.changeset|release[-_]?notes|upgrad(?:e|es|ing)|migrations?[-_]guides?)$/i;
const DOC_EXT = /\.(?:md|markdown|rst|txt|adoc|asciidoc|org|moxie)$/i;
/** Folders whose notes are not the release's (vendored code, test data). */
const NOT_RELEASE_DIR = /^(?:node_modules|vendor|third[-_]party|testdata|fixtures|tests?)$/i;

/** True when `path` is a release or upgrade note of the repository (CHANGELOG.md, NEWS, doc/upgrading.md, changelog.d/x.md). */
export function isReleaseNotesPath(path: string): boolean {
  const segs = path.split('/');
  const base = segs[segs.length - 1];
  const hasDot = base.includes('.');
  if (hasDot && !DOC_EXT.test(base) && !/^readme\.updating$/i.test(base)) return false;
  for (let i = 0; i < segs.length - 1; i++) if (NOT_RELEASE_DIR.test(segs[i])) return false;
  if (NOTES_BASE.test(base.replace(DOC_EXT, ''))) return true;
  for (let i = 0; i < segs.length - 1; i++) if (NOTES_DIR.test(segs[i])) return true;
  return false;
}

/** A setting named in prose (code spans removed first: `parameters::network` is code, not a setting). */
const CONFIG_WORD = /\b(?:config|configs|configuration|conf|options?|settings?|parameters?|params?|environment variables?|env vars?|command[- ]line flags?|directives?|propert(?:y|ies))\b/i;
/** What operators must act on: a setting removed, renamed, refused, required, or an instruction to change it. */
const CHANGE = /\b(?:removed?|removes|removing|renamed?|renames|renaming|replaced?|replaces|dropped|drops|no longer (?:supported|accepted|available|valid|used|recogni[sz]ed|works?|exists?|read|honou?red|allowed)|is gone|are gone|(?:must|need to|needs to|have to|has to|should) (?:now )?(?:be )?(?:updated?|changed?|set|adjust(?:ed)?|renamed?|removed?|replaced?|migrated?|added|edited|reviewed|review|enabled?|disabled?|specif(?:y|ied)|configured?)|(?:is|are|now|becomes?) (?:now )?(?:required|mandatory)|required (?:settings?|options?|parameters?|config|configuration|fields?|variables?)|please (?:update|change|check|adjust|set|rename|migrate|ensure)|(?:update|change|adjust|check|migrate|review) your)\b/i;
/** Sentences that say nothing is to be done, or that only announce a future removal. */
const NOTHING = /\b(?:no|not|without)\b[^.\n]{0,30}\b(?:config|configuration|breaking|action|changes? (?:is |are )?(?:needed|required))|nothing to do|seamless|backwards? compatible|will be removed|to be removed|in a future|deprecat/i;
/** A removed setting that did nothing: no deployment depends on it. */
const USELESS = /\b(?:useless|unused|obsolete|already ignored|no-op|never used)\b/i;
const HEADING = /^\s{0,3}#{1,6}\s/;
const RST_UNDERLINE = /^\s*([=\-~^*+#"'`])\1{2,}\s*$/;
const BULLET = /^\s*(?:[-*+•]|\d{1,3}[.)])\s/;
const FENCE = /^\s*(?:```|~~~)/;
const SPAN = /``[^`\n]+``|`[^`\n]*`/g;
/** A code span naming a setting (`db-use-legacy-gucs`, `--max-concurrency`, `PGRST_X`, `server.tcp-reply-timeout`). */
const SETTING_SPAN = /^`{1,2}(-{0,2}[A-Za-z][\w.-]{0,80})`{1,2}$/;
/** An entry is read up to this many characters (a pasted log is not an entry). */
const MAX_ENTRY = 2000;
const MAX_LINE = 4000;
const MAX_FINDINGS = 5;

/** Lines (1-based) of the new file that the change adds; null for a new file (every line). */
function addedLineSet(change: Change): Set<number> | null {
  if (change.status === 'added' && !change.copied) return null;
  const s = new Set<number>();
  for (const h of change.hunks) for (let i = 0; i < h.newLines; i++) s.add(h.newStart + i);
  return s;
}

/** True when `text` is a dump of `git log` (commit messages are the developers' words, not the release's notes). */
function isCommitLog(text: string): boolean {
  return /^commit [0-9a-f]{7,40}\b/m.test(text) && /^Author:\s/m.test(text);
}

/** The entries the change adds to a release note that ask operators to change their configuration. */
export function releaseNoteFindings(change: Change, newText: string | null): Finding[] {
  if (newText == null || change.status === 'deleted' || isCommitLog(newText)) return [];
  const added = addedLineSet(change);
  const out: Finding[] = [];
  let entry: { line: number; text: string } | null = null;
  const flush = (): void => {
    if (!entry) return;
    const { line, text: t } = entry;
    entry = null;
    const prose = t.replace(SPAN, ' ');
    if (!CONFIG_WORD.test(prose) || !CHANGE.test(prose) || NOTHING.test(prose) || USELESS.test(prose)) return;
    let subject: string | undefined;
    for (const m of t.matchAll(SPAN)) {
      const s = SETTING_SPAN.exec(m[0]);
      if (s) { subject = s[1]; break; }
    }
    const quote = t.trim().replace(BULLET, '').replace(/\s+/g, ' ');
    const shown = quote.length > 200 ? `${quote.slice(0, 200)}…` : quote;
    out.push({
      kind: 'config-value-changed',
      severity: 'warning',
      line,
      ...(subject ? { subject } : {}),
      message: `the release notes added in this range ask operators to change their configuration (${change.path}:${line}): “${shown}”`,
    });
  };
  let fence = false;
  const lines = newText.split('\n');
  for (let i = 0; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i];
    const n = i + 1;
    const isAdded = added === null || added.has(n);
    // An RST heading is a line above its underline.
    const heading = HEADING.test(line) || RST_UNDERLINE.test(line) || (i + 1 < lines.length && RST_UNDERLINE.test(lines[i + 1]) && line.trim() !== '');
    if (FENCE.test(line)) {
      flush();
      fence = !fence;
    } else if (fence || line.length > MAX_LINE || !line.trim() || heading || !isAdded) {
      flush();
    } else if (BULLET.test(line) || !entry) {
      flush();
      entry = { line: n, text: line };
    } else if (entry.text.length < MAX_ENTRY) {
      entry.text += ` ${line.trim()}`;
    }
  }
  flush();
  return out;
}
