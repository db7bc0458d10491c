/**
 * Env shapes found on projects Handoff was not tuned on (issue 11, session 5: the ex-holdout-v3
 * projects' misses), each on a real repository with a decoy beside it:
 * - a file that reads env vars by a variable while iterating a literal map of names
 *   (`for key, value in DEFAULT_CONFIG.items(): os.environ.get(key, value)`): the map's keys are
 *   settings with a default (optional), learned by the profile as a registry; a map that is only
 *   written into the environment (`os.environ[key] = value`) is no such registry;
 * - a name added to an env file that the configuration ignores (`tests/…/app.env`) is no sign
 *   that the base already had it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { notChinese } from '../l10n/english';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { learnProfile } from '../../../src/core/profile/learn';
import { TestRepo } from '../../helpers/repo';
import { addedIn, type Report } from '../../helpers/envFindings';


describe('a map of names with defaults, iterated and read from the environment by key', () => {
  const repo = new TestRepo('envdefaults');
  after(() => repo.dispose());
  const config = (extra: string[]) => [
    'import os',
    '',
    'DEFAULT_CONFIG = {',
    '    # Database settings',
    "    'DB_HOST': 'database',",
    "    'DB_NAME': 'app',",
    ...extra,
    '}',
    '',
    'class ConfigManager:',
    '    def __get_env(self, key, value):',
    '        return os.environ.get(key, value)',
    '',
    '    def init_app(self, app):',
    '        self.config.update({',
    '            key: self.__get_env(key, value)',
    '            for key, value in DEFAULT_CONFIG.items()',
    '        })',
    '',
  ].join('\n');
  const seeds = (extra: string[]) => [
    'import os',
    '',
    'CHILD_ENV = {',
    "    'SEED_DECOY_ONE': '1',",
    ...extra,
    '}',
    'for key, value in CHILD_ENV.items():',
    '    os.environ[key] = value',
    '',
  ].join('\n');
  repo.commit('init', { 'app/configuration.py': config([]), 'app/seed.py': seeds([]), 'README.md': '# app\n' });
  repo.checkout('feature', true);
  repo.commit('settings', {
    'app/configuration.py': config(["    'FETCH_ENABLED': True,", "    'TLS_PERMISSIVE': True,"]),
    'app/seed.py': seeds(["    'SEED_DECOY_TWO': '2',"]),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('the new keys of the map are optional settings (they have defaults)', async () => {
    assert.deepEqual(addedIn(await get(), 'app/configuration.py'), ['FETCH_ENABLED?', 'TLS_PERMISSIVE?']);
  });
  it('a map only written into the environment names no setting', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added.filter((n) => n.startsWith('SEED_')), []);
    assert.ok(r.envVars.added.includes('FETCH_ENABLED'));
  });
  it('the profile learns the file as a registry, with its evidence', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const p = await learnProfile(git, repo.git('rev-parse', 'feature').trim(), 'tree');
    const reg = p.envRegistries.find((e) => e.path === 'app/configuration.py');
    assert.ok(reg, JSON.stringify(p.envRegistries));
    assert.match(reg.evidence, /keys of a map it iterates/);
    assert.deepEqual(notChinese([reg.evidence], translateMessage), []);
    assert.ok(reg.names.includes('DB_HOST') && reg.names.includes('TLS_PERMISSIVE'));
    assert.equal(p.envRegistries.some((e) => e.path === 'app/seed.py'), false);
  });
  it('a key removed from the map is a removed setting', async () => {
    await get();
    repo.checkout('drop', true);
    repo.commit('drop a setting', { 'app/configuration.py': config(["    'FETCH_ENABLED': True,"]) });
    const r2 = await analyze({ repo: repo.dir, base: 'feature', head: 'drop' });
    assert.ok(r2.envVars.removed.includes('TLS_PERMISSIVE'));
    assert.equal(r2.envVars.removed.includes('DB_HOST'), false);
  });
});

describe('a name added to an ignored env file (a test fixture) in the same range', () => {
  const repo = new TestRepo('envignoredfile');
  after(() => repo.dispose());
  repo.commit('init', {
    'app/settings.py': 'import os\nDB_HOST = os.environ["DB_HOST"]\n',
    'tests/compose/app.env': 'DB_HOST=db\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('new setting', {
    'app/settings.py': 'import os\nDB_HOST = os.environ["DB_HOST"]\nMAIL_RELAY = os.environ["MAIL_RELAY"]\n',
    'tests/compose/app.env': 'DB_HOST=db\nMAIL_RELAY=relay\n',
  });

  it('is still new: the fixture line was added in the range', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'app/settings.py'), ['MAIL_RELAY']);
    assert.deepEqual(r.envVars.added, ['MAIL_RELAY']);
  });
  it('a name the fixture had before the range is not new', async () => {
    repo.checkout('main');
    repo.checkout('feature2', true);
    repo.commit('read an existing fixture name', {
      'tests/compose/app.env': 'DB_HOST=db\nOLD_FIXTURE_NAME=x\n',
    });
    repo.checkout('feature3', true);
    repo.commit('read it', { 'app/settings.py': 'import os\nDB_HOST = os.environ["DB_HOST"]\nOLD_FIXTURE_NAME = os.environ["OLD_FIXTURE_NAME"]\n' });
    const r = await analyze({ repo: repo.dir, base: 'feature2', head: 'feature3' });
    assert.deepEqual(r.envVars.added, []);
  });
});

describe('a config loader that binds every key of its package to the environment by a prefix (viper)', () => {
  const repo = new TestRepo('envviperprefix');
  after(() => repo.dispose());
  const load = [
    'package options',
    '',
    'import "github.com/spf13/viper"',
    '',
    '// Load reads the config file, then OAUTH_PROXY_* environment variables, then flags.',
    'func Load(file string, into interface{}) error {',
    '\tv := viper.New()',
    '\tv.SetConfigFile(file)',
    '\tv.SetEnvPrefix("OAUTH_PROXY")',
    '\tv.AutomaticEnv()',
    '\treturn register(v, into)',
    '}',
    '',
    'func register(v *viper.Viper, into interface{}) error {',
    '\tfor _, field := range fields(into) {',
    '\t\tcfgName := field.Tag.Get("cfg")',
    '\t\t_ = v.BindPFlag(cfgName, nil)',
    '\t}',
    '\treturn nil',
    '}',
    '',
  ].join('\n');
  const options = (extra: string[]) => [
    'package options',
    '',
    'type Options struct {',
    '\tCookieName string `flag:"cookie-name" cfg:"cookie_name"`',
    ...extra,
    '\tInternal string `cfg:",internal"`',
    '}',
    '',
  ].join('\n');
  const other = (extra: string[]) => ['package other', '', 'type Decoy struct {', '\tA string `cfg:"decoy_a"`', ...extra, '}', ''].join('\n');
  repo.commit('init', {
    'pkg/options/load.go': load,
    'pkg/options/options.go': options([]),
    'pkg/other/other.go': other([]),
    'README.md': '# proxy\n',
  });
  repo.checkout('feature', true);
  repo.commit('new options', {
    'pkg/options/options.go': options([
      '\tCookieDomains []string `flag:"cookie-domain" cfg:"cookie_domains"`',
      '\tGoogleGroups []string `flag:"google-group" cfg:"google_groups"`',
      '\tSkipped string `cfg:"-"`',
      '\tJSONOnly string `json:"json_only"`',
    ]),
    'pkg/other/other.go': other(['\tB string `cfg:"decoy_b"`']),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('each new cfg key of the package is an optional PREFIX_KEY setting, found through the loader', async () => {
    const r = await get();
    assert.deepEqual(addedIn(r, 'pkg/options/options.go'), ['OAUTH_PROXY_COOKIE_DOMAINS?', 'OAUTH_PROXY_GOOGLE_GROUPS?']);
    const f = r.impacts.find((i) => i.path === 'pkg/options/options.go')!.findings.find((x) => x.subject === 'OAUTH_PROXY_COOKIE_DOMAINS')!;
    assert.match(f.message, /viper AutomaticEnv with prefix "OAUTH_PROXY" at pkg\/options\/load\.go:9/);
    assert.match(translateMessage(f.message) ?? '', /pkg\/options\/load\.go:9 处的 viper AutomaticEnv/);
    assert.deepEqual(notChinese([f.message], translateMessage), []);
  });
  it('keys of another package, `-`, internal and json tags are no setting', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added.filter((n) => /DECOY|SKIPPED|JSON|INTERNAL|^OAUTH_PROXY_$/.test(n)), []);
    assert.deepEqual(r.envVars.added.filter((n) => !n.startsWith('OAUTH_PROXY_')), []);
  });
  it('a key another field still names at head is not removed, with the env index and without it', async () => {
    await get();
    repo.checkout('retag', true);
    repo.commit('fix a copied key', {
      'pkg/options/options.go': options([
        '\tCookieDomains []string `flag:"cookie-domain" cfg:"cookie_domains"`',
        '\tGoogleGroups []string `flag:"google-group" cfg:"google_groups"`',
        '\tCookieAlias string `flag:"cookie-alias" cfg:"cookie_name"`',
      ]),
    });
    repo.commit('rename the alias key', {
      'pkg/options/options.go': options([
        '\tCookieDomains []string `flag:"cookie-domain" cfg:"cookie_domains"`',
        '\tGoogleGroups []string `flag:"google-group" cfg:"google_groups"`',
        '\tCookieAlias string `flag:"cookie-alias" cfg:"cookie_alias"`',
      ]),
    });
    for (const mode of ['index', 'off']) {
      const old = process.env.HANDOFF_ENV_INDEX;
      if (mode === 'off') process.env.HANDOFF_ENV_INDEX = 'off';
      try {
        const r = await analyze({ repo: repo.dir, base: 'retag~1', head: 'retag' });
        assert.deepEqual(r.envVars, { added: ['OAUTH_PROXY_COOKIE_ALIAS'], removed: [] }, mode);
      } finally {
        if (old === undefined) delete process.env.HANDOFF_ENV_INDEX;
        else process.env.HANDOFF_ENV_INDEX = old;
      }
    }
  });
  it('the profile names the prefix, the tag and the folder, with evidence in both languages', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const p = await learnProfile(git, repo.git('rev-parse', 'feature').trim(), 'tree');
    assert.deepEqual(p.envPrefixes.map((e) => [e.prefix, e.tag, e.folder, e.path, e.line]), [['OAUTH_PROXY', 'cfg', 'pkg/options', 'pkg/options/load.go', 9]]);
    assert.deepEqual(notChinese([p.envPrefixes[0].evidence], translateMessage), []);
  });
});

describe('scripts a Dockerfile copies into the image are deployed, whatever their folder is called', () => {
  const repo = new TestRepo('envimagescripts');
  after(() => repo.dispose());
  const dockerfile = [
    'FROM debian:12',
    'COPY target/bin/sedfile /usr/local/bin/sedfile',
    'COPY --from=builder /out/app /usr/local/bin/app',
    'COPY \\',
    '  target/scripts/*.sh \\',
    '  /usr/local/bin/',
    'CMD ["/usr/local/bin/check-for-changes.sh"]',
    '',
  ].join('\n');
  repo.commit('init', {
    'Dockerfile': dockerfile,
    'target/bin/sedfile': '#!/bin/sh\nsed "$@"\n',
    'target/scripts/check-for-changes.sh': '#!/bin/bash\nsource helpers.sh\nrun_all\n',
    'target/scripts/helpers.sh': '#!/bin/bash\nrun_all() { :; }\n',
    'tools/release.sh': '#!/bin/bash\necho release\n',
    'README.md': '# image\n',
  });
  repo.checkout('feature', true);
  repo.commit('poll', {
    'target/scripts/check-for-changes.sh': '#!/bin/bash\nsource helpers.sh\nrun_all\nsleep "${APP_CONFIG_POLL:-2}"\n: "${APP_RELAY_HOST:?set APP_RELAY_HOST}"\necho "${SHARED_HELPER_VAR}"\n',
    'tools/release.sh': '#!/bin/bash\necho release "${RELEASE_TOKEN_DECOY:-none}"\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a read with a default (optional) or a required mark in an image script is a setting', async () => {
    assert.deepEqual(addedIn(await get(), 'target/scripts/check-for-changes.sh'), ['APP_CONFIG_POLL?', 'APP_RELAY_HOST']);
  });
  it('a plain read there (a variable helpers share) and a tooling script outside the image are not', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added, ['APP_CONFIG_POLL', 'APP_RELAY_HOST']);
  });
  it('the profile lists what the image ships, with evidence in both languages, and no longer calls it dev-only', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const p = await learnProfile(git, repo.git('rev-parse', 'feature').trim(), 'tree');
    assert.deepEqual(p.imageContent.map((e) => e.path), ['target/bin/sedfile', 'target/scripts/']);
    assert.equal(p.imageContent[1].evidence, 'Dockerfile:4 copies it into the container image');
    assert.deepEqual(notChinese(p.imageContent.map((e) => e.evidence), translateMessage), []);
    assert.deepEqual(p.devOnly.map((d) => d.path), ['tools/']);
  });
});

describe('the last read of a setting removed while an env template still lists it', () => {
  const repo = new TestRepo('envreadsgone');
  after(() => repo.dispose());
  repo.commit('init', {
    'mailserver.env': '# debug output\nAPP_DEBUG=0\nAPP_KEEP=1\nAPP_ONLY_LISTED=1\n',
    'app/settings.py': 'import os\nDEBUG = os.environ.get("APP_DEBUG", "0") == "1"\nKEEP = os.environ.get("APP_KEEP", "1")\n',
    'app/other.py': 'import os\nKEEP = os.environ.get("APP_KEEP", "1")\n',
    'README.md': '# app\n',
  });
  repo.checkout('feature', true);
  repo.commit('drop debug', { 'app/settings.py': 'import os\nLOG_LEVEL = os.environ.get("APP_LOG_LEVEL", "info")\n' });

  it('is removed: nothing reads it any more', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.removed, ['APP_DEBUG']);
    const f = r.impacts.find((i) => i.path === 'app/settings.py')!.findings.find((x) => x.kind === 'env-var-removed')!;
    assert.equal(f.message, 'no longer reads environment variable APP_DEBUG (nothing else does)');
  });
  it('a name another file still reads, or that only the template lists, is not', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.equal(r.envVars.removed.includes('APP_KEEP'), false);
    assert.equal(r.envVars.removed.includes('APP_ONLY_LISTED'), false);
  });
});
