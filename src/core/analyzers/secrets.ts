import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const secretsAnalyzer: Analyzer = {
  id: 'secrets',
  needsContent: false,
  analyze: () => [],
};
