#!/usr/bin/env node
// Browser UI tests: Chromium (playwright-core, Debian's /usr/bin/chromium) clicking through a real
// VS Code (code-server) in which the PACKAGED .vsix is installed, one scenario per user
// (test/e2e/scenarios/*.e2e.ts). Each scenario gets a fresh demo repository, code-server profile
// and browser; screenshots go to test-results/; the run ends with "N passed, N failed".
//
//   node --import tsx scripts/ui-e2e.mjs [name ...] [--vsix FILE] [--no-package]
//   KEEP_TMP=1 keeps the scratch folders, CS_LOG=1 echoes code-server, HEADFUL=1 shows the browser,
//   E2E_SCENARIO_TIMEOUT_MS (default 180000).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDemoRepo } from './demo-repo.mjs';
import { ensureHost, installVsix, launchBrowser, log, packageVsix, prepareProfile, ROOT, scratchDir, startCodeServer, VSIX_PATH } from './lib.mjs';

const tag = 'e2e';
const RESULTS = path.join(ROOT, 'test-results');
const SCENARIO_TIMEOUT_MS = Number(process.env.E2E_SCENARIO_TIMEOUT_MS ?? 180_000);

function parseArgs(argv) {
  const opts = { names: [], vsix: undefined, pack: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--vsix') opts.vsix = path.resolve(argv[++i]);
    else if (argv[i] === '--no-package') opts.pack = false;
    else opts.names.push(argv[i]);
  }
  return opts;
}

async function loadScenarios(names) {
  const dir = path.join(ROOT, 'test', 'e2e', 'scenarios');
  const order = ['developer', 'reviewer', 'pull-request', 'export', 'chinese'];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts'));
  const all = [];
  for (const f of files) all.push((await import(pathToFileURL(path.join(dir, f)).href)).scenario);
  all.sort((a, b) => (order.indexOf(a.name) + 1 || 99) - (order.indexOf(b.name) + 1 || 99));
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`);
  return names.length ? all.filter((s) => names.includes(s.name)) : all;
}

/** The tail of the extension's own log (LogOutputChannel "Handoff") from the profile, if any. */
function extensionLog(userDataDir) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/handoff/i.test(p) && p.endsWith('.log')) found.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found.map((f) => `--- ${path.basename(f)}\n${fs.readFileSync(f, 'utf8').split('\n').slice(-40).join('\n')}`).join('\n');
}

async function runScenario(scenario, vsix) {
  const { Workbench } = await import(pathToFileURL(path.join(ROOT, 'test', 'e2e', 'workbench.ts')).href);
  const scratch = scratchDir(`he2e-${scenario.name}`);
  const started = Date.now();
  let server;
  let browser;
  let wb;
  const steps = [];
  const step = (text) => {
    steps.push(text);
    console.log(`    · ${text} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
  };
  try {
    const workspace = createDemoRepo(path.join(scratch.dir, 'ws', 'billing-demo'), { checkout: scenario.checkout });
    const profile = prepareProfile(scratch.dir, { locale: scenario.locale });
    installVsix(vsix, profile);
    server = await startCodeServer(profile, { workspace, locale: scenario.locale });
    browser = await launchBrowser(scratch.dir);
    const { page } = browser;
    page.setDefaultTimeout(20_000);
    wb = new Workbench(page, RESULTS, scenario.name);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    let timer;
    await Promise.race([
      scenario.run({ wb, page, workspace, step }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`scenario timed out after ${SCENARIO_TIMEOUT_MS} ms`)), SCENARIO_TIMEOUT_MS); }),
    ]).finally(() => clearTimeout(timer));
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    let shot = '';
    if (wb) shot = await wb.shot('FAILED').catch(() => '');
    const ext = server ? extensionLog(path.join(scratch.dir, 'data')) : '';
    return { ok: false, ms: Date.now() - started, error: err, shot, ext, lastStep: steps.at(-1) };
  } finally {
    await browser?.context.close().catch(() => {});
    await server?.stop();
    scratch.dispose();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const scenarios = await loadScenarios(opts.names);
  ensureHost();
  let vsix = opts.vsix ?? VSIX_PATH;
  if (!opts.vsix && opts.pack) {
    log(tag, 'packaging the extension (vsce)');
    vsix = packageVsix();
  }
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist (run npm run package)`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first');
  fs.mkdirSync(RESULTS, { recursive: true });
  for (const f of fs.readdirSync(RESULTS)) if (scenarios.some((s) => f.startsWith(`${s.name}-`)) && f.endsWith('.png')) fs.rmSync(path.join(RESULTS, f));

  let passed = 0;
  let failed = 0;
  for (const scenario of scenarios) {
    console.log(`  ${scenario.name}: ${scenario.title}`);
    const r = await runScenario(scenario, vsix);
    if (r.ok) {
      passed++;
      console.log(`  ✔ ${scenario.name} (${(r.ms / 1000).toFixed(1)} s)`);
    } else {
      failed++;
      console.log(`  ✘ ${scenario.name} (${(r.ms / 1000).toFixed(1)} s)${r.lastStep ? ` at "${r.lastStep}"` : ''}`);
      console.log(`    ${(r.error instanceof Error ? r.error.message : String(r.error)).split('\n').join('\n    ')}`);
      if (r.shot) console.log(`    screenshot: ${path.relative(ROOT, r.shot)}`);
      if (r.ext && process.env.E2E_EXT_LOG !== '0') console.log(`    extension log:\n${r.ext.split('\n').map((l) => `      ${l}`).join('\n')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  log(tag, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
