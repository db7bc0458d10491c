import { codeReads, hasBindingShape, type BoundPrefix, type CodeLang } from './envCode';
import { composedReads } from './envCompose';
import { isTemplateHaskellIO, scriptReads, type ScriptLang } from './envScript';
import { changedLineTests } from './formats/lines';
import { parseDotenv } from './formats/keyValue';
import type { Change } from '../types';
import { isDevToolFileName, isTestCodePath } from '../util/testPaths';
/**
 * Environment variables read by code, or declared by env files, Dockerfiles and
 * manifests, found in the changed lines of one file. The engine's cross-file env pass
 * (engine.ts) compares them with the base and head trees through `git grep`.
 *
 * Everything here is line-based, because hunks are: a line must be understood on its
 * own. Constructs that span lines (a multi-line destructuring of `process.env`, a
 * pydantic `BaseSettings` class with `env_prefix`, a YAML `environment:` block, a shell
 * variable assigned elsewhere in the script) use the whole file when the caller passes
 * it (`fullText`), and otherwise the contiguous changed lines around the line.
 */

export interface EnvRef {
  name: string;
  /** Line to report (the input line's `at`, else its `line`). */
  line: number;
  /** `set`: the repository writes the variable itself (`os.Setenv("X", v)`, `env["X"] = v`), for its own child processes: no operator setting. */
  kind: 'read' | 'declare' | 'set';
  /**
   * A read that supplies a default on the spot (`os.getenv("X", "d")`, `process.env.X ?? d`,
   * `${X:-d}`, `ENV.fetch("X") { d }`, a pydantic field with a default): the deployment
   * need not set it, so it is never "undeclared".
   */
  optional?: boolean;
  /** Found through a registry shape the profile learned (see EnvContext): its evidence. */
  via?: string;
  /** The default a read supplies, when it is a plain literal, as written (`"8080"`, `true`). */
  fallback?: string;
  /**
   * A compose file's entry for a service that runs an image without building it, when the image is
   * another project's (a library image such as `postgres`, `mariadb:lts`) or the name's first word
   * names the service or its image (`KAFKA_LISTENERS` under `kafka-broker`, `KEYCLOAK_USER` under
   * `jboss/keycloak`): the image's last path segment (`postgres`, `keycloak`). The engine keeps the
   * name only when the repository reads it or builds that image (composeServiceImage).
   */
  image?: string;
  /**
   * A settings struct's field that a binding composes into a name (envconfig's prefix + the field,
   * a serde field under a prefixed environment source, a Spring `@ConfigurationProperties` field
   * under relaxed binding: CodeRead.field), the name spelled nowhere in the file. The engine keeps
   * it as added only when the repository spells it somewhere at head (an env file, compose file,
   * chart or doc): every field of a settings struct is reachable through the environment, but a
   * field nobody names as a variable is a configuration-file setting first. Only an optional field
   * (a default, no `required`) is composed: a required one (envconfig's `required:"true"`, read from
   * the environment only) is a variable every deployment must set, named anywhere or not (review16 F6).
   */
  composed?: boolean;
}

/** One line to analyse. */
export interface EnvLine {
  /** 1-based line number; with `fullText`, the line's number in that text. */
  line: number;
  text: string;
  /** Line to report instead of `line` (removed lines: where the removal shows in the new file). */
  at?: number;
}

export interface ExtractOptions {
  /**
   * The whole file the lines come from (the new file for added lines, the old file for
   * removed lines, with `line` numbered in it). Gives class/block context; ignored when
   * the lines do not match it.
   */
  fullText?: string | null;
  /**
   * Presence mode (the base/head `git grep` check): report every read or declaration,
   * even in files whose env use is not deployment-relevant (build configs, scripts,
   * docs examples). Over-reporting presence only makes "added"/"removed" stricter.
   */
  presence?: boolean;
  /** What the repository profile learned about how this repository reads its environment. */
  context?: EnvContext;
}

/**
 * Env registry facts learned by the repository profile (profile/), handed to the extractor
 * so it stays pure: which functions read an env var named by their argument, and whether
 * this file is an env registry (reads the whole environment, then names keys).
 */
export interface EnvContext {
  /** Functions that read the env var their argument names (`envbool`, `get_var_from_path_or_env`). */
  readers?: readonly string[];
  /** True when this file reads the environment generically and names its keys (`switch key { case "X": }`). */
  registry?: boolean;
  /** Where the profile learned it, for messages ("internal/config/parser.go:84"). */
  evidence?: string;
  /** The package's config loader binds every key to the environment by a prefix (viper `SetEnvPrefix`). */
  boundPrefix?: BoundPrefix;
  /** A Dockerfile copies the file into the container image: deployed, even in a `scripts/` folder. */
  inImage?: boolean;
}

/** Env files: .env, .env.example, .env.production, app.env, env.example, .envrc, .flaskenv. */
const ENV_FILE_PATHSPECS = [
  ':(glob)**/.env*',
  ':(glob)**/*.env',
  ':(glob)**/env.example',
  ':(glob)**/env.sample',
  ':(glob)**/env.template',
  ':(glob)**/.flaskenv',
  ':(glob)**/*.sysconfig',
  ':(glob)**/*.profile',
  ':(glob)**/*.sysconfig.*',
  ':(glob)**/sysconfig/*',
  ':(glob)**/debian/*.default',
];

/** Pathspecs (git's syntax) of files that declare or document env vars (`env-var-undeclared`). */
export const ENV_DECLARATION_PATHSPECS: string[] = [
  ...ENV_FILE_PATHSPECS,
  // compose, Kubernetes, Helm values, serverless, app.yaml, render.yaml, CI env
  ':(glob)**/*.yml',
  ':(glob)**/*.yaml',
  // Helm helpers, Jinja/Nomad/other templates
  ':(glob)**/*.tpl',
  ':(glob)**/*.j2',
  ':(glob)**/*.nomad',
  // Terraform / HCL
  ':(glob)**/*.tf',
  ':(glob)**/*.tfvars',
  ':(glob)**/*.hcl',
  // fly.toml, netlify.toml, wrangler.toml; app.json (Heroku), task definitions
  ':(glob)**/*.toml',
  ':(glob)**/*.json',
  ':(glob)**/*.jsonc',
  // Dockerfile ENV/ARG
  ':(glob)**/Dockerfile*',
  ':(glob)**/Containerfile*',
  ':(glob)**/*.dockerfile',
  // systemd units, Procfile, properties/ini/conf (Spring, supervisord, nginx templates)
  ':(glob)**/*.service',
  ':(glob)**/Procfile*',
  ':(glob)**/*.properties',
  ':(glob)**/*.ini',
  ':(glob)**/*.cfg',
  ':(glob)**/*.conf',
  // docs: README, CHANGELOG, docs/
  ':(glob)**/*.md',
  ':(glob)**/*.mdx',
  ':(glob)**/*.rst',
  ':(glob)**/*.adoc',
  ':(glob)**/*.txt',
];

/**
 * Fixed strings (substring, not whole-word) such that every line of a code file in which
 * `extractEnvRefs` finds a read contains at least one: the engine's head index greps them.
 * Not covered (they need class/block context, or carry no marker): pydantic settings
 * fields, envalid/zod schema keys, members of a multi-line `process.env` destructuring.
 */
export const ENV_READ_NEEDLES: string[] = ['env', 'ENV', 'Env', 'ysconfig', 'config(', '$_SERVER', ':system', '@Value', '@ConfigProperty', '@Property', 'onfiguration[', 'GetValue', 'GetSection(', 'GetConnectionString('];

/**
 * Pathspecs of files where `extractEnvRefs` finds env names without an "env" marker on
 * the line (`X=`, `- name: X`, `X: v` under `environment:`, `${X}`, `$X`, `ARG X`).
 */
export const ENV_NAME_PATHSPECS: string[] = [
  ...ENV_FILE_PATHSPECS,
  ':(glob)**/*.yml',
  ':(glob)**/*.yaml',
  ':(glob)**/*.tpl',
  ':(glob)**/*.properties',
  ':(glob)**/*.toml',
  ':(glob)**/*.conf',
  ':(glob)**/*.cfg',
  ':(glob)**/*.ini',
  // settings templates named after their target (`settings.json.docker`, `config.yml.dist`)
  ':(glob)**/*.json.*',
  ':(glob)**/*.yml.*',
  ':(glob)**/*.yaml.*',
  ':(glob)**/*.template',
  ':(glob)**/*.j2',
  ':(glob)**/*.service',
  ':(glob)**/app.json',
  ':(glob)**/*task*def*.json',
  ':(glob)**/*.sh',
  ':(glob)**/*.bash',
  ':(glob)**/*entrypoint*',
  ':(glob)**/Dockerfile*',
  ':(glob)**/Containerfile*',
  ':(glob)**/*.dockerfile',
  // Haskell: envparse's `var str "X"` carries no env marker
  ':(glob)**/*.hs',
];

/**
 * Pathspecs of executables without an extension (`bin/app`, a container's `cont-init.d/10-app`):
 * every file whose name has no dot. Their `#!` line says how to read them (langOf: 'script'); a
 * line of one is read on its own like a `.sh` line (reads with a default or a required mark).
 */
export const ENV_SCRIPT_PATHSPECS: string[] = [':(glob)**', ':(exclude,glob)**/*.*'];

/** True for an executable without an extension that env extraction reads (ENV_SCRIPT_PATHSPECS, less NOT_SCRIPT_NAMES). */
export function isScriptPath(path: string): boolean {
  return langOf(path) === 'script';
}

/**
 * Variables every platform, shell or CI sets, or that a toolchain defines: a new read of
 * one is no deployment action. Compared upper-cased.
 */
