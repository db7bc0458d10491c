import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { apiSchemaAnalyzer } from '../../../src/core/analyzers/apiSchema';
import { configKeysAnalyzer } from '../../../src/core/analyzers/configKeys';
import { dependenciesAnalyzer } from '../../../src/core/analyzers/dependencies';
import { dockerfileAnalyzer } from '../../../src/core/analyzers/dockerfile';
import { envFileAnalyzer } from '../../../src/core/analyzers/envFile';
import { envManifestAnalyzer } from '../../../src/core/analyzers/envManifest';
import { migrationDslAnalyzer } from '../../../src/core/analyzers/migrationDsl';
import { portsAnalyzer } from '../../../src/core/analyzers/ports';
import { runtimeAnalyzer } from '../../../src/core/analyzers/runtime';
import { secretsAnalyzer } from '../../../src/core/analyzers/secrets';
import { sqlAnalyzer } from '../../../src/core/analyzers/sql';
import type { Analyzer } from '../../../src/core/analyzers/analyzer';
import { removedOptionFinding } from '../../../src/core/analyzers/cliOptions';
import { removedSettingFinding } from '../../../src/core/analyzers/settingNames';
import { AnalysisSession } from '../../../src/core/engine';
import { localizeTitle, TITLES_ZH, translateMessage } from '../../../src/core/l10n/catalog';
import { BUILTIN_RULES } from '../../../src/core/rules/packs';
import { GENERIC_RULES } from '../../../src/core/rules/packs/generic';
import { englishSentences } from './english';

/**
 * Every finding message the analyzers produce on the inputs of their own tests has a
 * Simplified Chinese row in src/core/l10n/catalog.ts. The analyzers are wrapped to record
 * their messages, then their test files run here once more. A failure lists the messages
 * without a row: add a `[english template, chinese template]` row for each.
 */
const seen = new Map<string, string>();
const analyzers: Analyzer[] = [apiSchemaAnalyzer, configKeysAnalyzer, dependenciesAnalyzer, dockerfileAnalyzer, envFileAnalyzer, envManifestAnalyzer, migrationDslAnalyzer, portsAnalyzer, runtimeAnalyzer, secretsAnalyzer, sqlAnalyzer];
const originals = analyzers.map((a) => a.analyze);
for (const a of analyzers) {
  const analyze = a.analyze.bind(a);
  a.analyze = (input) => {
    const findings = analyze(input);
    for (const f of findings) if (f.message && !seen.has(f.message)) seen.set(f.message, `${a.id} ${f.kind} (${input.change.path})`);
    return findings;
  };
}

// The engine makes findings of its own (removed settings and options, schema calls, data migration
// modules, learned rules, env findings): every report a session returns is recorded too (review11 F5).
const engine = new Map<string, string>();
const originalResult = AnalysisSession.prototype.result;
AnalysisSession.prototype.result = async function (this: AnalysisSession) {
  const report = await originalResult.call(this);
  for (const i of report.impacts) for (const f of i.findings) if (f.message && !engine.has(f.message)) engine.set(f.message, `${i.rule} ${f.kind} (${i.path})`);
  return report;
};
// Each shape of the engine's setting and option messages, whether or not a test below reaches it.
for (const f of [removedSettingFinding({ name: 'pool_stats', line: 1 }, 'src/Config.hs'), removedSettingFinding({ name: 'block_barriers', line: 1, read: true }, 'core/CarEncoder.java'), removedOptionFinding({ name: '--peer-url', line: 1 })]) engine.set(f.message, `${f.kind} (made by hand)`);

