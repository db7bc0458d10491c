/**
 * The engine's vocabulary. DESIGN.md fixes these names; the CLI's JSON contract
 * (schemaVersion 1) serialises them as they are.
 */

export const CATEGORIES = ['migration', 'config', 'env', 'infrastructure', 'dependency', 'ci', 'api', 'feature-flag', 'custom'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_KINDS = [
  'env-var-added',
  'env-var-removed',
  'env-var-undeclared',
  'config-key-added',
  'config-key-removed',
  'config-value-changed',
  'destructive-sql',
  'locking-migration',
  'data-migration',
  'post-deploy-migration',
  'irreversible-migration',
  'dependency-added',
  'dependency-removed',
  'dependency-major-upgrade',
  'runtime-version-changed',
  'image-changed',
  'port-changed',
  'secret-suspected',
  'schema-breaking-change',
  /** A DDL statement or ORM schema operation found outside the framework folders the packs know. */
  'schema-change',
  /** The default of an existing setting changes: deployments that relied on it behave differently. */
  'default-changed',
  /** A migration drops or renames a column/table that code at head still reads (with the reading lines). */
  'migration-column-still-read',
  /** A destructive migration ships in the same range as the code change that stops using what it removes. */
  'expand-contract-violated',
  /** A migration that exists at the base was modified: it will not run again where it already ran. */
  'migration-edited',
  /** A new migration sorts before the newest one at the base, or shares its version with another. */
  'migration-out-of-order',
  /** A migration without its schema snapshot (schema.rb, structure.sql, schema.prisma, EF model snapshot), or the reverse. */
  'schema-snapshot-missing',
  /** Content analysis was skipped (binary file, or larger than the size limit). */
  'content-skipped',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

/** One hunk of a `-U0` diff: line numbers are 1-based; counts may be 0. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Removed lines, in order (text without the leading '-'). */
  removed: string[];
  /** Added lines, in order (text without the leading '+'). */
  added: string[];
}

/** One changed file of a range. */
export interface Change {
  status: ChangeStatus;
  path: string;
  /** Set for renames and copies. */
  oldPath: string | null;
  /** Blob ids from `git diff --raw` (all zeros for "none" or "working tree"). */
  oldBlob: string | null;
  newBlob: string | null;
  /** True when git reports the file as binary. */
  binary: boolean;
  /** True when the content was not analysed (binary, over the size limit, or a blob git could not read). */
  contentSkipped?: 'binary' | 'too-large' | 'unreadable';
  /** Similarity score for renames/copies (0-100). */
  similarity?: number;
  /** True for a copy (`C` status); reported as "added" with oldPath set. */
  copied?: boolean;
  /** The old side is no regular file (a symlink or a submodule): `git grep` of the old tree does not read it. */
  oldNotFile?: boolean;
  hunks: Hunk[];
}

export interface Finding {
  kind: FindingKind;
  message: string;
  /** 1-based line in the new file (or in the old file for a deletion); absent for whole-file facts. */
  line?: number;
  /** Severity this finding carries on its own; the impact takes the maximum. */
  severity?: Severity;
  /** Structured subject, e.g. the env var name, the config key path, the package name. */
  subject?: string;
  /** Migrations: the normalized operation of the risk model (`analyzers/migrationRisk.ts`), e.g. `add-index`. */
  hazard?: string;
  /** Migrations: the lock, rewrite or breakage the operation causes on a live database. */
  lock?: string;
  /** Migrations: the safe way to get the same result (the checklist follows it). */
  recipe?: string;
  /** Deploy-order findings: lines of head that still read what the change removes (`path:line: text`). */
  references?: string[];
}

export interface Impact {
  /** `${category}:${path}`, stable across runs. */
  id: string;
  path: string;
  oldPath: string | null;
  status: ChangeStatus;
  category: Category;
  rule: string;
  severity: Severity;
  requiresNote: boolean;
  title: string;
  findings: Finding[];
  coveredBy: string[];
  /** Notes among `coveredBy` that cover this impact with a `skip:` entry, and why nothing needs doing. */
  skipped?: { note: string; reason: string }[];
  /** Checklist steps the rule suggests (used when drafting a note). */
  checklist?: ChecklistTemplate[];
}

export type RolloutPhase = 'Before deploy' | 'Deploy' | 'After deploy' | 'Verify' | 'Rollback';
export const ROLLOUT_PHASES: readonly RolloutPhase[] = ['Before deploy', 'Deploy', 'After deploy', 'Verify', 'Rollback'];

export interface ChecklistTemplate {
  phase: RolloutPhase;
  text: string;
  role?: string;
}

export interface RangeInfo {
  base: string;
  baseSha: string;
  mergeBase: string;
  /** A ref, or `WORKTREE` in working mode. */
  head: string;
  headSha: string;
}

export interface NoteItem {
  text: string;
  done: boolean;
  section: string | null;
  role: string | null;
  /** 1-based line in the note file. */
  line: number;
}

export interface NoteSummary {
  path: string;
  title: string;
  covers: string[];
  risk?: string;
  items: NoteItem[];
}

export interface ReportSummary {
  changes: number;
  impacts: number;
  requiringNotes: number;
  uncovered: number;
  byCategory: Partial<Record<Category, number>>;
}

/** The result of analysing a range; `--format json` prints it (schemaVersion 1). */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'handoff'; version: string };
  range: RangeInfo;
  impacts: Impact[];
  envVars: { added: string[]; removed: string[] };
  notes: NoteSummary[];
  summary: ReportSummary;
  /** Problems that did not stop the analysis (a broken note, a skipped file). */
  warnings?: string[];
}

/** Finding kinds that, on their own, mean someone must act at deploy time. */
export const NOTE_REQUIRING_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'env-var-added',
  'env-var-removed',
  'config-key-removed',
  'destructive-sql',
  'locking-migration',
  'irreversible-migration',
  'data-migration',
  'post-deploy-migration',
  'dependency-major-upgrade',
  'runtime-version-changed',
  'image-changed',
  'port-changed',
  'schema-breaking-change',
  'default-changed',
]);

/**
 * A finding that on its own needs a deployment note: a note-requiring kind the analyzer
 * did not itself rate `info` (a dev-only major upgrade, an image digest refresh).
 */
export function needsNote(f: Finding): boolean {
  return NOTE_REQUIRING_KINDS.has(f.kind) && f.severity !== 'info';
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** A problem in a file the user edits (a note, the config), positioned for diagnostics (1-based, UTF-16 columns). */
export interface SourceProblem {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: 'error' | 'warning';
  /** Stable code (listed where each kind of file is parsed). */
  code: string;
}
