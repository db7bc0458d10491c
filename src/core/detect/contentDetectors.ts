/**
 * The engine's own detectors of one changed file, in one ordered table (CONTENT_DETECTORS).
 *
 * Why a room of its own, between engine.ts and analyzers/: a pack rule's analyzers are pure
 * functions of one file (analyzers/), chosen by the rule. These detectors are not: they pick the
 * generic rule to try before any whole file is read, they ask the session for what one file
 * cannot answer (the merge-base's file list, a grep of the base's models, the profile), and they
 * hand the pure analyzers what those answered. AnalysisSession.analyseChange runs the table:
 *
 *   match a pack rule → stage 'candidate' (which generic or profile rule to try) → read whole
 *   files when needed → pack analyzers → env refs (ctx.envRefs) → stage 'content' (findings, in order)
 *   → env bookkeeping.
 *
 * Each entry has an id, what it finds, a cheap gate (a predicate on the ChangeContext, computed once
 * per change: nothing is read to answer it) and its run step (which may read either side of the file
 * through ctx.old()/ctx.new(), each read at most once per change). Entries run in table order and see
 * what earlier ones set: some set `rule`, most run only while no rule matched, the removed-options
 * result suppresses the settings checks, the setting-default check drops lines that are env default
 * changes. A new detector goes where its gate says it belongs in that order; keep analyzers pure.
 */
import { isCommentOrBlank } from '../analyzers/comments';
import { configReaderFindings } from '../analyzers/configReader';
import { addedRefusals, addsRefusalHint, mayRefuseSettings, refusalFinding } from '../analyzers/configRefusals';
import { isUpgradeScriptPath } from '../analyzers/migrationInstall';
import { addsDdlLine, addsSchemaVersionLine, editsTableBody, isSqlPath, isSqlResourcePath, modelColumnFindings, modelColumnLines, queuedWorkInLines, queuedWorkInSqlChange } from '../analyzers/ddl';
import { isCodePath, isShellUpgradeScript, lexedDdlLanguage } from '../analyzers/ddlStrings';
import { dataMigrationModulePlace, inMigrationCode, isDataMigrationModule, mayAddSchemaCall, schemaCallFindings } from '../analyzers/schemaCalls';
import { mayRaiseSchemaVersionRow, raisedSchemaVersionRows, raisedVersionRowFinding, type RaisedVersionRow } from '../analyzers/schemaVersionRow';
import { envDefaultChanges, type EnvContext, type EnvRef } from '../analyzers/env';
import { changedDefaultFinding, changedSettingDefaults, mayChangeSettingDefaults } from '../analyzers/settingDefaults';
import { isSettingsModule, removedConfigReads, removedSettingNames, removedTableKeys, removesConfigReadHint, removesKeyTableRowHint, removesSettingHint, removesSubscriptKeyHint, settingLanguage, type SettingDecl } from '../analyzers/settingNames';
import { isOperatorCode, removedOptions, removesOptionHint, type OptionDecl } from '../analyzers/cliOptions';
import { isAddedLine, oldToNewLine } from '../analyzers/formats/lines';
import { operatorTemplateFindings, TEMPLATE_OVER_PACK } from '../analyzers/template';
import { addsMustSetComment, isConfigFileName, isOperatorConfigCandidate, mustSetFindings } from '../analyzers/mustSet';
import { languageOfPath } from '../lex';
import { isHistoryFileName, isVersionFolderStep, type ProfileView } from '../profile';
import type { TemplateKind } from '../profile/types';
import { genericExcluded, ORM_SCHEMA_OP } from '../rules/packs/generic';
import type { Rule } from '../rules/rule';
import { needsNote, type Change, type Finding } from '../types';

/** What a detector may ask the session (engine.ts): nothing of it is a git call the gate makes. */
export interface DetectorServices {
  readonly profile: ProfileView;
  /** A generic rule by id (`.handoff/config.yaml` overrides applied). */
  generic(id: string): Rule | undefined;
  readOld(change: Change): Promise<string | null>;
  readNew(change: Change): Promise<string | null>;
  /** A pack rule by id (`.handoff/config.yaml` overrides applied) for a path a detector confirmed: undefined when none of the rule's globs (those awaiting confirmation included) matches it or its `exclude` does. */
  packRuleFor(id: string, path: string): Rule | undefined;
  /** Whether the merge-base or head holds `<dir>Chart.yaml` (`dir` empty or ending in `/`). */
  hasChartYaml(dir: string): Promise<boolean>;
  /** Whether the merge-base holds at least two other upgrade scripts in the folder of `path`. */
  hasUpgradeSiblings(path: string): Promise<boolean>;
  /** Whether the base already declares the tables (and columns) the models of an added file declare. */
  declaredAtBase(change: Change, text: string | null): Promise<boolean>;
}

/** A profile-enabled rule for the change, with the finding that says what the profile learned. */
export interface ProfileCandidate {
  rule: Rule;
  finding: Finding;
  kind?: TemplateKind;
}

