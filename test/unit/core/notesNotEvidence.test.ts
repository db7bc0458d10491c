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
import { isReleaseDocument } from '../../../src/core/util/releaseDocs';
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
  it('a range that changes its changelog, upgrade guide, change fragments and release notes flags only its one code change', async () => {
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
      // the positive control (review10 F6): the one name code starts to read in the same commit is found,
      // so an engine that read nothing, or skipped the range, fails here
      'src/cache.go': 'package main\n\nimport "os"\n\nfunc cacheURL() string { return os.Getenv("APP_CACHE_URL") }\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_CACHE_URL']);
    assert.deepEqual(r.envVars.removed, []);
    const needs = r.impacts.filter((i) => i.requiresNote).map((i) => `${i.category} ${i.path}`);
    assert.deepEqual(needs, ['env src/cache.go']);
  });
});

/** Release notes kept as data: the same announcements in the YAML/TOML fragments of reno, changie, ansible, towncrier. */
const FRAGMENT_YAML = 'features:\n  - |\n    environment:\n      APP_QUEUE_URL: redis://x\nupgrade:\n  - ${APP_SECRET_KEY} is required.\n';
const FRAGMENT_TOML = 'upgrade = "${APP_SECRET_KEY} is required"\n[env]\nAPP_QUEUE_URL = "x"\n';

describe('release-note fragments in YAML, TOML and JSON are not evidence', () => {
  const repo = new TestRepo('notesdata');
  after(() => repo.dispose());
  it('a range that adds reno, changie, ansible, towncrier and CHANGELOG.yml fragments flags only its one code change', async () => {
    repo.commit('init', { 'src/main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("APP_OLD_SETTING") }\n' });
    repo.checkout('feature', true);
    repo.commit('release notes as data', {
      'releasenotes/notes/queue-1a2b.yaml': FRAGMENT_YAML, // OpenStack reno
      'changelogs/fragments/queue.yml': FRAGMENT_YAML, // ansible collections
      '.changes/unreleased/Added-20240101-120000.yaml': FRAGMENT_YAML, // changie
      'changelog.d/20240101_queue.yml': FRAGMENT_YAML, // scriv
      'changes/123.feature.yaml': FRAGMENT_YAML,
      'changelog/unreleased/issue-1.yml': FRAGMENT_YAML,
      'newsfragments/1.feature.toml': FRAGMENT_TOML, // towncrier
      'CHANGELOG.yml': FRAGMENT_YAML,
      'changelog.yaml': FRAGMENT_YAML,
      'changelog.json': '{"2.0.0": {"env": {"APP_QUEUE_URL": "redis://x"}}}\n',
      // the positive control (review10 F6)
      'src/cache.go': 'package main\n\nimport "os"\n\nfunc cacheURL() string { return os.Getenv("APP_CACHE_URL") }\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_CACHE_URL']);
    assert.deepEqual(r.impacts.filter((i) => i.requiresNote).map((i) => `${i.category} ${i.path}`), ['env src/cache.go']);
    assert.deepEqual(r.impacts.filter((i) => i.path !== 'src/cache.go').map((i) => `${i.category} ${i.path}`), []);
    assert.equal(r.summary.changes, 11);
  });
});

