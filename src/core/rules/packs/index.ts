import type { Rule } from '../rule';

/** All built-in rules, one table per ecosystem. */
export const BUILTIN_RULES: Rule[] = [
  {
    id: 'rails.migration',
    category: 'migration',
    title: 'Rails migration',
    paths: ['**/db/migrate/*.rb'],
    severity: 'warning',
    requiresNote: true,
  },
];
