// The GitLab CI/CD component (templates/handoff.yml → `handoff ci --provider gitlab`) against a real
// git repository — a bare "origin" and a shallow CI clone — with the GitLab API replaced by a local
// HTTP server that records the calls.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt } from '../cli/checkHelpers';
import { ForgeServer, runNode } from './forgeServer';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const MARKER = '<!-- handoff:check -->';

describe('GitLab CI component', () => {
  let tmp: string;
  let origin: string;
  let api: ForgeServer;

  before(async () => {
    ensureCliBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-gitlab-'));
    const up = new TestRepo('upstream');
    up.commit('init', { 'README.md': '# app\n', 'src/app.js': 'module.exports = 1;\n' });
    up.checkout('feature', true);
    up.commit('reads a new env var', { 'src/billing.js': 'const key = process.env.BILLING_API_KEY;\nmodule.exports = key;\n' });
    up.checkout('main');
    up.commit('main moves on', { 'docs/a.md': 'a\n' });
    origin = path.join(tmp, 'origin.git');
    execFileSync('git', ['clone', '-q', '--bare', up.dir, origin]);
    up.dispose();
    api = await new ForgeServer('gitlab').start();
  });
  after(async () => {
    await api.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function ciClone(name: string): string {
    const dir = path.join(tmp, name);
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, dir]);
    return dir;
  }

  async function run(dir: string, token: string | undefined) {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp,
      GITLAB_CI: 'true', CI_PROJECT_DIR: dir, CI_API_V4_URL: `${api.url}/api/v4`, CI_PROJECT_ID: '42',
      CI_PROJECT_URL: 'https://gitlab.example/acme/app', CI_MERGE_REQUEST_IID: '7', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      ...(token ? { HANDOFF_GITLAB_TOKEN: token } : {}),
    };
    // the component's script line, with the template's inputs filled in
    return runNode([CLI, 'ci', '--provider', 'gitlab', '--base', 'origin/main', '--fail-on', 'uncovered', '--codequality', 'gl-code-quality-report.json', '--summary', 'handoff-report.md'], dir, env);
  }

  it('is a CI/CD component whose job runs `handoff ci --provider gitlab` and publishes Code Quality', () => {
    const [spec, job] = parseAllDocuments(fs.readFileSync(path.join(ROOT, 'templates', 'handoff.yml'), 'utf8')).map((d) => d.toJS());
    assert.deepEqual(Object.keys(spec.spec.inputs).sort(), ['fail-on', 'image', 'lang', 'stage', 'version']);
    const script = job.handoff.script.join('\n');
    assert.match(script, /handoff-cli@\$\[\[ inputs\.version \]\]" ci --provider gitlab/);
    assert.equal(job.handoff.artifacts.reports.codequality, 'gl-code-quality-report.json');
    assert.ok(job.handoff.artifacts.paths.includes('handoff-report.md'));
  });

  it('writes Code Quality and the Markdown report, and keeps one merge-request note up to date', async () => {
    const dir = ciClone('mr');
    const r = await run(dir, 'glpat-test');
    assert.equal(r.status, 1, `a new required env var needs a note\n${r.stdout}\n${r.stderr}`);
    const quality = JSON.parse(fs.readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8'));
    assert.ok(quality.some((q: { location: { path: string } }) => q.location.path === 'src/billing.js'));
    const md = fs.readFileSync(path.join(dir, 'handoff-report.md'), 'utf8');
    assert.ok(md.startsWith(MARKER));
    assert.match(md, /BILLING_API_KEY|src\/billing\.js/);
    assert.deepEqual(api.writes().map((c) => `${c.method} ${c.path}`), ['POST /api/v4/projects/42/merge_requests/7/notes']);
    assert.equal(api.writes()[0].headers['private-token'], 'glpat-test');

    fs.writeFileSync(path.join(dir, 'src', 'billing.js'), 'const key = process.env.BILLING_API_KEY;\nconst url = process.env.BILLING_URL;\nmodule.exports = { key, url };\n');
    execFileSync('git', ['-c', 'user.email=ci@x', '-c', 'user.name=CI', 'commit', '-qam', 'more'], { cwd: dir });
    api.calls.length = 0;
    await run(dir, 'glpat-test');
    assert.deepEqual(api.writes().map((c) => `${c.method} ${c.path}`), ['PUT /api/v4/projects/42/merge_requests/7/notes/100']);
    assert.equal(api.comments.length, 1);
  });

  it('without a token reports in the log, Code Quality and the artifact, and calls no API', async () => {
    const dir = ciClone('notoken');
    api.calls.length = 0;
    const r = await run(dir, undefined);
    assert.equal(r.status, 1);
    assert.deepEqual(api.calls, []);
    assert.ok(fs.existsSync(path.join(dir, 'gl-code-quality-report.json')));
    assert.match(r.stdout, /src\/billing\.js/);
  });
});
