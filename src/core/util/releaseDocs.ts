/**
 * Release documents: changelogs, upgrade guides, news and release notes, and the change
 * fragments their tools assemble them from (towncrier, reno, changie, changesets, scriv,
 * ansible's and GitLab's changelogs/). They announce what a release changes; they are not the
 * change. The eval's labels come from them (eval/README.md, rule 10), and a finding read in
 * them would only repeat the labeller's source, so the engine reads none of them: not as a
 * changed file, not in head's env index. Schema changelogs (Liquibase: `db/changelog/`,
 * `db.changelog-master.yaml`, XML, SQL) are no release document.
 */

/** Prose formats a release document is written in. */
const PROSE = new Set(['md', 'markdown', 'mdx', 'rst', 'txt', 'adoc', 'asciidoc', 'org', 'textile']);
/** Data formats of change fragments (reno, changie, ansible) and of changelogs kept as data. */
const DATA = new Set(['yml', 'yaml', 'toml', 'json']);
/** The change types towncrier-style fragments are named with (`123.feature`, `+x.removal.md`). */
const FRAGMENT_TYPES = new Set(['feature', 'features', 'feat', 'bugfix', 'bugfixes', 'bug', 'fix', 'fixes', 'doc', 'docs', 'removal', 'removals', 'deprecation', 'deprecations', 'breaking', 'misc', 'change', 'changed', 'changes', 'added', 'removed', 'security', 'improvement', 'improvements', 'enhancement', 'trivial', 'internal', 'packaging', 'dependency', 'dependencies', 'deps', 'perf', 'performance', 'major', 'minor', 'patch', 'api', 'contrib', 'other']);
/** Folders of change fragments and release notes: any prose, data or fragment file inside. */
const FRAGMENT_DIRS = new Set(['changelog.d', 'changelogs', 'changelog', 'changes', 'newsfragments', 'releasenotes', 'release-notes', 'release_notes', '.changeset', '.changes', '.changelog']);
/** Folders whose prose or fragments are release notes, but whose data files may be anything (`news/`, `releases/`). */
const NOTES_DIRS = new Set(['news', 'releases', 'whatsnew', 'upgrading', 'upgrade-guides']);
/** Names of release documents in any format (`CHANGELOG.yml`, `RELEASE_NOTES.md`, `changelog-2.x.json`). */
const DATA_NAME = /^(change-?log|release[-_ ]?notes?)(?:[._-]|$)/i;
/** Names of release documents in prose or without an extension (`NEWS`, `HISTORY.rst`, `UPGRADING.md`, `whatsnew.rst`). */
const PROSE_NAME = /^(change-?log|changes|news|history|upgrad(?:e|ing)|release[-_ ]?notes?|releases|whats-?new)(?:[._-]|$)/i;
/**
 * Names of upgrade and release guides in prose only (`UPDATING.md`, `MIGRATING.md`, `MIGRATION.md`,
 * `docs/migration-guide.md`, `BREAKING_CHANGES.md`, `RELEASE.md`). Without an extension only in
 * capitals (`RELEASE`, `MIGRATING`): a lower-case `release` or `migration` is a script's name.
 */
const GUIDE_NAME = /^(updating|migrating|migration|breaking[-_ ]?changes?|release)(?:[._-]|$)/i;
/** Folders of a database's schema history (Liquibase's `db/changelog/`): never release notes. */
const SCHEMA_DIRS = new Set(['db', 'database', 'liquibase', 'migrations', 'migration', 'migrate', 'schema', 'sql']);

/** Whether `path` (repository-relative, `/`-separated) is a release document or a change fragment. */
export function isReleaseDocument(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  // A file without an extension is prose only when its own name says so (`NEWS`, `ChangeLog`): in a
  // `releases/` or `changes/` folder a `Dockerfile`, `Makefile` or script is still what it is.
  const guide = GUIDE_NAME.test(base) && (ext === '' ? base === base.toUpperCase() : PROSE.has(ext));
  const prose = PROSE.has(ext) || (ext === '' && PROSE_NAME.test(base) && base !== 'upgrade') || guide;
  const data = DATA.has(ext);
  // `123.feature`, `1.feature.toml`: a towncrier-style fragment, by its name.
  const fragment = FRAGMENT_TYPES.has(ext) || ((prose || data) && hasFragmentType(base));
  if (!prose && !data && !fragment) return false;
  // A schema changelog kept as data (Liquibase's db.changelog-master.yaml, db/changelog/*.yaml).
  if (data && /^db[._-]|\.changelog\./i.test(base)) return false;
  let fragmentDir = false;
  let notesDir = false;
  if (slash > 0) {
    for (const seg of path.slice(0, slash).split('/')) {
      const s = seg.toLowerCase();
      if (data && SCHEMA_DIRS.has(s)) return false;
      if (FRAGMENT_DIRS.has(s)) fragmentDir = true;
      else if (NOTES_DIRS.has(s)) notesDir = true;
    }
  }
  if (fragmentDir || (notesDir && (prose || fragment))) return true;
  // A lower-case `upgrade` without an extension is a script more often than a guide.
  if (prose) return (PROSE_NAME.test(base) && base !== 'upgrade') || guide;
  return data && DATA_NAME.test(base);
}

/** A name with a change type before its format (`123.feature.md`, `1.feature.toml`). */
function hasFragmentType(base: string): boolean {
  const last = base.lastIndexOf('.');
  const prev = base.lastIndexOf('.', last - 1);
  return prev > 0 && FRAGMENT_TYPES.has(base.slice(prev + 1, last).toLowerCase());
}
