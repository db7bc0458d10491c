import type { Category, ChecklistTemplate, Severity } from '../types';

/** Names of the content analyzers a rule can ask for (see `analyzers/index.ts`). */
export type AnalyzerId =
  | 'sql'
  | 'migration-dsl'
  | 'config-keys'
  | 'env-file'
  | 'env-manifest'
  | 'dependencies'
  | 'runtime'
  | 'dockerfile'
  | 'ports'
  | 'secrets'
  | 'api-schema'
  | 'ddl';

/**
 * A rule: which changes it matches (path globs, optionally content) and what they mean
 * for a deployment. The built-in packs are tables of these; `.handoff/config.yaml`
 * adds and overrides them by id.
 */
export interface Rule {
  /** Stable id, `<pack>.<name>` (e.g. `rails.migration`). */
  id: string;
  category: Category;
  /** Noun phrase for titles: "Rails migration" gives "Rails migration added". */
  title: string;
  /** picomatch globs against the repository-relative path (dotfiles match). */
  paths: string[];
  exclude?: string[];
  /**
   * Optional content condition: a regular expression (source text) that must match the
   * file's added lines (or, for a deletion, its removed lines).
   */
  content?: string;
  severity: Severity;
  /**
   * `true`: every matched change needs a note (migrations, infrastructure).
   * `'findings'`: only when a finding that needs one is present (config, dependencies).
   * `false`: never.
   */
  requiresNote: boolean | 'findings';
  /** Content analyzers to run on matched changes. */
  analyzers?: AnalyzerId[];
  /** Extra facts a rule knows from the path alone (e.g. post-deploy migration folders). */
  pathFindings?: { kind: 'post-deploy-migration' | 'data-migration'; message: string }[];
  /** Suggested checklist steps for a note. `{path}` is replaced by the file path. */
  checklist?: ChecklistTemplate[];
  /** Lower runs first; the first matching rule wins. Default 100. */
  priority?: number;
  /** Migration dialect hint for the migration analyzer. */
  dialect?: string;
}
