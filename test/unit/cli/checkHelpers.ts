import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { runCli as run, TestRepo } from '../../helpers/repo';

const ROOT = path.resolve(__dirname, '../../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/cli.js when it is missing or older than a source file (`npm test` builds
 * first anyway). Test files run in parallel: a lock folder keeps two of them from
 * rewriting the bundle while another runs it.
 */
export function ensureCliBuilt(): void {
  const cli = path.join(ROOT, 'dist/cli.js');
  const fresh = () => fs.existsSync(cli) && fs.statSync(cli).mtimeMs >= newestMtime(path.join(ROOT, 'src'));
  if (fresh()) return;
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  const lock = path.join(ROOT, 'dist', '.test-build.lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 120_000) fs.rmSync(lock, { recursive: true, force: true }); // a crashed holder
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The CLI in English, whatever the machine's locale; no colour (runCli sets NO_COLOR); no CI variables inherited. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env: NodeJS.ProcessEnv = { HANDOFF_LANG: 'en', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', GITHUB_WORKSPACE: '', GITLAB_CI: '', ...opts.env };
  return run(args, { cwd: opts.cwd, env });
}

/** An error run: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. Returns that line. */
export function assertOneLineError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): string {
  assert.equal(r.code, 2, `exit code 2 expected, got ${r.code}; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.match(r.stderr, /^handoff: [^\n]+\n$/, `one line on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.doesNotMatch(r.stderr, /\bat .+:\d+:\d+\)?$|internal error/m, 'no stack trace, no internal error');
  assert.match(r.stderr, pattern);
  return r.stderr.trimEnd();
}

/** Team rules that run before the built-in packs (priority 1), so the test does not depend on what those packs claim. */
export const CONFIG = `# team rules for the test repository
rules:
  - id: team.schema
    category: api
    title: Public GraphQL schema
    paths: ["schema/*.graphql"]
    severity: critical
    requiresNote: true
    priority: 1
  - id: team.site
    category: config
    title: Site settings
    paths: ["site/*.txt"]
    severity: info
    requiresNote: false
    priority: 1
`;

export const MIGRATION = 'db/migrate/20261124093000_add_plan_to_accounts.rb';
export const CJK_FILE = 'src/billing 账单.js';
export const ODD_FILE = 'src/odd,name:x.js';

/**
 * A repository (its folder name has a space and CJK characters) with:
 * - `feature`: an uncovered Rails migration (not critical), two uncovered env-var reads (one in a file
 *   named with a space and CJK, one with `,` and `:`), a critical schema change covered by
 *   a note, and an informational settings change;
 * - `critical`: an uncovered critical schema change only;
 * - `quiet`: an informational change only.
 */
export function makeCheckRepo(): TestRepo {
  const repo = new TestRepo('my repo 仓库');
  repo.commit('init', {
    'README.md': '# app\n',
    'src/app.js': 'const port = process.env.PORT;\n',
    '.env.example': 'PORT=3000\n',
    '.handoff/config.yaml': CONFIG,
    'site/site.txt': 'title: App\n',
    'schema/public.graphql': 'type Query { accounts: [Account] }\n',
  });
  repo.checkout('feature', true);
  repo.commit('feature', {
    // A nullable column: a migration that needs a note, but not a critical one.
    [MIGRATION]: 'class AddPlanToAccounts < ActiveRecord::Migration[7.1]\n  def change\n    add_column :accounts, :plan, :string\n  end\nend\n',
    [CJK_FILE]: 'const key = process.env.BILLING_API_KEY;\n',
    [ODD_FILE]: '\nmodule.exports = process.env.ODD_FLAG;\n',
    'schema/public.graphql': 'type Query { accounts: [Account], plans: [Plan] }\n',
    'site/site.txt': 'title: App 2\n',
    '.handoff/notes/2026-11-24-schema.md': '---\ntitle: Publish the plans query\ncovers:\n  - schema/*.graphql\n---\n## Deploy\n- [ ] Tell API consumers @ops\n- [x] Update the schema registry\n',
  });
  repo.checkout('main');
  repo.checkout('critical', true);
  repo.commit('schema only', { 'schema/public.graphql': 'type Query { accounts: [Account!]! }\n' });
  repo.checkout('main');
  repo.checkout('quiet', true);
  repo.commit('site only', { 'site/site.txt': 'title: Quiet\n' });
  repo.checkout('main');
  return repo;
}
