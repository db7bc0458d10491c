// Builds the three Node bundles: the extension (vscode external), the language server
// (must not import vscode: it is not external there, so an accidental import fails the
// build) and the CLI. `--watch` rebuilds on change, `--production` minifies; `--only NAME` builds one
// entry and `--outdir DIR` writes elsewhere (scripts/pack-cli.mjs builds the npm package's CLI so).
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const argValue = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const only = argValue('--only');
const outdir = argValue('--outdir') ?? 'dist';
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  define: { __HANDOFF_VERSION__: JSON.stringify(version) },
  logOverride: { 'import-is-undefined': 'error' },
};

// The extension and the note language server share one bundle (src/bundle.ts): the engine ships once.
// dist/server.js only loads it; the server half never imports vscode (server/** is checked for that
// by its own type-only build below, which fails on an accidental import).
const SERVER_LOADER = `#!/usr/bin/env node
'use strict';
// The note language server: its code is in extension.js, which the extension shares (see src/bundle.ts).
require('./extension.js').startLanguageServer();
`;
const builds = [
  { ...common, entryPoints: { extension: 'src/bundle.ts' }, outdir, external: ['vscode'],
    plugins: [{ name: 'server-loader', setup(b) { b.onEnd((r) => { if (!r.errors.length) writeFileSync(`${outdir}/server.js`, SERVER_LOADER); }); } }] },
  // Not shipped: proves the server half bundles without `vscode` (it is not external here).
  { ...common, entryPoints: { 'server-check': 'src/server/main.ts' }, outdir: `${outdir}/.check`, write: false },
  // the CLI: cli.js only loads cli-main.js through V8's code cache (src/cli/bin.ts)
  { ...common, entryPoints: { cli: 'src/cli/bin.ts' }, outdir, banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { 'cli-main': 'src/cli/main.ts' }, outdir },
  // the GitHub Action (action.yml): one file, nothing installed when the action runs
  { ...common, entryPoints: { action: 'src/ci/githubAction.ts' }, outdir },
].filter((b) => !only || Object.keys(b.entryPoints).includes(only) || (only === 'server' && b.entryPoints['server-check']) || (only === 'cli' && b.entryPoints['cli-main']));
if (!builds.length) throw new Error(`--only ${only}: no such entry (extension, server, cli, action)`);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  // The minified CLI bundle stays ASCII (issue 17: start-up): V8 then keeps its 1 MB source as a
  // one-byte string, read, hashed and checked against the code cache faster. esbuild escapes
  // non-ASCII text everywhere but in regular-expression literals (and the comments a development
  // build keeps): write those characters as \uXXXX.
  if (production && builds.some((b) => b.entryPoints['cli-main'])) {
    const text = readFileSync(`${outdir}/cli-main.js`, 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    if (at >= 0) console.warn(`esbuild.mjs: ${outdir}/cli-main.js is not ASCII (a regular expression with a non-ASCII character? write it as \\uXXXX): …${text.slice(Math.max(0, at - 60), at + 20)}…`);
  }
}