/** One change as the detectors see it: computed once, then updated by the entries in order. */
export class ChangeContext {
  /** The rule the file is analysed under: a pack rule, then the candidate, then what detectors set. */
  rule: Rule | null;
  /** The generic (or profile) rule to try, chosen by the 'candidate' stage. */
  candidate: Rule | null = null;
  /** The profile's reading of the file (a template operators copy, a config reader, a schema history step). */
  fromProfile: ProfileCandidate | null = null;
  /** The finding of an added data migration module ('data-migration-module'). */
  migrationModule: Finding | null = null;
  /** Both sides as read for the analyzers (null: not read, absent or unreadable); fixed once set by the engine. */
  oldText: string | null = null;
  newText: string | null = null;
  /**
   * The env names the change reads and stops reading (the engine's env pass). Set by the engine after the pack
   * analyzers and before the 'content' stage only: a 'candidate' entry sees the empty default ('setting-defaults' reads it).
   */
  envRefs: { added: EnvRef[]; removed: EnvRef[]; refused?: Set<string> } = { added: [], removed: [] };
  findings: Finding[] = [];
  /** Command-line options the change removes (resolved for the whole range by the engine). */
  options?: (OptionDecl & { newLine: number })[];
  /** Setting names a settings module stops declaring (resolved for the whole range by the engine). */
  settings?: (SettingDecl & { newLine: number })[];
  /** The path of the file at base (options and settings are declared there). */
  readonly optionPath: string;
  readonly envContext: EnvContext;
  /** What a detector may ask the session; the file's two sides only through old()/new() (read at most once). */
  readonly services: Omit<DetectorServices, 'readOld' | 'readNew'>;
  private readonly reader: Pick<DetectorServices, 'readOld' | 'readNew'>;
  private oldRead: Promise<string | null> | null = null;
  private newRead: Promise<string | null> | null = null;
  /** Line tests of the change's hunks that several entries ask (memoised: the hunks do not change while the table runs). */
  private ddlLine: boolean | undefined;
  private schemaCallHint: boolean | undefined;
  private versionRowHint: boolean | undefined;
  private versionRows: RaisedVersionRow[] | undefined;

  constructor(
    readonly change: Change,
    services: DetectorServices,
    rule: Rule | null,
    /** A dev/test-only file the profile learned. */
    readonly devOnly: boolean,
    /** The changed lines, read once (the hunks' text is dropped at the end of the analysis). */
    readonly added: { line: number; text: string }[],
    readonly removed: { line: number; at: number; text: string }[],
    /** Minified or bundled output on the new / old side (util/machineWritten): no generic evidence. */
    readonly machineNew: boolean,
    readonly machineOld: boolean,
    /** The new side when the engine already read it (a pack rule's content condition): seeds the memo. */
    newText?: string | null,
  ) {
    this.services = services;
    this.reader = services;
    if (newText !== undefined) this.newRead = Promise.resolve(newText);
    this.rule = rule;
    this.optionPath = change.oldPath ?? change.path;
    this.envContext = services.profile.envContext(change.path);
  }

  /** The merge-base side: as read for the analyzers, else read now (once). */
  async old(): Promise<string | null> {
    return this.oldText ?? (await (this.oldRead ??= this.reader.readOld(this.change)));
  }

  /** The head side: as read for the analyzers, else read now (once). */
  async new(): Promise<string | null> {
    return this.newText ?? (await (this.newRead ??= this.reader.readNew(this.change)));
  }

  /** Whether an added line looks like DDL (analyzers/ddl.ts addsDdlLine), asked once. */
  addsDdlLine(): boolean {
    return (this.ddlLine ??= addsDdlLine(this.change));
  }

  /** Whether an added line may call a schema operation by name (analyzers/schemaCalls.ts), asked once. */
  addsSchemaCallHint(): boolean {
    return (this.schemaCallHint ??= addsSchemaCallHint(this.change));
  }

  /** Whether a changed hunk may raise a schema version row (the cheap test), asked once. */
  mayRaiseVersionRow(): boolean {
    return (this.versionRowHint ??= mayRaiseSchemaVersionRow(this.change));
  }

  /** The schema version rows the change raises (analyzers/schemaVersionRow.ts), parsed once: the prefilter and the finding ask. */
  raisedVersionRows(): RaisedVersionRow[] {
    return (this.versionRows ??= this.mayRaiseVersionRow() ? raisedSchemaVersionRows(this.change) : []);
  }
}

export interface ContentDetector {
  id: string;
  /** 'candidate': chooses the rule to try, before whole files are read; 'content': adds findings after the pack analyzers. */
  stage: 'candidate' | 'content';
  /** Cheap: reads nothing. */
  gate(ctx: ChangeContext): boolean;
  run(ctx: ChangeContext): void | Promise<void>;
}

