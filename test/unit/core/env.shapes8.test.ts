/**
 * Env shapes read in session 8 from the ex-holdout-v6 misses and false names (issue 11): a
 * constant holding the name handed to a reader before its default (Argo CD's
 * `env.ParseDurationFromEnv(EnvK8sServerSideTimeout, 0, 0, max)`), a library call named
 * `…FromEnv` that parses what it reads, and what systemd passes to every service it starts
 * (`NOTIFY_SOCKET`, `WATCHDOG_USEC`: Puma's false names), which no operator sets.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { addedIn } from '../../helpers/envFindings';

describe('a constant holding the env name, handed to a reader with a default', () => {
  const repo = new TestRepo('envconstreader');
  after(() => repo.dispose());
  const reader = [
    'package env',
    '',
    'import (',
    '\t"os"',
    '\t"time"',
    ')',
    '',
    '// ParseDurationFromEnv reads a duration from the environment, or the default.',
    'func ParseDurationFromEnv(env string, defaultValue, minimum, maximum time.Duration) time.Duration {',
    '\tstr := os.Getenv(env)',
    '\tif str == "" {',
    '\t\treturn defaultValue',
    '\t}',
    '\td, _ := time.ParseDuration(str)',
    '\treturn d',
    '}',
    '',
  ].join('\n');
  const constants = (consts: string[], reads: string[]) => [
    'package common',
    '',
    'import (',
    '\t"math"',
    '\t"time"',
    '',
    '\t"example.com/cd/util/env"',
    '\t"example.com/cd/util/parse"',
    '\t"example.com/lib/envutil"',
    ')',
    '',
    'const (',
    '\t// EnvK8sTCPTimeout is the TCP timeout of each API request',
    '\tEnvK8sTCPTimeout = "CD_K8S_TCP_TIMEOUT"',
    ...consts,
    ')',
    '',
    'var (',
    '\tK8sTCPTimeout = env.ParseDurationFromEnv(EnvK8sTCPTimeout, 30*time.Second, 0, math.MaxInt32*time.Second)',
    ...reads,
    ')',
    '',
  ].join('\n');
  repo.commit('init', {
    'util/env/env.go': reader,
    'common/common.go': constants([], []),
    'README.md': '# cd\n',
  });
  repo.checkout('feature', true);
  repo.commit('a new timeout, a worker count and a label', {
    'common/common.go': constants(
      ['\t// EnvK8sServerSideTimeout is the server-side timeout', '\tEnvK8sServerSideTimeout = "CD_K8S_SERVER_SIDE_TIMEOUT"', '\tlabelKey = "CD_LABEL_KEY"', '\tEnvRegion = "CD_REGION"'],
      [
        '\tK8sServerSideTimeout = env.ParseDurationFromEnv(EnvK8sServerSideTimeout, 0, 0, math.MaxInt32*time.Second)',
        // a library outside the repository, named for what it does: reads, then parses
        '\tWorkers = parse.ParseIntFromEnv("CD_WORKERS", 4)',
        // a constant handed to a library's getter named for the environment
        '\tRegion = envutil.String(EnvRegion)',
        // a constant handed to a function that is no env read
        '\tLabel = parse.ParseLabel(labelKey, "x")',
      ],
    ),
  });
  let report: Awaited<ReturnType<typeof analyze>> | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('the constant\'s value is the setting, optional (a default follows), read through the reader the profile learned', async () => {
    const r = await get();
    assert.ok(addedIn(r, 'common/common.go').includes('CD_K8S_SERVER_SIDE_TIMEOUT?'), JSON.stringify(addedIn(r, 'common/common.go')));
    const f = r.impacts.find((i) => i.path === 'common/common.go')!.findings.find((x) => x.subject === 'CD_K8S_SERVER_SIDE_TIMEOUT')!;
    assert.match(f.message, /read through ParseDurationFromEnv\(\) at util\/env\/env\.go:10/);
  });
  it('a `…FromEnv` call reads its name although it also parses it; a constant handed to a getter named for the environment is read; one handed to another call is no setting', async () => {
    const r = await get();
    assert.ok(addedIn(r, 'common/common.go').includes('CD_WORKERS?'), JSON.stringify(addedIn(r, 'common/common.go')));
    assert.ok(r.envVars.added.includes('CD_REGION'), 'a constant handed to envutil.String');
    assert.ok(!r.envVars.added.includes('CD_LABEL_KEY'), JSON.stringify(r.envVars.added));
    assert.ok(!r.envVars.added.includes('CD_K8S_TCP_TIMEOUT'), 'the base already read it');
  });
  it('a `…FromEnv` call that drops the variable reads nothing', async () => {
    repo.checkout('main');
    repo.checkout('drop', true);
    repo.commit('drop', { 'common/common.go': constants([], ['\tDropped = parse.DeleteFromEnv("CD_OLD_FLAG")']) });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'drop' });
    assert.deepEqual(r.envVars.added, []);
  });
});

describe('what systemd passes to every service it starts is no operator setting', () => {
  const repo = new TestRepo('envsystemd');
  after(() => repo.dispose());
  it('NOTIFY_SOCKET and WATCHDOG_USEC are not added; a setting read beside them is', async () => {
    repo.commit('init', { 'lib/server.rb': 'module Server\n  def self.start\n    run\n  end\nend\n' });
    repo.checkout('feature', true);
    repo.commit('sd_notify', {
      'lib/server.rb': [
        'module Server',
        '  def self.start',
        '    socket = ENV["NOTIFY_SOCKET"]',
        '    usec = ENV["WATCHDOG_USEC"]',
        '    level = ENV.fetch("SERVER_LOG_LEVEL", "info")',
        '    run',
        '  end',
        'end',
        '',
      ].join('\n'),
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['SERVER_LOG_LEVEL']);
  });
});
