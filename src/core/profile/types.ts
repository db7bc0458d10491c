/**
 * What Handoff learns about a repository from the repository itself (issue 11): where its
 * schema history is, how it reads its environment, which files operators copy, which
 * paths only run in development. Learned once per tree and cached (cache.ts); the engine
 * asks it and hands what it learned to the analyzers as plain input.
 */

export const PROFILE_VERSION = 14;

export interface SchemaHistoryEntry {
  /** The folder (repository-relative, no trailing slash). */
  folder: string;
  /** Numbered or timestamped files found in it (subfolders with numbered names included). */
  files: number;
  /** A file of it that holds DDL or ORM operations, and that line. */
  sample: string;
  evidence: string;
}

export type RegistryShape = 'switch' | 'map' | 'binding';

export interface EnvRegistryEntry {
  path: string;
  /** The line that reads the whole environment. */
  line: number;
  shape: RegistryShape;
  /** UPPER_SNAKE keys it names (at most 50 kept). */
  names: string[];
  evidence: string;
}

export interface EnvReaderEntry {
  /** The function's name. */
  name: string;
  path: string;
  /** The line where it reads the env var its argument names. */
  line: number;
  evidence: string;
}

/** A config loader that binds every key of its package to the environment by a prefix (viper `SetEnvPrefix` + `AutomaticEnv`). */
export interface EnvPrefixEntry {
  /** The loader's file, and the line of `SetEnvPrefix`. */
  path: string;
  line: number;
  /** The package folder whose struct tags name the keys (the loader's own folder). */
  folder: string;
  prefix: string;
  /** The struct tag that names a key (`mapstructure`, `cfg`). */
  tag: string;
  /** Keys with `-`/`.` map to `_` (a key replacer is set). */
  replacer: boolean;
  evidence: string;
  /**
   * Rust (`config` crate `Environment::with_prefix`, figment `Env::prefixed`): the env name of a
   * field is `prefix` (its separator included) + the key path joined by `separator`, from the
   * serde struct `root`; `folder` is the crate's source tree (every file below it).
   */
  serde?: { separator: string; root: string };
}

/**
 * `shipped`: a folder (path ending in `/`) of config files the distribution installs as the operator's own configuration (`etc/`).
 * `installed`: one config file a release manifest installs (a relx overlay into `etc/`, a GoReleaser archive's files).
 * `overridden`: the defaults file the application loads under the operator's local override file
 *   (PHP: `conf/config.inc.php` requiring `config.inc.local.php`, `settings.php` requiring `local_settings.php`).
 */
export type TemplateKind = 'example' | 'default' | 'nginx' | 'apache' | 'caddy' | 'systemd' | 'helm-values' | 'env-example' | 'shipped' | 'installed' | 'overridden';

export interface TemplateEntry {
  /** A file, or for kind `shipped` a folder ending in `/`. */
  path: string;
  kind: TemplateKind;
  evidence: string;
}

export interface PathEntry {
  /** A path, or a folder ending in `/`. */
  path: string;
  evidence: string;
}

export interface RepoProfile {
  version: typeof PROFILE_VERSION;
  /** The tree it was learned from. */
  tree: string;
  schemaHistory: SchemaHistoryEntry[];
  envRegistries: EnvRegistryEntry[];
  envReaders: EnvReaderEntry[];
  /** Config loaders binding every key of their package to the environment by a prefix. */
  envPrefixes: EnvPrefixEntry[];
  /** Paths a Dockerfile copies into the container image (a file, or a folder ending in `/`): deployed, whatever their folder is called. */
  imageContent: PathEntry[];
  templates: TemplateEntry[];
  deploymentDocs: PathEntry[];
  devOnly: PathEntry[];
  /** Modules that read many keys of the operator's config file (`config.get("key")`): config actions show in them. */
  configReaders: PathEntry[];
  /** Where the repository creates or updates its schema from its model classes at start-up (GORM AutoMigrate, xorm Sync, Hibernate ddl-auto=update, DataNucleus autoCreate, SQLAlchemy create_all, TypeORM synchronize). */
  schemaAutoSync: PathEntry[];
  /** Corrections applied from `.handoff/config.yaml` (`profile:`), as text for `handoff profile`. */
  corrections: string[];
  /** True when it was read from the cache. */
  cached?: boolean;
}

export function emptyProfile(tree: string): RepoProfile {
  return { version: PROFILE_VERSION, tree, schemaHistory: [], envRegistries: [], envReaders: [], envPrefixes: [], imageContent: [], templates: [], deploymentDocs: [], devOnly: [], configReaders: [], schemaAutoSync: [], corrections: [] };
}
