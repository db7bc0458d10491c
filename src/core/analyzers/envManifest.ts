import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const envManifestAnalyzer: Analyzer = {
  id: 'env-manifest',
  needsContent: false,
  analyze: () => [],
};
