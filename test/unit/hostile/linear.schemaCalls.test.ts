/**
 * The schema-call reader (analyzers/schemaCalls.ts) is linear: thousands of calls on literal
 * tables, endless argument lists, names that look like operations, unclosed calls and strings,
 * every line added, old and new side both read.
 */
import { describe, it } from 'node:test';
import { mayAddSchemaCall, schemaCallFindings } from '../../../src/core/analyzers/schemaCalls';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

const many = (unit: (k: number) => string) => (size: number) => {
  let out = 'func upgradeDatabase() {}\n';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out;
};
const OWN: Record<string, (size: number) => string> = {
  calls: many((k) => `s.CreateColumnIfNotExists("T${k}", "C", "int", "int", "0")\n`),
  perlCalls: many((k) => `$dbh->bz_add_column('t${k}', 'c', {TYPE => 'INT2'});\n`),
  longArgs: (size) => `func upgradeDatabase() {}\ns.AddColumn("t", ${repeatTo('(a, ', size - 40)}`,
  unclosed: (size) => `func upgradeDatabase() {}\n${repeatTo('s.DropTable("t", ', size - 26)}`,
  names: (size) => repeatTo('AddColumnIfNotExistsNoDefault ', size),
  longName: (size) => `upgrade ${repeatTo('AddColumn', size - 8)}("t")`,
};
const STRESS = Object.fromEntries(['quotes', 'backslashes', 'unterminatedString', 'manyShortLines', 'hashRun'].filter((k) => SHAPES[k]).map((k) => [k, SHAPES[k]]));

const prepare = (path: string) => (text: string) => {
  const oldText = text.slice(0, Math.floor(text.length / 2));
  const lines = text.split('\n');
  return () => (mayAddSchemaCall(path, lines) ? schemaCallFindings(path, oldText, text, () => true) : []);
};

describe('the schema-call reader is linear on adversarial input', () => {
  for (const path of ['store/sqlstore/upgrade.go', 'lib/Install/DB.pm', 'app/upgrade.py']) {
    it(path, () => {
      for (const [name, make] of Object.entries({ ...STRESS, ...OWN })) assertLinearPrepared(`schema-calls ${path} ${name}`, make, prepare(path));
    });
  }
});
