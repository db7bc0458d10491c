import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Finding, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

/**
 * The env pass and the env/secret analyzers on real git repositories: each scenario is
 * a base commit on `main` and a change, analysed both as a committed range
 * (`main...feature`) and as uncommitted work in the working tree.
 */

/** Rules of the repository's own config, so these tests do not depend on the built-in packs. */
const CONFIG = `rules:
  - id: test.env-files
    title: Env file
    category: env
    paths: ['**/.env*']
    severity: warning
    requiresNote: findings
    analyzers: [env-file, secrets]
  - id: test.config
    title: Config file
    category: config
    paths: ['config/**/*.yml']
    severity: warning
    requiresNote: findings
    analyzers: [secrets]
  - id: test.manifests
    title: Manifest
    category: infrastructure
    paths: ['docker-compose*.yml', 'k8s/**']
    severity: warning
    requiresNote: true
    analyzers: [env-manifest, secrets]
`;

type Files = Record<string, string | null>;

function apply(repo: TestRepo, files: Files): void {
  for (const [p, content] of Object.entries(files)) {
    if (content == null) repo.remove(p);
    else repo.write({ [p]: content });
  }
}

/** Both reports of one scenario: review mode (committed) and working mode (uncommitted). */
async function scenario(base: Files, change: Files): Promise<{ review: Report; working: Report }> {
  const repo = new TestRepo();
  try {
    apply(repo, { '.handoff/config.yaml': CONFIG, 'README.md': '# app\n', ...base });
    repo.commit('base');
    repo.checkout('feature', true);
    apply(repo, change);
    repo.commit('feature');
    const review = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    repo.checkout('main');
    repo.checkout('wip', true);
    apply(repo, change);
    const working = await analyze({ repo: repo.dir, base: 'main' });
    return { review, working };
  } finally {
    repo.dispose();
  }
}

function findings(report: Report, path: string, kind?: Finding['kind']): Finding[] {
  const impact = report.impacts.find((i) => i.path === path);
  return (impact?.findings ?? []).filter((f) => !kind || f.kind === kind);
}

/** Runs `check` on both reports, naming the mode on failure. */
function forBoth(r: { review: Report; working: Report }, check: (report: Report) => void): void {
  for (const [mode, report] of Object.entries(r)) {
    try {
      check(report);
    } catch (e) {
      (e as Error).message = `[${mode} mode] ${(e as Error).message}`;
      throw e;
    }
  }
}

