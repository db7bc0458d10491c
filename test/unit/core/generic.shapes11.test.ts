import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Impact, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

// Issue 11, session 11 (mig10): schema changes in shapes ex-holdout v9 showed and the generic layer missed.
// 1. An upgrade script added beside the older scripts of its sequence in a documentation folder
//    (koji: `docs/schema-upgrade-1.25-1.26.sql`, the script operators run; docs are otherwise never read).
// Each with the look-alikes that must stay silent.

function impactAt(report: Report, path: string): Impact | undefined {
  return report.impacts.find((x) => x.path === path);
}
const isMigration = (i: Impact | undefined) => i?.category === 'migration' && i.requiresNote === true;

describe('generic: an upgrade script added to its sequence in a documentation folder', () => {
  const repo = new TestRepo();
  let report: Report;
  const step = (from: string, to: string, body: string) => `-- upgrade script to migrate the database schema\n-- from version ${from} to ${to}\n\nBEGIN;\n${body}\nCOMMIT;\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# hub\n',
      'hub/app.py': 'def main():\n    pass\n',
      'docs/schema.sql': 'CREATE TABLE channels (id SERIAL PRIMARY KEY);\n',
      'docs/schema-upgrade-1.1-1.2.sql': step('1.1', '1.2', 'ALTER TABLE channels ADD COLUMN name TEXT;'),
      'docs/schema-upgrade-1.2-1.3.sql': step('1.2', '1.3', 'CREATE INDEX channels_name ON channels(name);'),
      // a folder of documentation with one lone upgrade script: no sequence
      'doc/admin/upgrade-2.sql': step('1', '2', 'ALTER TABLE hosts ADD COLUMN arch TEXT;'),
      // the examples of a tutorial
      'docs/tutorial/example-1.sql': 'CREATE TABLE pets (id INT);\n',
      'docs/tutorial/example-2.sql': 'CREATE TABLE owners (id INT);\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'docs/schema-upgrade-1.3-1.4.sql': step('1.3', '1.4', 'ALTER TABLE channels ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT true;'),
      // the next release's script, with no change: "this version introduced no changes in db schema"
      'docs/schema-upgrade-1.4-1.5.sql': '-- upgrade script to migrate the database schema\n-- from version 1.4 to 1.5\n\n-- This version introduced no changes in db schema\n',
      'doc/admin/upgrade-3.sql': step('2', '3', 'ALTER TABLE hosts ADD COLUMN os TEXT;'),
      'docs/tutorial/example-3.sql': 'CREATE TABLE visits (id INT);\n',
      'docs/tutorial/upgrade-example-3.sql': 'ALTER TABLE pets ADD COLUMN name TEXT;\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the new step of the sequence is a schema change with its statements', () => {
    const i = impactAt(report, 'docs/schema-upgrade-1.3-1.4.sql');
    assert.ok(isMigration(i), JSON.stringify(report.impacts.map((x) => x.path)));
    assert.equal(i!.rule, 'generic.sql-schema');
    assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && /channels/.test(f.message ?? '')));
  });
  it('a step that changes nothing, a lone upgrade script and a tutorial\'s examples are nothing', () => {
    for (const p of ['docs/schema-upgrade-1.4-1.5.sql', 'doc/admin/upgrade-3.sql', 'docs/tutorial/example-3.sql', 'docs/tutorial/upgrade-example-3.sql']) {
      assert.equal(isMigration(impactAt(report, p)), false, p);
    }
  });
});
