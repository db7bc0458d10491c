import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const migrationDslAnalyzer: Analyzer = {
  id: 'migration-dsl',
  needsContent: false,
  analyze: () => [],
};
