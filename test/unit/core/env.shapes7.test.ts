/**
 * Env shapes read in session 8 from the ex-holdout-v6 misses (issue 11): settings structs whose
 * fields a loader binds to the environment by the struct's shape, with no env name written
 * anywhere — kelseyhightower/envconfig (`envconfig.Process("shop", &cfg)`: a field Web.PProf
 * is SHOP_WEB_PPROF), as Inbucket and Tyk use it. Decoys: a struct no loader is handed, the
 * same struct in a package without the loader, ignored / unexported fields, fields of types
 * the file cannot see.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { splitWords } from '../../../src/core/analyzers/envStruct';
import { notChinese } from '../l10n/english';
import { TestRepo } from '../../helpers/repo';
import { addedIn, type Report } from '../../helpers/envFindings';

describe('a Go settings struct read from the environment by envconfig.Process', () => {
  const repo = new TestRepo('envconfigstruct');
  after(() => repo.dispose());
  const config = (root: string[], web: string[], other: string[] = []) => [
    'package config',
    '',
    'import (',
    '\t"time"',
    '',
    '\t"github.com/kelseyhightower/envconfig"',
    '\t"example.com/shop/pkg/store"',
    ')',
    '',
    'const (',
    '\tprefix = "shop"',
    ')',
    '',
    '// naming is decoded from a string by its Decode method.',
    'type naming int',
    '',
    '// Root is the whole configuration.',
    'type Root struct {',
    '\tLogLevel string `required:"true" default:"info" desc:"debug, info, warn or error"`',
    ...root,
    '\tWeb      Web',
    '\tStore    store.Config',
    '\tdebug    bool',
    '}',
    '',
    '// Web is the HTTP server.',
    'type Web struct {',
    '\tAddr    string        `required:"true" default:"0.0.0.0:9000"`',
    '\tTimeout time.Duration `default:"30s"`',
    ...web,
    '}',
    '',
    '// Unused is handed to no loader.',
    'type Unused struct {',
    '\tName string',
    ...other,
    '}',
    '',
    '// Process loads the configuration from the environment.',
    'func Process() (*Root, error) {',
    '\tc := &Root{}',
    '\terr := envconfig.Process(prefix, c)',
    '\treturn c, err',
    '}',
    '',
  ].join('\n');
  // The same struct in a package that hands it to no env loader.
  const decoy = (extra: string[]) => ['package other', '', 'type Web struct {', '\tAddr string', ...extra, '}', ''].join('\n');
  repo.commit('init', {
    'pkg/config/config.go': config([], []),
    'pkg/other/settings.go': decoy([]),
    'README.md': '# shop\n',
  });
  repo.checkout('feature', true);
  repo.commit('new settings', {
    'pkg/config/config.go': config(
      [
        '\tMailboxNaming naming `required:"true" default:"local"`',
        '\tMaxSize       int    `split_words:"true" default:"10"`',
        '\tQueueURL      string `required:"true"`',
        '\tAlias         string `envconfig:"public_url"`',
        '\tDebugDump     bool   `ignored:"true"`',
        '\tcache         string',
      ],
      ['\tPProf   bool     `default:"false" desc:"Expose profiling tools"`', '\tOrigins []string', '\tBackend store.Backend'],
      ['\tColor string'],
    ),
    'pkg/other/settings.go': decoy(['\tPProf bool']),
    // Names the binding composes count once a doc spells them (env.shapes16).
    'README.md': '# shop\n\nSettings: SHOP_MAILBOXNAMING, SHOP_MAX_SIZE, SHOP_PUBLIC_URL, SHOP_QUEUEURL, SHOP_WEB_ORIGINS, SHOP_WEB_PPROF.\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('each new field of the struct handed to the loader is PREFIX_[PARENT_]FIELD, required only when required without a default', async () => {
    const r = await get();
    assert.deepEqual(addedIn(r, 'pkg/config/config.go'), ['SHOP_MAILBOXNAMING?', 'SHOP_MAX_SIZE?', 'SHOP_PUBLIC_URL?', 'SHOP_QUEUEURL', 'SHOP_WEB_ORIGINS?', 'SHOP_WEB_PPROF?']);
    const f = r.impacts.find((i) => i.path === 'pkg/config/config.go')!.findings.find((x) => x.subject === 'SHOP_WEB_PPROF')!;
    assert.match(f.message, /envconfig with prefix "shop" \(a field of Root\)/);
    assert.match(translateMessage(f.message) ?? '', /envconfig，前缀为 "shop"（Root 的字段）/);
    assert.deepEqual(notChinese([f.message], translateMessage), []);
  });
  it('ignored and unexported fields, fields of a type the file cannot see, structs no loader reads are no setting', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added.filter((n) => /DEBUG|CACHE|BACKEND|COLOR|STORE/.test(n)), []);
    assert.deepEqual(r.envVars.added.filter((n) => !n.startsWith('SHOP_')), []);
    assert.deepEqual(addedIn(r, 'pkg/other/settings.go'), []);
  });
  it('a field removed from the struct is a removed setting; one left alone is neither', async () => {
    repo.checkout('main');
    repo.checkout('drop', true);
    repo.commit('drop the timeout', { 'pkg/config/config.go': config([], []).replace('\tTimeout time.Duration `default:"30s"`\n', '') });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'drop' });
    assert.deepEqual(r.envVars.removed, ['SHOP_WEB_TIMEOUT']);
    assert.deepEqual(r.envVars.added, []);
  });
  it('without the loader call the same struct reads nothing', async () => {
    repo.checkout('main');
    repo.checkout('noloader', true);
    repo.commit('drop the loader', { 'pkg/config/config.go': config([], []).replace('envconfig.Process(prefix, c)', 'decode(c)') });
    repo.checkout('noloader2', true);
    repo.commit('a field', { 'pkg/config/config.go': config([], ['\tPProf bool']).replace('envconfig.Process(prefix, c)', 'decode(c)') });
    const r = await analyze({ repo: repo.dir, base: 'noloader', head: 'noloader2' });
    assert.deepEqual(r.envVars.added, []);
  });
});

describe('envconfig split_words', () => {
  it('splits CamelCase words and acronyms as the library does', () => {
    assert.equal(splitWords('MaxSize'), 'Max_Size');
    assert.equal(splitWords('GRPCRoundRobin'), 'GRPC_Round_Robin');
    assert.equal(splitWords('TLSCert'), 'TLS_Cert');
    assert.equal(splitWords('Addr'), 'Addr');
  });
});

describe('a Rust serde settings struct under the config crate\'s prefixed environment source', () => {
  const repo = new TestRepo('envserdeconfig');
  after(() => repo.dispose());
  const loader = [
    'mod file;',
    'use file::ConfigFile as Configuration;',
    '',
    'pub(crate) fn configure() -> color_eyre::Result<Configuration> {',
    '    let built = config::Config::builder()',
    '        .add_source(config::Environment::with_prefix("SHOP").separator("__").try_parsing(true))',
    '        .build()?;',
    '    let config: Configuration = built.try_deserialize()?;',
    '    Ok(config)',
    '}',
    '',
  ].join('\n');
  const file = (server: string[], extra: string[] = []) => [
    '#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]',
    '#[serde(rename_all = "snake_case")]',
    'pub(crate) struct ConfigFile {',
    '    pub(crate) server: Server,',
    '    pub(crate) media: Media,',
    '}',
    '',
    '#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]',
    'pub(crate) struct Server {',
    '    pub(crate) port: u16,',
    ...server,
    '}',
    '',
    '#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]',
    'pub(crate) struct Media {',
    '    pub(crate) max_width: u16,',
    '}',
    ...extra,
    '',
  ].join('\n');
  // An HTTP request body elsewhere in the crate: Deserialize too, but no setting.
  const api = (extra: string[]) => ['#[derive(serde::Deserialize)]', 'struct UploadQuery {', '    url: String,', ...extra, '}', ''].join('\n');
  repo.commit('init', { 'src/config.rs': loader, 'src/config/file.rs': file([]), 'src/api.rs': api([]), 'README.md': '# shop\n' });
  repo.checkout('feature', true);
  repo.commit('tls and a magick section', {
    'src/config/file.rs': file(
      ['    #[serde(skip_serializing_if = "Option::is_none")]', '    pub(crate) certificate: Option<std::path::PathBuf>,', '    #[serde(skip)]', '    pub(crate) cached: bool,'],
      ['', '#[derive(serde::Deserialize)]', 'struct Unrelated {', '    color: String,', '}'],
    ).replace('    pub(crate) max_width: u16,\n', '    pub(crate) max_width: u16,\n    pub(crate) magick: Magick,\n}\n\n#[derive(Clone, Debug, serde::Deserialize)]\npub(crate) struct Magick {\n    pub(crate) max_area: u32,\n'),
    'src/api.rs': api(['    backgrounded: bool,']),
    // Names the binding composes count once a doc spells them (env.shapes16).
    'README.md': '# shop\n\n- `SHOP__SERVER__CERTIFICATE`\n- `SHOP__MEDIA__MAGICK__MAX_AREA`\n',
  });

  it('each new field reachable from the deserialized root is PREFIX + key path joined by the separator', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(addedIn(r, 'src/config/file.rs'), ['SHOP__MEDIA__MAGICK__MAX_AREA?', 'SHOP__SERVER__CERTIFICATE?']);
    const f = r.impacts.find((i) => i.path === 'src/config/file.rs')!.findings.find((x) => x.subject === 'SHOP__SERVER__CERTIFICATE')!;
    assert.match(f.message, /config environment source with prefix "SHOP__" at src\/config\.rs:6/);
    assert.deepEqual(notChinese([f.message], translateMessage), []);
    // skipped fields, structs the root does not reach, request bodies elsewhere: no setting
    assert.deepEqual(r.envVars.added, ['SHOP__MEDIA__MAGICK__MAX_AREA', 'SHOP__SERVER__CERTIFICATE']);
  });
  it('without the environment source the same structs read nothing', async () => {
    repo.checkout('main');
    repo.checkout('nosource', true);
    repo.commit('file only', { 'src/config.rs': loader.replace('.add_source(config::Environment::with_prefix("SHOP").separator("__").try_parsing(true))', '.add_source(config::File::with_name("shop"))') });
    repo.checkout('nosource2', true);
    repo.commit('a field', { 'src/config/file.rs': file(['    pub(crate) certificate: Option<String>,']) });
    const r = await analyze({ repo: repo.dir, base: 'nosource', head: 'nosource2' });
    assert.deepEqual(r.envVars.added, []);
  });
});

describe('a container start script reading a setting through bash case modification (`${X,,}`)', () => {
  const repo = new TestRepo('envshellcase');
  after(() => repo.dispose());
  const script = (extra: string[]) => ['#!/bin/bash -e', 'LDAP_PORT=${LDAP_PORT:-389}', ...extra, 'exec slapd -h "ldap://:${LDAP_PORT}"', ''].join('\n');
  repo.commit('init', { 'image/service/slapd/startup.sh': script([]), 'README.md': '# ldap\n' });
  repo.checkout('feature', true);
  repo.commit('new switches', {
    'image/service/slapd/startup.sh': script([
      'if [ "${DISABLE_CHOWN,,}" == "false" ]; then chown -R openldap /var/lib/ldap; fi',
      'if [ "${KEEP_EXISTING_CONFIG^^}" == "TRUE" ]; then echo keep; fi',
      'MODE=replica',
      'echo "${MODE,,}"',
    ]),
  });
  it('the lower-cased or upper-cased variable is read from the environment; one the script assigns is not', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['DISABLE_CHOWN', 'KEEP_EXISTING_CONFIG']);
  });
});
