import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isEngineError } from '../core';
import { escapeData } from '../core/report';
import { FAIL_ON, type FailOn } from '../core/report/failOn';
import { githubContext, runCi } from './run';

/**
 * The GitHub Action's entry (action.yml → dist/action.js, one bundle, nothing installed at run
 * time). Inputs arrive as INPUT_<NAME> variables; the pull request from the event payload.
 */
function input(name: string, fallback = ''): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim() || fallback;
}

export async function main(): Promise<number> {
  const env = process.env;
  try {
    const failOn = input('fail-on', 'uncovered') as FailOn;
    if (!FAIL_ON.includes(failOn)) throw new Error(`input fail-on must be one of ${FAIL_ON.join(', ')} (got '${failOn}')`);
    const lang = input('lang', 'en').toLowerCase();
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const eventPath = env.GITHUB_EVENT_PATH;
    const event = eventPath && existsSync(eventPath) ? JSON.parse(readFileSync(eventPath, 'utf8')) : undefined;
    const token = input('token') || undefined;
    const result = await runCi({
      provider: 'github',
      repo: path.resolve(workspace, input('path', '.')),
      base: input('base') || undefined,
      failOn,
      locale: lang.startsWith('zh') ? 'zh-cn' : 'en',
      comment: input('comment', 'true') !== 'false',
      sarif: input('sarif') || undefined,
      uploadSarif: input('upload-sarif', 'false') === 'true',
      remote: input('remote', 'origin'),
    }, githubContext(env, event, token));
    return result.exitCode;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stdout.write(`::error title=Handoff::${escapeData(isEngineError(e) ? message : `internal error: ${message}`)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
