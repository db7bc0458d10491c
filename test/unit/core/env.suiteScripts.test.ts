/**
 * Env precision (session 17, cfg16b, ex-holdout v15): a script named for the end-to-end or integration suite reads
 * the test cluster's switches, not settings an operator sets — cert-manager v1.0.4..v1.1.0 `devel/run-e2e.sh`
 * (INGRESS_IP, the only config/env impact of a range whose notes say no upgrade steps are required), `make/e2e.sh`
 * (Go); cdk `misc/nutshell_wallet_itest.sh` (Rust). A deployed start script keeps its reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { isEnvNoisePath } from '../../../src/core/analyzers/env';
import { TestRepo } from '../../helpers/repo';

describe('names only end-to-end and integration suite scripts read', () => {
  it('devel/run-e2e.sh and misc/wallet_itest.sh add no env var; the deployed docker/start.sh does', async (t) => {
    const repo = new TestRepo('envsuite');
    t.after(() => repo.dispose());
    repo.commit('init', { 'README.md': '# app\n', 'devel/run-e2e.sh': '#!/bin/bash\nkubectl apply -f e2e.yaml\n', 'docker/start.sh': '#!/bin/sh\nexec app\n' });
    repo.checkout('feature', true);
    repo.commit('e2e', {
      'devel/run-e2e.sh': '#!/bin/bash\nkubectl apply -f e2e.yaml --ingress "${INGRESS_IP}"\n',
      'misc/nutshell_wallet_itest.sh': '#!/usr/bin/env bash\ncurl "$CDK_ITESTS_MINT_ADDR"\n',
      'docker/start.sh': '#!/bin/sh\nexec app --listen "${APP_LISTEN_ADDR}"\n',
    });
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['APP_LISTEN_ADDR']);
    assert.ok(!r.impacts.some((i) => i.path === 'devel/run-e2e.sh' && i.requiresNote));
  });

  it('which script names are a suite runner', () => {
    for (const p of ['devel/run-e2e.sh', 'make/e2e.sh', 'make/e2e-ci.sh', 'misc/nutshell_wallet_itest.sh', 'misc/itest_helpers.sh', 'scripts/e2e']) assert.ok(isEnvNoisePath(p), p);
    for (const p of ['docker/start.sh', 'bin/server', 'src/e2e.go', 'src/e2ee.sh', 'deploy/e2ee-keys.sh']) assert.ok(!isEnvNoisePath(p), p);
  });
});