const UBIQUITOUS = new Set([
  // POSIX / shells
  'PATH', 'HOME', 'USER', 'USERNAME', 'LOGNAME', 'PWD', 'OLDPWD', 'SHELL', 'SHLVL', 'TERM', 'TERM_PROGRAM', 'COLORTERM',
  'LANG', 'LANGUAGE', 'TMPDIR', 'TMP', 'TEMP', 'HOSTNAME', 'EDITOR', 'VISUAL', 'PAGER', 'IFS', 'PS1', 'PS2', 'PS3', 'PS4',
  'RANDOM', 'SECONDS', 'LINENO', 'UID', 'EUID', 'PPID', 'OSTYPE', 'HOSTTYPE', 'MACHTYPE', 'OPTARG', 'OPTIND', 'REPLY',
  'PIPESTATUS', 'FUNCNAME',
  // Windows
  'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMFILES', 'PROGRAMDATA', 'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC',
  'PATHEXT', 'HOMEDRIVE', 'HOMEPATH', 'PROCESSOR_ARCHITECTURE', 'COMPUTERNAME',
  // runtime mode switches set by every deployment of the framework
  'NODE_ENV', 'RAILS_ENV', 'RACK_ENV', 'MIX_ENV',
  // CI providers
  'CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_REF_NAME', 'GITHUB_REF_TYPE',
  'GITHUB_WORKSPACE', 'GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_RUN_ID', 'GITHUB_RUN_NUMBER', 'GITHUB_RUN_ATTEMPT',
  'GITHUB_REPOSITORY', 'GITHUB_REPOSITORY_OWNER', 'GITHUB_SERVER_URL', 'GITHUB_API_URL', 'GITHUB_GRAPHQL_URL',
  'GITHUB_STEP_SUMMARY', 'GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_HEAD_REF', 'GITHUB_BASE_REF', 'GITHUB_ACTOR',
  'GITHUB_JOB', 'GITHUB_WORKFLOW', 'GITHUB_ACTION', 'GITLAB_CI', 'TRAVIS', 'CIRCLECI', 'JENKINS_URL', 'BUILDKITE', 'TF_BUILD',
  'APPVEYOR', 'BUILD_NUMBER', 'RUNNER_OS', 'RUNNER_TEMP', 'RUNNER_ARCH',
  // toolchains
  'VIRTUAL_ENV', 'CONDA_PREFIX', 'PYTHONPATH', 'JAVA_HOME', 'GOPATH', 'GOROOT', 'GOOS', 'GOARCH', 'GOFLAGS', 'OUT_DIR',
  // orchestrators set these for every container
  // (the kubelet also injects the API service's Docker-link style KUBERNETES_PORT and KUBERNETES_PORT_443_TCP*)
  'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'KUBERNETES_SERVICE_PORT_HTTPS', 'KUBERNETES_PORT',
  // a launcher's own argv[0], handed down by a wrapper script (`os.getenv('ARGV0') or 'apicast'`)
  'ARGV0',
  // set by test runners, and by hosting platforms themselves for every deployment
  'JEST_WORKER_ID', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'PYTEST_CURRENT_TEST', 'NEXT_RUNTIME', 'NEXT_PHASE',
  'VERCEL', 'VERCEL_ENV', 'VERCEL_URL', 'VERCEL_REGION', 'NETLIFY', 'RENDER', 'DYNO', 'FLY_APP_NAME', 'FLY_REGION',
  'FLY_ALLOC_ID', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'FUNCTION_TARGET', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', 'WEBSITE_SITE_NAME',
  // what systemd passes to every service it starts (sd_notify, socket activation, watchdog, unit folders)
  'NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID', 'LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES', 'INVOCATION_ID',
  'JOURNAL_STREAM', 'MAINPID', 'MANAGERPID', 'SYSTEMD_EXEC_PID', 'RUNTIME_DIRECTORY', 'STATE_DIRECTORY', 'CACHE_DIRECTORY',
  'LOGS_DIRECTORY', 'CONFIGURATION_DIRECTORY', 'CREDENTIALS_DIRECTORY',
  // a build's toolchain switches (compilers, linker, make, pkg-config) and the dynamic loader's search paths:
  // read by build and CI scripts, and by programs that start others; never a setting of the program itself
  'CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'LDLIBS', 'MAKEFLAGS', 'MAKE_FLAGS', 'MAKELEVEL', 'PKG_CONFIG_PATH', 'PKG_CONFIG_LIBDIR',
  'LD_LIBRARY_PATH', 'LD_LIBRARY_PATH_32', 'LD_LIBRARY_PATH_64', 'LD_PRELOAD', 'DYLD_LIBRARY_PATH', 'DYLD_FALLBACK_LIBRARY_PATH',
  'DYLD_INSERT_LIBRARIES', 'LIBPATH', 'SHLIB_PATH',
  // what Docker Compose and the Docker CLI / BuildKit read themselves (the project name, the compose files, the
  // build front end): they configure the tool that starts the containers, not the program in them. Seen in the
  // .env files operators copy (AzuraCast's azuracast.env, Mailu's mailu.env, Ghostfolio's .env.example) and in
  // release scripts (Lemmy, Dokku). DOCKER_HOST / DOCKER_CONFIG stay: programs that drive Docker read them.
  // COMPOSE_PROFILES stays too: a profile set in the env file operators copy decides which services run (review13 F13).
  'COMPOSE_API_VERSION', 'COMPOSE_CONVERT_WINDOWS_PATHS', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME', 'COMPOSE_STATUS_STDOUT',
  'COMPOSE_ENV_FILES', 'COMPOSE_MENU', 'COMPOSE_EXPERIMENTAL', 'COMPOSE_PARALLEL_LIMIT', 'COMPOSE_IGNORE_ORPHANS', 'COMPOSE_REMOVE_ORPHANS',
  'COMPOSE_PATH_SEPARATOR', 'COMPOSE_ANSI', 'COMPOSE_HTTP_TIMEOUT', 'COMPOSE_TLS_VERSION', 'COMPOSE_DOCKER_CLI_BUILD', 'COMPOSE_BAKE',
  'DOCKER_BUILDKIT', 'DOCKER_DEFAULT_PLATFORM', 'DOCKER_CLI_EXPERIMENTAL', 'DOCKER_CLI_HINTS', 'DOCKER_SCAN_SUGGEST', 'BUILDKIT_PROGRESS', 'BUILDKIT_INLINE_CACHE',
  // Docker BuildKit's predefined build args
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);
// (AWS_LAMBDA_: what the Lambda runtime sets for every function: its name, memory size, version, log group, runtime API)
const UBIQUITOUS_PREFIXES = ['LC_', 'XDG_', 'NPM_CONFIG_', 'NPM_PACKAGE_', 'NPM_LIFECYCLE_', 'CARGO_PKG_', 'CARGO_CFG_', 'CARGO_MANIFEST_', 'BASH_', 'AWS_LAMBDA_', 'KUBERNETES_PORT_'];
/** PHP's `$_SERVER` also holds the request: CGI variables are no deployment setting. */
const CGI_VAR = /^(HTTP_|REQUEST_|REMOTE_|SERVER_|SCRIPT_|PHP_|REDIRECT_|ORIG_)|^(QUERY_STRING|DOCUMENT_ROOT|PATH_INFO|PATH_TRANSLATED|CONTENT_TYPE|CONTENT_LENGTH|HTTPS|GATEWAY_INTERFACE|AUTH_TYPE|argv|argc)$/;

/**
 * Conventions a user sets to choose a program's behaviour, not set by the platform: colour
 * (no-color.org, FORCE_COLOR, CLICOLOR) and the XDG base folders. A program that starts reading
 * one has a new setting, always optional (unset is the default).
 */
const USER_CONVENTIONS = new Set(['NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'CLICOLOR_FORCE', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_DIRS', 'XDG_DATA_DIRS']);

/** True for a variable every platform/CI/toolchain sets (never reported). */
export function isUbiquitousEnvVar(name: string): boolean {
  const u = name.toUpperCase();
  return UBIQUITOUS.has(u) || (UBIQUITOUS_PREFIXES.some((p) => u.startsWith(p)) && !USER_CONVENTIONS.has(u));
}

/** A name read through an explicit env API (`getenv("x")`): any identifier. */
const EXPLICIT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * A name recognised by its shape only (YAML keys, shell, `${X}`): upper case, after at most one
 * underscore (Appwrite's `_APP_DOMAIN` settings; the JVM's `_JAVA_OPTIONS`).
 */
const IMPLICIT_NAME = /^_?[A-Z][A-Z0-9_]*$/;

function explicitOk(name: string): boolean {
  return name.length >= 2 && EXPLICIT_NAME.test(name) && !isUbiquitousEnvVar(name);
}
function implicitOk(name: string): boolean {
  return IMPLICIT_NAME.test(name) && (name.length >= 3 || name.includes('_')) && !/^_+$/.test(name) && !isUbiquitousEnvVar(name);
}

// ─── file kinds ──────────────────────────────────────────────────────────────

export type Lang =
  | 'js' | 'py' | 'rb' | 'go' | 'jvm' | 'scala' | 'cs' | 'php' | 'rs' | 'ex' | 'c' | 'sh'
  | 'dockerfile' | 'envfile' | 'yaml' | 'properties' | 'toml' | 'json' | 'systemd' | 'conf'
  // Perl, Clojure, Erlang, Lua, Haskell (envScript.ts); an executable without an extension (its `#!` line decides)
  | 'pl' | 'clj' | 'erl' | 'lua' | 'hs' | 'script';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `.env`, `.env.example`, `app.env`, `env.sample`, `.envrc`, `.flaskenv`. */
export function isEnvFilePath(path: string): boolean {
  const b = baseName(path).toLowerCase();
  if (b === '.env' || b === '.envrc' || b === '.flaskenv') return true;
  // The environment file a service is started with: RHEL `/etc/sysconfig/NAME` (shipped as
  // `NAME.sysconfig` or in a `sysconfig/` folder), Debian `debian/NAME.default`.
  // A profile a start script sources (`etc/artemis.profile`: `NAME='value'` lines).
  if (b.endsWith('.profile') && b.length > 8) return true;
  // (each pattern's file name first: most paths end here without running either)
  if (b.endsWith('.sysconfig') || (!b.includes('.') && /(^|\/)sysconfig\/[^/.]+$/i.test(path)) || (b.endsWith('.default') && /(^|\/)debian\/[^/]+\.default$/i.test(path))) return true;
  if (b.startsWith('.env.')) return !/\.(m?[jt]sx?|cjs|py|rb|go|php|d\.ts)$/.test(b);
  if (/^env\.(example|sample|template|dist|defaults?|local|tmpl|tpl)$/.test(b)) return true;
  return b.endsWith('.env') && b.length > 4;
}

/** `.env.example`-style files: their values are examples, not deployed settings. */
export function isExampleEnvPath(path: string): boolean {
  const b = baseName(path).toLowerCase();
  return /(^|[.\-_])(example|sample|template|dist|tmpl|tpl|defaults?|schema)([.\-_]|$)/.test(b);
}

/** docker-compose.yml, compose.yaml, docker-compose.prod.yml, compose.override.yml. */
export function isComposePath(path: string): boolean {
  return /^(docker-)?compose([.\-_][\w.\-]+)?\.ya?ml$/i.test(baseName(path));
}

/** Kubernetes manifests, Helm charts/values, kustomize overlays (by path). */
export function isManifestPath(path: string): boolean {
  const p = path.toLowerCase();
  if (!/\.(ya?ml|tpl)$/.test(p)) return false;
  if (/(^|\/)values([.\-_][\w.\-]+)?\.ya?ml$/.test(p)) return true;
  return /(^|\/)(k8s|kube|kubernetes|manifests?|charts?|helm|helmfile\.d|kustomize|kustomization|overlays|openshift|deploy|deployments?|argocd|flux)(\/|$)/.test(p) || /(^|\/)kustomization\.ya?ml$/.test(p);
}

function isCiPath(path: string): boolean {
  // `.ci/` holds a CI's own compose files and scripts (its services' credentials, image tags); Cirrus, AppVeyor, Semaphore, TeamCity configure CI services too
  return /(^|\/)action\.ya?ml$/.test(path) || /(^|\/)(\.github|\.gitea|\.forgejo|\.circleci|\.gitlab|\.buildkite|\.woodpecker|\.drone|\.ci|\.semaphore|\.teamcity|\.azure|\.azure-pipelines|\.travis|\.jenkins|\.tekton)(\/|$)|(^|\/)(\.gitlab-ci|\.travis|azure-pipelines|bitbucket-pipelines|\.drone|\.?appveyor|\.cirrus|cloudbuild|codecov|\.pre-commit-config|\.golangci|\.goreleaser|renovate|dependabot|mkdocs|\.readthedocs)\.ya?ml$/i.test(path);
}

/** Languages by path: every changed file and every grep hit asks, often for the same path. */
const langCache = new Map<string, Lang | null>();

function langOf(path: string): Lang | null {
  let lang = langCache.get(path);
  if (lang === undefined) {
    if (langCache.size > 100_000) langCache.clear();
    langCache.set(path, (lang = langOfUncached(path)));
  }
  return lang;
}

/** True when extractEnvRefs can find anything in the file at `path` (its language is known). */
export function hasEnvLanguage(path: string): boolean {
  return langOf(path) !== null;
}

/** Files without an extension that are no executable script (an executable's `#!` line decides the rest). */
const NOT_SCRIPT_NAMES = /^(makefile|gnumakefile|license|licence|copying|notice|authors|contributors|changes|changelog|news|readme|todo|install|codeowners|owners|procfile|jenkinsfile|vagrantfile|brewfile|podfile|fastfile|caddyfile|justfile|manifest|version|maintainers|patents|thanks|credits|history|\..*)$/;

function langOfUncached(path: string): Lang | null {
  const b = baseName(path);
  const lb = b.toLowerCase();
  if (isEnvFilePath(path)) return 'envfile';
  if (lb === 'dockerfile' || lb === 'containerfile' || lb.startsWith('dockerfile.') || lb.startsWith('containerfile.') || lb.endsWith('.dockerfile')) return 'dockerfile';
  if (/^(gemfile|rakefile|capfile|guardfile|vagrantfile)$/.test(lb)) return 'rb';
  if (/entrypoint/.test(lb) && !lb.includes('.')) return 'sh';
  if (lb.endsWith('.d.ts') || lb.endsWith('.d.mts') || lb.endsWith('.d.cts')) return null;
  const dot = lb.lastIndexOf('.');
  if (dot < 0) return NOT_SCRIPT_NAMES.test(lb) ? null : 'script';
  const ext = lb.slice(dot + 1);
  // A build template named after what it becomes (`icinga2.sysconfig.cmake`, `entrypoint.sh.in`,
  // `app.service.in`): CMake's configure_file and autoconf fill in `@VAR@`; the format is the inner name's.
  if (ext === 'cmake' || ext === 'in') {
    const inner = path.slice(0, path.length - ext.length - 1);
    return baseName(inner).includes('.') ? langOfUncached(inner) : null;
  }
  switch (ext) {
    case 'js': case 'jsx': case 'mjs': case 'cjs': case 'ts': case 'tsx': case 'mts': case 'cts':
    case 'vue': case 'svelte': case 'astro':
      return 'js';
    case 'py': case 'pyw': return 'py';
    case 'rb': case 'rake': case 'ru': case 'erb': case 'jbuilder': return 'rb';
    case 'go': return 'go';
    case 'java': case 'kt': case 'kts': case 'groovy': return 'jvm';
    case 'scala': case 'sc': return 'scala';
    case 'cs': case 'fs': case 'vb': return 'cs';
    case 'php': return 'php';
    case 'rs': return 'rs';
    case 'ex': case 'exs': case 'eex': case 'heex': return 'ex';
    case 'c': case 'h': case 'cc': case 'cpp': case 'cxx': case 'hpp': case 'hh': return 'c';
    case 'pl': case 'pm': case 'psgi': case 'cgi': return 'pl';
    case 'clj': case 'cljc': return 'clj';
    case 'erl': case 'hrl': case 'escript': return 'erl';
    case 'lua': return 'lua';
    case 'hs': return 'hs';
    case 'sh': case 'bash': case 'zsh': case 'ksh': return 'sh';
    case 'yml': case 'yaml': return 'yaml';
    case 'properties': return 'properties';
    case 'toml': return 'toml';
    case 'json': return 'json';
    case 'service': case 'socket': case 'timer': return 'systemd';
    case 'conf': case 'ini': case 'cfg': case 'template': case 'tpl': case 'j2': return 'conf';
    case 'docker': case 'dist': case 'example': case 'sample': case 'default': case 'defaults': case 'tmpl': case 'orig': {
      // A settings template named after its target (`settings.json.docker`, `config.yml.dist`):
      // read as the format inside, data formats only (code templates are not deployed as such).
      const inner = lb.slice(0, dot);
      const d = inner.lastIndexOf('.');
      const innerExt = d < 0 ? '' : inner.slice(d + 1);
      return /^(json|ya?ml|toml|ini|conf|cfg|properties)$/.test(innerExt) ? langOfUncached(path.slice(0, path.length - (lb.length - dot))) : null;
    }
    default: return null;
  }
}

/**
 * Files whose env reads matter to developers, not to deployments: build-tool configs,
 * docs examples, CI, release scripts, benchmarks, browser e2e suites. Their reads are
 * not reported as added/removed (but count as presence).
 */
export function isEnvNoisePath(path: string): boolean {
  let noise = noiseCache.get(path);
  if (noise === undefined) {
    if (noiseCache.size > 100_000) noiseCache.clear();
    noiseCache.set(path, (noise = isEnvNoisePathUncached(path)));
  }
  return noise;
}

const noiseCache = new Map<string, boolean>();

/**
 * Extensions of the scripts a CI runs (shell, PowerShell, batch). Not a language applications are
 * written in: a Python module named for the CI service it integrates with (`app/integrations/jenkins.py`,
 * `app/ci.py`) is application code, and its reads are settings.
 */
const CI_SCRIPT_EXT = new Set(['sh', 'bash', 'zsh', 'ksh', 'ps1', 'psm1', 'cmd', 'bat']);
/** Words of a script's name that say CI runs it: `ci` or a CI service's name. */
const CI_WORDS = new Set(['ci', 'travis', 'appveyor', 'jenkins', 'circleci', 'buildkite']);
/**
 * Words of a script's name that say it runs the end-to-end or integration suite (`run-e2e.sh`, `make/e2e.sh`,
 * `nutshell_wallet_itest.sh`): the test cluster's switches (cert-manager's INGRESS_IP, KIND_IMAGE_*), not the operator's.
 */
const SUITE_WORDS = new Set(['e2e', 'itest', 'itests']);

/**
 * A script (see CI_SCRIPT_EXT, or no extension) whose name has `ci` or a CI service's name as a
 * word: `ci_build.sh`, `run-ci.sh`, `ci-tests.sh`, `ci.sh`, `travis_before_install.sh`, `bin/ci-test`.
 * `oci-login.sh`, `civic.sh` and a `ci.go` or `jenkins.py` source file are none. `b`: the base name, lower-cased.
 */
function isCiScriptName(b: string, words: Set<string> = CI_WORDS): boolean {
  const dot = b.lastIndexOf('.');
  if (dot > 0 && !CI_SCRIPT_EXT.has(b.slice(dot + 1))) return false;
  const stem = dot > 0 ? b.slice(0, dot) : b;
  return stem.split(/[-_.]/).some((w) => words.has(w));
}

function isEnvNoisePathUncached(path: string, inImage = false): boolean {
  const p = path.toLowerCase();
  const b = baseName(p);
  if (isCiPath(path)) return true;
  if (isTestCodePath(path)) return true;
  // test helpers outside the ignored test folders; dev/test-only env and compose files
  if (/(^|\/)(testing|test-?utils?|test-?helpers?|testutils?|mocks?|stubs?)\//.test(p) || /^(setup-?tests|test-?setup|jest\.setup|vitest\.setup)\.|\.stories\.[jt]sx?$/.test(b)) return true;
  // integration suites (a top-level `integration/` folder, `integration-tests/`, `itest/`) and mock servers (`mockoidc.go`)
  if (/^integration\/|(^|\/)(integration[-_]?tests?|itests?)\//.test(p) || /^(mock|fake)[a-z0-9_-]*\.[a-z]+$/.test(b)) return true;
  if (/^\.env\.(test|testing|development|dev|local|ci|e2e)(\.|$)/.test(b) || (isComposePath(path) && /[.\-_](dev|development|test|testing|local|ci|e2e|override|debug|gitpod|devcontainer|codespaces?)[.\-_]/.test(b))) return true;
  // hidden scripts (`.drone.sh`, `.cli.sh`): CI and developer helpers; a deployed entrypoint is not hidden
  if (/^\.[\w.-]+\.(sh|bash|zsh)$/.test(b)) return true;
  // a script named for CI (`ci_build.sh`, `run-ci.sh`, `ci-tests.sh`, `travis_before_install.sh`): the CI's switches
  if (isCiScriptName(b)) return true;
  // a script named for the end-to-end or integration suite (`run-e2e.sh`, `make/e2e.sh`, `wallet_itest.sh`): the test setup's switches
  if (isCiScriptName(b, SUITE_WORDS)) return true;
  // cloud development environments (Gitpod, Codespaces, Coder): a developer's workspace, not a deployment
  if (/^\.?(gitpod|codespaces?|coder)\.ya?ml$/.test(b)) return true;
  if (b.endsWith('.rake')) return true; // rake task arguments (`VERSION=… rake db:migrate`), not settings
  if (/(^|\/)(examples?|samples?|docs?|documentation|website|benchmarks?|bench|benches|e2e|cypress|playwright|storybook|\.storybook|stories|\.husky|\.vscode|\.devcontainer|\.idea|fastlane|demo|demos|playground|sandbox|hack)\//.test(p)) return true;
  // Scripts folders hold dev/release tooling; a container entrypoint or start script kept there is deployed.
  if (!inImage && /(^|\/)(scripts?|tools|tooling|build|buildscripts|ci)\//.test(p) && !(/(entrypoint|docker|start|boot|run|launch|deploy)/.test(b) && /(\.(sh|bash)|^[^.]+)$/.test(b))) return true;
  if (isDevToolFileName(b)) return true;
  // a script named for building the project (`build`, `build.sh`, `make.sh`, autotools' `configure`, `autogen.sh`,
  // `install-sh`, `depcomp`, libtool's `ltmain.sh`, `ar-lib`) or a build tool's wrapper (`gradlew`, `mvnw`): the
  // builder's switches, not the operator's (a vendored library's `ltmain.sh` reads AUTOCONF, DLLTOOL, LIPO…)
  if (/^(build|make|compile|bundle|configure|bootstrap|autogen|install-sh|missing|depcomp|libtool|ltmain|ar-lib|py-compile|mkinstalldirs|test-driver|ylwrap|gradlew|mvnw)(\.(sh|bash|zsh|ps1|cmd|bat))?$/.test(b) || b === 'config.guess' || b === 'config.sub') return true;
  // Lua and Haskell build scripts (premake, xmake, Cabal's Setup.hs, Shake's Shakefile.hs or a shake/ folder's
  // Build.hs): like build.rs and setup.py, they read the builder's SDK paths and flags, not the operator's settings
  if (/^(premake\d*|xmake)\.lua$/.test(b) || /^(setup|shakefile)\.l?hs$/.test(b) || (b === 'build.hs' && /(^|\/)shake\//.test(p))) return true;
  if (/(^|\/)\.cargo\//.test(p)) return true;
  return false;
}

const TEST_PATH = /(^|\/)(tests?|tst|spec|specs|__tests__|__mocks__|testdata|test-?data|fixtures?|e2e)\/|[._-](test|spec)s?\.[a-z]+$|_test\.go$|Tests?\.(php|java|kt|cs|scala)$|(^|\/)test_[^/]*\.py$/i;

/**
 * True when a write of an env var at `path` counts as the repository setting it for a child
 * process: not in tests, fixtures, CI or dev tooling (a test's `putenv("X=…")` sets up the
 * test, the variable stays an operator's setting).
 */
export function envSetCounts(path: string): boolean {
  return !TEST_PATH.test(path) && !isEnvNoisePath(path);
}

/** A Clojure line read with its file: a schema entry (`[:key {…} type]`), a spec, an env read, a prefix. */
const CLJ_CONTEXT_LINE = /\[:[a-z][\w-]*\s*[{:[]|s\/def\s|getenv|\benv\b|prefix/;

/** A line that can only be read with its surroundings: a member of a multi-line destructuring or schema (JS). */
const JS_CONTEXT_LINE = /^\s*(?:[A-Za-z_$][\w$]*\s*(?::\s*[\w$]+)?\s*(?:=\s*[^,]*)?,?|\}\s*=\s*(?:process\.env|import\.meta\.env)\b.*|[A-Z][A-Z0-9_]*\s*:.*)\s*$/;
/** A class attribute (pydantic settings field) or a settings-class marker (Python). */
const PY_CONTEXT_LINE = /^\s+[A-Za-z_]\w*\s*:\s*[^=]+(?:=.*)?$|BaseSettings|env_prefix|model_config|class Config\b/;

/**
 * True when `extractEnvRefs` is more accurate with the whole file (`fullText`). With the
 * changed lines given, JS and Python files need it only when a changed line needs its
 * surroundings; reading both sides of every changed source file would cost a large
 * range more than its whole diff.
 */
export function envNeedsFullText(path: string, changedLines?: Iterable<string>, context?: EnvContext): boolean {
  const lang = langOf(path);
  if (context?.registry && lang) return true;
  // A field of a Rust settings struct under a prefixed environment source: its key path is in the file.
  if (lang === 'rs' && context?.boundPrefix?.serde) return !changedLines || [...changedLines].some((l) => RS_FIELD_LINE.test(l));
  if (lang === 'sh' || lang === 'yaml' || lang === 'toml' || lang === 'envfile') return true;
  // An executable without an extension: its `#!` line says how to read it.
  if (lang === 'script') return !changedLines || [...changedLines].some((l) => l.includes('ENV{') || l.includes('${') || l.includes('getenv') || SHELL_VAR.test(l));
  // A Clojure config namespace: a schema entry, a spec or an env read needs the file's prefix.
  if (lang === 'clj') return !changedLines || [...changedLines].some((l) => CLJ_CONTEXT_LINE.test(l));
  // A Haskell read may sit in a Template Haskell splice's helper (isTemplateHaskellIO), and an envparse `X.var`
  // may be of an alias (`import qualified Env as X`): the imports say.
  if (lang === 'hs') return !changedLines || [...changedLines].some((l) => /\b(?:lookupEnv|getEnv|getEnvDefault|lookupEnvironment)\b|\w\.var\b/.test(l));
  // Lua: a `getenv` alias (`local getenv = os.getenv`) and the resty.env module shape need the file's head
  if (lang === 'lua') return !changedLines || [...changedLines].some((l) => /env/i.test(l));
  if (lang === 'pl' || lang === 'erl') return false;
  // A template may be a script (`#!` on its first line): an interpolation needs that line to be read.
  if (lang === 'conf') return !changedLines || [...changedLines].some((l) => l.includes('${'));
  // Options bound to the environment by a prefix set elsewhere in the file (.NET, click), click's `envvar=`.
  if ((lang === 'cs' || lang === 'py') && changedLines) for (const l of changedLines) if (OPTION_WORDS.test(l)) return true;
  if (lang !== 'js' && lang !== 'py') {
    // Constants holding env names, viper / Spring binding shapes: their meaning is in the file.
    if (!changedLines || !lang || !LEXED_LANGS.has(lang)) return false;
    for (const l of changedLines) if (UPPER_SNAKE_LITERAL.test(l) || BINDING_WORDS.test(l)) return true;
    // A field of a Go settings struct a loader may bind to the environment (envconfig): its name
    // comes from the struct's place in the file.
    if (lang === 'go' && SETTINGS_FILE.test(baseName(path))) for (const l of changedLines) if (GO_FIELD_LINE.test(l)) return true;
    return false;
  }
  if (!changedLines) return true;
  if (/env|config|settings/i.test(baseName(path))) return true;
  const re = lang === 'js' ? JS_CONTEXT_LINE : PY_CONTEXT_LINE;
  for (const l of changedLines) if (re.test(l)) return true;
  return false;
}

// ─── comments ────────────────────────────────────────────────────────────────

interface CommentStyle {
  /** Line comment markers. */
  line: string[];
  /** Only a comment when at line start or after whitespace (YAML, shell, env). */
  hashNeedsSpace?: boolean;
  block?: boolean;
}
const STYLE: Record<Lang, CommentStyle> = {
  js: { line: ['//'], block: true }, go: { line: ['//'], block: true }, jvm: { line: ['//'], block: true },
  scala: { line: ['//'], block: true }, cs: { line: ['//'], block: true }, rs: { line: ['//'], block: true },
  c: { line: ['//'], block: true }, php: { line: ['//', '#'], block: true },
  py: { line: ['#'] }, rb: { line: ['#'] }, ex: { line: ['#'] },
  sh: { line: ['#'], hashNeedsSpace: true }, dockerfile: { line: ['#'], hashNeedsSpace: true },
  envfile: { line: ['#'], hashNeedsSpace: true }, yaml: { line: ['#'], hashNeedsSpace: true },
  toml: { line: ['#'] }, properties: { line: [] }, json: { line: [] }, systemd: { line: [] }, conf: { line: [] },
  pl: { line: ['#'] }, clj: { line: [';'] }, erl: { line: ['%'] }, lua: { line: ['--'] }, hs: { line: ['--'] }, script: { line: ['#'], hashNeedsSpace: true },
};

const COMMENT_OR_QUOTE = /["'`/#]/;

/**
 * The code part of a line: line comments and single-line block comments removed,
 * string literals kept (env names live in them). Whole-line comments give ''.
 */
export function stripComment(text: string, lang: Lang): string {
  const t = text.trimStart();
  const style = STYLE[lang];
  if (lang === 'properties' && (t.startsWith('#') || t.startsWith('!'))) return '';
  if ((lang === 'systemd' || lang === 'conf') && (t.startsWith('#') || t.startsWith(';'))) return '';
  if (style.block && (t.startsWith('*') || t.startsWith('/*'))) {
    const end = t.indexOf('*/');
    if (end < 0) return '';
    return stripComment(t.slice(end + 2), lang);
  }
  if (lang === 'py' && /^("""|''')/.test(t)) return '';
  // Without a quote or comment character the loop below would copy the line as it is.
  if (!COMMENT_OR_QUOTE.test(text)) return text;
  // What is kept is copied in runs (text[from, i) at a time), never a character at a time:
  // a 1 MB quoted line appended to one character after another spent its time collecting garbage.
  let out = '';
  let from = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && !(quote === "'" && (lang === 'sh' || lang === 'yaml' || lang === 'envfile' || lang === 'dockerfile'))) i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || (ch === '`' && (lang === 'js' || lang === 'go' || lang === 'sh'))) {
      // A YAML/shell apostrophe inside a word (`don't`) is no quote.
      if (ch === "'" && (lang === 'yaml' || lang === 'envfile' || lang === 'dockerfile') && i > 0 && /\w/.test(text[i - 1])) continue;
      if (ch === "'" && lang === 'rs' && !/^'(\\.|[^'\\])'/.test(text.slice(i))) continue; // a Rust lifetime, not a char literal
      quote = ch;
      continue;
    }
    if (style.block && ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return out + text.slice(from, i);
      out += `${text.slice(from, i)} `;
      i = end + 1;
      from = end + 2;
      continue;
    }
    let isComment = false;
    for (const m of style.line) {
      if (!text.startsWith(m, i)) continue;
      if (m === '#' && style.hashNeedsSpace && i > 0 && !/\s/.test(text[i - 1])) continue;
      if (m === '#' && lang === 'sh' && text[i - 1] === '$') continue;
      if (m === '#' && (lang === 'rb' || lang === 'ex') && text[i + 1] === '{') continue;
      if (m === '//' && i > 0 && text[i - 1] === ':') continue; // a URL outside quotes
      isComment = true;
    }
    if (isComment) return out + text.slice(from, i);
  }
  return out + text.slice(from);
}

// ─── context: the whole file, or the contiguous changed lines ────────────────

interface Ctx {
  /** Lines of the context (0-based index); null marks a gap between changed runs. */
  lines: (string | null)[];
  /** Index in `lines` → reported line, for the lines to analyse. */
  targets: Map<number, number>;
  /** True when `lines` is the whole file. */
  whole: boolean;
  /** The YAML blocks of `lines` (yamlTree), read once when a YAML env entry first asks. */
  yaml?: YamlTree;
}

function buildCtx(lines: EnvLine[], fullText: string | null | undefined): Ctx {
  if (fullText != null) {
    const all = fullText.split(/\r?\n/);
    const targets = new Map<number, number>();
    let ok = true;
    for (const l of lines) {
      const i = l.line - 1;
      if (i < 0 || i >= all.length || all[i].trimEnd() !== l.text.replace(/\r$/, '').trimEnd()) {
        ok = false;
        break;
      }
      targets.set(i, l.at ?? l.line);
    }
    if (ok) return { lines: all, targets, whole: true };
  }
  const ctxLines: (string | null)[] = [];
  const targets = new Map<number, number>();
  let prev: number | null = null;
  for (const l of lines) {
    if (prev != null && l.line !== prev && l.line !== prev + 1) ctxLines.push(null);
    targets.set(ctxLines.length, l.at ?? l.line);
    ctxLines.push(l.text.replace(/\r$/, ''));
    prev = l.line;
  }
  return { lines: ctxLines, targets, whole: false };
}

// ─── the extractor ───────────────────────────────────────────────────────────

/**
 * Settings whose default changes in one file: a read with a literal default on a removed line
 * and a read of the same name with a different literal default on an added line (an existing
 * setting, so no "added"/"removed" finding; operators who rely on the default must hear of it).
 */
export function envDefaultChanges(refs: { added: readonly EnvRef[]; removed: readonly EnvRef[] }): { name: string; line: number; from: string; to: string }[] {
  const before = new Map<string, string>();
  for (const r of refs.removed) if (r.kind === 'read' && r.fallback !== undefined && !before.has(r.name)) before.set(r.name, r.fallback);
  if (before.size === 0) return [];
  const out: { name: string; line: number; from: string; to: string }[] = [];
  const seen = new Set<string>();
  for (const r of refs.added) {
    if (r.kind !== 'read' || r.fallback === undefined || seen.has(r.name)) continue;
    const from = before.get(r.name);
    if (from === undefined) continue;
    seen.add(r.name);
    if (literalValue(from) !== literalValue(r.fallback)) out.push({ name: r.name, line: r.line, from, to: r.fallback });
  }
  return out;
}

/** A literal's value for comparison: quotes of either kind removed (`'a'` and `"a"` are the same default). */
function literalValue(text: string): string {
  return /^(['"`]).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

class Collector {
  readonly refs: EnvRef[] = [];
  add(name: string, line: number, kind: EnvRef['kind'], optional = false, via?: string, fallback?: string, composed = false): void {
    if (USER_CONVENTIONS.has(name)) optional = true;
    const r: EnvRef = optional ? { name, line, kind, optional } : { name, line, kind };
    if (via) r.via = via;
    if (fallback !== undefined) r.fallback = fallback;
    if (composed) r.composed = true;
    this.refs.push(r);
  }
  /** One ref per name and line; a declaration wins over a read; optional only if every read is. */
  result(): EnvRef[] {
    if (this.refs.length === 0) return [];
    const byKey = new Map<string, EnvRef>();
    for (const r of this.refs) {
      const k = `${r.line}\0${r.name}${r.kind === 'set' ? '\0s' : ''}`;
      const prev = byKey.get(k);
      if (!prev || (prev.kind === 'read' && r.kind === 'declare')) byKey.set(k, { ...r });
      else if (prev.via && !r.via) {
        // A direct read on the line is the better explanation than a registry shape.
        const opt = prev.optional && r.optional;
        byKey.set(k, { ...r, ...(opt ? { optional: true } : {}) });
        if (!opt) delete byKey.get(k)!.optional;
      }
      else if (prev.kind === 'read' && r.kind === 'read') {
        if (prev.optional && !r.optional) delete prev.optional;
        if (prev.composed && !r.composed) delete prev.composed; // the name is spelled on the line after all
      }
    }
    return [...byKey.values()].sort((a, b) => a.line - b.line || a.name.localeCompare(b.name));
  }
}

/**
 * Env var reads and declarations in `lines` of the file at `path` (language chosen by
 * the file name). Matches inside comments are skipped; ubiquitous variables (PATH,
 * HOME, NODE_ENV, CI…) are never reported.
 */
export function extractEnvRefs(path: string, lines: EnvLine[], opts: ExtractOptions = {}): EnvRef[] {
  const refs = extractRefs(path, lines, opts);
  return refs.length ? withoutRefused(refs, lines, opts.fullText) : refs;
}

/** A message saying a setting is gone (not "deprecated": a deprecated setting still works). */
const REFUSAL = /\b(?:no longer (?:supported|used|read|recogni[sz]ed|honou?red|available|works?)|not supported any ?more|(?:has|have) been removed|(?:was|were) removed)\b/i;
const REFUSAL_WORDS = /longer|anymore|any more|removed/i;
const UPPER_WORD = /\b[A-Z][A-Z0-9_]{2,}\b/g;

/**
 * Settings read only to be refused: within 8 lines after a mention of X, a line naming X says it
 * is no longer supported (`if [[ -n ${PUID+x} ]]; then echo 'PUID is no longer supported'; exit 1`,
 * `var old = env.GetEnvironmentVariable("APP_DATA"); if (old != null) throw … "APP_DATA is no longer
 * supported"`). The program reads X only to stop: X is no setting any more. Linear: a bounded
 * look-back from each line that carries such a message.
 */
export function refusedEnvNames(text: string): Set<string> {
  const refused = new Set<string>();
  if (!REFUSAL_WORDS.test(text)) return refused;
  // One pass: the last line each upper-case word was seen on; a message line refuses the words
  // it names that were seen in the 8 lines before it.
  const lastSeen = new Map<string, number>();
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    const message = line.length <= 2000 && REFUSAL.test(line);
    for (const m of line.matchAll(UPPER_WORD)) {
      const seen = lastSeen.get(m[0]);
      if (message && seen !== undefined && seen < i && seen >= i - 8) refused.add(m[0]);
      lastSeen.set(m[0], i);
    }
    if (lastSeen.size > 100_000) lastSeen.clear();
  }
  return refused;
}

function withoutRefused(refs: EnvRef[], lines: EnvLine[], fullText: string | null | undefined): EnvRef[] {
  if (!refs.some((r) => r.kind === 'read')) return refs;
  const refused = refusedEnvNames(fullText ?? lines.map((l) => l.text).join('\n'));
  return refused.size ? refs.filter((r) => !(r.kind === 'read' && refused.has(r.name))) : refs;
}

function extractRefs(path: string, lines: EnvLine[], opts: ExtractOptions): EnvRef[] {
  const lang = langOf(path);
  if (!lang || lines.length === 0) return [];
  // Without the whole file, a JS ref needs one of these words on one of the lines (see
  // below): most changed JS files have none, and end here.
  if (lang === 'js' && opts.fullText == null && !lines.some((l) => JS_LINE_WORDS.test(l.text))) return [];
  if (!opts.presence && isEnvNoisePath(path) && !(opts.context?.inImage && !isEnvNoisePathUncached(path, true))) return [];
  if ((lang === 'yaml' || lang === 'json') && isCiPath(path)) return [];
  const ctx = buildCtx(lines, opts.fullText);
  const out = new Collector();
  const code = new Map<number, string>();
  // JS and Python lines are only searched for these words (every pattern of jsLine/pyLine
  // contains one, and a comment's removal cannot create one): skip the rest early.
  const needed = lang === 'js' ? JS_LINE_WORDS : lang === 'py' ? PY_LINE_WORDS : null;
  for (const i of ctx.targets.keys()) {
    const text = ctx.lines[i] ?? '';
    if (needed && !needed.test(text)) continue;
    code.set(i, stripComment(text, lang));
  }

  const lexed = LEXED_LANGS.has(lang) && !/\.(?:erb|eex|heex|leex)$/i.test(path);
  if (lang === 'pl' || lang === 'clj' || lang === 'erl' || lang === 'lua' || lang === 'hs' || lang === 'script') {
    const as = lang === 'script' ? scriptLanguage(ctx, opts.fullText) : lang;
    // An executable whose `#!` line names a shell is read as a `.sh` file is: with the whole
    // script at hand, a variable it reads and never assigns comes from the environment
    // (a container's `cont-init.d/10-app`, a `bin/app` launcher).
    if (as === 'sh') shellRefs(ctx, code, out, !opts.presence && !!opts.context?.inImage && isEnvNoisePath(path));
    else if (as === 'hs' && opts.fullText != null && isTemplateHaskellIO(opts.fullText)) return out.result();
    else if (as) scriptRefs(as, path, ctx, out);
    return out.result();
  }
  switch (lang) {
    case 'js':
      for (const [i, c] of code) jsSchemaLine(c, ctx.targets.get(i)!, out, /env|config|settings/i.test(baseName(path)));
      jsDestructuring(ctx, out);
      break;
    case 'py':
      pydanticSettings(ctx, out);
      break;
    case 'sh':
      // A script of a tooling-named folder that the image ships (`target/scripts/`): its helpers
      // share variables across sourced files, so only a read with a default or a required mark counts.
      shellRefs(ctx, code, out, !opts.presence && !!opts.context?.inImage && isEnvNoisePath(path));
      break;
    case 'yaml':
      yamlRefs(path, ctx, code, out);
      break;
    case 'toml':
      tomlRefs(path, ctx, code, out);
      break;
    case 'dockerfile': {
      // An image's own ENV/ARG needs no deploy action (the image sets it): presence only. With the
      // whole file, a continuation line declares only under an `ENV`; a line read alone is taken
      // for one (head's env index confirms it against the file: cache/lines.ts confirmFileRefs).
      const envLines = ctx.whole ? dockerEnvContinuations(ctx.lines) : null;
      if (opts.presence) for (const [i, c] of code) dockerfileLine(c, ctx.targets.get(i)!, out, !envLines || envLines.has(i));
      break;
    }
    case 'envfile': {
      // With the whole file, only lines where a dotenv entry starts (not the inside of a multi-line value).
      const starts = ctx.whole && opts.fullText != null ? new Set(parseDotenv(opts.fullText).map((e) => e.line - 1)) : null;
      for (const [i, c] of code) if (!starts || starts.has(i)) envFileLine(c, ctx.targets.get(i)!, out);
      commentedEntries(ctx, out);
      break;
    }
    case 'conf': {
      // A template that is a script (`AppRun.template`, `start.sh.j2` starting with `#!/bin/sh`):
      // read as the script it becomes, where `${HERE}` after `HERE=…` is the script's own variable.
      const as = ctx.whole && ctx.lines[0]?.startsWith('#!') ? scriptLanguage(ctx, opts.fullText) : null;
      if (as === 'sh') { shellRefs(ctx, code, out, true); break; }
      if (as) { scriptRefs(as, path, ctx, out); break; }
      for (const [i, c] of code) {
        configLine(c, ctx.targets.get(i)!, out);
        dotenvEntryLine(c, ctx.targets.get(i)!, out);
      }
      commentedEntries(ctx, out);
      break;
    }
    default:
      if (!lexed) for (const [i, c] of code) LINE_EXTRACTORS[lang]?.(c, ctx.targets.get(i)!, out, path);
  }
  if (lexed) lexedRefs(lang as CodeLang, path, ctx, opts, out);
  else if (CODE_LANGS.has(lang)) registryRefs(lang, ctx, opts, out);
  if (lang === 'py' && ctx.whole) composedRefs(path, ctx, out);
  return out.result();
}

/**
 * How to read an executable without an extension: by its `#!` line when the whole file is at
 * hand (Perl, or a shell: then only reads with a default or a required mark count); without it,
 * lines holding `$ENV{` are Perl.
 */
function scriptLanguage(ctx: Ctx, fullText: string | null | undefined): ScriptLang | 'sh' | null {
  if (ctx.whole && fullText != null) {
    const nl = fullText.indexOf('\n');
    return shebangLanguage(fullText.slice(0, nl < 0 ? fullText.length : nl));
  }
  // A line read alone (head's env index): the caller has checked the file's `#!` line
  // (hasScriptShebang); the line's own shape tells the language.
  if (ctx.lines.some((l) => l != null && l.includes('$ENV{'))) return 'pl';
  // A shell's read with a default or a required mark (`X=${X:-d}`, `${X:?}`).
  return ctx.lines.some((l) => l != null && SHELL_DEFAULT.test(l)) ? 'sh' : null;
}

/** The language an executable's `#!` line names (Perl, a shell, escript); null for any other first line. */
function shebangLanguage(firstLine: string): ScriptLang | 'sh' | null {
  const first = firstLine.slice(0, 200);
  if (!first.startsWith('#!')) return null;
  if (/\bperl\b/.test(first)) return 'pl';
  if (/\b(?:ba|da|k|z)?sh\b/.test(first)) return 'sh';
  if (/\bescript\b/.test(first)) return 'erl';
  return null;
}

/**
 * True when `firstLine`, the first line of an executable without an extension (isScriptPath),
 * is a `#!` line naming a language env extraction reads. Head's env index reads such a file's
 * lines only then: an extension-less note or doc (`NOTES`, `MIGRATING`, `docs/configuration`)
 * quoting `QUEUE_URL=${QUEUE_URL:?}` is no script that reads it.
 */
export function hasScriptShebang(firstLine: string): boolean {
  return shebangLanguage(firstLine) !== null;
}

const SCRIPT_OK = { explicit: explicitOk, registry: (n: string) => registryName(n) };

/** Names a Python config loader composes from a prefix and config keys (envCompose.ts), on the target lines. */
function composedRefs(path: string, ctx: Ctx, out: Collector): void {
  const reads = composedReads(path, ctx.lines.join('\n'), (n) => registryName(n));
  const untouched = new Set<string>();
  for (const r of reads) if (!ctx.targets.has(r.idx)) untouched.add(r.name);
  for (const r of reads) {
    const line = ctx.targets.get(r.idx);
    if (line !== undefined && !untouched.has(r.name)) out.add(r.name, line, 'read', r.optional, r.via, r.fallback);
  }
}

/** Reads of a Perl, Clojure, Erlang, Lua or Haskell file (envScript.ts), on the target lines. */
function scriptRefs(lang: ScriptLang, path: string, ctx: Ctx, out: Collector): void {
  const reads = scriptReads(lang, path, ctx.lines, ctx.whole, SCRIPT_OK);
  // A key the prefix shape also finds on a line the change did not touch (the schema and the
  // default map both name it) was there before and stays: not added, not removed.
  const untouched = new Set<string>();
  if (ctx.whole) for (const r of reads) if (r.via && !ctx.targets.has(r.idx)) untouched.add(r.name);
  for (const r of reads) {
    const line = ctx.targets.get(r.idx);
    if (line === undefined || (r.via && untouched.has(r.name))) continue;
    out.add(r.name, line, 'read', r.optional, r.via, r.fallback);
  }
}

/** A shell read of an upper-case variable with a default or a required mark (`${X:-d}`, `${X=d}`, `${X:?}`). */
const SHELL_DEFAULT = /\$\{[A-Z][A-Z0-9_]*:?[-=?]/;
/** A shell expansion of an upper-case variable without braces (`$APP_MODE`). */
const SHELL_VAR = /\$[A-Z]/;
/** A shell emptiness test of a variable (`-z "$X"`, `-n "${X}"`): the name is group 1 or 2. */
const SHELL_EMPTY_TEST = /(?:^|\s)-[zn]\s+"?(?:\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*))/g;
/** A quoted UPPER_SNAKE literal (`"SHOP_DATABASE_URL"`); each scan from a quote stops at the next quote. */
const UPPER_SNAKE_LITERAL = /["'`][A-Z][A-Z0-9]*_[A-Z0-9_]*["'`]/;
const OPTION_WORDS = /\b(?:Option|option|AddOption)\s*\(\s*["']--|\benvvar\s*=|onfiguration\s*\[/;
const BINDING_WORDS = /SetEnvPrefix|AutomaticEnv|ConfigurationProperties|envconfig\./;
/** A Rust struct field (`pub(crate) max_width: u16,`) or a serde attribute line. */
const RS_FIELD_LINE = /^\s*(?:pub(?:\([\w:]+\))?\s+)?[a-z_]\w*\s*:\s*[\w<]|^\s*#\[serde/;
/** A Go file named for settings, and an exported struct field line (`PProf bool \`default:"false"\``). */
const SETTINGS_FILE = /conf|setting|option|env/i;
const GO_FIELD_LINE = /^\s*[A-Z]\w*\s+[*\[\]\w.]+(?:\s+`[^`]*`)?(?:\s+\/\/.*)?\s*$/;

/** Code languages read through core/lex (envCode.ts); templates (ERB, EEx/HEEx) keep their line readers. */
const LEXED_LANGS = new Set<Lang>(['js', 'py', 'rb', 'go', 'jvm', 'scala', 'cs', 'php', 'rs', 'c', 'ex']);

const CODE_OK = {
  explicit: explicitOk,
  implicit: implicitOk,
  registry: (n: string) => registryName(n),
  cgi: (n: string) => CGI_VAR.test(n),
};

/** Reads of a code file, found in its tokens (envCode.ts), on the target lines. */
function lexedRefs(lang: CodeLang, path: string, ctx: Ctx, opts: ExtractOptions, out: Collector): void {
  const context = opts.context;
  const full = ctx.whole ? ctx.lines.join('\n') : null;
  let registry = context?.registry;
  if (registry === undefined && full != null) registry = readsWholeEnvironment(`x.${LANG_EXT[lang]}`, full) || hasBindingShape(full) || readsDefaultsByName(`x.${LANG_EXT[lang]}`, full) !== null;
  let readers = context?.readers ?? [];
  if (full != null && !context?.readers) readers = envReadersIn(`x.${LANG_EXT[lang]}`, full).map((r) => r.name);
  const generic = GENERIC_ENV_READ[lang];
  const constants = full != null && !!generic && generic.test(full);
  const reads = codeReads(lang, path, ctx.lines, { registry: !!registry, constants, readers, whole: ctx.whole, evidence: context?.evidence, boundPrefix: context?.boundPrefix }, CODE_OK);
  // A file that reads a name and also sets it (a default for itself, a test setting it up) does not
  // build a child's environment: its write is no "set by the repository".
  let readHere: Set<string> | null = null;
  /** The words of the context, once a registry read asks whether its name is spelled in the file (EnvRef.composed). */
  let words: Set<string> | null = null;
  for (const r of reads) {
    if (r.set) {
      readHere ??= new Set(reads.filter((x) => !x.set).map((x) => x.name));
      if (readHere.has(r.name)) continue;
    }
    const line = ctx.targets.get(r.idx);
    if (line === undefined) continue;
    out.add(r.name, line, r.set ? 'set' : 'read', r.optional, r.via, r.fallback, r.field === true && r.optional && !(words ??= wordsOf(ctx.lines)).has(r.name));
  }
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Every identifier-like word of `lines` (one linear scan per line). */
function wordsOf(lines: readonly (string | null)[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) if (l) for (const m of l.matchAll(WORD)) out.add(m[0]);
  return out;
}

const JS_LINE_WORDS = /env|Env|ENV|:/;
const PY_LINE_WORDS = /env|config/;

type LineExtractor = (code: string, line: number, out: Collector, path: string) => void;

/** Runs `re` (global) on `code` and adds group `group` of each match when `ok` accepts it. */
function scan(re: RegExp, code: string, line: number, out: Collector, kind: EnvRef['kind'], ok: (n: string) => boolean = explicitOk, skip?: (m: RegExpMatchArray) => boolean): void {
  // `re` is global and shared: exec from 0 (matchAll would clone it on every call).
  re.lastIndex = 0;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    if (m[0] === '') re.lastIndex++;
    const at = re.lastIndex;
    if (!skip?.(m)) {
      for (let g = 1; g < m.length; g++) {
        const n = m[g];
        if (n && ok(n)) {
          out.add(n, line, kind, kind === 'read' && hasDefault(code, m));
          break;
        }
      }
    }
    re.lastIndex = at;
  }
  re.lastIndex = 0;
}

/**
 * True when the read at `m` supplies a default: a second call argument (not `cast=`), a
 * fallback operator, an `unwrap_or`-style method, a Ruby `fetch` block, a `${X:-d}` /
 * `${X:d}` default, or an API that is optional by nature (`LookupEnv`, `option_env!`).
 */
function hasDefault(code: string, m: RegExpMatchArray): boolean {
  const text = m[0];
  if (/^\$\{/.test(text) || /%env\(/.test(text)) {
    const inner = text.replace(/^\$\{env:/, '${');
    return /^\$\{[A-Za-z_]\w*\s*(:?[-=]|:(?![?])|,)/.test(inner) && !/^\$\{[A-Za-z_]\w*:?\?/.test(inner);
  }
  if (/LookupEnv|option_env!|getOrDefault|\.has\(|key\?|has_key\?|include\?|member\?|__contains__/.test(text)) return true;
  const after = code.slice((m.index ?? 0) + text.length);
  if (/^['"`]?\s*,\s*(?!cast\b)[^\s)]/.test(after)) return true;
  if (/^['"`]?\s*[\])]?\s*(\|\||\?\?|\?:|\?\s+\S|\bor\b)/.test(after)) return true;
  if (/^['"`]?\s*[\])]?\s*\??\.\s*(unwrap_or\w*|getOrElse|orElse\w*|or_else|presence|ok\(\)\s*\.\s*unwrap_or\w*)\b/.test(after)) return true;
  if (/^['"`]?\s*\)\s*(\{|do\b)/.test(after)) return true;
  return false;
}

/** An assignment right after a match (`x = 1`, not `x == 1`, `x => …`). */
function assignedAfter(code: string, m: RegExpMatchArray): boolean {
  return /^\s*(\?\?|\|\||&&)?=(?![=>])/.test(code.slice((m.index ?? 0) + m[0].length));
}

/** envalid (`API_KEY: str()`), and env schemas (`API_KEY: z.string()`) keyed by upper-case names. */
const JS_ENVALID = /^\s*['"]?([A-Z][A-Z0-9_]+)['"]?\s*:\s*(?:str|bool|num|port|url|host|email|json|makeValidator)\s*\(/;
const JS_ZOD_KEY = /^\s*['"]?([A-Z][A-Z0-9_]+)['"]?\s*:\s*z\s*\.\s*(?:string|number|boolean|enum|coerce|url|literal|union|preprocess|optional)\b/;

/** envalid / zod env schemas: upper-case keys of a schema object (one line each). */
function jsSchemaLine(code: string, line: number, out: Collector, envSchemaFile: boolean): void {
  const e = JS_ENVALID.exec(code) ?? (envSchemaFile ? JS_ZOD_KEY.exec(code) : null);
  if (e && implicitOk(e[1])) out.add(e[1], line, 'read');
}

const DESTRUCTURE_END = /\}\s*=\s*(?:process\??\.env|Bun\.env|import\.meta\.env|Deno\.env\.toObject\(\s*\))\b/;
const DESTRUCTURE_ONE = /\{([^{}]*)\}\s*=\s*(?:process\??\.env|Bun\.env|import\.meta\.env|Deno\.env\.toObject\(\s*\))\b/g;

/** Member names of a destructuring pattern's text (`A, B: b, C = 'x', ...rest`). */
function destructuredNames(text: string): { name: string; optional: boolean }[] {
  const names: { name: string; optional: boolean }[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*['"]?([A-Za-z_$][\w$]*)['"]?\s*(?::|=|$)/.exec(part);
    if (m && !part.trim().startsWith('...')) names.push({ name: m[1], optional: /=/.test(part) });
  }
  return names;
}

/** `const { A, B: b } = process.env`, on one line or spread over several. */
function jsDestructuring(ctx: Ctx, out: Collector): void {
  // Both patterns name an env object ("process.env", "Bun.env"…): lines without "env" are skipped.
  for (const [i, line] of ctx.targets) {
    const raw = ctx.lines[i] ?? '';
    // DESTRUCTURE_ONE needs a `}` too, and stripping a comment adds none.
    if (!raw.includes('env') || !raw.includes('}')) continue;
    const text = stripComment(raw, 'js');
    for (const m of text.matchAll(DESTRUCTURE_ONE)) for (const d of destructuredNames(m[1])) if (explicitOk(d.name)) out.add(d.name, line, 'read', d.optional);
  }
  // Multi-line: from each closing `} = process.env`, walk back to the opening brace.
  const targetIdx = [...ctx.targets.keys()];
  if (targetIdx.length === 0) return;
  // a loop, not Math.min(...targetIdx): 130 K+ arguments overflow the stack (a 1 MB file of short lines)
  let lo = targetIdx[0]!;
  let hi = lo;
  for (const t of targetIdx) { if (t < lo) lo = t; if (t > hi) hi = t; }
  for (let end = lo; end < Math.min(ctx.lines.length, hi + 200); end++) {
    const endText = ctx.lines[end];
    if (endText == null || !endText.includes('env') || !endText.includes('}')) continue;
    const endCode = stripComment(endText, 'js');
    const close = endCode.search(DESTRUCTURE_END);
    if (close < 0 || endCode.slice(0, close).includes('{')) continue;
    let depth = 0;
    const members: { idx: number; text: string }[] = [{ idx: end, text: endCode.slice(0, close) }];
    let opened = false;
    for (let i = end - 1; i >= 0 && i > end - 200; i--) {
      const t = ctx.lines[i];
      if (t == null) break;
      const c = stripComment(t, 'js');
      const open = c.lastIndexOf('{');
      if (c.includes('}')) depth++;
      if (open >= 0) {
        if (depth > 0) {
          depth--;
          continue;
        }
        members.push({ idx: i, text: c.slice(open + 1) });
        opened = true;
        break;
      }
      if (depth === 0) members.push({ idx: i, text: c });
    }
    if (!opened) continue;
    for (const { idx, text } of members) {
      const line = ctx.targets.get(idx);
      if (line == null) continue;
      for (const d of destructuredNames(text)) if (explicitOk(d.name)) out.add(d.name, line, 'read', d.optional);
    }
  }
}

const PY_CLASS = /^(\s*)class\s+(\w+)\s*\(([^)]*)\)?\s*:?/;
const PY_FIELD = /^(\s*)([A-Za-z]\w*)\s*:\s*([^=]+?)\s*(?:=\s*(.*))?$/;

/** pydantic `BaseSettings` fields: env name from alias/`env=`, else `env_prefix` + field name. */
function pydanticSettings(ctx: Ctx, out: Collector): void {
  const L = ctx.lines;
  const hasSettings = L.some((t) => t != null && /BaseSettings|pydantic_settings/.test(t));
  if (!hasSettings) return;
  const settingsClasses = new Set<string>(['BaseSettings']);
  for (let c = 0; c < L.length; c++) {
    const header = L[c] == null ? null : PY_CLASS.exec(L[c]!);
    if (!header) continue;
    const bases = header[3].split(',').map((s) => s.trim().replace(/^.*\./, ''));
    if (!bases.some((b) => settingsClasses.has(b))) continue;
    settingsClasses.add(header[2]);
    const indent = header[1].length;
    // The class body: following lines indented deeper (blank lines included).
    let end = c + 1;
    let bodyIndent = -1;
    while (end < L.length && L[end] != null) {
      const t = L[end]!;
      if (t.trim() !== '') {
        const ind = t.length - t.trimStart().length;
        if (ind <= indent) break;
        if (bodyIndent < 0) bodyIndent = ind;
      }
      end++;
    }
    if (bodyIndent < 0) continue;
    const headerPrefix = /env_prefix\s*=\s*[rbuf]?['"]([^'"]*)['"]/.exec(L[c]!);
    let prefix = headerPrefix ? headerPrefix[1] : '';
    let prefixIdx = headerPrefix ? c : -1;
    let caseSensitive = false;
    for (let i = c + 1; i < end; i++) {
      const t = stripComment(L[i]!, 'py');
      const p = /env_prefix['"]?\s*[:=]\s*[rbuf]?['"]([^'"]*)['"]/.exec(t);
      if (p) {
        prefix = p[1];
        prefixIdx = i;
      }
      if (/case_sensitive['"]?\s*[:=]\s*True/.test(t)) caseSensitive = true;
    }
    const prefixLine = prefixIdx >= 0 ? ctx.targets.get(prefixIdx) : undefined;
    for (let i = c + 1; i < end; i++) {
      const raw = L[i]!;
      if (raw.length - raw.trimStart().length !== bodyIndent) continue;
      const code = stripComment(raw, 'py');
      const f = PY_FIELD.exec(code);
      if (!f || f[2] === 'model_config' || f[2].startsWith('_') || /\bClassVar\b/.test(f[3])) continue;
      // The field's text: continuation lines while parentheses are open.
      let text = code;
      let j = i;
      while (balance(text) > 0 && j + 1 < end && L[j + 1] != null) text += ' ' + stripComment(L[++j]!, 'py');
      let line: number | undefined;
      for (let k = i; k <= j && line == null; k++) line = ctx.targets.get(k);
      line ??= prefixLine;
      if (line == null) continue;
      const aliases = fieldAliases(text);
      const names = aliases.length ? aliases : [caseSensitive ? prefix + f[2] : (prefix + f[2]).toUpperCase()];
      const optional = f[4] != null && !/^(Field\s*\(\s*(\.\.\.|\)|[a-z_]+\s*=)|\.\.\.)/.test(f[4].trim()) || /\bdefault(_factory)?\s*=/.test(text);
      for (const n of names) if (explicitOk(n)) out.add(n, line, 'read', optional);
    }
    c = end - 1;
  }
}

function balance(s: string): number {
  let d = 0;
  for (const ch of s.replace(/(['"])(?:\\.|(?!\1).)*\1/g, '')) {
    if (ch === '(' || ch === '[' || ch === '{') d++;
    else if (ch === ')' || ch === ']' || ch === '}') d--;
  }
  return d;
}

function fieldAliases(text: string): string[] {
  const names: string[] = [];
  const choices = /AliasChoices\s*\(([^)]*)\)/.exec(text);
  if (choices) for (const m of choices[1].matchAll(/['"]([A-Za-z_]\w*)['"]/g)) names.push(m[1]);
  for (const m of text.matchAll(/\b(?:validation_alias|alias|env)\s*=\s*(?:\[([^\]]*)\]|\{([^}]*)\}|['"]([A-Za-z_]\w*)['"])/g)) {
    if (m[3]) names.push(m[3]);
    for (const list of [m[1], m[2]]) if (list) for (const q of list.matchAll(/['"]([A-Za-z_]\w*)['"]/g)) names.push(q[1]);
  }
  return [...new Set(names)];
}

// Ruby (also ERB in YAML configs)
const RB_PATTERNS: RegExp[] = [
  /\bENV\s*\[\s*['"]([A-Za-z_]\w*)['"]\s*\]/g,
  /\bENV\s*\.\s*(?:fetch|key\?|has_key\?|include\?|member\?|values_at|dig)\s*\(?\s*['"]([A-Za-z_]\w*)['"]/g,
];
function rbLine(code: string, line: number, out: Collector): void {
  for (const re of RB_PATTERNS) scan(re, code, line, out, 'read', explicitOk, (m) => assignedAfter(code, m));
}

const SYMFONY_ENV = /%env\((?:[a-z_]+:)*([A-Z][A-Z0-9_]*)\)%/g;
// Elixir: System.get_env/fetch_env/fetch_env!, legacy {:system, "X"} tuples
function exLine(code: string, line: number, out: Collector): void {
  scan(/\bSystem\s*\.\s*(?:get_env|fetch_env!?)\s*\(?\s*"([A-Za-z_]\w*)"/g, code, line, out, 'read');
  scan(/\{\s*:system\s*,\s*"([A-Z][A-Z0-9_]*)"/g, code, line, out, 'read', implicitOk);
}
// Dockerfile: ENV X=1 Y=2 | ENV X value | ARG X[=default]
function dockerfileLine(code: string, line: number, out: Collector, continuesEnv: boolean): void {
  const m = /^\s*(ENV|ARG)\s+(.*)$/i.exec(code);
  if (!m) {
    // A continuation line of a multi-line `ENV A=1 \` (`    IMAGE_NAME="org/app" \`): indented, nothing but assignments.
    if (continuesEnv && /^\s+[A-Za-z_]\w*=/.test(code)) for (const n of envContinuationNames(code) ?? []) if (implicitOk(n)) out.add(n, line, 'declare');
    return;
  }
  const rest = m[2].trim();
  if (m[1].toUpperCase() === 'ARG' || !/^[A-Za-z_]\w*\s*=/.test(rest)) {
    const first = /^([A-Za-z_]\w*)/.exec(rest);
    if (first && explicitOk(first[1])) out.add(first[1], line, 'declare');
    if (m[1].toUpperCase() === 'ARG') for (const a of rest.matchAll(/\s([A-Za-z_]\w*)(?==|\s|$)/g)) if (implicitOk(a[1])) out.add(a[1], line, 'declare');
    return;
  }
  for (const kv of rest.matchAll(/(?:^|\s)([A-Za-z_]\w*)=("(?:\\.|[^"])*"|'[^']*'|\S*)/g)) if (explicitOk(kv[1])) out.add(kv[1], line, 'declare');
}

/** True for a Dockerfile or Containerfile (`Dockerfile.prod`, `app.dockerfile`). */
export function isDockerfilePath(path: string): boolean {
  return langOf(path) === 'dockerfile';
}

/** A Dockerfile line that starts an `ENV` or `ARG` instruction. */
export const DOCKER_DECLARE_LINE = /^\s*(?:ENV|ARG)\s/i;

/**
 * The lines (0-based) of a Dockerfile that continue an `ENV` instruction: every line from `ENV …`
 * down to them ends in `\` (comment and blank lines inside are skipped, as Docker does). A `RUN`
 * line's continuation (`    CGO_ENABLED=0 GOOS=linux \`) is none. A null line (text not at hand) ends
 * what was open. One pass.
 */
export function dockerEnvContinuations(lines: readonly (string | null | undefined)[]): Set<number> {
  const out = new Set<number>();
  let open: 'env' | 'other' | null = null; // the instruction a `\` left open
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i];
    if (t == null) {
      open = null;
      continue;
    }
    if (/^\s*#/.test(t) || (open !== null && t.trim() === '')) continue;
    if (open === 'env') out.add(i);
    open = t.trimEnd().endsWith('\\') ? (open ?? (/^\s*ENV\s/i.test(t) ? 'env' : 'other')) : null;
  }
  return out;
}

/**
 * The names of a line of `NAME=value` pairs only (values quoted or without spaces), ending in
 * `\` or not; null for any other line. One pass, left to right.
 */
function envContinuationNames(code: string): string[] | null {
  const names: string[] = [];
  const n = code.length;
  let i = 0;
  for (;;) {
    const ws = i;
    while (i < n && (code[i] === ' ' || code[i] === '\t')) i++;
    if (i >= n) return names.length ? names : null;
    if (code[i] === '\\') return names.length && code.slice(i + 1).trim() === '' ? names : null;
    if (i === ws && i > 0) return null; // pairs are separated by blanks
    const start = i;
    while (i < n && /\w/.test(code[i])) i++;
    if (i === start || code[i] !== '=' || /\d/.test(code[start])) return null;
    names.push(code.slice(start, i));
    i++;
    const q = code[i];
    if (q === '"' || q === "'") {
      i++;
      while (i < n && code[i] !== q) i += q === '"' && code[i] === '\\' ? 2 : 1;
      if (i >= n) return null;
      i++;
    } else while (i < n && code[i] !== ' ' && code[i] !== '\t' && code[i] !== '"' && code[i] !== "'" && code[i] !== '\\') i++;
  }
}

// .env files: X=1, export X=1
function envFileLine(code: string, line: number, out: Collector): void {
  const m = /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=/.exec(code);
  if (m && explicitOk(m[1])) out.add(m[1], line, 'declare');
}

/**
 * A dotenv entry in a config file of another extension (`rauthy.cfg`, `app.conf`, `env.ini`
 * holding `NAME=value` lines, sourced by the start script or an `EnvironmentFile=`): an
 * UPPER_SNAKE name at the start of the line, `=` right after it, as dotenv writes it. INI
 * keys (`key = value`, lower case, indented) are not.
 */
const DOTENV_ENTRY = /^(?:export\s+)?([A-Z][A-Z0-9]*_[A-Z0-9_]*)=/;
function dotenvEntryLine(code: string, line: number, out: Collector): void {
  const m = DOTENV_ENTRY.exec(code);
  if (m && implicitOk(m[1])) out.add(m[1], line, 'declare');
}

/**
 * An option documented but commented out in an env file (`#HQL_S3_URL=https://…`,
 * `# export SMTP_PORT=587`): the way env templates list optional settings. A declaration
 * of an optional setting (listed, no note required).
 */
const COMMENTED_ENTRY = /^#[ \t]?(?:export[ \t]+)?([A-Z][A-Z0-9]*_[A-Z0-9_]*)=(?![=>])/;
function commentedEntries(ctx: Ctx, out: Collector): void {
  for (const [i, line] of ctx.targets) {
    const raw = ctx.lines[i];
    if (raw == null || raw.charCodeAt(0) !== 35 /* # */) continue;
    const m = COMMENTED_ENTRY.exec(raw);
    if (m && implicitOk(m[1])) out.add(m[1], line, 'declare', true);
  }
}

// systemd units: Environment=A=1 "B=2"
function systemdLine(code: string, line: number, out: Collector): void {
  const m = /^\s*Environment\s*=\s*(.*)$/.exec(code);
  if (!m) return;
  for (const kv of m[1].matchAll(/(?:^|\s)"?([A-Za-z_]\w*)=/g)) if (explicitOk(kv[1])) out.add(kv[1], line, 'declare');
}

/** `${X}` interpolation in config files (envsubst, Spring, compose, serverless `${env:X}`), not `${{ }}`. */
const INTERPOLATION = /\$\{(?:env:)?([A-Z][A-Z0-9_]*)(?:(?::?[-=?+]|[:,])[^}]*)?\}/g;
/** uWSGI's ini conditionals on the environment: `if-env = X`, `if-not-env = X` (a setting read when set). */
const UWSGI_IF_ENV = /^[ \t]*(?:if-env|if-not-env|if-exists-env)[ \t]*=[ \t]*([A-Z][A-Z0-9_]*)[ \t]*$/;
function configLine(code: string, line: number, out: Collector): void {
  scan(INTERPOLATION, code, line, out, 'read', implicitOk);
  scan(SYMFONY_ENV, code, line, out, 'read', implicitOk);
  const u = code.length < 200 ? UWSGI_IF_ENV.exec(code) : null;
  if (u && implicitOk(u[1])) out.add(u[1], line, 'read', true);
}
function jsonLine(code: string, line: number, out: Collector, path: string): void {
  const b = baseName(path).toLowerCase();
  // Heroku app.json `env` keys, ECS task definitions `{"name": "X", "value": …}`.
  if (b === 'app.json') {
    const m = /^\s*"([A-Z][A-Z0-9_]*)"\s*:\s*[{"]/.exec(code);
    if (m && implicitOk(m[1])) out.add(m[1], line, 'declare');
  }
  if (/task[-_.]?def/.test(b) || b === 'app.json') scan(/"name"\s*:\s*"([A-Z][A-Z0-9_]*)"/g, code, line, out, 'declare', implicitOk);
  // `${X}`, `${X:-d}`, and `${X:d}` (settings templates such as Etherpad's `settings.json.docker`)
  scan(INTERPOLATION, code, line, out, 'read', implicitOk);
}

/** Line readers of the languages not read through core/lex (code is: envCode.ts). ERB keeps Ruby's line reader. */
const LINE_EXTRACTORS: Partial<Record<Lang, LineExtractor>> = {
  rb: rbLine,
  ex: exLine,
  envfile: envFileLine,
  systemd: systemdLine,
  properties: configLine,
  json: jsonLine,
};

// Shell: ${X}, ${X:-d}, $X of upper-case names the script does not assign itself.
function shellRefs(ctx: Ctx, code: Map<number, string>, out: Collector, certainOnly = false): void {
  const assigned = new Set<string>();
  // Names the script first assigns from themselves with a default (`X=${X:-d}`, an image's
  // env-defaults file): settings read from the environment, whatever the script does with them next.
  const defaulted = new Map<string, boolean>();
  // Names tested for emptiness (`if [ -z "${X}" ] && …`) before the script first assigns them, and
  // the line of that test: the test reads what the environment gave (the assignment further down
  // is the script's own fallback). A test on the assignment's line or the line before it is
  // guardedDefault's to judge (`[ -z "$X" ] || X=…` transforms X).
  const testedFirst = new Map<string, number>();
  // Names the script tests for emptiness anywhere (`if [ -n "${X}" ]; then …`): it runs without them, so they are optional.
  const emptyTested = new Set<string>();
  let prev: string | null = null;
  let prevAt = -1;
  for (let li = 0; li < ctx.lines.length; li++) {
    const t = ctx.lines[li];
    if (t == null) { prev = null; continue; }
    const c = stripComment(t, 'sh');
    if (c.includes('-z') || c.includes('-n')) {
      for (const m of c.matchAll(SHELL_EMPTY_TEST)) {
        const n = m[1] ?? m[2];
        emptyTested.add(n);
        if (!assigned.has(n) && !defaulted.has(n) && !testedFirst.has(n)) testedFirst.set(n, li);
      }
    }
    const assignment = (name: string, at: number, value: number): void => {
      const tested = testedFirst.get(name);
      const early = tested !== undefined && tested < li && tested !== prevAt ? 'optional' : null;
      const how = !assigned.has(name) && !defaulted.has(name) ? selfDefault(c, value, name) ?? guardedDefault(c, at, prev, name) ?? early : null;
      if (how) defaulted.set(name, how === 'optional');
      else assigned.add(name);
    };
    for (const m of c.matchAll(/(?:^\s*|[;&|({]\s*|\b(?:export|local|declare|readonly|typeset)\s+(?:-\w+\s+)*)([A-Za-z_]\w*)\+?=/g)) {
      // `${X=d}` / `: "${X:=d}"` assigns X only when the environment left it unset: a read with a default.
      if (m[0][0] === '{' && c[m.index! - 1] === '$') {
        if (!assigned.has(m[1]) && !defaulted.has(m[1])) defaulted.set(m[1], true);
        continue;
      }
      assignment(m[1], m.index! + m[0].lastIndexOf(m[1]), m.index! + m[0].length);
    }
    // `declare APP="$1" REV="$2"`, `local -i A=1 B=2`, `local X Y`: every name of the declaration
    // is the script's own variable, not only the first.
    if (DECLARATION_WORD.test(c)) for (const d of declaredNames(c)) assignment(d.name, d.at, d.value);
    for (const m of c.matchAll(/\b(?:for|select)\s+([A-Za-z_]\w*)\s+in\b/g)) assigned.add(m[1]);
    // `read -r X`, `read -p "…" -t 5 X`: only -a -d -i -n -N -p -t -u take an argument (`read -r X; do` names X, not `do`).
    for (const m of c.matchAll(/\bread\s/g)) for (const n of readNames(c, m.index! + 5)) assigned.add(n);
    for (const m of c.matchAll(/\bgetopts\s+\S+\s+([A-Za-z_]\w*)/g)) assigned.add(m[1]);
    if (c.trim()) { prev = c; prevAt = li; }
  }
  for (const [i, c] of code) {
    const line = ctx.targets.get(i)!;
    // `export X` (no value) passes an inherited variable on: a read.
    // Bash case modification (`${X,,}`, `${X^^}`) reads X as well.
    for (const m of c.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?:(:?[-=?])[^}]*|[:+#%/,^][^}]*)?\}|\$([A-Z][A-Z0-9_]*)\b/g)) {
      const n = m[1] ?? m[3];
      // Without the whole script, a variable may be assigned out of sight: only the
      // "from the environment, with a default / required" forms are certain reads.
      if ((!ctx.whole || certainOnly) && !m[2]) continue;
      if (implicitOk(n) && (!assigned.has(n) || defaulted.has(n))) out.add(n, line, 'read', defaulted.get(n) || (m[2] != null && !m[2].includes('?')) || (ctx.whole && emptyTested.has(n)));
    }
    // In single-quoted strings nothing expands; rare enough that we accept it.
  }
}

const DECLARATION_WORD = /\b(?:export|local|declare|readonly|typeset)\s/;

/**
 * The names a shell declaration command assigns after its first (`declare A="$1" B="$2"`,
 * `local -i X=1 Y=2`, `export A=1 B=2`), and the bare names of `local`/`declare`/`typeset`
 * (`local X Y`). A first name with a value is the caller's (the assignment pattern sees it). `at` is where a name starts,
 * `value` where its value starts. Each character is read once: a declaration's words are skipped
 * by one cursor that never goes back, and the scan stops at the first word that is not an option,
 * a name or an assignment.
 */
function declaredNames(c: string): { name: string; at: number; value: number }[] {
  const out: { name: string; at: number; value: number }[] = [];
  const kw = /(?:^|[;&|(]\s*|\s)(export|local|declare|readonly|typeset)\s+/g;
  let cursor = 0;
  for (let m = kw.exec(c); m; m = kw.exec(c)) {
    if (m.index < cursor) continue;
    // a command word: at the start, after a separator or after `then` / `do` / `else`
    let b = m.index + m[0].indexOf(m[1]);
    while (b > 0 && (c[b - 1] === ' ' || c[b - 1] === '\t')) b--;
    if (b > 0 && !';&|({'.includes(c[b - 1]) && !/(?:^|[\s;])(?:then|do|else)$/.test(c.slice(Math.max(0, b - 5), b))) continue;
    const bare = m[1] !== 'export' && m[1] !== 'readonly';
    let i = m.index + m[0].length;
    let first = true;
    while (i < c.length) {
      while (c[i] === ' ' || c[i] === '\t') i++;
      const start = i;
      if (c[i] === '-' || c[i] === '+') {
        while (i < c.length && c[i] !== ' ' && c[i] !== '\t') i++;
        continue;
      }
      while (i < c.length && /\w/.test(c[i])) i++;
      if (i === start || !/[A-Za-z_]/.test(c[start])) break;
      const name = c.slice(start, i);
      if (c[i] === '+' && c[i + 1] === '=') i++;
      if (c[i] === '=') {
        i++;
        const value = i;
        i = shellWordEnd(c, i);
        if (!first) out.push({ name, at: start, value });
      } else if (c[i] === undefined || c[i] === ' ' || c[i] === '\t' || c[i] === ';') {
        // (the assignment pattern sees only a first name with a value)
        if (bare) out.push({ name, at: start, value: i });
      } else break;
      first = false;
      if (c[i] !== ' ' && c[i] !== '\t') break;
    }
    cursor = i;
    kw.lastIndex = Math.max(kw.lastIndex, i);
  }
  return out;
}

/** The end of the shell word that starts at `i`: quotes and `$(…)` / `${…}` kept together (one forward pass). */
function shellWordEnd(c: string, i: number): number {
  let depth = 0;
  let quote = '';
  for (; i < c.length; i++) {
    const ch = c[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '\\') { i++; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '{') depth++;
    else if ((ch === ')' || ch === '}') && depth > 0) depth--;
    else if (depth === 0 && (ch === ' ' || ch === '\t' || ch === ';' || ch === '&' || ch === '|' || ch === ')')) break;
  }
  return i;
}

/**
 * The variables a shell `read` assigns, its words from `at` on: options first (only -a -d -i -n
 * -N -p -t -u take an argument), then names up to the first word that is none. One pass.
 */
function readNames(c: string, at: number): string[] {
  const words = c.slice(at, at + 300).split(/[;&|<>)]/, 1)[0].split(/\s+/);
  const names: string[] = [];
  let i = 0;
  while (i < words.length && words[i] === '') i++;
  for (; i < words.length && words[i].startsWith('-'); i++) if (/^-[A-Za-z]*[adinNptu]$/.test(words[i])) i++;
  for (; i < words.length && /^[A-Za-z_]\w*$/.test(words[i]); i++) names.push(words[i]);
  return names;
}

/**
 * An assignment that gives `name` a default only when the environment left it empty: the test
 * before it on its line (`[ -n "$X" ] || X=…`, `[ -z "$X" ] && X=…`, `[ "x" = "x$X" ] && X=…`,
 * `test -z "$X" && X=…`) or an `if [ -z "$X" ]; then` on the line before. The shell form of
 * `${X:-…}`, common in the launch scripts of JVM and Erlang servers (Tomcat's `catalina.sh`, Kafka's
 * `kafka-run-class.sh`, RabbitMQ's `rabbitmq-env`): X is an optional setting.
 * `at` is where the name starts on line `c`; `prev` the previous non-blank line of the script.
 */
function guardedDefault(c: string, at: number, prev: string | null, name: string): 'optional' | null {
  // The test is short: read at most 300 characters back (a line of many assignments stays linear).
  let pre = c.slice(Math.max(0, at - 300), at).trimEnd();
  // `export X=…` (Kafka's `if [ "x$KAFKA_HEAP_OPTS" = "x" ]; then export KAFKA_HEAP_OPTS=…`)
  const kw = /(?:^|[\s;&|])(export|local|declare|readonly|typeset)$/.exec(pre);
  if (kw) pre = pre.slice(0, pre.length - kw[1].length).trimEnd();
  if (pre === '' && at > 300) return null;
  let guard: string;
  let empty: boolean; // true: the assignment runs when the test says "empty"
  if (pre.endsWith('||') || pre.endsWith('&&')) {
    guard = pre.slice(0, -2);
    empty = pre.endsWith('&&');
  } else if (pre === '' && prev != null && prev.length <= 300 && /^\s*if\s/.test(prev) && /[\s;]then$/.test(prev.trimEnd())) {
    guard = prev;
    empty = true;
  } else return null;
  if (guard.length > 300 || guard.includes('||') || guard.includes('&&')) return null;
  if (!guard.includes(`$${name}"`) && !guard.includes(`\${${name}}`) && !guard.endsWith(`$${name}`) && !guard.includes(`$${name} `)) return null;
  const negated = /(?:^|[\s;])!\s/.test(guard);
  const xForm = (guard.includes(`x$${name}`) || guard.includes(`x\${${name}}`)) && /["']x["']/.test(guard) && !guard.includes('!=');
  if (/\s-z\s/.test(guard) || xForm) return empty !== negated ? 'optional' : null;
  if (/\s-n\s/.test(guard)) return !empty !== negated ? 'optional' : null;
  return null;
}

/**
 * Whether the value at `at` of the assignment to `name` is the variable itself with a default
 * (optional) or a required mark (`${name:-…}`, `${name-…}`, `${name:=…}`, `${name:?…}`, quoted or not).
 */
function selfDefault(c: string, at: number, name: string): 'optional' | 'required' | null {
  const q = c[at] === '"' ? at + 1 : at;
  if (!c.startsWith('${', q) || !c.startsWith(name, q + 2)) return null;
  let op = c[q + 2 + name.length];
  if (op === ':') op = c[q + 3 + name.length];
  return op === '-' || op === '=' ? 'optional' : op === '?' ? 'required' : null;
}

// YAML: compose / Kubernetes / Helm env entries (declare), `${X}` and ERB/Symfony reads.
const ENV_BLOCK_KEY = /^(env|envs|environment|environments?_?variables|env_?vars|env_variables|extra_?env(_?vars)?|container_?env|global_?env|secret_?env|variables|vars|data|string_?data|literals|config_?map|envFrom)$/i;

function yamlKeyOf(text: string): { indent: number; key: string | null; listItem: boolean } | null {
  if (text.trim() === '' || /^\s*#/.test(text)) return null;
  const m = /^(\s*)(-\s+)?/.exec(text)!;
  return { indent: m[0].length, key: yamlKeyAt(text, m[0].length), listItem: !!m[2] };
}

const SPACE = /\s/;
/**
 * The mapping key starting at `at` (`key:`, `'key':`, `"a b" :`, followed by a space or the end),
 * read in one pass: what /['"]?([^'":#\s][^'":#]*?)['"]?\s*:(?:\s|$)/ read, without its lazy key
 * and `\s*` overlapping (quadratic on a long run of spaces without a colon).
 */
function yamlKeyAt(text: string, at: number): string | null {
  const s = text[at] === "'" || text[at] === '"' ? at + 1 : at;
  if (s >= text.length || `'":#`.includes(text[s]) || SPACE.test(text[s])) return null;
  let p = s + 1;
  while (p < text.length && !`'":#`.includes(text[p])) p++;
  if (p >= text.length || text[p] === '#') return null;
  let key: string;
  let colon = p;
  if (text[p] === ':') key = text.slice(s, p).trimEnd();
  else {
    key = text.slice(s, p); // a closing quote: the key as quoted
    colon = p + 1;
    while (colon < text.length && SPACE.test(text[colon])) colon++;
    if (text[colon] !== ':') return null;
  }
  return colon + 1 >= text.length || SPACE.test(text[colon + 1]) ? key : null;
}

/**
 * The blocks of a YAML context, read in one forward pass with a stack of the open keys (each entry
 * then finds its blocks in constant time, not by walking back line by line: review12 F8).
 */
interface YamlTree {
  /** Per line: the nearest key line above it with less indentation, in the same run of context; -1 when none. */
  parent: Int32Array;
  /** Per line: yamlKeyOf of it. */
  keys: (ReturnType<typeof yamlKeyOf>)[];
  /** Per key line: 1 when it or a block enclosing it has an env block key; 2 when its blocks reach indentation 0. */
  flags: Uint8Array;
}

function yamlTree(ctx: Ctx): YamlTree {
  if (ctx.yaml) return ctx.yaml;
  const n = ctx.lines.length;
  const parent = new Int32Array(n).fill(-1);
  const indent = new Int32Array(n);
  const keys: (ReturnType<typeof yamlKeyOf>)[] = new Array(n).fill(null);
  const flags = new Uint8Array(n);
  const open: number[] = []; // key lines of strictly increasing indentation
  for (let j = 0; j < n; j++) {
    const t = ctx.lines[j];
    if (t == null) {
      open.length = 0; // a gap: nothing above it encloses what follows, as far as the context tells
      continue;
    }
    const ind = t.length - t.trimStart().length;
    indent[j] = ind;
    let lo = 0;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (indent[open[mid]] < ind) lo = mid + 1;
      else hi = mid;
    }
    const p = lo > 0 ? open[lo - 1] : -1;
    parent[j] = p;
    const k = yamlKeyOf(t);
    keys[j] = k;
    if (!k) continue;
    open.length = lo;
    open.push(j);
    const env = !!k.key && ENV_BLOCK_KEY.test(k.key.trim());
    flags[j] = (env || (p >= 0 && flags[p] & 1) ? 1 : 0) | (ind === 0 || (p >= 0 && flags[p] & 2) ? 2 : 0);
  }
  return (ctx.yaml = { parent, keys, flags });
}

/**
 * Whether a block enclosing line `i` has an env block key (ENV_BLOCK_KEY); null when the context
 * runs out before a block at indentation 0.
 */
function yamlInEnvBlock(ctx: Ctx, i: number): boolean | null {
  if (ctx.lines[i] == null) return null;
  const p = yamlTree(ctx).parent[i];
  if (p < 0) return ctx.whole ? false : null;
  const f = ctx.yaml!.flags[p];
  return ctx.whole || f & 2 ? (f & 1) === 1 : null;
}

function yamlRefs(path: string, ctx: Ctx, code: Map<number, string>, out: Collector): void {
  const compose = isComposePath(path);
  const manifest = isManifestPath(path);
  const helmTemplate = /\.tpl$/.test(path) || /(^|\/)templates\//.test(path);
  const services = new Map<number, ComposeService | null>();
  const declare = (name: string, line: number, i: number): void => {
    const image = compose ? composeServiceImage(composeServiceAt(ctx, i, services), name) : null;
    out.add(name, line, 'declare');
    if (image) out.refs[out.refs.length - 1].image = image;
  };
  for (const [i, c] of code) {
    const line = ctx.targets.get(i)!;
    rbLine(c, line, out); // ERB in Rails configs: <%= ENV["X"] %>
    scan(SYMFONY_ENV, c, line, out, 'read', implicitOk);
    scan(/\blookup\s*\(\s*['"]env['"]\s*,\s*['"]([A-Za-z_]\w*)['"]/g, c, line, out, 'read');
    if (!helmTemplate) scan(INTERPOLATION, c.replace(/\$\{\{[^}]*\}\}/g, ''), line, out, 'read', implicitOk);

    const inEnvBlock = (): boolean | null => yamlInEnvBlock(ctx, i);
    // Kubernetes / ECS style: `- name: X` (container env entries).
    const named = /^\s*-\s*(?:name|key)\s*:\s*['"]?([A-Za-z_]\w*)['"]?\s*$/.exec(c);
    if (named && implicitOk(named[1])) {
      const env = inEnvBlock();
      if (env === true || (env === null && (manifest || compose || named[1].includes('_')))) declare(named[1], line, i);
      continue;
    }
    // compose list: `- X=value`, `- X` (passed through from the host); kustomize literals.
    const listed = /^\s*-\s*['"]?([A-Za-z_]\w*)(=|['"]?\s*$)/.exec(c);
    if (listed && implicitOk(listed[1])) {
      const env = inEnvBlock();
      if (env === true || (env === null && listed[2] === '=' && (compose || manifest))) declare(listed[1], line, i);
      continue;
    }
    // Map entries: `X: value` under environment:/env:/data: — or any upper-case key in compose/manifests.
    const key = /^\s*['"]?([A-Z][A-Z0-9_]*)['"]?\s*:(?:\s|$)/.exec(c);
    if (key && implicitOk(key[1])) {
      const env = inEnvBlock();
      if (env === true || ((compose || manifest) && (env === null || key[1].includes('_')))) declare(key[1], line, i);
    }
  }
}

/** One compose service (or `x-` extension block) by the line of its key: what it runs. */
interface ComposeService {
  name: string;
  /** The `image:` value (a `${VAR:-default}` read as its default), or null. */
  image: string | null;
  build: boolean;
}

/**
 * The compose service whose `environment:` block holds line `i` of a whole compose file: the
 * block key above the environment key, with its own `image:` and `build:` keys. Null when the
 * line is in no such block.
 */
function composeServiceAt(ctx: Ctx, i: number, cache: Map<number, ComposeService | null>): ComposeService | null {
  if (!ctx.whole || ctx.lines[i] == null) return null;
  const { parent, keys } = yamlTree(ctx);
  const env = parent[i];
  const e = env >= 0 ? keys[env] : null;
  if (!e || !e.key || !/^(environment|env)$/i.test(e.key.trim()) || e.listItem) return null;
  const j = parent[env];
  const k = j >= 0 ? keys[j] : null;
  if (!k || !k.key || k.listItem) return null;
  if (cache.has(j)) return cache.get(j)!;
  const svc = composeServiceBlock(ctx, j, k.key.trim());
  cache.set(j, svc);
  return svc;
}

/** The direct `image:` and `build:` keys of the block whose key is on line `at`. */
function composeServiceBlock(ctx: Ctx, at: number, name: string): ComposeService {
  const head = ctx.lines[at] ?? '';
  const own = head.length - head.trimStart().length;
  let child = -1;
  let image: string | null = null;
  let build = false;
  for (let j = at + 1; j < ctx.lines.length; j++) {
    const t = ctx.lines[j];
    if (t == null) break;
    const k = yamlKeyOf(t);
    if (!k) continue;
    const ind = t.length - t.trimStart().length;
    if (ind <= own) break;
    if (child < 0) child = ind;
    if (ind !== child || !k.key) continue;
    const key = k.key.trim();
    if (key === 'build') build = true;
    else if (key === 'image') image = yamlScalar(t.slice(t.indexOf(':') + 1));
  }
  return { name, image, build };
}

function yamlScalar(v: string): string | null {
  let s = v.trim();
  const hash = s.search(/\s#/);
  if (hash >= 0) s = s.slice(0, hash).trim();
  s = s.replace(/^['"]|['"]$/g, '');
  // `${KANBOARD_IMAGE:-kanboard/kanboard:latest}`: the default is the image run unless the operator picks another
  const whole = /^\$\{[A-Za-z_]\w*:?-([^}]*)\}$/.exec(s);
  if (whole) s = whole[1];
  return s && !s.startsWith('$') ? s : null;
}

/** Docker official images of the services compose files run beside an application (no owner in their name). */
const OFFICIAL_SERVICE_IMAGES = new Set([
  'postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'memcached', 'rabbitmq', 'couchdb', 'cassandra', 'neo4j',
  'elasticsearch', 'kibana', 'logstash', 'influxdb', 'telegraf', 'chronograf', 'zookeeper', 'nats', 'eclipse-mosquitto',
  'nginx', 'httpd', 'haproxy', 'traefik', 'caddy', 'registry', 'adminer', 'phpmyadmin', 'mongo-express', 'solr',
  'clickhouse', 'percona', 'consul', 'vault', 'busybox', 'alpine', 'ubuntu', 'debian', 'memgraph', 'arangodb', 'orientdb',
]);

/**
 * When `name`, declared for a compose service, is plausibly the setting of another project's image
 * (see EnvRef.image): that image's last path segment, else null. A service the compose file builds
 * is this repository's.
 */
export function composeServiceImage(svc: ComposeService | null, name: string): string | null {
  if (!svc || svc.build || !svc.image) return null;
  // registry host and tag or digest off: `ghcr.io/onedr0p/radarr:rolling` → onedr0p/radarr
  let ref = svc.image.replace(/@.*$/, '');
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', slash + 1);
  if (colon >= 0) ref = ref.slice(0, colon);
  const parts = ref.split('/').filter(Boolean);
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  if (parts.length === 0 || parts.some((p) => p.includes('$'))) return null;
  const segment = parts[parts.length - 1].toLowerCase();
  // A Docker official image of a database, cache, broker or proxy (`postgres`, `library/redis`): built by its
  // own project, never by this repository. Any other bare name (`image: app`) is an image built locally.
  const library = parts.length === 1 || (parts.length === 2 && parts[0] === 'library');
  if (library) return OFFICIAL_SERVICE_IMAGES.has(segment) ? segment : null;
  const first = name.split('_').find((w) => w !== '')?.toLowerCase() ?? '';
  const words = new Set([...svc.name.replace(/^x-/, '').toLowerCase().split(/[-_.]/), ...segment.split(/[-_.]/)]);
  return first.length >= 3 && words.has(first) ? segment : null;
}

// TOML: fly.toml [env], netlify.toml [build.environment], wrangler.toml [vars]; `${X}` reads.
function tomlRefs(path: string, ctx: Ctx, code: Map<number, string>, out: Collector): void {
  for (const [i, c] of code) {
    const line = ctx.targets.get(i)!;
    scan(INTERPOLATION, c, line, out, 'read', implicitOk);
    const key = /^\s*['"]?([A-Z][A-Z0-9_]*)['"]?\s*=/.exec(c);
    if (!key || !implicitOk(key[1])) continue;
    let section: string | null = null;
    for (let j = i; j >= 0; j--) {
      const t = ctx.lines[j];
      if (t == null) break;
      const s = /^\s*\[+\s*([^\]]+?)\s*\]+/.exec(t);
      if (s) {
        section = s[1];
        break;
      }
    }
    if (section != null && /(^|\.)(env|environment|vars|variables)$/i.test(section)) out.add(key[1], line, 'declare');
    else if (section == null && /(^|\/)(fly|netlify|wrangler|render|railway)\.toml$/i.test(path) && !ctx.whole) out.add(key[1], line, 'declare');
  }
}


// ─── registries: the environment read generically, keys named elsewhere ──────

const CODE_LANGS = new Set<Lang>(['js', 'py', 'rb', 'go', 'jvm', 'scala', 'cs', 'php', 'rs', 'ex', 'c']);

/**
 * Reads of the whole environment, per language: a file that has one and names UPPER_SNAKE
 * keys in `case` labels or map keys is an env registry (`for _, kv := range os.Environ()
 * { switch key { case "LOG_FILE": … } }`).
 */
export const ENV_ENUMERATION: Partial<Record<Lang, RegExp>> = {
  go: /\b(?:os|syscall)\.Environ\(\)/,
  py: /\bos\.environ\s*\.\s*(?:items|keys|copy)\(\)|\bdict\(\s*os\.environ\s*\)|\bin\s+os\.environ\s*:|\*\*os\.environ\b/,
  js: /\bObject\.(?:entries|keys)\(\s*process\.env\s*\)|\.\.\.process\.env\b|\bin\s+process\.env\s*\)/,
  rb: /\bENV\s*\.\s*(?:each|each_pair|to_h|to_hash|select|filter|keys|map)\b/,
  php: /\bgetenv\(\s*\)|\bforeach\s*\(\s*\$_(?:ENV|SERVER)\b/,
  jvm: /\bSystem\s*\.\s*getenv\(\s*\)\s*(?:\.|$|;|\))/,
  scala: /\bsys\.env\s*(?:\.\s*(?:foreach|map|filter|collect|toMap|keys|iterator)\b|$)/,
  cs: /\bGetEnvironmentVariables\(\s*\)/,
  rs: /\benv::vars(?:_os)?\(\)/,
  ex: /\bSystem\.get_env\(\s*\)/,
  c: /\benviron\b/,
};

/** Reads whose name is not a literal (a parameter): the enclosing function is a generic reader. */
export const GENERIC_ENV_READ: Partial<Record<Lang, RegExp>> = {
  go: /\bos\.(?:Getenv|LookupEnv)\(\s*[A-Za-z_]/,
  py: /\bos\.(?:getenv\(|environ\.get\(|environ\[)\s*[A-Za-z_]/,
  js: /\bprocess\.env\[\s*[A-Za-z_$]/,
  rb: /\bENV(?:\[|\.fetch\(\s*)\s*[a-z_@]/,
  php: /\b(?:getenv|env)\(\s*\$|\$_(?:ENV|SERVER)\[\s*\$/,
  jvm: /\bSystem\s*\.\s*getenv\(\s*[A-Za-z_]/,
  scala: /\bsys\.env\s*(?:\.\s*(?:get|getOrElse)\s*)?\(\s*[A-Za-z_]/,
  cs: /\bGetEnvironmentVariable\(\s*[A-Za-z_@]/,
  rs: /\benv::var(?:_os)?\(\s*[&A-Za-z_]/,
  ex: /\bSystem\.(?:get_env|fetch_env!?)\(\s*[a-z_]/,
  c: /\bgetenv\(\s*[A-Za-z_]/,
};

/** Function definitions, per language: the name is group 1 (or 2). */
const FUNCTION_DEF: Partial<Record<Lang, RegExp>> = {
  go: /^\s*func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(/,
  py: /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/,
  js: /\bfunction\s+([A-Za-z_$][\w$]*)\s*\(|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/,
  rb: /^\s*def\s+(?:self\.)?([A-Za-z_]\w*[?!]?)/,
  php: /\bfunction\s+([A-Za-z_]\w*)\s*\(/,
  jvm: /^\s*(?:(?:public|private|protected|static|final|internal|override|suspend|inline)\s+)*(?:fun\s+(?:<[^>]*>\s*)?([A-Za-z_]\w*)|[\w<>[\],?]+\s+([A-Za-z_]\w*))\s*\(/,
  scala: /\bdef\s+([A-Za-z_]\w*)/,
  cs: /^\s*(?:(?:public|private|protected|internal|static|async|override|virtual)\s+)+[\w<>[\],?]+\s+([A-Za-z_]\w*)\s*\(/,
  rs: /\bfn\s+([A-Za-z_]\w*)/,
  ex: /^\s*defp?\s+([a-z_]\w*[?!]?)/,
  c: /^[\w\s*]+?\b([A-Za-z_]\w*)\s*\([^;]*$/,
};

/** Names too generic to be taken for an env reader. */
const NOT_READERS = new Set(['get', 'set', 'load', 'read', 'init', 'main', 'new', 'call', 'fetch', 'lookup', 'value', 'run', 'apply', 'parse', 'process', 'handle', 'config', 'env', 'getenv', 'setup', 'build', 'create', 'update', 'validate', 'default', 'defaults', 'constructor', '__init__', '__getattr__', '__getitem__', 'ParseEnvironmentVariables', 'toString', 'String', 'Get', 'Load', 'Parse', 'Init', 'New']);

/** Generic env readers defined in a file: functions whose body reads the env var a parameter names. */
export function envReadersIn(path: string, text: string): { name: string; line: number }[] {
  const lang = langOf(path);
  const read = lang && GENERIC_ENV_READ[lang];
  const def = lang && FUNCTION_DEF[lang];
  if (!lang || !read || !def) return [];
  const lines = text.split('\n');
  const out: { name: string; line: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 2000 || !read.test(l)) continue;
    if (stripComment(l, lang).trim() === '') continue;
    // The enclosing definition: the nearest one above, within 12 lines.
    for (let j = i; j >= 0 && j > i - 12; j--) {
      const m = lines[j].length < 2000 ? def.exec(lines[j]) : null;
      if (!m) continue;
      const name = m[1] ?? m[2];
      if (name && name.length >= 4 && !NOT_READERS.has(name) && !seen.has(name)) {
        seen.add(name);
        out.push({ name, line: i + 1 });
      }
      break;
    }
  }
  return out;
}

/**
 * A read by a variable name that is no write (`os.environ.get(key, value)`, `process.env[key]`,
 * `ENV.fetch(key, value)`; not `os.environ[key] = v`): the shape of a loop over defaults.
 */
const READ_BY_VARIABLE: Partial<Record<Lang, RegExp>> = {
  py: /\bos\.(?:getenv|environ\.get)\(\s*[A-Za-z_]|\bos\.environ\[\s*[A-Za-z_]\w*\s*\](?!\s*=[^=])/,
  js: /\bprocess\.env\[\s*[A-Za-z_$][\w$]*\s*\](?!\s*=[^=])/,
  rb: /\bENV(?:\.fetch\(\s*[a-z_]|\[\s*[a-z_]\w*\s*\](?!\s*=[^=]))/,
};
/** A dict/object iterated by name: `NAME.items()`, `Object.entries(NAME)`, `NAME.each`; group 1 is the name. */
const ITERATED: Partial<Record<Lang, RegExp>> = {
  py: /\b([A-Za-z_]\w*)\s*\.\s*(?:items|keys)\(\s*\)|\bin\s+([A-Za-z_]\w*)\s*:/g,
  js: /\bObject\.(?:entries|keys)\(\s*([A-Za-z_$][\w$]*)\s*\)|\bin\s+([A-Za-z_$][\w$]*)\s*\)/g,
  rb: /\b([A-Z]\w*)\s*\.\s*(?:each|each_pair|each_key|map|keys)\b/g,
};

/**
 * The line (1-based) where a file that reads env vars by a variable iterates a literal map of
 * UPPER_SNAKE names (`DEFAULT_CONFIG = {"DB_HOST": "db", …}` … `for key, value in
 * DEFAULT_CONFIG.items(): os.environ.get(key, value)`): the map's keys are the settings it
 * reads, each with its default. Null when the file has no such shape.
 */
export function readsDefaultsByName(path: string, text: string): number | null {
  const lang = langOf(path);
  const read = lang && READ_BY_VARIABLE[lang];
  const iter = lang && ITERATED[lang];
  if (!lang || !read || !iter || !read.test(text)) return null;
  iter.lastIndex = 0;
  const seen = new Set<string>();
  for (let m = iter.exec(text); m; m = iter.exec(text)) {
    const name = m[1] ?? m[2];
    if (!name || seen.has(name) || name === 'environ' || name === 'env' || name === 'ENV') continue;
    seen.add(name);
    if (seen.size > 8) break; // each name costs a scan of the text: a few, not one per token
    // The map literal assigned to that name: `NAME = {` (`NAME: dict[str, Any] = {`, `const NAME = {`).
    const at = literalMapAt(text, name);
    if (at >= 0) return text.slice(0, m.index).split('\n').length;
  }
  return null;
}

/** Index of `NAME = {` (an optional short type annotation between), or -1. Substring search only: linear. */
function literalMapAt(text: string, name: string): number {
  let i = text.indexOf(name);
  while (i >= 0) {
    const before = i === 0 ? '' : text[i - 1];
    let j = i + name.length;
    if (!/[\w$.]/.test(before) && !/[\w$]/.test(text[j] ?? '')) {
      // `: type` up to 80 characters on the same line
      if (text[j] === ':' || (text[j] === ' ' && text[j + 1] === ':')) {
        const ahead = text.slice(j, j + 82);
        const eq = ahead.indexOf('=');
        const nl = ahead.indexOf('\n');
        if (eq > 0 && (nl < 0 || eq < nl)) j += eq;
      }
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] === '=' && text[j + 1] !== '=') {
        j++;
        while (text[j] === ' ' || text[j] === '\t') j++;
        if (text[j] === '{') {
          // a map of UPPER_SNAKE keys: the first key after the brace, quoted
          let k = j + 1;
          const end = Math.min(text.length, j + 400);
          while (k < end) {
            if (/\s/.test(text[k])) k++;
            else if (text[k] === '#' || (text[k] === '/' && text[k + 1] === '/')) {
              // a comment line before the first key
              const nl = text.indexOf('\n', k);
              k = nl < 0 || nl > end ? end : nl;
            } else break;
          }
          if ((text[k] === '"' || text[k] === "'") && /[A-Z]/.test(text[k + 1] ?? '')) return j;
        }
      }
    }
    i = text.indexOf(name, i + name.length);
  }
  return -1;
}

/** True when `text` reads the whole environment (see ENV_ENUMERATION). */
export function readsWholeEnvironment(path: string, text: string): boolean {
  const lang = langOf(path);
  const re = lang && ENV_ENUMERATION[lang];
  return !!re && re.test(text);
}

/** A `case "X":` / `when "X"` label line: every UPPER_SNAKE literal on it is a key. */
const CASE_LINE = /^\s*(?:case|when)\s+["'`]/;
const UPPER_LITERAL = /["'`]([A-Z][A-Z0-9_]*)["'`]/g;
/** A map key or match arm: `"X": h`, `"X" => h`, `"X" -> h`, `{"X", h}`. */
const KEY_LITERAL = /(?:^|[\s{(,[])["']([A-Z][A-Z0-9_]*)["']\s*(?:=>|->|:(?!:)|,\s*(?:func\b|[a-z][\w.]*\s*[,}]))/g;

function registryName(n: string): boolean {
  return implicitOk(n) && (n.includes('_') || n.length >= 5);
}

const readerRegexCache = new Map<string, RegExp>();

function readerCall(readers: readonly string[]): RegExp | null {
  if (!readers.length) return null;
  const key = readers.join('\0');
  let re = readerRegexCache.get(key);
  if (!re) {
    if (readerRegexCache.size > 50) readerRegexCache.clear();
    const alt = readers.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    // reader("X" …) or reader(cfg, "X" …): the first UPPER_SNAKE literal among the first two arguments.
    // reader("X"), Mod.reader("X"), App.Config.reader!("X"): up to three qualifiers before it.
    re = new RegExp(`(?<![\\w.$])(?:[\\w$]+\\s*(?:\\.|::|->)\\s*){0,3}(?:${alt})\\s*\\(\\s*(?:[^"'(),]{1,60},\\s*)?["'\`]([A-Z][A-Z0-9_]*)["'\`]`, 'g');
    readerRegexCache.set(key, re);
  }
  return re;
}

/**
 * Registry shapes on the target lines: keys of a file that reads the whole environment
 * (`case "X":`, map keys), and calls of the generic readers the profile learned (or that
 * the file defines itself). Registry keys are optional settings (read only when set).
 */
function registryRefs(lang: Lang, ctx: Ctx, opts: ExtractOptions, out: Collector): void {
  const context = opts.context;
  let registry = context?.registry;
  let readers = context?.readers ?? [];
  const full = ctx.whole ? ctx.lines.join('\n') : null;
  if (registry === undefined && full != null) registry = readsWholeEnvironment(`x.${LANG_EXT[lang]}`, full);
  if (full != null && !context?.readers) readers = envReadersIn(`x.${LANG_EXT[lang]}`, full).map((r) => r.name);
  const call = readerCall(readers);
  if (!registry && !call) return;
  const via = context?.evidence;
  for (const [i, line] of ctx.targets) {
    const raw = ctx.lines[i];
    if (raw == null || raw.length > 4000) continue;
    if (!raw.includes('"') && !raw.includes("'") && !raw.includes('`')) continue;
    const code = stripComment(raw, lang);
    if (registry) {
      if (CASE_LINE.test(code)) {
        UPPER_LITERAL.lastIndex = 0;
        for (let m = UPPER_LITERAL.exec(code); m; m = UPPER_LITERAL.exec(code)) if (registryName(m[1])) out.add(m[1], line, 'read', true, via ?? 'registry');
      } else {
        KEY_LITERAL.lastIndex = 0;
        for (let m = KEY_LITERAL.exec(code); m; m = KEY_LITERAL.exec(code)) if (registryName(m[1])) out.add(m[1], line, 'read', true, via ?? 'registry');
      }
    }
    if (call) {
      call.lastIndex = 0;
      for (let m = call.exec(code); m; m = call.exec(code)) {
        if (!registryName(m[1])) continue;
        const after = code.slice(m.index + m[0].length);
        // reader("X", default) → optional; reader("X") → required.
        const optional = /^["'`]?\s*,\s*[^\s)]/.test(after) || /^["'`]?\s*\)\s*(\|\||\?\?|\bor\b|\|>\s*\w*default)/.test(after);
        out.add(m[1], line, 'read', optional, via ?? 'reader');
      }
    }
  }
}

const LANG_EXT: Record<string, string> = { js: 'js', py: 'py', rb: 'rb', go: 'go', jvm: 'java', scala: 'scala', cs: 'cs', php: 'php', rs: 'rs', ex: 'ex', c: 'c' };

/**
 * Names of `refs` (the refs of a file's added and removed lines) that the file reads or declares on a line
 * the change left alone, both in the old file (with the old file as context) and in the new one (with the
 * new file): the name is neither new nor gone. Both sides, because a line can become a read only by the
 * change around it (a script that stops assigning `X` makes its untouched `${X}` an env read). A name the
 * change reads with a default is not kept: the default is news to the operator. Only lines
 * that mention a name are read (at most 2000 a side, of at most 4000 characters).
 */
export function keptEnvNames(change: Pick<Change, 'path' | 'oldPath' | 'status' | 'copied' | 'hunks'>, oldText: string, newText: string, refs: readonly EnvRef[], context?: EnvContext): Set<string> {
  // A read that now supplies a default (`[ -n "$X" ] || X=d` before an old `"$X"`) still tells the operator something new: kept only plain ones.
  const optional = new Set(refs.filter((r) => r.optional).map((r) => r.name));
  const names = [...new Set(refs.filter((r) => r.kind !== 'set' && !optional.has(r.name)).map((r) => r.name))].slice(0, 50);
  if (!names.length) return new Set();
  const readOn = (path: string, text: string, touched: (line: number) => boolean): Set<string> => {
    const lines: { line: number; text: string }[] = [];
    const all = text.split('\n');
    for (let i = 0; i < all.length && lines.length < 2000; i++) {
      const t = all[i];
      if (t.length > 4000 || !names.some((n) => t.includes(n)) || touched(i + 1)) continue;
      lines.push({ line: i + 1, text: t });
    }
    const found = new Set<string>();
    if (!lines.length) return found;
    const wanted = new Set(names);
    for (const r of extractEnvRefs(path, lines, { fullText: text, context })) if (r.kind !== 'set' && !(r.kind === 'declare' && r.optional) && wanted.has(r.name)) found.add(r.name);
    return found;
  };
  const touched = changedLineTests(change);
  const atHead = readOn(change.path, newText, touched.added);
  if (!atHead.size) return atHead;
  const inBase = readOn(change.oldPath ?? change.path, oldText, touched.removed);
  return new Set([...atHead].filter((n) => inBase.has(n)));
}
