#!/usr/bin/env node
// `npm start`: the demo. Builds and packages the extension, makes sure a real VS Code can run here
// (code-server + Node 24 from npm, cached in .vscode-host/), generates the demo repository in
// .vscode-host/demo (a web app whose feature/billing branch needs deployment notes), installs the
// .vsix into a private profile and serves VS Code on 127.0.0.1 until Ctrl-C.
//
//   npm start [-- --port 8123] [--fresh] [--locale zh-cn] [--checkout main] [--smoke]
//   --fresh       regenerate the demo repository (it is kept between starts, with your edits)
//   --locale      VS Code display language (zh-cn shows Handoff in Simplified Chinese)
//   --checkout    branch of a freshly generated demo repository (default feature/billing)
//   --smoke       non-interactive (CI): opens the demo in Chromium, waits until Handoff has analysed
//                 it (its status-bar item shows a count), prints the address and the count, exits 0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDemoRepo, DEMO_BRANCH } from './demo-repo.mjs';
import { ensureHost, HOST_DIR, installVsix, launchBrowser, log, onShutdown, packageVsix, prepareProfile, ROOT, sh, startCodeServer } from './lib.mjs';

const tag = 'start';

function parseArgs(argv) {
  const opts = { port: Number(process.env.PORT ?? 0), fresh: false, locale: undefined, checkout: DEMO_BRANCH, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--fresh') opts.fresh = true;
    else if (a === '--locale') opts.locale = argv[++i];
    else if (a === '--checkout') opts.checkout = argv[++i];
    else if (a === '--smoke') opts.smoke = true;
    else throw new Error(`unknown option ${a} (options: --port N, --fresh, --locale zh-cn, --checkout BRANCH, --smoke)`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('--port takes a port number');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  log(tag, 'building and packaging the extension');
  sh(process.execPath, ['esbuild.mjs']);
  const vsix = packageVsix();

  log(tag, 'checking the VS Code host (the first run installs it: about 2 minutes)');
  ensureHost();

  const demo = path.join(HOST_DIR, 'demo', 'billing-demo');
  if (opts.fresh || !fs.existsSync(path.join(demo, '.git'))) {
    createDemoRepo(demo, { checkout: opts.checkout, force: true });
    log(tag, `demo repository generated in ${path.relative(ROOT, demo)} (on ${opts.checkout})`);
  } else {
    log(tag, `demo repository kept in ${path.relative(ROOT, demo)} (--fresh regenerates it)`);
  }

  // A fresh private profile each start: settings, extensions (just Handoff) and state of its own.
  const profileDir = path.join(HOST_DIR, 'profile');
  fs.rmSync(profileDir, { recursive: true, force: true });
  fs.mkdirSync(profileDir, { recursive: true });
  const profile = prepareProfile(profileDir, { locale: opts.locale });
  installVsix(vsix, profile);

  const server = await startCodeServer(profile, { workspace: demo, port: opts.port, locale: opts.locale });
  let stopping = false;
  const stop = onShutdown(async () => {
    stopping = true;
    log(tag, 'stopping VS Code');
    await server.stop();
  });
  server.child.on('exit', (code, signal) => {
    if (stopping) return; // we stopped it
    log(tag, `code-server exited (${code ?? signal})`);
    process.exit(code ?? 1);
  });

  const url = `${server.url}/?folder=${encodeURIComponent(demo)}`;
  if (opts.smoke) {
    try {
      // the generated demo's feature/billing has changes that need a note: a count of 0 there means
      // the first analysis has not reported yet (or found nothing, which would be a failure)
      const expectUncovered = currentBranch(demo) === DEMO_BRANCH;
      const count = await waitForAnalysis(url, path.join(HOST_DIR, 'smoke'), opts.locale, expectUncovered);
      console.log(`  Handoff demo smoke test: ${url}`);
      console.log(`  Handoff analysed ${demo} (${currentBranch(demo)}): ${count} change(s) need a deployment note.`);
    } finally {
      await stop();
    }
    process.exit(0);
  }
  console.log('');
  console.log('  Handoff demo is running in VS Code (code-server, bound to 127.0.0.1 only):');
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log(`  Workspace: ${demo} (git branch ${currentBranch(demo)})`);
  console.log('  Open the Handoff icon in the activity bar; try "Handoff: Review Branch…" with main and feature/billing.');
  console.log('  Press Ctrl-C to stop.');
  return stop;
}

/**
 * `--smoke`: opens the workbench in Chromium (playwright-core, Debian's chromium) and waits until
 * Handoff's status-bar item shows a count without the loading spinner: the extension was installed
 * from the .vsix, activated, and finished its first analysis of the demo repository.
 */
async function waitForAnalysis(url, scratch, locale, expectUncovered) {
  fs.rmSync(scratch, { recursive: true, force: true });
  const { context, page } = await launchBrowser(scratch, { locale });
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    const item = page.locator('.statusbar [id$="handoff.status"]').first();
    const deadline = Date.now() + 180_000;
    let last = '';
    let since = Date.now();
    for (;;) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after 180 s waiting for Handoff to analyse the demo repository (status-bar item: '${last || 'not shown'}'${expectUncovered ? ', expected changes that need a note' : ''})`);
      }
      const spinning = await item.locator('.codicon-modifier-spin').count().catch(() => 1);
      const text = spinning ? '' : ((await item.textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
      if (text !== last) { last = text; since = Date.now(); }
      const count = /(\d+)\s*$/.exec(text);
      // a count the demo is known to have, or (on another branch) one that has held for 3 s
      if (count && (expectUncovered ? Number(count[1]) > 0 : Date.now() - since > 3000)) return Number(count[1]);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await context.close();
  }
}

function currentBranch(repo) {
  try {
    return fs.readFileSync(path.join(repo, '.git', 'HEAD'), 'utf8').trim().replace(/^ref: refs\/heads\//, '');
  } catch {
    return '?';
  }
}

main().then(() => { /* the server keeps the process alive until Ctrl-C; --smoke has stopped it */ }, (err) => {
  log(tag, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
