import { analyzerFor } from './analyzers';
import { addedLineList, removedLineList } from './analyzers/analyzer';
import { isCommentOrBlank } from './analyzers/comments';
import { isMustSetFinding } from './analyzers/mustSet';
import { isUpgradeScriptPath, markDevOnlyMigrations, markInstallOnlySchemas, markNewBackendSchemas } from './analyzers/migrationInstall';
import { droppedByPath, isMigrationRule, LeadingTargetWords, migrationOrderPass, NOT_CODE_PATHSPECS, type OrderResult } from './analyzers/migrationOrder';
import { modelColumnNames, modelTables } from './analyzers/ddl';
import { isCodePath } from './analyzers/ddlStrings';
import { ENV_READ_NEEDLES, envNeedsFullText, envDefaultChanges, envSetCounts, extractEnvRefs, hasEnvLanguage, isScriptPath, keptEnvNames, refusedEnvNames, type EnvContext, type EnvRef } from './analyzers/env';
import { capFindings } from './analyzers/configKeys';
import { removedSettingFinding, settingLanguage, settingNameSearch, type SettingDecl } from './analyzers/settingNames';
import { combineOptionSearches, isOperatorCode, optionNameSearch, removedOptionFinding, type OptionDecl } from './analyzers/cliOptions';
import { languageOfPath } from './lex';
import { droppedTemplateKeys, isServerCodePath, keepNamedTemplateKeys, templateKeyHits, WHOLE_FILE_TEMPLATES } from './analyzers/template';
import { HeadEnvStore, type HeadEnvDeps } from './cache/headEnv';
import { ChangeContext, helmTemplateDirs, runDetectors, type DetectorServices } from './detect/contentDetectors';
import { isAddedLine } from './analyzers/formats/lines';
import { addUpperWords, confirmFileRefs, isDeclarationPath, needsFileContext, SHEBANG_PATTERN, shebangPaths } from './cache/lines';
import { loadProfile, ProfileView } from './profile';
import { loadConfig } from './config/load';
import { BUILTIN_IGNORES, DEFAULT_MAX_FILE_BYTES, type HandoffConfig } from './config/types';
import { splitLines } from './git/diffParser';
import { hasMachineLine } from './util/machineWritten';
import { isReleaseDocument } from './util/releaseDocs';
import type { GitSource, GrepHit, GrepOptions, ResolvedRange } from './git/gitSource';
import { WORKTREE } from './git/gitSource';
import { SimpleGitSource } from './git/simpleGitSource';
import { nullLogger, type Logger } from './logger';
import { applyCoverage, NOTES_DIR, parseNote, type Note } from './notes';
import { BUILTIN_RULES } from './rules/packs';
import { genericExcluded, GENERIC_RULES } from './rules/packs/generic';
import { mergeRules, RuleMatcher, uniformRule } from './rules/matcher';
import type { Rule } from './rules/rule';
import { VERSION } from './version';
import {
  maxSeverity,
  needsNote,
  type Category,
  type Change,
  type Finding,
  type Impact,
  type Report,
  type Severity,
} from './types';

export { NOTE_REQUIRING_KINDS } from './types';

export interface AnalyzeOptions {
  /** Any folder inside the repository. */
  repo: string;
  /** Base ref; config `base`, then detection, when absent. */
  base?: string;
  /** Head ref for review mode; absent or WORKTREE for working mode. */
  head?: string;
  logger?: Logger;
  /** An already opened git source (the extension keeps one per repository). */
  git?: GitSource;
  /** Editor settings layered on `.handoff/config.yaml`: ignores are added, a size limit replaces it. */
  overrides?: { ignore?: string[]; maxFileBytes?: number };
  /**
   * Cancels the analysis (the language server's newer save): `open` rejects with the signal's
   * reason between steps and between changed files. Checked, not forced: git already running finishes.
   */
  signal?: AbortSignal;
  /**
   * A run that ends soon (the CLI): with no env index stored yet, head is not read whole to
   * build one; git is asked about the range's env names only, and this is called so that the
   * caller builds the index after the report (`buildEnvIndex`). The report is the same.
   */
  deferEnvIndex?: () => void;
}


/** What one changed file contributes, before the cross-file passes. */
interface FileResult {
  /** Its hunks keep where the lines are, not their text (released once analysed). */
  change: Change;
  rule: Rule | null;
  findings: Finding[];
  /** `refused`: names the new file reads only to refuse them ("X is no longer supported"): no read at head. */
  envRefs: { added: EnvRef[]; removed: EnvRef[]; refused?: Set<string>; kept?: Set<string> };
  commentOnly: boolean;
  /** A dev/test-only file the profile learned: its impact is informational. */
  devOnly?: boolean;
  /** Only comments or whitespace changed (a reformatted released migration is info). */
  formattingOnly?: boolean;
  /** Review mode: the removed lines, joined by LF (what the merge-base had that head has not; see baseHitsFromDiff). */
  baseText?: string;
  /** Command-line options the change removes, until resolveNamedElsewhere asks head whether they are named elsewhere. */
  options?: (OptionDecl & { newLine: number })[];
  /** Setting names a settings module stops declaring, until resolveNamedElsewhere asks head whether they are named elsewhere. */
  settings?: (SettingDecl & { newLine: number })[];
}

/** At most this many merge-base greps for the tables of added model files per session (declaredAtBase). */
const MAX_MODEL_GREPS = 32;
/** Settings listed per module before the rest is summarised (a rewritten settings module is one fact). */
const MAX_SETTING_FINDINGS = 20;
/** The files whose models modelTables reads (analyzers/ddl.ts MODEL_TABLE): declaredAtBase's grep reads no other. */
const MODEL_PATHSPECS = ['py', 'java', 'kt', 'kts', 'groovy', 'scala', 'ts', 'mts', 'js', 'mjs', 'go'].map((x) => `*.${x}`);

/**
 * One analysis of a range, kept alive by the editor so that a save re-reads only the
 * saved file (`update`). The CLI uses it once through `analyze`.
 */
export class AnalysisSession {
  private files = new Map<string, FileResult>();
  /** Where ignored env files (a `.env` under `tests/`) changed: their added lines are no sign the base had a name. */
  private ignoredEnvChanges = new Map<string, Pick<Change, 'status' | 'copied' | 'hunks'>>();
  private notes = new Map<string, Note>();
  private noteWarnings = new Map<string, string>();
  /** Changed files git could not read (a blob missing from a partial clone), by path. */
  private readWarnings = new Map<string, string>();
  /** Head's env refs and declared words per file (cache/headEnv.ts), started by the first env change. */
  private headStore: HeadEnvStore | null = null;
  /** The store primeHeadOnDisk made before the range was read, until an env name starts it. */
  private earlyStore: HeadEnvStore | null = null;
  /** Env registry files of head, read whole (see registryRefs). */
  private registries: Promise<{ refs: Map<string, EnvRef[]>; lines: Map<string, Set<number>> }> | null = null;
  /** Files re-read by `update` since: their head refs and declared words replace the store's. */
  private refOverrides = new Map<string, EnvRef[]>();
  /** The index headEnvIndex built last, from this store answer and these registries (patched by `update`). */
  private mergedIndex: { files: Map<string, unknown>; registry: unknown; size: number; index: Map<string, EnvRef[]> } | null = null;
  private wordOverrides = new Map<string, Set<string>>();
  /** Every path the range's diff names (working mode's head overlay), once the diff is read. */
  private diffPaths: Promise<string[]> = Promise.resolve([]);
  /** What the range's diff did to each path (head's file list is the base's with these applied). */
  private diffStatus: { path: string; oldPath: string | null; status: Change['status']; copied?: boolean }[] = [];
  /** True once `update` ran: the diff summary above no longer describes head. */
  private updated = false;
  /** The merge-base's file list, read once. */
  private basePathList: Promise<string[]> | null = null;
  /** hasChartYaml's answers per folder. */
  private readonly chartYamls = new Map<string, Promise<boolean>>();
  /** The folders (empty or ending in `/`) holding a Chart.yaml at the merge-base, from one pass over its file list. */
  private baseChartDirs: Promise<Set<string>> | null = null;
  /** The same at head, from the whole diff applied to the merge-base's (or head's listing once a Chart.yaml was saved). */
  private headChartDirs: Promise<Set<string>> | null = null;
  /** True once `update` was given a Chart.yaml: the diff read at open no longer tells where head's charts are. */
  private chartSaved = false;
  /** Review mode: whether head is checked out and clean, asked once (open's profile may have asked); see grepCommit. */
  private disk: HeadOnDisk | null = null;
  /** Each file's impact before coverage, valid for the env sets `impactEnv`. */
  private impactCache = new Map<string, Impact | null>();
  /**
   * The deploy-order pass's grep of head, started while the range is read once the words it will
   * ask about are known (a full load only; see LeadingTargetWords): on the large bench range that
   * grep ran alone for ~0.5 s after everything else.
   */
  private earlyOrderGrep: { words: string[]; hits: Promise<GrepHit[]> } | null = null;
  /** declaredAtBase's greps of the merge-base, by merge-base and table names (at most MAX_MODEL_GREPS). */
  private modelGreps = new Map<string, Promise<GrepHit[]>>();
  private impactEnv: { added: Set<string>; removed: Set<string>; undeclared: Set<string> } | null = null;
  private matcher: RuleMatcher;
  /** The generic layer's rules (issue 11), with `.handoff/config.yaml` overrides by id. */
  private generic: Map<string, Rule>;
  /** Ids of the rules the repository's config adds or overrides. */
  private readonly ownRuleIds: Set<string>;
  private report: Report | null = null;
  /** The running `open`'s or `update`'s cancellation (see AnalyzeOptions.signal). */
  private signal: AbortSignal | undefined;
  /** AnalyzeOptions.deferEnvIndex. */
  private deferEnvIndex: (() => void) | undefined;
  /** What the content detectors (detect/contentDetectors.ts) may ask of the session. */
  private readonly detectorServices: DetectorServices;

