/**
 * An example config that drops a key the server's code still names is an example tidied, not a
 * removed setting (ejabberd's `starttls_required`, still read by src/ejabberd_c2s.erl; ergo's
 * Go struct tags): info. A key named nowhere else stays a config action. Real repository; decoys:
 * a key only a test names, and a short common word.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import type { Report } from '../../../src/core';
import { keysNamedIn } from '../../../src/core/analyzers/template';
import { TestRepo } from '../../helpers/repo';

const EXAMPLE = (keys: string[]) => ['# example server config: copy to server.yml', 'listen:', '  port: 5222', ...keys.map((k) => `  ${k}: true`), ''].join('\n');

describe('an example config that drops keys, on a real repository', () => {
  const repo = new TestRepo('tpldrop');
  after(() => repo.dispose());
  repo.commit('init', {
    'server.yml.example': EXAMPLE(['starttls_required', 'legacy_resume_mode', 'test_only_setting', 'zlib']),
    'src/listener.erl': '-module(listener).\nopts(Opts) -> proplists:get_bool(starttls_required, Opts).\n',
    'src/old.erl': '-module(old).\nopts(Opts) -> proplists:get_bool(legacy_resume_mode, Opts).\n',
    'test/listener_SUITE.erl': '-module(listener_SUITE).\nt() -> test_only_setting.\n',
  });
  repo.checkout('feature', true);
  repo.commit('tidy the example; drop the resume mode', {
    'server.yml.example': EXAMPLE([]),
    'src/old.erl': '-module(old).\nopts(_Opts) -> false.\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a dropped key the code still names is info; keys named nowhere (or only by a test) stay warnings', async () => {
    const i = (await get()).impacts.find((x) => x.path === 'server.yml.example');
    assert.equal(i?.rule, 'generic.operator-template');
    const sev = (k: string) => i?.findings.find((f) => f.kind === 'config-key-removed' && f.subject === k)?.severity;
    assert.equal(sev('starttls_required'), 'info', JSON.stringify(i?.findings));
    assert.ok(i?.findings.some((f) => f.subject === 'starttls_required' && /the code still names it/.test(f.message)));
    assert.equal(sev('legacy_resume_mode'), 'warning');
    assert.equal(sev('test_only_setting'), 'warning');
    assert.equal(sev('zlib'), 'warning');
    assert.equal(i?.requiresNote, true);
  });
});

describe('an example that only drops keys the code still reads needs no note', () => {
  const repo = new TestRepo('tpldrop2');
  after(() => repo.dispose());
  repo.commit('init', {
    'config/app.example.yml': '# example\nserver:\n  allow-plaintext-resume: false\n  port: 8080\n',
    'irc/config.go': 'package irc\n\ntype Server struct {\n\tAllowPlaintextResume bool `yaml:"allow-plaintext-resume"`\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('tidy', { 'config/app.example.yml': '# example\nserver:\n  port: 8080\n' });

  it('the template impact is listed without a note', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === 'config/app.example.yml');
    assert.ok(i, r.impacts.map((x) => x.path).join(', '));
    assert.equal(i.requiresNote, false, JSON.stringify(i.findings));
    assert.ok(i.findings.some((f) => f.subject === 'allow-plaintext-resume' && f.severity === 'info'));
  });
});

describe('keysNamedIn', () => {
  it('whole words only, `-` and `_` inside a word', () => {
    const keys = new Set(['starttls_required', 'allow-plaintext-resume']);
    assert.deepEqual(keysNamedIn('x = get(starttls_required, Opts)', keys), ['starttls_required']);
    assert.deepEqual(keysNamedIn('`yaml:"allow-plaintext-resume"`', keys), ['allow-plaintext-resume']);
    assert.deepEqual(keysNamedIn('no_starttls_required here; allow-plaintext-resume-x', keys), []);
  });
  it('is linear on a 1 MB line of near-misses', () => {
    const keys = new Set(['starttls_required']);
    const t0 = Date.now();
    assert.deepEqual(keysNamedIn('starttls_require_'.repeat(60_000), keys), []);
    assert.deepEqual(keysNamedIn('a-'.repeat(500_000), keys), []);
    assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
  });
});
