/**
 * The hostile-input cases of every analyzer: a path, a way to build a file around an
 * adversarial shape, and a run. Shared by test/unit/hostile/linear.*.test.ts and by
 * bench-style measurements (before/after figures).
 */
import type { AnalyzerInput } from '../../../src/core/analyzers/analyzer';
import { type EnvContext, extractEnvRefs } from '../../../src/core/analyzers/env';
import { analyzerFor } from '../../../src/core/analyzers/index';
import type { AnalyzerId, Rule } from '../../../src/core/rules/rule';
import type { Change, Hunk } from '../../../src/core/types';
import { describe, it } from 'node:test';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

/** The file around a shape: `wrap(shape)` must keep the file's size within a few bytes of the shape's. */
export interface Site {
  path: string;
  wrap: (shape: string) => string;
  /** env-refs only: what the repository profile learned (a bound serde settings root). */
  context?: EnvContext;
}

export interface AnalyzerCase {
  analyzer: AnalyzerId | 'env-refs';
  sites: Site[];
  /** Shapes this analyzer gets besides the shared ones. */
  extraShapes?: Record<string, (size: number) => string>;
}

const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');

/** A whole-file rewrite from `oldText` to `newText`: one hunk, every line replaced. */
export function rewrite(path: string, oldText: string, newText: string, analyzer: AnalyzerId): AnalyzerInput {
  const a = lines(oldText);
  const b = lines(newText);
  const hunk: Hunk = { oldStart: 1, oldLines: a.length, newStart: 1, newLines: b.length, removed: a, added: b };
  const change: Change = { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [hunk] };
  const rule: Rule = { id: 'hostile.rule', category: 'config', title: 'Hostile file', paths: ['**'], severity: 'info', requiresNote: 'findings', analyzers: [analyzer] };
  return { change, rule, oldText, newText };
}

let salt = 0;

/**
 * One analyzer on `text` as the new side of a rewrite whose old side is the same text with
 * one more line (both sides parsed, every line changed): the change is built here, the
 * returned function runs the analyzer (so that timings measure the analyzer, not the test's
 * splitting of the text into hunk lines). Each call ends the text with a different number of
 * newlines: analyzers share a cache of recent parses (formats/config.ts), and a repeated run
 * must not be answered from it.
 */
export function prepareCase(c: AnalyzerCase, site: Site, input: string): () => unknown {
  const text = input + '\n'.repeat(1 + (salt++ % 64));
  if (c.analyzer === 'env-refs') {
    const ls = lines(text).map((t, i) => ({ line: i + 1, text: t }));
    return () => [extractEnvRefs(site.path, ls, { fullText: text, context: site.context }), extractEnvRefs(site.path, ls, { presence: true, context: site.context })];
  }
  const analyzer = analyzerFor(c.analyzer);
  const change = rewrite(site.path, text + '\nX_OLD=1\n', text, c.analyzer);
  return () => analyzer.analyze(change);
}

/** Builds and runs one case (see `prepareCase`). */
export function runCase(c: AnalyzerCase, site: Site, input: string): unknown {
  return prepareCase(c, site, input)();
}

const raw = (s: string): string => s;
const site = (path: string, wrap: (s: string) => string = raw, context?: EnvContext): Site => ({ path, wrap, context });

// file shapes around the adversarial run
const yamlValue = (s: string) => `app:\n  name: ${s}\n  port: 8080\n`;
const yamlKey = (s: string) => `${s}: 1\n`;
const jsonValue = (s: string) => `{"name": "${s}", "port": 8080}\n`;
const envValue = (s: string) => `PORT=8080\nNAME=${s}\n`;
const iniValue = (s: string) => `[app]\nname = ${s}\nport = 8080\n`;
const tomlValue = (s: string) => `[app]\nname = "${s}"\nport = 8080\n`;
const dockerRun = (s: string) => `FROM node:20 AS build\nENV NAME=${s}\nRUN ${s}\nEXPOSE 8080\n`;
/** A settings struct handed to envconfig.Process: the adversarial run is the struct's body. */
const goEnvconfig = (s: string) => `package config\nconst prefix = "app"\ntype Root struct {\n\tWeb Web\n${s}\n}\ntype Web struct {\n${s}\n}\nfunc P() { c := &Root{}; _ = envconfig.Process(prefix, c) }\n`;
/** A struct read by caarlos0/env with an `Options{Prefix}`: the adversarial run is the struct's body and the options' fields. */
const goEnvOptions = (s: string) => `package config\nimport env "github.com/caarlos0/env/v6"\ntype Root struct {\n\tPort int \`env:"PORT"\`\n${s}\n}\nfunc P() { c := Root{}; _ = env.Parse(&c, env.Options{${s}, Prefix: "APP_"}) }\n`;
/**
 * Settings structs of fan-out 10 over 7 levels (S0 has ten fields of type S1, … S6 ten scalars):
 * a walk that follows every field without a budget makes 10^7 visits (envStruct.ts). The
 * adversarial run is one more field line of the root struct.
 */