  private constructor(
    readonly git: GitSource,
    readonly range: ResolvedRange,
    readonly config: HandoffConfig,
    private readonly logger: Logger,
    readonly profile: ProfileView,
  ) {
    const genericIds = new Set(GENERIC_RULES.map((r) => r.id));
    // Rules of one shape (uniformRule): the engine's reads of their fields stay monomorphic.
    this.matcher = new RuleMatcher(mergeRules(BUILTIN_RULES, config.rules.filter((r) => !genericIds.has(r.id))).map(uniformRule), [...BUILTIN_IGNORES, ...config.ignore, `${NOTES_DIR}/**`, '.handoff/**']);
    this.generic = new Map(mergeRules(GENERIC_RULES, config.rules.filter((r) => genericIds.has(r.id))).map((r) => [r.id, uniformRule(r)]));
    this.ownRuleIds = new Set(config.rules.map((r) => r.id));
    this.detectorServices = {
      profile,
      generic: (id) => this.generic.get(id),
      readOld: (change) => this.readOld(change),
      readNew: (change) => this.readNew(change),
      packRuleFor: (id, path) => this.matcher.ruleFor(id, path),
      hasChartYaml: (dir) => this.hasChartYaml(dir),
      hasUpgradeSiblings: (path) => this.hasUpgradeSiblings(path),
      declaredAtBase: (change, text) => this.declaredAtBase(change, text),
    };
  }

  static async open(opts: AnalyzeOptions): Promise<AnalysisSession> {
    const git = opts.git ?? (await SimpleGitSource.open(opts.repo, undefined, opts.base !== undefined ? { base: opts.base, head: opts.head && opts.head !== WORKTREE ? opts.head : undefined } : undefined));
    const logger = opts.logger ?? nullLogger;
    const headRev = opts.head && opts.head !== WORKTREE ? opts.head : WORKTREE;
    // With the base given, the range does not depend on the config: resolve both at once
    // (a bad config is still the error reported first).
    const early = opts.base !== undefined ? git.resolveRange({ base: opts.base, head: opts.head }) : null;
    early?.catch(() => {});
    // And git diffs it (review mode) while the config and the profile are read and the rules
    // compiled, with the default size limit: the session's first read takes that diff, unless
    // the config or an override sets another limit (then it is dropped and git asked again).
    let given = false;
    void early?.then((r) => {
      if (!given) git.startChanges?.(r, DEFAULT_MAX_FILE_BYTES);
    }, () => undefined);
    let session: AnalysisSession;
    try {
      const loaded = await loadConfig(git, headRev);
      opts.signal?.throwIfAborted();
      const o = opts.overrides;
      const config = o ? { ...loaded, ignore: [...loaded.ignore, ...(o.ignore ?? [])], maxFileBytes: o.maxFileBytes ?? loaded.maxFileBytes } : loaded;
      const range = await (early ?? git.resolveRange({ base: config.base, head: opts.head }));
      logger.debug(`range ${range.base}…${range.head} (merge-base ${range.mergeBase.slice(0, 10)})`);
      opts.signal?.throwIfAborted();
      if (config.maxFileBytes !== DEFAULT_MAX_FILE_BYTES || !early) git.startChanges?.(range, config.maxFileBytes);
      // A profile learned here (a tree not seen before: CI's new commit) greps head three times:
      // from its files on disk when head is checked out and clean, as the env pass does after it.
      const disk = range.mode === 'review' ? new HeadOnDisk(git, range) : null;
      const learnFrom = disk ? { listFiles: (rev: string) => git.listFiles(rev), readFiles: (rev: string, paths: string[], max: number) => git.readFiles(rev, paths, max), grep: (rev: string, words: string[], pathspecs: string[] = [], o: GrepOptions = {}) => (rev === range.headSha ? disk.grep(words, pathspecs, o) : git.grep(rev, words, pathspecs, o)) } : git;
      const profile = new ProfileView(await loadProfile(git, range.headSha, config.profile, logger, learnFrom), config.profile?.optionalSettingsNeedNote === true);
      session = new AnalysisSession(git, range, config, logger, profile);
      if (disk) session.disk = disk;
      session.signal = opts.signal;
      session.deferEnvIndex = opts.deferEnvIndex;
      await session.load();
      opts.signal?.throwIfAborted();
    } finally {
      given = true;
      git.dropStartedChanges?.(); // read by load, unless something failed first
    }
    session.signal = undefined;
    return session;
  }

  /**
   * Builds and writes the persistent env index of the range's head (what a run given
   * `deferEnvIndex` left for later), as that run would have: same config, profile and readers.
   * False when the index cannot be kept (read-only git folder, HANDOFF_ENV_INDEX=off).
   */
  static async buildEnvIndex(opts: Pick<AnalyzeOptions, 'repo' | 'base' | 'head' | 'logger' | 'git'>): Promise<boolean> {
    const git = opts.git ?? (await SimpleGitSource.open(opts.repo));
    const logger = opts.logger ?? nullLogger;
    const config = await loadConfig(git, opts.head && opts.head !== WORKTREE ? opts.head : WORKTREE);
    const range = await git.resolveRange({ base: opts.base ?? config.base, head: opts.head });
    const profile = new ProfileView(await loadProfile(git, range.headSha, config.profile, logger), config.profile?.optionalSettingsNeedNote === true);
    return new AnalysisSession(git, range, config, logger, profile).startHeadEnvIndex().build();
  }

  /** Reads the whole range. */
  private async load(): Promise<void> {
    const started = Date.now();
    this.headStore = null;
    this.earlyStore = null;
    this.registries = null;
    this.mergedIndex = null;
    this.updated = false;
    this.basePathList = null;
    this.chartYamls.clear();
    this.baseChartDirs = null;
    this.headChartDirs = null;
    this.chartSaved = false;
    this.earlyOrderGrep = null;
    this.refOverrides.clear();
    this.wordOverrides.clear();
    this.files.clear();
    this.ignoredEnvChanges.clear();
    this.impactCache.clear();
    this.notes.clear();
    this.noteWarnings.clear();
    this.readWarnings.clear();
    await this.primeHeadOnDisk();
    const count = await this.ingest();
    this.report = null;
    this.logger.debug(`read ${count} changes in ${Date.now() - started} ms`);
  }

  /**
   * Re-reads only `paths` (repository-relative), e.g. after a save: their diff, their
   * findings, and the notes among them. Files that are no longer changed drop out.
   */
  async update(paths: string[], opts: { signal?: AbortSignal } = {}): Promise<Report> {
    this.signal = opts.signal;
    try {
      return await this.updateNow(paths);
    } finally {
      this.signal = undefined;
    }
  }

  private async updateNow(saved: string[]): Promise<Report> {
    // A saved (or deleted) Chart.yaml may make or unmake its folder's templates a chart's: the changed ones are
    // re-read with it, and head's charts are asked of the work tree from now on (review17 F4).
    const paths = this.withChartTemplates(saved);
    // A save must not wait on more git than the diff of the saved files: in working mode
    // the env indexes re-read those files straight from disk, alongside the diff.
    const lines = this.range.mode === 'working' ? this.worktreeLines(paths) : undefined;
    const [files, refs, words] = await Promise.all([
      this.analyseChanges(paths),
      this.headStore && this.buildHeadEnvIndex(paths, lines),
      this.headStore && this.buildDeclaredIndex(paths, lines),
    ]);
    // Cancelled: nothing of the session's per-file state has changed yet.
    this.signal?.throwIfAborted();
    this.updated = true;
    if (refs && words) {
      for (const p of paths) {
        this.refOverrides.set(p, refs.get(p) ?? []);
        this.wordOverrides.set(p, words.get(p) ?? new Set());
        // An override replaces what the store and the registries said of the file: the index built last is patched, not rebuilt.
        const r = this.refOverrides.get(p)!;
        if (this.mergedIndex) {
          if (r.length) this.mergedIndex.index.set(p, r);
          else this.mergedIndex.index.delete(p);
        }
      }
    }
    for (const p of paths) {
      this.impactCache.delete(p);
      this.files.delete(p);
      this.ignoredEnvChanges.delete(p);
      this.notes.delete(p);
      this.noteWarnings.delete(p);
      this.readWarnings.delete(p);
    }
    await this.addResults(files);
    this.report = null;
    return this.result();
  }

  /** `saved` and, when a Chart.yaml is among them, the changed `.tpl` files whose templates folder it stands beside. */
  private withChartTemplates(saved: string[]): string[] {
    const charts = saved.filter(isChartYaml);
    if (!charts.length) return saved;
    this.chartYamls.clear();
    this.headChartDirs = null;
    this.chartSaved = true;
    const dirs = new Set(charts.map(folderOf));
    const given = new Set(saved);
    const templates = [...this.files.keys()].filter((p) => !given.has(p) && helmTemplateDirs(p).some((d) => dirs.has(d)));
    return templates.length ? [...saved, ...templates] : saved;
  }

  /** Every line of some working-tree files, shaped like grep hits. */
  private async worktreeLines(paths: string[]): Promise<GrepHit[]> {
    const texts = await this.git.readFiles(WORKTREE, paths, this.config.maxFileBytes);
    const hits: GrepHit[] = [];
    for (const [path, text] of texts) if (text != null) splitLines(text).forEach((t, i) => hits.push({ path, line: i + 1, text: t }));
    return hits;
  }


  /** Reads the range's changes and adds what they contribute; returns how many there were. */
  private async ingest(): Promise<number> {
    const started = Date.now();
    const paths: string[] = [];
    this.diffStatus = [];
    let done!: () => void;
    this.diffPaths = new Promise<void>((r) => (done = r)).then(() => paths);
    const analysed = await this.analyseChanges(undefined, paths).finally(done);
    this.logger.debug(`diff read and analysed: ${analysed.count} changes in ${Date.now() - started} ms`);
    await this.addResults(analysed);
    return analysed.count;
  }