/** The table, in the order the engine runs it (see the module comment). */
export const CONTENT_DETECTORS: readonly ContentDetector[] = [
  // ── stage 'candidate': which generic or profile rule a change no pack rule matched is tried under ──
  {
    // A `.tpl` under a `templates/` folder whose parent holds a `Chart.yaml` is a Helm chart's template (`_helpers.tpl`); one with no
    // chart beside it is a Smarty or PHP page template (LTB Self Service Password's `templates/change.tpl`), no deployment change.
    // Charts in a `charts/`, `chart/` or `helm/` folder match the pack rule by path alone.
    id: 'helm-chart-template',
    stage: 'candidate',
    gate: (c) => c.rule === null && !c.devOnly && helmTemplateDirs(c.change.path).length > 0,
    run: async (c) => {
      // The rule's globs and exclusions first (`.handoff/config.yaml` may exclude the chart or narrow its paths): no tree lookup for a path they refuse.
      const rule = c.services.packRuleFor('helm.chart', c.change.path);
      if (!rule) return;
      for (const dir of helmTemplateDirs(c.change.path)) {
        if (await c.services.hasChartYaml(dir)) {
          c.rule = rule;
          return;
        }
      }
    },
  },
  {
    // DDL added to any SQL file or inside a code file's strings, ORM schema operations outside known folders (issue 11).
    id: 'generic-prefilter',
    stage: 'candidate',
    gate: (c) => c.rule === null && !c.devOnly && !c.machineNew,
    run: (c) => {
      c.candidate = genericCandidate(c);
      // A module the profile learned as the config file's reader is read as one, though an added line looks like DDL
      // to the generic prefilter (a Go field `Timeout int \`toml:"timeout"\`` reads like a column definition).
      if (c.candidate?.id === 'generic.code-ddl' && c.change.status === 'modified' && c.services.profile.configReader(c.change.path)) c.candidate = null;
    },
  },
  {
    // An upgrade script added beside the older ones of its sequence is the schema's next step, though the
    // scripts live in a documentation folder (`docs/schema-upgrade-1.25-1.26.sql`): operators are told to run them.
    id: 'docs-upgrade-step',
    stage: 'candidate',
    gate: (c) => c.rule === null && !c.candidate && !c.devOnly && !c.machineNew && isDocsUpgradeStep(c.change) && c.addsDdlLine(),
    run: async (c) => {
      if (await c.services.hasUpgradeSiblings(c.change.path)) c.candidate = c.services.generic('generic.sql-schema') ?? null;
    },
  },
  {
    // An install schema kept in a documentation folder whose recorded schema version a release raises in place
    // (gammu's `docs/sql/mysql.sql`: `INSERT INTO gammu (Version) VALUES (17)` → `(18)`): the schema operators
    // install, not a document (analyzers/schemaVersionRow.ts).
    // This rescue rests on one project (review14 F11): over the 284 mirrored repositories only gammu has version-row
    // lines in a docs/ SQL file. No install evidence backs it: gammu's docs/sql/CMakeLists.txt installs `*.sql` by a
    // glob into the documentation folder as examples, so "a build file in the folder names the file" would not hold
    // even there. Kept narrow (a modified SQL file skipped only as docs, a raised schema version row); widen only
    // with a second project.
    id: 'docs-schema-version',
    stage: 'candidate',
    gate: (c) => c.rule === null && !c.candidate && !c.devOnly && !c.machineNew && c.change.status === 'modified' && !c.change.contentSkipped && isSqlPath(c.change.path) && excludedOnlyAsDocs(c.change.path) && c.mayRaiseVersionRow(),
    run: (c) => {
      if (c.raisedVersionRows().length) c.candidate = c.services.generic('generic.sql-schema') ?? null;
    },
  },
  {
    // A version-named upgrade script in shell carrying DDL (generic-prefilter reads it) also in a `scripts/` or `tools/`
    // folder the profile calls development-only by its name alone: operators run it on upgrade (Kea's
    // `src/share/database/scripts/pgsql/upgrade_6.2_to_7.0.sh.in`).
    id: 'shell-upgrade-script',
    stage: 'candidate',
    gate: (c) => c.rule === null && !c.candidate && c.devOnly && c.services.profile.isDevOnlyByToolingFolder(c.change.path) && !c.machineNew && c.change.status !== 'deleted' && !c.change.contentSkipped && !genericExcluded(c.change.path) && isShellUpgradeScript(c.change.path) && c.addsDdlLine(),
    run: (c) => {
      c.candidate = c.services.generic('generic.code-ddl') ?? null;
    },
  },
  {
    // Migration code in a `tools/` or `scripts/` folder the profile calls development-only by its name alone that
    // declares a new named step (asynq's `tools/asynq/cmd/migrate.go`: `func migrateList(c *redis.Client, …)`, run
    // by the `asynq migrate` command operators are told to run): read like migration code elsewhere
    // (analyzers/schemaCalls.ts, the 'schema-calls' entry); 'generic-confirm' drops it when no step is found.
    id: 'tooling-migration-step',
    stage: 'candidate',
    gate: (c) => c.rule === null && !c.candidate && c.devOnly && c.services.profile.isDevOnlyByToolingFolder(c.change.path) && !c.machineNew && c.change.status !== 'deleted' && !c.change.contentSkipped && !genericExcluded(c.change.path) && isCodePath(c.change.path) && inMigrationCode(c.change.path) && c.addsSchemaCallHint(),
    run: (c) => {
      c.candidate = c.services.generic('generic.schema-call') ?? null;
    },
  },
  {
    // A migration module added to the data layer (`src/model/migrate.rs`, `channeldb/migration31/migration.go`):
    // the release brings code that converts the stored data (analyzers/schemaCalls.ts, isDataMigrationModule).
    // Also in a `scripts/` or `tools/` folder the profile calls development-only by its name alone: operators run such a script on upgrade.
    id: 'data-migration-module',
    stage: 'candidate',
    // A step of a schema history the profile learned is left to 'profile-candidate', whose finding gives the profile's evidence.
    // A candidate the prefilter took from a named step's declaration (`pub fn migrate_buckets050(&self)`) does not stop it:
    // the module's finding is given when the schema calls find nothing ('data-migration-module-finding').
    gate: (c) => c.rule === null && (!c.candidate || c.candidate.id === 'generic.schema-call') && (!c.devOnly || c.services.profile.isDevOnlyByToolingFolder(c.change.path)) && !c.machineNew && c.change.status === 'added' && !c.change.contentSkipped && !genericExcluded(c.change.path) && dataMigrationModulePlace(c.change.path) !== null && !historyStepOf(c.change, c.services.profile),
    run: async (c) => {
      // a step in a folder of migrations needs its code's database or store (review14 F3)
      if (dataMigrationModulePlace(c.change.path) === 'steps' && !isDataMigrationModule(c.change.path, await c.new())) return;
      c.candidate = c.services.generic('generic.schema-call') ?? null;
      const path = c.change.path;
      if (c.candidate) c.migrationModule = { kind: 'schema-change', message: `adds the data migration module ${path.slice(path.lastIndexOf('/') + 1)}: the stored data is converted when this version starts or runs its migration`, line: 1, severity: 'warning' };
    },
  },
  {
    // Templates operators copy, config readers, schema history steps the profile learned: the profile's reading wins over a generic config rule.
    id: 'profile-candidate',
    stage: 'candidate',
    gate: (c) => (c.rule === null && !c.candidate) || (c.rule?.category === 'config' && c.rule.id !== 'generic.operator-template'),
    run: (c) => {
      c.fromProfile = c.devOnly ? null : profileCandidate(c, c.rule !== null);
      if (c.fromProfile) c.candidate = c.fromProfile.rule;
    },
  },

  // ── stage 'content': findings, after the pack analyzers ──
  {
    // What the profile learned of a template or a config reader: the changed values, keys or requirements.
    id: 'profile-findings',
    stage: 'content',
    gate: (c) => c.fromProfile !== null,
    run: (c) => {
      const p = c.fromProfile!;
      if (p.rule.id === 'generic.operator-template') c.findings.push(...operatorTemplateFindings(c.change, p.kind, c.oldText, c.newText, p.finding.message));
      else if (p.rule.id === 'generic.config-reader') c.findings.push(...configReaderFindings(c.change, c.oldText, c.newText, p.finding.message));
      else c.findings.unshift(p.finding);
      if (!c.findings.length) c.rule = null;
    },
  },
  {
    // ORM schema operations on added lines: evidence by themselves.
    id: 'orm-ops',
    stage: 'content',
    gate: (c) => !c.fromProfile && c.candidate?.id === 'generic.orm-migration',
    run: (c) => {
      for (const { line, text } of c.added) {
        const m = text.length < 2000 && !isCommentOrBlank(text, c.change.path) ? ORM_SCHEMA_OP.exec(text) : null;
        if (m) c.findings.push({ kind: 'schema-change', message: `schema operation ${m[0].trim().replace(/\s*\($/, '')}`, line, severity: 'warning' });
      }
    },
  },
  {
    // A schema version row raised in place in a SQL file (analyzers/schemaVersionRow.ts): evidence by itself.
    id: 'schema-version-row',
    stage: 'content',
    gate: (c) => !c.fromProfile && c.candidate?.id === 'generic.sql-schema' && c.change.status === 'modified' && c.mayRaiseVersionRow(),
    run: (c) => {
      c.findings.push(...c.raisedVersionRows().map(raisedVersionRowFinding));
    },
  },
  {
    // Schema operations called by name in upgrade code (`CreateColumnIfNotExists("Sessions", …)`), where no DDL was read.
    id: 'schema-calls',
    stage: 'content',
    gate: (c) => !c.fromProfile && (c.candidate?.id === 'generic.schema-call' || c.candidate?.id === 'generic.code-ddl') && !c.findings.some((f) => f.kind === 'schema-change') && c.addsSchemaCallHint(),
    run: async (c) => {
      const before = c.oldText ?? (c.change.status === 'added' ? null : await c.old());
      c.findings.push(...schemaCallFindings(c.change.path, before, await c.new(), (l) => isAddedLine(c.change, l)));
    },
  },
  {
    // The data migration module the candidate stage found, where the schema calls found no operation or step of their own.
    id: 'data-migration-module-finding',
    stage: 'content',
    gate: (c) => !c.fromProfile && c.candidate !== null && c.migrationModule !== null && !c.findings.some((f) => f.kind === 'schema-change'),
    run: (c) => {
      c.findings.push(c.migrationModule!);
    },
  },
  {
    // A column added to a model, where the schema is created from the models at start-up (issue 11).
    id: 'schema-autosync',
    stage: 'content',
    gate: (c) => !c.fromProfile && c.candidate?.id === 'generic.schema-autosync',
    run: (c) => {
      c.findings.push(...modelColumnFindings(c.change, c.services.profile.schemaAutoSync()?.evidence ?? ''));
    },
  },
  {
    // The generic rule stands only on a schema finding; else a step added to a schema history the profile
    // learned, or models whose DDL the analyzer could not read, may still be one.
    id: 'generic-confirm',
    stage: 'content',
    gate: (c) => !c.fromProfile && c.candidate !== null && !c.findings.some((f) => f.kind === 'schema-change' || f.kind === 'post-deploy-migration'),
    run: (c) => {
      c.rule = null;
      c.findings.length = 0;
      // The prefilter's hope was wrong; a step added to a schema history the profile learned still is one.
      const later = c.devOnly || c.change.status !== 'added' ? null : profileCandidate(c, false);
      if (later?.rule.id === 'generic.schema-history') {
        c.rule = later.rule;
        c.findings.push(later.finding);
      } else if (c.candidate!.id !== 'generic.schema-autosync' && c.services.profile.schemaAutoSync() && modelColumnLines(c.change).length) {
        // DDL the analyzer could not read (`ALTER TABLE {table}` built in an f-string) hid the models the file declares.
        const sync = c.services.generic('generic.schema-autosync');
        if (sync) {
          c.rule = sync;
          c.findings.push(...modelColumnFindings(c.change, c.services.profile.schemaAutoSync()?.evidence ?? ''));
        }
      }
    },
  },
  {
    // A model file added for tables the base already declares elsewhere, with the columns it
    // already has (a plugin's copy of a shared table, a model moved to another file): no new table.
    id: 'declared-at-base',
    stage: 'content',
    gate: (c) => c.rule?.id === 'generic.schema-autosync' && c.change.status === 'added' && !c.change.contentSkipped,
    run: async (c) => {
      if (await c.services.declaredAtBase(c.change, await c.new())) {
        c.rule = null;
        c.findings.length = 0;
      }
    },
  },
  {
    // A command-line option of the server removed, its name left nowhere (analyzers/cliOptions.ts):
    // the declarations are read now, whether head names them elsewhere is asked once for the
    // whole range (engine.ts resolveNamedElsewhere), so the file's rule and findings are set there.
    // The cheap test of the removed lines first: most changes remove no option-like line.
    id: 'removed-cli-options',
    stage: 'content',
    gate: (c) => c.rule === null && !c.devOnly && !c.machineOld && !c.change.contentSkipped && c.change.status !== 'added' && removesOptionHint(c.change) && isCodePath(c.optionPath) && !genericExcluded(c.optionPath) && isOperatorCode(c.optionPath),
    run: async (c) => {
      const before = await c.old();
      const after = c.change.status === 'deleted' ? '' : await c.new();
      const gone = before == null || after == null ? [] : removedOptions(c.change, before, after);
      if (gone.length) c.options = gone.map((d) => ({ ...d, newLine: oldToNewLine(c.change, d.line) }));
    },
  },
  {
    // A setting name a settings module stops declaring, or a config key other code read on a removed line and
    // quoted nowhere in the new file (analyzers/settingNames.ts): whether head names it elsewhere is asked once
    // for the whole range (engine.ts resolveNamedElsewhere). Not when options were removed.
    id: 'removed-settings',
    stage: 'content',
    gate: (c) => c.rule === null && !c.options && !c.devOnly && !c.machineOld && !c.change.contentSkipped && !genericExcluded(c.optionPath),
    run: async (c) => {
      const { change, optionPath } = c;
      let gone: SettingDecl[] = [];
      // a change whose removed lines quote no setting name in double quotes is read for its single-quoted subscript keys only
      const quoted = change.status !== 'added' && removesSettingHint(change);
      if (change.status !== 'added' && (quoted || removesSubscriptKeyHint(change)) && isSettingsModule(optionPath)) {
        const before = await c.old();
        const after = change.status === 'deleted' ? '' : await c.new();
        gone = before != null && after != null ? removedSettingNames(change, before, after, !quoted) : [];
      } else if (change.status !== 'added' && isCodePath(optionPath) && isOperatorCode(optionPath) && removesKeyTableRowHint(change)) {
        // a config key table in code that is no settings module by its name (pmacct's `pmacct-data.h`), or whose
        // removed rows hold no lowercase setting-shaped name (OpenDKIM's `{ "ResolvConf", CONFIG_TYPE_STRING, FALSE }`)
        const before = await c.old();
        const after = change.status === 'deleted' ? '' : await c.new();
        gone = before != null && after != null ? (isSettingsModule(optionPath) ? removedSettingNames(change, before, after) : removedTableKeys(change, before, after)) : [];
        // config reads the change removes too (the next branch's reading), each name once
        if (change.status === 'modified' && !isSettingsModule(optionPath) && settingLanguage(optionPath) !== null && removesConfigReadHint(change) && before != null && after != null) {
          const names = new Set(gone.map((d) => d.name));
          gone = [...gone, ...removedConfigReads(change, before, after).filter((d) => !names.has(d.name))];
        }
      } else if (change.status === 'modified' && isCodePath(optionPath) && isOperatorCode(optionPath) && settingLanguage(optionPath) !== null && removesConfigReadHint(change)) {
        const before = await c.old();
        const after = await c.new();
        gone = before != null && after != null ? removedConfigReads(change, before, after) : [];
      }
      if (gone.length) c.settings = gone.map((d) => ({ ...d, newLine: oldToNewLine(change, d.line) }));
    },
  },
  {
    // A setting the program now requires or refuses: a stop added whose message names it (analyzers/configRefusals.ts).
    id: 'setting-refusals',
    stage: 'content',
    gate: (c) => c.rule === null && !c.options && !c.devOnly && !c.machineNew && c.change.status !== 'deleted' && !c.change.contentSkipped && !genericExcluded(c.change.path) && mayRefuseSettings(c.change.path) && addsRefusalHint(c.change),
    run: async (c) => {
      const after = await c.new();
      const refusals = after != null ? addedRefusals(c.change, after) : [];
      const refusalRule = refusals.length ? c.services.generic('generic.setting-refusal') : undefined;
      if (refusalRule) {
        c.rule = refusalRule;
        c.findings.push(...refusals.map(refusalFinding));
      }
    },
  },
  {
    // A setting's default changed in place in a settings module (analyzers/settingDefaults.ts): installations that never set it
    // change behaviour. A pack's settings module (`settings.py`, `config.py`) keeps its rule and gains the findings.
    id: 'setting-defaults',
    stage: 'content',
    gate: (c) => (c.rule === null || (c.rule.category === 'config' && !c.findings.some(needsNote))) && !c.options && !c.devOnly && !c.machineOld && !genericExcluded(c.change.path) && isOperatorCode(c.change.path) && mayChangeSettingDefaults(c.change),
    run: async (c) => {
      const after = await c.new();
      // A line whose changed default is an env read's fallback (`DEFAULT_MODE = os.getenv("APP_MODE", "fast")`) is the env
      // variable's default changed (envDefaultChanges, reported by the engine's toImpact): one fact, one finding, named for what operators set.
      let changed = after != null ? changedSettingDefaults(c.change, after) : [];
      if (changed.length && c.envRefs.removed.length) {
        const envDefaultLines = new Set(envDefaultChanges(c.envRefs).map((d) => d.line));
        changed = changed.filter((d) => !envDefaultLines.has(d.line));
      }
      const defaultRule = changed.length ? c.rule ?? c.services.generic('generic.setting-default') : undefined;
      if (defaultRule) {
        c.rule = defaultRule;
        c.findings.push(...changed.map((d) => changedDefaultFinding(d, c.change.path)));
      }
    },
  },
  {
    // A setting added to a config file under a comment telling operators to set it (analyzers/mustSet.ts): the key
    // comes with a value that keeps the old behaviour, so it reads as optional; its comment says deployments must change it.
    // Config-named files only (code's comments say such things of code); one no rule knows (a plugin's `sample.conf`) is read as an
    // operator template unless it is a developer tool's own config (`.golangci.yml`, `mkdocs.yml`, `tox.ini`: mustSet.ts isOperatorConfigCandidate).
    id: 'setting-must-set',
    stage: 'content',
    gate: (c) => !c.devOnly && !c.machineNew && !c.change.contentSkipped && c.change.status !== 'deleted' && !genericExcluded(c.change.path) && (c.rule === null ? isOperatorConfigCandidate(c.change.path) : c.rule.category === 'config' && isConfigFileName(c.change.path)) && addsMustSetComment(c.added),
    run: (c) => {
      const found = mustSetFindings(c.added);
      const rule = found.length ? c.rule ?? c.services.generic('generic.operator-template') : undefined;
      if (rule) {
        c.rule = rule;
        // It replaces the key-by-key reading's `adds config key` of the same line (the engine keeps one finding per kind, line and key).
        for (const f of found) {
          const i = c.findings.findIndex((g) => g.kind === f.kind && g.subject === f.subject && g.line === f.line);
          if (i >= 0) c.findings[i] = f;
          else c.findings.push(f);
        }
      }
    },
  },
  {
    // Long-running work a migration queues runs after the deploy (issue 11).
    id: 'queued-work',
    stage: 'content',
    gate: (c) => c.rule?.category === 'migration' && !c.change.contentSkipped && c.change.status !== 'deleted',
    run: (c) => {
      if (isSqlPath(c.change.path)) {
        if (!c.rule!.analyzers?.includes('ddl')) c.findings.push(...queuedWorkInSqlChange(c.change, c.newText));
      } else c.findings.push(...queuedWorkInLines(c.added));
    },
  },
  {
    // Findings a rule gives by path alone.
    id: 'path-findings',
    stage: 'content',
    gate: (c) => !!c.rule?.pathFindings,
    run: (c) => {
      for (const f of c.rule!.pathFindings!) c.findings.push({ ...f, severity: 'warning' });
    },
  },
];

