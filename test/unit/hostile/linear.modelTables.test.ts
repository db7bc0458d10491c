/**
 * The model readers of the engine's start-up-schema check (ddl.ts modelTables, modelColumnNames)
 * on 10 KB and 100 KB of adversarial shapes: unclosed declarations, runs of blanks, long lines.
 */
import { describe, it } from 'node:test';
import { modelColumnNames, modelTables } from '../../../src/core/analyzers/ddl';
import { assertLinear, repeatTo } from './timing';

describe('model table and column readers are linear', () => {
  const shapes: Record<string, (s: number) => string> = {
    'unclosed tablename': (s) => repeatTo('__tablename__ =    "', s),
    'tablename lines': (s) => repeatTo('    __tablename__ = "t"\n', s),
    'Table( runs': (s) => repeatTo('Table(  Table( ', s),
    'JPA name runs': (s) => repeatTo('@Table(name name = ', s),
    'Entity braces': (s) => repeatTo('@Entity({ name: @Entity({', s),
    'TableName runs': (s) => repeatTo('TableName() string { return ', s),
    'column runs': (s) => repeatTo('    x: = = Column(', s),
    'blank runs': (s) => repeatTo(' \t', s),
    'one long line': (s) => 'a'.repeat(s),
  };
  for (const path of ['m.py', 'M.java', 'm.ts', 'm.go']) {
    it(`on ${path}`, () => {
      for (const [name, make] of Object.entries(shapes)) {
        assertLinear(`modelTables ${path} ${name}`, make, (text) => modelTables(path, text));
        assertLinear(`modelColumnNames ${path} ${name}`, make, (text) => modelColumnNames(path, text));
      }
    });
  }
});
