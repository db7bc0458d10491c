import type { Rule } from '../rule';

/**
 * Feature-flag definition files (flipper, Unleash, OpenFeature/flagd, GO Feature Flag,
 * LaunchDarkly exports, GitLab-style one-file-per-flag folders). A removed flag needs a
 * note (someone cleans it up in the flag service); a new flag is listed with the steps to
 * roll it out.
 */

export const FEATURE_FLAG_RULES: Rule[] = [
  {
    id: 'feature-flags.definitions',
    category: 'feature-flag',
    title: 'Feature flag definitions',
    paths: [
      '**/{flags,feature_flags,feature-flags,featureflags,featureFlags,features,toggles,feature_toggles,feature-toggles}.{yml,yaml,json,toml}',
      '**/config/{features,feature_flags,feature-flags,flags}/**/*.{yml,yaml,json,toml}',
      '**/{feature_flags,feature-flags,featureflags,flags}/**/*.{yml,yaml,json,toml}',
      '**/*.flagd.{json,yaml,yml}',
      '**/flagd/**/*.{json,yaml,yml}',
      '**/{flipper,unleash,launchdarkly,ld-flags,split,configcat,growthbook,flagsmith,go-feature-flag,goff}*.{yml,yaml,json,toml}',
      '**/*.goff.{yml,yaml,json,toml}',
      '**/.launchdarkly/**/*.{json,yml,yaml}',
    ],
    exclude: ['**/.launchdarkly/coderefs.{yml,yaml}', '**/package.json'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys'],
    checklist: [
      { phase: 'Before deploy', text: 'Create the new flags of `{path}` in every environment\'s flag service, off by default', role: 'ops' },
      { phase: 'After deploy', text: 'Turn the flag on progressively (internal users, a percentage, everyone)', role: 'implementation' },
      { phase: 'Verify', text: 'Metrics and errors are normal with the flag on', role: 'qa' },
      { phase: 'Rollback', text: 'Turn the flag off', role: 'implementation' },
    ],
    priority: 54,
  },
];
