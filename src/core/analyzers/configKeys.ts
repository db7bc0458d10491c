import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const configKeysAnalyzer: Analyzer = {
  id: 'config-keys',
  needsContent: true,
  analyze: () => [],
};
