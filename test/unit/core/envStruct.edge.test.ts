/**
 * Edge cases of the settings-struct readers (envStruct.ts, review 8): a file cut right after a
 * struct's `{`, a huge prefix, an unrelated `try_into` before the loader, and a settings-struct
 * graph of large fan-out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEnvRefs } from '../../../src/core/analyzers/env';
import { envconfigReads, serdeEnvBinding, serdeEnvReads } from '../../../src/core/analyzers/envStruct';
import { lex } from '../../../src/core/lex';

const lines = (text: string) => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
const rsTokens = (text: string) => lex('rust', text).filter((t) => t.kind !== 'comment');
const goTokens = (text: string) => lex('go', text).filter((t) => t.kind !== 'comment');
const cpuMs = (fn: () => unknown): number => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

describe('envconfig: a Go file that ends right after `type Root struct {`', () => {
  const text = 'package config\nfunc P() { c := &Root{}; _ = envconfig.Process("app", c) }\ntype Root struct {';

  it('is read without throwing (a file committed mid-edit)', () => {
    const refs = extractEnvRefs('pkg/config/config.go', lines(text), { fullText: text });
    assert.deepEqual(refs.map((r) => r.name), []);
  });

  it('still reads the structs declared before the cut', () => {
    const cut = 'package config\ntype Web struct {\n\tAddr string\n}\nfunc P() { c := &Web{}; _ = envconfig.Process("app", c) }\ntype Root struct {';
    assert.deepEqual(envconfigReads(goTokens(cut)).map((r) => r.name), ['APP_ADDR']);
  });
});

describe('serde binding: the prefix', () => {
  const loader = (prefix: string) =>
    `fn load() -> Result<Settings> {\n    let c: Settings = config::Config::builder().add_source(config::Environment::with_prefix("${prefix}").separator("__")).build()?.try_deserialize()?;\n    Ok(c)\n}\n`;

  it('a run of 60,000 underscores is refused at once (no quadratic trim)', () => {
    const T = rsTokens(loader(`${'_'.repeat(60_000)}x`));
    let b: ReturnType<typeof serdeEnvBinding> = null;
    const ms = cpuMs(() => { b = serdeEnvBinding(T); });
    assert.equal(b, null);
    // The old `replace(/_+$/, '')` took 4.4 s here; the check is now one pass over 64 characters.
    assert.ok(ms < 200, `took ${ms} ms`);
  });

  it('a prefix of more than 64 characters is no prefix; one of 64 is', () => {
    assert.equal(serdeEnvBinding(rsTokens(loader(`A${'b'.repeat(64)}`))), null);
    assert.equal(serdeEnvBinding(rsTokens(loader(`A${'b'.repeat(63)}`)))?.prefix, `A${'B'.repeat(63)}__`);
  });

  it('trailing underscores are kept as written (figment `Env::prefixed("APP_")`)', () => {
    const fig = 'fn load() -> Settings {\n    Figment::new().merge(Env::prefixed("APP_").split("__")).extract::<Settings>().unwrap()\n}\n';
    assert.deepEqual(serdeEnvBinding(rsTokens(fig)), { prefix: 'APP_', separator: '__', root: 'Settings', line: 2, loader: 'figment' });
    assert.equal(serdeEnvBinding(rsTokens(loader('_'))), null);
    assert.equal(serdeEnvBinding(rsTokens(loader('APP__')))?.prefix, 'APP____');
  });
});

describe('serde binding: the root struct', () => {
  const file = [
    'fn size(len: usize) -> Result<u64> {',
    '    let n: u64 = len.try_into()?;',
    '    Ok(n)',
    '}',
    'pub fn configure() -> Result<Settings> {',
    '    let built = config::Config::builder()',
    '        .add_source(config::Environment::with_prefix("SHOP").separator("__"))',
    '        .build()?;',
    '    let config: Settings = built.try_deserialize()?;',
    '    Ok(config)',
    '}',
    '',
  ].join('\n');

  it('is not taken from an unrelated `let n: u64 = len.try_into()?` earlier in the file', () => {
    assert.deepEqual(serdeEnvBinding(rsTokens(file)), { prefix: 'SHOP__', separator: '__', root: 'Settings', line: 7, loader: 'config' });
  });

  it('nor from a turbofish of a primitive (`.try_into::<i32>()`)', () => {
    const t = file.replace('len.try_into()?', 'len.try_into::<i32>()?');
    assert.equal(serdeEnvBinding(rsTokens(t))?.root, 'Settings');
  });

  it('a file whose only conversion is to a primitive has no root', () => {
    const t = file.replace('built.try_deserialize()?', 'built.build_cloned()?');
    assert.equal(serdeEnvBinding(rsTokens(t)), null);
  });
});

describe('struct walks of large fan-out (7 levels of 10 struct fields)', () => {
  const levels = (field: (k: number, next: string) => string, struct: (name: string, body: string) => string): string =>
    Array.from({ length: 7 }, (_, d) => struct(`S${d}`, Array.from({ length: 10 }, (_, k) => field(k, d < 6 ? `S${d + 1}` : '')).join(''))).join('');

  it('envconfig stops after its visit budget (10^7 reads before: 36 s)', () => {
    const go = `package config\n${levels((k, t) => `\tF${k} ${t || 'string'}\n`, (n, b) => `type ${n} struct {\n${b}}\n`)}func P() { c := &S0{}; _ = envconfig.Process("app", c) }\n`;
    let reads: ReturnType<typeof envconfigReads> = [];
    const ms = cpuMs(() => { reads = envconfigReads(goTokens(go)); });
    assert.ok(reads.length > 0 && reads.length <= 4096, `${reads.length} reads`);
    assert.equal(reads[0].name, 'APP_F0_F0_F0_F0_F0_F0_F0');
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('serde stops after its visit budget (14.5 s before)', () => {
    const rs = levels((k, t) => `    f${k}: ${t || 'String'},\n`, (n, b) => `#[derive(Deserialize)]\nstruct ${n} {\n${b}}\n`);
    let reads: ReturnType<typeof serdeEnvReads> = [];
    const ms = cpuMs(() => { reads = serdeEnvReads(rsTokens(rs), { prefix: 'APP__', separator: '__', root: 'S0' }, 'test'); });
    assert.ok(reads.length > 0 && reads.length <= 4096, `${reads.length} reads`);
    assert.equal(reads[0].name, 'APP__F0__F0__F0__F0__F0__F0__F0');
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('a small settings struct is read whole, as before', () => {
    const go = 'package config\ntype Web struct {\n\tAddr string\n\tPort int\n}\ntype Root struct {\n\tWeb Web\n\tAdmin Web\n\tName string\n}\nfunc P() { c := &Root{}; _ = envconfig.Process("app", c) }\n';
    assert.deepEqual(envconfigReads(goTokens(go)).map((r) => r.name), ['APP_WEB_ADDR', 'APP_WEB_PORT', 'APP_ADMIN_ADDR', 'APP_ADMIN_PORT', 'APP_NAME']);
  });
});
