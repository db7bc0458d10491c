import type { Analyzer } from './analyzer';

/** Seed: yields nothing until its owner fills it in. */
export const portsAnalyzer: Analyzer = {
  id: 'ports',
  needsContent: false,
  analyze: () => [],
};
