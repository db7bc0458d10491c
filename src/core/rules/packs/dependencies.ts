import type { Rule } from '../rule';
import { DEPENDENCY_STEPS } from './common';

/**
 * Dependency manifests, lockfiles and runtime version files.
 *
 * Manifests need a note only for what an operator feels: a major upgrade or a runtime
 * change (the analyzers decide); a minor/patch bump or an added library does not.
 * Lockfiles are listed for completeness and never need a note on their own: what matters
 * in them shows up in the manifest next to them. Runtime version files are one fact each
 * (`runtime-version-changed`, which requires a note); their rule relies on that finding
 * so that an edit that keeps the version (a comment, a newline) needs nothing.
 */

type Shared = Pick<Rule, 'category' | 'severity' | 'requiresNote' | 'analyzers' | 'checklist'>;
const MANIFEST: Shared = { category: 'dependency', severity: 'warning', requiresNote: 'findings', analyzers: ['dependencies', 'runtime'], checklist: DEPENDENCY_STEPS };
const LOCKFILE: Shared = { category: 'dependency', severity: 'info', requiresNote: false };

/** Development-only requirement files: their upgrades are not deployed. */
const DEV_REQUIREMENTS = [
  '**/requirements{-,_,.}{dev,devel,develop,development,test,tests,testing,docs,doc,lint,linting,ci,typing,types,mypy,style,bench,benchmark,local,tox,coverage}*.{txt,in}',
  '**/requirements/{dev,devel,develop,development,test,tests,testing,docs,doc,lint,linting,ci,typing,types,mypy,style,bench,local,tox,coverage}*.{txt,in}',
  '**/{dev,test,tests,docs,doc,lint,ci}{-,_}requirements*.{txt,in}',
];

