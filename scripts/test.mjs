// `npm test`: every tier, in order, then one closing line "N passed, N failed".
//   unit   — node:test on the engine, CLI and server (real git, real LSP child process)
//   host   — mocha inside a real VS Code extension host (code-server, see VSCODE-HOST.md)
//   e2e    — Playwright + Chromium clicking through the real workbench
// `node scripts/test.mjs unit` runs one tier.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
let passed = 0;
let failed = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...opts.env } });
  if (opts.capture && r.stdout) process.stdout.write(r.stdout);
  return r;
}

function files(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, suffix) : p.endsWith(suffix) ? [p] : [];
  }).sort();
}

/** Adds the counts of a tier's "N passed, N failed" or node's "ℹ pass N / ℹ fail N". */
function count(output, status) {
  const plain = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  const pass = [...output.matchAll(/^ℹ pass (\d+)$/gm)].pop();
  const fail = [...output.matchAll(/^ℹ fail (\d+)$/gm)].pop();
  if (plain) { passed += Number(plain[1]); failed += Number(plain[2]); }
  else if (pass || fail) { passed += Number(pass?.[1] ?? 0); failed += Number(fail?.[1] ?? 0); }
  else if (status !== 0) failed += 1; // the tier broke before it could report
}

const tiers = {
  build() {
    const r = run('node', ['esbuild.mjs']);
    if (r.status !== 0) failed += 1;
    return r.status === 0;
  },
  unit() {
    const tests = files(join(root, 'test/unit'), '.test.ts');
    const r = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...tests], { capture: true });
    count(r.stdout ?? '', r.status);
    return r.status === 0;
  },
};

const order = only ? [only] : ['build', 'unit'];
for (const name of order) {
  const tier = tiers[name];
  if (!tier) { console.error(`unknown tier ${name}`); process.exit(2); }
  if (name !== 'build' && !only) console.log(`\n=== ${name} ===`);
  if (!tier() && name === 'build') break;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
