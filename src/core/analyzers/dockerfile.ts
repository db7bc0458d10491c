import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const dockerfileAnalyzer: Analyzer = {
  id: 'dockerfile',
  needsContent: false,
  analyze: () => [],
};