const fanOut = (field: (k: number, next: string) => string, struct: (name: string, body: string) => string): string =>
  Array.from({ length: 7 }, (_, d) => struct(`S${d}`, Array.from({ length: 10 }, (_, k) => field(k, d < 6 ? `S${d + 1}` : '')).join(''))).join('');
const goFanOut = (s: string) => `package config
${fanOut((k, t) => `\tF${k} ${t || 'string'}\n`, (n, b) => `type ${n} struct {\n${b}${n === 'S0' ? `${s}\n` : ''}}\n`)}func P() { c := &S0{}; _ = envconfig.Process("app", c) }\n`;
const rsFanOut = (s: string) => fanOut((k, t) => `    f${k}: ${t || 'String'},\n`, (n, b) => `#[derive(Deserialize)]\nstruct ${n} {\n${b}${n === 'S0' ? `${s}\n` : ''}}\n`);
const rsFanOutContext: EnvContext = { evidence: 'src/settings.rs:1', boundPrefix: { prefix: 'APP__', tag: '', replacer: false, evidence: 'src/settings.rs:1', serde: { separator: '__', root: 'S0' } } };
const nginx = (s: string) => `server {\n  listen 80;\n  server_name ${s};\n}\n`;
const systemd = (s: string) => `[Service]\nEnvironment=NAME=${s}\nExecStart=/bin/app --port=8080 ${s}\n`;
const jsCode = (s: string) => `const a = process.env.A;\nconst b = ${s};\n`;
const perlScript = (s: string) => `#!/usr/bin/env perl\nmy $a = $ENV{A} || 1;\n${s}\n`;
const shellScript = (s: string) => `#!/bin/sh\nX=\${APP_X:-1}\n${s}\n`;
/** A setting read only to be refused (env.ts refusedEnvNames): the adversarial run between the read and on the message lines. */
const refusal = (s: string) => `#!/bin/bash\nAPP_OLD=\${APP_OLD:-1}\n${s}\necho 'APP_OLD ${s} is no longer supported'\n`;
const pyComposer = (s: string) => `import os\nPREFIX = 'APP_'\ndef _popenv(name):\n    return os.environ.pop(PREFIX + name.upper(), None)\ndef _section(section, params):\n    for param in params:\n        _popenv(section + '_' + param)\n_section('db', ['url', ${s}])\n`;
// Lua with the resty.env module required and os.getenv localised; a Haskell module with envparse's qualified reads (env13)
const luaEnv = (s: string) => `local resty_env = require 'resty.env'\nlocal getenv = os.getenv\nlocal a = resty_env.get('APP_A') or getenv("APP_B")\n${s}\n`;
const hsEnvparse = (s: string) => `module App.Config where\nimport qualified Env\nconf = Env.parse id $ C <$> Env.var Env.str "APP_A" (Env.def "x")\n${s}\n`;
const cljConfig = (s: string) => `(ns app.config (:require [environ.core :refer [env]]))\n(defn read-env [prefix] env)\n(def c (read-env "app"))\n(def schema [:map [:db-uri {:optional true} :string]\n${s}])\n`;

/** YAML alias bombs ("billion laughs"): each level refers to the previous one ten times. */
export function aliasBomb(size: number): string {
  let out = 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]\n';
  for (let k = 1; out.length < size; k++) out += `a${k}: &a${k} [${Array.from({ length: 10 }, () => `*a${k - 1}`).join(',')}]\n`;
  return out.slice(0, out.lastIndexOf('\n', size - 1) + 1).padEnd(size, '#');
}

