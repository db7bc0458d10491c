import { baseName, splitLines } from './files';
import { parseJsonTree } from './json';
import { parseTomlTree } from './toml';
import { at, str, type CNode } from './tree';
import { parseYamlDocs } from './yaml';
import type { Ecosystem } from './versions';

/** How a dependency is used: production code, development/test only, a peer range, build tooling. */
export type DepScope = 'prod' | 'dev' | 'peer' | 'optional' | 'build';

export interface Dep {
  /** Comparison key (normalised name; Go module path without its /vN suffix). */
  key: string;
  /** Name as written. */
  name: string;
  /** Version spec as written, after variables are resolved ('' when none). */
  spec: string;
  line: number;
  scope: DepScope;
  /** Where the version came from when it is shared (a Maven property, a version-catalog entry). */
  via?: string;
}

export interface Manifest {
  ecosystem: Ecosystem;
  deps: Dep[];
}

/** Lockfiles: resolved trees, not declarations. Their changes follow the manifests. */
const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'poetry.lock', 'pipfile.lock', 'pdm.lock', 'uv.lock',
  'gemfile.lock', 'gems.locked', 'go.sum', 'go.work.sum', 'cargo.lock', 'composer.lock', 'packages.lock.json', 'gradle.lockfile', 'mix.lock', 'pubspec.lock', 'podfile.lock',
]);

export function isLockfile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return LOCKFILES.has(name) || name.endsWith('.lockfile');
}

/** Reads the declared dependencies of a manifest; null for files that are not a manifest this knows. */
export function parseManifest(path: string, text: string): Manifest | null {
  const name = baseName(path).toLowerCase();
  if (isLockfile(path)) return null;
  if (name === 'package.json') return packageJson(text);
  if (name === 'composer.json') return composerJson(text);
  if (/\.(txt|in)$/.test(name) && /requirements|constraints/.test(path.toLowerCase())) return requirementsTxt(path, text);
  if (name === 'pyproject.toml') return pyproject(text);
  if (name === 'setup.py') return setupPy(text);
  if (name === 'deno.json' || name === 'deno.jsonc') return denoJson(text);
  if (name === 'pubspec.yaml') return pubspec(text);
  if (name === 'mix.exs') return mixExs(text);
  if (name === 'build.sbt' || name.endsWith('.sbt') || name === 'dependencies.scala') return sbt(text);
  if (name === 'pipfile') return pipfile(text);
  if (name === 'gemfile' || name === 'gems.rb' || name.endsWith('.gemspec')) return gemfile(text);
  if (name === 'go.mod') return goMod(text);
  if (name === 'pom.xml' || name.endsWith('.pom')) return pomXml(text);
  if (name === 'build.gradle' || name === 'build.gradle.kts' || name === 'settings.gradle' || name === 'settings.gradle.kts') return gradle(text);
  if (name.endsWith('.versions.toml')) return versionCatalog(text);
  if (name === 'cargo.toml') return cargo(text);
  if (/\.(cs|fs|vb)proj$/.test(name) || name === 'directory.packages.props' || name === 'directory.build.props' || name === 'packages.config' || name.endsWith('.props') || name.endsWith('.targets')) return nuget(path, text);
  return null;
}

const TEST_LIB = /(^|[.:/_-])(junit|testng|mockito|mockk|assertj|hamcrest|kotest|spock|testcontainers|robolectric|espresso|truth|jmh|wiremock|archunit|test|tests|testing|mock|mocks)([.:/_-]|$)/i;

// ——— npm / Composer ———

function jsonSections(text: string, sections: [string, DepScope][], skip?: (name: string) => boolean): Dep[] | null {
  const root = parseJsonTree(text);
  if (!root || root.t !== 'map') return null;
  const deps: Dep[] = [];
  for (const [section, scope] of sections) {
    const node = at(root, section);
    if (node?.t !== 'map') continue;
    for (const [name, v] of node.entries) {
      if (skip?.(name)) continue;
      deps.push({ key: name.toLowerCase(), name, spec: str(v) ?? '', line: v.line, scope });
    }
  }
  return deps;
}

