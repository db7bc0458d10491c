/**
 * The model readers of the engine's start-up-schema check (ddl.ts modelTables, modelColumnNames)
 * on 10 KB and 100 KB of adversarial shapes: unclosed declarations, runs of blanks, long lines.
 */
import { describe, it } from 'node:test';
import { modelColumnLines, modelColumnNames, modelTables } from '../../../src/core/analyzers/ddl';
import type { Change } from '../../../src/core/types';
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

describe('model column lines of a Grails domain class are linear', () => {
  const path = 'grails-app/domain/io/xh/app/Log.groovy';
  // Each line below the 2000-character cap that modelColumnLines reads, repeated: blanks, type and name runs, constraint words.
  const shapes: Record<string, string> = {
    'blank runs': ' \t'.repeat(990),
    'type runs': `    ${'Aa.'.repeat(600)}`,
    'generic runs': `    Map<${'String, '.repeat(200)}`,
    'name runs': `    String ${'a'.repeat(1900)} x`,
    'constraint runs': `        ${'name '.repeat(380)}`,
    'paren runs': `        url(${'( '.repeat(900)}`,
  };
  for (const [name, line] of Object.entries(shapes)) {
    it(name, () => {
      assertLinear(`modelColumnLines grails ${name}`, (s) => repeatTo(`${line}\n`, s), (text) => {
        const added = text.split('\n');
        const change: Change = { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: added.length, removed: [], added }] };
        return modelColumnLines(change);
      });
    });
  }
});
