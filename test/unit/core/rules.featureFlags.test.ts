import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { expectImpactAt } from '../../helpers/impacts';

describe('feature-flag rules on a real repository (review mode)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# shop\n',
      'config/flags.yml': 'new_checkout:\n  default: false\nlegacy_search:\n  default: true\n',
      'flagd/flags.flagd.json': `${JSON.stringify({ flags: { 'dark-mode': { state: 'ENABLED', defaultVariant: 'off', variants: { on: true, off: false } } } }, null, 2)}\n`,
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a flag removed: someone must clean it up in every environment
      'config/flags.yml': 'new_checkout:\n  default: false\n',
      // a flag added: listed, with the rollout steps
      'flagd/flags.flagd.json': `${JSON.stringify({ flags: { 'dark-mode': { state: 'ENABLED', defaultVariant: 'off', variants: { on: true, off: false } }, 'one-click': { state: 'ENABLED', defaultVariant: 'off', variants: { on: true, off: false } } } }, null, 2)}\n`,
      'config/feature_flags/development/bulk_refunds.yml': 'name: bulk_refunds\ntype: development\ndefault_enabled: false\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a removed flag needs a note', () => {
    const i = expectImpactAt(report, 'config/flags.yml');
    assert.equal(i.category, 'feature-flag');
    assert.equal(i.rule, 'feature-flags.definitions');
    assert.equal(i.requiresNote, true);
    assert.ok(i.findings.some((f) => f.kind === 'config-key-removed' && f.subject === 'legacy_search'));
  });

  it('an added flag is listed with rollout steps but needs no note', () => {
    for (const path of ['flagd/flags.flagd.json', 'config/feature_flags/development/bulk_refunds.yml']) {
      const i = expectImpactAt(report, path);
      assert.equal(i.category, 'feature-flag', path);
      assert.equal(i.requiresNote, false, path);
      assert.ok(i.checklist?.some((s) => s.phase === 'After deploy'), path);
    }
  });
});

describe('feature-flag rules in working mode (uncommitted changes)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());

  it('a flag removed in the working tree needs a note', async () => {
    repo.commit('init', { 'README.md': '# shop\n', 'features.yml': 'search_v2: true\nwishlist: false\n' });
    repo.write({ 'features.yml': 'search_v2: true\n' });
    const report = await analyze({ repo: repo.dir, base: 'main' });
    const i = expectImpactAt(report, 'features.yml');
    assert.equal(i.category, 'feature-flag');
    assert.equal(i.requiresNote, true);
  });
});
