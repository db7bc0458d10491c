/**
 * The profile's readings of a defaults file that loads a local override and of build files that
 * install configs into the system config folder (profile/learn.ts overriddenDefaultsFiles,
 * buildInstalledConfigs; analyzers/template.ts overriddenDefaultsFindings) stay linear on hostile
 * input: a long `require … local …` line with no `.php`, make lines continued thousands of times,
 * unclosed CMake `install(` calls, a `$x$x$x…` PHP line and a settings file of 100,000 lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GrepHit } from '../../../src/core/git/gitSource';
import { learnProfile, type ProfileSource } from '../../../src/core/profile/learn';
import { overriddenDefaultsFindings } from '../../../src/core/analyzers/template';
import type { Change } from '../../../src/core/types';

const FILES: Record<string, string> = {
  'conf/config.inc.php': `<?php\nrequire_once ${"'x' . local . ".repeat(20_000)}\n${'include '.repeat(30_000)}'local${'a'.repeat(50_000)}\n`,
  'Makefile.am': `${'sysconfdir_DATA = a.conf \\\n'.repeat(20_000)}${'x'.repeat(60_000)}dir = $(sysconfdir)\n${'\t$(INSTALL) $(sysconfdir) '.repeat(10_000)}\n`,
  'CMakeLists.txt': `${'install(FILES a.conf DESTINATION ${CMAKE_INSTALL_SYSCONFDIR} ('.repeat(20_000)}\n`,
  'meson.build': `${"install_data('a.conf', install_dir: get_option('sysconfdir'), (".repeat(20_000)}\n`,
};

function source(): ProfileSource {
  const paths = Object.keys(FILES);
  return {
    listFiles: async () => paths,
    grep: async (_rev, words) => (words.some((w) => w.includes('sysconf')) ? paths.filter((p) => p !== 'conf/config.inc.php').map((p): GrepHit => ({ path: p, line: 1, text: 'sysconfdir' })) : []),
    readFiles: async (_rev, ps) => new Map(ps.map((p) => [p, FILES[p] ?? null])),
  };
}

const cpu = async (f: () => Promise<unknown> | unknown): Promise<number> => {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

describe('defaults files and build-installed configs: linear on hostile input', () => {
  it('learning the profile of hostile build files and a hostile settings file takes well under two seconds', async () => {
    const ms = await cpu(() => learnProfile(source(), 'HEAD', 'tree'));
    assert.ok(ms < 2000, `learnProfile took ${ms.toFixed(0)} ms of CPU`);
  });

  it('reading a changed defaults file of 100,000 lines and of long `$x$x…` lines takes well under two seconds', async () => {
    const big = Array.from({ length: 100_000 }, (_, i) => `$setting_${i} = ${i};`).join('\n');
    const hostile = `${'$x'.repeat(1000)}\n${'$a['.repeat(600)}\n${"define('A', ".repeat(150)}\n$b = 1${";//'".repeat(400)}\n`.repeat(200);
    const change: Change = { path: 'conf/config.inc.php', oldPath: null, status: 'modified', hunks: [], binary: false } as unknown as Change;
    const ms = await cpu(() => {
      overriddenDefaultsFindings(change, big, big.replace('$setting_5 = 5;', ''), 'e');
      overriddenDefaultsFindings(change, hostile, `${hostile}\n$y = 1;`, 'e');
    });
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms of CPU`);
    const f = overriddenDefaultsFindings(change, big, big.replace('$setting_5 = 5;\n', ''), 'e');
    assert.equal(f.find((x) => x.kind === 'config-key-removed')?.subject, 'setting_5');
  });
});
