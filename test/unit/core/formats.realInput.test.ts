import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import type { Analyzer } from '../../../src/core/analyzers/analyzer';
import { apiSchemaAnalyzer } from '../../../src/core/analyzers/apiSchema';
import { configKeysAnalyzer } from '../../../src/core/analyzers/configKeys';
import { extractEnvRefs } from '../../../src/core/analyzers/env';
import { envFileAnalyzer } from '../../../src/core/analyzers/envFile';
import { dockerfileAnalyzer } from '../../../src/core/analyzers/dockerfile';
import { parseDockerfile } from '../../../src/core/analyzers/formats/dockerfile';
import { TestRepo } from '../../helpers/repo';
import { input } from './analyzers.helpers';

/**
 * Readers of standard formats on real input (issue 15, "Dependencies"): each case is what
 * the format's reference implementation reads (dotenv, java.util.Properties, BuildKit,
 * graphql-js, yarn berry), run through the analyzers' own entry points.
 */
const brief = (a: Analyzer, path: string, oldText: string | null, newText: string | null) =>
  a.analyze(input(path, oldText, newText, a.id)).map((f) => `${f.kind} ${f.subject ?? '-'} ${f.line ?? '-'} ${f.message}`);

describe('.env files read as dotenv reads them', () => {
  const cert = (mid: string) => `PORT=3000\nTLS_CERT="-----BEGIN CERTIFICATE-----\n${mid}\n-----END CERTIFICATE-----"\nLOG_LEVEL=info\n`;

  it('a line inside a multi-line quoted value is not a key (env-file)', () => {
    const f = brief(envFileAnalyzer, '.env.example', cert('MIIB=abc'), cert('MIIB=xyz'));
    assert.deepEqual(f.map((s) => s.split(' ').slice(0, 3).join(' ')), ['config-value-changed TLS_CERT 2']);
  });

  it('a line inside a multi-line quoted value is not a key (config-keys)', () => {
    const f = brief(configKeysAnalyzer, '.env', cert('MIIB=abc'), cert('MIIB=xyz'));
    assert.deepEqual(f.map((s) => s.split(' ').slice(0, 3).join(' ')), ['config-value-changed TLS_CERT 2']);
  });

  it('a line inside a multi-line quoted value declares no env var', () => {
    const text = cert('MIIB=abc');
    const all = text.split('\n');
    const refs = extractEnvRefs('.env', [2, 3, 4].map((n) => ({ line: n, text: all[n - 1] })), { fullText: text });
    assert.deepEqual(refs.map((r) => `${r.kind}:${r.name}:${r.line}`), ['declare:TLS_CERT:2']);
  });

  it('export, comments, quotes, `\\n` in double quotes and `KEY: value` as dotenv', () => {
    const old = 'export A=1\nB="x y" # note\nC=\'lit\\n\'\nD: colon\nE=plain # c\n';
    const neu = 'export A=2\nB="x y"\nC="lit\\n"\nD: other\nE=plain\n';
    // A and D changed; B and E only lost a comment; C '…\n' (literal) became "…\n" (a newline).
    assert.deepEqual(brief(envFileAnalyzer, '.env.example', old, neu).map((s) => s.split(' ').slice(0, 3).join(' ')), [
      'config-value-changed A 1',
      'config-value-changed C 3',
      'config-value-changed D 4',
    ]);
  });
});

describe('.properties read as java.util.Properties reads them', () => {
  const kinds = (path: string, a: string, b: string) => configKeysAnalyzer.analyze(input(path, a, b, 'config-keys')).map((f) => `${f.kind} ${f.subject} ${f.line}`);

  it('\\uXXXX escapes in keys and values are the characters they name', () => {
    const old = 'greeting=caf\\u00e9\ncaf\\u00e9.title=Menu\nname:Ren\\u00E9\n';
    const neu = 'greeting=café\ncafé.title=Menu\nname:René\n';
    assert.deepEqual(kinds('src/main/resources/messages.properties', old, neu), []);
    assert.deepEqual(kinds('src/main/resources/messages.properties', old, neu.replace('René', 'Renée')), ['config-value-changed name 3']);
  });

  it('a trailing backslash continues the value; the next line\'s indentation is dropped', () => {
    const old = 'list=a,\\\n    b\nother=1\n';
    const neu = 'list=a,\\\n    b,\\\n    c\nother=1\n';
    assert.deepEqual(brief(configKeysAnalyzer, 'app.properties', old, neu), ['config-value-changed list 1 changes `list`: `a,b` → `a,b,c`']);
    // An even number of backslashes is an escaped backslash, not a continuation.
    assert.deepEqual(kinds('app.properties', 'path=C:\\\\\nnext=1\n', 'path=C:\\\\\nnext=2\n'), ['config-value-changed next 2']);
  });

  it('`=`, `:` and whitespace separate key and value; escaped separators belong to the key', () => {
    const old = 'a = 1\nb:2\nc 3\nkey\\ with\\ spaces = v1\nd\\=e=4\n';
    const neu = 'a=1\nb : 2\nc    3\nkey\\ with\\ spaces=v2\nd\\=e = 5\n';
    assert.deepEqual(kinds('app.properties', old, neu), ['config-value-changed key with spaces 4', 'config-value-changed d=e 5']);
  });
});

