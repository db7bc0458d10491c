/**
 * review13 F3: a behaviour test of one interaction the detector table's order test (detect.table.test.ts)
 * pins only by position — removed command-line options suppress the settings checks of the same file
 * (the `!c.options` gates of 'removed-settings', 'setting-refusals' and 'setting-defaults'). On a real
 * repository, one settings module removes an option, a setting name and a setting default's value and
 * adds a refusal: it is judged as a removed option only. A second module with the same setting changes
 * and no option removed shows they are found there (so the first file's silence is the gate, not the shape).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { CONTENT_DETECTORS, ChangeContext, type DetectorServices } from '../../../src/core/detect/contentDetectors';
import type { Change } from '../../../src/core/types';
import { raisedSchemaVersionRows } from '../../../src/core/analyzers/schemaVersionRow';
import { TestRepo } from '../../helpers/repo';

const CONFIG = (option: string, settings: string, check: string) =>
  `import argparse\n\nSETTINGS = {\n    "worker_count": 4,\n${settings}}\n\nTIMEOUT_SECONDS = ${check ? 60 : 30}\n\n\ndef parser():\n    p = argparse.ArgumentParser()\n${option}    p.add_argument("--config", help="config file")\n    return p\n\n\ndef load(config):\n${check}    return config\n`;
const OLD = CONFIG('    p.add_argument("--legacy-mode", help="old")\n', '    "pool_stats": True,\n', '');
const NEW_NO_OPTION = CONFIG('', '', '    if "legacy_mode" in config:\n        raise ConfigError("The legacy_mode setting has been removed")\n');
// a module with no option (so the one removed above is named nowhere else in head)
const OLD_WORKER = CONFIG('', '    "pool_stats": True,\n', '');
const NEW_WORKER = CONFIG('', '', '    if "legacy_mode" in config:\n        raise ConfigError("The legacy_mode setting has been removed")\n');

describe('removed options suppress the settings checks of the same file (review13 F3)', () => {
  const repo = new TestRepo('detectgates');
  let report: Report;
  before(async () => {
    repo.commit('init', { 'app/config.py': OLD, 'worker/config.py': OLD_WORKER });
    repo.checkout('feature', true);
    repo.commit('drop legacy mode', { 'app/config.py': NEW_NO_OPTION, 'worker/config.py': NEW_WORKER });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a file that removes an option is judged as a removed option, with no setting finding', () => {
    const i = report.impacts.find((x) => x.path === 'app/config.py');
    assert.equal(i?.rule, 'generic.cli-option', JSON.stringify(i));
    assert.ok(i!.findings.length > 0 && i!.findings.every((f) => /--legacy-mode/.test(f.message)), JSON.stringify(i!.findings));
    assert.ok(!i!.findings.some((f) => /pool_stats|legacy_mode|TIMEOUT_SECONDS/.test(f.message)), JSON.stringify(i!.findings));
  });

  it('the same setting changes in a file that removes no option are found', () => {
    const i = report.impacts.find((x) => x.path === 'worker/config.py');
    assert.ok(i && i.rule !== 'generic.cli-option', JSON.stringify(i));
    assert.ok(i!.findings.some((f) => /pool_stats|legacy_mode|TIMEOUT_SECONDS/.test(f.message)), JSON.stringify(i!.findings));
  });
});

describe('the gates that removed options close (review13 F3)', () => {
  // One settings module's change that every one of the three settings checks would read: a setting name removed,
  // a default edited in place, a refusal added.
  const change: Change = {
    status: 'modified', path: 'app/config.py', oldPath: null, oldBlob: null, newBlob: null, binary: false,
    hunks: [
      { oldStart: 5, oldLines: 1, newStart: 5, newLines: 0, removed: ['    "pool_stats": True,'], added: [] },
      { oldStart: 8, oldLines: 1, newStart: 7, newLines: 1, removed: ['TIMEOUT_SECONDS = 30'], added: ['TIMEOUT_SECONDS = 60'] },
      { oldStart: 20, oldLines: 0, newStart: 19, newLines: 2, removed: [], added: ['    if "legacy_mode" in config:', '        raise ConfigError("The legacy_mode setting has been removed")'] },
    ],
  };
  // The gates read no service; the context's constructor asks the profile for the file's env context only.
  const services = { profile: { envContext: () => ({}) } } as unknown as DetectorServices;
  const context = () => new ChangeContext(change, services, null, false, [], [], false, false);
  const gate = (id: string) => CONTENT_DETECTORS.find((d) => d.id === id)!.gate;

  for (const id of ['removed-settings', 'setting-refusals', 'setting-defaults']) {
    it(`${id}: open for the change, closed once options were removed`, () => {
      const c = context();
      assert.equal(gate(id)(c), true, 'the change is one the check reads');
      c.options = [{ name: '--legacy-mode', line: 10, newLine: 10 } as unknown as NonNullable<ChangeContext['options']>[number]];
      assert.equal(gate(id)(c), false);
    });
  }
});

describe('the context reads each side of a file at most once (review13 F5)', () => {
  const change: Change = { status: 'modified', path: 'app/config.py', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [] };
  const counting = () => {
    const n = { old: 0, new: 0 };
    const services = { profile: { envContext: () => ({}) }, readOld: async () => (n.old++, 'old text'), readNew: async () => (n.new++, 'new text') } as unknown as DetectorServices;
    return { n, services };
  };

  it('reads a side on first ask only, and never the side the engine seeded', async () => {
    const { n, services } = counting();
    const c = new ChangeContext(change, services, null, false, [], [], false, false, 'seeded new');
    assert.deepEqual(await Promise.all([c.old(), c.old(), c.new(), c.new()]), ['old text', 'old text', 'seeded new', 'seeded new']);
    assert.deepEqual(n, { old: 1, new: 0 });
    const d = new ChangeContext(change, counting().services, null, false, [], [], false, false);
    assert.equal(await d.new(), 'new text');
    // A detector sees no reader of its own: old()/new() are the only read path (a compile error otherwise).
    // @ts-expect-error readOld is not part of the detectors' services
    void d.services.readOld;
  });
});

describe('the context tests the hunks of a change once for what several entries ask (issue 17)', () => {
  // A modified SQL install script that adds a table and raises its schema version row: the prefilter
  // ('generic-prefilter', 'docs-schema-version') and the finding ('schema-version-row') ask the same questions.
  const sql = (): Change => ({
    status: 'modified', path: 'db/schema.sql', oldPath: null, oldBlob: null, newBlob: null, binary: false,
    hunks: [
      { oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, removed: ['INSERT INTO gammu (Version) VALUES (17);'], added: ['INSERT INTO gammu (Version) VALUES (18);'] },
      { oldStart: 9, oldLines: 0, newStart: 9, newLines: 1, removed: [], added: ['CREATE TABLE jobs (id int);'] },
    ],
  });
  const services = { profile: { envContext: () => ({}) } } as unknown as DetectorServices;

  it('parses the raised version rows once, with the same answer as the analyzer', () => {
    const change = sql();
    const c = new ChangeContext(change, services, null, false, [], [], false, false);
    const rows = c.raisedVersionRows();
    assert.deepEqual(rows, raisedSchemaVersionRows(sql()));
    assert.equal(rows.length, 1);
    assert.equal(c.mayRaiseVersionRow(), true);
    // asked again (the finding after the prefilter): the parse is not run again
    assert.equal(c.raisedVersionRows(), rows);
    change.hunks = [];
    assert.equal(c.raisedVersionRows(), rows);
    assert.equal(c.mayRaiseVersionRow(), true);
  });

  it('tests the added lines for DDL and schema calls once', () => {
    const change = sql();
    const c = new ChangeContext(change, services, null, false, [], [], false, false);
    assert.equal(c.addsDdlLine(), true);
    assert.equal(c.addsSchemaCallHint(), false);
    change.hunks = [];
    assert.equal(c.addsDdlLine(), true);
    assert.equal(new ChangeContext(change, services, null, false, [], [], false, false).addsDdlLine(), false);
  });

  it('a change that raises no row parses none', () => {
    const change: Change = { ...sql(), hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: 1, removed: [], added: ['CREATE TABLE t (id int);'] }] };
    const c = new ChangeContext(change, services, null, false, [], [], false, false);
    assert.equal(c.mayRaiseVersionRow(), false);
    assert.deepEqual(c.raisedVersionRows(), []);
  });
});
