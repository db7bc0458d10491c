/**
 * The config-schema reader (analyzers/configSchema.ts, reached through the config-keys analyzer
 * when both sides are JSON Schemas) is linear: its own hostile site. Each shape is a schema whose
 * old side differs by one default, so both sides parse and the schema walk runs: adversarial
 * strings as a default, many properties, deep nesting, and a `$ref` fan-out (each definition
 * refers to the previous one twice: a walk without a budget would be exponential).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzerFor } from '../../../src/core/analyzers';
import { rewrite } from './analyzerCases';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

const head = 'type: object\nadditionalProperties: false\nproperties:\n  name:\n    type: string\n    default: DEFAULT\n';
const wrapDefault = (s: string) => `${head}  other:\n    type: string\n    default: ${JSON.stringify(s)}\n`;
const wide = (size: number) => {
  let out = head;
  for (let k = 0; out.length < size - 60; k++) out += `  p${k}_long_property_name:\n    type: string\n    default: x\n`;
  return out;
};
const deep = (size: number) => {
  let out = head;
  for (let d = 1; out.length < size - 300; d++) out += `${'  '.repeat(d % 400 + 1)}properties:\n${'  '.repeat(d % 400 + 2)}k${d}:\n`;
  return out;
};
const refFanOut = (size: number) => {
  let out = `${head}  root:\n    $ref: "#/$defs/d0"\n$defs:\n  d0:\n    type: object\n    properties:\n      leaf:\n        type: string\n`;
  for (let k = 1; out.length < size; k++) out += `  d${k}:\n    type: object\n    properties:\n      a:\n        $ref: "#/$defs/d${k - 1}"\n      b:\n        $ref: "#/$defs/d${k - 1}"\n`;
  return out.replace('$ref: "#/$defs/d0"', () => `$ref: "#/$defs/d${Math.floor(size / 120)}"`);
};

let salt = 0;
const prepare = (text: string) => {
  const t = text + '\n'.repeat(1 + (salt++ % 64));
  const change = rewrite('config/schema.yaml', t.replace('default: DEFAULT', 'default: OLD'), t, 'config-keys');
  const analyzer = analyzerFor('config-keys');
  return () => analyzer.analyze(change);
};

describe('the config-schema reader is linear on adversarial input', () => {
  it('every shape reaches the schema walk (the changed default is reported as one)', () => {
    for (const make of [wrapDefault, () => wide(10240), () => deep(10240), () => refFanOut(10240)]) {
      const findings = prepare(make('x'))() as { kind: string; subject?: string }[];
      assert.ok(findings.some((f) => f.kind === 'default-changed' && f.subject === 'name'), JSON.stringify(findings.slice(0, 3)));
    }
  });
  it('config/schema.yaml: adversarial defaults, many properties, deep nesting, $ref fan-out', () => {
    const shapes: Record<string, (size: number) => string> = { wide, deep, refFanOut };
    for (const [name, make] of Object.entries(SHAPES)) shapes[`default:${name}`] = (size) => wrapDefault(make(size));
    for (const [name, make] of Object.entries(shapes)) assertLinearPrepared(`config-schema ${name}`, make, prepare);
  });
});

const cuttlefishPrepare = (text: string) => {
  const t = text + '\n'.repeat(1 + (salt++ % 64));
  const change = rewrite('priv/schema/app.schema', `{mapping, "gone.key", "app.gone", []}.\n${t}`, t, 'config-keys');
  const analyzer = analyzerFor('config-keys');
  return () => analyzer.analyze(change);
};
const mappings = (size: number) => {
  let out = '{mapping, "kept", "app.kept", []}.\n';
  for (let k = 0; out.length < size; k++) out += `{mapping, "listeners.k${k}", "app.k${k}", [{datatype, integer}]}.\n`;
  return out;
};

describe('the cuttlefish schema reader is linear on adversarial input', () => {
  it('every shape reaches the mapping scan (the removed mapping is reported)', () => {
    for (const make of [mappings, (s: number) => `{mapping, "kept", "a", []}.\n${SHAPES.quotes(s)}`]) {
      const findings = cuttlefishPrepare(make(10240))() as { kind: string; subject?: string }[];
      assert.ok(findings.some((f) => f.kind === 'config-key-removed' && f.subject === 'gone.key'), JSON.stringify(findings.slice(0, 3)));
    }
  });
  it('priv/schema/app.schema: many mappings, adversarial text after a mapping', () => {
    const shapes: Record<string, (size: number) => string> = { mappings, unopened: (s) => repeatTo('{mapping, ', s) };
    for (const [name, make] of Object.entries(SHAPES)) shapes[`text:${name}`] = (size) => `{mapping, "kept", "a", []}.\n${make(size)}`;
    for (const [name, make] of Object.entries(shapes)) assertLinearPrepared(`cuttlefish ${name}`, make, cuttlefishPrepare);
  });
});