function packageJson(text: string): Manifest | null {
  const deps = jsonSections(text, [['dependencies', 'prod'], ['optionalDependencies', 'optional'], ['peerDependencies', 'peer'], ['devDependencies', 'dev']]);
  return deps && { ecosystem: 'npm', deps };
}

function composerJson(text: string): Manifest | null {
  const deps = jsonSections(text, [['require', 'prod'], ['require-dev', 'dev']], (n) => n === 'php' || n.startsWith('ext-') || n.startsWith('lib-') || n.startsWith('composer-') || n === 'composer');
  return deps && { ecosystem: 'composer', deps };
}

// ——— Python ———

/** PEP 503 name normalisation. */
function pyKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `name[extra] >=1,<2 ; marker` → name and spec. */
function pep508(req: string): { name: string; spec: string } | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(\(?\s*([^;@]*?)\s*\)?)?\s*(@\s*\S+)?\s*(;.*)?$/.exec(req);
  if (!m) return null;
  return { name: m[1], spec: (m[4] ?? '').trim() || (m[5] ? m[5].trim() : '') };
}

function requirementsTxt(path: string, text: string): Manifest | null {
  // pip-compile / uv / poetry export output is a lockfile in all but name.
  if (/autogenerated by pip-compile|uv pip compile|poetry export|generated by pdm|pip freeze/i.test(text.slice(0, 2000))) return null;
  const dev = /(^|[/_.-])(dev|test|tests|testing|lint|docs?|ci|local|typing|mypy)([/_.-]|$)/i.test(path.replace(/requirements?/i, ''));
  const deps: Dep[] = [];
  splitLines(text).forEach((raw, i) => {
    let l = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!l) return;
    if (l.startsWith('-e ') || l.startsWith('--editable')) {
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(raw);
      if (egg) deps.push({ key: pyKey(egg[1]), name: egg[1], spec: '', line: i + 1, scope: dev ? 'dev' : 'prod' });
      return;
    }
    if (l.startsWith('-') || /^[a-z+]+:\/\//i.test(l)) return;
    l = l.replace(/\s--hash[= ]\S+/g, '').replace(/\\$/, '').trim();
    const r = pep508(l);
    if (r) deps.push({ key: pyKey(r.name), name: r.name, spec: r.spec, line: i + 1, scope: dev ? 'dev' : 'prod' });
  });
  return { ecosystem: 'pypi', deps };
}

/** Line of the first line quoting a Python requirement's name. */
function quotedLine(lines: string[], name: string, from = 0): number {
  const re = new RegExp(`["']${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(\\[|[<>=!~;@ ]|["'])`, 'i');
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i + 1;
  return 1;
}

function pyList(node: CNode | undefined, scope: DepScope, lines: string[], deps: Dep[]): void {
  if (node?.t !== 'seq') return;
  for (const item of node.items) {
    const s = str(item);
    if (!s) continue;
    const r = pep508(s);
    if (r) deps.push({ key: pyKey(r.name), name: r.name, spec: r.spec, line: quotedLine(lines, r.name, Math.max(0, node.line - 1)), scope });
  }
}

function poetryTable(node: CNode | undefined, scope: DepScope, deps: Dep[]): void {
  if (node?.t !== 'map') return;
  for (const [name, v] of node.entries) {
    if (name.toLowerCase() === 'python') continue;
    const spec = str(v) ?? str(at(v, 'version')) ?? (v.t === 'seq' ? (str(at(v.items[0], 'version')) ?? '') : '');
    deps.push({ key: pyKey(name), name, spec, line: v.line, scope });
  }
}

