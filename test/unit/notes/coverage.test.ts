import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AnalysisSession, analyze, applyCoverage, parseNote, type Impact, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const MIGRATION = 'db/migrate/20261124093000_add_plan.rb';
const MIGRATION_TEXT = 'class AddPlan < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n';

function note(title: string, covers: string[], body = '## Deploy\n- [ ] do it @ops\n'): string {
  return `---\ntitle: ${title}\ncovers:\n${covers.map((c) => `  - ${JSON.stringify(c)}`).join('\n')}\n---\n${body}`;
}

function impact(report: Report, path: string): Impact {
  const i = report.impacts.find((x) => x.path === path);
  assert.ok(i, `impact on ${path} in ${report.impacts.map((x) => x.path).join(', ')}`);
  return i;
}

describe('coverage on real repositories', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', {
    'README.md': '# app\n',
    'src/app.js': 'const port = process.env.PORT;\n',
    '.handoff/config.yaml': 'rules:\n  - id: acme.locales\n    title: Locale file\n    paths: ["config/locales/*.yml"]\n    category: config\n    requiresNote: true\n',
    'config/locales/en.yml': 'en:\n  hello: Hello\n',
    // A note from an earlier release that would match today's change if it counted.
    '.handoff/notes/2025-01-01-old.md': note('Old release', ['db/migrate/**', 'env:BILLING_API_KEY', 'config/**']),
  });
  repo.checkout('feature', true);
  repo.commit('feature', {
    [MIGRATION]: MIGRATION_TEXT,
    'src/billing.js': 'const key = process.env.BILLING_API_KEY;\n',
    'config/locales/en.yml': 'en:\n  hello: Hello!\n',
  });

  it('a note from before the range never covers; review mode reports all three uncovered', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(report.notes, []);
    for (const p of [MIGRATION, 'src/billing.js', 'config/locales/en.yml']) assert.deepEqual(impact(report, p).coveredBy, [], p);
    assert.equal(report.summary.uncovered, 3);
  });

  it('an uncommitted note covers in working mode (globs, env entries, skips), but not in review mode', async () => {
    repo.write({
      '.handoff/notes/2026-11-24-plan.md': note('Plan', ['db/migrate/*.rb', 'env:BILLING_API_KEY', 'skip: config/locales/*.yml — copy only, nothing to deploy']),
    });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main' });
      const n = '.handoff/notes/2026-11-24-plan.md';
      assert.deepEqual(impact(report, MIGRATION).coveredBy, [n]);
      assert.deepEqual(impact(report, 'src/billing.js').coveredBy, [n]);
      const locale = impact(report, 'config/locales/en.yml');
      assert.deepEqual(locale.coveredBy, [n]);
      assert.deepEqual(locale.skipped, [{ note: n, reason: 'copy only, nothing to deploy' }]);
      assert.equal(impact(report, MIGRATION).skipped, undefined);
      assert.equal(report.summary.uncovered, 0);
      assert.deepEqual(report.notes.map((x) => [x.path, x.title, x.items.length]), [[n, 'Plan', 1]]);
      assert.deepEqual(report.notes[0].items[0], { text: 'do it', done: false, section: 'Deploy', role: 'ops', line: 9 });

      const review = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      assert.equal(review.summary.uncovered, 3, 'review mode ignores the working tree');
    } finally {
      repo.remove('.handoff/notes/2026-11-24-plan.md');
    }
  });

  it('a glob that does not match leaves the impact uncovered', async () => {
    repo.write({ '.handoff/notes/2026-11-24-x.md': note('X', ['db/*.rb', 'env:OTHER_KEY', 'config/locales/fr.yml']) });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main' });
      assert.equal(report.summary.uncovered, 3);
    } finally {
      repo.remove('.handoff/notes/2026-11-24-x.md');
    }
  });

  it('editing the old note inside the range makes it count', async () => {
    repo.checkout('feature-edit', true);
    repo.commit('touch old note', { '.handoff/notes/2025-01-01-old.md': note('Old release, revisited', ['db/migrate/**', 'env:BILLING_API_KEY', 'config/**']) });
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature-edit' });
    assert.equal(report.summary.uncovered, 0);
    assert.deepEqual(impact(report, MIGRATION).coveredBy, ['.handoff/notes/2025-01-01-old.md']);
    repo.checkout('feature');
  });

  it('review mode reads notes from head, not from the checked-out branch or the working tree', async () => {
    repo.checkout('feature-notes', true);
    repo.commit('note', { '.handoff/notes/2026-11-24-plan.md': note('From head', ['db/migrate/**']) });
    repo.checkout('main');
    // The working tree (on main) holds a different file at the same path.
    repo.write({ '.handoff/notes/2026-11-24-plan.md': note('From the working tree', ['src/**']) });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature-notes' });
      assert.deepEqual(report.notes.map((n) => n.title), ['From head']);
      assert.deepEqual(impact(report, MIGRATION).coveredBy, ['.handoff/notes/2026-11-24-plan.md']);
      assert.deepEqual(impact(report, 'src/billing.js').coveredBy, []);
    } finally {
      repo.remove('.handoff/notes/2026-11-24-plan.md');
      repo.checkout('feature');
    }
  });

  it('CRLF notes cover like LF notes', async () => {
    repo.checkout('feature-crlf', true);
    repo.commit('crlf note', { '.handoff/notes/2026-11-24-crlf.md': note('CRLF', ['db/migrate/*.rb', 'env:BILLING_API_KEY']).replace(/\n/g, '\r\n') });
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature-crlf' });
    assert.deepEqual(impact(report, MIGRATION).coveredBy, ['.handoff/notes/2026-11-24-crlf.md']);
    assert.deepEqual(impact(report, 'src/billing.js').coveredBy, ['.handoff/notes/2026-11-24-crlf.md']);
    assert.equal(report.notes[0].items[0].text, 'do it');
    repo.checkout('feature');
  });

  it('a note with conflict markers or broken YAML is reported with file and line; the other notes still count', async () => {
    repo.write({
      '.handoff/notes/a-conflict.md': `---\ntitle: A\ncovers:\n<<<<<<< HEAD\n  - db/migrate/*.rb\n=======\n  - db/**\n>>>>>>> other\n---\n`,
      '.handoff/notes/b-broken.md': `---\ntitle: B\ncovers: [src/**\n---\n`,
      '.handoff/notes/c-good.md': note('Good', ['db/migrate/*.rb']),
    });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main' });
      const warnings = report.warnings ?? [];
      assert.ok(warnings.includes('.handoff/notes/a-conflict.md:4: conflict markers: resolve the merge conflict first'), warnings.join('\n'));
      assert.ok(warnings.some((w) => /^\.handoff\/notes\/b-broken\.md:[34]: front matter: /.test(w)), warnings.join('\n'));
      assert.deepEqual(impact(report, MIGRATION).coveredBy, ['.handoff/notes/c-good.md']);
      assert.deepEqual(report.notes.map((n) => n.path), ['.handoff/notes/c-good.md']);
    } finally {
      repo.remove('.handoff/notes/a-conflict.md', '.handoff/notes/b-broken.md', '.handoff/notes/c-good.md');
    }
  });

  it('a usable note with a dropped entry (skip without reason) is reported, and the rest of it still covers', async () => {
    repo.write({ '.handoff/notes/d-skip.md': note('D', ['db/migrate/*.rb', 'skip: config/locales/*.yml']) });
    try {
      const report = await analyze({ repo: repo.dir, base: 'main' });
      assert.ok(report.warnings?.some((w) => w.startsWith('.handoff/notes/d-skip.md:5: a skip needs its reason')), report.warnings?.join('\n'));
      assert.deepEqual(impact(report, MIGRATION).coveredBy, ['.handoff/notes/d-skip.md']);
      assert.deepEqual(impact(report, 'config/locales/en.yml').coveredBy, []);
    } finally {
      repo.remove('.handoff/notes/d-skip.md');
    }
  });

  it('the session updates coverage when a note is saved', async () => {
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    assert.equal((await session.result()).summary.uncovered, 3);
    repo.write({ '.handoff/notes/live.md': note('Live', ['db/migrate/**']) });
    try {
      const report = await session.update(['.handoff/notes/live.md']);
      assert.deepEqual(impact(report, MIGRATION).coveredBy, ['.handoff/notes/live.md']);
      assert.equal(report.summary.uncovered, 2);
      assert.deepEqual(session.rangeNotes().map((n) => n.title), ['Live']);
    } finally {
      repo.remove('.handoff/notes/live.md');
    }
    const gone = await session.update(['.handoff/notes/live.md']);
    assert.equal(gone.summary.uncovered, 3);
  });
});

