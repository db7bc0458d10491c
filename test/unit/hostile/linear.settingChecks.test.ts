/**
 * The changed-default reader (analyzers/settingDefaults.ts) and the refusal reader
 * (analyzers/configRefusals.ts) are linear on adversarial input: every line of a settings module
 * edited in place with one literal changed (each pair lexed once, the whole new side lexed once for
 * its code lines), thousands of added stops whose messages name a setting, one long message, and
 * the shared shapes as a value and as a message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addedRefusals } from '../../../src/core/analyzers/configRefusals';
import { changedSettingDefaults } from '../../../src/core/analyzers/settingDefaults';
import type { Change, Hunk } from '../../../src/core/types';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

let salt = 0;
const lines = (t: string) => t.split('\n');
/** A modified file whose every line is paired with the old side's line (one hunk, as many removed as added). */
const paired = (path: string, oldText: string, newText: string): Change => {
  const a = lines(oldText);
  const b = lines(newText);
  const hunk: Hunk = { oldStart: 1, oldLines: a.length, newStart: 1, newLines: b.length, removed: a, added: b };
  return { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [hunk] };
};
const many = (unit: (k: number) => string) => (size: number) => {
  let out = '';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out;
};

/** New side `text`; old side the same with every `"json"` a `"text"` (each default switched). */
const prepareDefaults = (text: string) => {
  const t = `package config\n${text}\n${'\n'.repeat(1 + (salt++ % 64))}`;
  const old = t.replace(/"json"/g, '"text"');
  const change = paired('internal/config/config.go', old, t);
  return () => changedSettingDefaults(change, t);
};
/** New side `text` added whole to a Go module that held only its package line. */
const prepareRefusals = (text: string) => {
  const t = `package cmd\n${text}\n${'\n'.repeat(1 + (salt++ % 64))}`;
  const b = lines(t);
  const change: Change = { status: 'modified', path: 'cmd/server.go', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: 1, newStart: 2, newLines: b.length - 1, removed: [], added: b.slice(1) }] };
  return () => addedRefusals(change, t);
};

describe('the setting checks are linear on adversarial input', () => {
  it('changed defaults: thousands of switched defaults, long values, shared shapes as a value', () => {
    const defaults = many((k) => `\tv.SetDefault("log-format-${k}", "json")\n`);
    assert.ok(prepareDefaults(defaults(10240))().length > 0);
    assertLinearPrepared('setting defaults switched', defaults, prepareDefaults);
    assertLinearPrepared('setting defaults one long line', (s) => `\tdefaultMode = "json" + ${repeatTo('"a" + ', s)}"b"`, prepareDefaults);
    for (const [name, make] of Object.entries(SHAPES)) assertLinearPrepared(`setting defaults value ${name}`, (s) => `\tdefaultMode = "json${make(s).replace(/["\\\n]/g, '-')}"`, prepareDefaults);
  });

  it('refusals: thousands of added stops naming a setting, one long message, shared shapes as a message', () => {
    const stops = many((k) => `\tif c.X${k} == "" {\n\t\treturn fmt.Errorf("--flag-${k} must be set")\n\t}\n`);
    assert.ok(prepareRefusals(stops(10240))().length > 0);
    assertLinearPrepared('refusals many stops', stops, prepareRefusals);
    assertLinearPrepared('refusals one long message', (s) => `\tpanic("the option ${repeatTo('when x ', s)} must be set")`, prepareRefusals);
    for (const [name, make] of Object.entries(SHAPES)) assertLinearPrepared(`refusals message ${name}`, (s) => `\tpanic("the option must be set ${make(s).replace(/["\\\n]/g, '-')}")`, prepareRefusals);
  });
});