function pyproject(text: string): Manifest | null {
  const t = parseTomlTree(text);
  if (!t) return null;
  const lines = splitLines(text);
  const deps: Dep[] = [];
  pyList(at(t, 'project', 'dependencies'), 'prod', lines, deps);
  const optional = at(t, 'project', 'optional-dependencies');
  if (optional?.t === 'map') for (const [group, list] of optional.entries) pyList(list, /^(dev|test|tests|testing|lint|docs?|typing)$/i.test(group) ? 'dev' : 'optional', lines, deps);
  const groups = at(t, 'dependency-groups');
  if (groups?.t === 'map') for (const [, list] of groups.entries) pyList(list, 'dev', lines, deps);
  pyList(at(t, 'tool', 'uv', 'dev-dependencies'), 'dev', lines, deps);
  const pdm = at(t, 'tool', 'pdm', 'dev-dependencies');
  if (pdm?.t === 'map') for (const [, list] of pdm.entries) pyList(list, 'dev', lines, deps);
  poetryTable(at(t, 'tool', 'poetry', 'dependencies'), 'prod', deps);
  poetryTable(at(t, 'tool', 'poetry', 'dev-dependencies'), 'dev', deps);
  const pgroups = at(t, 'tool', 'poetry', 'group');
  if (pgroups?.t === 'map') for (const [group, g] of pgroups.entries) poetryTable(at(g, 'dependencies'), group === 'main' ? 'prod' : 'dev', deps);
  return { ecosystem: 'pypi', deps };
}

function pipfile(text: string): Manifest | null {
  const t = parseTomlTree(text);
  if (!t) return null;
  const deps: Dep[] = [];
  poetryTable(at(t, 'packages'), 'prod', deps);
  poetryTable(at(t, 'dev-packages'), 'dev', deps);
  return { ecosystem: 'pypi', deps };
}

/** `install_requires=[…]` and `extras_require` of a setup.py (literal lists only; nothing is executed). */
function setupPy(text: string): Manifest | null {
  const lines = splitLines(text);
  const deps: Dep[] = [];
  const lists: [RegExp, DepScope][] = [[/install_requires\s*=\s*\[([\s\S]*?)\]/, 'prod'], [/tests_require\s*=\s*\[([\s\S]*?)\]/, 'dev']];
  for (const [re, scope] of lists) {
    const m = re.exec(text);
    if (!m) continue;
    for (const q of m[1].matchAll(/["']([^"']+)["']/g)) {
      const r = pep508(q[1]);
      if (r) deps.push({ key: pyKey(r.name), name: r.name, spec: r.spec, line: quotedLine(lines, r.name), scope });
    }
  }
  return deps.length || /install_requires/.test(text) ? { ecosystem: 'pypi', deps } : null;
}

// ——— Deno / Dart / Elixir / sbt ———

/** deno.json `imports`: `"x": "npm:x@^2"` / `"jsr:@std/path@^1.0.0"`. */
function denoJson(text: string): Manifest | null {
  const root = parseJsonTree(text);
  const imports = at(root ?? undefined, 'imports');
  if (!root || imports?.t !== 'map') return root ? { ecosystem: 'npm', deps: [] } : null;
  const deps: Dep[] = [];
  for (const [, v] of imports.entries) {
    const m = /^(?:npm|jsr):(@?[^@]+)(?:@(.+))?$/.exec(str(v) ?? '');
    if (m) deps.push({ key: m[1].toLowerCase(), name: m[1], spec: m[2] ?? '', line: v.line, scope: 'prod' });
  }
  return { ecosystem: 'npm', deps };
}

function pubspec(text: string): Manifest | null {
  const docs = parseYamlDocs(text);
  const root = docs?.[0];
  if (!root) return null;
  const deps: Dep[] = [];
  for (const [section, scope] of [['dependencies', 'prod'], ['dev_dependencies', 'dev']] as const) {
    const node = at(root, section);
    if (node?.t !== 'map') continue;
    for (const [name, v] of node.entries) {
      if (name === 'flutter' || name === 'flutter_test') continue;
      deps.push({ key: name.toLowerCase(), name, spec: str(v) ?? str(at(v, 'version')) ?? '', line: v.line, scope });
    }
  }
  return { ecosystem: 'npm', deps };
}

/** mix.exs deps: `{:phoenix, "~> 1.7"}`, `{:credo, "~> 1.7", only: [:dev, :test]}`. */
function mixExs(text: string): Manifest {
  const deps: Dep[] = [];
  splitLines(text).forEach((l, i) => {
    const m = /\{\s*:([a-z_0-9]+)\s*,\s*"([^"]*)"([^}]*)\}/.exec(l);
    if (!m) return;
    const dev = /only:\s*(\[\s*)?:(dev|test)\b/.test(m[3]) && !/:prod/.test(m[3]);
    deps.push({ key: m[1], name: m[1], spec: m[2], line: i + 1, scope: dev ? 'dev' : 'prod' });
  });
  return { ecosystem: 'gem', deps };
}