describe('env pass on real repositories (committed range and working tree)', () => {
  it('a new read is added, with its line, and undeclared when no env file names it', async () => {
    const r = await scenario(
      { 'src/app.py': 'import os\nPORT = os.getenv("PORT")\n' },
      { 'src/app.py': 'import os\nPORT = os.getenv("PORT")\n# os.getenv("COMMENTED_OUT")\nKEY = os.environ["PAYMENTS_KEY"]\n' },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars, { added: ['PAYMENTS_KEY'], removed: [] });
      const added = findings(report, 'src/app.py', 'env-var-added');
      assert.deepEqual(added.map((f) => [f.subject, f.line]), [['PAYMENTS_KEY', 4]]);
      assert.deepEqual(findings(report, 'src/app.py', 'env-var-undeclared').map((f) => f.subject), ['PAYMENTS_KEY']);
      assert.equal(report.impacts.find((i) => i.path === 'src/app.py')?.requiresNote, true);
    });
  });

  it('a new read with a default is added but never undeclared', async () => {
    const r = await scenario(
      { 'src/worker.ts': 'export const n = 1;\n' },
      { 'src/worker.ts': 'export const n = Number(process.env.WORKER_CONCURRENCY ?? 4);\nexport const q = process.env.WORKER_QUEUE;\n' },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars.added, ['WORKER_CONCURRENCY', 'WORKER_QUEUE']);
      const added = findings(report, 'src/worker.ts', 'env-var-added');
      assert.equal(added.find((f) => f.subject === 'WORKER_CONCURRENCY')?.message, 'reads new environment variable WORKER_CONCURRENCY (with a default)');
      assert.deepEqual(findings(report, 'src/worker.ts', 'env-var-undeclared').map((f) => f.subject), ['WORKER_QUEUE']);
    });
  });

  it('a read moved from one file to another is not added', async () => {
    const r = await scenario(
      { 'src/a.js': 'module.exports = process.env.MAIL_HOST;\n', 'src/b.js': 'module.exports = 1;\n' },
      { 'src/a.js': 'module.exports = 0;\n', 'src/b.js': 'module.exports = process.env["MAIL_HOST"];\n' },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars, { added: [], removed: [] });
      assert.deepEqual(findings(report, 'src/b.js', 'env-var-added'), []);
    });
  });

  it('a read kept elsewhere at head (unchanged file) is neither added nor removed', async () => {
    const r = await scenario(
      { 'lib/config.rb': 'HOST = ENV.fetch("CACHE_HOST")\n', 'lib/old.rb': 'X = ENV["CACHE_HOST"]\n', 'lib/new.rb': 'Y = 1\n' },
      { 'lib/old.rb': null, 'lib/new.rb': 'Y = ENV["CACHE_HOST"]\n' },
    );
    forBoth(r, (report) => assert.deepEqual(report.envVars, { added: [], removed: [] }));
  });

  it('a read removed everywhere is removed', async () => {
    const r = await scenario(
      { 'cmd/main.go': 'package main\n\nimport "os"\n\nvar legacy = os.Getenv("LEGACY_MODE")\nvar port = os.Getenv("LISTEN_PORT")\n' },
      { 'cmd/main.go': 'package main\n\nimport "os"\n\nvar port = os.Getenv("LISTEN_PORT")\n' },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars, { added: [], removed: ['LEGACY_MODE'] });
      assert.deepEqual(findings(report, 'cmd/main.go', 'env-var-removed').map((f) => f.subject), ['LEGACY_MODE']);
    });
  });

  it('a var declared in .env.example in the same range: added (both files), not undeclared', async () => {
    const r = await scenario(
      { '.env.example': 'PORT=3000\n', 'src/server.ts': 'export const port = process.env.PORT;\n' },
      { '.env.example': 'PORT=3000\nSEARCH_URL=http://localhost:9200\n', 'src/server.ts': 'export const port = process.env.PORT;\nexport const search = process.env.SEARCH_URL;\n' },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars, { added: ['SEARCH_URL'], removed: [] });
      assert.deepEqual(findings(report, '.env.example', 'env-var-added').map((f) => [f.subject, f.line]), [['SEARCH_URL', 2]]);
      assert.deepEqual(findings(report, 'src/server.ts', 'env-var-undeclared'), []);
    });
  });

  it('a var documented only in the README is not undeclared', async () => {
    const r = await scenario(
      { 'README.md': '# app\n\nSet `SMTP_RELAY` to your relay host.\n', 'app/mail.ex': 'defmodule Mail do\nend\n' },
      { 'app/mail.ex': 'defmodule Mail do\n  def relay, do: System.get_env("SMTP_RELAY")\nend\n' },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars.added, ['SMTP_RELAY']);
      assert.equal(findings(report, 'app/mail.ex', 'env-var-added').length, 1);
      assert.deepEqual(findings(report, 'app/mail.ex', 'env-var-undeclared'), []);
    });
  });

  it('build-tool configs, CI and comments add nothing', async () => {
    const r = await scenario(
      { 'src/index.js': 'module.exports = 1;\n' },
      {
        'vite.config.ts': 'export default { base: process.env.BASE_PATH };\n',
        '.github/workflows/ci.yml': 'env:\n  DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}\n',
        'src/index.js': '// process.env.NOT_READ\nmodule.exports = process.env.NODE_ENV;\n',
      },
    );
    forBoth(r, (report) => assert.deepEqual(report.envVars, { added: [], removed: [] }));
  });

  it('compose and Kubernetes env entries are declarations; a changed value is config-value-changed', async () => {
    const k8s = (level: string, extra = '') =>
      `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: LOG_LEVEL\n              value: ${level}\n${extra}`;
    const r = await scenario(
      {
        'docker-compose.yml': 'services:\n  web:\n    environment:\n      - WORKERS=2\n',
        'k8s/deployment.yaml': k8s('info'),
      },
      {
        'docker-compose.yml': 'services:\n  web:\n    environment:\n      - WORKERS=4\n      - QUEUE_URL=amqp://mq\n',
        'k8s/deployment.yaml': k8s('debug', '            - name: FEATURE_FLAGS_URL\n              value: http://flags\n'),
      },
    );
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars, { added: ['FEATURE_FLAGS_URL', 'QUEUE_URL'], removed: [] });
      assert.deepEqual(findings(report, 'docker-compose.yml', 'env-var-added').map((f) => [f.subject, f.line]), [['QUEUE_URL', 5]]);
      assert.deepEqual(findings(report, 'docker-compose.yml', 'config-value-changed').map((f) => [f.subject, f.line, f.message]), [['WORKERS', 4, 'env WORKERS changed from "2" to "4"']]);
      assert.deepEqual(findings(report, 'k8s/deployment.yaml', 'env-var-added').map((f) => [f.subject, f.line]), [['FEATURE_FLAGS_URL', 11]]);
      assert.deepEqual(findings(report, 'k8s/deployment.yaml', 'config-value-changed').map((f) => [f.subject, f.line]), [['LOG_LEVEL', 10]]);
    });
  });

  it('a changed value in .env.example is reported without re-reporting the key', async () => {
    const r = await scenario({ '.env.example': 'LOG_LEVEL=info\n' }, { '.env.example': 'LOG_LEVEL=warn\n' });
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars, { added: [], removed: [] });
      assert.deepEqual(findings(report, '.env.example').map((f) => [f.kind, f.subject, f.line]), [['config-value-changed', 'LOG_LEVEL', 1]]);
    });
  });

  it('a literal credential in config/production.yml is secret-suspected (masked); a placeholder is not', async () => {
    const secret = ['q9Wm2Zr', 'T9vLx4NcB8', 'yKp1DfH'].join('');
    const r = await scenario(
      { 'config/production.yml': 'db:\n  host: db.internal\n' },
      { 'config/production.yml': `db:\n  host: db.internal\n  password: ${secret}\n  api_key: <your-api-key>\n  token: \${API_TOKEN}\n` },
    );
    forBoth(r, (report) => {
      const f = findings(report, 'config/production.yml', 'secret-suspected');
      assert.deepEqual(f.map((x) => [x.subject, x.line, x.severity]), [['password', 3, 'critical']]);
      assert.ok(!JSON.stringify(report).includes(secret), 'the secret value must not appear in the report');
      assert.equal(report.impacts.find((i) => i.path === 'config/production.yml')?.severity, 'critical');
      // `${API_TOKEN}` in a config file is a read of API_TOKEN.
      assert.deepEqual(report.envVars.added, ['API_TOKEN']);
    });
  });

  it('pydantic settings in a new module: each field is an env var with the prefix', async () => {
    const settings = 'from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="APP_")\n\n    debug: bool = False\n    redis_url: str = "redis://localhost"\n';
    const r = await scenario({ 'app/__init__.py': '' }, { 'app/settings.py': settings });
    forBoth(r, (report) => {
      assert.deepEqual(report.envVars.added, ['APP_DEBUG', 'APP_REDIS_URL']);
      assert.deepEqual(findings(report, 'app/settings.py', 'env-var-added').map((f) => [f.subject, f.line]), [['APP_DEBUG', 6], ['APP_REDIS_URL', 7]]);
    });
  });

});
