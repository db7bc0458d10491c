// The scoring of `npm run eval` (scripts/eval/score.mjs) on hand-made reports: never the eval cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baselineConfigPath, baselineFlags, baselineMigrationPath, cells, envLineName, handoffFlags, score, withheld, type Labels } from '../../../scripts/eval/score.mjs';

const impact = (category: string, requiresNote: boolean) => ({ category, requiresNote });
const labels = (l: Partial<Labels>): Labels => ({ migrations: null, envAdded: null, envRemoved: null, configAction: null, ...l });

describe('eval scoring', () => {
  it('flags a field only for an impact of its category that needs a note', () => {
    const f = handoffFlags({
      impacts: [impact('migration', false), impact('config', true), impact('infrastructure', true)],
      envVars: { added: ['A', 'A', 'B'], removed: ['C'] },
    });
    assert.deepEqual(f, { migrations: false, envAdded: ['A', 'B'], envRemoved: ['C'], configAction: true });
    assert.equal(handoffFlags({ impacts: [impact('migration', true)], envVars: { added: [], removed: [] } }).migrations, true);
    assert.equal(handoffFlags({ impacts: [impact('env', true)], envVars: { added: [], removed: [] } }).configAction, true);
    assert.equal(handoffFlags({ impacts: [impact('env', false)], envVars: { added: [], removed: [] } }).configAction, false);
  });

  it('the baseline reads paths and the lines of env files only', () => {
    assert.equal(baselineMigrationPath('internal/database/migrations.go'), false);
    assert.equal(baselineMigrationPath('db/migrations/001_init.go'), true);
    assert.equal(baselineMigrationPath('synapse/storage/schema/main/delta/80/01_x.sql'), true);
    assert.equal(baselineMigrationPath('src/app.py'), false);
    assert.equal(baselineConfigPath('.env.template'), true);
    assert.equal(baselineConfigPath('config/defaults.hjson'), true);
    assert.equal(baselineConfigPath('config.default.php'), true);
    assert.equal(baselineConfigPath('.github/workflows/ci.toml'), false);
    assert.equal(baselineConfigPath('src/main.rs'), false);
    assert.equal(envLineName('# SMTP_HOST=smtp.example.com'), 'SMTP_HOST');
    assert.equal(envLineName('export DB_URL = x'), 'DB_URL');
    assert.equal(envLineName('## Comment about things'), null);
    assert.equal(envLineName('lower=1'), null);
    const f = baselineFlags([
      { path: '.env.template', added: ['# NEW_ONE=1', 'MOVED=2'], removed: ['MOVED=1', 'GONE=3'] },
      { path: 'README.md', added: ['NOT_ENV=1'] },
    ]);
    assert.deepEqual(f, { migrations: false, envAdded: ['NEW_ONE', 'MOVED'], envRemoved: ['GONE'], configAction: true });
  });

  it('scores recall and specificity over labelled ranges only, an error as flagging nothing', () => {
    const yes = { migrations: true, envAdded: ['A', 'X'], envRemoved: [], configAction: true };
    const no = { migrations: false, envAdded: [], envRemoved: [], configAction: false };
    const s = score([
      { labels: labels({ migrations: true, envAdded: ['A', 'B'], configAction: false }), flags: yes },
      { labels: labels({ migrations: true, configAction: true }), flags: no },
      { labels: labels({ migrations: false, configAction: false }), flags: no },
      { labels: labels({ migrations: true, envAdded: ['C'], configAction: true }), flags: null, error: 'exit 2' },
      { labels: labels({}), flags: yes },
    ]);
    assert.equal(s.ranges, 5);
    assert.equal(s.errors, 1);
    assert.deepEqual([s.migrations.tp, s.migrations.fn, s.migrations.tn, s.migrations.fp], [1, 2, 1, 0]);
    assert.equal(s.migrations.recall, 1 / 3);
    assert.equal(s.migrations.specificity, 1);
    assert.deepEqual([s.configAction.tp, s.configAction.fn, s.configAction.tn, s.configAction.fp], [0, 2, 1, 1]);
    assert.equal(s.configAction.specificity, 0.5);
    assert.equal(s.envAdded.recall, 1 / 3); // A of A, B, C
    assert.equal(s.envAdded.precision, 0.5); // A of A, X (the unlabelled range's names are not counted)
    assert.equal(s.envAdded.rangeRecall, 0.25); // ranges labelling names: 1 of 2 found, then 0 of 1 (the error)
    assert.equal(s.envRemoved.rangeRecall, null);
    assert.equal(s.envRemoved.recall, null);
    const c = cells(s);
    assert.equal(c[1], '33% (1/3)');
    assert.equal(c[2], '100% (1/1)');
    assert.equal(c[3], '33% (1/3)');
    assert.equal(c[4], '25% (2 ranges)');
    assert.equal(c[5], '50% (1/2)');
    assert.equal(c[6], '—');
    assert.equal(cells(score([{ labels: labels({ envAdded: ['A'] }), flags: { migrations: false, envAdded: ['A'], envRemoved: [], configAction: false } }]))[4], '100% (1 range)');
    assert.equal(c.at(-1), '1');
  });

  it('a holdout has no per-project or per-range rows unless its details are asked for', () => {
    const rows = [{ split: 'dev', id: 'a' }, { split: 'holdout', id: 'b' }, { split: 'holdout', id: 'c' }];
    assert.deepEqual(withheld(rows, false), { shown: [{ split: 'dev', id: 'a' }], hidden: 2 });
    assert.deepEqual(withheld(rows, true), { shown: rows, hidden: 0 });
  });
});