/** Runs the table's entries of one stage, in order. */
export async function runDetectors(ctx: ChangeContext, stage: ContentDetector['stage']): Promise<void> {
  for (const d of CONTENT_DETECTORS) {
    if (d.stage !== stage || !d.gate(ctx)) continue;
    const done = d.run(ctx);
    if (done) await done;
  }
}

/**
 * The generic layer (issue 11), for a change no pack rule matched: DDL added to any SQL
 * file or inside a code file's strings, ORM schema operations outside known folders.
 * Returns the generic rule to try; the 'generic-confirm' entry drops it when nothing is found.
 */
function genericCandidate(c: ChangeContext): Rule | null {
  const { change, services } = c;
  if (change.contentSkipped || change.status === 'deleted' || genericExcluded(change.path)) return null;
  if (isSqlPath(change.path)) return c.addsDdlLine() || editsTableBody(change) || addsQueueInsert(change) || (change.status === 'modified' && c.raisedVersionRows().length > 0) ? services.generic('generic.sql-schema') ?? null : null;
  if (isSqlResourcePath(change.path)) return c.addsDdlLine() ? services.generic('generic.code-ddl') ?? null : null;
  // Schema operations the project's own upgrade code calls (analyzers/schemaCalls.ts), Perl included.
  if (!isCodePath(change.path)) {
    // A version-named upgrade script in shell whose strings or heredocs carry DDL (analyzers/ddlStrings.ts).
    if (isShellUpgradeScript(change.path) && c.addsDdlLine()) return services.generic('generic.code-ddl') ?? null;
    if (c.addsSchemaCallHint()) return services.generic('generic.schema-call') ?? null;
    // DDL in the strings of Perl, Erlang, Haskell, Clojure or Swift code (a Perl upgrade patch's `$dbh->do(q{ALTER TABLE …})`,
    // a Haskell `execute_ conn "CREATE TABLE …"`).
    if (lexedDdlLanguage(change.path) && c.addsDdlLine()) return services.generic('generic.code-ddl') ?? null;
    // A schema version raised in code of a language the DDL reader does not scan (a Perl DBIx::Class schema class's `$VERSION`).
    return isLexedCode(change.path) && addsSchemaVersionLine(change) ? services.generic('generic.code-ddl') ?? null : null;
  }
  // DDL in strings, or a schema version constant raised (analyzers/ddl.ts).
  if (c.addsDdlLine() || addsSchemaVersionLine(change)) return services.generic('generic.code-ddl') ?? null;
  if (addsOrmOp(change)) return services.generic('generic.orm-migration') ?? null;
  if (c.addsSchemaCallHint()) return services.generic('generic.schema-call') ?? null;
  // A column added to a model, where the schema is created from the models at start-up (issue 11).
  if (services.profile.schemaAutoSync() && modelColumnLines(change).length) return services.generic('generic.schema-autosync') ?? null;
  return null;
}

