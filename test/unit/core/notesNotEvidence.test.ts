/**
 * Release notes are not evidence. The eval's labels come from each project's own changelog,
 * upgrade guide and change fragments (eval/README.md, rules 1 and 10); a detector that read them
 * would score the labeller's source instead of what Handoff reads in code, config and schema
 * files. A range that changes only such documents — however loudly they announce new env vars,
 * renamed config keys and migrations — needs no deployment note and adds no env var.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const NOTES = [
  '## 2.0.0',
  '- A new environment variable `APP_QUEUE_URL` is required; `APP_OLD_SETTING` was removed.',
  '- Add new configuration parameters: `APP_RPC__TLS_VERSIONS` and `APP_RPC__CIPHERS`.',
  '- Rename `listen_addr` to `bind_address` in your config.toml before upgrading.',
  '- This release contains database migrations which will run when you first launch it.',
  '  :envvar:`APP_MAX_RECV` and `APP_CORS_ENABLED=true`',
  '',
].join('\n');

describe('release notes are not evidence', () => {
  const repo = new TestRepo('notesnotevidence');
  after(() => repo.dispose());
  it('a range that only changes its changelog, upgrade guide, change fragments and release notes flags nothing', async () => {
    repo.commit('init', {
      'CHANGELOG.md': '# Changes\n\n## 1.0.0\n- first release\n',
      'UPGRADE.md': '# Upgrading\n',
      'docs/changelog.rst': 'Changelog\n=========\n',
      'src/main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("APP_OLD_SETTING") }\n',
    });
    repo.checkout('feature', true);
    repo.commit('release notes for 2.0.0', {
      'CHANGELOG.md': `# Changes\n\n${NOTES}\n## 1.0.0\n- first release\n`,
      'UPGRADE.md': `# Upgrading\n\n${NOTES}`,
      'docs/changelog.rst': `Changelog\n=========\n\n${NOTES}`,
      'docs/release-notes.md': NOTES,
      'changes/ce/feat-1234.en.md': NOTES,
      '.changeset/quiet-dogs.md': `---\n"app": major\n---\n\n${NOTES}`,
      'newsfragments/99.feature': NOTES,
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, []);
    assert.deepEqual(r.envVars.removed, []);
    const needs = r.impacts.filter((i) => i.requiresNote).map((i) => `${i.category} ${i.path}`);
    assert.deepEqual(needs, []);
  });
});
