import { EngineError } from '../errors';
import type { GitSource } from '../git/gitSource';
import { defaultConfig, type HandoffConfig } from './types';
import { validateConfigText } from './validate';

export const CONFIG_PATH = '.handoff/config.yaml';

/**
 * Reads and validates `.handoff/config.yaml` at `rev` (a commit, or WORKTREE); the
 * defaults when the file is absent. A malformed file throws EngineError('bad-config')
 * whose message names file, line and column: `.handoff/config.yaml:12:5: …`.
 */
export async function loadConfig(git: GitSource, rev: string): Promise<HandoffConfig> {
  const text = (await git.readFiles(rev, [CONFIG_PATH], 1024 * 1024)).get(CONFIG_PATH);
  if (text == null) return defaultConfig();
  return parseConfig(text);
}

/** Validates config text; throws EngineError('bad-config') on the first error (more are counted in the message). */
export function parseConfig(text: string, file = CONFIG_PATH): HandoffConfig {
  const { config, problems } = validateConfigText(text);
  if (config) return config;
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new EngineError('bad-config', `${file}:${first.line}:${first.column}: ${first.message}${more}`, { file, line: first.line, column: first.column });
}
