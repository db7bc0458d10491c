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
  const raw = await git.readRaw(rev, CONFIG_PATH, MAX_CONFIG_BYTES);
  switch (raw.kind) {
    case 'missing':
      return defaultConfig();
    case 'link':
      throw new EngineError('bad-config', `${raw.path} is a symbolic link (to ${raw.target}); Handoff does not follow links out of the repository: make it a ${raw.path === CONFIG_PATH ? 'file' : 'folder'}`, { file: CONFIG_PATH });
    case 'too-large':
      throw new EngineError('bad-config', `${CONFIG_PATH} is ${raw.size} bytes; a config over 1 MB is not read (it is a few KB at most)`, { file: CONFIG_PATH });
    case 'file':
      return parseConfig(decodeConfig(raw.bytes));
  }
}

/** The largest config read (a real one is a few KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Config bytes as text: UTF-8 (a UTF-8 byte-order mark is dropped). UTF-16 or UTF-32, a NUL
 * byte or bytes that are not UTF-8 are an EngineError('bad-config') naming the file,
 * never silently the defaults.
 */
export function decodeConfig(bytes: Buffer, file = CONFIG_PATH): string {
  const bom = bytes.subarray(0, 4);
  if ((bom[0] === 0xff && bom[1] === 0xfe) || (bom[0] === 0xfe && bom[1] === 0xff) || (bom[0] === 0 && bom[1] === 0 && bom[2] === 0xfe && bom[3] === 0xff)) {
    throw new EngineError('bad-config', `${file} is saved as UTF-16 or UTF-32; save it as UTF-8`, { file });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = countLines(bytes, nul);
    throw new EngineError('bad-config', `${file}:${line}: contains a NUL byte (is it a binary file, or UTF-16 without a byte-order mark?); save it as UTF-8 text`, { file, line });
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new EngineError('bad-config', `${file} is not valid UTF-8; save it as UTF-8`, { file });
  }
}

function countLines(bytes: Buffer, end: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) line++;
  return line;
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
