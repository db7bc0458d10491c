import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const apiSchemaAnalyzer: Analyzer = {
  id: 'api-schema',
  needsContent: true,
  analyze: () => [],
};
