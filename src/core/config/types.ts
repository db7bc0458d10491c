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
