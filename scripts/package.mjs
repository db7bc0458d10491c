#!/usr/bin/env node
// `npm run package`: builds the production bundles and packages the extension with @vscode/vsce
// into dist/handoff.vsix (or the path given). It works in a staging folder, so the dev build in
// dist/ (and anyone running tests against it) is left alone: the manifest, .vscodeignore and the
// packaged assets are copied there, src/ and node_modules/ linked, and vsce's vscode:prepublish
// (node esbuild.mjs --production) writes the bundles into the staging dist/.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX_PATH = path.join(ROOT, 'dist', 'handoff.vsix');

const COPY = ['package.json', '.vscodeignore', 'esbuild.mjs', 'tsconfig.json', 'language-configuration.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'docs', 'media', 'syntaxes', 'schemas', 'l10n'];
const LINK = ['src', 'node_modules'];

/** Packages the extension to `out`; returns `out`. Throws with vsce's output when it fails. */
export function packageVsix(out = VSIX_PATH, { quiet = false } = {}) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-pkg-'));
  try {
    for (const name of fs.readdirSync(ROOT)) {
      if (COPY.includes(name) || /^package\.nls(\..+)?\.json$/.test(name)) fs.cpSync(path.join(ROOT, name), path.join(stage, name), { recursive: true });
    }
    for (const name of LINK) fs.symlinkSync(path.join(ROOT, name), path.join(stage, name));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package',
      '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', path.resolve(out)], {
      cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    if (r.status !== 0) throw new Error(`vsce package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    if (!quiet) process.stderr.write(r.stdout.split('\n').filter((l) => /DONE|WARNING/.test(l)).join('\n') + '\n');
    return path.resolve(out);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(packageVsix(process.argv[2] ? path.resolve(process.argv[2]) : VSIX_PATH));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
