/**
 * The config-reader reader (analyzers/configReader.ts) is linear, including the Go field-tag keys
 * it reads (`toml:"x" yaml:"x"`): every old line removed, so every key of the old side is a
 * candidate and the new side is read for tags and quoted names. Shapes: thousands of tagged
 * fields (each removed), a tag with thousands of pairs, unclosed tags, the shared shapes in a field.
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

describe('the config-reader reader is linear on adversarial input (Go field tags)', () => {
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