/** Profile-enabled rules for a change no pack rule and no content evidence matched. */
function profileCandidate(c: ChangeContext, templatesOnly: boolean): ProfileCandidate | null {
  const { change, services } = c;
  const profile = services.profile;
  if (change.contentSkipped) return null;
  // A config file removed from a shipped config folder (`etc/`) still matters to operators.
  if (change.status === 'deleted') {
    const gone = profile.template(change.path);
    const rule = gone?.kind === 'shipped' || gone?.kind === 'installed' ? services.generic('generic.operator-template') : undefined;
    return gone && rule ? { rule, kind: gone.kind, finding: { kind: 'config-value-changed', message: `learned by the repository profile: ${gone.evidence}`, severity: 'info' } } : null;
  }
  const history = templatesOnly ? null : historyStepOf(change, profile);
  if (history) {
    const rule = services.generic('generic.schema-history');
    if (rule) return { rule, finding: { kind: 'schema-change', message: `added to the schema history at ${history.folder} (learned by the repository profile: ${history.evidence})`, severity: 'warning' } };
  }
  const tpl = profile.template(change.path);
  // A module that reads the operator's config file: removed, refused or required keys (analyzers/configReader.ts).
  // The defaults file an operator's local override overrides is read as that, though it reads settings too.
  const reader = !templatesOnly && change.status === 'modified' && !genericExcluded(change.path) && tpl?.kind !== 'overridden' ? profile.configReader(change.path) : null;
  if (reader) {
    const rule = services.generic('generic.config-reader');
    if (rule) return { rule, finding: { kind: 'config-value-changed', message: reader.evidence, severity: 'info' } };
  }
  // A pack rule that knows the file (systemd, Helm values) keeps it; generic config rules give way,
  // and so does a pack's reading of a reverse-proxy config shipped as an example for operators.
  if (tpl && tpl.kind !== 'env-example' && (!templatesOnly || TEMPLATE_OVER_PACK.has(tpl.kind))) {
    const rule = services.generic('generic.operator-template');
    if (rule) return { rule, kind: tpl.kind, finding: { kind: 'config-value-changed', message: `learned by the repository profile: ${tpl.evidence}`, severity: 'info' } };
  }
  return null;
}

