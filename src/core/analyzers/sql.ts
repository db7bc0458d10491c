import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const sqlAnalyzer: Analyzer = {
  id: 'sql',
  needsContent: false,
  analyze: () => [],
};
