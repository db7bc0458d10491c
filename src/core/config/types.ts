import type { Rule } from '../rules/rule';
import type { ChecklistTemplate } from '../types';

/** `.handoff/config.yaml`, after parsing and defaults. */
export interface HandoffConfig {
  /** Base branch; detected when absent. */
  base?: string;
  /** Rules added, or built-in rules overridden by id (fields given replace the built-in's). */
  rules: (Partial<Rule> & { id: string })[];
  /** Globs of paths never analysed. Added to the built-in ignores. */
  ignore: string[];
  /** Roles that checklist items may be assigned to (`@ops`). */
  roles: string[];
  /** Environments a checklist item is signed off in, in rollout order (`[staging, production]`). */
  environments: string[];
  /** Files larger than this are not content-analysed. */
  maxFileBytes: number;
  /** Checklist templates by finding kind, overriding the built-in ones. */
  templates: Partial<Record<string, ChecklistTemplate[]>>;
  /** Corrections to what the repository profile learned (`handoff profile`); absent: none. */
  profile?: ProfileConfig;
}

/** `profile:` in `.handoff/config.yaml`: globs/paths added to or removed from what the profile learned. */
export interface ProfileConfig {
  /** Folders (globs) that hold the schema history: a file added there is a migration. */
  schemaHistory?: string[];
  /** Folders the profile took for schema history that are not. */
  notSchemaHistory?: string[];
  /** Files that read the whole environment and name its keys. */
  envRegistries?: string[];
  notEnvRegistries?: string[];
  /** Functions that read the env var their argument names. */
  envReaders?: string[];
  notEnvReaders?: string[];
  /** Operator config templates (globs): a change operators must merge is a config action. */
  templates?: string[];
  notTemplates?: string[];
  /** Paths (globs) that only run in development or tests: their env vars and config are not deployment impact. */
  devOnly?: string[];
  notDevOnly?: string[];
  /** Modules (globs) that read many keys of the operator's config file: a key they stop reading or now refuse is a config action. */
  configReaders?: string[];
  notConfigReaders?: string[];
  /** Files (globs) that create or update the schema from the model classes at start-up: a column added to a model is a schema change. */
  schemaAutoSync?: string[];
  /** Files the profile took for schema auto-sync that are not (a test helper, a dev-only script). */
  notSchemaAutoSync?: string[];
  /** Deployment/upgrade docs (globs) operators read. */
  deploymentDocs?: string[];
  notDeploymentDocs?: string[];
  /** A new optional setting (it has a default) needs a note too (default false: listed, info). */
  optionalSettingsNeedNote?: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Paths that hold tests, fixtures, vendored code or docs: their changes are not deployed. */
export const BUILTIN_IGNORES = [
  '**/node_modules/**',
  '**/vendor/**',
  '**/third_party/**',
  '**/test/**',
  '**/tests/**',
  '**/spec/**',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/fixtures/**',
  '**/testdata/**',
  '**/test-data/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*_test.go',
  '**/*_test.py',
  '**/test_*.py',
  '**/*_spec.rb',
  '**/*.snap',
];

export function defaultConfig(): HandoffConfig {
  return { rules: [], ignore: [], roles: ['dev', 'ops', 'implementation', 'qa', 'dba'], environments: ['production'], maxFileBytes: DEFAULT_MAX_FILE_BYTES, templates: {} };
}
