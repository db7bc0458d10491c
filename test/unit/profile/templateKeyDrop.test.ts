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
import { keysNamedIn, templateKeyHits } from '../../../src/core/analyzers/template';
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

describe('review13 F9: a dropped key the code names only in a comment, or where it refuses it, is not still accepted', () => {
  const repo = new TestRepo('tpldrop-f9');
  after(() => repo.dispose());
  const example = (keys: string[]) => ['# example server config: copy to server.yml', 'server:', '  port: 8080', ...keys.map((k) => `  ${k}: true`), ''].join('\n');
  repo.commit('init', {
    'config/server.example.yml': example(['legacy_listen_address', 'legacy_proxy_protocol', 'allow_plaintext_resume']),
    'internal/server/notes.go': 'package server\n\n// legacy_listen_address was dropped in 3.0: set listen instead.\nfunc Listen() string { return ":8080" }\n',
    'internal/server/check.go': 'package server\n\nimport "log"\n\nfunc Check(cfg map[string]any) {\n\tif _, ok := cfg["legacy_proxy_protocol"]; ok {\n\t\tlog.Fatal("legacy_proxy_protocol is no longer supported: use proxy")\n\t}\n}\n',
    'internal/server/config.go': 'package server\n\ntype Config struct {\n\tAllowPlaintextResume bool `yaml:"allow_plaintext_resume"`\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('tidy', { 'config/server.example.yml': example([]) });

  it('the comment-only and the refused key stay warnings (a note); the key a struct tag reads is info', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === 'config/server.example.yml');
    const sev = (k: string) => i?.findings.find((f) => f.kind === 'config-key-removed' && f.subject?.endsWith(k))?.severity;
    assert.equal(sev('legacy_listen_address'), 'warning', JSON.stringify(i?.findings));
    assert.equal(sev('legacy_proxy_protocol'), 'warning', JSON.stringify(i?.findings));
    assert.equal(sev('allow_plaintext_resume'), 'info', JSON.stringify(i?.findings));
    assert.equal(i?.requiresNote, true);
  });
});

describe('templateKeyHits', () => {
  const keys = new Set(['legacy_proxy_protocol']);
  it('a comment line names nothing; a refusal vetoes; a read names', () => {
    assert.deepEqual(templateKeyHits('  // legacy_proxy_protocol was dropped', 'a.go', keys), { named: [], refused: [] });
    assert.deepEqual(templateKeyHits('log.Fatal("legacy_proxy_protocol is no longer supported")', 'a.go', keys), { named: [], refused: ['legacy_proxy_protocol'] });
    assert.deepEqual(templateKeyHits('v := cfg["legacy_proxy_protocol"]', 'a.go', keys), { named: ['legacy_proxy_protocol'], refused: [] });
  });
  it('is linear on a long near-miss line', () => {
    const t0 = performance.now();
    templateKeyHits('no longer legacy_proxy_protoco '.repeat(40_000), 'a.go', keys);
    assert.ok(performance.now() - t0 < 2000);
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