/** Deeply nested YAML/JSON/TOML. */
const deepYaml = (size: number): string => {
  let out = '';
  for (let d = 0; out.length < size - 200; d++) out += ' '.repeat(d % 2000) + `k${d}:\n`;
  return out;
};
const deepJson = (size: number): string => '{"a":'.repeat(Math.floor(size / 10)) + '1' + '}'.repeat(Math.floor(size / 10));
const manyKeys = (size: number): string => repeatTo('key_with_a_long_name_x: value\n', size);
const quotedRuns = (size: number): string => repeatTo('"a\\" \'', size);
/** Many Lua long strings / long comments on one line, then a line feed: counting each one's lines must not search to the end of the file. */
const luaLongStrings = (size: number): string => repeatTo('[[a]]', size - 1) + '\n';
const luaLongComments = (size: number): string => repeatTo('--[[a]]', size - 1) + '\n';

export const ANALYZER_CASES: AnalyzerCase[] = [
  { analyzer: 'config-keys', sites: [site('config/app.yaml', yamlValue), site('config/app.yaml', yamlKey), site('config/app.json', jsonValue), site('config/app.toml', tomlValue), site('config/app.ini', iniValue), site('config/app.properties', envValue), site('config/app.yaml'), site('config/app.json')],
    extraShapes: { aliasBomb, deepYaml, deepJson, manyKeys, quotedRuns } },
  { analyzer: 'ports', sites: [site('docker-compose.yml', yamlValue), site('k8s/deployment.yaml', yamlValue), site('deploy/nginx.conf', nginx), site('deploy/app.service', systemd), site('Dockerfile', dockerRun), site('docker-compose.yml')],
    extraShapes: { aliasBomb, deepYaml } },
  { analyzer: 'runtime', sites: [site('Dockerfile', dockerRun), site('.nvmrc'), site('.tool-versions'), site('package.json', jsonValue), site('go.mod'), site('pyproject.toml', tomlValue), site('.github/workflows/ci.yml', yamlValue)] },
  { analyzer: 'dependencies', sites: [site('package.json', jsonValue), site('requirements.txt'), site('Gemfile'), site('Cargo.toml', tomlValue), site('go.mod'), site('pom.xml'), site('build.gradle'), site('composer.json', jsonValue), site('pyproject.toml', tomlValue), site('app.csproj'), site('setup.py'), site('mix.exs'), site('build.sbt')],
    extraShapes: { deepJson } },
  { analyzer: 'dockerfile', sites: [site('Dockerfile', dockerRun), site('Dockerfile'), site('docker-compose.yml', yamlValue), site('k8s/deployment.yaml', yamlValue)], extraShapes: { aliasBomb } },
  { analyzer: 'api-schema', sites: [site('api/openapi.yaml', yamlValue), site('api/openapi.json', jsonValue), site('api/schema.graphql'), site('api/service.proto'), site('api/openapi.yaml')], extraShapes: { aliasBomb, deepJson } },
  { analyzer: 'secrets', sites: [site('config/production.yml', yamlValue), site('.env', envValue), site('app/settings.py', (s) => `API_KEY = "${s}"\n`), site('config/app.json', jsonValue), site('src/app.ts', jsCode), site('config/production.yml')] },
  { analyzer: 'env-file', sites: [site('.env', envValue), site('.env.example', envValue), site('.env')] },
  { analyzer: 'env-manifest', sites: [site('docker-compose.yml', yamlValue), site('k8s/deployment.yaml', yamlValue), site('Dockerfile', dockerRun), site('.env.example', envValue), site('docker-compose.yml')], extraShapes: { aliasBomb } },
  { analyzer: 'env-refs', sites: [site('src/app.ts', jsCode), site('src/app.ts'), site('app/settings.py'), site('app/models/user.rb'), site('cmd/main.go'), site('src/Main.java'), site('src/index.php'), site('scripts/run.sh'), site('docker-compose.yml', yamlValue), site('.env', envValue), site('Dockerfile', dockerRun), site('config/app.toml', tomlValue), site('src/main.rs'), site('Program.cs'), site('rauthy.cfg', envValue), site('settings.json.docker', jsonValue), site('lib/shop.ex'),
    site('lib/App/Shop.pm'), site('bin/shop', perlScript), site('rel/files/shop', shellScript), site('src/app/config.clj', cljConfig), site('src/shop.erl'), site('app/config.py', pyComposer), site('docker/entrypoint.sh', refusal), site('pkg/config/config.go', goEnvconfig), site('pkg/config/env.go', goEnvOptions),
    site('pkg/config/fanout.go', goFanOut), site('src/settings.rs', rsFanOut, rsFanOutContext),
    site('gateway/src/apicast/env.lua', luaEnv), site('src/App/Config.hs', hsEnvparse)] },
  { analyzer: 'sql', sites: [site('db/migrations/001_init.sql'), site('db/migrations/002.up.sql', (s) => `ALTER TABLE t ADD COLUMN c text DEFAULT '${s}';\n`)] },
  { analyzer: 'migration-dsl', sites: [site('db/migrate/20240101000000_add_x.rb'), site('app/migrations/0002_x.py'), site('alembic/versions/abc_x.py'), site('database/migrations/2024_01_01_000000_x.php'), site('migrations/20240101_x.js'), site('src/migrations/1700000000000-X.ts'), site('priv/repo/migrations/20240101_x.exs'), site('Migrations/20240101_X.cs')] },
  { analyzer: 'ddl', sites: [site('src/db.ts', (s) => `db.query(\`CREATE TABLE t (${s})\`);\n`), site('src/db.ts'), site('app/db.py'), site('app/db.rb'), site('cmd/db.go'), site('kong/db/migrations/core/004_x.lua'), site('kong/db/migrations/core/004_x.lua', (s) => `return { postgres = { up = [[ CREATE TABLE t (${s}) ]] } }\n`), site('store/src/main/resources/journal-sql.properties', (s) => `create-table=CREATE TABLE %s (${s})\n`), site('store/src/main/resources/journal-sql.properties'), site('store/src/metadata.rs', (s) => `pub fn migrate() {}\npub const SQL_MARF_SCHEMA_VERSION: SchemaVersion = SchemaVersion(${s});\n`), site('hydra-node/src/Store.hs'), site('hydra-node/src/Store.hs', (s) => `migrate conn = execute_ conn [sql| CREATE TABLE t (${s}) |]\n`), site('share/patch/patch_ver_9.0.0.pl'), site('src/mod_sql.erl'), site('src/app/migrations.clj'), site('Sources/Store.swift')],
    extraShapes: { luaLongStrings, luaLongComments, schemaVersionDecls: (s) => repeatTo('static A_DB_SCHEMA_VERSION: V = V(', s), dbVersionsList: (s) => `    DB_VERSIONS = [${repeatTo('1, ', s)}`, dbVersionsRuns: (s) => repeatTo('DB_VERSIONS = [1, DB_VERSIONS = (', s), currentFormat: (s) => repeatTo('const CURRENT_FORMAT: u64 = CURRENT_FORMAT ', s) } },
];