  /**
   * The diff of the range (or of some paths), each change analysed as soon as git has
   * written it: rules and env refs while git diffs on, whole files (for the analyzers that
   * need them) read by blob id from the long-lived cat-file processes, so that git's diff,
   * git's reads and our analysis overlap.
   */
  private async analyseChanges(paths?: string[], seen?: string[]): Promise<{ count: number; files: Promise<FileResult>[]; noteChanges: Change[] }> {
    const files: Promise<FileResult>[] = [];
    const noteChanges: Change[] = [];
    let count = 0;
    // A full load: the deploy-order pass's words, from the files in diff order as their analyses end.
    const leading = seen ? new LeadingTargetWords() : null;
    const settled: (FileResult | null | undefined)[] = [];
    let next = 0;
    const lead = (i: number, fr: FileResult | null): void => {
      settled[i] = fr;
      for (; next < settled.length && settled[next] !== undefined; next++) {
        const f = settled[next];
        settled[next] = null;
        const words = f && leading!.add(f);
        if (words) this.startOrderGrep(words);
      }
    };
    await this.git.changes(this.range, {
      maxBytes: this.config.maxFileBytes,
      paths,
      onChange: (change, labelled) => {
        count++;
        if (seen) {
          seen.push(change.path);
          if (change.oldPath) seen.push(change.oldPath);
          this.diffStatus.push({ path: change.path, oldPath: change.oldPath, status: change.status, ...(change.copied ? { copied: true } : {}) });
        }
        if (isNotePath(change.path)) {
          if (change.status !== 'deleted') noteChanges.push(change);
          return;
        }
        if (this.matcher.isIgnored(change.path)) {
          if (isEnvDeclarationFile(change.path)) this.ignoredEnvChanges.set(change.path, { status: change.status, copied: change.copied, hunks: change.hunks.map((h) => ({ ...h, added: [], removed: [] })) });
          return;
        }
        // A binary change is read once its label is final; the ones after it do not wait.
        const fr = labelled ? labelled.then(() => this.analyseChange(change)) : this.analyseChange(change);
        fr.catch(() => {}); // awaited below, once git is done; a failure must not go unhandled until then
        files.push(fr);
        if (leading) {
          const i = files.length - 1;
          settled.push(undefined);
          fr.then((f) => lead(i, f), () => lead(i, null));
        }
      },
    });
    return { count, files, noteChanges };
  }

  private async analyseChange(change: Change): Promise<FileResult> {
    this.signal?.throwIfAborted();
    let rule = this.matcher.matchChanged(change);
    /** The whole new file: undefined until read (null: unreadable). */
    let read: string | null | undefined;
    if (rule === undefined) {
      // A rule's content condition needs the whole new file (see RuleMatcher.matchChanged).
      read = await this.readNew(change);
      rule = this.matcher.match(change, read);
    }
    // Changelogs, upgrade guides and change fragments announce a release; they are no evidence of what
    // it changes (util/releaseDocs.ts). Only a schema changelog named like one, or a rule of the repository's
    // own config, still reads them.
    if (isReleaseDocument(change.path) && rule?.category !== 'migration' && !(rule && this.ownRuleIds.has(rule.id))) return releaseDocumentResult(change);
    const devOnly = this.profile.isDevOnly(change.path);
    // The changed lines, read once here by every check below (the hunks' text is dropped at the end).
    const added = change.contentSkipped ? [] : addedLineList(change);
    const removed = change.contentSkipped ? [] : removedLineList(change);
    // Minified or bundled output (util/machineWritten): no generic evidence and no env reads of its own.
    const machineNew = !change.contentSkipped && hasMachineLine(added);
    const machineOld = !change.contentSkipped && hasMachineLine(removed);
    const c = new ChangeContext(change, this.detectorServices, rule, devOnly, added, removed, machineNew, machineOld, read);
    // The generic or profile rule a change no pack rule matched is tried under (detect/contentDetectors.ts, stage 'candidate').
    await runDetectors(c, 'candidate');
    if (c.candidate) c.rule = c.candidate;
    const fromProfile = c.fromProfile;
    // Dev/test-only files the profile learned (a compose file "for local development only"): listed, never a deployment action.
    const devOnlyRule = devOnly && c.rule !== null && (c.rule.category === 'config' || c.rule.category === 'env' || c.rule.category === 'infrastructure');
    // Whole files, both sides, only for the analyzers that need them.
    if (!change.contentSkipped && ((c.rule && (c.rule.analyzers ?? []).some((id) => analyzerFor(id).needsContent)) || fromProfile?.rule.id === 'generic.config-reader' || fromProfile?.rule.id === 'generic.operator-template' || (fromProfile?.kind !== undefined && WHOLE_FILE_TEMPLATES.has(fromProfile.kind)) || envNeedsFullText(change.path, changedText(change), c.envContext))) {
      let oldText: string | null;
      // Through the context's memo: a side a candidate entry already read is not read again.
      [oldText, read] = await Promise.all([change.status === 'added' ? null : c.old(), change.status === 'deleted' ? null : c.new()]);
      c.oldText = oldText;
    }
    const newText = (c.newText = read ?? null);
    const findings = c.findings;
    if (change.contentSkipped) {
      findings.push({ kind: 'content-skipped', message: change.contentSkipped === 'binary' ? 'binary file: content not analysed' : change.contentSkipped === 'unreadable' ? 'git could not read this file (a blob missing from a partial clone): content not analysed' : 'file too large: content not analysed', severity: 'info' });
      if (change.contentSkipped === 'unreadable') this.readWarnings.set(change.path, `${change.path}: git could not read it (unable to read ${change.newBlob ?? change.oldBlob}); its content was not analysed`);
    }
    if (!change.contentSkipped && c.rule) {
      for (const id of c.rule.analyzers ?? []) {
        try {
          findings.push(...analyzerFor(id).analyze({ change, rule: c.rule, oldText: c.oldText, newText }));
        } catch (e) {
          this.logger.warn(`analyzer ${id} failed on ${change.path}: ${(e as Error).message}`);
        }
      }
    }
    // Names read only in dev/test-only paths the profile learned are not deployment impact.
    const envRefs: FileResult['envRefs'] = (c.envRefs = {
      added: change.contentSkipped || devOnly || machineNew || !hasEnvLanguage(change.path) ? [] : extractEnvRefs(change.path, added, { fullText: newText, context: c.envContext }),
      removed: change.contentSkipped || devOnly || machineOld || !hasEnvLanguage(change.oldPath ?? change.path) ? [] : extractEnvRefs(change.oldPath ?? change.path, removed, { fullText: c.oldText, context: c.envContext }),
    });
    // The engine's own detectors, in order (detect/contentDetectors.ts, stage 'content'): profile and generic
    // findings, removed options and settings, refusals, changed defaults, queued work, path findings.
    await runDetectors(c, 'content');
    const { options, settings } = c;
    rule = c.rule;
    // The env pass needs head's env index as soon as one env name changes, and the
    // declared names once a required read is added: start them now, while git diffs on,
    // and not at all for a range that touches no env var (most of them).
    // A name the changed file also reads on a line the range left alone was there before (that line is in the base
    // too). Read here with the whole file, as the added line was: head's index reads each line on its own and misses
    // what only the file's context makes a read (a script's `${X}` of a variable it never assigns).
    if ((envRefs.added.length || envRefs.removed.length) && newText && c.oldText && change.status !== 'added' && !change.copied) {
      const kept = keptEnvNames(change, c.oldText, newText, [...envRefs.added, ...envRefs.removed], c.envContext);
      if (kept.size) envRefs.kept = kept;
    }
    if (envRefs.removed.length && !change.contentSkipped) {
      const refused = refusedEnvNames(newText ?? added.map((l) => l.text).join('\n'));
      if (refused.size) envRefs.refused = refused;
    }
    if (envRefs.added.length || envRefs.removed.length) this.startHeadEnvIndex().note([...envRefs.added, ...envRefs.removed].map((r) => r.name));
    // The deploy-order pass lists the merge-base's files for an added migration: start that
    // now, while the heap is small (a git started at the end of a large range costs far more).
    if (!this.updated && !this.basePathList && isMigrationRule(rule) && (change.status === 'added' || change.status === 'renamed')) {
      this.basePathList = this.git.listFiles(this.range.mergeBase);
      this.basePathList.catch(() => undefined); // awaited by the pass, which reports a failure
      // Its greps of head ask whether head is checked out (review mode): that too.
      if (this.range.mode === 'review') this.startHeadOnDisk();
    }
    const commentOnly = !change.contentSkipped && change.status === 'modified' && change.hunks.length > 0 && isCommentOnlyChange(change);
    const squeeze = (lines: string[]): string => lines.join('').replace(/\s+/g, '');
    // Only the deploy-order pass asks (migrations and schema snapshots): not worth joining every file's lines for.
    const formattingOnly = commentOnly || ((isMigrationRule(rule) || SNAPSHOT_PATH.test(change.path)) && change.status === 'modified' && change.hunks.length > 0 && squeeze(change.hunks.flatMap((h) => h.removed)) === squeeze(change.hunks.flatMap((h) => h.added)));
    // The deploy-order pass asks which files of the base read a dropped column: the removed
    // lines answer that for the files the range changes (baseHitsFromDiff), not a grep of the base tree.
    const baseText = this.range.mode === 'review' && !this.updated && keepsBaseText(change, rule) ? removedText(change) : undefined;
    // The lines' text is not needed any more (only where the hunks are: isAddedLine):
    // a session of thousands of changes keeps megabytes less.
    for (const h of change.hunks) {
      h.added = NO_LINES;
      h.removed = NO_LINES;
    }
    return { change, rule, findings, envRefs, commentOnly, formattingOnly, ...(devOnlyRule ? { devOnly: true } : {}), ...(baseText ? { baseText } : {}), ...(options ? { options } : {}), ...(settings ? { settings } : {}) };
  }

  /**
   * Whether every table the models of an added file declare is declared by a model of another
   * file of the merge-base, and (Python) every column it declares is declared there too.
   */
  private async declaredAtBase(change: Change, text: string | null): Promise<boolean> {
    if (text == null) return false;
    const tables = modelTables(change.path, text);
    if (!tables.length) return false;
    const words = [...new Set(tables.map((t) => t.slice(t.lastIndexOf('.') + 1)))].sort();
    const key = `${this.range.mergeBase}\0${words.join('\0')}`;
    let search = this.modelGreps.get(key);
    if (!search) {
      // A whole-tree grep per added model file: bounded per session (a range that adds hundreds of
      // model files keeps them flagged, as before this check existed), and asked again only for
      // tables not asked yet (an editor save of the same file reuses the answer).
      if (this.modelGreps.size >= MAX_MODEL_GREPS) return false;
      search = this.git.grep(this.range.mergeBase, words, MODEL_PATHSPECS, { word: true });
      this.modelGreps.set(key, search);
    }
    let hits: GrepHit[];
    try {
      hits = await search;
    } catch (e) {
      this.logger.warn(`model check of ${change.path} failed: ${(e as Error).message}`);
      return false;
    }
    const where = new Map<string, Set<string>>();
    for (const h of hits) {
      if (h.path === change.path || genericExcluded(h.path) || this.matcher.isIgnored(h.path)) continue;
      for (const t of modelTables(h.path, h.text)) if (tables.includes(t)) where.set(t, (where.get(t) ?? new Set()).add(h.path));
    }
    if (!tables.every((t) => where.has(t))) return false;
    const columns = modelColumnNames(change.path, text);
    if (!columns.length) return true;
    const paths = [...new Set([...where.values()].flatMap((w) => [...w]))].slice(0, 10);
    const texts = await this.git.readFiles(this.range.mergeBase, paths, this.config.maxFileBytes);
    const known = new Set<string>();
    for (const [p, t] of texts) if (t) for (const c of modelColumnNames(p, t)) known.add(c);
    return columns.every((c) => known.has(c));
  }