export const DEPENDENCY_RULES: Rule[] = [
  // ---- lockfiles first: never matched by a manifest rule below
  { ...LOCKFILE, id: 'npm.lockfile', title: 'npm lockfile', paths: ['**/package-lock.json', '**/npm-shrinkwrap.json', '**/yarn.lock', '**/pnpm-lock.yaml', '**/bun.lockb', '**/bun.lock', '**/deno.lock'], priority: 25 },
  { ...LOCKFILE, id: 'python.lockfile', title: 'Python lockfile', paths: ['**/poetry.lock', '**/Pipfile.lock', '**/uv.lock', '**/pdm.lock', '**/pylock*.toml', '**/conda-lock.yml'], priority: 25 },
  { ...LOCKFILE, id: 'bundler.lockfile', title: 'Bundler lockfile', paths: ['**/Gemfile.lock', '**/gems.locked'], priority: 25 },
  { ...LOCKFILE, id: 'go.sum', title: 'Go checksums', paths: ['**/go.sum', '**/go.work.sum'], priority: 25 },
  { ...LOCKFILE, id: 'cargo.lockfile', title: 'Cargo lockfile', paths: ['**/Cargo.lock'], priority: 25 },
  { ...LOCKFILE, id: 'composer.lockfile', title: 'Composer lockfile', paths: ['**/composer.lock'], priority: 25 },
  { ...LOCKFILE, id: 'nuget.lockfile', title: 'NuGet lockfile', paths: ['**/packages.lock.json'], priority: 25 },
  { ...LOCKFILE, id: 'gradle.lockfile', title: 'Gradle lockfile', paths: ['**/gradle.lockfile', '**/*.lockfile', '**/verification-metadata.xml'], priority: 25 },
  { ...LOCKFILE, id: 'other.lockfile', title: 'Lockfile', paths: ['**/mix.lock', '**/pubspec.lock', '**/Podfile.lock', '**/Package.resolved', '**/flake.lock', '**/Cartfile.resolved'], priority: 25 },
  // ---- development-only manifests
  {
    id: 'python.dev-requirements',
    category: 'dependency',
    title: 'Python development requirements',
    paths: DEV_REQUIREMENTS,
    severity: 'info',
    requiresNote: false,
    priority: 26,
  },
  // ---- manifests
  { ...MANIFEST, id: 'npm.manifest', title: 'package.json', paths: ['**/package.json'], priority: 28 },
  { ...MANIFEST, id: 'deno.manifest', title: 'Deno config', paths: ['**/deno.json', '**/deno.jsonc'], priority: 28 },
  {
    ...MANIFEST,
    id: 'python.manifest',
    title: 'Python dependencies',
    paths: ['**/requirements*.{txt,in}', '**/requirements/*.{txt,in}', '**/constraints*.txt', '**/pyproject.toml', '**/setup.py', '**/Pipfile'],
    priority: 28,
  },
  { ...MANIFEST, id: 'bundler.manifest', title: 'Gemfile', paths: ['**/Gemfile', '**/gems.rb', '**/*.gemspec'], priority: 28 },
  { ...MANIFEST, id: 'go.mod', title: 'go.mod', paths: ['**/go.mod', '**/go.work'], priority: 28 },
  { ...MANIFEST, id: 'maven.pom', title: 'Maven POM', paths: ['**/pom.xml'], priority: 28 },
  {
    ...MANIFEST,
    id: 'gradle.build',
    title: 'Gradle build',
    paths: ['**/build.gradle', '**/build.gradle.kts', '**/settings.gradle', '**/settings.gradle.kts', '**/*.versions.toml'],
    priority: 28,
  },
  { ...MANIFEST, id: 'sbt.build', title: 'sbt build', paths: ['**/build.sbt', '**/project/plugins.sbt', '**/project/Dependencies.scala'], priority: 28 },
  { ...MANIFEST, id: 'cargo.manifest', title: 'Cargo.toml', paths: ['**/Cargo.toml'], priority: 28 },
  { ...MANIFEST, id: 'composer.manifest', title: 'composer.json', paths: ['**/composer.json'], priority: 28 },
  {
    ...MANIFEST,
    id: 'nuget.manifest',
    title: '.NET project',
    paths: ['**/*.{csproj,fsproj,vbproj}', '**/packages.config', '**/Directory.Packages.props', '**/Directory.Build.props', '**/Directory.Build.targets'],
    priority: 28,
  },
  { ...MANIFEST, id: 'mix.manifest', title: 'mix.exs', paths: ['**/mix.exs'], priority: 28 },
  { ...MANIFEST, id: 'other.manifest', title: 'Dependency manifest', paths: ['**/pubspec.yaml', '**/Package.swift', '**/Podfile', '**/Cartfile', '**/vcpkg.json', '**/conanfile.{txt,py}'], priority: 28 },
  // ---- runtime version files
  {
    id: 'runtime.version-file',
    category: 'infrastructure',
    title: 'Runtime version file',
    paths: [
      '**/.nvmrc',
      '**/.node-version',
      '**/.bun-version',
      '**/.ruby-version',
      '**/.python-version',
      '**/.java-version',
      '**/.go-version',
      '**/.sdkmanrc',
      '**/.tool-versions',
      '**/{mise,.mise,.rtx}.toml',
      '**/rust-toolchain',
      '**/rust-toolchain.toml',
      '**/global.json',
      '**/runtime.txt',
    ],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['runtime'],
    checklist: [
      { phase: 'Before deploy', text: 'Install the runtime version from `{path}` on build agents and servers (or update the base image)', role: 'ops' },
      { phase: 'Verify', text: 'The deployed application reports the new runtime version', role: 'ops' },
      { phase: 'Rollback', text: 'Redeploy on the previous runtime version', role: 'ops' },
    ],
    priority: 28,
  },
  {
    id: 'gradle.wrapper',
    category: 'dependency',
    title: 'Gradle/Maven wrapper',
    paths: ['**/gradle/wrapper/gradle-wrapper.properties', '**/.mvn/wrapper/maven-wrapper.properties'],
    severity: 'info',
    requiresNote: false,
    priority: 28,
  },
];
