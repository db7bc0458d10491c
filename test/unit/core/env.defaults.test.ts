/**
 * A default that changes for an existing env setting (issue 11, "Required or optional"): a
 * behaviour change operators must hear about, on real repositories. Only a literal default
 * counts; a change of quotes, a reformatted line or a computed default is nothing to say.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateFinding } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

async function rangeOf(files: Record<string, string>, changed: Record<string, string>) {
  const repo = new TestRepo('envdefault');
  repo.commit('init', files);
  repo.checkout('feature', true);
  repo.commit('change', changed);
  try {
    return await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  } finally {
    repo.dispose();
  }
}

describe('env: a changed default of an existing setting', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));

  it('Python os.getenv("X", "d") and JS process.env.X ?? "d": default-changed, a note needed, in Chinese too', async () => {
    const r = await rangeOf(
      { 'app/settings.py': 'import os\nPORT = int(os.getenv("APP_PORT", "8080"))\nDEBUG = os.getenv("APP_DEBUG")\n', 'web/log.js': "const level = process.env.LOG_LEVEL ?? 'info';\nmodule.exports = { level };\n" },
      { 'app/settings.py': 'import os\nPORT = int(os.getenv("APP_PORT", "9090"))\nDEBUG = os.getenv("APP_DEBUG")\n', 'web/log.js': "const level = process.env.LOG_LEVEL ?? 'warn';\nmodule.exports = { level };\n" },
    );
    const py = r.impacts.find((i) => i.path === 'app/settings.py');
    assert.ok(py, JSON.stringify(r.impacts.map((i) => i.path)));
    assert.equal(py.requiresNote, true);
    const f = py.findings.find((x) => x.kind === 'default-changed');
    assert.deepEqual([f?.subject, f?.line, f?.message], ['APP_PORT', 2, 'default of environment variable APP_PORT changes from "8080" to "9090"']);
    assert.equal(translateFinding(f!, 'zh-cn'), '环境变量 APP_PORT 的默认值从 "8080" 改为 "9090"');
    assert.ok(!py.findings.some((x) => x.kind === 'env-var-added' || x.kind === 'env-var-removed'), 'the setting exists on both sides');
    const js = r.impacts.find((i) => i.path === 'web/log.js');
    assert.equal(js?.findings.find((x) => x.kind === 'default-changed')?.message, "default of environment variable LOG_LEVEL changes from 'info' to 'warn'");
  });

  it('nothing for other quotes, a reformatted line, a computed default, or a new setting with a default', async () => {
    const r = await rangeOf(
      { 'app/settings.py': 'import os\nPORT = int(os.getenv("APP_PORT", "8080"))\nHOST = os.getenv("APP_HOST", default_host())\n' },
      { 'app/settings.py': "import os\nPORT = int(os.getenv( 'APP_PORT', '8080' ))\nHOST = os.getenv(\"APP_HOST\", other_host())\nNEW = os.getenv(\"APP_NEW\", \"1\")\n" },
    );
    const py = r.impacts.find((i) => i.path === 'app/settings.py');
    assert.ok(!py?.findings.some((x) => x.kind === 'default-changed'), JSON.stringify(py?.findings));
    const added = py?.findings.find((x) => x.kind === 'env-var-added');
    assert.equal(added?.subject, 'APP_NEW');
    assert.equal(added?.severity, 'info');
    assert.equal(py?.requiresNote, false);
  });
});
