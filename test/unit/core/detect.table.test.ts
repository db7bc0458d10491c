import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTENT_DETECTORS } from '../../../src/core/detect/contentDetectors';

/**
 * The engine's content detectors run in table order and see what earlier entries set (review12 F10):
 * the order is behaviour. These pin the interactions engine.ts relied on when the detectors were
 * inline branches of analyseChange; the end-to-end behaviour is tested in generic.*.test.ts.
 */
const ids = CONTENT_DETECTORS.map((d) => d.id);
const at = (id: string): number => {
  const i = ids.indexOf(id);
  assert.ok(i >= 0, `${id} is in the table`);
  return i;
};

describe('the content detector table', () => {
  it('has unique ids, and every candidate entry runs before every content entry', () => {
    assert.equal(new Set(ids).size, ids.length);
    const lastCandidate = CONTENT_DETECTORS.map((d) => d.stage).lastIndexOf('candidate');
    const firstContent = CONTENT_DETECTORS.map((d) => d.stage).indexOf('content');
    assert.ok(lastCandidate >= 0 && firstContent > lastCandidate);
  });

  it('keeps the order the interactions need', () => {
    // The generic prefilter's candidate wins; the docs step and a data migration module only when it found none; the profile last.
    assert.ok(at('generic-prefilter') < at('docs-upgrade-step') && at('docs-upgrade-step') < at('data-migration-module') && at('data-migration-module') < at('profile-candidate'));
    // A documentation folder's install schema whose version row is raised, only when the prefilter found nothing (mig13a).
    assert.ok(at('generic-prefilter') < at('docs-schema-version') && at('docs-schema-version') < at('profile-candidate'));
    // The generic rule is confirmed on every schema finding found before it, then an added model file may be no new table.
    for (const id of ['orm-ops', 'data-migration-module-finding', 'schema-version-row', 'schema-calls', 'schema-autosync']) assert.ok(at(id) < at('generic-confirm'), id);
    assert.ok(at('generic-confirm') < at('declared-at-base'));
    // Removed options suppress the settings checks; refusals set the rule the default check then keeps.
    assert.ok(at('declared-at-base') < at('removed-cli-options'));
    for (const id of ['removed-settings', 'setting-refusals', 'setting-defaults']) assert.ok(at('removed-cli-options') < at(id), id);
    assert.ok(at('removed-settings') < at('setting-refusals') && at('setting-refusals') < at('setting-defaults'));
    // Queued work and path findings read the final rule.
    assert.ok(at('setting-defaults') < at('queued-work') && at('queued-work') < at('path-findings'));
    assert.equal(ids[ids.length - 1], 'path-findings');
  });
});