const ANALYZER_TESTS = ['analyzers.apiSchema', 'analyzers.configKeys', 'analyzers.dependencies', 'analyzers.infra', 'migrations.dsl', 'migrations.sql', 'secrets', 'env.analyzers'];
/** Tests whose findings the engine makes (settings and their defaults, options, schema calls, config shapes). */
const ENGINE_TESTS = ['generic.settingNames', 'generic.settingDefaults', 'generic.settingRefusals', 'generic.cliOptions', 'config.shapes11', 'generic.shapes11', 'generic.versionRow'];
// Loaded after the wrapping (synchronously: the tests register their suites here, before ours).
for (const name of [...ANALYZER_TESTS, ...ENGINE_TESTS]) require(`../core/${name}.test.ts`);

describe('l10n catalog', () => {
  after(() => {
    analyzers.forEach((a, k) => (a.analyze = originals[k]));
    AnalysisSession.prototype.result = originalResult;
  });

  it('has a zh-cn row for every message the analyzers produce on their test inputs', () => {
    assert.ok(seen.size > 150, `the analyzer tests produced ${seen.size} distinct messages`);
    const missing = [...seen].filter(([msg]) => translateMessage(msg) === null).map(([msg, where]) => `${msg}    ← ${where}`);
    assert.deepEqual(missing, [], `messages without a row in src/core/l10n/catalog.ts:\n${missing.join('\n')}`);
  });

  it('has a zh-cn row for every message the engine makes on its tests\' repositories (settings, options, schema calls)', () => {
    assert.ok(engine.size > 10, `the engine tests produced ${engine.size} distinct messages`);
    const missing = [...engine].filter(([msg]) => translateMessage(msg) === null).map(([msg, where]) => `${msg}    ← ${where}`);
    assert.deepEqual(missing, [], `messages without a row in src/core/l10n/catalog.ts:\n${missing.join('\n')}`);
  });

  it('translations are Chinese: no English sentence left (names, values and code excepted)', () => {
    const english = [...seen.keys(), ...engine.keys()].map((m) => [m, translateMessage(m)!] as const).filter(([, zh]) => zh !== null && englishSentences(zh) !== '');
    assert.deepEqual(english.map(([m, zh]) => `${m} → ${zh}`), []);
  });

  it('translates a message shape with its values in place, words through the word table, fragments recursively', () => {
    assert.equal(translateMessage('drops column accounts.legacy_plan'), '删除列 accounts.legacy_plan');
    assert.equal(translateMessage('drops table sessions'), '删除表 sessions');
    assert.equal(translateMessage('cannot be rolled back: RunSQL has no reverse_sql'), '无法回滚：RunSQL 没有 reverse_sql');
    assert.equal(translateMessage('adds config key `mail.host` = `x`; operators must set it'), '新增配置键 `mail.host` = `x`；运维人员必须设置它');
    assert.equal(translateMessage('drops gizmo thing'), null, 'an unknown word is not half-translated');
    assert.equal(translateMessage('something nobody wrote a row for'), null);
  });

  it('has a title for every built-in rule', () => {
    // A title has its own row, or ends with a word the catalog translates (`… migration`, `… config`).
    const untranslated = [...new Set([...BUILTIN_RULES, ...GENERIC_RULES].map((r) => r.title))].filter((t) => !(t in TITLES_ZH) && localizeTitle(`${t} added`, 'zh-cn') === `${t}（新增）` && !/^[\w.-]+$/.test(t));
    assert.deepEqual(untranslated, []);
  });

  it('translates the engine\'s decorations of a title: development only, comments only', () => {
    assert.equal(localizeTitle('Rails migration added (development only)', 'zh-cn'), `${localizeTitle('Rails migration added', 'zh-cn')}（仅用于开发）`);
    assert.equal(localizeTitle('Environment variables changed (development only)', 'zh-cn'), '环境变量（有改动）（仅用于开发）');
    assert.equal(localizeTitle('File comments changed', 'zh-cn'), '文件：仅注释有改动');
    assert.match(localizeTitle('Rails migration comments changed', 'zh-cn'), /^[^A-Za-z]*Rails [^A-Za-z]+：仅注释有改动$/);
    assert.equal(localizeTitle('File comments changed', 'en'), 'File comments changed');
  });
});
