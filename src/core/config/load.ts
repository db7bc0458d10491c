import { parseDocument } from 'yaml';
import { EngineError } from '../errors';
import type { GitSource } from '../git/gitSource';
import { defaultConfig, type HandoffConfig } from './types';

export const CONFIG_PATH = '.handoff/config.yaml';

/** Reads `.handoff/config.yaml` at `rev` (or WORKTREE); defaults when absent. (Seed; the config helper adds validation.) */
export async function loadConfig(git: GitSource, rev: string): Promise<HandoffConfig> {
  const text = (await git.readFiles(rev, [CONFIG_PATH], 1024 * 1024)).get(CONFIG_PATH);
  const config = defaultConfig();
  if (text == null) return config;
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new EngineError('bad-config', `${CONFIG_PATH}:${pos?.line ?? 1}:${pos?.col ?? 1}: ${e.message.split('\n')[0]}`, { file: CONFIG_PATH, line: pos?.line, column: pos?.col });
  }
  const raw = (doc.toJS() ?? {}) as Partial<HandoffConfig>;
  return { ...config, ...raw, rules: raw.rules ?? [], ignore: raw.ignore ?? [], templates: raw.templates ?? {} };
}