describe('Dockerfile heredocs read as BuildKit reads them', () => {
  const df = (inner: string) => `FROM node:20 AS build\nRUN <<EOF\nset -e\n${inner}\nEOF\nFROM nginx:1.25\nCOPY --from=build /out /usr/share/nginx/html\n`;

  it('a FROM inside `RUN <<EOF` is not a stage: changing it changes no image', () => {
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', df('echo "FROM alpine:3.18" > x'), df('FROM alpine:3.19')), []);
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', df('echo hi'), df('FROM alpine:3.19\nEXPOSE 9999')), []);
  });

  it('stages after a heredoc keep their place; `<<-` bodies end at a tab-indented delimiter; several heredocs on one line', () => {
    const old = 'FROM golang:1.22\nCOPY <<-"A" /a <<B /b\n\tFROM x:1\n\tA\nFROM y:1\nB\nFROM debian:12\n';
    const neu = old.replace('debian:12', 'debian:13').replace('x:1', 'x:2').replace('y:1', 'y:2');
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', old, neu), ['image-changed debian:13 7 stage 2: debian:12 → debian:13']);
  });

  it('EXPOSE and ARG inside a heredoc are the script\'s, not the image\'s', () => {
    const info = parseDockerfile('ARG V=1\nFROM app:${V}\nRUN <<EOF\nARG V=2\nEXPOSE 81\nEOF\nEXPOSE 80\n');
    assert.deepEqual(info.stages.map((s) => s.image), ['app:1']);
    assert.deepEqual(info.exposes.map((e) => `${e.port}@${e.line}`), ['80@7']);
  });

  it('a bash here-string `<<<` and an unterminated heredoc', () => {
    assert.deepEqual(parseDockerfile('FROM a:1\nRUN cat <<<"x"\nFROM b:1\n').stages.map((s) => s.image), ['a:1', 'b:1']);
    assert.deepEqual(parseDockerfile('FROM a:1\nRUN <<EOF\nFROM b:1\n').stages.map((s) => s.image), ['a:1']);
  });
});

describe('GraphQL block strings read as graphql-js reads them', () => {
  const sdl = (field: string) => `"""
Says \\""" to mark a quote; the text goes on.
type Fake { x: Int }
"""
type Pet {
  id: ID!
  ${field}
}
`;

  it('`\\"""` inside a block string does not end it', () => {
    // The description's `type Fake` is text, not a type: nothing removed.
    assert.deepEqual(brief(apiSchemaAnalyzer, 'schema.graphql', sdl('name: String!'), sdl('name: String!').replace('type Fake { x: Int }', 'no type here')), []);
    // The field after it is still read.
    assert.deepEqual(brief(apiSchemaAnalyzer, 'schema.graphql', sdl('name: String!'), sdl('title: String!')).map((s) => s.split(' ').slice(0, 3).join(' ')), ['schema-breaking-change Pet.name 7']);
  });
});

describe('yarn berry lockfiles', () => {
  const lock = (v: string, sum: string) => `# This file is generated by running "yarn install" inside your project.
# Manual changes might be lost - proceed with caution!

__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    passport: "patch:passport@npm%3A${v}#~/.yarn/patches/passport-npm-${v}-3c1e1bd1c2.patch"
  languageName: unknown
  linkType: soft

"passport@npm:${v}":
  version: ${v}
  resolution: "passport@npm:${v}"
  dependencies:
    passport-strategy: "npm:1.x.x"
    utils-merge: "npm:^1.0.1"
  checksum: 10c0/${sum}
  languageName: node
  linkType: hard
`;
  const pkg = (v: string) => `{\n  "name": "app",\n  "dependencies": {\n    "passport": "patch:passport@npm%3A${v}#~/.yarn/patches/passport-npm-${v}-3c1e1bd1c2.patch"\n  }\n}\n`;
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('init', { 'package.json': pkg('0.6.0'), 'yarn.lock': lock('0.6.0', 'a1b2c3d4'.repeat(16)) });
  repo.checkout('feature', true);
  repo.commit('feature', { 'package.json': pkg('0.7.0'), 'yarn.lock': lock('0.7.0', '9f8e7d6c5b4a3f2e'.repeat(8)) });

  it('a v8 lockfile is a lockfile (no findings of its own: no secret in its checksums, no config keys); the manifest tells the upgrade', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const byPath = new Map(report.impacts.map((i) => [i.path, i.findings.map((f) => `${f.kind} ${f.message}`)] as const));
    assert.deepEqual(byPath.get('yarn.lock'), []);
    assert.deepEqual(byPath.get('package.json'), ['dependency-major-upgrade major upgrade of passport: 0.6.0 (patched) → 0.7.0 (patched)']);
  });
});
