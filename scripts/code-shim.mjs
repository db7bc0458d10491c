#!/usr/bin/env node
// Stands in for a desktop VS Code executable for @vscode/test-electron's runTests on machines
// that cannot download one: it takes the arguments runTests passes
// (--extensionDevelopmentPath=…, --extensionTestsPath=…, a workspace) and runs the same suites
// in code-server through scripts/host-tests.mjs, exiting with their code.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const devPath = arg('extensionDevelopmentPath');
if (devPath && path.resolve(devPath) !== root) {
  console.error(`code-shim: only this project's extension can be tested (got ${devPath})`);
  process.exit(2);
}
// host-tests.mjs builds the same test entry and opens a fresh demo repository itself.
const r = spawnSync(process.execPath, [path.join(root, 'scripts/host-tests.mjs')], { cwd: root, stdio: 'inherit', env: process.env });
process.exit(r.status ?? 1);
