import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerfileAnalyzer, sameMajor, versionNumbers } from '../../../src/core/analyzers/dockerfile';
import { assertLinear, repeatTo } from '../hostile/timing';
import { parseDockerfile, parseImageRef } from '../../../src/core/analyzers/formats/dockerfile';
import { portsAnalyzer } from '../../../src/core/analyzers/ports';
import { imageRuntime, runtimeAnalyzer } from '../../../src/core/analyzers/runtime';
import type { Analyzer } from '../../../src/core/analyzers/analyzer';
import { input } from './analyzers.helpers';

const brief = (a: Analyzer, path: string, oldText: string | null, newText: string | null) =>
  a.analyze(input(path, oldText, newText, a.id)).map((f) => `${f.line ?? '-'} ${f.severity} ${f.message}`);

describe('runtime: runtime-version-changed', () => {
  const cases: { name: string; path: string; old: string; new: string; want: string[] }[] = [
    { name: 'Dockerfile FROM with an ARG default', path: 'Dockerfile', old: 'ARG NODE=18\nFROM node:${NODE}-alpine AS build\nRUN npm ci\nFROM build\n', new: 'ARG NODE=20\nFROM node:${NODE}-alpine AS build\nRUN npm ci\nFROM build\n', want: ['2 warning Node.js 18 → 20'] },
    { name: 'multi-stage: one finding per runtime change', path: 'api/Dockerfile', old: 'FROM python:3.11-slim AS deps\nFROM python:3.11-slim\n', new: 'FROM python:3.12-slim AS deps\nFROM python:3.12-slim\n', want: ['1 warning Python 3.11 → 3.12'] },
    { name: 'registry-qualified images', path: 'Dockerfile', old: 'FROM public.ecr.aws/docker/library/golang:1.21-alpine\n', new: 'FROM public.ecr.aws/docker/library/golang:1.22-alpine\n', want: ['1 warning Go 1.21 → 1.22'] },
    { name: '.NET images', path: 'Dockerfile', old: 'FROM mcr.microsoft.com/dotnet/aspnet:6.0\n', new: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\n', want: ['1 warning .NET 6.0 → 8.0'] },
    { name: 'Java via temurin and maven images', path: 'Dockerfile', old: 'FROM maven:3.9-eclipse-temurin-17 AS b\nFROM eclipse-temurin:17-jre\n', new: 'FROM maven:3.9-eclipse-temurin-21 AS b\nFROM eclipse-temurin:21-jre\n', want: ['1 warning Java 17 → 21'] },
    { name: '.nvmrc with LTS code names', path: '.nvmrc', old: 'lts/hydrogen\n', new: 'lts/iron\n', want: ['1 warning Node.js lts/hydrogen → lts/iron'] },
    { name: '.ruby-version', path: '.ruby-version', old: '3.2.2\n', new: '3.3.0\n', want: ['1 warning Ruby 3.2.2 → 3.3.0'] },
    { name: '.python-version', path: '.python-version', old: '3.11\n', new: '3.12\n', want: ['1 warning Python 3.11 → 3.12'] },
    { name: '.tool-versions per tool', path: '.tool-versions', old: 'nodejs 18.17.0\nruby 3.2.2\nterraform 1.5.0\n', new: 'nodejs 18.17.0\nruby 3.3.0\nterraform 1.6.0\n', want: ['2 warning Ruby 3.2.2 → 3.3.0'] },
    { name: 'rust-toolchain.toml', path: 'rust-toolchain.toml', old: '[toolchain]\nchannel = "1.74"\n', new: '[toolchain]\nchannel = "1.76"\n', want: ['2 warning Rust 1.74 → 1.76'] },
    { name: 'global.json', path: 'global.json', old: '{\n  "sdk": {\n    "version": "7.0.100"\n  }\n}\n', new: '{\n  "sdk": {\n    "version": "8.0.100"\n  }\n}\n', want: ['3 warning .NET 7.0.100 → 8.0.100'] },
    { name: 'engines.node range', path: 'package.json', old: '{"engines": {"node": ">=16"}}', new: '{"engines": {"node": "^18.18.0 || >=20"}}', want: ['1 warning Node.js >=16 → ^18.18.0 || >=20'] },
    { name: 'Gradle toolchain', path: 'build.gradle.kts', old: 'kotlin {\n  jvmToolchain(17)\n}\n', new: 'kotlin {\n  jvmToolchain(21)\n}\n', want: ['2 warning Java 17 → 21'] },
    { name: 'pom java.version', path: 'pom.xml', old: '<properties>\n<java.version>11</java.version>\n</properties>\n', new: '<properties>\n<java.version>17</java.version>\n</properties>\n', want: ['2 warning Java 11 → 17'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(brief(runtimeAnalyzer, c.path, c.old, c.new), c.want));

  const none: { name: string; path: string; old: string; new: string }[] = [
    { name: 'Node.js patch/minor bump', path: '.nvmrc', old: '18.17.0\n', new: '18.19.1\n' },
    { name: 'Python patch bump in an image', path: 'Dockerfile', old: 'FROM python:3.11.4-slim\n', new: 'FROM python:3.11.7-slim\n' },
    { name: 'variant-only change', path: 'Dockerfile', old: 'FROM node:20-alpine\n', new: 'FROM node:20-bookworm-slim\n' },
    { name: 'a non-runtime image', path: 'Dockerfile', old: 'FROM nginx:1.24\n', new: 'FROM nginx:1.25\n' },
    { name: 'latest → a version (no known old version)', path: 'Dockerfile', old: 'FROM node:latest\n', new: 'FROM node:20\n' },
    { name: 'Go patch-level directive', path: 'go.mod', old: 'module x\ngo 1.21\n', new: 'module x\ngo 1.21.0\n' },
  ];
  for (const c of none) it(`nothing for ${c.name}`, () => assert.deepEqual(brief(runtimeAnalyzer, c.path, c.old, c.new), []));

  it('names runtimes of images', () => {
    assert.deepEqual(imageRuntime('registry.access.redhat.com/ubi9/nodejs-20:latest'), { runtime: 'Node.js', version: '20' });
    assert.deepEqual(imageRuntime('ubi8/python-311'), { runtime: 'Python', version: '3.11' });
    assert.deepEqual(imageRuntime('openjdk:8u342-jre'), { runtime: 'Java', version: '8' });
    assert.equal(imageRuntime('postgres:16'), null);
  });
});

describe('dockerfile: image-changed', () => {
  it('per stage: tag change is a warning, digest-only change is info', () => {
    const old = 'FROM node:18-alpine AS build\nRUN x\nFROM nginx:1.25@sha256:aaa\n';
    const neu = 'FROM node:20-alpine AS build\nRUN x\nFROM nginx:1.25@sha256:bbb\n';
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', old, neu), ['1 warning stage build: node:18-alpine → node:20-alpine', '3 info stage 2: nginx:1.25 digest updated']);
  });

  it('a new stage with a new base image, a stage referencing another is not an image', () => {
    const old = 'FROM golang:1.22 AS build\nFROM build AS test\n';
    const neu = 'FROM golang:1.22 AS build\nFROM build AS test\nFROM gcr.io/distroless/static AS final\n';
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', old, neu), ['3 warning stage final: new image gcr.io/distroless/static']);
  });

  it('compose services and Kubernetes containers', () => {
    const c1 = 'services:\n  web:\n    image: ghcr.io/acme/web:1.2\n  db:\n    image: postgres:14\n';
    const c2 = 'services:\n  web:\n    image: ghcr.io/acme/web:1.2\n  db:\n    image: postgres:16\n';
    assert.deepEqual(brief(dockerfileAnalyzer, 'docker-compose.yml', c1, c2), ['5 warning services.db.image: postgres:14 → postgres:16']);
    const k = (tag: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:${tag}\n          imagePullPolicy: Always\n`;
    assert.deepEqual(brief(dockerfileAnalyzer, 'k8s/api.yaml', k('v1'), k('v2')), ['10 warning spec.template.spec.containers[name=api].image: acme/api:v1 → acme/api:v2']);
  });

  it('kustomize image overrides', () => {
    const k = (tag: string) => `resources:\n  - deployment.yaml\nimages:\n  - name: ghcr.io/acme/api\n    newTag: ${tag}\n  - name: redis\n    newName: redis/redis-stack\n    newTag: "7.2"\n`;
    assert.deepEqual(brief(dockerfileAnalyzer, 'deploy/overlays/prod/kustomization.yaml', k('v1.4.0'), k('v2.0.0')), ['5 warning images[name=ghcr.io/acme/api]: ghcr.io/acme/api:v1.4.0 → ghcr.io/acme/api:v2.0.0']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'deploy/overlays/prod/kustomization.yaml', k('v1.4.0'), k('v1.5.0')), ['5 info images[name=ghcr.io/acme/api]: ghcr.io/acme/api:v1.4.0 → ghcr.io/acme/api:v1.5.0 (same major version)']);
  });

  it('Helm values image maps', () => {
    const v = (tag: string) => `image:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: "${tag}"\n  pullPolicy: IfNotPresent\n`;
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/redis/values.yaml', v('6.2.14'), v('7.2.4')), ['4 warning image: docker.io/bitnami/redis:6.2.14 → docker.io/bitnami/redis:7.2.4']);
  });

  it('a deployed image whose tag moves within one major version is info; a new major, repository or non-version tag is a warning', () => {
    const v = (repo: string, tag: string) => `image:\n  repository: ${repo}\n  tag: "${tag}"\n`;
    // a chart following its own application's release (ElastAlert 2, Dapr)
    assert.deepEqual(brief(dockerfileAnalyzer, 'chart/elastalert2/values.yaml', v('jertel/elastalert2', '2.18.0'), v('jertel/elastalert2', '2.19.0')), ['3 info image: jertel/elastalert2:2.18.0 → jertel/elastalert2:2.19.0 (same major version)']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/db/values.yaml', v('bitnami/postgresql', '15.1.0-debian-11-r0'), v('bitnami/postgresql', '15.4.0-debian-11-r2')), ['3 info image: bitnami/postgresql:15.1.0-debian-11-r0 → bitnami/postgresql:15.4.0-debian-11-r2 (same major version)']);
    // a new major version of a database image is a data upgrade (Dendrite's chart: PostgreSQL 15 → 16)
    assert.deepEqual(brief(dockerfileAnalyzer, 'helm/dendrite/values.yaml', v('bitnami/postgresql', '15.1.0'), v('bitnami/postgresql', '16.2.0')), ['3 warning image: bitnami/postgresql:15.1.0 → bitnami/postgresql:16.2.0']);
    // 0.x: the minor is semver's breaking position
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/d/values.yaml', v('daprio/dashboard', '0.8.0'), v('daprio/dashboard', '0.9.0')), ['3 warning image: daprio/dashboard:0.8.0 → daprio/dashboard:0.9.0']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/d/values.yaml', v('daprio/dashboard', '0.9.0'), v('daprio/dashboard', '0.9.1')), ['3 info image: daprio/dashboard:0.9.0 → daprio/dashboard:0.9.1 (same major version)']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/a/values.yaml', v('acme/api', '1.4.0'), v('acme/api-next', '1.4.1')), ['3 warning image: acme/api:1.4.0 → acme/api-next:1.4.1']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/a/values.yaml', v('acme/api', 'stable'), v('acme/api', 'edge')), ['3 warning image: acme/api:stable → acme/api:edge']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/a/values.yaml', v('acme/api', 'latest'), v('acme/api', '1.2.0')), ['3 warning image: acme/api:latest → acme/api:1.2.0']);
    // a Dockerfile's base image keeps its warning: the image is built on it
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', 'FROM nginx:1.24\n', 'FROM nginx:1.25\n'), ['1 warning base image nginx:1.24 → nginx:1.25']);
  });

  it('review13 F1: a downgrade, a database server\'s data-format major (major.minor) or a CalVer tag is not the same major version', () => {
    const c = (img: string) => `services:\n  db:\n    image: ${img}\n`;
    const sev = (a: string, b: string) => brief(dockerfileAnalyzer, 'docker-compose.yml', c(a), c(b)).map((l) => l.split(' ')[1]).join(',');
    // downgrades: data written by the newer server
    assert.equal(sev('postgres:9.6-alpine', 'postgres:9.4-alpine'), 'warning');
    assert.equal(sev('elasticsearch:7.17.0', 'elasticsearch:7.10.0'), 'warning');
    assert.equal(sev('acme/app:2.19.0', 'acme/app:2.18.0'), 'warning');
    assert.equal(sev('acme/app:2.19.1', 'acme/app:2.19.0'), 'warning');
    // minor releases that are data-format majors
    assert.equal(sev('postgres:9.5', 'postgres:9.6'), 'warning');
    assert.equal(sev('mariadb:10.5', 'mariadb:10.11'), 'warning');
    assert.equal(sev('mysql:5.6', 'mysql:5.7'), 'warning');
    assert.equal(sev('mongo:4.2', 'mongo:4.4'), 'warning');
    assert.equal(sev('docker.io/bitnami/mongodb:4.2.21', 'docker.io/bitnami/mongodb:4.4.15'), 'warning');
    assert.equal(sev('mariadb:10', 'mariadb:10.11'), 'warning');
    // CalVer: the year is no major
    assert.equal(sev('homeassistant/home-assistant:2023.1', 'homeassistant/home-assistant:2023.12'), 'warning');
    // still info: patch releases of those servers, PostgreSQL 10+ minors, upward moves of anything else
    assert.equal(sev('postgres:9.6.1', 'postgres:9.6.24'), 'info');
    assert.equal(sev('postgres:15.1-alpine', 'postgres:15.4-alpine'), 'info');
    assert.equal(sev('mariadb:10.11.5', 'mariadb:10.11.6'), 'info');
    assert.equal(sev('elasticsearch:7.10.0', 'elasticsearch:7.17.0'), 'info');
    assert.equal(sev('nginx:1.25', 'nginx:1.25.3-alpine'), 'info');
    assert.equal(sev('acme/app:1.2.3-r0', 'acme/app:1.2.3-r2'), 'info');
  });

  it('the version-tag check is bounded on hostile tags (1 MB near-misses stop at the length guard)', () => {
    const near = [`1${'.1'.repeat(500_000)}x`, `1-${'.'.repeat(1_000_000)}!`, `${'9'.repeat(1_000_000)}`, `1.2.3-${'a-'.repeat(500_000)}!`];
    for (const t of near) assert.equal(sameMajor(t, `${t}y`), false);
    // the bounded pattern itself, on the longest tag it accepts
    assert.equal(sameMajor(`1.2.3-${'a'.repeat(120)}`, `1.2.4-${'a'.repeat(119)}!`), false);
    assert.equal(sameMajor(`1.2.3-${'a'.repeat(120)}`, `1.2.4-${'a'.repeat(120)}`), true);
  });

  it('review13 F6: the version-tag pattern itself (no length guard) is linear on near-misses', () => {
    // versionNumbers runs VERSION_TAG with no length guard: these inputs reach the regex, not sameMajor's 160-char cut
    assert.deepEqual(versionNumbers('15.1.0-debian-11-r0'), [15, 1, 0]);
    assert.equal(versionNumbers(`1${'.1'.repeat(4)}`), null);
    assertLinear('version tag: many dotted numbers, fails at the end', (s) => `1${repeatTo('.1', s - 2)}x`, versionNumbers);
    assertLinear('version tag: a dot run after the variant separator', (s) => `1-${'.'.repeat(s - 3)}!`, versionNumbers);
    assertLinear('version tag: one long digit run', (s) => '9'.repeat(s), versionNumbers);
    assertLinear('version tag: a digit run that fails at the end', (s) => `${'9'.repeat(s - 1)}x`, versionNumbers);
    assertLinear('version tag: a long variant that fails at the end', (s) => `1.2.3-${repeatTo('a-', s - 7)}!`, versionNumbers);
    assertLinear('version tag: digit runs split by dots', (s) => repeatTo('123456789.', s) + '!', versionNumbers);
  });

  it('formats without a tree (Terraform): image = lines of the diff, paired in order', () => {
    const tf = (a: string, b: string) => `resource "x" "api" {\n  image = "acme/api:${a}"\n}\nresource "x" "db" {\n  image = "postgres:${b}"\n}\n`;
    assert.deepEqual(brief(dockerfileAnalyzer, 'deploy/main.tf', tf('1.0', '14'), tf('1.1', '16')), ['2 warning image acme/api:1.0 → acme/api:1.1', '5 warning image postgres:14 → postgres:16']);
    assert.deepEqual(brief(dockerfileAnalyzer, 'deploy/main.tf', tf('1.0', '14'), tf('1.0', '14').replace('}\nresource', '  count = 2\n}\nresource')), []);
  });

  it('nothing for unchanged images, templated images, a reformat, or a new file', () => {
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', 'FROM node:20\nRUN a\n', 'FROM node:20\nRUN b\n'), []);
    assert.deepEqual(brief(dockerfileAnalyzer, 'charts/x/templates/deploy.yaml', 'image: "{{ .Values.image.repository }}:{{ .Values.tag }}"\n', 'image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n'), []);
    assert.deepEqual(brief(dockerfileAnalyzer, 'docker-compose.yml', 'services:\n  a:\n    image: x:1\n', 'services: {a: {image: "x:1"}}\n'), []);
    assert.deepEqual(brief(dockerfileAnalyzer, 'Dockerfile', null, 'FROM node:20\n'), []);
  });

  it('reads Dockerfile continuations, --platform and image references', () => {
    const df = parseDockerfile('ARG BASE=node\nFROM --platform=$BUILDPLATFORM \\\n  ${BASE}:20 AS build\nEXPOSE 3000 9229/tcp\n');
    assert.deepEqual(df.stages.map((s) => [s.name, s.image, s.line]), [['build', 'node:20', 2]]);
    assert.deepEqual(df.exposes.map((e) => e.port), ['3000', '9229/tcp']);
    assert.deepEqual(parseImageRef('localhost:5000/team/app:1.0@sha256:abc'), { registry: 'localhost:5000', repository: 'team/app', tag: '1.0', digest: 'sha256:abc' });
    assert.deepEqual(parseImageRef('docker.io/library/node'), { registry: 'docker.io', repository: 'node', tag: null, digest: null });
  });
});

describe('ports: port-changed', () => {
  it('Dockerfile EXPOSE', () => {
    assert.deepEqual(brief(portsAnalyzer, 'Dockerfile', 'FROM x\nEXPOSE 80\n', 'FROM x\nEXPOSE 8080\n'), ['2 warning EXPOSE 80 → 8080']);
    assert.deepEqual(brief(portsAnalyzer, 'Dockerfile', 'FROM x\nEXPOSE 80\n', 'FROM x\nEXPOSE 80 9090\n'), ['2 warning EXPOSE adds 9090']);
  });

  it('compose short syntax; a new service is not a port change', () => {
    const c1 = 'services:\n  web:\n    ports:\n      - "8080:80"\n';
    const c2 = 'services:\n  web:\n    ports:\n      - "9090:80"\n  cache:\n    image: redis\n    ports: ["6379:6379"]\n';
    assert.deepEqual(brief(portsAnalyzer, 'compose.yaml', c1, c2), ['3 warning `services.web.ports`: 8080:80 → 9090:80']);
  });

  it('Kubernetes Service and container ports; an added port item is one finding', () => {
    const k1 = 'kind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n';
    const k2 = 'kind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 8080\n    targetPort: http\n  - name: metrics\n    port: 9090\n    targetPort: 9090\n';
    assert.deepEqual(brief(portsAnalyzer, 'k8s/svc.yaml', k1, k2), ['7 warning `spec.ports[name=http].port`: 80 → 8080', '10 warning `spec.ports[name=metrics].port`: adds port 9090']);
  });

  it('app config keys', () => {
    assert.deepEqual(brief(portsAnalyzer, 'src/main/resources/application.yml', 'server:\n  port: 8080\n', 'server:\n  port: 8081\n'), ['2 warning `server.port`: 8080 → 8081']);
    assert.deepEqual(brief(portsAnalyzer, '.env.example', 'HTTP_PORT=3000\n', 'HTTP_PORT=4000\n'), ['1 warning `HTTP_PORT`: 3000 → 4000']);
    assert.deepEqual(brief(portsAnalyzer, 'nginx/default.conf', 'server {\n  listen 80;\n}\n', 'server {\n  listen 8080;\n}\n'), ['2 warning listen 80 → 8080']);
  });

  it('nothing for a new port key, an unchanged port, a probe, a new file, or a non-port value', () => {
    assert.deepEqual(brief(portsAnalyzer, 'config/app.yml', 'server:\n  host: x\n', 'server:\n  host: x\n  port: 8080\n'), []);
    assert.deepEqual(brief(portsAnalyzer, 'config/app.yml', 'port: 8080\nx: 1\n', 'port: 8080\nx: 2\n'), []);
    assert.deepEqual(brief(portsAnalyzer, 'k8s/d.yaml', 'livenessProbe:\n  httpGet:\n    port: 8080\n', 'livenessProbe:\n  httpGet:\n    port: 8081\n'), []);
    assert.deepEqual(brief(portsAnalyzer, 'compose.yaml', null, 'services:\n  a:\n    ports: ["80:80"]\n'), []);
    assert.deepEqual(brief(portsAnalyzer, 'config/app.yml', 'report: yes\n', 'report: no\n'), []);
  });
});
