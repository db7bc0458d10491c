import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareFiles, FAMILIES, SQUAWK_VERSION, type SquawkViolation } from '../../../scripts/eval/risk';

/**
 * `npm run eval:risk` compares Handoff's migration-risk findings with squawk's. squawk is not a
 * dependency (a native binary per platform), so this test reads what squawk 2.66.0 really said
 * about three migrations (test/fixtures/migration-linters/squawk-run.json, recorded with the
 * eval's own command) and runs Handoff on the same files: a broken family map or a Handoff
 * hazard gone missing fails.
 */
const run = JSON.parse(readFileSync(join(__dirname, '../../fixtures/migration-linters/squawk-run.json'), 'utf8')) as { squawk: string; files: Record<string, string>; violations: SquawkViolation[] };

describe('eval:risk: Handoff against squawk on the same files', () => {
  const r = compareFiles(new Map(Object.entries(run.files)), run.violations);
  const fam = (name: string) => r.byFamily.get(name)!;

  it('the recording is of the squawk the eval names', () => {
    assert.equal(run.squawk, SQUAWK_VERSION);
  });
  it('both tools flag the hazards of an existing table, family by family', () => {
    assert.equal(fam('index built without CONCURRENTLY').both, 1);
    assert.equal(fam('drop column').both, 1);
    assert.equal(fam('constraint validated under lock (FK, CHECK)').both, 1);
  });
  it('an index on a table the same migration created is squawk-only, on purpose', () => {
    assert.equal(fam('index built without CONCURRENTLY').onPurpose, 1);
    const d = r.disagreements.find((x) => x.flag.file === '002_new_table.sql');
    assert.equal(d?.onPurpose, 'a table the same migration created');
  });
  it('the safe forms are flagged by neither, and nothing is left unexplained', () => {
    assert.ok(!r.disagreements.some((x) => x.flag.file === '003_safe.sql'));
    assert.equal(r.total.squawkOnly, 0);
    assert.equal(r.total.handoffOnly, 0);
  });
  it('every squawk rule of the documented examples has a family (style rules apart)', () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/migration-linters/squawk.json'), 'utf8')) as { cases: { id: string }[] };
    const rules = new Set(fixture.cases.map((c) => c.id.split('/')[1]));
    const mapped = new Set(FAMILIES.flatMap((f) => f.squawk));
    assert.deepEqual([...rules].filter((rule) => !mapped.has(rule)), []);
  });
});