describe("head's release notes do not answer for the code", () => {
  const repo = new TestRepo('notesatHead');
  after(() => repo.dispose());
  it('a name the code starts to read is added though a changelog fragment at head already names it', async () => {
    repo.commit('init', {
      'src/main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("APP_OLD_SETTING") }\n',
      'releasenotes/notes/queue-1a2b.yaml': FRAGMENT_YAML,
      'CHANGELOG.yml': FRAGMENT_YAML,
    });
    repo.checkout('feature', true);
    repo.commit('read the queue', { 'src/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\t_ = os.Getenv("APP_OLD_SETTING")\n\t_ = os.Getenv("APP_SECRET_KEY")\n}\n' });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    // Before: the fragments' `${APP_SECRET_KEY}` at head read as "the base already named it", so nothing was added.
    assert.deepEqual(r.envVars.added, ['APP_SECRET_KEY']);
  });
  it('a Liquibase changelog named like a release document is still a migration', async () => {
    repo.checkout('main');
    repo.checkout('liquibase', true);
    repo.commit('schema', {
      'src/main/resources/changelog/changelog-master.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes:\n        - dropColumn:\n            tableName: account\n            columnName: legacy\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'liquibase' });
    assert.deepEqual(r.impacts.map((i) => `${i.category} ${i.path}`), ['migration src/main/resources/changelog/changelog-master.yaml']);
  });
});

describe('a file without an extension in a release-notes folder', () => {
  const repo = new TestRepo('notesnotevidence-bare');
  after(() => repo.dispose());
  it('a Dockerfile under releases/ is still read as a Dockerfile (review F8)', async () => {
    repo.commit('init', { 'releases/Dockerfile': 'FROM node:18\nCMD ["node", "server.js"]\n' });
    repo.checkout('feature', true);
    repo.commit('node 22', { 'releases/Dockerfile': 'FROM node:22\nCMD ["node", "server.js"]\n' });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.impacts.map((i) => i.path), ['releases/Dockerfile']);
  });
});

describe('upgrade and release guides by other names (review11 F11)', () => {
  const repo = new TestRepo('notesguides');
  after(() => repo.dispose());
  const GUIDES = ['UPDATING.md', 'MIGRATING.md', 'MIGRATION.md', 'docs/migration-guide.md', 'BREAKING_CHANGES.md', 'RELEASE.md'];
  const guide = '# Upgrading to 2.0\n\nSet `APP_QUEUE_URL` before you start 2.0:\n\n    APP_QUEUE_URL=redis://queue:6379\n';
  it('at head they declare nothing: a name the code starts to read that only they name is undeclared; a doc does declare', async () => {
    repo.commit('init', {
      'src/main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("APP_OLD_SETTING") }\n',
      ...Object.fromEntries(GUIDES.map((g) => [g, guide])),
      // the positive control: a configuration doc that names APP_BILLING_URL declares it
      'docs/configuration.md': '# Configuration\n\n| `APP_BILLING_URL` | where invoices go |\n',
    });
    repo.checkout('feature', true);
    repo.commit('read the queue', { 'src/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\t_ = os.Getenv("APP_OLD_SETTING")\n\t_ = os.Getenv("APP_QUEUE_URL")\n\t_ = os.Getenv("APP_BILLING_URL")\n}\n' });
    for (const mode of ['index', 'off']) {
      const old = process.env.HANDOFF_ENV_INDEX;
      if (mode === 'off') process.env.HANDOFF_ENV_INDEX = 'off';
      try {
        const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
        assert.deepEqual(r.envVars.added, ['APP_BILLING_URL', 'APP_QUEUE_URL'], mode);
        const undeclared = r.impacts.flatMap((i) => i.findings).filter((f) => f.kind === 'env-var-undeclared').map((f) => f.subject);
        assert.deepEqual(undeclared, ['APP_QUEUE_URL'], mode);
      } finally {
        if (old === undefined) delete process.env.HANDOFF_ENV_INDEX;
        else process.env.HANDOFF_ENV_INDEX = old;
      }
    }
  });
  it('a range that changes them flags only its one code change', async () => {
    repo.checkout('main');
    repo.checkout('notes', true);
    repo.commit('notes for 2.0', {
      ...Object.fromEntries(GUIDES.map((g) => [g, `${guide}\n${NOTES}`])),
      RELEASE: NOTES,
      MIGRATING: NOTES,
      'src/cache.go': 'package main\n\nimport "os"\n\nfunc cacheURL() string { return os.Getenv("APP_CACHE_URL") }\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'notes' });
    assert.deepEqual(r.envVars.added, ['APP_CACHE_URL']);
    assert.deepEqual(r.impacts.filter((i) => i.requiresNote).map((i) => `${i.category} ${i.path}`), ['env src/cache.go']);
  });
});

describe('isReleaseDocument', () => {
  it('names changelogs, upgrade guides, news and change fragments, in prose or as data', () => {
    for (const p of ['CHANGELOG.md', 'docs/changelog.rst', 'NEWS', 'HISTORY.md', 'CHANGES.rst', 'RELEASE_NOTES.md', 'ReleaseNotes.md', 'UPGRADE.md', 'UPGRADING.md', 'docs/upgrading/v2.md', 'debian/changelog', 'CHANGELOG.yml', 'changelog.yaml', 'changelog.json', 'releasenotes/notes/a-1.yaml', 'changelogs/fragments/a.yml', '.changes/unreleased/Added-2024.yaml', 'changelog.d/20240101_a.yml', 'changes/123.feature.yaml', 'newsfragments/1.feature.toml', 'newsfragments/99.feature', 'news/1234.bugfix.rst', '.changeset/quiet-dogs.md', '.changelog/123.txt', 'docs/releases/1.2.md', 'UPDATING.md', 'MIGRATING.md', 'MIGRATION.md', 'docs/migration-guide.md', 'docs/Migration_Guide.rst', 'BREAKING_CHANGES.md', 'BREAKING-CHANGES.txt', 'RELEASE.md', 'RELEASE', 'MIGRATING', 'UPDATING']) {
      assert.equal(isReleaseDocument(p), true, p);
    }
  });
  it('leaves code, deployment files and schema changelogs alone', () => {
    for (const p of ['src/history.ts', 'src/changes/handler.go', 'scripts/upgrade.sh', 'upgrade', 'upgrade.yml', 'releases/prod.yaml', 'news/config.yaml', 'history.json', 'app/history.component.html', 'db/changelog/db.changelog-master.yaml', 'src/main/resources/db/changelog/changes/001.yaml', 'liquibase/changelog.yaml', 'x.changelog.json', 'db/changelog/001.sql', 'changelog/changes.xml', 'releases/Dockerfile', 'changes/Makefile', 'news/run', '.changeset/entrypoint', 'README.md', 'docs/install.md', 'docker-compose.yml', 'release', 'bin/release', 'scripts/migration', 'migrating', 'src/migration.ts', 'db/migration.sql', 'release.yml', 'migration.json', 'docs/migrations.md', 'src/release/index.md.ts']) {
      assert.equal(isReleaseDocument(p), false, p);
    }
  });
});
