/**
 * DDL in string literals of code (analyzers/ddl.ts codeDdl) is read in linear time: 100 KB of
 * DDL-looking strings, unclosed quotes in comments and heredoc openers costs about 10× 10 KB.
 * Moved from test/unit/core/generic.ddl.test.ts, which timed it by the wall clock (a loaded
 * 2-core machine measures the neighbours that way); timing.ts measures CPU time.
 */
import { describe, it } from 'node:test';
import { codeDdl, editsTableBody, placeholderRewrites } from '../../../src/core/analyzers/ddl';
import type { Change } from '../../../src/core/types';
import { assertLinear, repeatTo } from './timing';

describe('DDL in code strings: linear', () => {
  it('100 KB of DDL-looking strings costs about 10x 10 KB (PHP and Go)', () => {
    const unit = 'x = "CREATE TABLE t' + ' '.repeat(50) + '(";\n/* ' + '"'.repeat(40) + ' */\n<<<X\n';
    assertLinear('codeDdl', (size) => repeatTo(unit, size), (text) => {
      codeDdl('a.php', text, () => true);
      codeDdl('a.go', text, () => true);
    });
  });
});

describe('table body edits and placeholder rewrites (mig14b): linear', () => {
  it('the SQL prefilter over 100 KB of key-like and column-like lines, removed and added, costs about 10x 10 KB', () => {
    const unit = 'KEY' + ' \t'.repeat(30) + 'x\n  UNIQUE KEY' + ' '.repeat(60) + '\n  lastsent TIMESTAMP' + '\t'.repeat(40) + '\n';
    assertLinear('editsTableBody', (size) => repeatTo(unit, size), (text) => {
      const lines = text.split('\n');
      editsTableBody({ status: 'modified', path: 'db/schema.mysql', hunks: [{ oldStart: 1, oldLines: lines.length, newStart: 1, newLines: lines.length, removed: lines, added: lines.map((l) => l + ',') }] } as unknown as Change);
      editsTableBody({ status: 'modified', path: 'db/schema.mysql', hunks: lines.map((l, i) => ({ oldStart: i + 1, oldLines: 1, newStart: i, newLines: 0, removed: [l], added: [] })) } as unknown as Change);
    });
  });
  it('100 KB of statements with placeholders against 100 KB of the same statements at base costs about 10x 10 KB', () => {
    const unit = 'x := fmt.Sprintf("ALTER TABLE messages ADD COLUMN edited %s %s %s %s", a, b, c, d)\ny := "ALTER TABLE messages ADD COLUMN edited BOOLEAN DEFAULT 0 NOT NULL"\n';
    assertLinear('placeholderRewrites', (size) => repeatTo(unit, size), (text) => {
      const { statements } = codeDdl('a.go', text, () => true);
      // the new side without the literals: every base statement was replaced, so each template is matched
      placeholderRewrites('a.go', statements.slice(0, 200), text, text.replace(/^y := .*$/gm, ''));
    });
  });
});