  /**
   * The option and settings checks' question for every analysed file that removes options or whose
   * settings module stops declaring a name: does another module of the server (code, not ignored,
   * not a test or tool) still name it — a move, an alias or a rename kept elsewhere? One grep of
   * head for the whole range and both checks (`namedElsewhere`).
   */
  private async resolveNamedElsewhere(files: FileResult[]): Promise<void> {
    const options = files.filter((f) => f.options);
    const settings = files.filter((f) => f.settings);
    // Example templates that drop a key: does the server's code still name it (template.ts keepNamedTemplateKeys)?
    const dropped = files.filter((f) => f.rule?.id === 'generic.operator-template').map((f) => ({ f, keys: new Set(droppedTemplateKeys(f.findings)), refused: new Set<string>() })).filter((d) => d.keys.size);
    if (!options.length && !settings.length && !dropped.length) return;
    const optionSearches = options.map((f) => optionNameSearch(f.options!.map((d) => d.name), languageOfPath(f.change.path)));
    const settingSearches = settings.map((f) => settingNameSearch(f.settings!, f.change.oldPath ?? f.change.path));
    const named = await this.namedElsewhere(options.length && settings.length ? 'option and settings' : options.length ? 'option' : settings.length ? 'settings' : 'template key', [
      ...options.map((f, i) => ({ path: f.change.path, needles: optionSearches[i].needles, isCode: (path: string) => isCodePath(path), named: (text: string, path: string) => optionSearches[i].named(text, languageOfPath(path)) })),
      ...settings.map((f, i) => ({ path: f.change.path, needles: settingSearches[i].needles, caseless: settingSearches[i].caseless, words: settingSearches[i].words, isCode: (path: string) => settingLanguage(path) !== null, named: (text: string, path: string) => settingSearches[i].named(text, path) })),
      ...dropped.map((d) => ({ path: d.f.change.path, needles: [], words: [...d.keys], isCode: isServerCodePath, named: (text: string, path: string) => {
        const hits = templateKeyHits(text, path, d.keys);
        for (const k of hits.refused) d.refused.add(k);
        return hits.named;
      } })),
    ]);
    this.resolveOptions(options, named && named.slice(0, options.length));
    this.resolveSettings(settings, named && named.slice(options.length, options.length + settings.length), files, settingSearches.map((s) => s.bound));
    // A key some line refuses (a removal notice) is not still accepted, whatever other lines name it.
    if (named) dropped.forEach((d, i) => keepNamedTemplateKeys(d.f.findings, new Set([...named[options.length + settings.length + i]].filter((k) => !d.refused.has(k)))));
  }

  /**
   * Files that remove options: a file whose options are all named elsewhere (`named`, per file; null
   * when the grep failed) keeps no rule, as if it removed none.
   */
  private resolveOptions(pending: FileResult[], named: Set<string>[] | null): void {
    const optionRule = this.generic.get('generic.cli-option');
    pending.forEach((f, i) => {
      const gone = named ? f.options!.filter((d) => !named[i].has(d.name)) : [];
      delete f.options;
      if (!gone.length || !optionRule) return;
      f.rule = optionRule;
      for (const d of gone) f.findings.push({ ...removedOptionFinding(d), line: d.newLine });
    });
  }

  /**
   * Files whose settings module stops declaring names: those named nowhere else are removed settings (after
   * resolveOptions: a file with an option rule keeps it). A key that a config reader or settings module of
   * the same files stops declaring is that module's fact: code that only read it adds no second impact. A C#
   * property counts only when its class is bound to configuration (`bound`, per file: settingNames.ts SettingDecl.owner).
   */
  private resolveSettings(pending: FileResult[], named: Set<string>[] | null, files: FileResult[], bound: Set<string>[]): void {
    const settingRule = this.generic.get('generic.setting-removed');
    const goneOf = pending.map((f, i) => (named ? f.settings!.filter((d) => !named[i].has(d.name) && (!d.owner || bound[i].has(d.owner))) : []));
    const declared = new Set(files.flatMap((f) => f.findings.filter((x) => x.kind === 'config-key-removed' && x.subject).map((x) => x.subject!)));
    for (const d of goneOf.flat()) if (!d.read) declared.add(d.name);
    pending.forEach((f, i) => {
      const gone = goneOf[i].filter((d) => !d.read || !declared.has(d.name));
      delete f.settings;
      // A file whose changed defaults or refusals are its only findings so far takes the removed settings' rule too (its findings stay).
      if (!gone.length || !settingRule || (f.rule && f.rule.id !== 'generic.setting-default' && f.rule.id !== 'generic.setting-refusal')) return;
      f.rule = settingRule;
      f.findings.push(...capFindings(gone.map((d) => ({ ...removedSettingFinding(d, f.change.oldPath ?? f.change.path), line: d.newLine })), MAX_SETTING_FINDINGS));
    });
  }

  /**
   * For each search, the names it finds on lines of other modules of head: one grep of head for all
   * of them (`combineOptionSearches`), each hit line given to the searches whose own needles it holds
   * (what one grep per search found), in code modules the search's `isCode` accepts that are not
   * ignored, vendored, tests or tools, and not the search's own file. Null when the grep failed (the
   * checks then report nothing: a failure costs findings, not the run).
   */
  private async namedElsewhere(what: string, searches: { path: string; needles: readonly string[]; caseless?: readonly string[]; words?: readonly string[]; isCode(path: string): boolean; named(text: string, path: string): string[] }[]): Promise<Set<string>[] | null> {
    const out = searches.map(() => new Set<string>());
    try {
      const combined = combineOptionSearches(searches);
      const hits = combined.pattern ? await this.grepHead([combined.pattern], [], { word: false, extended: true }) : [];
      for (const h of hits) {
        if (this.matcher.isIgnored(h.path) || genericExcluded(h.path) || !isOperatorCode(h.path)) continue;
        for (const i of combined.owners(h.text)) {
          const s = searches[i];
          if (h.path === s.path || !s.isCode(h.path)) continue;
          for (const n of s.named(h.text, h.path)) out[i].add(n);
        }
      }
      return out;
    } catch (e) {
      this.logger.warn(`${what} check failed: ${(e as Error).message}`);
      return null;
    }
  }

  private startHeadEnvIndex(): HeadEnvStore {
    if (this.headStore) return this.headStore;
    this.headStore = this.earlyStore ?? new HeadEnvStore(this.headEnvDeps());
    this.earlyStore = null;
    this.headStore.start();
    return this.headStore;
  }

  /**
   * A cold CLI run (no env index: it asks git about its names) of a checked-out head, or names
   * mode: the greps of head wait for git to check that the work tree is head and to list the
   * tracked files (HeadOnDisk). Started before the range is read, they run on the core the
   * analysis leaves idle instead of beside the greps; if the range names no env var, `analyze`
   * stops them (HeadOnDisk.drop).
   */
  private async primeHeadOnDisk(): Promise<void> {
    const { range } = this;
    if (range.mode !== 'review' || range.checkedOut !== range.headSha || (this.disk && this.disk.started)) return;
    const deps = this.headEnvDeps();
    if (deps.useIndex && !this.deferEnvIndex) return;
    // The store the range's first env name starts (startHeadEnvIndex), its mode asked now. Awaited: a
    // few file-system calls while git diffs the range (started with the session), where the analysis
    // would leave their answers waiting behind it.
    const store = (this.earlyStore = new HeadEnvStore(deps));
    if (await store.asksNames().catch(() => false)) await (this.disk ??= new HeadOnDisk(this.git, this.range)).prime();
  }

  /** What head's env store reads with (startHeadEnvIndex). */
  private headEnvDeps(): HeadEnvDeps {
    const readers = [...ENV_READ_NEEDLES, ...this.profile.needles];
    return {
      git: this.git,
      range: this.range,
      spec: { needles: readers, context: (p) => this.profile.envContext(p), aliases: (n) => this.profile.envAliases(n) },
      // What the extraction depends on besides the version: the readers and registries the profile learned.
      fingerprint: JSON.stringify([readers, this.profile.envContext(''), this.profile.profile.envRegistries.map((r) => [r.path, r.line])]),
      grepCommit: (words, pathspecs, opts) => this.grepCommit(words, pathspecs, opts),
      rangePaths: () => this.diffPaths,
      useIndex: process.env.HANDOFF_ENV_INDEX !== 'off',
      willGrep: () => {
        if (this.range.mode === 'review' && !this.updated) this.startHeadOnDisk();
      },
      cold: this.deferEnvIndex ? 'defer' : 'build',
      onDeferred: this.deferEnvIndex,
      logger: this.logger,
    };
  }

  /** Stops what primeHeadOnDisk started for greps that never came (a range that names no env var). */
  dropUnusedHeadCheck(): void {
    this.disk?.drop();
  }

  /** The merge-base side of a change (by blob id: no path lookup in the tree). */
  private readOld(change: Change): Promise<string | null> {
    if (change.oldBlob) return this.git.readBlob(change.oldBlob, this.config.maxFileBytes);
    const p = change.oldPath ?? change.path;
    return this.git.readFiles(this.range.mergeBase, [p], this.config.maxFileBytes).then((m) => m.get(p) ?? null);
  }

  /** The head side: the file on disk in working mode, else the blob. */
  private readNew(change: Change): Promise<string | null> {
    if (this.range.mode === 'review' && change.newBlob) return this.git.readBlob(change.newBlob, this.config.maxFileBytes);
    return this.git.readFiles(this.headRev(), [change.path], this.config.maxFileBytes).then((m) => m.get(change.path) ?? null);
  }

