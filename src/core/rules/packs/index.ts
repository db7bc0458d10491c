import type { Rule } from '../rule';
import { API_RULES } from './api';
import { CI_RULES } from './ci';
import { CI_FOLDERS, DOCS, NOT_DEPLOYED } from './common';
import { CONFIG_RULES } from './config';
import { DEPENDENCY_RULES } from './dependencies';
import { FEATURE_FLAG_RULES } from './featureFlags';
import { INFRASTRUCTURE_RULES } from './infrastructure';
import { MIGRATION_RULES } from './migrations';

/** Adds a pack's shared exclusions to each of its rules. */
function excluding(rules: Rule[], globs: string[]): Rule[] {
  return rules.map((r) => ({ ...r, exclude: [...(r.exclude ?? []), ...globs] }));
}

/**
 * All built-in rules, one table per ecosystem family. The first matching rule by
 * `priority` wins (lower first): down scripts < migrations < CI < lockfiles < manifests
 * < infrastructure < API < feature flags < config < content-only catch-alls.
 */
export const BUILTIN_RULES: Rule[] = [
  ...excluding(MIGRATION_RULES, [...NOT_DEPLOYED, ...DOCS, ...CI_FOLDERS]),
  ...excluding(CI_RULES, NOT_DEPLOYED),
  ...excluding(DEPENDENCY_RULES, [...NOT_DEPLOYED, ...DOCS, ...CI_FOLDERS]),
  ...excluding(INFRASTRUCTURE_RULES, [...NOT_DEPLOYED, ...DOCS, ...CI_FOLDERS]),
  // Projects often keep their real OpenAPI document (or a generated one) under docs/.
  ...excluding(API_RULES, [...NOT_DEPLOYED, ...CI_FOLDERS]),
  ...excluding(FEATURE_FLAG_RULES, [...NOT_DEPLOYED, ...DOCS, ...CI_FOLDERS]),
  ...excluding(CONFIG_RULES, [...NOT_DEPLOYED, ...DOCS, ...CI_FOLDERS]),
];
