import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { EnvContext } from '../analyzers/env';
import type { ProfileConfig } from '../config/types';
import type { GitSource } from '../git/gitSource';
import type { Logger } from '../logger';
import { ensureHandoffDir } from '../cache/store';
import { isShippedConfigFile, learnProfile, type ProfileSource } from './learn';
import { emptyProfile, PROFILE_VERSION, type RepoProfile } from './types';

export * from './types';
export { isHistoryFileName, isVersionFolderStep, learnProfile, type ProfileSource } from './learn';

/**
 * The repository profile of the tree at `rev`, from the cache under the git folder
 * (`<git-common-dir>/handoff/profile-v<version>-<tree>.json`: two versions of Handoff on one
 * repository, the editor's and a hook's, keep a file each instead of re-learning in turn) or
 * learned and cached, with the
 * corrections of `.handoff/config.yaml` applied. Never throws: a profile that cannot be
 * learned is empty (the packs still work). `learnFrom`: what a profile not cached is learned
 * from (the engine's greps head's files on disk when head is checked out and clean).
 */
export async function loadProfile(git: GitSource, rev: string, config: ProfileConfig | undefined, logger?: Logger, learnFrom: ProfileSource = git): Promise<RepoProfile> {
  let profile: RepoProfile;
  try {
    const tree = git.treeOf ? await git.treeOf(rev) : rev;
    const dir = git.gitDir ? path.join(await git.gitDir(), 'handoff') : null;
    const file = dir ? path.join(dir, `profile-v${PROFILE_VERSION}-${tree}.json`) : null;
    const cached = file ? await readCached(file, tree) : null;
    if (cached) profile = { ...cached, cached: true };
    else {
      const started = Date.now();
      profile = await learnProfile(learnFrom, rev, tree);
      logger?.debug(`profile learned in ${Date.now() - started} ms`);
      if (dir && file) await writeCached(dir, file, profile).catch((e: unknown) => logger?.debug(`profile not cached: ${(e as Error).message}`));
    }
  } catch (e) {
    logger?.warn(`repository profile not learned: ${(e as Error).message}`);
    profile = emptyProfile(rev);
  }
  return applyCorrections(profile, config);
}

/** A cached profile, or null when absent, unreadable, corrupt or of another version/tree. */
async function readCached(file: string, tree: string): Promise<RepoProfile | null> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const p = JSON.parse(text) as RepoProfile;
    if (!p || p.version !== PROFILE_VERSION || p.tree !== tree) return null;
    for (const k of ['schemaHistory', 'envRegistries', 'envReaders', 'envPrefixes', 'imageContent', 'templates', 'deploymentDocs', 'devOnly', 'configReaders', 'schemaAutoSync'] as const) if (!Array.isArray(p[k])) return null;
    return { ...p, corrections: [] };
  } catch {
    return null; // corrupt (a crash mid-write on a file system without atomic rename): learn again
  }
}