/** The learned schema history an added file is a step of (by its numbered name or its version folder), or null. */
function historyStepOf(change: Change, profile: ProfileView): ReturnType<ProfileView['schemaHistoryOf']> {
  const history = change.status === 'added' && !genericExcluded(change.path) ? profile.schemaHistoryOf(change.path) : null;
  const base = change.path.slice(change.path.lastIndexOf('/') + 1);
  return history && (/^[Vv]?\d/.test(base) || isHistoryFileName(base) || isVersionFolderStep(change.path, history.folder)) ? history : null;
}

/** Added lines of a SQL file that insert into a job/update queue (the generic layer's prefilter). */
function addsQueueInsert(change: Change): boolean {
  for (const h of change.hunks) for (const l of h.added) if (/\bINSERT\s+INTO\s+\S*(?:background_updates|background_jobs|background_migrations)/i.test(l.slice(0, 2000))) return true;
  return false;
}

const DOCS_SEGMENT = /(^|\/)(?:docs|doc|documentation)\//g;

/**
 * An added SQL upgrade script (`schema-upgrade-1.25-1.26.sql`, `upgrade_042.sql`) that the generic layer skips
 * only because it lies in a documentation folder (never in tests, examples or dev-only paths).
 */
function isDocsUpgradeStep(change: Change): boolean {
  if (change.status !== 'added' || change.contentSkipped || !isUpgradeScriptPath(change.path)) return false;
  return excludedOnlyAsDocs(change.path);
}

