import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

it('fullText: pydantic field added / default changed; shell var assigned elsewhere; serverless env', async () => {
  const repo = new TestRepo();
  const settings = (extra: string, timeout = '30') => `from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="APP_")\n\n    debug: bool = False\n    timeout: int = ${timeout}\n${extra}`;
  const sh = (extra: string) => `#!/bin/sh\nVERSION=1.2\nexport WORKERS=2\n${extra}exec app\n`;
  const sls = (extra: string) => `functions:\n  api:\n    environment:\n      QUEUE_URL: x\n${extra}    tags:\n      team: y\n`;
  try {
    repo.commit('base', { 'app/settings.py': settings(''), 'docker/entrypoint.sh': sh(''), 'serverless.yml': sls('') });
    repo.checkout('feature', true);
    repo.commit('f', { 'app/settings.py': settings('    redis_url: str\n', '60'), 'docker/entrypoint.sh': sh('echo "$VERSION $WORKERS $SENTRY_DSN"\n'), 'serverless.yml': sls('      TABLE_NAME: t\n') });
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(report.envVars, { added: ['APP_REDIS_URL', 'SENTRY_DSN', 'TABLE_NAME'], removed: [] });
  } finally {
    repo.dispose();
  }
});