/** The shared shapes plus the case's own. */
export function shapesOf(c: AnalyzerCase): Record<string, (size: number) => string> {
  return { ...SHAPES, ...(c.extraShapes ?? {}) };
}

/**
 * The linearity suite of some analyzers: one test per analyzer and site, each asserting the bar
 * of issue 16 (timing.ts, assertLinear) for every shape. The analyzers are split between two
 * test files so that `--test-concurrency=2` runs them side by side.
 */
export function describeLinear(analyzers: ReadonlyArray<AnalyzerCase['analyzer']>): void {
  describe('analyzers are linear on adversarial input', () => {
    for (const c of ANALYZER_CASES.filter((x) => analyzers.includes(x.analyzer))) {
      c.sites.forEach((site, i) => {
        it(`${c.analyzer} on ${site.path} (site ${i + 1}/${c.sites.length})`, () => {
          for (const [name, make] of Object.entries(shapesOf(c))) {
            assertLinearPrepared(`${c.analyzer} ${site.path}#${i + 1} ${name}`, (size) => site.wrap(make(size)), (text) => prepareCase(c, site, text));
          }
        });
      });
    }
  });
}

/** The two halves of ANALYZER_CASES (linear.analyzers.test.ts and linear.analyzers.code.test.ts). */
export const CONFIG_ANALYZERS: ReadonlyArray<AnalyzerCase['analyzer']> = ['config-keys', 'ports', 'runtime', 'dependencies', 'dockerfile', 'api-schema'];
export const CODE_ANALYZERS: ReadonlyArray<AnalyzerCase['analyzer']> = ['secrets', 'env-file', 'env-manifest', 'env-refs', 'sql', 'migration-dsl', 'ddl'];
