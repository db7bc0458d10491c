import type { Change, Finding } from '../types';
import type { Analyzer } from './analyzer';
import { parseDockerfile, parseImageRef } from './formats/dockerfile';
import { baseName, isDockerfile, splitLines } from './formats/files';
import { parseJsonTree } from './formats/json';
import { parseTomlTree } from './formats/toml';
import { at, str, type CNode } from './formats/tree';
import { minVersion } from './formats/versions';

/** One runtime version a file pins (`node:20` in a Dockerfile, `20.11.1` in `.nvmrc`). */
export interface RuntimePin {
  /** Display name: "Node.js", "Python", "Java". */
  runtime: string;
  /** The version as written (`20`, `>=3.9`, `net8.0`). */
  version: string;
  line: number;
  /** What distinguishes several pins of one runtime in a file (Dockerfile stage, tool name). */
  slot: string;
}

/** Node.js LTS code names (`lts/hydrogen`, `node:iron-alpine`). */
const NODE_CODENAMES: Record<string, string> = {
  argon: '4', boron: '6', carbon: '8', dubnium: '10', erbium: '12', fermium: '14', gallium: '16', hydrogen: '18', iron: '20', jod: '22', krypton: '24',
};

/**
 * How many version components make a release that needs attention: Node.js and Java
 * majors; Python 3.11 → 3.12, Go 1.21 → 1.22 and friends are releases too.
 */
const SIGNIFICANT_PARTS: Record<string, number> = {
  'Node.js': 1, Java: 1, Deno: 1, Erlang: 1, Python: 2, Ruby: 2, Go: 2, PHP: 2, Rust: 2, Elixir: 2, Bun: 2, '.NET': 2, Swift: 2, Dart: 2, Perl: 2,
};

/** Docker image repositories (last path segment, or full path) of language runtimes. */
const IMAGE_RUNTIMES: [RegExp, string][] = [
  [/^(.*\/)?node$/, 'Node.js'],
  [/^(.*\/)?python$/, 'Python'],
  [/^(.*\/)?ruby$/, 'Ruby'],
  [/^(.*\/)?(golang|go)$/, 'Go'],
  [/^(.*\/)?(openjdk|eclipse-temurin|amazoncorretto|ibm-semeru-runtimes|sapmachine|zulu-openjdk(-alpine|-debian)?|liberica-openjdk-[a-z]+|java)$/, 'Java'],
  [/^(.*\/)?php$/, 'PHP'],
  [/^(.*\/)?rust$/, 'Rust'],
  [/^(.*\/)?elixir$/, 'Elixir'],
  [/^(.*\/)?erlang$/, 'Erlang'],
  [/^oven\/bun$/, 'Bun'],
  [/^denoland\/deno$/, 'Deno'],
  [/^dotnet\/(core\/)?(sdk|aspnet|runtime|runtime-deps)$/, '.NET'],
  [/^(.*\/)?swift$/, 'Swift'],
  [/^(.*\/)?dart$/, 'Dart'],
  [/^(.*\/)?perl$/, 'Perl'],
];

/** asdf / mise tool names. */
const TOOL_NAMES: Record<string, string> = {
  nodejs: 'Node.js', node: 'Node.js', python: 'Python', ruby: 'Ruby', golang: 'Go', go: 'Go', java: 'Java', php: 'PHP', rust: 'Rust',
  elixir: 'Elixir', erlang: 'Erlang', bun: 'Bun', deno: 'Deno', dotnet: '.NET', 'dotnet-core': '.NET',
};

