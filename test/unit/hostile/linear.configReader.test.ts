/**
 * The config-reader reader (analyzers/configReader.ts) is linear, including the Go field-tag keys
 * it reads (`toml:"x" yaml:"x"`): every old line removed, so every key of the old side is a
 * candidate and the new side is read for tags and quoted names. Shapes: thousands of tagged
 * fields (each removed), a tag with thousands of pairs, unclosed tags, the shared shapes in a field.
 * Review9 F1: thousands of tagged fields all renamed (each old key looked up in the new side), and
 * thousands of tagged fields with as many added `panic("…")` lines (each message against every key).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configReaderFindings } from '../../../src/core/analyzers/configReader';
import { rewrite } from './analyzerCases';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

let salt = 0;
const prepare = (text: string) => {
  const t = `package config\ntype C struct {\n${text}\n}\n${'\n'.repeat(1 + (salt++ % 64))}`;
  const old = t.replace('type C struct {\n', 'type C struct {\n\tGone string `toml:"gone_key"`\n\tA string `toml:"a1"`\n\tB string `toml:"b1"`\n\tC string `toml:"c1"`\n\tD string `toml:"d1"`\n');
  const { change } = rewrite('pkg/config/config.go', old, t, 'config-keys');
  return () => configReaderFindings(change, old, t, 'evidence');
};
const many = (unit: (k: number) => string) => (size: number) => {
  let out = '';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out;
};
const OWN: Record<string, (size: number) => string> = {
  fields: many((k) => `\tF${k} string \`mapstructure:"f_${k}" yaml:"f_${k},omitempty"\`\n`),
  widePairs: (s) => `\tW string \`${repeatTo('yaml:"w" ', s)}\``,
  unclosed: (s) => `\tU string \`${repeatTo('toml:"', s)}`,
  colons: (s) => `\tX string \`${repeatTo(':"', s)}\``,
};

/** Old side: `text` with every tag key renamed (`f_K` was `old_K`): every key of the old side is removed. */
const prepareRenamed = (text: string) => {
  const t = `package config\ntype C struct {\n${text}\n}\n${'\n'.repeat(1 + (salt++ % 64))}`;
  const old = t.replace(/"f_/g, '"old_');
  const { change } = rewrite('pkg/config/config.go', old, t, 'config-keys');
  return () => configReaderFindings(change, old, t, 'evidence');
};
/** `text` holds fields and panics: the old side is its fields alone (every key still declared), the new side adds the panics. */
const preparePanics = (text: string) => {
  const at = text.indexOf('\nfunc ');
  const fields = at < 0 ? text : text.slice(0, at);
  const t = `package config\ntype C struct {\n${fields}\n}\n${text.slice(fields.length)}\n${'\n'.repeat(1 + (salt++ % 64))}`;
  const old = `package config\ntype C struct {\n${fields}\n}\n`;
  const { change } = rewrite('pkg/config/config.go', old, t, 'config-keys');
  return () => configReaderFindings(change, old, t, 'evidence');
};
/** Half tagged fields, half added panics whose message names no key (every key is tried against every message). */
const fieldsAndPanics = (size: number) => {
  const fields = many((k) => `\tF${k} string \`toml:"field_${k}"\`\n`)(size / 2);
  const panics = many((k) => `\tpanic("bad value zz${k} here")\n`)(size / 2);
  return `${fields}\nfunc check() {\n${panics}}`;
};

describe('the config-reader reader is linear on adversarial input (Go field tags)', () => {
  it('review9 F1: every tagged field renamed (each removed key looked up in the new side once)', () => {
    assert.ok(prepareRenamed(OWN.fields(10240))().some((f) => f.subject === 'old_0'));
    assertLinearPrepared('config-reader renamed fields', OWN.fields, prepareRenamed);
  });
  it('review9 F1: tagged fields and added panics (each message looked up, not scanned against every key)', () => {
    // The shape reaches the refusal scan: a panic naming a key is reported.
    const hit = preparePanics(`\tF string \`toml:"field_one"\`\n\nfunc check() {\n\tpanic("field_one is no longer accepted")\n}`)();
    assert.deepEqual(hit.map((f) => f.subject), ['field_one']);
    assertLinearPrepared('config-reader fields and panics', fieldsAndPanics, preparePanics);
    const message = (make: (size: number) => string) => (size: number) => `\tF string \`toml:"log-level"\`\n\tG string \`toml:"log-level-x"\`\n\nfunc check() {\n\tpanic("${make(size).replace(/["\\\n]/g, '-')}")\n}`;
    assertLinearPrepared('config-reader one long message', message((s) => repeatTo('log-level-', s)), preparePanics);
    for (const [name, make] of Object.entries(SHAPES)) assertLinearPrepared(`config-reader message ${name}`, message(make), preparePanics);
  });

  it('the shapes reach the tag scan (the removed key is reported)', () => {
    const findings = prepare(OWN.fields(10240))();
    assert.ok(findings.some((f) => f.subject === 'gone_key'), JSON.stringify(findings.slice(0, 3)));
  });
  it('pkg/config/config.go: many tagged fields, wide tags, unclosed tags, shared shapes in a field', () => {
    const shapes: Record<string, (size: number) => string> = { ...OWN };
    for (const [name, make] of Object.entries(SHAPES)) shapes[`field:${name}`] = (size) => `\tF string \`toml:"${make(size)}"\``;
    for (const [name, make] of Object.entries(shapes)) assertLinearPrepared(`config-reader ${name}`, make, prepare);
  });
});
