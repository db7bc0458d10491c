import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const envFileAnalyzer: Analyzer = {
  id: 'env-file',
  needsContent: false,
  analyze: () => [],
};
