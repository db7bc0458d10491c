/**
 * The release's own upgrade text (issue 11, config actions), on a real repository: an entry the
 * range adds to a changelog, upgrade guide or release-note fragment that says a setting was
 * removed, renamed or is now required is a config action that needs a note, quoted; entries that
 * add an optional setting, change a default, deprecate, remove an unused option, or say no
 * configuration change is needed are not, and neither is a `git log` dump called ChangeLog.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, localizeTitle, translateMessage } from '../../../src/core';
import { isReleaseNotesPath, releaseNoteFindings } from '../../../src/core/analyzers/releaseNotes';
import { RULE_STEPS_ZH } from '../../../src/core/l10n/ruleSteps';
import { genericRule } from '../../../src/core/rules/packs/generic';
import type { Change } from '../../../src/core/types';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const CHANGELOG = (entries: string) => `# Changelog\n\n${entries}## [1.0.0] - 2024-01-01\n\n### Added\n\n- First release\n`;

describe('release notes added in the range', () => {
  const repo = new TestRepo('releasenotes');
  after(() => repo.dispose());
  repo.commit('init', {
    'CHANGELOG.md': CHANGELOG(''),
    'doc/upgrading.md': '# Upgrading\n\n## 1.0\n\nNothing special.\n',
    'ChangeLog': 'commit 0123456789abcdef0123456789abcdef01234567\nAuthor: Dev <dev@example.org>\nDate:   Mon Jan 1 00:00:00 2024\n\n    old entry\n',
    'docs/guide.md': '# Guide\n',
    'src/main.c': 'int main(void) { return 0; }\n',
  });
  repo.checkout('feature', true);
  repo.commit('release 1.1', {
    // PostgREST's shape: "Removed <option> config" under Changed; the added optional setting is no action
    'CHANGELOG.md': CHANGELOG('## [1.1.0] - 2024-02-01\n\n### Added\n\n- New `server-timing-enabled` config option, disabled by default\n\n### Changed\n\n- Removed `db-use-legacy-gucs` config option\n- The `log-level` default changed to `warn`\n- The `jwt-secret` setting is deprecated and will be removed in 2.0\n- Removed unused `persist` option\n\n'),
    // electrs' shape: an upgrade guide telling operators to switch settings
    'doc/upgrading.md': '# Upgrading\n\n## 1.1\n\nIf you use `verbose` (or `-v` argument), switch to `log_filters`: the `verbose` configuration\nwas removed and must be replaced.\n\n```\nverbose = 3  # removed option\n```\n\n## 1.0\n\nNothing special.\n',
    // Kamailio's ChangeLog is a git log: commit messages, not the release's notes
    'ChangeLog': 'commit 89abcdef0123456789abcdef0123456789abcdef\nAuthor: Dev <dev@example.org>\nDate:   Mon Feb 1 00:00:00 2024\n\n    - removed predefined CXX and LD variables; the config option must be set\n\ncommit 0123456789abcdef0123456789abcdef01234567\nAuthor: Dev <dev@example.org>\nDate:   Mon Jan 1 00:00:00 2024\n\n    old entry\n',
    'docs/guide.md': '# Guide\n\nThe `cache-size` option was removed.\n',
    'src/main.c': 'int main(void) { return 1; }\n',
  });

  it('an entry asking operators to change a setting is a config action that needs a note, quoted; the rest is not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const notes = report.impacts.filter((i) => i.rule === 'generic.release-notes');
    const got = Object.fromEntries(notes.map((i) => [i.path, i.findings.map((f) => f.subject ?? '')]));
    assert.deepEqual(got, { 'CHANGELOG.md': ['db-use-legacy-gucs'], 'doc/upgrading.md': ['verbose'] });
    for (const i of notes) {
      assert.equal(i.category, 'config');
      assert.equal(i.requiresNote, true, i.path);
      assert.ok(i.findings.every((f) => f.severity === 'warning' && /^the release notes added in this range ask operators to change their configuration \(/.test(f.message)), i.path);
    }
    assert.match(notes[0].findings[0].message, /CHANGELOG\.md:11\): “Removed `db-use-legacy-gucs` config option”/);
    assert.equal(report.impacts.some((i) => i.path === 'ChangeLog' && i.requiresNote), false);
    // a guide that is no release note (docs/guide.md) is not read
    assert.equal(report.impacts.some((i) => i.path === 'docs/guide.md' && i.requiresNote), false);
    // in Simplified Chinese too: the message (the quote stays in the maintainers' words), the title, the checklist step
    assert.deepEqual(notChinese(notes.flatMap((i) => i.findings.map((f) => f.message.replace(/“.*”$/, '“…”'))), translateMessage), []);
    assert.ok(notes.every((i) => i.findings.every((f) => translateMessage(f.message)?.startsWith('本范围新增的发布说明'))));
    assert.match(localizeTitle(notes[0].title, 'zh-cn'), /发布说明要求修改配置/);
    for (const step of genericRule('generic.release-notes').checklist ?? []) assert.ok(RULE_STEPS_ZH[step.text], step.text);
  });
});

const added = (path: string, text: string): Change => ({ status: 'added', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [] });
const read = (text: string, path = 'CHANGELOG.md') => releaseNoteFindings(added(path, text), text).map((f) => f.subject ?? f.line);

describe('which entries of a release note ask for a config change', () => {
  it('knows release and upgrade notes by name and folder, not code or vendored notes', () => {
    for (const p of ['CHANGELOG.md', 'NEWS', 'CHANGES.txt', 'src/README.UPDATING', 'doc/migration.rst', 'doc/upgrading.md', 'UPGRADE.md', 'changelog.d/0-release-notes/pg.md', 'changes/ce/breaking-12634.en.md', 'docs/release-notes/release-notes-0.18.3.md', 'packages/sync-service/CHANGELOG.md', '.changeset/odd-cats.md']) {
      assert.equal(isReleaseNotesPath(p), true, p);
    }
    for (const p of ['src/changelog.ts', 'db/migrations/0001_init.sql', 'migrations/README.md', 'node_modules/x/CHANGELOG.md', 'vendor/lib/NEWS', 'docs/guide.md', 'internal/migrate.go']) {
      assert.equal(isReleaseNotesPath(p), false, p);
    }
  });
  it('reads removals, renames, refusals, requirements and instructions (Markdown and RST)', () => {
    assert.deepEqual(read('- `--max-concurrency` command-line option is gone; Kupo now uses defaults\n'), ['--max-concurrency']);
    assert.deepEqual(read('* Renamed `--no-epoch-table` flag to `disable-epoch`. See the configuration docs.\n'), ['--no-epoch-table']);
    assert.deepEqual(read('Configuration changes\n=====================\n\nThe ``dsa`` algorithm values are no longer supported by the policy option.\n', 'doc/migration.rst'), ['dsa']);
    assert.deepEqual(read('- Electric now requires an `ELECTRIC_SECRET` environment variable; the setting is now required.\n'), ['ELECTRIC_SECRET']);
    assert.deepEqual(read('Please update your configuration:\nthe old proxy setting\nwith a tcp:// scheme no longer works.\n'), [1]);
  });
  it('passes over additions, defaults, deprecations, unused options, code, headings and "nothing to do"', () => {
    assert.deepEqual(read('## Removed config options\n\n- Added `server.suppress-lusers` option\n- Changed option `outgoing_s2s_families` default to IPv6\n- The `x-y` option is deprecated and will be removed\n- Remove useless option `persist`\n- There are no config changes needed with this release; nothing was removed\n- Removed `AtLeastOne<T>` struct from `parameters::network`\n'), []);
    assert.deepEqual(read('```\n# the old option was removed\nold-option = 1\n```\n'), []);
  });
  it('reads only the lines the change adds to an existing note', () => {
    const text = '# Changelog\n\n## 1.1\n\n- Fixed a crash\n\n## 1.0\n\n- Removed `old-key` config option\n';
    const change: Change = { status: 'modified', path: 'CHANGELOG.md', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 2, oldLines: 0, newStart: 3, newLines: 4, removed: [], added: ['## 1.1', '', '- Fixed a crash', ''] }] };
    assert.deepEqual(releaseNoteFindings(change, text), []);
  });
});
