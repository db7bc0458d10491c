import type { analyze } from '../../src/core';

export type Report = Awaited<ReturnType<typeof analyze>>;

/** `NAME` or `NAME?` (optional: info, no note) for each env-var-added finding of `path`. */
export function addedIn(r: Report, path: string): string[] {
  const impact = r.impacts.find((i) => i.path === path);
  return [...new Set((impact?.findings ?? [])
    .filter((f) => f.kind === 'env-var-added')
    .map((f) => `${f.subject ?? ''}${f.severity === 'info' ? '?' : ''}`))].sort();
}

/** Runs `run` with head's env index as it is (`index`) or switched off (`off`: git is asked about the names only, as the eval runs). */
export async function withIndex(mode: 'index' | 'off', run: () => Promise<Report>): Promise<Report> {
  const old = process.env.HANDOFF_ENV_INDEX;
  if (mode === 'off') process.env.HANDOFF_ENV_INDEX = 'off';
  try {
    return await run();
  } finally {
    if (old === undefined) delete process.env.HANDOFF_ENV_INDEX;
    else process.env.HANDOFF_ENV_INDEX = old;
  }
}
