/**
 * The settings-module reader (analyzers/settingNames.ts) is linear: every old line removed, so
 * every setting-shaped string of the old side is a candidate; the shared shapes, thousands of
 * distinct setting names, endless quoted names, quote runs; and the head-grep hit reader.
 */
import { describe, it } from 'node:test';
import { removedConfigReads, removedSettingNames, removedTableKeys, removesConfigReadHint, removesKeyTableRowHint, removesSettingHint, removesSubscriptKeyHint, settingNameSearch } from '../../../src/core/analyzers/settingNames';
import type { Change } from '../../../src/core/types';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

const many = (unit: (k: number) => string) => (size: number) => {
  let out = '';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out;
};
const OWN: Record<string, (size: number) => string> = {
  names: many((k) => `  <*> optString "opt-name-${k}"\n`),
  longName: (size) => `"${repeatTo('a-', size - 2)}"`,
  quotes: (size) => repeatTo('"a-b" ', size),
  unclosed: (size) => repeatTo('"a-b', size),
  // a Haskell operator made of a long dash run (`------…--->`): the lexer once rescanned the run per dash
  dashRunOperator: (size) => `x = "db-pool"\nop = ${'-'.repeat(size - 19)}>`,
  // X-macro rows of a settings header: many rows, comment runs after the macro's bracket, a row with no name
  macroRows: many((k) => `PARAM_SIMPLE(\n\t/* name */\tparam_name_${k},\n\t/* def */\t"1"\n)\n`),
  macroComments: (size) => `PARAM(${repeatTo('/* c */ ', size - 20)}a_b, x)\n`,
  macroOpens: (size) => repeatTo('\nA(', size),
  hintLine: (size) => repeatTo('a_', size),
  // C# options properties: many properties, a long modifier run before the accessor list, `public` and `{ get` runs
  csharpProps: many((k) => `\tpublic int PrepareCount${k} { get; init; } = -1;\n`),
  modifierRun: (size) => `public ${repeatTo('static ', size - 30)}int PrepareCount { get; }\n`,
  publicRun: (size) => repeatTo('public { get ', size),
};
const STRESS = Object.fromEntries(['quotes', 'backslashes', 'unterminatedString', 'dashes', 'manyShortLines', 'hashRun'].filter((k) => SHAPES[k]).map((k) => [k, SHAPES[k]]));

let n = 0;
/** A change of `path` whose every old line is removed (a varying tail of blank lines defeats caching), the new side half the text. */
const removedLinesChange = (path: string, text: string): { change: Change; oldText: string; newText: string } => {
  const oldText = `${text}\n${'\n'.repeat(1 + (n++ % 64))}`;
  const lines = oldText.split('\n');
  const change: Change = { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: lines.length, newStart: 1, newLines: 1, removed: lines, added: ['x'] }] };
  return { change, oldText, newText: text.slice(0, Math.floor(text.length / 2)) };
};
const prepare = (path: string) => (text: string) => {
  const { change, oldText, newText } = removedLinesChange(path, text);
  return () => (removesSettingHint(change) ? removedSettingNames(change, oldText, newText) : []);
};

