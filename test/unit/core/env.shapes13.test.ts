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

describe('review13 F2: caarlos0/env prefixes belong to the struct of their Parse call', () => {
  const repo = new TestRepo('envshapes13prefix2');
  after(() => repo.dispose());
  const file = (dbFields: string[], httpFields: string[], httpOpts: string) => [
    'package config', '', 'import (', '\tenv "github.com/caarlos0/env/v11"', ')', '',
    'type DB struct {', '\tHost string `env:"HOST"`', ...dbFields, '}', '',
    'type HTTP struct {', '\tAddr string `env:"ADDR"`', ...httpFields, '}', '',
    'func Load() (DB, HTTP) {', '\tvar d DB', '\th := HTTP{}',
    '\t_ = env.ParseWithOptions(&d, env.Options{Prefix: "DB_"})',
    `\t_ = env.ParseWithOptions(&h, ${httpOpts})`,
    '\treturn d, h', '}', '',
  ].join('\n');
  const timeout = ['\tTimeout int `env:"TIMEOUT_SECONDS"`'];
  async function added(name: string, base: string, head: string): Promise<string[]> {
    repo.checkout('main');
    repo.checkout(`${name}-a`, true);
    repo.commit('base', { 'internal/config/config.go': base });
    repo.checkout(`${name}-b`, true);
    repo.commit('head', { 'internal/config/config.go': head });
    return (await analyze({ repo: repo.dir, base: `${name}-a`, head: `${name}-b` })).envVars.added;
  }
  it('two structs, two prefixes: each tag takes its own struct\'s prefix; a struct parsed without one takes none', async () => {
    repo.commit('init', { 'README.md': '# x\n' });
    assert.deepEqual(await added('two', file([], [], 'env.Options{Prefix: "HTTP_"}'), file([], timeout, 'env.Options{Prefix: "HTTP_"}')), ['HTTP_TIMEOUT_SECONDS']);
    assert.deepEqual(await added('none', file([], [], 'env.Options{}'), file([], timeout, 'env.Options{}')), ['TIMEOUT_SECONDS']);
    assert.deepEqual(await added('db', file([], [], 'env.Options{}'), file(['\tPort int `env:"PORT"`'], [], 'env.Options{}')), ['DB_PORT']);
  });
  it('a prefixed call whose struct is not in the file: no prefix when the file parses more than once', async () => {
    const other = (fields: string[]) => file(fields, [], 'env.Options{}').replace('env.ParseWithOptions(&d, env.Options{Prefix: "DB_"})', 'env.ParseWithOptions(ext.Config(), env.Options{Prefix: "DB_"})');
    assert.deepEqual(await added('ext', other([]), other(['\tPort int `env:"PORT"`'])), ['PORT']);
  });
});

/**
 * - Shell declarations of several names (`declare APP="$1" REV="$2"`, `local -i A=1 B=2`, `local X Y`):
 *   every name is the script's own variable, not only the first. Dokku's plugin triggers (Shell) and
 *   NUT's enphase-monitor (C project) declare their arguments so; Handoff took REV, URL, SOURCE_IMAGE …
 *   for removed settings when a trigger was deleted.
 */
describe('a shell declaration of several names', () => {
  const repo = new TestRepo('envshapes13declare');
  after(() => repo.dispose());
  const trigger = [
    '#!/usr/bin/env bash',
    'set -eo pipefail',
    '[[ $DOKKU_TRACE ]] && set -x',
    '',
    'trigger-tags-create() {',
    '  declare desc="tags-create plugin trigger"',
    '  declare DOKKU_SCHEDULER="$1" APP="$2" SOURCE_IMAGE="$3" TARGET_IMAGE="$4"',
    '  local -i RETRIES=3 WAIT_SECONDS=10',
    '  local TAG_OPTS IMAGE_REPO',
    '  IMAGE_REPO="$(echo "$SOURCE_IMAGE" | cut -d: -f1)"',
    '  docker image tag $TAG_OPTS "$SOURCE_IMAGE" "$TARGET_IMAGE" --retries "$RETRIES" --wait "$WAIT_SECONDS" "$IMAGE_REPO" "${DOKKU_TAG_TIMEOUT:-60}"',
    '}',
    '',
    'trigger-tags-create "$@"',
    '',
  ].join('\n');
  it('the declared names are no settings when the trigger goes; the variable it reads from the environment is', async () => {
    repo.commit('init', { 'plugins/scheduler/tags-create': trigger, 'README.md': '# paas\n' });
    repo.checkout('feature', true);
    repo.remove('plugins/scheduler/tags-create').commit('drop the trigger');
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.removed, ['DOKKU_TAG_TIMEOUT', 'DOKKU_TRACE']);
  });
  it('a name used but declared by no one stays a read', async () => {
    repo.checkout('main');
    repo.checkout('outside', true);
    repo.commit('read an outside name', { 'plugins/scheduler/tags-create': trigger.replace('"$IMAGE_REPO"', '"$IMAGE_REPO" "$DOKKU_REGISTRY_URL"') });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'outside' });
    assert.deepEqual(r.envVars.added, ['DOKKU_REGISTRY_URL']);
  });
});

/**
 * - Names only Docker Compose and the Docker CLI read (COMPOSE_PROJECT_NAME, COMPOSE_HTTP_TIMEOUT,
 *   DOCKER_BUILDKIT …): they configure the tool that starts the containers, not the program. Seen in
 *   AzuraCast's azuracast.env (PHP), Mailu's mailu.env (Python), Ghostfolio's .env.example (TypeScript).
 */
describe('Docker Compose and Docker CLI variables', () => {
  const repo = new TestRepo('envshapes13compose');
  after(() => repo.dispose());
  it('are no setting of the program; the program\'s own names beside them are', async () => {
    repo.commit('init', { '.env.example': 'APP_PORT=8080\n', 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('new settings', {
      '.env.example': 'APP_PORT=8080\nCOMPOSE_PROJECT_NAME=app\nCOMPOSE_HTTP_TIMEOUT=300\nAPP_LOG_LEVEL=info\n',
      'scripts/deploy.sh': '#!/bin/sh\nDOCKER_BUILDKIT=1 docker compose -f "${COMPOSE_FILE:-docker-compose.yml}" up -d --wait "${APP_SERVICE:-app}"\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added.filter((n) => /COMPOSE|DOCKER/.test(n)), []);
    assert.ok(r.envVars.added.includes('APP_LOG_LEVEL'), r.envVars.added.join(', '));
  });
  it('but a compose profile set in the env file operators copy is reported: it decides which services run (review13 F13)', async () => {
    repo.commit('a monitoring profile', { '.env.example': 'APP_PORT=8080\nCOMPOSE_PROJECT_NAME=app\nCOMPOSE_HTTP_TIMEOUT=300\nAPP_LOG_LEVEL=info\nCOMPOSE_PROFILES=monitoring\n' });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.ok(r.envVars.added.includes('COMPOSE_PROFILES'), r.envVars.added.join(', '));
    assert.deepEqual(r.envVars.added.filter((n) => /COMPOSE|DOCKER/.test(n)), ['COMPOSE_PROFILES']);
  });
});
