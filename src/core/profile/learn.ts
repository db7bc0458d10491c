import { DDL_LINE, isSqlPath } from '../analyzers/ddl';
import { isCodePath } from '../analyzers/ddlStrings';
import { CONFIG_FILE_TAGS, CONFIG_READER_MIN_READS } from '../analyzers/configReader';
import { envReadersIn, extractEnvRefs, hasEnvLanguage, isComposePath, readsDefaultsByName } from '../analyzers/env';
import { envPrefixBinding } from '../analyzers/envCode';
import { serdeEnvBinding } from '../analyzers/envStruct';
import { lex } from '../lex';
import { BUILTIN_IGNORES } from '../config/types';
import type { GrepHit } from '../git/gitSource';
import { genericExcluded, ORM_SCHEMA_OP } from '../rules/packs/generic';
import { globTester } from '../rules/matcher';
import { emptyProfile, type EnvReaderEntry, type EnvRegistryEntry, type PathEntry, type RepoProfile, type SchemaHistoryEntry, type TemplateEntry, type TemplateKind } from './types';

/** What learning needs of git, at one commit (the engine passes its GitSource). */
export interface ProfileSource {
  listFiles(rev: string): Promise<string[]>;
  grep(rev: string, words: string[], pathspecs?: string[], opts?: { word?: boolean; extended?: boolean }): Promise<GrepHit[]>;
  readFiles(rev: string, paths: string[], maxBytes: number): Promise<Map<string, string | null>>;
}

const MAX_READ = 256 * 1024;
/** Compiled when a profile is first learned, not when the module loads (a cached profile never needs it). */
let ignoredGlobs: ((path: string) => boolean) | null = null;
const ignored = (path: string): boolean => (ignoredGlobs ??= globTester([...BUILTIN_IGNORES]))(path);

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
function dirName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** A numbered or timestamped file name: `0042_add_x.sql`, `V3__x.sql`, `20240101_x.rb`, `v280.go`, `73/01_x.sql`. */
const NUMBERED = /^(?:[Vv]?\d+(?:[._-]\d+)*(?:[._-]|__)|v\d+(?:_\d+)*\.)/;
/** `v7/`, `V7/`, `73/`, `2.1/`: a version's subfolder of a history. */
const NUMERIC_DIR = /^(?:[vV]?\d+(?:[._]\d+)*)$/;
/**
 * A migration named by its version after a word (a class per step): `Migration721001.php`,
 * Doctrine's `Version20240101120000.php`, Yii's `m240101_120000_x.php`, `upgrade_042.sql`.
 * At least three digits: `Update2.php` is not a version.
 */
const VERSION_NAMED = /^(?:migration|version|upgrade|update|patch|m)_?\d{3,}/i;

/** A file name a schema history holds: numbered, timestamped, or a version after a word. */
export function isHistoryFileName(base: string): boolean {
  return NUMBERED.test(base) || VERSION_NAMED.test(base);
}

/**
 * Whether `path` is a step of the version subfolder of the history at `folder`: `etc/upgrade/4.4.1/content`,
 * `phpbb/db/migration/data/v330/x.php`. The version is the folder's name, so the step's own name
 * need not be numbered (as learning counts it, above), nor its extension known (`schema.Pg`,
 * `acl.Oracle`, a Perl `content` script): a README, notes or an image beside the steps is no step.
 */
export function isVersionFolderStep(path: string, folder: string): boolean {
  const dir = dirName(path);
  if (!NUMERIC_DIR.test(baseName(dir)) || dirName(dir) !== folder) return false;
  const b = baseName(path);
  return !/^(?:readme|changes|changelog|notes|license|copying)(?:\.|$)|\.(?:md|markdown|txt|rst|adoc|html?|pdf|png|jpe?g|gif|svg)$/i.test(b);
}

/**
 * Learns the profile of the tree at `rev` (a commit). Reads: the file list, one `git grep`
 * for env reads of the whole environment and generic readers, and a few files (at most
 * ~60) to confirm what the names suggest.
 */
