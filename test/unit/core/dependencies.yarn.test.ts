// Yarn berry's protocols in package.json: a `patch:` dependency is its patched npm range, read and
// shown as such (it used to be reported as "0.6.0 → patch:passport@npm%3A0.7.0#…").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependenciesAnalyzer } from '../../../src/core/analyzers/dependencies';
import { displaySpec, minVersion } from '../../../src/core/analyzers/formats/versions';
import { input } from './analyzers.helpers';

const PATCHED = 'patch:passport@npm%3A0.7.0#~/.yarn/patches/passport-npm-0.7.0-3c1e1bd1c2.patch';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'app', dependencies: deps }, null, 2) + '\n';

describe('yarn berry protocols in package.json', () => {
  it('reads the range inside patch: and npm:', () => {
    assert.equal(minVersion(PATCHED, 'npm')?.version, '0.7.0');
    assert.equal(minVersion('patch:@scope/lib@npm%3A%5E2.1.0#./patches/lib.patch', 'npm')?.version, '2.1.0');
    assert.equal(minVersion('npm:^3.2.0', 'npm')?.version, '3.2.0');
    assert.equal(displaySpec(PATCHED, 'npm'), '0.7.0 (patched)');
    assert.equal(displaySpec('^1.2.0', 'npm'), '^1.2.0');
  });

  it('reports a patched upgrade with readable versions', () => {
    const findings = dependenciesAnalyzer.analyze(input('package.json', pkg({ passport: '0.6.0' }), pkg({ passport: PATCHED }), 'dependencies'));
    const major = findings.find((f) => f.kind === 'dependency-major-upgrade');
    assert.ok(major, JSON.stringify(findings));
    assert.equal(major.message, 'major upgrade of passport: 0.6.0 → 0.7.0 (patched)');
    assert.doesNotMatch(JSON.stringify(findings), /%3A|patch:/);
  });

  it('a patch added to the same version is not an upgrade', () => {
    const findings = dependenciesAnalyzer.analyze(input('package.json', pkg({ passport: '0.7.0' }), pkg({ passport: PATCHED }), 'dependencies'));
    assert.deepEqual(findings.filter((f) => f.kind === 'dependency-major-upgrade'), []);
  });
});
