import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compareFiles, FAMILIES } from '../../../scripts/eval/risk';

/**
 * `npm run eval:risk` compares Handoff's migration-risk findings with squawk's. Here both
 * really run (squawk is a devDependency) on migrations written for the test, so a broken
 * family map, a squawk that no longer runs, or a Handoff hazard gone missing fails.
 */
describe('eval:risk: Handoff against squawk on the same files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-risk-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = new Map<string, string>([
    // both flag: an index on an existing table, a dropped column, an FK validated under lock
    ['001_both.sql', 'CREATE INDEX idx_users_email ON users (email);\nALTER TABLE users DROP COLUMN legacy;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n'],
    // squawk flags the index, Handoff leaves it on purpose: the table is created just above
    ['002_new_table.sql', 'CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz);\nCREATE INDEX idx_audit_at ON audit (at);\n'],
    // nothing for either: the safe forms
    ['003_safe.sql', 'CREATE INDEX CONCURRENTLY idx_users_name ON users (name);\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n'],
  ]);
  for (const [p, text] of files) writeFileSync(join(dir, p), text);
  const r = compareFiles(dir, files);
  const fam = (name: string) => r.byFamily.get(name)!;

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