describe('the settings-module reader is linear on adversarial input', () => {
  for (const path of ['src/App/Config.hs', 'internal/config/config.go', 'app/options.py', 'include/tbl/params.h', 'src/Acme.Core/ClusterNodeOptions.cs']) {
    it(path, () => {
      for (const [name, make] of Object.entries({ ...STRESS, ...OWN })) assertLinearPrepared(`setting-names ${path} ${name}`, make, prepare(path));
    });
  }
  it('config reads removed from other code (removedConfigReads)', () => {
    const reads: Record<string, (size: number) => string> = {
      reads: many((k) => `  x = properties.getBool("read_key_${k}", true);\n`),
      receivers: (size) => repeatTo('confconf', size),
      quotedNames: (size) => repeatTo('cfg "a_b" ', size),
    };
    const prepareReads = (path: string) => (text: string) => {
      const { change, oldText, newText } = removedLinesChange(path, text);
      return () => (removesConfigReadHint(change) ? removedConfigReads(change, oldText, newText) : []);
    };
    for (const path of ['core/src/main/java/a/CarEncoder.java', 'app/worker.py']) {
      for (const [name, make] of Object.entries({ ...STRESS, ...reads })) assertLinearPrepared(`config-reads ${path} ${name}`, make, prepareReads(path));
    }
  });
  it('subscript keys (session 14): the single-quote hint and the subscript-only read', () => {
    const subs: Record<string, (size: number) => string> = {
      subscripts: many((k) => `    $x = $config['sub_key_${k}'];\n`),
      openRun: (size) => repeatTo("['a b", size - 3) + "']",
      bracketRun: (size) => repeatTo('a[', size),
      gluedRun: (size) => repeatTo('a["a_b"]', size),
    };
    const prepareSubs = (path: string) => (text: string) => {
      const { change, oldText, newText } = removedLinesChange(path, text);
      return () => (removesSubscriptKeyHint(change) ? removedSettingNames(change, oldText, newText, true) : []);
    };
    for (const path of ['application/forms/Config/Store.php', 'lib/config_provider/config.ex']) {
      for (const [name, make] of Object.entries({ ...STRESS, ...subs })) assertLinearPrepared(`subscript-keys ${path} ${name}`, make, prepareSubs(path));
    }
  });
  it('config key tables (session 15): the row hint and the table read, in a settings header and other C code', () => {
    const tables: Record<string, (size: number) => string> = {
      rows: many((k) => `  {"table_key_${k}", cfg_key_table_${k}},\n`),
      camelRows: many((k) => `\t{ "TableKey${k}",\t\tCONFIG_TYPE_STRING,\tFALSE },\n`),
      macroRows: many((k) => `\t{ "table-key-${k}", FR_CONF_OFFSET(PW_TYPE_STRING, t, k${k}), NULL },\n`),
      openRuns: (size) => repeatTo('{ "a", ', size),
      spaceRun: (size) => `{${' '.repeat(size - 20)}"a_b", cfg_x}`,
      fieldRun: (size) => `{ "a_b", ${repeatTo('cfg_', size - 12)} }`,
    };
    const prepareTables = (path: string) => (text: string) => {
      const { change, oldText, newText } = removedLinesChange(path, text);
      return () => (removesKeyTableRowHint(change) ? [...removedTableKeys(change, oldText, newText), ...removedSettingNames(change, oldText, newText)] : []);
    };
    for (const path of ['src/pmacct-data.h', 'opendkim/opendkim-config.h']) {
      for (const [name, make] of Object.entries({ ...STRESS, ...tables })) assertLinearPrepared(`key-tables ${path} ${name}`, make, prepareTables(path));
    }
  });
  it('settingNameSearch().named', () => {
    const search = settingNameSearch(['a-b', 'cache-size']);
    for (const [name, make] of Object.entries({ ...STRESS, ...OWN })) assertLinearPrepared(`setting-names grep hit ${name}`, make, (text) => () => search.named(text));
  });
  it('settingNameSearch().named on identifiers and C# bindings (review11 F1, F2)', () => {
    const search = settingNameSearch([{ name: 'PrepareCount', line: 1, ident: true, owner: 'SmtpOptions' }, { name: 'vsm_space', line: 2, ident: true }], 'src/Acme/SmtpOptions.cs');
    const binds = {
      ...STRESS,
      ...OWN,
      bindRuns: (size: number) => repeatTo('Configure<SmtpOptions> IOptions<a.b.SmtpOptions>', size),
      dottedRun: (size: number) => `Get<${repeatTo('a.', size - 5)}`,
      identRun: (size: number) => repeatTo('PrepareCount ', size),
    };
    for (const [name, make] of Object.entries(binds)) assertLinearPrepared(`setting-names C# hit ${name}`, make, (text) => () => search.named(text, 'src/Acme/Program.cs'));
  });
});