/** The runtime and version a Docker image reference names, if it is a language runtime image. */
export function imageRuntime(ref: string): { runtime: string; version: string } | null {
  const img = parseImageRef(ref);
  const repo = img.repository.toLowerCase();
  // Red Hat UBI style: ubi9/nodejs-20, ubi8/python-311.
  const ubi = /(?:^|\/)(nodejs|python|ruby|php|openjdk|go-toolset)-(\d+)(?:-[a-z-]+)?$/.exec(repo);
  if (ubi) {
    const rt = { nodejs: 'Node.js', python: 'Python', ruby: 'Ruby', php: 'PHP', openjdk: 'Java', 'go-toolset': 'Go' }[ubi[1]]!;
    const v = rt === 'Python' || rt === 'Ruby' || rt === 'PHP' ? ubi[2].replace(/^(\d)(\d+)$/, '$1.$2') : ubi[2];
    return { runtime: rt, version: v };
  }
  const tag = img.tag ?? '';
  // Build-tool images carry the JDK in the tag: maven:3.9-eclipse-temurin-17.
  if (/^(.*\/)?(maven|gradle)$/.test(repo)) {
    const jdk = /(?:temurin|jdk|openjdk|corretto|zulu|sapmachine|semeru)-?(\d+)/.exec(tag);
    return jdk ? { runtime: 'Java', version: jdk[1] } : null;
  }
  for (const [re, runtime] of IMAGE_RUNTIMES) {
    if (!re.test(repo)) continue;
    const version = tagVersion(runtime, tag);
    return version ? { runtime, version } : null;
  }
  return null;
}

function tagVersion(runtime: string, tag: string): string | null {
  const t = tag.toLowerCase();
  if (runtime === 'Node.js') {
    const code = /^(?:lts-)?([a-z]+)(?:-|$)/.exec(t);
    if (code && NODE_CODENAMES[code[1]]) return NODE_CODENAMES[code[1]];
  }
  if (runtime === 'Java') {
    const u = /^(\d+)u\d+/.exec(t);
    if (u) return u[1];
  }
  const m = /^v?(\d+(?:\.\d+){0,2})/.exec(t);
  return m ? m[1] : null;
}

/** The comparable part of a version ("3.11" for Python 3.11.4); null when it names no version. */
function significant(runtime: string, version: string, parts = SIGNIFICANT_PARTS[runtime] ?? 2): number[] | null {
  let v = version.trim().toLowerCase();
  if (runtime === 'Node.js') {
    const code = /^(?:lts\/)?([a-z]+)$/.exec(v);
    if (code && NODE_CODENAMES[code[1]]) v = NODE_CODENAMES[code[1]];
  }
  if (runtime === '.NET') {
    // Target frameworks: net8.0, netcoreapp3.1, net48.
    const tfm = /^net(?:coreapp)?(\d+)\.(\d+)/.exec(v) ?? /^net(\d)(\d)\d?$/.exec(v);
    if (tfm) return [Number(tfm[1]), Number(tfm[2])].slice(0, parts);
  }
  if (/[<>=~^!]/.test(v) || /,|\|\|/.test(v)) {
    const min = minVersion(v, 'npm') ?? minVersion(v, 'pypi');
    if (!min) return null;
    v = `${min.major}.${min.minor}`;
  }
  const m = /(\d+)(?:\.(\d+))?/.exec(v.replace(/^(v|go|python-|ruby-|jruby-|java|jdk|openjdk)/, ''));
  if (!m) return null;
  let nums = [Number(m[1]), ...(m[2] !== undefined ? [Number(m[2])] : [])];
  if (runtime === 'Java' && nums[0] === 1 && nums.length > 1) nums = [nums[1]];
  return nums.slice(0, parts);
}

/** True when two versions of a runtime are different releases (compared at the precision both give). */
export function runtimeChanged(runtime: string, from: string, to: string): boolean {
  const a = significant(runtime, from);
  const b = significant(runtime, to);
  if (!a || !b) return false;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return true;
  return false;
}