  /** Adds analysed files (in diff order: a later change of a path replaces an earlier one) and the notes among the changes. */
  private async addResults(analysed: { files: Promise<FileResult>[]; noteChanges: Change[] }): Promise<void> {
    const results = await Promise.all(analysed.files);
    await this.resolveNamedElsewhere(results);
    for (const fr of results) this.files.set(fr.change.path, fr);
    const noteChanges = analysed.noteChanges;
    if (noteChanges.length) {
      const texts = await this.git.readFiles(this.headRev(), noteChanges.map((c) => c.path), 5 * 1024 * 1024);
      for (const c of noteChanges) {
        const text = texts.get(c.path);
        if (text == null) {
          this.noteWarnings.set(c.path, `${c.path}: note could not be read (binary or too large)`);
          continue;
        }
        const parsed = parseNote(c.path, text, { roles: this.config.roles });
        if (parsed.error) this.noteWarnings.set(c.path, parsed.error);
        else {
          // A usable note can still have entries that were dropped (a skip without reason): say so.
          const errors = parsed.problems.filter((p) => p.severity === 'error');
          if (errors.length) this.noteWarnings.set(c.path, `${c.path}:${errors[0].line}: ${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
        }
        if (parsed.note) this.notes.set(c.path, parsed.note);
      }
    }
  }

  /** The report of the range as it stands. */
  async result(): Promise<Report> {
    if (this.report) return this.report;
    const started = Date.now();
    // The deploy-order pass needs the files' findings only, not the env sets: its greps of
    // head run while the env pass and the impacts are computed (on the large bench range they
    // were the last 0.6 s of the run, after everything else).
    const order = this.migrationOrder();
    order.catch(() => undefined); // awaited below
    const env = await this.envPass();
    this.logger.debug(`env pass: ${env.added.size} added, ${env.removed.size} removed in ${Date.now() - started} ms`);
    // Impacts depend on their file and on the env sets, and only on the names the file
    // itself reads or declares: keep them per file, and when the sets change, rebuild only
    // the files that mention a name whose membership changed.
    const before = this.impactEnv;
    if (before) {
      const changed = new Set<string>();
      for (const k of ['added', 'removed', 'undeclared'] as const) {
        for (const n of env[k]) if (!before[k].has(n)) changed.add(n);
        for (const n of before[k]) if (!env[k].has(n)) changed.add(n);
      }
      if (changed.size) {
        for (const [path, fr] of this.files) {
          if (fr.envRefs.added.some((r) => changed.has(r.name)) || fr.envRefs.removed.some((r) => changed.has(r.name))) this.impactCache.delete(path);
        }
      }
    } else this.impactCache.clear();
    this.impactEnv = env;
    const impacts: Impact[] = [];
    for (const [path, fr] of this.files) {
      let impact = this.impactCache.get(path);
      if (impact === undefined) this.impactCache.set(path, (impact = this.toImpact(fr, env)));
      // A copy: coverage is written into it, and earlier reports stay as they were.
      if (impact) impacts.push({ ...impact, coveredBy: [] });
    }
    applyMigrationOrder(impacts, await order);
    await markNewBackendSchemas(impacts, () => (this.basePathList ??= this.git.listFiles(this.range.mergeBase)));
    await markInstallOnlySchemas(impacts, () => (this.basePathList ??= this.git.listFiles(this.range.mergeBase)));
    await markDevOnlyMigrations(impacts, () => (this.basePathList ??= this.git.listFiles(this.range.mergeBase)));
    impacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.category.localeCompare(b.category)));
    const notes = [...this.notes.values()].sort((a, b) => a.path.localeCompare(b.path));
    applyCoverage(impacts, notes);
    const byCategory: Partial<Record<Category, number>> = {};
    for (const i of impacts) byCategory[i.category] = (byCategory[i.category] ?? 0) + 1;
    const requiring = impacts.filter((i) => i.requiresNote);
    this.report = {
      schemaVersion: 1,
      tool: { name: 'handoff', version: VERSION },
      range: { base: this.range.base, baseSha: this.range.baseSha, mergeBase: this.range.mergeBase, head: this.range.head, headSha: this.range.headSha },
      impacts,
      envVars: { added: [...env.added].sort(), removed: [...env.removed].sort() },
      notes: notes.map((n) => ({ path: n.path, title: n.title, covers: n.covers.map((c) => c.raw), ...(n.risk ? { risk: n.risk } : {}), items: n.items })),
      summary: {
        changes: this.files.size + new Set([...this.notes.keys(), ...this.noteWarnings.keys()]).size,
        impacts: impacts.length,
        requiringNotes: requiring.length,
        uncovered: requiring.filter((i) => i.coveredBy.length === 0).length,
        byCategory,
      },
    };
    const warnings = [...this.readWarnings.values(), ...this.noteWarnings.values()];
    if (warnings.length) this.report.warnings = warnings;
    return this.report;
  }

  /** Deploy-order findings of the range's migrations (analyzers/migrationOrder.ts); only when it has any. */
  private async migrationOrder(): Promise<OrderResult | null> {
    const files = [...this.files.values()];
    if (!files.some((f) => isMigrationRule(f.rule) || SNAPSHOT_PATH.test(f.change.path))) return null;
    // Git does not read the files the pass drops by their path (docs, data, lockfiles, migrations, tests).
    const specs = [...NOT_CODE_PATHSPECS];
    return migrationOrderPass({
      files: files.map((f) => ({ change: f.change, rule: f.rule, findings: f.findings, formattingOnly: !!f.formattingOnly })),
      basePaths: () => (this.basePathList ??= this.git.listFiles(this.range.mergeBase)),
      headHas: (test) => this.headHas(test),
      // Half the cores: the env pass and the impacts are computed meanwhile, and a whole-tree grep is
      // mostly opening and reading files (every core cost ~0.35 s more CPU on the bench's 50,000 files, for no wall time on 2 cores).
      grepHead: (words) => this.orderGrep(words),
      grepBase: (words) => (this.range.mode === 'review' && !this.updated ? this.baseHitsFromDiff(words, specs) : this.git.grep(this.range.mergeBase, words, this.changedPathspecs(specs), { word: true })),
    });
  }

  /** The deploy-order pass's grep of head: whole words, code only (NOT_CODE_PATHSPECS). */
  private orderGrep(words: string[]): Promise<GrepHit[]> {
    const early = this.earlyOrderGrep;
    this.earlyOrderGrep = null;
    // Started during the load for these words (or more: the pass keeps each word's hits by its own test of the line).
    if (early && !this.updated && words.every((w) => early.words.includes(w))) return early.hits;
    return this.grepHead(words, [...NOT_CODE_PATHSPECS], { word: true });
  }

  /** Starts the deploy-order pass's grep of head now (see earlyOrderGrep). */
  private startOrderGrep(words: string[]): void {
    const hits = this.grepHead(words, [...NOT_CODE_PATHSPECS], { word: true });
    hits.catch(() => undefined); // awaited by the pass, which reports a failure
    this.earlyOrderGrep = { words, hits };
  }

  /**
   * The merge-base's lines holding one of `words` in the files this range changes, without
   * reading the base tree (a whole-tree grep cost 1.2 s of CPU on the bench's large range).
   * The pass keeps only base hits in changed files that head does not read the word in; for
   * those, a base line holding it is a removed line (every other line of the file is still at
   * head), so the removed lines kept in review mode answer (`baseText`), a superset of git's
   * `-w` lines that the pass filters again. Git is still asked about the files the diff has no
   * lines of: binary or skipped content, a symlink or submodule before, and a path whose file
   * was renamed away and a new one added. Hits come in git's order (by path, then line).
   */
  private async baseHitsFromDiff(words: string[], specs: string[]): Promise<GrepHit[]> {
    const files = [...this.files.values()];
    const renamedAway = new Set<string>();
    for (const c of this.diffStatus) if (c.status === 'renamed' && c.oldPath && !c.copied) renamedAway.add(c.oldPath);
    const hits: GrepHit[] = [];
    const ask: string[] = [];
    for (const f of files) {
      const c = f.change;
      const p = c.path;
      if (droppedByPath(p)) continue; // the pass drops their hits (its pathspecs exclude most of them)
      if (c.status === 'added' || c.status === 'renamed') {
        // New at this path, unless the file there before was renamed away.
        if (renamedAway.has(p)) ask.push(p);
        continue;
      }
      if (c.contentSkipped || c.oldNotFile) {
        ask.push(p);
        continue;
      }
      if (!f.baseText) continue; // no removed lines, or a migration (the pass skips its hits)
      if (!words.some((w) => f.baseText!.includes(w))) continue;
      const lines = f.baseText.split('\n');
      let i = 0;
      for (const h of c.hunks) {
        for (let k = 0; k < h.oldLines && i < lines.length; k++, i++) {
          const text = lines[i];
          if (words.some((w) => text.includes(w))) hits.push({ path: p, line: h.oldStart + k, text });
        }
      }
    }
    if (ask.length) {
      const asked = new Set(ask);
      const literal = ask.map((p) => `:(literal)${p}`);
      const few = literal.reduce((n, s) => n + s.length + 12, 0) <= MAX_PATHSPEC_CHARS;
      const found = await this.git.grep(this.range.mergeBase, words, few ? [...literal, ...specs] : specs, { word: true });
      for (const h of found) if (asked.has(h.path)) hits.push(h);
    }
    const order = new Map<string, Buffer>();
    const key = (p: string): Buffer => {
      let b = order.get(p);
      if (!b) order.set(p, (b = Buffer.from(p, 'utf8')));
      return b;
    };
    return hits.sort((a, b) => (a.path === b.path ? a.line - b.line : Buffer.compare(key(a.path), key(b.path))));
  }

  /**
   * The deploy-order pass keeps only base hits in files this range changes: with few of them,
   * git reads just those (a 10-file range with a migration no longer reads the whole base
   * tree); with many (a long command line; git matches pathspecs per file), the whole tree.
   */
  private changedPathspecs(specs: string[]): string[] {
    let budget = MAX_PATHSPEC_CHARS;
    const literal: string[] = [];
    for (const p of this.files.keys()) {
      budget -= p.length + 12;
      if (budget < 0) return specs;
      literal.push(`:(literal)${p}`);
    }
    return literal.length ? [...literal, ...specs] : specs;
  }

  /**
   * Whether the merge-base or head holds `<dir>Chart.yaml`, asked once per folder (a chart's templates ask together). Both
   * sides are sets of folders built in one pass each (review17 F2: a scan of the whole file list per folder cost
   * folders × files on a tree of many `templates/` folders).
   */
  private hasChartYaml(dir: string): Promise<boolean> {
    let known = this.chartYamls.get(dir);
    if (!known) {
      known = (async () => (await this.chartDirsAtBase()).has(dir) || (await this.chartYamlAtHead(dir)))();
      known.catch(() => undefined);
      this.chartYamls.set(dir, known);
    }
    return known.catch(() => false);
  }

  private chartDirsAtBase(): Promise<Set<string>> {
    return (this.baseChartDirs ??= (this.basePathList ??= this.git.listFiles(this.range.mergeBase)).then(chartDirsOf));
  }

  /**
   * Whether head holds `<dir>Chart.yaml`. Once a Chart.yaml was saved, working mode asks the work tree itself (a file deleted
   * but not staged is not at head, though `ls-files --cached` still lists it) and review mode lists head once.
   */
  private async chartYamlAtHead(dir: string): Promise<boolean> {
    if (this.chartSaved && this.range.mode === 'working') {
      const want = `${dir}Chart.yaml`;
      return (await this.git.readFiles(WORKTREE, [want], this.config.maxFileBytes)).get(want) != null;
    }
    return (await (this.headChartDirs ??= this.chartSaved ? this.git.listFiles(this.headRev()).then(chartDirsOf) : this.chartDirsAtHead())).has(dir);
  }

  /**
   * The folders of head's Chart.yaml files: the merge-base's with the range's diff applied, once the whole diff is read
   * (the detector runs while it streams, and working mode lists untracked files, a new chart's Chart.yaml, last: review17 F3).
   * No Chart.yaml was saved since (see chartYamlAtHead), so the diff read at open still tells.
   */
  private async chartDirsAtHead(): Promise<Set<string>> {
    await this.diffPaths;
    return chartDirsOf(await this.headPathsFromDiff(isChartYaml));
  }

  /** Whether the merge-base holds at least two other upgrade scripts in the folder of `path` (a sequence). */
  private async hasUpgradeSiblings(path: string): Promise<boolean> {
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    let n = 0;
    for (const p of await (this.basePathList ??= this.git.listFiles(this.range.mergeBase))) {
      if (p !== path && p.startsWith(dir) && !p.includes('/', dir.length) && isUpgradeScriptPath(p) && ++n >= 2) return true;
    }
    return false;
  }

  /**
   * Whether some path of head passes `test`: head's file list is the merge-base's with the range's
   * diff applied (one `ls-tree` fewer; in working mode the diff holds the staged, unstaged and
   * untracked changes), applied here to the paths that pass only, in diff order (the 50,000-path
   * list and its set were built for one or two tests on the large bench range). After an `update`,
   * head is listed by git again.
   */
  private async headHas(test: (path: string) => boolean): Promise<boolean> {
    if (this.updated) return (await this.git.listFiles(this.headRev())).some(test);
    return (await this.headPathsFromDiff(test)).length > 0;
  }

  /** The paths of head that pass `test`: the merge-base's list with the range's diff (as read so far) applied. */
  private async headPathsFromDiff(test: (path: string) => boolean): Promise<string[]> {
    const member = new Map<string, boolean>();
    for (const p of await (this.basePathList ??= this.git.listFiles(this.range.mergeBase))) if (test(p)) member.set(p, true);
    for (const c of this.diffStatus) {
      if (c.status === 'deleted') {
        if (test(c.path)) member.set(c.path, false);
      } else {
        if (c.status === 'renamed' && c.oldPath && !c.copied && test(c.oldPath)) member.set(c.oldPath, false);
        if (test(c.path)) member.set(c.path, true);
      }
    }
    return [...member].filter(([, at]) => at).map(([p]) => p);
  }

  /** The parsed notes of the range (the editor's checklist and quick fixes use them). */
  rangeNotes(): Note[] {
    return [...this.notes.values()];
  }

  /**
   * Env vars the range starts or stops reading/declaring, compared with the whole base
   * tree (so moving a read between files is neither), and those read but declared nowhere.
   *
   * "The base had X" is answered from head, not by searching the base tree: every line of
   * the base is either a removed line of the diff or still present at head as a line that
   * is not an added line. So X was in the base iff a removed line mentions it, or head
   * mentions it outside the added lines. Head is usually the working tree (working mode,
   * or CI with head checked out), which git greps far faster than a tree it must inflate,
   * and the index is kept per file so a save re-reads one file.
   */
  private async envPass(): Promise<{ added: Set<string>; removed: Set<string>; undeclared: Set<string> }> {
    const addedCandidates = new Set<string>();
    const removedCandidates = new Set<string>();
    const readNames = new Set<string>();
    // Names the repository writes into an environment itself (for its child processes) are no operator setting.
    const setByRepo = new Set<string>();
    for (const fr of this.files.values()) {
      for (const r of fr.envRefs.added) {
        if (r.kind === 'set') {
          if (envSetCounts(fr.change.path)) setByRepo.add(r.name);
          continue;
        }
        addedCandidates.add(r.name);
        if (r.kind === 'read' && !r.optional) readNames.add(r.name); // a read with a default needs no declaration
      }
      for (const r of fr.envRefs.removed) {
        if (r.kind === 'set') {
          if (envSetCounts(fr.change.oldPath ?? fr.change.path)) setByRepo.add(r.name);
        } else removedCandidates.add(r.name);
      }
    }
    if (addedCandidates.size === 0 && removedCandidates.size === 0) return { added: new Set(), removed: new Set(), undeclared: new Set() };
    const index = await this.headEnvIndex(new Set([...addedCandidates, ...removedCandidates]));
    const inBase = new Set<string>(removedCandidates);
    // Read on a line of a changed file the range left alone: in the base and at head (keptEnvNames).
    for (const fr of this.files.values()) if (fr.envRefs.kept) for (const n of fr.envRefs.kept) inBase.add(n);
    const atHead = new Set<string>();
    /** Names some file of head still reads (not only declares). */
    const readAtHead = new Set<string>();
    /** Every name head's index mentions, in any kind of ref. */
    const listed = new Set<string>();
    for (const [path, refs] of index) {
      const fr = this.files.get(path);
      let readHere: Set<string> | null = null;
      for (const r of refs) {
        listed.add(r.name);
        if (r.kind === 'set') {
          // a file that also reads the name sets it for itself (a default, its tests), not for a child
          readHere ??= new Set(refs.filter((x) => x.kind === 'read').map((x) => x.name));
          if (!readHere.has(r.name) && envSetCounts(path)) setByRepo.add(r.name);
          continue;
        }
        if (r.kind === 'read' && fr?.envRefs.refused?.has(r.name)) continue;
        // An option left only commented out in an env template is set by nothing: still "removed".
        if (!(r.kind === 'declare' && r.optional)) atHead.add(r.name);
        if (r.kind === 'read') readAtHead.add(r.name);
        const change = fr?.change ?? this.ignoredEnvChanges.get(path);
        if (!inBase.has(r.name) && !(change && isAddedLine(change, r.line))) inBase.add(r.name);
      }
    }
    for (const fr of this.files.values()) {
      if (!fr.envRefs.kept) continue;
      for (const n of fr.envRefs.kept) {
        atHead.add(n);
        readAtHead.add(n);
      }
    }
    const added = new Set([...addedCandidates].filter((n) => !inBase.has(n) && !setByRepo.has(n)));
    // A compose file's entries for another project's image (a `postgres` service's POSTGRES_PASSWORD, a
    // `kafka-broker`'s KAFKA_LISTENERS): that image's settings, unless the repository reads the name or builds the image.
    for (const n of await this.foreignImageNames(added, readAtHead)) added.delete(n);
    const setAgain = new Set<string>();
    for (const fr of this.files.values()) for (const r of fr.envRefs.added) if (!(r.kind === 'declare' && r.optional)) setAgain.add(r.name);
    // A name the base only listed commented out is removed only when head lists it nowhere, not even commented out.
    const commentedOnly = new Set(removedCandidates);
    for (const fr of this.files.values()) for (const r of fr.envRefs.removed) if (!(r.kind === 'declare' && r.optional)) commentedOnly.delete(r.name);
    const listedAtHead = (n: string): boolean => addedCandidates.has(n) || listed.has(n);
    // The range removed the last read of a name that an env template still lists: nothing reads the setting any more.
    const readRemoved = new Set<string>();
    for (const fr of this.files.values()) for (const r of fr.envRefs.removed) if (r.kind === 'read') readRemoved.add(r.name);
    const readsGone = (n: string): boolean => readRemoved.has(n) && !readAtHead.has(n);
    const removed = new Set([...removedCandidates].filter((n) => (!atHead.has(n) || readsGone(n)) && !setAgain.has(n) && !(commentedOnly.has(n) && listedAtHead(n)) && !setByRepo.has(n)));

    // A name only a binding composes (EnvRef.composed: an optional settings struct field under envconfig's prefix, a
    // Spring @ConfigurationProperties field), that no env file, compose file, chart or doc of head spells: a new
    // configuration-file setting the environment can also reach, not a variable the deployment is told to set.
    const composedOnly = new Set(added);
    for (const fr of this.files.values()) for (const r of fr.envRefs.added) if (!r.composed) composedOnly.delete(r.name);
    const newReads = [...readNames].filter((n) => added.has(n));
    const asked = [...new Set([...newReads, ...composedOnly])];
    const declared = asked.length ? await this.declaredIn(asked) : new Set<string>();
    for (const n of composedOnly) if (!declared.has(n)) added.delete(n);
    const undeclared = new Set(newReads.filter((n) => added.has(n) && !declared.has(n)));
    return { added, removed, undeclared };
  }

  /**
   * Added names whose every added ref is a compose entry for a service running another project's
   * image (EnvRef.image), read by no file of head, for an image no Dockerfile of head builds (in a
   * folder named like the image: `prosody/Dockerfile` for `jitsi/prosody`, beside the compose file,
   * or under `docker/` or `images/`).
   */
  private async foreignImageNames(added: Set<string>, readAtHead: Set<string>): Promise<string[]> {
    const images = new Map<string, { image: string; dir: string }[]>();
    const other = new Set<string>();
    for (const fr of this.files.values()) {
      for (const r of fr.envRefs.added) {
        if (!added.has(r.name)) continue;
        if (r.kind !== 'declare' || !r.image) other.add(r.name);
        else {
          const p = fr.change.path;
          const list = images.get(r.name) ?? [];
          list.push({ image: r.image, dir: p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '' });
          images.set(r.name, list);
        }
      }
    }
    const names = [...images.keys()].filter((n) => !other.has(n) && !readAtHead.has(n));
    if (!names.length) return [];
    const candidates = new Set<string>();
    const where = (image: string, dir: string): string[] => [...new Set([`${image}/Dockerfile`, `${dir}${image}/Dockerfile`, `docker/${image}/Dockerfile`, `images/${image}/Dockerfile`, `${image}/Containerfile`])];
    for (const n of names) for (const { image, dir } of images.get(n)!) for (const c of where(image, dir)) candidates.add(c);
    const texts = await this.git.readFiles(this.headRev(), [...candidates], this.config.maxFileBytes);
    const built = (image: string, dir: string): boolean => where(image, dir).some((c) => texts.get(c) != null);
    return names.filter((n) => images.get(n)!.every(({ image, dir }) => !built(image, dir)));
  }

  private headRev(): string {
    return this.range.mode === 'working' ? WORKTREE : this.range.headSha;
  }

  /**
   * Env refs per file at head, complete for `names` (cache/headEnv.ts: the persistent index,
   * or git asked about those names): code reads found on lines with an env marker,
   * declarations in env files, manifests and scripts; registries read whole; files an
   * `update` re-read since replace the store's. Ignored files count only when they are env files.
   */
  private async headEnvIndex(names: Set<string>): Promise<Map<string, EnvRef[]>> {
    const store = this.startHeadEnvIndex();
    const [files, registry] = await Promise.all([store.files(names), (this.registries ??= this.readRegistries())]);
    // The same store answer, registries and overrides as last time (a save that touched no env name): the same index.
    const memo = this.mergedIndex;
    if (memo && memo.files === files && memo.registry === registry && memo.size === files.size) return memo.index;
    const index = new Map<string, EnvRef[]>();
    for (const [p, refs] of registry.refs) if (!this.refOverrides.has(p)) index.set(p, [...refs]);
    for (const [p, f] of files) {
      if (this.refOverrides.has(p) || (this.matcher.isIgnored(p) && !isEnvDeclarationFile(p))) continue;
      const seen = registry.lines.get(p);
      const refs = seen ? f.refs.filter((r) => !seen.has(r.line)) : f.refs;
      if (!refs.length) continue;
      const list = index.get(p);
      if (list) list.push(...refs);
      else index.set(p, [...refs]);
    }
    for (const [p, refs] of this.refOverrides) if (refs.length) index.set(p, refs);
    this.mergedIndex = { files, registry, size: files.size, index };
    return index;
  }

  /** Env registries (files that read the whole environment, then name their keys): every ref of the file. */
  private async readRegistries(paths?: string[]): Promise<{ refs: Map<string, EnvRef[]>; lines: Map<string, Set<number>> }> {
    const refs = new Map<string, EnvRef[]>();
    const lines = new Map<string, Set<number>>();
    const registries = this.profile.registryPaths().filter((p) => !paths || paths.includes(p));
    if (!registries.length) return { refs, lines };
    const texts = await this.git.readFiles(this.headRev(), registries, this.config.maxFileBytes);
    for (const [p, text] of texts) {
      if (text == null) continue;
      const found = extractEnvRefs(p, splitLines(text).map((t, i) => ({ line: i + 1, text: t })), { fullText: text, presence: true, context: this.profile.envContext(p) });
      lines.set(p, new Set(found.map((r) => r.line)));
      if (found.length) refs.set(p, found);
    }
    return { refs, lines };
  }

  /**
   * Env refs at head of some files (an incremental update): the lines given (working mode:
   * the files read from disk) or head's lines of those files with an env marker.
   */
  private async buildHeadEnvIndex(paths: string[], lines?: Promise<GrepHit[]>): Promise<Map<string, EnvRef[]>> {
    let hits: GrepHit[];
    if (lines) hits = await lines;
    else {
      const specs = paths.map((p) => `:(literal)${p}`);
      const [reads, decls] = await Promise.all([
        this.grepHead([...ENV_READ_NEEDLES, ...this.profile.needles], specs, { word: false }),
        this.grepHead(['[A-Za-z_][A-Z0-9_]*[A-Z][A-Z0-9_]*', SHEBANG_PATTERN], specs, { extended: true }),
      ]);
      hits = reads.concat(decls);
    }
    // An executable without an extension counts only with a `#!` line (cache/lines.ts SHEBANG_PATTERN).
    const shebangs = shebangPaths(hits);
    const confirm = new Set<string>();
    const index = new Map<string, EnvRef[]>();
    const seen = new Set<string>();
    const registry = await this.readRegistries(paths);
    for (const [p, refs] of registry.refs) {
      for (const r of refs) seen.add(`${p}\0${r.line}`);
      index.set(p, refs);
    }
    for (const h of hits) {
      if ((this.matcher.isIgnored(h.path) && !isEnvDeclarationFile(h.path)) || isReleaseDocument(h.path)) continue;
      if (!shebangs.has(h.path) && isScriptPath(h.path)) continue;
      const key = `${h.path}\0${h.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const refs = extractEnvRefs(h.path, [{ line: h.line, text: h.text.length > 4000 ? h.text.slice(0, 4000) : h.text }], { presence: true, context: this.profile.envContext(h.path) });
      if (!refs.length) continue;
      if (needsFileContext(h.path, h.text)) confirm.add(h.path);
      const list = index.get(h.path);
      if (list) list.push(...refs);
      else index.set(h.path, refs);
    }
    // A Dockerfile's continuation line declares only under an `ENV`: its whole text tells (cache/lines.ts).
    if (confirm.size) {
      const texts = await this.git.readFiles(this.headRev(), [...confirm], this.config.maxFileBytes);
      for (const p of confirm) {
        const text = texts.get(p);
        if (text == null) continue;
        const refs = confirmFileRefs(p, index.get(p) ?? [], text);
        if (refs.length) index.set(p, refs);
        else index.delete(p);
      }
    }
    return index;
  }

  /** Names mentioned in env files, manifests, charts or docs at head (as whole upper-case words). */
  private async declaredIn(names: string[]): Promise<Set<string>> {
    const files = await this.startHeadEnvIndex().files(names);
    const wanted = new Set(names);
    const found = new Set<string>();
    const add = (words: Iterable<string>) => {
      for (const w of words) if (wanted.has(w)) found.add(w);
    };
    for (const [p, f] of files) if (!this.wordOverrides.has(p)) add(f.words);
    for (const words of this.wordOverrides.values()) add(words);
    return found;
  }

  /** The upper-case words of some declaration files at head (an incremental update). */
  private async buildDeclaredIndex(paths: string[], lines?: Promise<GrepHit[]>): Promise<Map<string, Set<string>>> {
    const index = new Map<string, Set<string>>();
    const add = (path: string, text: string) => {
      let set = index.get(path);
      if (!set) index.set(path, (set = new Set()));
      addUpperWords(text, set);
    };
    if (lines) {
      for (const h of await lines) if (isDeclarationPath(h.path)) add(h.path, h.text);
      return index;
    }
    const specs = paths.filter((p) => isDeclarationPath(p)).map((p) => `:(literal)${p}`);
    if (specs.length === 0) return index;
    const hits = await this.grepHead(['[A-Z][A-Z0-9_]*[A-Z0-9]'], specs, { extended: true });
    for (const h of hits) add(h.path, h.text);
    return index;
  }

  /** Greps head: the working tree in working mode, else head's commit (see grepCommit). */
  private grepHead(words: string[], pathspecs: string[], opts: GrepOptions): Promise<GrepHit[]> {
    if (this.range.mode === 'working') return this.git.grep(WORKTREE, words, pathspecs, opts);
    return this.grepCommit(words, pathspecs, opts);
  }

  /** Review mode: whether head is checked out with no tracked file changed (asked once per session). */
  private startHeadOnDisk(): HeadOnDisk {
    return (this.disk ??= new HeadOnDisk(this.git, this.range)).start();
  }

  /** Greps head's commit (see HeadOnDisk.grep). */
  private grepCommit(words: string[], pathspecs: string[], opts: GrepOptions): Promise<GrepHit[]> {
    return this.startHeadOnDisk().grep(words, pathspecs, opts);
  }

  private toImpact(fr: FileResult, env: { added: Set<string>; removed: Set<string>; undeclared: Set<string> }): Impact | null {
    const { change, rule } = fr;
    const findings = [...fr.findings];
    for (const r of fr.envRefs.added) {
      if (!env.added.has(r.name)) continue;
      // An optional new setting (it has a default) is listed, not a deployment action (issue 11).
      const optional = r.optional === true; // a read with a default, or an option commented out in an env template
      const severity = optional && !this.profile.optionalSettingsNeedNote ? 'info' : 'warning';
      const via = r.via && r.via !== 'registry' && r.via !== 'reader' ? r.via : r.via === 'registry' ? 'read through an env registry in this file' : r.via === 'reader' ? 'read through an env reader defined in this file' : null;
      const detail = [optional ? 'with a default' : null, via].filter(Boolean).join('; ');
      findings.push({ kind: 'env-var-added', subject: r.name, line: r.line, severity, message: r.kind === 'read' ? `reads new environment variable ${r.name}${detail ? ` (${detail})` : ''}` : optional ? `declares new optional environment variable ${r.name} (commented out)` : `declares new environment variable ${r.name}` });
      if (r.kind === 'read' && !r.optional && env.undeclared.has(r.name)) {
        findings.push({ kind: 'env-var-undeclared', subject: r.name, line: r.line, severity: 'warning', message: `${r.name} is read here but declared in no env file, chart, manifest or doc of the repository` });
      }
    }
    for (const r of fr.envRefs.removed) {
      if (!env.removed.has(r.name)) continue;
      findings.push({ kind: 'env-var-removed', subject: r.name, line: r.line, severity: 'warning', message: `no longer ${r.kind === 'read' ? 'reads' : 'declares'} environment variable ${r.name} (nothing else does)` });
    }
    for (const c of envDefaultChanges(fr.envRefs)) {
      findings.push({ kind: 'default-changed', subject: c.name, line: c.line, severity: 'warning', message: `default of environment variable ${c.name} changes from ${c.from} to ${c.to}` });
    }
    dedupeFindings(findings);

    let category: Category;
    let ruleId: string;
    let title: string;
    let severity: Severity;
    let requiresNote: boolean;
    if (rule) {
      category = rule.category;
      ruleId = rule.id;
      title = `${rule.title} ${change.status}`;
      severity = rule.severity;
      requiresNote = rule.requiresNote === true || (rule.requiresNote === 'findings' && findings.some(needsNote));
    } else {
      if (!findings.some((f) => f.kind.startsWith('env-var-') || f.kind === 'default-changed')) return null;
      category = 'env';
      ruleId = 'env.code';
      title = 'Environment variables changed';
      severity = 'warning';
      requiresNote = findings.some((f) => (f.kind === 'env-var-added' || f.kind === 'env-var-removed' || f.kind === 'default-changed') && f.severity !== 'info');
    }
    if (rule && findings.some(needsNote) && rule.requiresNote !== false) requiresNote = true;
    if (rule?.id === 'generic.operator-template' || rule?.id === 'generic.config-reader' || rule?.id === 'generic.setting-refusal') requiresNote = findings.some((f) => f.severity === 'warning' || f.severity === 'critical');
    for (const f of findings) if (f.severity) severity = maxSeverity(severity, f.severity);
    if (fr.commentOnly && !findings.some(needsNote) && !findings.some(isMustSetFinding)) {
      requiresNote = false;
      severity = 'info';
      title = `${rule?.title ?? 'File'} comments changed`;
    }
    // A setting whose added comment tells operators to set it (analyzers/mustSet.ts), though the rest of the change is comments.
    if (category === 'config' && findings.some(isMustSetFinding)) requiresNote = true;
    if (fr.devOnly) {
      requiresNote = false;
      severity = 'info';
      title = `${title} (development only)`;
    }
    if (!requiresNote && severity === 'warning' && findings.every((f) => f.severity !== 'warning' && f.severity !== 'critical') && rule?.requiresNote !== true) {
      severity = 'info';
    }
    return {
      id: `${category}:${change.path}`,
      path: change.path,
      oldPath: change.oldPath,
      status: change.status,
      category,
      rule: ruleId,
      severity,
      requiresNote,
      title,
      findings,
      coveredBy: [],
      ...(rule?.checklist ? { checklist: rule.checklist } : {}),
    };
  }
}

/** Analyses a range once: `handoff check`. */
export async function analyze(opts: AnalyzeOptions): Promise<Report> {
  const session = await AnalysisSession.open(opts);
  const report = await session.result();
  session.dropUnusedHeadCheck();
  return report;
}

export function isNotePath(p: string): boolean {
  return p.startsWith(`${NOTES_DIR}/`) && p.endsWith('.md') && !p.slice(NOTES_DIR.length + 1).includes('/') && !/\/README\.md$/i.test(p);
}

/** Pathspecs of changed files given to one git command at most (Windows limits a command line to 32 K characters). */
const MAX_PATHSPEC_CHARS = 24_000;

/** Schema snapshots the deploy-order pass compares with migrations. */
const SNAPSHOT_PATH = /(?:schema\.rb|structure\.sql|schema\.prisma|ModelSnapshot\.cs)$/;

/** What a hunk's `added`/`removed` become once its change is analysed (see analyseChange). */
const NO_LINES = Object.freeze([]) as unknown as string[];

/** A release document's change (util/releaseDocs.ts): listed in the diff, read by nothing. */
function releaseDocumentResult(change: Change): FileResult {
  for (const h of change.hunks) {
    h.added = NO_LINES;
    h.removed = NO_LINES;
  }
  return { change, rule: null, findings: [], envRefs: { added: [], removed: [] }, commentOnly: false };
}

/**
 * Whether a change's removed lines can answer the deploy-order pass's base grep (see
 * baseHitsFromDiff): a file the base had, with lines, that the pass does not skip as a
 * migration (its hits are dropped there).
 */
function keepsBaseText(change: Change, rule: Rule | null): boolean {
  if (change.status !== 'modified' && change.status !== 'deleted') return false;
  if (change.contentSkipped || change.oldNotFile || rule?.category === 'migration') return false;
  return change.hunks.some((h) => h.removed.length > 0);
}

/**
 * The removed lines of a change, hunk after hunk. A loop, not `hunks.map(…).join(…)`: the arrays
 * `map` returns do not all have one shape, and analyseChange's optimized code was thrown away
 * when it met the other one (issue 17).
 */
function removedText(change: Change): string {
  let out = '';
  for (let i = 0; i < change.hunks.length; i++) out += (i ? '\n' : '') + change.hunks[i].removed.join('\n');
  return out;
}

/** The added and removed lines of a change, in one array (a generator cost ~100 ms on 10,000 files). */
function changedText(change: Change): string[] {
  if (change.hunks.length === 1 && change.hunks[0].removed.length === 0) return change.hunks[0].added;
  const out: string[] = [];
  for (const h of change.hunks) {
    for (const l of h.added) out.push(l);
    for (const l of h.removed) out.push(l);
  }
  return out;
}

function isEnvDeclarationFile(p: string): boolean {
  return /(^|\/)\.env[^/]*$|\.env(\.[^/]*)?$/.test(p);
}

function isCommentOnlyChange(change: Change): boolean {
  for (const h of change.hunks) {
    for (const l of h.added) if (!isCommentOrBlank(l, change.path)) return false;
    for (const l of h.removed) if (!isCommentOrBlank(l, change.path)) return false;
  }
  return true;
}

function dedupeFindings(findings: Finding[]): void {
  const seen = new Set<string>();
  let w = 0;
  for (const f of findings) {
    const key = `${f.kind}\0${f.line ?? ''}\0${f.subject ?? f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings[w++] = f;
  }
  findings.length = w;
}

/** Adds the deploy-order findings to the impacts they are about (see analyzers/migrationOrder.ts). */
function applyMigrationOrder(impacts: Impact[], order: OrderResult | null): void {
  if (!order) return;
  for (const impact of impacts) {
    const replaced = order.replace.get(impact.path);
    const extra = order.add.get(impact.path);
    if (!replaced && !extra) continue;
    const own = replaced ? [...impact.findings.filter((f) => f.kind !== 'destructive-sql' && f.kind !== 'locking-migration' && f.kind !== 'data-migration' && f.kind !== 'irreversible-migration'), ...replaced] : impact.findings;
    impact.findings = [...own, ...(extra ?? [])];
    impact.severity = impact.findings.reduce<Severity>((s, f) => (f.severity ? maxSeverity(s, f.severity) : s), 'info');
    if (impact.findings.some((f) => f.severity === 'critical' || f.severity === 'warning')) impact.requiresNote = true;
  }
}

/**
 * Review mode: whether head's commit is what the work tree holds — HEAD is head (`likely`) and
 * no tracked file differs from it or is left out of it (`confirmed`: a `git diff` that reads every
 * file's status, and no skip-worktree file, which a sparse checkout leaves off disk) —
 * asked once, when a grep of head first needs it, and shared by the profile and the session.
 */
class HeadOnDisk {
  private state: { likely: Promise<boolean>; confirmed: Promise<boolean> } | null = null;
  /** Set by prime: stops the check if no grep comes (drop). */
  private speculative: AbortController | null = null;
  private used = false;

  constructor(
    private readonly git: GitSource,
    private readonly range: ResolvedRange,
  ) {}

  get started(): boolean {
    return this.state !== null;
  }

  /** Starts the check before any grep asks for it, resolved once its git processes are (`drop` stops them if no grep comes). */
  prime(): Promise<void> {
    if (this.state) return Promise.resolve();
    this.speculative = new AbortController();
    return new Promise<void>((resolve) => {
      this.start(this.speculative!.signal, resolve);
      this.state!.confirmed.then(() => resolve(), () => resolve());
    });
  }

  /** After the analysis: a check that prime started and no grep used is stopped (and forgotten: a later grep asks again). */
  drop(): void {
    if (this.used || !this.speculative) return;
    this.speculative.abort();
    this.speculative = null;
    this.state = null;
  }

  start(signal?: AbortSignal, onStarted?: () => void): this {
    if (!this.state) {
      const sha = this.range.headSha;
      // HEAD as the range read it, if it did (one process fewer; valid as long as the range).
      const known = this.range.checkedOut;
      const likely = (known !== undefined ? Promise.resolve(known) : this.git.headCommit()).then((c) => c === sha);
      // Known: asked now, so that git lists the tracked files once for this check and a split grep (prepareGrepSplit).
      const confirmed = known === sha ? this.git.worktreeMatches(sha, known, signal, onStarted) : likely.then((l) => l && this.git.worktreeMatches(sha, known, signal, onStarted));
      confirmed.catch(() => undefined); // awaited by grep
      this.state = { likely, confirmed };
    }
    return this;
  }

  /**
   * Greps head's commit. When it is checked out (CI), the files on disk: far faster than
   * inflating every blob of its tree. The grep starts as soon as HEAD is known to be that
   * commit, while git checks that no tracked file differs (the tree is grepped if one does).
   */
  async grep(words: string[], pathspecs: string[], opts: GrepOptions): Promise<GrepHit[]> {
    this.used = true;
    const { likely, confirmed } = this.start().state!;
    if (await likely) {
      const found = this.git.grep(WORKTREE, words, pathspecs, { ...opts, untracked: false });
      found.catch(() => {}); // unused if the check below fails
      if (await confirmed) return found;
    }
    return this.git.grep(this.range.headSha, words, pathspecs, opts);
  }
}

function isChartYaml(path: string): boolean {
  return path === 'Chart.yaml' || path.endsWith('/Chart.yaml');
}

/** The folder of a path: empty, or ending in `/`. */
function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** The folders (empty or ending in `/`) of the Chart.yaml files among `paths`, in one pass. */
function chartDirsOf(paths: string[]): Set<string> {
  const dirs = new Set<string>();
  for (const p of paths) if (isChartYaml(p)) dirs.add(folderOf(p));
  return dirs;
}
