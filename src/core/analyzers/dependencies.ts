import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const dependenciesAnalyzer: Analyzer = {
  id: 'dependencies',
  needsContent: true,
  analyze: () => [],
};
