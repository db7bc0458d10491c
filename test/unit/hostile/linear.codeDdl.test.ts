/**
 * DDL in string literals of code (analyzers/ddl.ts codeDdl) is read in linear time: 100 KB of
 * DDL-looking strings, unclosed quotes in comments and heredoc openers costs about 10× 10 KB.
 * Moved from test/unit/core/generic.ddl.test.ts, which timed it by the wall clock (a loaded
 * 2-core machine measures the neighbours that way); timing.ts measures CPU time.
 */
import { describe, it } from 'node:test';
import { codeDdl } from '../../../src/core/analyzers/ddl';
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
