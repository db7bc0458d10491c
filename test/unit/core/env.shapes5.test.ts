/**
 * Env shapes of languages and conventions Handoff had not read before (issue 11, session 6: the
 * ex-holdout-v4 projects' misses), each on a real repository with a decoy beside it:
 * - Perl `$ENV{X}` (also `$ENV{'X'}` and inside an interpolating string), in modules and in an
 *   executable without an extension (its `#!` line); assignments and comments/POD are no reads;
 * - a shell start script without an extension: `${X:-default}` is an optional setting;
 * - Clojure `(System/getenv "X")`, environ `(env :x-y)` → X_Y, and a config namespace read through a
 *   prefix (`{prefix "app"}` + environ's `env` map): its schema keys are APP_<KEY>, and the finding
 *   says how the name was derived;
 * - Erlang `os:getenv("X")`.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { notChinese } from '../l10n/english';
import { TestRepo } from '../../helpers/repo';
import { addedIn, type Report } from '../../helpers/envFindings';

describe('Perl: $ENV{X} in a module and in an executable without an extension', () => {
  const repo = new TestRepo('envperl');
  after(() => repo.dispose());
  const config = (extra: string[]) => [
    'package App::Thing::Configuration;',
    'use strict;',
    "my $name = ($ENV{APP_DBNAME} || setting('database')->{name} || 'app');",
    ...extra,
    '# $ENV{COMMENTED_OUT} is not read',
    '=pod',
    'Set $ENV{POD_ONLY} to change it.',
    '=cut',
    '1;',
    '',
  ].join('\n');
  const bin = (extra: string[]) => ['#!/usr/bin/env perl', 'use strict;', ...extra, 'exec @args;', ''].join('\n');
  repo.commit('init', { 'lib/App/Thing/Configuration.pm': config([]), 'bin/thing-web': bin([]), 'bin/notes': 'plain text, no #! line\n', 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'lib/App/Thing/Configuration.pm': config([
      'if (exists $ENV{APP_WORKERS_TASKS}) {',
      "  setting('workers')->{tasks} = int($ENV{APP_WORKERS_TASKS});",
      '}',
      "my $key = $ENV{'APP_API_KEY'};",
      '$ENV{APP_SET_FOR_CHILD} = 1;',
      'local $ENV{APP_LOCAL_ONLY} = 2;',
    ]),
    'bin/thing-web': bin(['push @args, "--port=$ENV{PORT}" if exists $ENV{PORT};', '$ENV{APP_BIN_SET} ||= 0;']),
    'bin/notes': 'plain text, no #! line\n$ENV{NOTES_DECOY}\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('reads in a module: optional with exists/a fallback, required without', async () => {
    assert.deepEqual(addedIn(await get(), 'lib/App/Thing/Configuration.pm'), ['APP_API_KEY', 'APP_WORKERS_TASKS?']);
  });
  it('an executable read by its #! line; an interpolated read counts', async () => {
    assert.deepEqual(addedIn(await get(), 'bin/thing-web'), ['PORT?']);
  });
  it('assignments, comments, POD and a file without a #! line are no reads', async () => {
    const r = await get();
    for (const n of ['APP_SET_FOR_CHILD', 'APP_LOCAL_ONLY', 'APP_BIN_SET', 'COMMENTED_OUT', 'POD_ONLY', 'NOTES_DECOY']) assert.equal(r.envVars.added.includes(n), false, n);
    assert.equal(r.envVars.added.includes('APP_DBNAME'), false);
  });
});

describe('a shell start script without an extension', () => {
  const repo = new TestRepo('envextensionless');
  after(() => repo.dispose());
  const script = (line: string) => ['#!/bin/bash', 'RUNNER_ETC_DIR=/etc/app', line, 'exec app "$CONFIG_PATH"', ''].join('\n');
  repo.commit('init', { 'rel/files/app': script('CONFIG_PATH="$RUNNER_ETC_DIR"/app.cfg'), 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('format switch', { 'rel/files/app': script('CONFIG_PATH="$RUNNER_ETC_DIR"/app.${APP_CONFIG_FORMAT:-toml}\nLOCAL_DECOY=1; echo "$LOCAL_DECOY"') });

  it('${X:-default} is an optional setting; a variable the script assigns is none', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'rel/files/app'), ['APP_CONFIG_FORMAT?']);
    assert.deepEqual(r.envVars.added, ['APP_CONFIG_FORMAT']);
  });
});

describe('Clojure: a config namespace read from the environment through a prefix', () => {
  const repo = new TestRepo('envclojure');
  after(() => repo.dispose());
  const config = (defaults: string[], schema: string[]) => [
    '(ns app.config',
    '  (:require [environ.core :refer [env]]',
    '            [clojure.string :as str]))',
    '',
    '(def default',
    '  {:database-uri "postgresql://postgres/app"',
    ...defaults,
    '   :redis-uri "redis://redis/0"})',
    '',
    '(def schema:config',
    '  [:map {:title "config"}',
    '   [:database-uri {:optional true} :string]',
    ...schema,
    '   [:redis-uri {:optional true} :string]])',
    '',
    '(defn read-env',
    '  [prefix]',
    '  (let [prefix (str prefix "-")',
    '        len    (count prefix)]',
    '    (reduce-kv',
    '     (fn [acc k v]',
    '       (cond-> acc',
    '         (str/starts-with? (name k) prefix)',
    '         (assoc (keyword (subs (name k) len)) v)))',
    '     {}',
    '     env)))',
    '',
    '(defn read-config',
    '  [& {:keys [prefix default] :or {prefix "app"}}]',
    '  (merge default (read-env prefix)))',
    '',
  ].join('\n');
  // A decoy: a namespace with keyword vectors but no environment read and no prefix.
  const routes = (extra: string[]) => ['(ns app.routes)', '(def routes', '  [["/api" {:name :api}]', ...extra, '   [:health-check {:optional true} :string]])', ''].join('\n');
  repo.commit('init', {
    'backend/src/app/config.clj': config([], ['   [:storage-s3-io-threads {:optional true} :int]']),
    'backend/src/app/routes.clj': routes([]),
    'backend/src/app/tokens.clj': '(ns app.tokens)\n(def secret (System/getenv "APP_SECRET"))\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'backend/src/app/config.clj': config(['   :netty-io-threads 4'], ['   [:netty-io-threads {:optional true} :int]', '   [:public-uri :string]', '   [:redis-uri {:optional true} :string]']),
    'backend/src/app/routes.clj': routes(['   [:metrics-path {:optional true} :string]']),
    'backend/src/app/tokens.clj': '(ns app.tokens\n  (:require [environ.core :refer [env]]))\n(def secret (System/getenv "APP_SECRET"))\n(def webhook (or (System/getenv "APP_WEBHOOK") "none"))\n(def region (env :aws-region))\n; (System/getenv "COMMENTED_DECOY")\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('schema keys and default-map keys are PREFIX_KEY; optional keys are info', async () => {
    assert.deepEqual(addedIn(await get(), 'backend/src/app/config.clj'), ['APP_NETTY_IO_THREADS?', 'APP_PUBLIC_URI']);
  });
  it('a key removed from the schema is a removed setting; a key still named elsewhere in the file is not new', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.removed, ['APP_STORAGE_S3_IO_THREADS']);
    assert.equal(r.envVars.added.includes('APP_REDIS_URI'), false);
  });
  it('the finding says how the name was derived, in English and Chinese', async () => {
    const impact = (await get()).impacts.find((i) => i.path === 'backend/src/app/config.clj')!;
    const f = impact.findings.find((x) => x.kind === 'env-var-added' && x.subject === 'APP_PUBLIC_URI')!;
    assert.match(f.message, /the config key :public-uri read from the environment with the prefix APP_ at backend\/src\/app\/config\.clj:31/);
    assert.deepEqual(notChinese([f.message], translateMessage), []);
  });
  it('(System/getenv "X"), (or … "d") optional, environ (env :x-y) → X_Y; a keyword vector elsewhere is no setting', async () => {
    const r = await get();
    assert.deepEqual(addedIn(r, 'backend/src/app/tokens.clj'), ['APP_WEBHOOK?', 'AWS_REGION']);
    assert.equal(r.envVars.added.some((n) => /METRICS|HEALTH|COMMENTED|APP_SECRET/.test(n)), false, r.envVars.added.join());
  });
});

describe('Erlang: os:getenv', () => {
  const repo = new TestRepo('enverlang');
  after(() => repo.dispose());
  repo.commit('init', { 'src/app_sup.erl': '-module(app_sup).\ninit() -> ok.\n', 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('settings', { 'src/app_sup.erl': '-module(app_sup).\ninit() ->\n    Home = os:getenv("APP_HOME"),\n    Fmt = os:getenv("APP_FORMAT", "toml"),\n    % os:getenv("COMMENTED_DECOY")\n    Other = my:getenv("NOT_OS_DECOY"),\n    ok.\n' });

  it('os:getenv("X") is required, os:getenv("X", D) optional; comments and other modules are none', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'src/app_sup.erl'), ['APP_FORMAT?', 'APP_HOME']);
    assert.deepEqual(r.envVars.added, ['APP_FORMAT', 'APP_HOME']);
  });
});

describe('Clojure: the prefix handed to the reading function, and a config rewritten from spec to malli', () => {
  const repo = new TestRepo('envclojurespec');
  after(() => repo.dispose());
  const reader = ['(defn read-env', '  [prefix]', '  (let [prefix (str prefix "-")]', '    (into {} (filter #(str/starts-with? (name (key %)) prefix) env))))', ''];
  const base = [
    '(ns app.config (:require [environ.core :refer [env]] [clojure.spec.alpha :as s]))',
    '(def defaults {:http-port 6060 :ldap-attrs-photo "jpegPhoto"})',
    '(s/def ::http-port ::us/integer)',
    '(s/def ::ldap-attrs-photo ::us/string)',
    '(s/def ::smtp-host ::us/string)',
    ...reader,
    '(defn read-config [] (merge defaults (read-env "app")))',
    '',
  ].join('\n');
  const head = [
    '(ns app.config (:require [environ.core :refer [env]] [app.schema :as sm]))',
    '(def defaults {:http-port 6060})',
    '(def schema:config',
    '  [:map',
    '   [:http-port {:optional true} ::sm/int]',
    '   [:smtp-host {:optional true} :string]',
    '   [:auto-snapshot-every {:optional true} ::sm/int]])',
    ...reader,
    '(defn read-config [] (merge defaults (read-env "app")))',
    '',
  ].join('\n');
  repo.commit('init', { 'src/app/config.clj': base, 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('malli', { 'src/app/config.clj': head });

  it('keys of both forms are APP_<KEY>: only the new key is added, only the dropped key removed', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_AUTO_SNAPSHOT_EVERY']);
    assert.deepEqual(r.envVars.removed, ['APP_LDAP_ATTRS_PHOTO']);
  });
});

describe('Python: names a config loader composes from a prefix, a section and keys', () => {
  const repo = new TestRepo('envcomposed');
  after(() => repo.dispose());
  const config = (restapi: string, extra: string[]) => [
    'import os',
    'from app import APP_ENV_PREFIX',
    '',
    'class Config(object):',
    '    @staticmethod',
    '    def _build_environment_configuration():',
    '        ret = {}',
    '',
    '        def _popenv(name):',
    '            return os.environ.pop(APP_ENV_PREFIX + name.upper(), None)',
    '',
    "        for param in ('name', 'scope'):",
    '            value = _popenv(param)',
    '',
    '        def _set_section_values(section, params):',
    '            for param in params:',
    "                value = _popenv(section + '_' + param)",
    '                if value:',
    '                    ret[section][param] = value',
    '',
    `        _set_section_values('restapi', [${restapi}])`,
    '',
    '        def _get_auth(name):',
    "            for param in ('username', 'password'):",
    "                value = _popenv(name + '_' + param)",
    '',
    "        _get_auth('restapi')",
    ...extra,
    '        return ret',
    '',
    '    def _lookup(key):',
    '        return os.environ.get(key)',
    '',
    "    _lookup('decoy_key')",
    '',
  ].join('\n');
  const fmt = (params: string[]) => params.map((p) => `'${p}'`).join(', ');
  repo.commit('init', { 'app/config.py': config(fmt(['listen', 'certfile']), []), 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('settings', { 'app/config.py': config(fmt(['listen', 'certfile', 'keyfile_password', 'ciphers']), ["        _set_section_values('ctl', ['insecure'])", "        _get_auth('etcd')"]) });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('each new key of a section is PREFIX_SECTION_KEY (optional: the loader pops what is set)', async () => {
    const r = await get();
    assert.deepEqual(addedIn(r, 'app/config.py'), ['APP_CTL_INSECURE?', 'APP_ETCD_PASSWORD?', 'APP_ETCD_USERNAME?', 'APP_RESTAPI_CIPHERS?', 'APP_RESTAPI_KEYFILE_PASSWORD?']);
    assert.deepEqual(r.envVars.added, ['APP_CTL_INSECURE', 'APP_ETCD_PASSWORD', 'APP_ETCD_USERNAME', 'APP_RESTAPI_CIPHERS', 'APP_RESTAPI_KEYFILE_PASSWORD']);
  });
  it('says how the name was composed; a reader without a prefix names nothing', async () => {
    const r = await get();
    const f = r.impacts.find((i) => i.path === 'app/config.py')!.findings.find((x) => x.subject === 'APP_RESTAPI_CIPHERS')!;
    assert.match(f.message, /the config key restapi\.ciphers read from the environment with the prefix APP_ at app\/config\.py:10/);
    assert.deepEqual(notChinese([f.message], translateMessage), []);
    assert.equal(r.envVars.added.some((n) => /DECOY|LISTEN|CERTFILE|RESTAPI_USERNAME/i.test(n)), false);
  });
});
