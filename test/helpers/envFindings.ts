import type { analyze } from '../../src/core';

export type Report = Awaited<ReturnType<typeof analyze>>;

/** `NAME` or `NAME?` (optional: info, no note) for each env-var-added finding of `path`. */
export function addedIn(r: Report, path: string): string[] {
  const impact = r.impacts.find((i) => i.path === path);
  return [...new Set((impact?.findings ?? [])
    .filter((f) => f.kind === 'env-var-added')
    .map((f) => `${f.subject ?? ''}${f.severity === 'info' ? '?' : ''}`))].sort();
}
