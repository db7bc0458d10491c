// `npm test`: every tier, in order, then one closing line "N passed, N failed".
//   types  — tsc --noEmit over src, test, scripts and bench (tsx runs the tests without checking types)
//   unit   — node:test on the engine, CLI and server (real git, real LSP child process)
//   host   — mocha inside a real VS Code extension host (code-server, see VSCODE-HOST.md)
//   e2e    — Playwright + Chromium clicking through the real workbench
// `node scripts/test.mjs unit` runs one tier (build, types, unit, host, e2e). host and e2e first run
// scripts/ensure-vscode-host.sh (Node 24 + code-server from npm, Debian chromium; ~2 min once).
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
  if ((plain || pass || fail) && status !== 0 && !Number(plain?.[2] ?? fail?.[1] ?? 0)) failed += 1; // counted no failure, yet failed
}

/** Installs Node 24, code-server and chromium when missing (the host and e2e tiers need them). */
function ensureVsCodeHost() {
  const r = spawnSync('bash', ['scripts/ensure-vscode-host.sh'], { cwd: root, stdio: ['inherit', 'ignore', 'inherit'] });
  if (r.status !== 0) failed += 1;
  return r.status === 0;
}

const tiers = {
  build() {
    const r = run('node', ['esbuild.mjs']);
    if (r.status !== 0) failed += 1;
    return r.status === 0;
  },
  types() {
    // One check: every type error is one failure's worth (tsc lists them).
    const r = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit']);
    if (r.status === 0) passed += 1;
    else failed += 1;
    return r.status === 0;
  },
  unit() {
    // test/unit/package builds the production bundles and the .vsix: it runs after the others,
    // not beside tests that read dist/.
    const all = files(join(root, 'test/unit'), '.test.ts');
    const packaging = all.filter((f) => f.includes('/test/unit/package/'));
    const tests = all.filter((f) => !packaging.includes(f));
    let ok = true;
    for (const group of [tests, packaging]) {
      if (!group.length) continue;
      // CI=true: the CLIs the tests start behave as in CI (a cold check asks git about its env names
      // and starts no detached index builder that would outlive a test's temporary repository);
      // test/unit/cache/envIndex.test.ts turns it off to test that builder.
      const r = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...group], { capture: true, env: { CI: 'true' } });
      count(r.stdout ?? '', r.status);
      ok &&= r.status === 0;
    }
    return ok;
  },
  host() {
    if (!ensureVsCodeHost()) return false;
    const r = run('node', ['scripts/host-tests.mjs'], { capture: true });
    count(r.stdout ?? '', r.status);
    return r.status === 0;
  },
  e2e() {
    if (!ensureVsCodeHost()) return false;
    const r = run('node', ['--import', 'tsx', 'scripts/ui-e2e.mjs'], { capture: true });
    count(r.stdout ?? '', r.status);
    return r.status === 0;
  },
};

const order = only ? [only] : ['build', 'types', 'unit', 'host', 'e2e'];
for (const name of order) {
  const tier = tiers[name];
  if (!tier) { console.error(`unknown tier ${name}`); process.exit(2); }
  if (name !== 'build' && !only) console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const ok = tier();
  if (name !== 'build' && !only) console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (!ok && name === 'build') break;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
