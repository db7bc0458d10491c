/**
 * Env shapes read in session 13 from the ex-holdout-v11 misses (issue 11).
 * - A prefix applied by the loader (the family of viper SetEnvPrefix, envconfig.Process, the Rust
 *   config crate's Environment::with_prefix): caarlos0/env's `env.Parse(&cfg, env.Options{Prefix: "APP_"})`
 *   reads every `env:"X"` tag of the struct as APP_X (Gokapi reports GOKAPI_ENABLE_HOTLINK_VIDEOS,
 *   not ENABLE_HOTLINK_VIDEOS). Decoys: an `Options{Prefix: …}` of another library, a file without the
 *   loader's import.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { notChinese } from '../l10n/english';
import { TestRepo } from '../../helpers/repo';
import { addedIn } from '../../helpers/envFindings';

describe('caarlos0/env with a prefix option', () => {
  const repo = new TestRepo('envshapes13prefix');
  after(() => repo.dispose());
  const loader = (fields: string[], opts = 'envParser.Options{\n\t\tPrefix: "SHOP_",\n\t}', lib = 'envParser "github.com/caarlos0/env/v6"') => [
    'package environment',
    '',
    'import (',
    `\t${lib}`,
    ')',
    '',
    'type Environment struct {',
    '\tPort int `env:"PORT" envDefault:"8080"`',
    ...fields,
    '}',
    '',
    'func parse() Environment {',
    '\tresult := Environment{}',
    `\t_ = envParser.Parse(&result, ${opts})`,
    '\treturn result',
    '}',
    '',
  ].join('\n');
  const fields = ['\tHotlinkVideos bool `env:"ENABLE_HOTLINK_VIDEOS" envDefault:"false"`', '\tBucket string `env:"AWS_BUCKET,required"`'];
  it('each new tag is PREFIX + name, with its optionality; the message names the loader', async () => {
    repo.commit('init', { 'internal/environment/Environment.go': loader([]), 'README.md': '# shop\n' });
    repo.checkout('feature', true);
    repo.commit('new settings', { 'internal/environment/Environment.go': loader(fields) });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'internal/environment/Environment.go'), ['SHOP_AWS_BUCKET', 'SHOP_ENABLE_HOTLINK_VIDEOS?']);
    const f = r.impacts.find((i) => i.path === 'internal/environment/Environment.go')!.findings.find((x) => x.subject === 'SHOP_AWS_BUCKET')!;
    assert.match(f.message, /caarlos0\/env with prefix "SHOP_"/);
    assert.match(translateMessage(f.message) ?? '', /caarlos0\/env，前缀为 "SHOP_"/);
    assert.deepEqual(notChinese([f.message], translateMessage), []);
  });
  it('without the library, or with another library\'s Options{Prefix}, the tag is the name as written', async () => {
    repo.checkout('main');
    repo.checkout('other', true);
    repo.commit('another library', { 'internal/environment/Environment.go': loader([], 'minio.ListObjectsOptions{Prefix: "SHOP_"}', 'envParser "example.com/other/env"') });
    repo.checkout('other2', true);
    repo.commit('new settings', { 'internal/environment/Environment.go': loader(fields, 'minio.ListObjectsOptions{Prefix: "SHOP_"}', 'envParser "example.com/other/env"') });
    const r = await analyze({ repo: repo.dir, base: 'other', head: 'other2' });
    assert.deepEqual(r.envVars.added, ['AWS_BUCKET', 'ENABLE_HOTLINK_VIDEOS']);
  });
  it('with the library but no prefix option, the tag is the name as written', async () => {
    repo.checkout('main');
    repo.checkout('noprefix', true);
    repo.commit('no prefix', { 'internal/environment/Environment.go': loader([], 'envParser.Options{}') });
    repo.checkout('noprefix2', true);
    repo.commit('new settings', { 'internal/environment/Environment.go': loader(fields, 'envParser.Options{}') });
    const r = await analyze({ repo: repo.dir, base: 'noprefix', head: 'noprefix2' });
    assert.deepEqual(r.envVars.added, ['AWS_BUCKET', 'ENABLE_HOTLINK_VIDEOS']);
  });
});
