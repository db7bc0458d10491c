// dist/cli.js: the `handoff` command's entry. It only loads the CLI bundle (dist/cli-main.js, built
// from main.ts) through V8's code cache, kept in the user's cache folder, so that a run does not
// compile ~1 MB of JavaScript again (issue 17: start-up). Node builtins only; nothing here may fail a
// run: any problem with the cache (none yet, unwritable, corrupt, from another bundle or another
// Node) falls back to compiling the bundle as usual.
//
// - Node ≥ 22.1 has module.enableCompileCache(): used as is (Node keeps and validates its cache).
// - Node 20: vm.Script with cachedData, stored as `cli-<node>-<arch>-<bundle hash>.v8` with a checksum
//   of its own; written after the command ran (so the functions it compiled are in it), and only
//   when there was none or V8 rejected it (HANDOFF_COMPILE_CACHE=v8 uses it on any Node: the tests do).
// HANDOFF_COMPILE_CACHE=off turns both off; HANDOFF_CACHE_DIR moves the cache folder.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { tunedV8Flags } from './v8Flags';

const MAIN = path.join(__dirname, 'cli-main.js');
/** The file's first bytes: the magic and a SHA-1 of what follows. */
const MAGIC = Buffer.from('HOV8CC1\n');
const HEADER = MAGIC.length + 20;
/** Caches of other bundles kept beside the running one's (see writeCache). */
const KEEP_OTHERS = 3;

/** The user's cache folder for Handoff (XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows). */
function userCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.HANDOFF_CACHE_DIR) return env.HANDOFF_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'handoff', 'cache') : null;
  if (process.platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'handoff') : null;
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? path.join(home, '.cache') : null;
  return base ? path.join(base, 'handoff') : null;
}

type ModuleWithCache = typeof Module & {
  enableCompileCache?: (dir?: string) => unknown;
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
};

/** Set before the bundle is compiled, so that the code cache below is made and checked under the same flags. */
function tuneV8(): void {
  try {
    for (const f of tunedV8Flags(process.versions.v8, process.env.HANDOFF_V8_FLAGS)) v8.setFlagsFromString(f);
  } catch {
    // V8's defaults: slower to no one's harm
  }
}

function run(): void {
  tuneV8();
  const M = Module as ModuleWithCache;
  const dir = process.env.HANDOFF_COMPILE_CACHE === 'off' ? null : userCacheDir();
  if (!dir) {
    start(require(MAIN));
    return;
  }
  if (typeof M.enableCompileCache === 'function' && process.env.HANDOFF_COMPILE_CACHE !== 'v8') {
    try {
      M.enableCompileCache(path.join(dir, 'node-compile-cache'));
    } catch {
      // no cache: compile as usual
    }
    start(require(MAIN));
    return;
  }
  let source: string;
  try {
    source = fs.readFileSync(MAIN, 'utf8');
  } catch {
    start(require(MAIN)); // fails with Node's own message
    return;
  }
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  const file = path.join(dir, 'v8', `cli-${process.version}-${process.arch}-${hash}.v8`);
  const cachedData = readCache(file);
  const script = new vm.Script(M.wrap(source), { filename: MAIN, cachedData });
  const state = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (process.env.HANDOFF_DEBUG) process.stderr.write(`compile cache ${state}: ${file}\n`);
  if (state !== 'used') process.once('exit', () => writeCache(file, script));
  const mod = new Module(MAIN, module);
  mod.filename = MAIN;
  mod.paths = M._nodeModulePaths(path.dirname(MAIN));
  (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(MAIN), mod, MAIN, path.dirname(MAIN));
  start(mod.exports);
}

function start(main: unknown): void {
  (main as { start(): void }).start();
}

/** The cached code, or undefined when there is none or it does not pass its checksum. */
function readCache(file: string): Buffer | undefined {
  try {
    const buf = fs.readFileSync(file);
    if (buf.length <= HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const body = buf.subarray(HEADER);
    return createHash('sha1').update(body).digest().equals(buf.subarray(MAGIC.length, HEADER)) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (temporary file, then rename) and keeps the folder bounded. */
function writeCache(file: string, script: vm.Script): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, Buffer.concat([MAGIC, createHash('sha1').update(data).digest(), data]));
    fs.renameSync(tmp, file);
    // Bounded: beside this one, the caches of the KEEP_OTHERS other bundles written last stay
    // (another Handoff installed beside this one, another Node); older ones, and temporary files
    // a crashed run left, go.
    const dir = path.dirname(file);
    const others: { p: string; t: number }[] = [];
    for (const n of fs.readdirSync(dir)) {
      const p = path.join(dir, n);
      if (!n.startsWith('cli-') || p === file) continue;
      const t = fs.statSync(p).mtimeMs;
      if (n.endsWith('.v8')) others.push({ p, t });
      else if (n.endsWith('.tmp') && t < Date.now() - 3600_000) fs.rmSync(p, { force: true });
    }
    others.sort((a, b) => b.t - a.t);
    for (const o of others.slice(KEEP_OTHERS)) fs.rmSync(o.p, { force: true });
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do: the next run compiles as usual
    }
  }
}

run();