/** Runtime pins of a file, by its name; empty for files that pin none. */
export function runtimePins(path: string, text: string): RuntimePin[] {
  const name = baseName(path).toLowerCase();
  const pins: RuntimePin[] = [];
  const firstLine = (runtime: string): RuntimePin[] => {
    const lines = splitLines(text);
    const i = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    return i < 0 ? [] : [{ runtime, version: lines[i].trim(), line: i + 1, slot: '' }];
  };
  if (isDockerfile(path)) {
    const df = parseDockerfile(text);
    const stageNames = new Set(df.stages.map((s) => s.name).filter(Boolean));
    for (const s of df.stages) {
      if (stageNames.has(s.image.toLowerCase())) continue;
      const rt = imageRuntime(s.image);
      if (rt) pins.push({ runtime: rt.runtime, version: rt.version, line: s.line, slot: s.name ?? `#${s.index}` });
    }
    return pins;
  }
  if (name === '.nvmrc' || name === '.node-version') return firstLine('Node.js');
  if (name === '.ruby-version') return firstLine('Ruby');
  if (name === '.python-version') return firstLine('Python');
  if (name === '.java-version') return firstLine('Java');
  if (name === '.go-version') return firstLine('Go');
  if (name === '.bun-version') return firstLine('Bun');
  if (name === 'rust-toolchain') {
    const t = parseTomlTree(text);
    const ch = t ? str(at(t, 'toolchain', 'channel')) : undefined;
    if (ch) return [{ runtime: 'Rust', version: ch, line: lineMatching(text, /channel/) ?? 1, slot: '' }];
    return firstLine('Rust');
  }
  if (name === 'rust-toolchain.toml') {
    const ch = str(at(parseTomlTree(text) ?? undefined, 'toolchain', 'channel'));
    return ch ? [{ runtime: 'Rust', version: ch, line: lineMatching(text, /^\s*channel\s*=/) ?? 1, slot: '' }] : [];
  }
  if (name === 'runtime.txt') {
    const m = /^\s*(python|ruby|java|php|node)-?(\S+)/im.exec(text);
    if (!m) return [];
    const rt = { python: 'Python', ruby: 'Ruby', java: 'Java', php: 'PHP', node: 'Node.js' }[m[1].toLowerCase()]!;
    return [{ runtime: rt, version: m[2], line: lineMatching(text, /\S/) ?? 1, slot: '' }];
  }
  if (name === '.tool-versions') {
    splitLines(text).forEach((l, i) => {
      const m = /^\s*([\w-]+)\s+(\S+)/.exec(l);
      if (m && !l.trim().startsWith('#') && TOOL_NAMES[m[1]]) pins.push({ runtime: TOOL_NAMES[m[1]], version: m[2], line: i + 1, slot: m[1] });
    });
    return pins;
  }
  if (name === '.sdkmanrc') {
    const m = /^\s*java\s*=\s*(\S+)/m.exec(text);
    return m ? [{ runtime: 'Java', version: m[1], line: lineMatching(text, /^\s*java\s*=/) ?? 1, slot: '' }] : [];
  }
  if (name === 'mise.toml' || name === '.mise.toml' || name === '.rtx.toml') {
    const t = parseTomlTree(text);
    const tools = at(t ?? undefined, 'tools');
    if (tools?.t === 'map') {
      for (const [k, v] of tools.entries) {
        const ver = str(v) ?? str(at(v, 'version')) ?? (v.t === 'seq' ? str(v.items[0]) : undefined);
        if (TOOL_NAMES[k] && ver) pins.push({ runtime: TOOL_NAMES[k], version: ver, line: v.line, slot: k });
      }
    }
    return pins;
  }
  if (name === 'global.json') {
    const v = at(parseJsonTree(text) ?? undefined, 'sdk', 'version');
    return str(v) ? [{ runtime: '.NET', version: str(v)!, line: v!.line, slot: '' }] : [];
  }
  if (name === 'package.json') {
    const t = parseJsonTree(text) ?? undefined;
    for (const [keys, slot] of [[['engines', 'node'], 'engines'], [['volta', 'node'], 'volta']] as const) {
      const v = at(t, ...keys);
      if (str(v)) pins.push({ runtime: 'Node.js', version: str(v)!, line: v!.line, slot });
    }
    return pins;
  }
  if (name === 'go.mod' || name === 'go.work') {
    const lines = splitLines(text);
    const i = lines.findIndex((l) => /^go\s+\d/.test(l));
    if (i >= 0) pins.push({ runtime: 'Go', version: lines[i].trim().split(/\s+/)[1], line: i + 1, slot: '' });
    return pins;
  }
  if (name === 'pyproject.toml') {
    const t = parseTomlTree(text) ?? undefined;
    const candidates: [CNode | undefined, string][] = [[at(t, 'project', 'requires-python'), 'project'], [at(t, 'tool', 'poetry', 'dependencies', 'python'), 'poetry']];
    for (const [v, slot] of candidates) if (str(v)) pins.push({ runtime: 'Python', version: str(v)!, line: v!.line, slot });
    return pins;
  }
  if (name === 'pubspec.yaml') {
    const i = splitLines(text).findIndex((l) => /^\s+sdk:\s*/.test(l));
    const m = i >= 0 ? /sdk:\s*["']?([^"'#]+)/.exec(splitLines(text)[i]) : null;
    return m ? [{ runtime: 'Dart', version: m[1].trim(), line: i + 1, slot: '' }] : [];
  }
  if (name === 'mix.exs') {
    const i = splitLines(text).findIndex((l) => /\belixir:\s*"/.test(l));
    const m = i >= 0 ? /elixir:\s*"([^"]+)"/.exec(splitLines(text)[i]) : null;
    return m ? [{ runtime: 'Elixir', version: m[1], line: i + 1, slot: '' }] : [];
  }
  if (name === 'pipfile') {
    const t = parseTomlTree(text) ?? undefined;
    const v = at(t, 'requires', 'python_version') ?? at(t, 'requires', 'python_full_version');
    return str(v) ? [{ runtime: 'Python', version: str(v)!, line: v!.line, slot: '' }] : [];
  }
  if (name === 'setup.py' || name === 'setup.cfg') {
    const i = splitLines(text).findIndex((l) => /python_requires\s*=/.test(l));
    if (i < 0) return [];
    const m = /python_requires\s*=\s*['"]?([^'",\n]+)/.exec(splitLines(text)[i]);
    return m ? [{ runtime: 'Python', version: m[1].trim(), line: i + 1, slot: '' }] : [];
  }
  if (name === 'composer.json') {
    const t = parseJsonTree(text) ?? undefined;
    for (const [keys, slot] of [[['require', 'php'], 'require'], [['config', 'platform', 'php'], 'platform']] as const) {
      const v = at(t, ...keys);
      if (str(v)) pins.push({ runtime: 'PHP', version: str(v)!, line: v!.line, slot });
    }
    return pins;
  }
  if (name === 'gemfile' || name === 'gems.rb') {
    const i = splitLines(text).findIndex((l) => /^\s*ruby\s+['"]/.test(l));
    if (i >= 0) pins.push({ runtime: 'Ruby', version: /['"]([^'"]+)['"]/.exec(splitLines(text)[i])![1], line: i + 1, slot: '' });
    return pins;
  }
  if (name.endsWith('.gemspec')) {
    const i = splitLines(text).findIndex((l) => /required_ruby_version\s*=/.test(l));
    if (i >= 0) {
      const m = /required_ruby_version\s*=\s*(?:Gem::Requirement\.new\()?\s*['"]([^'"]+)['"]/.exec(splitLines(text)[i]);
      if (m) pins.push({ runtime: 'Ruby', version: m[1], line: i + 1, slot: '' });
    }
    return pins;
  }
  if (name === 'cargo.toml') {
    const t = parseTomlTree(text) ?? undefined;
    const v = at(t, 'package', 'rust-version') ?? at(t, 'workspace', 'package', 'rust-version');
    return str(v) ? [{ runtime: 'Rust', version: str(v)!, line: v!.line, slot: '' }] : [];
  }
  if (/\.(cs|fs|vb)proj$/.test(name) || name === 'directory.build.props') {
    splitLines(text).forEach((l, i) => {
      const m = /<TargetFrameworks?>([^<]+)<\/TargetFrameworks?>/.exec(l);
      if (m && !m[1].includes('$(')) pins.push({ runtime: '.NET', version: m[1].trim(), line: i + 1, slot: 'tfm' });
    });
    return pins.slice(0, 1);
  }
  if (name === 'pom.xml') {
    splitLines(text).forEach((l, i) => {
      const m = /<(java\.version|maven\.compiler\.release|maven\.compiler\.source|maven\.compiler\.target|jdk\.version|java\.release)>\s*([^<$]+?)\s*</.exec(l);
      if (m) pins.push({ runtime: 'Java', version: m[2], line: i + 1, slot: m[1] });
    });
    return pins;
  }
  if (name === 'build.gradle' || name === 'build.gradle.kts') {
    splitLines(text).forEach((l, i) => {
      const m =
        /\b(sourceCompatibility|targetCompatibility)\s*=\s*(?:JavaVersion\.VERSION_)?['"]?(\d+(?:[._]\d+)?)/.exec(l) ??
        /\b(jvmToolchain)\s*\(\s*(\d+)\s*\)/.exec(l) ??
        /\b(languageVersion)\b.*JavaLanguageVersion\.of\(\s*(\d+)\s*\)/.exec(l) ??
        /\b(jvmTarget)\s*(?:=|\.set\()\s*(?:JvmTarget\.JVM_)?['"]?(\d+(?:[._]\d+)?)/.exec(l);
      if (m) pins.push({ runtime: 'Java', version: m[2].replace('_', '.'), line: i + 1, slot: m[1] });
    });
    return pins;
  }
  return pins;
}

function lineMatching(text: string, re: RegExp): number | undefined {
  const i = splitLines(text).findIndex((l) => re.test(l));
  return i < 0 ? undefined : i + 1;
}

/**
 * `runtime-version-changed` for the pins of a modified file: a pin of the same runtime
 * in the same slot whose release changed (patch bumps are not runtime changes). One
 * finding per runtime and version pair, at its first line.
 */
export function runtimeFindings(change: Change, oldText: string | null, newText: string | null): Finding[] {
  if (oldText == null || newText == null) return [];
  const oldPins = runtimePins(change.oldPath ?? change.path, oldText);
  if (!oldPins.length) return [];
  const newPins = runtimePins(change.path, newText);
  const out: Finding[] = [];
  const seen = new Set<string>();
  const used = new Set<RuntimePin>();
  for (const np of newPins) {
    const op = oldPins.find((p) => p.runtime === np.runtime && p.slot === np.slot) ?? (oldPins.filter((p) => p.runtime === np.runtime).length === 1 && newPins.filter((p) => p.runtime === np.runtime).length === 1 ? oldPins.find((p) => p.runtime === np.runtime) : undefined);
    if (!op || used.has(op)) continue;
    used.add(op);
    if (op.version === np.version || !runtimeChanged(np.runtime, op.version, np.version)) continue;
    const key = `${np.runtime}\0${op.version}\0${np.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: 'runtime-version-changed', severity: 'warning', subject: np.runtime, line: np.line, message: `${np.runtime} ${op.version} → ${np.version}` });
  }
  return out;
}

/**
 * `runtime-version-changed` from Dockerfile base images, version files (`.nvmrc`,
 * `.ruby-version`, `.python-version`, `.tool-versions`, `rust-toolchain`, `global.json`…)
 * and manifests (`engines.node`, the `go` directive, `requires-python`, TargetFramework…).
 */
export const runtimeAnalyzer: Analyzer = {
  id: 'runtime',
  needsContent: true,
  analyze({ change, oldText, newText }) {
    return runtimeFindings(change, oldText, newText);
  },
};