/** sbt: `"org" %% "name" % "1.2.3" % Test`. */
function sbt(text: string): Manifest {
  const deps: Dep[] = [];
  splitLines(text).forEach((l, i) => {
    for (const m of l.matchAll(/"([\w.\-]+)"\s*%%?%?\s*"([\w.\-]+)"\s*%\s*"([^"]+)"(\s*%\s*"?(Test|test|IntegrationTest|it)"?)?/g)) {
      deps.push({ key: `${m[1]}:${m[2]}`.toLowerCase(), name: `${m[1]}:${m[2]}`, spec: m[3], line: i + 1, scope: m[4] ? 'dev' : 'prod' });
    }
  });
  return { ecosystem: 'maven', deps: dedupe(deps) };
}

// ——— Ruby ———

function gemfile(text: string): Manifest {
  const deps: Dep[] = [];
  // Stack of `do … end` blocks; true for a development/test-only group.
  const blocks: boolean[] = [];
  splitLines(text).forEach((raw, i) => {
    const l = raw.replace(/\s#.*$/, '').trim();
    if (l.startsWith('#') || !l) return;
    const group = /^group\s+(.+?)\s+do\b/.exec(l);
    if (group) {
      const names = [...group[1].matchAll(/:(\w+)|['"](\w+)['"]/g)].map((m) => m[1] ?? m[2]);
      blocks.push(names.length > 0 && names.every((n) => /^(development|test|ci|lint|rubocop|tools?)$/.test(n)));
      return;
    }
    if (/^end\b/.test(l)) {
      blocks.pop();
      return;
    }
    const gem = /^(?:gem|(?:s|spec|\w+)\.add_(runtime_|development_)?dependency)\s*(?:\(\s*)?['"]([^'"]+)['"]\s*((?:,\s*['"][^'"]*['"]\s*)*)(.*)$/.exec(l);
    if (gem) {
      const specs = [...gem[3].matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]).join(', ');
      const inlineDev = /\bgroups?:\s*(?:\[)?\s*(?::(?:development|test)\b|['"](?:development|test)['"])/.test(gem[4]) && !/production|default/.test(gem[4]);
      const dev = gem[1] === 'development_' || inlineDev || blocks.includes(true);
      deps.push({ key: gem[2].toLowerCase(), name: gem[2], spec: specs, line: i + 1, scope: dev ? 'dev' : 'prod' });
      return;
    }
    if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(l)) blocks.push(false);
  });
  return { ecosystem: 'gem', deps };
}

// ——— Go ———

/** `github.com/a/b/v3` → `github.com/a/b`; `gopkg.in/yaml.v3` → `gopkg.in/yaml`. */
export function goModuleBase(path: string): string {
  return path.replace(/\/v\d+$/, '').replace(/^(gopkg\.in\/.+)\.v\d+$/, '$1');
}

function goMod(text: string): Manifest {
  const deps: Dep[] = [];
  let inRequire = false;
  splitLines(text).forEach((raw, i) => {
    const l = raw.trim();
    if (/^require\s*\($/.test(l)) {
      inRequire = true;
      return;
    }
    if (inRequire && l === ')') {
      inRequire = false;
      return;
    }
    const m = inRequire ? /^(\S+)\s+(v\S+)(.*)$/.exec(l) : /^require\s+(\S+)\s+(v\S+)(.*)$/.exec(l);
    if (!m || /\/\/\s*indirect/.test(m[3])) return;
    deps.push({ key: goModuleBase(m[1]), name: m[1], spec: m[2], line: i + 1, scope: 'prod' });
  });
  return { ecosystem: 'go', deps };
}

// ——— Maven / Gradle ———

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function tagValue(block: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(block)?.[1];
}

function pomXml(text: string): Manifest {
  const clean = text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  const props = new Map<string, { value: string; line: number }>();
  const propsBlock = /<properties>([\s\S]*?)<\/properties>/.exec(clean);
  if (propsBlock) {
    const base = propsBlock.index + '<properties>'.length;
    for (const m of propsBlock[1].matchAll(/<([\w.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props.set(m[1], { value: m[2], line: lineAt(clean, base + m.index!) });
  }
  const deps: Dep[] = [];
  const add = (block: string, start: number, scope: DepScope, kind: string) => {
    const g = tagValue(block, 'groupId') ?? (kind === 'plugin' ? 'org.apache.maven.plugins' : undefined);
    const a = tagValue(block, 'artifactId');
    if (!a || !g) return;
    let spec = tagValue(block, 'version') ?? '';
    const versionAt = block.indexOf('<version>');
    let line = lineAt(clean, start + Math.max(0, versionAt >= 0 ? versionAt : block.indexOf('<artifactId>')));
    let via: string | undefined;
    const ref = /^\$\{([^}]+)\}$/.exec(spec);
    if (ref) {
      const p = props.get(ref[1]);
      if (p) {
        spec = p.value;
        line = p.line;
        via = ref[1];
      }
    }
    const testScope = tagValue(block, 'scope') === 'test';
    deps.push({ key: `${g}:${a}`.toLowerCase(), name: `${g}:${a}`, spec, line, scope: testScope ? 'dev' : scope, via });
  };
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(clean);
  if (parent) add(parent[1], parent.index + '<parent>'.length, 'prod', 'parent');
  // Plugins (and the dependencies inside them) are build tooling; blank them out before reading the app's dependencies.
  let app = clean;
  for (const m of clean.matchAll(/<plugin>([\s\S]*?)<\/plugin>/g)) {
    const start = m.index! + '<plugin>'.length;
    add(m[1].replace(/<dependencies>[\s\S]*?<\/dependencies>/, (c) => c.replace(/[^\n]/g, ' ')), start, 'build', 'plugin');
    for (const d of m[1].matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) add(d[1], start + d.index! + '<dependency>'.length, 'build', 'dependency');
    app = app.slice(0, m.index!) + m[0].replace(/[^\n]/g, ' ') + app.slice(m.index! + m[0].length);
  }
  for (const m of app.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) add(m[1], m.index! + '<dependency>'.length, 'prod', 'dependency');
  return { ecosystem: 'maven', deps: dedupe(deps) };
}

const GRADLE_CONFIG = /^(\w*?)(implementation|api|compileOnly|runtimeOnly|compile|runtime|annotationProcessor|kapt|ksp|classpath|developmentOnly|testFixturesImplementation|testFixturesApi|coreLibraryDesugaring|lintChecks|detektPlugins|platform|enforcedPlatform)$/i;

function gradle(text: string): Manifest {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const lines = splitLines(clean).map((l) => l.replace(/(^|\s)\/\/.*$/, ''));
  // Simple string variables: ext { x = '1' }, def x = '1', val x = "1", ext.x = '1', extra["x"] = "1", set("x", "1").
  const vars = new Map<string, { value: string; line: number }>();
  lines.forEach((l, i) => {
    for (const m of l.matchAll(/(?:\b(?:def|val|var|ext\.|extra\.)\s*|^\s*|set\(\s*["'])([A-Za-z_][\w.]*)["']?\s*(?:=|,)\s*["']([^"'$]+)["']/g)) vars.set(m[1].replace(/^(ext|extra)\./, ''), { value: m[2], line: i + 1 });
    const extra = /extra\[\s*["']([\w.]+)["']\s*\]\s*=\s*["']([^"'$]+)["']/.exec(l);
    if (extra) vars.set(extra[1], { value: extra[2], line: i + 1 });
  });
  const deps: Dep[] = [];
  const resolve = (spec: string, line: number): { spec: string; line: number; via?: string } => {
    const ref = /^\$\{?([\w.]+?)\}?$/.exec(spec) ?? /^\$\{(?:rootProject\.|project\.)?(?:ext\.)?([\w.]+)\}$/.exec(spec);
    if (ref) {
      const name = ref[1].replace(/^(rootProject|project)\.(ext\.)?/, '').replace(/^(versions|libs)\./, '');
      const v = vars.get(ref[1]) ?? vars.get(name);
      if (v) return { spec: v.value, line: v.line, via: ref[1] };
    }
    return { spec, line };
  };
  lines.forEach((l, i) => {
    const conf = /^\s*(\w+)(?:\s*\(\s*|[^\S ]*[ ]\s*)(?:(?:platform|enforcedPlatform)\s*\(\s*)?["']([^"':\s]+):([^"':\s]+)(?::([^"'@\s]+))?(?:@\w+)?["']/.exec(l);
    if (conf && GRADLE_CONFIG.test(conf[1])) {
      const r = resolve(conf[4] ?? '', i + 1);
      deps.push({ key: `${conf[2]}:${conf[3]}`.toLowerCase(), name: `${conf[2]}:${conf[3]}`, spec: r.spec, line: r.line, scope: gradleScope(conf[1], `${conf[2]}:${conf[3]}`), via: r.via });
      return;
    }
    const map = /^\s*(\w+)\s*(?:\(\s*)?group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']\s*(?:,\s*version\s*[:=]\s*["']([^"']+)["'])?/.exec(l);
    if (map && GRADLE_CONFIG.test(map[1])) {
      const r = resolve(map[4] ?? '', i + 1);
      deps.push({ key: `${map[2]}:${map[3]}`.toLowerCase(), name: `${map[2]}:${map[3]}`, spec: r.spec, line: r.line, scope: gradleScope(map[1], `${map[2]}:${map[3]}`), via: r.via });
      return;
    }
    const plugin = /^\s*(?:id\s*(?:\(\s*)?["']([\w.-]+)["'](?:\s*\))?|kotlin\s*\(\s*["']([\w.-]+)["']\s*\))\s*version\s*(?:\(\s*)?["']([^"']+)["']/.exec(l);
    if (plugin) {
      const name = plugin[1] ?? `org.jetbrains.kotlin.${plugin[2]}`;
      const r = resolve(plugin[3], i + 1);
      deps.push({ key: name.toLowerCase(), name, spec: r.spec, line: r.line, scope: BUILD_ONLY_PLUGIN.test(name) ? 'build' : 'prod', via: r.via });
    }
  });
  return { ecosystem: 'maven', deps: dedupe(deps) };
}

/** Gradle plugins that only lint, format, report or test (framework plugins such as Spring Boot or Kotlin shape the app). */
const BUILD_ONLY_PLUGIN = /spotless|detekt|ktlint|jacoco|sonar|versions|test-logger|dependency-check|dependencycheck|benchmark|kover|dokka|checkstyle|pmd|spotbugs|errorprone|license|owasp|gradle-enterprise|develocity|foojay|nexus|publish|signing|maven-publish/i;

function gradleScope(config: string, name: string): DepScope {
  if (/^(test|androidTest|integrationTest|testFixtures|debug)/i.test(config) || /^(lintChecks|detektPlugins)$/i.test(config)) return 'dev';
  if (/^(classpath|kapt|ksp|annotationProcessor)$/i.test(config)) return 'build';
  return TEST_LIB.test(name) ? 'dev' : 'prod';
}

function versionCatalog(text: string): Manifest | null {
  const t = parseTomlTree(text);
  if (!t) return null;
  const versions = at(t, 'versions');
  const versionOf = (ref: string): { spec: string; line: number } | undefined => {
    const v = at(versions, ref);
    if (!v) return undefined;
    return { spec: str(v) ?? str(at(v, 'strictly')) ?? str(at(v, 'require')) ?? str(at(v, 'prefer')) ?? '', line: v.line };
  };
  const deps: Dep[] = [];
  const entry = (alias: string, v: CNode, kind: 'library' | 'plugin') => {
    let name: string | undefined;
    let spec = '';
    let line = v.line;
    let via: string | undefined;
    const s = str(v);
    if (s) {
      const parts = s.split(':');
      name = kind === 'plugin' ? parts[0] : parts.slice(0, 2).join(':');
      spec = (kind === 'plugin' ? parts[1] : parts[2]) ?? '';
    } else {
      name = str(at(v, 'module')) ?? str(at(v, 'id')) ?? (str(at(v, 'group')) && str(at(v, 'name')) ? `${str(at(v, 'group'))}:${str(at(v, 'name'))}` : undefined);
      const ver = at(v, 'version');
      const ref = str(at(ver, 'ref')) ?? str(at(v, 'version.ref'));
      if (ref) {
        const r = versionOf(ref);
        if (r) {
          spec = r.spec;
          line = r.line;
          via = ref;
        }
      } else spec = str(ver) ?? str(at(ver, 'strictly')) ?? str(at(ver, 'require')) ?? str(at(ver, 'prefer')) ?? '';
    }
    if (!name) name = alias;
    deps.push({ key: name.toLowerCase(), name, spec, line, scope: kind === 'plugin' ? (BUILD_ONLY_PLUGIN.test(name) ? 'build' : 'prod') : TEST_LIB.test(name) ? 'dev' : 'prod', via });
  };
  const libs = at(t, 'libraries');
  if (libs?.t === 'map') for (const [alias, v] of libs.entries) entry(alias, v, 'library');
  const plugins = at(t, 'plugins');
  if (plugins?.t === 'map') for (const [alias, v] of plugins.entries) entry(alias, v, 'plugin');
  return { ecosystem: 'maven', deps: dedupe(deps) };
}

// ——— Cargo ———

function cargo(text: string): Manifest | null {
  const t = parseTomlTree(text);
  if (!t) return null;
  const deps: Dep[] = [];
  const table = (node: CNode | undefined, scope: DepScope) => {
    if (node?.t !== 'map') return;
    for (const [alias, v] of node.entries) {
      if (at(v, 'workspace') && str(at(v, 'workspace')) === 'true') continue;
      const name = str(at(v, 'package')) ?? alias;
      const spec = str(v) ?? str(at(v, 'version')) ?? '';
      deps.push({ key: name.toLowerCase(), name, spec, line: v.line, scope });
    }
  };
  const sections = (root: CNode | undefined) => {
    table(at(root, 'dependencies'), 'prod');
    table(at(root, 'dev-dependencies'), 'dev');
    table(at(root, 'build-dependencies'), 'build');
  };
  sections(t);
  table(at(t, 'workspace', 'dependencies'), 'prod');
  const target = at(t, 'target');
  if (target?.t === 'map') for (const [, cfg] of target.entries) sections(cfg);
  return { ecosystem: 'cargo', deps: dedupe(deps) };
}

// ——— NuGet ———

function nuget(path: string, text: string): Manifest {
  const clean = text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  const testProject = /(^|[/.])(tests?|specs?|[\w.]*\.(unit|integration|functional)?tests?)\.(cs|fs|vb)proj$/i.test(path) || /<IsTestProject>\s*true/i.test(clean);
  const deps: Dep[] = [];
  const re = /<(PackageReference|PackageVersion|GlobalPackageReference|package)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const m of clean.matchAll(re)) {
    const attrs = m[2];
    const name = /\b(?:Include|Update|id)\s*=\s*"([^"]+)"/i.exec(attrs)?.[1];
    if (!name) continue;
    const spec = /\b(?:Version|VersionOverride|version)\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? (m[4] ? tagValue(m[4], 'Version') : undefined) ?? '';
    if (spec.includes('$(')) continue;
    const dev = testProject || /PrivateAssets\s*=\s*"all"/i.test(attrs) || /<PrivateAssets>\s*all/i.test(m[4] ?? '');
    deps.push({ key: name.toLowerCase(), name, spec, line: lineAt(clean, m.index!), scope: dev ? 'dev' : 'prod' });
  }
  return { ecosystem: 'nuget', deps: dedupe(deps) };
}

/** First declaration of a key wins, with the most significant scope seen for it. */
function dedupe(deps: Dep[]): Dep[] {
  const rank: Record<DepScope, number> = { prod: 0, optional: 1, peer: 2, build: 3, dev: 4 };
  const byKey = new Map<string, Dep>();
  for (const d of deps) {
    const prev = byKey.get(d.key);
    if (!prev) byKey.set(d.key, { ...d });
    else {
      if (rank[d.scope] < rank[prev.scope]) prev.scope = d.scope;
      if (!prev.spec && d.spec) {
        prev.spec = d.spec;
        prev.line = d.line;
        prev.via = d.via;
      }
    }
  }
  return [...byKey.values()];
}