/** Writes atomically (a temporary file renamed over the target): concurrent runs never see half a file. */
async function writeCached(dir: string, file: string, profile: RepoProfile): Promise<void> {
  await ensureHandoffDir(dir);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const { cached: _c, corrections: _x, ...data } = profile;
  await fsp.writeFile(tmp, JSON.stringify({ ...data, corrections: [] }) + '\n');
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  // Keep the newest few profiles (one per tree the repository was analysed at).
  const entries = (await fsp.readdir(dir)).filter((n) => /^profile-(?:v\d+-)?[0-9a-f]+\.json$/.test(n));
  if (entries.length > 8) {
    const stats = await Promise.all(entries.map(async (n) => ({ n, t: (await fsp.stat(path.join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })));
    stats.sort((a, b) => b.t - a.t);
    await Promise.all(stats.slice(8).map((s) => fsp.rm(path.join(dir, s.n), { force: true })));
  }
}

/** The profile of the commit `head` (an empty one for a repository without commits). */
export async function profileOf(git: GitSource, head: string | null, config: ProfileConfig | undefined, logger?: Logger): Promise<RepoProfile> {
  if (!head) return applyCorrections(emptyProfile('0'.repeat(40)), config);
  return loadProfile(git, head, config, logger);
}

/** Applies `profile:` of `.handoff/config.yaml`: entries added, learned ones removed. */
export function applyCorrections(learned: RepoProfile, config: ProfileConfig | undefined): RepoProfile {
  const p: RepoProfile = { ...learned, corrections: [] };
  if (!config) return p;
  const not = (globs: string[] | undefined) => (globs?.length ? picomatch(globs, { dot: true }) : null);
  const dropFolder = not(config.notSchemaHistory);
  if (dropFolder) p.schemaHistory = p.schemaHistory.filter((e) => !(dropFolder(e.folder) || dropFolder(`${e.folder}/`)));
  for (const g of config.schemaHistory ?? []) p.schemaHistory = [...p.schemaHistory, { folder: g.replace(/\/(\*\*)?$/, ''), files: 0, sample: '', evidence: 'set in .handoff/config.yaml (profile.schemaHistory)' }];
  const dropReg = not(config.notEnvRegistries);
  if (dropReg) p.envRegistries = p.envRegistries.filter((e) => !dropReg(e.path));
  for (const g of config.envRegistries ?? []) p.envRegistries = [...p.envRegistries, { path: g, line: 0, shape: 'switch', names: [], evidence: 'set in .handoff/config.yaml (profile.envRegistries)' }];
  const notReaders = new Set(config.notEnvReaders ?? []);
  p.envReaders = p.envReaders.filter((r) => !notReaders.has(r.name));
  for (const n of config.envReaders ?? []) if (!p.envReaders.some((r) => r.name === n)) p.envReaders = [...p.envReaders, { name: n, path: '.handoff/config.yaml', line: 0, evidence: 'set in .handoff/config.yaml (profile.envReaders)' }];
  const dropTpl = not(config.notTemplates);
  if (dropTpl) p.templates = p.templates.filter((t) => !dropTpl(t.path) && !dropTpl(t.path.replace(/\/$/, '')));
  for (const g of config.templates ?? []) p.templates = [...p.templates, { path: g, kind: 'example', evidence: 'set in .handoff/config.yaml (profile.templates)' }];
  const dropDev = not(config.notDevOnly);
  if (dropDev) p.devOnly = p.devOnly.filter((d) => !dropDev(d.path) && !dropDev(d.path.replace(/\/$/, '')));
  for (const g of config.devOnly ?? []) p.devOnly = [...p.devOnly, { path: g, evidence: 'set in .handoff/config.yaml (profile.devOnly)' }];
  const dropReader = not(config.notConfigReaders);
  if (dropReader) p.configReaders = p.configReaders.filter((c) => !dropReader(c.path));
  for (const g of config.configReaders ?? []) p.configReaders = [...p.configReaders, { path: g, evidence: 'set in .handoff/config.yaml (profile.configReaders)' }];
  const dropSync = not(config.notSchemaAutoSync);
  if (dropSync) p.schemaAutoSync = p.schemaAutoSync.filter((e) => !dropSync(e.path));
  for (const g of config.schemaAutoSync ?? []) p.schemaAutoSync = [...p.schemaAutoSync, { path: g, evidence: 'set in .handoff/config.yaml (profile.schemaAutoSync)' }];
  const dropDocs = not(config.notDeploymentDocs);
  if (dropDocs) p.deploymentDocs = p.deploymentDocs.filter((d) => !dropDocs(d.path));
  for (const g of config.deploymentDocs ?? []) p.deploymentDocs = [...p.deploymentDocs, { path: g, evidence: 'set in .handoff/config.yaml (profile.deploymentDocs)' }];
  for (const [k, v] of Object.entries(config)) p.corrections.push(`${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  return p;
}

/**
 * The questions the engine asks a profile, answered quickly per path (globs compiled once).
 */
export class ProfileView {
  private readonly history: { folder: string; entry: RepoProfile['schemaHistory'][number]; glob: ((p: string) => boolean) | null }[];
  private readonly registries: Map<string, RepoProfile['envRegistries'][number]>;
  private readonly registryGlobs: ((p: string) => boolean) | null;
  private readonly templatePaths: Map<string, RepoProfile['templates'][number]>;
  private readonly templateGlobs: ((p: string) => boolean) | null;
  private readonly shippedFolders: RepoProfile['templates'];
  private readonly dev: ((p: string) => boolean) | null;
  /** `dev` without the tooling folders learned by name (isDevOnlyByToolingFolder). */
  private readonly devBeyondTooling: ((p: string) => boolean) | null;
  private readonly configReaderGlobs: ((p: string) => boolean) | null;
  readonly readers: string[];
  private readonly readerContext: EnvContext;
  private readonly prefixes: RepoProfile['envPrefixes'];
  /** Substrings of a head line that may read an env var besides ENV_READ_NEEDLES (readers, bound struct tags). */
  readonly needles: string[];

  constructor(readonly profile: RepoProfile, readonly optionalSettingsNeedNote = false) {
    this.history = profile.schemaHistory.map((e) => ({ folder: e.folder, entry: e, glob: /[*?{[]/.test(e.folder) ? picomatch(e.folder, { dot: true }) : null }));
    this.registries = new Map(profile.envRegistries.filter((r) => !/[*?{[]/.test(r.path)).map((r) => [r.path, r]));
    const rg = profile.envRegistries.filter((r) => /[*?{[]/.test(r.path)).map((r) => r.path);
    this.registryGlobs = rg.length ? picomatch(rg, { dot: true }) : null;
    this.templatePaths = new Map(profile.templates.filter((t) => !/[*?{[]/.test(t.path) && !t.path.endsWith('/')).map((t) => [t.path, t]));
    this.shippedFolders = profile.templates.filter((t) => t.kind === 'shipped' && t.path.endsWith('/'));
    const tg = profile.templates.filter((t) => /[*?{[]/.test(t.path)).map((t) => t.path);
    this.templateGlobs = tg.length ? picomatch(tg, { dot: true }) : null;
    const devGlobs = profile.devOnly.map((d) => (d.path.endsWith('/') ? `${d.path}**` : d.path));
    this.dev = devGlobs.length ? picomatch(devGlobs, { dot: true }) : null;
    // The same, without the `scripts/` and `tools/` folders learned by their name alone (learn.ts DEV_DIR).
    const otherDev = profile.devOnly.filter((d) => !isToolingFolder(d)).map((d) => (d.path.endsWith('/') ? `${d.path}**` : d.path));
    this.devBeyondTooling = otherDev.length === devGlobs.length ? this.dev : otherDev.length ? picomatch(otherDev, { dot: true }) : null;
    const cg = profile.configReaders.filter((c) => /[*?{[]/.test(c.path)).map((c) => c.path);
    this.configReaderGlobs = cg.length ? picomatch(cg, { dot: true }) : null;
    this.readers = profile.envReaders.map((r) => r.name);
    this.prefixes = profile.envPrefixes ?? [];
    // Head's env index selects lines by these: the readers, and the struct tags of prefix-bound packages.
    this.needles = [...new Set([...this.readers, ...this.prefixes.filter((b) => !b.serde).map((b) => `${b.tag}:"`)])];
    const first = profile.envReaders[0];
    this.readerContext = { readers: this.readers, ...(first ? { evidence: readerEvidence(profile) } : {}) };
  }

  /** The schema-history folder that holds `p` (directly, or in a numbered subfolder). */
  schemaHistoryOf(p: string): RepoProfile['schemaHistory'][number] | null {
    for (const h of this.history) {
      if (h.glob ? h.glob(p.slice(0, p.lastIndexOf('/'))) || h.glob(p) : p.startsWith(`${h.folder}/`)) return h.entry;
    }
    return null;
  }

  /** What the env extractor should know about `p`. */
  envContext(p: string): EnvContext {
    const reg = this.registries.get(p) ?? (this.registryGlobs?.(p) ? { path: p, line: 0, evidence: '' } : undefined);
    let ctx: EnvContext = reg ? { readers: this.readers, registry: true, evidence: `read through the env registry at ${reg.line ? `${reg.path}:${reg.line}` : reg.path}` } : this.readerContext;
    if (this.inImage(p)) ctx = { ...ctx, inImage: true };
    if (this.prefixes.length && p.endsWith('.rs')) {
      // A Rust crate's settings structs may live in any file below the loader's folder.
      const r = this.prefixes.find((e) => e.serde && (e.folder === '' || p.startsWith(`${e.folder}/`)));
      return r ? { ...ctx, boundPrefix: { prefix: r.prefix, tag: r.tag, replacer: false, evidence: `${r.tag} environment source with prefix "${r.prefix}" at ${r.path}:${r.line}`, serde: r.serde } } : ctx;
    }
    if (!this.prefixes.length || !p.endsWith('.go')) return ctx;
    const folder = p.slice(0, Math.max(0, p.lastIndexOf('/')));
    const b = this.prefixes.find((e) => e.folder === folder && !e.serde);
    return b ? { ...ctx, boundPrefix: { prefix: b.prefix, tag: b.tag, replacer: b.replacer, evidence: `viper AutomaticEnv with prefix "${b.prefix}" at ${b.path}:${b.line}` } } : ctx;
  }

  /** True when a Dockerfile copies `p` into the container image (profile.imageContent). */
  inImage(p: string): boolean {
    for (const e of this.profile.imageContent ?? []) if (e.path.endsWith('/') ? p.startsWith(e.path) : p === e.path) return true;
    return false;
  }

  /** How a line of a prefix-bound package names `name` (`cfg:"cookie_name` for OAUTH2_PROXY_COOKIE_NAME), for head's env index. */
  envAliases(name: string): string[] {
    const out: string[] = [];
    for (const b of this.prefixes) if (!b.serde && name.startsWith(`${b.prefix}_`) && name.length > b.prefix.length + 1) out.push(`${b.tag}:"${name.slice(b.prefix.length + 1).toLowerCase()}`);
    return out;
  }

  /** Registry files (plain paths) whose names the head index must hold. */
  registryPaths(): string[] {
    return [...this.registries.keys()];
  }

  template(p: string): RepoProfile['templates'][number] | null {
    const file = this.templatePaths.get(p);
    if (file) return file;
    // A config file in a folder the distribution installs as the operators' configuration (`etc/`).
    for (const f of this.shippedFolders) if (p.startsWith(f.path) && isShippedConfigFile(p.slice(f.path.length))) return f;
    return this.templateGlobs?.(p) ? { path: p, kind: 'example', evidence: 'set in .handoff/config.yaml (profile.templates)' } : null;
  }

  /** Evidence that the schema is synced from model classes at start-up, or null. */
  schemaAutoSync(): RepoProfile['schemaAutoSync'][number] | null {
    return this.profile.schemaAutoSync[0] ?? null;
  }

  /** The config-reader module at `p` (analyzers/configReader.ts), or null. */
  configReader(p: string): RepoProfile['configReaders'][number] | null {
    return this.profile.configReaders.find((c) => c.path === p) ?? (this.configReaderGlobs?.(p) ? { path: p, evidence: 'set in .handoff/config.yaml (profile.configReaders)' } : null);
  }

  isDevOnly(p: string): boolean {
    return this.dev ? this.dev(p) : false;
  }

  /**
   * Whether `p` is development-only for no other reason than lying in a `scripts/` or `tools/` folder the
   * container image does not ship: such a folder holds the operator's tooling as often as a developer's
   * (a database migration script run by hand on upgrade: `scripts/database_migration/migration.py`).
   */
  isDevOnlyByToolingFolder(p: string): boolean {
    return this.isDevOnly(p) && !(this.devBeyondTooling ? this.devBeyondTooling(p) : false);
  }
}

/** A `scripts/` or `tools/` folder the profile learned as development-only by its name alone. */
function isToolingFolder(d: { path: string; evidence: string }): boolean {
  return /(?:^|\/)(?:scripts|tools)\/$/.test(d.path) && /^a (?:scripts|tools) folder$/.test(d.evidence);
}

function readerEvidence(profile: RepoProfile): string {
  const r = profile.envReaders;
  if (r.length === 1) return `read through ${r[0].name}() at ${r[0].path}:${r[0].line}`;
  return `read through an env reader the profile learned (${r.slice(0, 3).map((x) => `${x.name}() at ${x.path}:${x.line}`).join(', ')}${r.length > 3 ? ', …' : ''})`;
}
