// Shared plumbing for running the extension in a real VS Code on this machine (code-server from
// npm on Node 24 + Debian chromium driven by playwright-core; see ../shared/VSCODE-HOST.md):
// used by `npm start` (start.mjs), the in-host tests (host-tests.mjs) and the UI tests (ui-e2e.mjs).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.139.1';
export const HOST_DIR = process.env.VSCODE_HOST_DIR ?? path.join(ROOT, '.vscode-host');
export const NODE24_BIN_DIR = path.join(HOST_DIR, 'node24', 'node_modules', '.bin');
export const CODE_SERVER_BIN = path.join(HOST_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export { packageVsix, VSIX_PATH } from './package.mjs';

/** User settings that keep code-server quiet and fast: no welcome page, no AI chat host, no update checks. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export function log(tag, ...args) {
  console.error(`[${tag}]`, ...args);
}

/** Runs a command to completion with inherited output; throws with its name when it fails. */
export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

/** Installs Node 24, code-server and chromium when missing (scripts/ensure-vscode-host.sh). */
export function ensureHost() {
  sh('bash', [path.join(ROOT, 'scripts', 'ensure-vscode-host.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A scratch folder that `dispose()` removes (unless KEEP_TMP=1). Kept short: code-server puts unix
 * sockets under TMPDIR, and socket paths are limited to 107 bytes.
 */
export function scratchDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return {
    dir,
    dispose() {
      if (process.env.KEEP_TMP === '1') log('tmp', `kept ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function codeServerEnv(extra, tmp) {
  return {
    ...process.env,
    PATH: `${NODE24_BIN_DIR}${path.delimiter}${process.env.PATH}`,
    TMPDIR: tmp,
    // a code-server started from a VS Code terminal would otherwise talk to that VS Code
    VSCODE_IPC_HOOK_CLI: '',
    ...extra,
  };
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export function installVsix(vsix, { extensionsDir, userDataDir, tmp }) {
  const r = spawnSync(CODE_SERVER_BIN, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsix, '--force'], { encoding: 'utf8', env: codeServerEnv({}, tmp) });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Prepares a private code-server profile in `base`: config.yaml (never the user's ~/.config one),
 * user data with quiet settings (+ `settings`), an extensions folder, a TMPDIR, and argv.json with
 * the display `locale` when one is given.
 */
export function prepareProfile(base, { settings = {}, locale } = {}) {
  const p = {
    config: path.join(base, 'config.yaml'),
    userDataDir: path.join(base, 'data'),
    extensionsDir: path.join(base, 'ext'),
    tmp: path.join(base, 't'),
  };
  for (const d of [p.userDataDir, p.extensionsDir, p.tmp, path.join(p.userDataDir, 'User')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(p.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  fs.writeFileSync(path.join(p.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  if (locale) setDisplayLanguage(p.userDataDir, locale);
  return p;
}

/**
 * Sets VS Code's display language to `locale` in a user-data folder. VS Code (and code-server)
 * take a display language only from an installed language pack: without one the server resolves
 * every locale to English, so extensions get `vscode.env.language === 'en'` and their
 * package.nls.en strings. The marketplace's packs cannot be fetched here, so this registers a
 * minimal pack the way VS Code records installed ones (languagepacks.json), with no translations
 * of VS Code's own strings: the workbench stays English, while everything an extension localizes
 * (package.nls.<locale>.json, l10n/bundle.l10n.<locale>.json) goes through VS Code's real lookup.
 */
export function setDisplayLanguage(userDataDir, locale) {
  const id = locale.toLowerCase();
  const translations = path.join(userDataDir, 'test-language-pack', 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [id]: {
      hash: `handoff-test-${id}`,
      extensions: [{ extensionIdentifier: { id: `handoff-test.language-pack-${id}` }, version: '0.0.1' }],
      translations: { vscode: translations },
      label: id,
    },
  }));
  fs.writeFileSync(path.join(userDataDir, 'User', 'argv.json'), JSON.stringify({ locale: id }, null, 2));
}

/**
 * Starts code-server on 127.0.0.1 (port 0 = any free one unless `port`), auth none, in its own
 * process group. Resolves when it listens: { url, child, output(), stop() }.
 */
export async function startCodeServer(profile, { workspace, port = 0, smokeTestDriver = false, locale, env = {}, echo = false } = {}) {
  const args = ['--config', profile.config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir];
  if (locale) args.push('--locale', locale);
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (workspace) args.push(workspace);
  const child = spawn(CODE_SERVER_BIN, args, {
    env: codeServerEnv(env, profile.tmp), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const onData = (chunk) => {
    output += chunk;
    if (echo || process.env.CS_LOG === '1') process.stderr.write(chunk);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const stop = () => {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  };
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`code-server did not listen within 60 s:\n${output}`)); }, 60_000);
    const check = () => {
      const m = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  /** Stops the whole process group and waits for the server to go (SIGKILL after 5 s). */
  const stopAndWait = async () => {
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    stop();
    const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await gone;
    clearTimeout(t);
  };
  return { url, child, output: () => output, stop: stopAndWait };
}

/** Launches Debian's chromium headless with a fresh profile under `base`; returns { context, page }. */
export async function launchBrowser(base, { locale, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = path.join(base, 'chromium');
  fs.mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: process.env.HEADFUL !== '1',
    args: CHROMIUM_ARGS,
    viewport,
    locale,
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page };
}

/** `vscode-remote://host:port/abs/path` for the payload of a page served by `url`. */
export function remoteUri(url, absPath) {
  return `vscode-remote://${new URL(url).host}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** Arranges for `fn` to run once on exit, Ctrl-C or SIGTERM (then exits with 130/143). */
export function onShutdown(fn) {
  let done = false;
  const once = async () => { if (!done) { done = true; await fn(); } };
  process.on('SIGINT', async () => { await once(); process.exit(130); });
  process.on('SIGTERM', async () => { await once(); process.exit(143); });
  return once;
}
