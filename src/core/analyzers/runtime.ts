import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const runtimeAnalyzer: Analyzer = {
  id: 'runtime',
  needsContent: false,
  analyze: () => [],
};