describe('applyCoverage', () => {
  const base = (path: string, extra: Partial<Impact> = {}): Impact => ({ id: `config:${path}`, path, oldPath: null, status: 'modified', category: 'config', rule: 'r', severity: 'warning', requiresNote: true, title: 't', findings: [], coveredBy: [], ...extra });

  it('matches dotfiles, renamed old paths and env globs, and resets earlier coverage', () => {
    const n = parseNote('.handoff/notes/n.md', note('N', ['**/*.env*', 'old/name.yml', 'env:BILLING_*'])).note!;
    const impacts = [
      base('.env.production'),
      base('new/name.yml', { oldPath: 'old/name.yml', status: 'renamed' }),
      base('src/a.js', { category: 'env', findings: [{ kind: 'env-var-added', message: 'm', subject: 'BILLING_URL' }] }),
      base('src/b.js', { category: 'env', findings: [{ kind: 'env-var-added', message: 'm', subject: 'OTHER' }], coveredBy: ['stale.md'] }),
    ];
    applyCoverage(impacts, [n]);
    assert.deepEqual(impacts.map((i) => i.coveredBy.length), [1, 1, 1, 0]);
  });

  it('an env entry does not cover a file by a path that merely contains the name', () => {
    const n = parseNote('n.md', note('N', ['env:PORT'])).note!;
    const impacts = [base('PORT'), base('x.js', { findings: [{ kind: 'config-key-added', message: 'PORT', subject: 'PORT' }] })];
    applyCoverage(impacts, [n]);
    assert.deepEqual(impacts.map((i) => i.coveredBy), [[], []]);
  });
});
