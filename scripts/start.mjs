#!/usr/bin/env node
// `npm start`: the demo. Builds and packages the extension, makes sure a real VS Code can run here
// (code-server + Node 24 from npm, cached in .vscode-host/), generates the demo repository in
// .vscode-host/demo (a web app whose feature/billing branch needs deployment notes), installs the
// .vsix into a private profile and serves VS Code on 127.0.0.1 until Ctrl-C.
//
//   npm start [-- --port 8123] [--fresh] [--locale zh-cn] [--checkout main]
//   --fresh       regenerate the demo repository (it is kept between starts, with your edits)
//   --locale      VS Code display language (zh-cn shows Handoff in Simplified Chinese)
//   --checkout    branch of a freshly generated demo repository (default feature/billing)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDemoRepo, DEMO_BRANCH } from './demo-repo.mjs';
import { ensureHost, HOST_DIR, installVsix, log, onShutdown, packageVsix, prepareProfile, ROOT, sh, startCodeServer } from './lib.mjs';

const tag = 'start';

function parseArgs(argv) {
  const opts = { port: Number(process.env.PORT ?? 0), fresh: false, locale: undefined, checkout: DEMO_BRANCH };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--fresh') opts.fresh = true;
    else if (a === '--locale') opts.locale = argv[++i];
    else if (a === '--checkout') opts.checkout = argv[++i];
    else throw new Error(`unknown option ${a} (options: --port N, --fresh, --locale zh-cn, --checkout BRANCH)`);
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
  const stop = onShutdown(async () => {
    log(tag, 'stopping VS Code');
    await server.stop();
  });
  server.child.on('exit', (code, signal) => {
    log(tag, `code-server exited (${code ?? signal})`);
    process.exit(code ?? 1);
  });

  const url = `${server.url}/?folder=${encodeURIComponent(demo)}`;
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

function currentBranch(repo) {
  try {
    return fs.readFileSync(path.join(repo, '.git', 'HEAD'), 'utf8').trim().replace(/^ref: refs\/heads\//, '');
  } catch {
    return '?';
  }
}

main().catch((err) => {
  log(tag, err instanceof Error ? err.message : String(err));
  process.exit(1);
});