export async function learnProfile(src: ProfileSource, rev: string, tree: string): Promise<RepoProfile> {
  const profile = emptyProfile(tree);
  const [files, envHits, configHits, syncHits] = await Promise.all([
    src.listFiles(rev),
    src.grep(rev, [ENV_GREP], [], { extended: true, word: false }).catch(() => [] as GrepHit[]),
    src.grep(rev, [CONFIG_READ_GREP], CODE_PATHSPECS, { extended: true, word: false }).catch(() => [] as GrepHit[]),
    src.grep(rev, [AUTOSYNC_GREP], [...CODE_PATHSPECS, ':(glob)**/*.properties', ':(glob)**/*.yml', ':(glob)**/*.yaml', ':(glob)**/*.xml'], { extended: true, word: false }).catch(() => [] as GrepHit[]),
  ]);
  const live = files.filter((f) => !ignored(f));

  // ---- schema history: folders of numbered files holding DDL or ORM operations
  const groups = new Map<string, string[]>();
  for (const f of live) {
    if (genericExcluded(f)) continue;
    if (!isSqlPath(f) && !isCodePath(f)) continue;
    const b = baseName(f);
    let dir = dirName(f);
    const parent = baseName(dir);
    // `delta/73/01_x.sql`: the history is `delta`, its numbered subfolders are versions.
    if (NUMERIC_DIR.test(parent)) dir = dirName(dir);
    else if (!isHistoryFileName(b)) continue;
    let g = groups.get(dir);
    if (!g) groups.set(dir, (g = []));
    g.push(f);
  }
  const candidates = [...groups.entries()].filter(([, g]) => g.length >= 3).sort((a, b) => b[1].length - a[1].length).slice(0, 25);
  // The newest files, and a few older ones: a data fix-up is often the newest of a history of DDL.
  const samples = candidates.map(([dir, g]) => {
    const s = [...g].sort();
    return [dir, [...new Set([...s.slice(-3), s[0], s[Math.floor(s.length / 2)]])]] as const;
  });
  const texts = await src.readFiles(rev, samples.flatMap(([, s]) => s), MAX_READ);
  for (const [dir, sample] of samples) {
    const count = groups.get(dir)!.length;
    // A folder named for its job (migrations, schema, deltas) may also hold data fix-ups.
    const named = HISTORY_NAME.test(dir);
    let first: { p: string; hit: { line: number; text: string } } | null = null;
    let read = 0;
    let holding = 0;
    for (const p of sample) {
      const text = texts.get(p);
      if (text == null) continue;
      read++;
      // A temporary table is a query's scratch space, not the schema.
      const hit = firstLine(text, (l) => ((DDL_LINE.test(l) && !TEMP_TABLE.test(l)) || ORM_SCHEMA_OP.test(l) || GO_ORM_SCHEMA.test(l) || (named && DATA_STATEMENT.test(l))));
      if (!hit) continue;
      holding++;
      first ??= { p, hit };
      if (named) break;
    }
    // A folder not named for its job must hold schema changes in most of the files read: a
    // catalogue of numbered queries (`dml/0013_create_deltabs`: one scratch table among
    // SELECTs) is not a history of the schema.
    if (!first || (!named && holding * 2 < read)) continue;
    profile.schemaHistory.push({
      folder: dir,
      files: count,
      sample: `${first.p}:${first.hit.line}`,
      evidence: `${count} numbered files; ${first.p}:${first.hit.line} holds \`${first.hit.text.trim().slice(0, 60)}\``,
    } satisfies SchemaHistoryEntry);
  }

  // ---- env registries and generic readers (one grep of head, then the files it names)
  const registryFiles = new Map<string, number>();
  const readerFiles = new Set<string>();
  for (const h of envHits) {
    if (ignored(h.path) || genericExcluded(h.path) || !hasEnvLanguage(h.path) || !isCodePath(h.path)) continue;
    if (ENUMERATION_LINE.test(h.text)) {
      if (!registryFiles.has(h.path)) registryFiles.set(h.path, h.line);
    } else readerFiles.add(h.path);
  }
  const envPaths = [...new Set([...registryFiles.keys(), ...readerFiles])].slice(0, 40);
  const envTexts = envPaths.length ? await src.readFiles(rev, envPaths, MAX_READ) : new Map<string, string | null>();
  const byDefaults = new Set<string>();
  // A file that reads env vars by a variable while iterating a literal map of names (`DEFAULTS.items()`): a registry too.
  for (const path of readerFiles) {
    const text = registryFiles.has(path) ? null : envTexts.get(path);
    const line = text == null ? null : readsDefaultsByName(path, text);
    if (line !== null) {
      registryFiles.set(path, line);
      byDefaults.add(path);
    }
  }
  for (const [path, line] of registryFiles) {
    const text = envTexts.get(path);
    if (text == null) continue;
    const bound = path.endsWith('.go') ? envPrefixBinding(text) : null;
    if (bound && profile.envPrefixes.length < 10) {
      const folder = dirName(path);
      profile.envPrefixes.push({ path, line: bound.line, folder, prefix: bound.prefix, tag: bound.tag, replacer: bound.replacer, evidence: `${path}:${bound.line} binds every \`${bound.tag}:"…"\` key of ${folder || '.'}/ to the environment as ${bound.prefix}_<KEY> (viper SetEnvPrefix + AutomaticEnv)` });
    }
    const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
    const refs = extractEnvRefs(path, lines, { fullText: text, presence: true, context: { registry: true, readers: [] } }).filter((r) => r.via);
    const names = [...new Set(refs.map((r) => r.name))];
    if (names.length < 2) continue;
    const shape = refs.some((r) => /^\s*(?:case|when)\b/.test(lines[r.line - 1]?.text ?? '')) ? 'switch' : refs.some((r) => /viper|ConfigurationProperties/.test(r.via ?? '')) ? 'binding' : 'map';
    profile.envRegistries.push({
      path,
      line,
      shape,
      names: names.slice(0, 50),
      evidence: byDefaults.has(path) ? `${path}:${line} reads the env vars named by the keys of a map it iterates (${names.length} keys: \`"${names[0]}"\`, …)` : `${path}:${line} reads the whole environment and names ${names.length} keys (${shape === 'switch' ? '`case "' + names[0] + '"`' : '`"' + names[0] + '"` map key'}, …)`,
    } satisfies EnvRegistryEntry);
  }
  // Rust: a prefixed environment source deserialized into a serde struct (config crate, figment).
  for (const path of envPaths) {
    const text = envTexts.get(path);
    if (text == null || !path.endsWith('.rs') || profile.envPrefixes.length >= 10 || !(text.includes('with_prefix') || text.includes('prefixed'))) continue;
    const b = serdeEnvBinding([...lex('rust', text)].filter((t) => t.kind !== 'comment'));
    if (!b) continue;
    // The crate's source tree: the folder above `src/…`, else the loader's own folder.
    const m = /^(.*?\/?src)\//.exec(path);
    const folder = m ? m[1] : dirName(path);
    const loader = b.loader === 'config' ? 'config' : 'figment';
    profile.envPrefixes.push({ path, line: b.line, folder, prefix: b.prefix, tag: loader, replacer: false, serde: { separator: b.separator, root: b.root }, evidence: `${path}:${b.line} reads the environment into ${b.root} as ${b.prefix}<KEY${b.separator ? `${b.separator}KEY` : ''}> (${loader === 'config' ? 'config crate Environment::with_prefix' : 'figment Env::prefixed'})` });
  }
  const seenReaders = new Set<string>();
  for (const path of readerFiles) {
    const text = envTexts.get(path);
    if (text == null) continue;
    for (const r of envReadersIn(path, text)) {
      if (seenReaders.has(r.name)) continue;
      seenReaders.add(r.name);
      profile.envReaders.push({ name: r.name, path, line: r.line, evidence: `${r.name}() at ${path}:${r.line} reads the env var its argument names` } satisfies EnvReaderEntry);
      if (profile.envReaders.length >= 30) break;
    }
  }

  // ---- config readers: modules that read many keys of the operator's config file
  // Go settings structs decoded from the config file declare its keys in field tags (`toml:"x"`): counted apart,
  // so that a repository with many tagged structs does not crowd out the modules that read keys.
  const configCounts = new Map<string, { n: number; first: GrepHit }>();
  const tagCounts = new Map<string, { n: number; first: GrepHit }>();
  for (const h of configHits) {
    // A field tag or a `cfg.get("k")` read is a short line; a longer one is minified or machine-written, and
    // CONFIG_READ_LINE backtracks over each letter run (O(length²) on a line of `confconf…`).
    if (h.text.length > CONFIG_HIT_LINE_MAX || ignored(h.path) || genericExcluded(h.path) || !isCodePath(h.path)) continue;
    const tagLine = !CONFIG_READ_LINE.test(h.text);
    // A tag in another language's text (`yaml:"x"` in a Python string) declares nothing.
    if (tagLine && (!h.path.endsWith('.go') || !CONFIG_TAG_LINE.test(h.text))) continue;
    const counts = tagLine ? tagCounts : configCounts;
    const c = counts.get(h.path);
    if (c) c.n++;
    else counts.set(h.path, { n: 1, first: h });
  }
  for (const [path, c] of [...configCounts].filter(([, c]) => c.n >= CONFIG_READER_MIN_READS).sort((a, b) => b[1].n - a[1].n).slice(0, 40)) {
    profile.configReaders.push({ path, evidence: `${path} reads ${c.n} config keys (${path}:${c.first.line} \`${c.first.text.trim().slice(0, 60)}\`)` });
  }
  for (const [path, c] of [...tagCounts].filter(([p, c]) => c.n >= CONFIG_READER_MIN_READS && !profile.configReaders.some((r) => r.path === p) && !/\.pb\.go$|(^|\/)zz_generated[^/]*$/.test(p)).sort((a, b) => b[1].n - a[1].n).slice(0, MAX_TAG_READERS)) {
    profile.configReaders.push({ path, evidence: `${path} declares ${c.n} config keys in field tags (${path}:${c.first.line} \`${c.first.text.trim().slice(0, 60)}\`)` });
  }

  // ---- schema created from the models at start-up
  const entityHits: GrepHit[] = [];
  let syncOff = false;
  for (const h of syncHits) {
    if (ignored(h.path) || genericExcluded(h.path)) continue;
    const t = h.text.trim();
    if (ENTITY_LINE.test(t)) {
      entityHits.push(h);
      continue;
    }
    // a setting must switch it on (`ddl-auto=update`, `autoCreateAll=true`, `synchronize: true`)
    if (/ddl-auto|hbm2ddl|autoCreate|synchronize/.test(t) && !/(update|create|true)\b/i.test(t)) {
      syncOff = true;
      continue;
    }
    profile.schemaAutoSync.push({ path: `${h.path}:${h.line}`, evidence: `${h.path}:${h.line} \`${t.slice(0, 70)}\`` });
    if (profile.schemaAutoSync.length >= 5) break;
  }
  // JDO/JPA entity classes in a repository that keeps no migrations at all (no schema history,
  // no migration/changelog folder or file): its schema can only follow the models (DataNucleus /
  // Hibernate creating columns at start-up, set up by a framework outside the repository).
  const entityFiles = new Set(entityHits.map((h) => h.path));
  if (!syncOff && profile.schemaAutoSync.length === 0 && profile.schemaHistory.length === 0 && entityFiles.size >= 3 && !live.some((f) => MIGRATION_PATH.test(f))) {
    const h = entityHits[0];
    profile.schemaAutoSync.push({ path: `${h.path}:${h.line}`, evidence: `${entityFiles.size} entity classes (${h.path}:${h.line} \`${h.text.trim().slice(0, 40)}\`) and no migration history in the repository: the schema follows the models` });
  }

  // ---- operator templates, deployment docs, dev-only paths (names, and the compose files' own words)
  const composeFiles: string[] = [];
  for (const f of files) {
    if (ignored(f)) continue;
    const kind = templateKind(f);
    if (kind) profile.templates.push({ path: f, kind, evidence: TEMPLATE_EVIDENCE[kind] } satisfies TemplateEntry);
    if (DEPLOY_DOC.test(f)) profile.deploymentDocs.push({ path: f, evidence: 'an install/upgrade/configuration document' } satisfies PathEntry);
    const dev = devOnlyReason(f);
    if (dev) profile.devOnly.push({ path: f, evidence: dev });
    else if (isComposePath(f)) composeFiles.push(f);
  }
  if (profile.templates.length > 200) profile.templates.length = 200;
  profile.templates.push(...shippedConfigFolders(live));
  profile.templates.push(...(await packagedConfigFiles(src, rev, live, new Set(profile.templates.map((t) => t.path)))));
  profile.templates.push(...(await overriddenDefaultsFiles(src, rev, live, new Set(profile.templates.map((t) => t.path)))));
  profile.templates.push(...(await buildInstalledConfigs(src, rev, live, new Set(profile.templates.map((t) => t.path)))));
  if (profile.deploymentDocs.length > 50) profile.deploymentDocs.length = 50;
  const composeTexts = composeFiles.length ? await src.readFiles(rev, composeFiles.slice(0, 20), 64 * 1024) : new Map<string, string | null>();
  for (const [f, text] of composeTexts) {
    if (text == null) continue;
    const hit = firstLine(text.split('\n').slice(0, 40).join('\n'), (l) => /^\s*#/.test(l) && DEV_WORDS.test(l));
    if (hit) profile.devOnly.push({ path: f, evidence: `${f}:${hit.line} says \`${hit.text.trim().slice(0, 70)}\`` });
  }
  // ---- what the container image ships: COPY/ADD sources of the repository's Dockerfiles
  const dockerfiles = live.filter((f) => DOCKERFILE.test(baseName(f)) && !/(^|\/)(tests?|spec|examples?|docs?|testdata|fixtures|\.devcontainer|\.github)\//i.test(f)).slice(0, 6);
  const dockerTexts = dockerfiles.length ? await src.readFiles(rev, dockerfiles, 64 * 1024) : new Map<string, string | null>();
  const livePaths = new Set(live);
  const isPathOrFolder = (p: string) => livePaths.has(p) || live.some((f) => f.startsWith(`${p}/`));
  for (const [df, text] of dockerTexts) {
    if (text == null) continue;
    const dir = dirName(df);
    for (const { src: s0, line } of imageSources(text)) {
      // The build context: the Dockerfile's folder, else the repository root (`docker build -f sub/Dockerfile .`).
      const candidates = dir ? [`${dir}/${s0.replace(/^\.\//, '')}`, s0] : [s0];
      const hit = candidates.map(normalizeSource).find((c) => c !== null && isPathOrFolder(c.path));
      if (!hit) continue;
      const path = hit.folder || !livePaths.has(hit.path) ? `${hit.path}/` : hit.path;
      if (profile.imageContent.some((e) => e.path === path)) continue;
      profile.imageContent.push({ path, evidence: `${df}:${line} copies it into the container image` });
      if (profile.imageContent.length >= 100) break;
    }
  }
  const inImage = (d: string) => profile.imageContent.some((e) => e.path === `${d}/` || e.path.startsWith(`${d}/`));
  // Folders of dev tooling that exist in this repository (reported once each); not what the image ships.
  const devDirs = new Map<string, string>();
  for (const f of files) {
    const m = DEV_DIR.exec(f);
    if (m && !devDirs.has(m[1]) && !inImage(m[1])) devDirs.set(m[1], `a ${m[2]} folder`);
  }
  for (const [d, why] of [...devDirs].slice(0, 30)) profile.devOnly.push({ path: `${d}/`, evidence: why });
  return profile;
}

const DOCKERFILE = /^(?:(?:Docker|Container)file(?:\.[\w.-]+)?|[\w.-]+\.(?:dockerfile|containerfile))$/i;

/**
 * The sources of a Dockerfile's COPY/ADD instructions (continuation lines joined; flags and
 * the destination dropped; copies from another stage or image skipped), with their line.
 */
export function imageSources(text: string): { src: string; line: number }[] {
  const out: { src: string; line: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (!/^\s*(?:COPY|ADD)\s/i.test(first)) continue;
    let inst = first;
    const at = i + 1;
    while (/\\\s*$/.test(inst) && i + 1 < lines.length && i < at + 200) inst = inst.replace(/\\\s*$/, ' ') + lines[++i];
    if (/--from=/i.test(inst)) continue;
    const words = inst.replace(/^\s*(?:COPY|ADD)\s+/i, '').replace(/[[\],"]/g, ' ').split(/\s+/).filter((w) => w && !w.startsWith('--') && !w.startsWith('#'));
    for (const w of words.slice(0, -1)) out.push({ src: w, line: at });
  }
  return out;
}

/** A COPY source as a repository path: wildcards cut back to their folder; `.`, absolute, URL and variable sources are none. */
function normalizeSource(src: string): { path: string; folder: boolean } | null {
  if (/^(?:\/|https?:|\$|~)|\.\.|\$\{?/.test(src)) return null;
  let p = src.replace(/^\.\//, '');
  let folder = p.endsWith('/');
  const wild = p.search(/[*?[]/);
  if (wild >= 0) {
    p = p.slice(0, wild);
    p = p.slice(0, p.lastIndexOf('/') + 1);
    folder = true;
  }
  p = p.replace(/\/+$/, '');
  return p && p !== '.' ? { path: p, folder } : null;
}

const HISTORY_NAME = /(^|\/)[^/]*(migrat|schema|delta|upgrade|evolution|changelog|patches)[^/]*(\/|$)/i;
const TEMP_TABLE = /\b(?:CREATE|DROP)\s+(?:TEMP|TEMPORARY)\s+TABLE\b/i;
const DATA_STATEMENT = /\b(?:UPDATE\s+\w+\s+SET|INSERT\s+INTO|DELETE\s+FROM)\b/i;

/** xorm / gorm / ent schema sync in Go migration files (`x.Sync(new(Repo))`, `AutoMigrate(`). */
const GO_ORM_SCHEMA = /\.(?:Sync2?|AutoMigrate|CreateTable|DropTables?|AddColumn|DropColumn)\s*\(|\bRecreateTables?\s*\(|\b(?:ALTER|CREATE)\s+(?:TABLE|INDEX)\b/;

function firstLine(text: string, test: (l: string) => boolean): { line: number; text: string } | null {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const l = text.slice(start, Math.min(end, start + 2000));
    if (test(l)) return { line, text: l };
    if (end >= text.length) break;
    start = end + 1;
    line++;
  }
  return null;
}

/** Reads of the whole environment (see env.ts ENV_ENUMERATION), as one ERE for git grep. */
const ENUMERATION_PARTS = [
  String.raw`(os|syscall)\.Environ\(\)`,
  String.raw`os\.environ\.(items|keys|copy)\(\)`,
  String.raw`dict\(os\.environ\)`,
  String.raw`Object\.(entries|keys)\(process\.env\)`,
  String.raw`ENV\.(each|each_pair|to_h|select|keys)`,
  String.raw`getenv\(\)`,
  String.raw`foreach ?\(\$_(ENV|SERVER)`,
  String.raw`System\.getenv\(\)`,
  String.raw`GetEnvironmentVariables\(\)`,
  String.raw`env::vars(_os)?\(\)`,
  String.raw`System\.get_env\(\)`,
  // binding shapes: viper's env prefix, Spring's relaxed binding (env.ts hasBindingShape)
  String.raw`SetEnvPrefix\(`,
  String.raw`@ConfigurationProperties`,
];
/** Reads whose name is not a literal: a generic reader (see env.ts GENERIC_ENV_READ). */
const GENERIC_PARTS = [
  String.raw`os\.(Getenv|LookupEnv|getenv)\( ?[A-Za-z_]`,
  String.raw`os\.environ(\.get\(|\[) ?[A-Za-z_]`,
  String.raw`process\.env\[ ?[A-Za-z_]`,
  String.raw`System\.getenv\( ?[A-Za-z_]`,
  String.raw`GetEnvironmentVariable\( ?[A-Za-z_@]`,
  String.raw`env::var(_os)?\( ?&?[A-Za-z_]`,
  String.raw`System\.(get_env|fetch_env!?)\( ?[a-z_]`,
  String.raw`(getenv|env)\( ?\$`,
  String.raw`ENV(\[|\.fetch\() ?[a-z_]`,
];
/** Rust loaders that read a prefixed environment into a serde struct (config crate, figment). */
const SERDE_ENV_PARTS = [String.raw`Environment::with_prefix\(`, String.raw`Env::prefixed\(`];
const ENV_GREP = [...ENUMERATION_PARTS, ...GENERIC_PARTS, ...SERDE_ENV_PARTS].join('|');
/** A config key read: `config.get("key"`, `self.cfg["key"]`, `viper.GetString("a.b"` (analyzers/configReader.ts). */
const CONFIG_READ_PART = String.raw`(conf|cfg|setting|option|opts|viper|koanf|props)[A-Za-z_]*(\.(get|get_[a-z_]+|Get[A-Za-z0-9]*|getString|getInt|getBoolean|getProperty|String|Int|Bool|Duration)\(|\[) ?["'][a-z][a-z0-9_.-]*["']`;
const CONFIG_READ_LINE = new RegExp(CONFIG_READ_PART);
/** Longest profile-grep hit line read as a config read or field tag (see learnProfile). */
const CONFIG_HIT_LINE_MAX = 2000;
/** A Go field tag naming a key of a config file (analyzers/configReader.ts CONFIG_FILE_TAGS); counted in .go files only. */
const CONFIG_TAG_PART = `(${CONFIG_FILE_TAGS.join('|')}):"[A-Za-z]`;
const CONFIG_READ_GREP = `${CONFIG_READ_PART}|${CONFIG_TAG_PART}`;
const CONFIG_TAG_LINE = new RegExp(CONFIG_TAG_PART);
/** Go modules whose field tags declare the config file's keys, kept at most (besides the modules that read keys). */
const MAX_TAG_READERS = 20;
/** Schema synced from model classes: GORM, xorm, Hibernate/Spring, DataNucleus/JDO, SQLAlchemy, TypeORM, Sequelize. */
const AUTOSYNC_GREP = String.raw`\.AutoMigrate\(|\.Sync2?\((new\(|&)|metadata\.create_all\(|hbm2ddl\.auto|ddl-auto|datanucleus\.schema\.autoCreate|autoCreateAll|autoCreateTables|autoCreateColumns|synchronize: ?true|sequelize\.sync\(|^@(PersistenceCapable|Entity)`;
/** A JDO / JPA entity class annotation at the start of a line. */
const ENTITY_LINE = /^@(?:PersistenceCapable|Entity)\b/;
/** Any trace of migrations kept in the repository (Flyway, Liquibase, Rails/Django/EF, a `changelog` of the schema). */
const MIGRATION_PATH = /(^|\/)[^/]*(migrat|liquibase|flyway|changelog[^/]*\.(xml|ya?ml|json|sql))[^/]*(\/|$)/i;
const CODE_PATHSPECS = ['*.py', '*.go', '*.rb', '*.java', '*.kt', '*.scala', '*.cs', '*.php', '*.rs', '*.js', '*.ts', '*.mjs', '*.cjs'].map((e) => `:(glob)**/${e}`);
const ENUMERATION_LINE = new RegExp(ENUMERATION_PARTS.join('|'));

function templateKind(f: string): TemplateKind | null {
  const b = baseName(f).toLowerCase();
  const p = f.toLowerCase();
  // Tests and vendored code are not shipped to operators; nor is what hidden folders hold
  // (`.github/container/app.yml.example` is the CI's own image setup).
  if (/(^|\/)(test|tests|spec|node_modules|vendor|testdata|fixtures)\//.test(p) || /(^|\/)\.[^/]+\//.test(p)) return null;
  // Docs show configuration; but a reverse-proxy config or a systemd unit in the docs
  // (`docs/example.nginx.conf`) exists only to be copied by operators.
  if (/(^|\/)(docs?|documentation|website)\//.test(p)) {
    const kind = templateKindOutsideDocs(f, b, p);
    return kind === 'nginx' || kind === 'apache' || kind === 'caddy' || kind === 'systemd' ? kind : null;
  }
  return templateKindOutsideDocs(f, b, p);
}

function templateKindOutsideDocs(f: string, b: string, p: string): TemplateKind | null {
  if (/^\.env[.\-_]?(example|sample|template|dist)$|^(example|sample)\.env$|\.env\.(example|sample|template|dist)$/.test(b)) return 'env-example';
  if (/(^|\/)(charts?|helm|deploy|deployments?)\/(.*\/)?values\.ya?ml$/.test(p)) return 'helm-values';
  if (/\.(service|socket|timer)(\.(example|sample|template|in))?$/.test(b) && !/\.(ts|js|py|go|java|cs|rb)\./.test(b)) return 'systemd';
  if (/^caddyfile([.\-_].*)?$/.test(b)) return 'caddy';
  if ((/nginx|\.vhost$/.test(b) || /(^|\/)nginx\//.test(p)) && /\.(conf|example|sample|template|tmpl)$|^nginx/.test(b)) return /(^|\/)(contrib|deploy|docs?|examples?|etc|packaging|dist|ops)\//.test(p) || /example|sample|template/.test(b) ? 'nginx' : null;
  if (/(apache|httpd)/.test(b) && /\.(conf|example|sample)$/.test(b)) return 'apache';
  if (/\.(example|sample|dist|template)$/.test(b) || /[._-](example|sample|dist)\.[a-z0-9]+$/.test(b) || /^(example|sample)[._-][\w.-]+\.(ya?ml|toml|json|ini|conf|cfg|php|hjson|properties|env|xml)$/.test(b)) {
    if (/\.(md|rst|txt|html?|png|svg)$/.test(b)) return null;
    // A test runner's or a code checker's own settings shipped for developers to copy (`phpunit.xml.dist`, `.php-cs-fixer.dist.php`,
    // `phpstan.neon.dist`, Erlang's `setup_eunit.template`): the developer's, never an operator's config.
    if (DEV_TOOL_TEMPLATE.test(b)) return null;
    // `conf.sample.php` is a config operators copy; `erl_dist.ex`, `user-sample.go` are code.
    if (/\.(go|rs|ts|tsx|js|jsx|mjs|py|rb|java|kt|cs|ex|exs|heex|eex|erl|php|sh|c|h|cc|cpp|scala|swift|dart|lua|vue|svelte|sql|css|scss)$/.test(b) && !/\.(example|sample|dist|template)\.[a-z0-9]+$/.test(b)) return null;
    return 'example';
  }
  // `default.yaml` at the top of the repository, beside the code: the configuration the project ships as
  // its default, which operators copy (`cp default.yaml ircd.yaml`). In a folder (`config/defaults.yml`)
  // it is more often the defaults the application loads under the operator's overrides.
  if (/^defaults?\.(ya?ml|toml|ini|conf|cfg|hjson)$/.test(b) && !f.includes('/')) return 'default';
  if (/(^|\/)(config|conf|etc|settings)\/[^/]*\.default\.[a-z0-9]+$/.test(p) || /^config\.default\.[a-z0-9]+$/.test(b) || /\.default\.(ya?ml|toml|ini|conf|cfg|php|hjson|json|properties)$/.test(b)) return 'default';
  return null;
}

/** Test runners and code checkers named in a template's file name (templateKindOutsideDocs): a developer's settings. */
const DEV_TOOL_TEMPLATE = /(?:^|[._-])(?:phpunit|phpcs|phpstan|psalm|phpmd|php_cs|php-cs-fixer|rector|infection|behat|grumphp|codeception|eunit|pytest|tox|mypy|jest|karma|mocha|rspec|rubocop|golangci|eslint|prettier|stylelint|codecov|coveralls)(?:[._-]|$)/;

/** Tools whose own settings live in some repositories' `etc/` (lint, IDE, build checks): not the operator's. */
const DEV_TOOL_CONFIG = /checkstyle|spotbugs|findbugs|(^|[^a-z])pmd|codestyle|code-style|formatter|eclipse|intellij|idea|ide-settings|suppressions|license-header|sonar|jacoco|spotless|lint|editorconfig|git-?hooks|coverage/i;
const NOT_CONFIG_FILE = /^(readme|license|licence|notice|changelog|cmakelists\.txt|makefile|meson\.build)|\.(md|rst|adoc|html?|sql|png|jpe?g|gif|svg|ico|jar|class|go|rs|ts|tsx|js|jsx|mjs|py|rb|java|kt|kts|scala|cs|c|h|cc|cpp|hpp|php|ex|exs|swift|dart|lua|sum|lock|desktop|po|mo|[1-9])$/;
/** Folders of `etc/` that hold no operator settings: shell completion, man pages, desktop entries, icons, translations; dev/test/CI setups. */
const NOT_CONFIG_DIR = /^(?:(?:bash_|zsh_|fish_)?completions?(?:\.d)?|man\d?|applications|icons|pixmaps|locales?|dev|development|test|tests|testing|ci|local|e2e|debug|vagrant|sandbox|examples?)$/i;
const DEV_NAMED_FILE = /(^|[._-])(dev|development|test|testing|local|ci|e2e|debug)[._-]/i;

/**
 * True when `rel` (a path inside a shipped config folder, or a whole path) names a config file
 * operators keep: not docs, schema or code, not a dev tool's settings, not hidden.
 */
export function isShippedConfigFile(rel: string): boolean {
  const b = baseName(rel).toLowerCase();
  if (!b || b.startsWith('.') || NOT_CONFIG_FILE.test(b) || DEV_NAMED_FILE.test(b)) return false;
  const segs = rel.split('/');
  return !segs.some((seg) => DEV_TOOL_CONFIG.test(seg)) && !segs.slice(0, -1).some((seg) => NOT_CONFIG_DIR.test(seg));
}

/**
 * Folders of config files installed as the operators' own configuration: a folder named `etc`
 * (what a package installs into /etc, or what an instance is created with) holding at least two
 * config files. A package upgrade does not replace a config file an operator has edited, so a
 * change there is one operators merge by hand.
 */
function shippedConfigFolders(files: string[]): TemplateEntry[] {
  const folders = new Map<string, string[]>();
  for (const f of files) {
    if (!f.startsWith('etc/') && !f.includes('/etc/')) continue;
    const segs = f.split('/');
    const i = segs.indexOf('etc');
    if (i < 0 || i === segs.length - 1) continue;
    if (ignored(f) || genericExcluded(f) || segs.slice(0, i).some((s) => s.startsWith('.'))) continue;
    const folder = `${segs.slice(0, i + 1).join('/')}/`;
    if (!isShippedConfigFile(f.slice(folder.length))) continue;
    let g = folders.get(folder);
    if (!g) folders.set(folder, (g = []));
    g.push(f);
  }
  const out: TemplateEntry[] = [];
  for (const [folder, g] of [...folders].filter(([, g]) => g.length >= 2).sort((a, b) => b[1].length - a[1].length).slice(0, 10)) {
    const sample = g.find((x) => /\.(conf|xml|ini|ya?ml|properties|cfg|toml|json|profile)$/i.test(x)) ?? g[0];
    out.push({ path: folder, kind: 'shipped', evidence: `an etc folder: ${folder} holds ${g.length} config files installed as the operators' own configuration (e.g. ${sample})` });
  }
  return out;
}

/** Release manifests that list the files a release or package installs (relx overlays, GoReleaser/nFPM archives, RPM specs, Debian installs). */
const PACKAGING_FILE = /(^|\/)(rebar\.config|relx\.config|reltool\.config|\.?goreleaser\.ya?ml|nfpm\.ya?ml|[^/]+\.spec|debian\/[^/]*(install|conffiles))$/;
/** Config formats a release ships as the operators' configuration. */
const PACKAGED_CONFIG = /\.(toml|ya?ml|cfg|conf|ini|config|args|hjson|properties)$/i;

/**
 * Config files a release manifest installs (`{template, "rel/files/app.toml", "etc/app.toml"}`,
 * a GoReleaser archive's `files: [default.yaml]`, a spec's `%config(noreplace)`): the copy an
 * installation keeps and edits, so a setting removed or changed there is one operators merge.
 * Reads at most 8 manifests; each is split into tokens once and looked up in the file list.
 */
async function packagedConfigFiles(src: ProfileSource, rev: string, live: string[], known: Set<string>): Promise<TemplateEntry[]> {
  const manifests = live.filter((f) => PACKAGING_FILE.test(f) && !genericExcluded(f)).slice(0, 8);
  if (!manifests.length) return [];
  const candidates = new Set(live.filter((f) => PACKAGED_CONFIG.test(f) && !known.has(f) && !genericExcluded(f) && !templateKind(f) && isShippedConfigFile(f) && !f.split('/').some((s) => s.startsWith('.'))));
  if (!candidates.size) return [];
  const texts = await src.readFiles(rev, manifests, MAX_READ);
  const out: TemplateEntry[] = [];
  const seen = new Set<string>();
  for (const [m, text] of texts) {
    if (text == null) continue;
    // An Erlang release names build inputs too (`{overlay_vars, "rel/vars.config"}`): only a line that installs into `etc/` counts there.
    const needsEtc = /(^|\/)(rebar|relx|reltool)\.config$/.test(m);
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && out.length < 20; i++) {
      const line = lines[i];
      if (line.length > 1000 || /^\s*(#|%|\/\/)/.test(line) || (needsEtc && !line.includes('etc/'))) continue;
      for (const raw of line.split(/[\s"',{}()[\]=]+/)) {
        const tok = raw.replace(/^\.\//, '').replace(/^-\s*/, '');
        if (!tok || seen.has(tok) || !candidates.has(tok)) continue;
        seen.add(tok);
        out.push({ path: tok, kind: 'installed', evidence: `installed by the release manifest ${m}:${i + 1} (\`${line.trim().slice(0, 70)}\`): the copy operators keep and edit` });
      }
    }
  }
  return out;
}

/**
 * PHP settings files that may load an operator's local override: `config.inc.php`, `constants.php`.
 * (A Python `settings.py` importing `local_settings` is the config pack's settings module, read by its own checks.)
 */
const SETTINGS_MODULE = /^[\w.-]*(?:config|settings|conf|constants|configuration)[\w.-]*\.php$/i;
/**
 * A statement loading a file of the settings file's own folder by a bare name: `require_once __DIR__ .
 * '/config.inc.local.php'`, `include(dirname(__FILE__) . '/config.local.php')`, `include 'x.local.php'`
 * (a path with another folder in it, `'/../includes/localization.php'`, is no sibling). Bounded.
 */
const SIBLING_PHP_LOAD = /^[ \t]{0,12}@?(?:require|include)(?:_once)?\b[^;\n]{0,160}?['"](?:\.?\/)?([\w.-]{1,80}\.php)['"]/gm;
/** A test that a file exists, guarding an override load: `file_exists(…)`, `is_file(…)`, `is_readable(…)`. */
const EXISTS_TEST = /\b(?:file_exists|is_file|is_readable)\s*\(/;

/**
 * The statement of a PHP settings file `f` that loads its operator's local override (issue 11): a
 * sibling named for the settings file plus a `local` part (`config.inc.php` loads `config.inc.local.php`
 * or `config.local.php`, `constants.php` loads `constants.local.php`, `local_settings.php` also counts),
 * guarded by a test that the file exists (an override operators may not have written) or, unguarded,
 * the file's last statement. Not `localization.php`, `locallib.php`, a file of another folder.
 */
export function localOverrideLoad(f: string, text: string): { index: number; text: string } | null {
  // Stems of `config.inc.php`: `config.inc`, `config`.
  const parts = baseName(f).replace(/\.php$/i, '').toLowerCase().split('.');
  const stems = new Set(parts.map((_, i) => parts.slice(0, i + 1).join('.')));
  let n = 0;
  for (const m of text.matchAll(SIBLING_PHP_LOAD)) {
    if (++n > 200) break;
    const name = m[1].toLowerCase().replace(/\.php$/, '');
    const stem = /^(.+)[._-]local$/.exec(name)?.[1] ?? /^local[._-](.+)$/.exec(name)?.[1];
    if (!stem || !stems.has(stem)) continue;
    // The match starts its line: the guard is an existence test naming the same file on that line or the 3 before it.
    const at = m.index ?? 0;
    const end = at + m[0].length;
    let from = at;
    for (let k = 0; k < 3 && from > 0; k++) from = text.lastIndexOf('\n', from - 2) + 1;
    const lineEnd = text.indexOf('\n', end);
    const guarded = text.slice(from, lineEnd < 0 ? text.length : lineEnd).split('\n').some((l) => l.includes(m[1]) && EXISTS_TEST.test(l));
    const last = text.length - end <= 200 && /^\s*\)?\s*;?\s*(?:\?>\s*)?$/.test(text.slice(end));
    if (guarded || last) return { index: at, text: m[0] };
  }
  return null;
}

/** Settings modules read at most when looking for a local override load. */
const MAX_OVERRIDE_CANDIDATES = 12;

/**
 * Defaults files the application loads under an operator's local override file (issue 11): the file's
 * own text loads a sibling override named `local` (`conf/config.inc.php` ends with `require_once
 * __DIR__ . '/config.inc.local.php'`, LTB Self Service Password and Service Desk; Postfixadmin's
 * `config.inc.php` requires `config.local.php`; FreshRSS's `constants.php` includes `constants.local.php`). Operators set their values in the override and leave the defaults file as shipped,
 * so a key removed or renamed there is one their override still sets for nothing; a key added comes
 * with its default (optional). Reads at most 12 settings modules, shallowest first.
 */
async function overriddenDefaultsFiles(src: ProfileSource, rev: string, live: string[], known: Set<string>): Promise<TemplateEntry[]> {
  const candidates = live
    .filter((f) => SETTINGS_MODULE.test(baseName(f)) && !/local/i.test(baseName(f)) && !known.has(f) && !genericExcluded(f) && f.split('/').length <= 4)
    .filter((f) => !/(^|\/)(tests?|spec|vendor|node_modules|testdata|fixtures|examples?|docs?|migrations?|lib|libs|third_party)\//i.test(f) && !f.split('/').some((s) => s.startsWith('.')))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length)
    .slice(0, MAX_OVERRIDE_CANDIDATES);
  if (!candidates.length) return [];
  const texts = await src.readFiles(rev, candidates, MAX_READ);
  const out: TemplateEntry[] = [];
  for (const [f, text] of texts) {
    if (text == null) continue;
    const m = localOverrideLoad(f, text);
    if (!m) continue;
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ path: f, kind: 'overridden', evidence: `the defaults file the application loads under an operator's local override (${f}:${line} \`${m.text.trim().slice(0, 70)}\`): operators set their values in the override` });
  }
  return out;
}

/** Build files that install data files: autotools, CMake, meson. */
const BUILD_FILE = /(?:^|\/)(?:Makefile\.am|Makefile\.in|CMakeLists\.txt|meson\.build)$/;
/** What a build file's install into the system config folder names (`$(sysconfdir)`, `CMAKE_INSTALL_SYSCONFDIR`, `get_option('sysconfdir')`). */
const SYSCONF_WORD = /sysconf/i;
/**
 * An autoconf variable set to a path under the config folder (BIRD's configure.ac `CONFIG_FILE="\$(sysconfdir)/bird.conf"`
 * + `AC_SUBST([CONFIG_FILE])`): `@CONFIG_FILE@` in a Makefile.in is then the config folder too.
 */
const CONFIGURE_SYSCONF_ASSIGNMENT = /^\s*([A-Za-z_]\w{0,40})=["']?[^\n]{0,200}sysconfdir/;
/** Autoconf variables read at most from configure scripts. */
const MAX_SYSCONF_SUBSTS = 16;
/** Folders of build files that are no part of the installed product. */
const NOT_PRODUCT_DIR = /(^|\/)(tests?|testing|spec|vendor|vendor-copy|vendor-modified|third[_-]?party|3rdparty|external|deps|dependencies|examples?|fuzz|bench(marks?)?)\//i;
/** Build files read at most for sysconfdir installs. */
const MAX_BUILD_FILES = 16;
/** Files named by an install line that are no config: scripts, units (their own kind), build metadata, udev/polkit rules and policies. */
const NOT_INSTALLED_CONFIG = /\.(?:sh|bash|pl|py|rb|awk|sed|service|socket|timer|pc|cmake|m4|desktop|rules|policy|[1-9])(?:\.in)?$/i;
/**
 * Folders of the system config folder that belong to other programs (D-Bus, udev, polkit, systemd, the
 * kernel's module and sysctl settings, sudo, shell completion, XDG autostart, logrotate, PAM, cron,
 * NetworkManager…): a package puts its integration files there and replaces them on upgrade; operators
 * do not keep an edited copy. An install whose destination names one is no operator config.
 */
const SYSTEM_INTEGRATION_DIR = /(?:^|[/'"\s(,])(?:dbus-1|udev|polkit-1|systemd|modprobe\.d|modules-load\.d|sysctl\.d|tmpfiles\.d|sysusers\.d|binfmt\.d|sudoers\.d|bash_completion\.d|xdg|logrotate\.d|pam\.d|profile\.d|cron\.\w+|init\.d|rc\.d|NetworkManager|apparmor\.d|ld\.so\.conf\.d)(?=$|[/'"\s),])/i;
/** Suffixes of the source a build fills in before installing it (`sample-ngircd.conf` from `sample-ngircd.conf.tmpl`). */
const BUILD_INPUT_SUFFIXES = ['', '.in', '.tmpl', '.template'];

/**
 * Config files a build installs into the system config folder (issue 11): an automake `sysconf_DATA`
 * (or a `Xdir = $(sysconfdir)/…` with its `X_DATA`), a make rule that copies a file to
 * `$(sysconfdir)` (ngIRCd `doc/Makefile.am` installing `sample-ngircd.conf` as `ngircd.conf`; BIRD
 * `Makefile.in` installing `doc/bird.conf.example` as `@CONFIG_FILE@`), a CMake `install(FILES …
 * DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}…)`, a meson `install_data(…, install_dir: sysconfdir)`.
 * Wherever the file lives (`doc/` included), the installed copy is the one operators edit and an
 * upgrade does not overwrite, so a setting changed or removed there is one they merge by hand.
 * One grep for the build files naming the config folder; at most 16 of them are read.
 */
async function buildInstalledConfigs(src: ProfileSource, rev: string, live: string[], known: Set<string>): Promise<TemplateEntry[]> {
  // `@X@` names the config folder when the configure script sets X to a path under it (decided by the assignment, not the name).
  const substHits = await src.grep(rev, ['^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*=.*sysconfdir'], [':(glob)**/configure.ac', ':(glob)**/configure.in'], { extended: true, word: false }).catch(() => [] as GrepHit[]);
  const substs = [...new Set(substHits.map((h) => CONFIGURE_SYSCONF_ASSIGNMENT.exec(h.text)?.[1]).filter((x): x is string => !!x && !/sysconf/i.test(x)))].slice(0, MAX_SYSCONF_SUBSTS);
  const sysconfWord = substs.length ? new RegExp(`sysconf|@(?:${substs.join('|')})@`, 'i') : SYSCONF_WORD;
  const hits = await src.grep(rev, [substs.length ? `sysconf|SYSCONF|@(${substs.join('|')})@` : 'sysconf|SYSCONF'], [':(glob)**/Makefile.am', ':(glob)**/Makefile.in', ':(glob)**/CMakeLists.txt', ':(glob)**/meson.build'], { extended: true, word: false }).catch(() => [] as GrepHit[]);
  const files = [...new Set(hits.map((h) => h.path))]
    .filter((f) => BUILD_FILE.test(f) && !ignored(f) && !excludedBesideDocs(f) && !NOT_PRODUCT_DIR.test(f) && !f.split('/').some((seg) => seg.startsWith('.')))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length)
    .slice(0, MAX_BUILD_FILES);
  if (!files.length) return [];
  const livePaths = new Set(live);
  const texts = await src.readFiles(rev, files, MAX_READ);
  const out: TemplateEntry[] = [];
  const seen = new Set<string>();
  for (const [bf, text] of texts) {
    if (text == null) continue;
    const dir = dirName(bf);
    for (const st of installStatements(bf, text, sysconfWord)) {
      for (const tok of st.tokens) {
        const f = resolveInstalled(tok, dir, livePaths);
        // The install line is the evidence: a file in `doc/` or `contrib/` it installs is the operators' copy all the same.
        if (!f || seen.has(f) || known.has(f) || NOT_INSTALLED_CONFIG.test(f) || NOT_PRODUCT_DIR.test(f) || ignored(f) || !isShippedConfigFile(f)) continue;
        seen.add(f);
        // The physical line that names the file, for the evidence.
        const k = Math.max(0, st.parts?.findIndex((p) => p.includes(tok)) ?? 0);
        const shown = st.parts?.[k] ?? st.text;
        out.push({ path: f, kind: 'installed', evidence: `installed into the system config folder by ${bf}:${st.line + k} (\`${shown.trim().replace(/\s+/g, ' ').replace(/\s*\\$/, '').slice(0, 70)}\`): the copy operators keep and edit` });
        if (out.length >= 20) return out;
      }
    }
  }
  return out;
}

/** Excluded from the generic layer for a reason other than living in a documentation folder (a sample config installed from `doc/` is the operators'). */
function excludedBesideDocs(f: string): boolean {
  return genericExcluded(f.replace(/(^|\/)(?:docs?|documentation)\//g, '$1'));
}

interface InstallStatement {
  line: number;
  text: string;
  tokens: string[];
  /** The physical lines of a statement continued over several (make `\`, a CMake call). */
  parts?: string[];
}

/** Lines joined over `\` continuations, with the number of their first line and their physical lines (each at most 4000 characters). */
function logicalLines(text: string): { line: number; text: string; parts: string[] }[] {
  const out: { line: number; text: string; parts: string[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    const parts = [lines[i]];
    let t = lines[i];
    while (t.endsWith('\\') && i + 1 < lines.length && t.length < 4000) {
      t = `${t.slice(0, -1)} ${lines[++i]}`;
      parts.push(lines[i]);
    }
    out.push({ line: start + 1, text: t.slice(0, 4000), parts });
  }
  return out;
}

/** The install statements of a build file that target the system config folder, with the words they name. */
function installStatements(path: string, text: string, sysconfWord: RegExp = SYSCONF_WORD): InstallStatement[] {
  // Make words keep `$(srcdir)/x`; a message echoed (`echo "Not overwriting old bird.conf"`) names no installed file.
  const makeWords = (t: string) => t.replace(/@?\b(?:echo|printf)\b[^;]*/g, ' ').split(/[\s"';,=]+/).filter(Boolean);
  const words = (t: string) => t.split(/[\s"'(),;=]+/).filter(Boolean);
  const out: InstallStatement[] = [];
  if (/Makefile\.(am|in)$/.test(path)) {
    const logical = logicalLines(text).filter((l) => !/^\s*#/.test(l.text));
    // `xrdpsysconfdir = $(sysconfdir)/xrdp` makes `xrdpsysconf_DATA` an install into the config folder.
    // Not `dbusservicedir = $(sysconfdir)/dbus-1/system.d`: another program's folder (SYSTEM_INTEGRATION_DIR).
    const prefixes = new Set(['sysconf']);
    for (const l of logical) {
      const m = /^\s*(\w+)dir\s*=\s*(.*)$/.exec(l.text);
      if (m && sysconfWord.test(m[2]) && !SYSTEM_INTEGRATION_DIR.test(m[2])) prefixes.add(m[1]);
    }
    for (const l of logical) {
      const d = /^\s*(?:(?:dist|nodist)_)?(\w+?)_DATA\s*\+?=\s*(.*)$/.exec(l.text);
      if (d && prefixes.has(d[1])) out.push({ line: l.line, text: l.text, tokens: makeWords(d[2]), parts: l.parts });
      else if (sysconfWord.test(l.text) && /\$\(INSTALL|\binstall\s+-|\bcp\s/.test(l.text)) {
        // The destination: the words naming the config folder (`$(DESTDIR)$(sysconfdir)/udev/rules.d/60-x.rules`).
        const tokens = makeWords(l.text);
        if (tokens.some((t) => sysconfWord.test(t) && SYSTEM_INTEGRATION_DIR.test(t))) continue;
        out.push({ line: l.line, text: l.text, tokens, parts: l.parts });
      }
    }
    return out;
  }
  // CMake `install(FILES … DESTINATION …)` and meson `install_data(…, install_dir: …)`: the call's parenthesised text.
  const call = path.endsWith('meson.build') ? /\binstall_data\s*\(/g : /\binstall\s*\(/gi;
  let calls = 0;
  for (const m of text.matchAll(call)) {
    if (++calls > 200) break;
    const open = (m.index ?? 0) + m[0].length;
    let depth = 1;
    let end = open;
    while (end < text.length && end - open < 2000 && depth > 0) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')') depth--;
      end++;
    }
    const body = text.slice(open, end - 1);
    if (!sysconfWord.test(body) && !/(?:DESTINATION|install_dir\s*:)\s*["']?\/etc\b/.test(body)) continue;
    // The destination (`DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/dbus-1/system.d`, `install_dir: sysconfdir / 'udev' / 'rules.d'`)
    // naming another program's folder: no operator config.
    const dest = /\bDESTINATION\s+("[^"\n]*"|\S+)/.exec(body)?.[1] ?? /\binstall_dir\s*:\s*([^\n]+)/.exec(body)?.[1] ?? body;
    if (SYSTEM_INTEGRATION_DIR.test(dest)) continue;
    out.push({ line: text.slice(0, m.index).split('\n').length, text: `${m[0]}${body})`.split('\n')[0], tokens: words(body) });
  }
  return out;
}

/** The repository file an install statement's word names (relative to the build file's folder or the top), or null. */
function resolveInstalled(tok: string, dir: string, live: Set<string>): string | null {
  let t = tok.replace(/^(?:\$\(srcdir\)|\$\(abs_srcdir\)|@srcdir@|\$\{CMAKE_CURRENT_SOURCE_DIR\}|\$\{CMAKE_CURRENT_LIST_DIR\}|\$\{PROJECT_SOURCE_DIR\}|\$\{CMAKE_SOURCE_DIR\}|\$\(top_srcdir\)|@top_srcdir@)\//, (p) => (/top|CMAKE_SOURCE_DIR|PROJECT_SOURCE_DIR/.test(p) ? '\0' : ''));
  const top = t.startsWith('\0');
  t = t.replace(/^\0/, '').replace(/^\.\//, '');
  if (!t || t.length > 200 || /[$@*?{}\\]/.test(t) || !t.includes('.') || t.startsWith('/') || t.startsWith('-')) return null;
  const bases = top || !dir ? [t] : [`${dir}/${t}`, t];
  for (const b of bases) for (const suffix of BUILD_INPUT_SUFFIXES) if (live.has(b + suffix)) return b + suffix;
  return null;
}

const TEMPLATE_EVIDENCE: Record<TemplateKind, string> = {
  example: 'an example config operators copy (named *.example / *.sample / *.dist / *.template)',
  default: 'a default config operators copy and override',
  nginx: 'an example nginx config shipped for operators',
  apache: 'an example Apache config shipped for operators',
  caddy: 'a Caddyfile shipped for operators',
  systemd: 'a systemd unit shipped for operators',
  'helm-values': 'Helm chart values operators override',
  'env-example': 'an env example file operators copy',
  shipped: 'a config file installed as the operators\' own configuration',
  installed: 'a config file a release manifest installs as the operators\' own configuration',
  overridden: 'the defaults file the application loads under an operator\'s local override',
};

const DEPLOY_DOC = /(^|\/)(install|installation|upgrad(e|ing)|deploy(ment|ing)?|configur(e|ation|ing)|admin|operat(or|ions|ing)|setup|self-?host(ing|ed)?)[^/]*\.(md|rst|adoc|txt)$/i;

const DEV_WORDS = /\b(?:development only|dev only|for development|local development|not (?:for|meant for|intended for|suitable for|to be used in) production|do not use (?:this )?in production|testing only|for testing)\b/i;

function devOnlyReason(f: string): string | null {
  const b = baseName(f).toLowerCase();
  if (isComposePath(f) && /[.\-_](dev|development|test|testing|local|ci|e2e|override|debug|gitpod|devcontainer|codespaces?)[.\-_]/.test(b)) return 'a compose file named for development or tests';
  if (/^\.?(gitpod|codespaces?|coder)\.ya?ml$/.test(b)) return 'a cloud development environment (Gitpod/Codespaces/Coder) workspace file';
  if (/^\.env\.(test|testing|development|dev|local|ci|e2e)$/.test(b)) return 'an env file named for development or tests';
  if (/^(dev|development|test|testing|local)[._-][\w.-]*\.(ya?ml|toml|json|ini|conf|cfg|env|properties)$/.test(b)) return 'a config file named for development or tests';
  // Task runners (go-task, just): lint, codegen and release chores run by developers and CI.
  if (/^taskfile(\.dist)?\.ya?ml$|^justfile$/.test(b)) return 'a task runner file (Taskfile/justfile): developer and CI chores';
  return null;
}

const DEV_DIR = /^((?:[^/]+\/)*?(hack|\.devcontainer|benchmarks?|e2e|testdata|fixtures|tests?|spec|dev|tools|scripts))\//;
