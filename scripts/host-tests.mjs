#!/usr/bin/env node
// Runs the mocha suites of test/host/ INSIDE a real VS Code extension host (code-server), with the
// project folder loaded as the extension under development and a fresh copy of the demo repository
// (checked out on feature/billing) as the workspace. See ../shared/VSCODE-HOST.md §3:
// code-server gets `--vscode-option enable-smoke-test-driver`, the page URL carries the
// extensionDevelopmentPath / extensionTestsPath payload, and the workbench reports the extension
// host's exit code through window.codeAutomationExit. The runner (test/host/index.ts) appends its
// reporter output to $VSCODE_TEST_LOG, which is tailed here; it ends with "N passed, N failed".
//
//   node scripts/host-tests.mjs            (build the extension first: node esbuild.mjs)
//   MOCHA_GREP=activation  KEEP_TMP=1  CS_LOG=1  HOST_TEST_TIMEOUT_MS=300000
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { buildHostTests } from './build-tests.mjs';
import { createDemoRepo } from './demo-repo.mjs';
import { ensureHost, launchBrowser, log, prepareProfile, remoteUri, ROOT, scratchDir, startCodeServer } from './lib.mjs';

const TIMEOUT_MS = Number(process.env.HOST_TEST_TIMEOUT_MS ?? 300_000);
const tag = 'host-tests';
/** Workbench errors that only say this machine is offline (marketplace, GitHub sign-in). */
const OFFLINE_NOISE = /ENOTFOUND open-vsx\.org|authentication provider 'github'|getaddrinfo ENOTFOUND/;

async function main() {
  const started = Date.now();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.mjs` first');
  ensureHost();
  const testsEntry = await buildHostTests();

  const scratch = scratchDir('hht');
  const workspace = createDemoRepo(path.join(scratch.dir, 'ws', 'billing-demo'));
  const logFile = path.join(scratch.dir, 'test.log');
  const resultFile = path.join(scratch.dir, 'result.json');
  fs.writeFileSync(logFile, '');
  const profile = prepareProfile(scratch.dir);

  let server;
  let browser;
  let tailed = 0;
  const tail = () => {
    const text = fs.readFileSync(logFile, 'utf8');
    if (text.length > tailed) { process.stdout.write(text.slice(tailed)); tailed = text.length; }
  };
  const ticker = setInterval(tail, 200);
  let code = 1;
  try {
    server = await startCodeServer(profile, {
      workspace,
      smokeTestDriver: true,
      env: { VSCODE_TEST_LOG: logFile, VSCODE_TEST_RESULT: resultFile, HANDOFF_TEST_WORKSPACE: workspace },
    });
    log(tag, `code-server at ${server.url}, workspace ${workspace}`);
    browser = await launchBrowser(scratch.dir);
    const { page } = browser;
    const exit = new Promise((resolve) => { page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c))); });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (type !== 'error') return;
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (!OFFLINE_NOISE.test(text)) log(tag, `workbench error: ${text}`);
    });
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.url, ROOT)],
      ['extensionTestsPath', remoteUri(server.url, testsEntry)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS); });
    const outcome = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      log(tag, `the extension host did not finish within ${TIMEOUT_MS} ms`);
      code = 124;
    } else {
      code = outcome;
    }
    if (code !== 0) {
      fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-results', 'host-tests-failure.png') }).catch(() => {});
    }
  } finally {
    clearInterval(ticker);
    tail();
    await browser?.context.close().catch(() => {});
    await server?.stop();
    if (code !== 0 && server && process.env.CS_LOG !== '1') log(tag, `code-server output (last 3000 chars):\n${server.output().slice(-3000)}`);
    scratch.dispose();
  }
  if (tailed === 0 && code !== 0) log(tag, 'the test runner produced no output (see the workbench errors above)');
  log(tag, `extension host exit code ${code}; wall ${Date.now() - started} ms`);
  return code;
}

main().then((code) => process.exit(code), (err) => {
  log(tag, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
