// Bundles the in-host test runner and suites (test/host/index.ts + test/host/*.test.ts) into
// dist/test/host/, one CommonJS file each; `vscode` and `mocha` stay external (the extension host
// provides vscode, mocha is required from node_modules at run time).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './lib.mjs';

export async function buildHostTests() {
  const dir = path.join(ROOT, 'test', 'host');
  const outdir = path.join(ROOT, 'dist', 'test', 'host');
  const entries = fs.readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(dir, f));
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    logOverride: { 'import-is-undefined': 'error' },
  });
  return path.join(outdir, 'index.js');
}

if (import.meta.url === `file://${process.argv[1]}`) await buildHostTests();