/** A path the generic layer skips only because it lies in a documentation folder (never in tests, examples or dev-only paths). */
function excludedOnlyAsDocs(path: string): boolean {
  const undocumented = path.replace(DOCS_SEGMENT, '$1');
  return undocumented !== path && genericExcluded(path) && !genericExcluded(undocumented);
}

/** Added lines of a code file that may call a schema operation by name (analyzers/schemaCalls.ts; the generic layer's prefilter). */
function addsSchemaCallHint(change: Change): boolean {
  for (const h of change.hunks) if (mayAddSchemaCall(change.path, h.added)) return true;
  return false;
}

/** Code the lexers read that the DDL reader's string scanners do not (Perl, Erlang, Haskell, Clojure, Swift): not SQL, YAML or shell. */
function isLexedCode(path: string): boolean {
  const l = languageOfPath(path);
  return l !== null && l !== 'sql' && l !== 'yaml' && l !== 'shell';
}

/** Added lines of a code file with an ORM schema operation (the generic layer's prefilter). */
function addsOrmOp(change: Change): boolean {
  for (const h of change.hunks) for (const l of h.added) if (l.length < 2000 && ORM_SCHEMA_OP.test(l)) return true;
  return false;
}

/** At most this many `templates/` folders of one path are asked about (each is one lookup in the file list). */
const MAX_TEMPLATE_DIRS = 4;

/**
 * The folders (empty or ending in `/`) whose `Chart.yaml` would make `path` a Helm template: the parent of each
 * `templates/` folder above a `.tpl` file, nearest first. None for a chart's NOTES.txt or tests (the pack rule excludes them).
 */
export function helmTemplateDirs(path: string): string[] {
  if (!path.endsWith('.tpl')) return [];
  const parts = path.split('/');
  const dirs: string[] = [];
  for (let i = parts.length - 2; i >= 0 && dirs.length < MAX_TEMPLATE_DIRS; i--) {
    if (parts[i] !== 'templates') continue;
    if (parts[i + 1] === 'tests') return [];
    dirs.push(parts.slice(0, i).map((p) => `${p}/`).join(''));
  }
  return dirs;
}
