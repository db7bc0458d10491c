#!/usr/bin/env node
// The in-host suites (test/host/) through @vscode/test-electron's standard `runTests`, for a
// machine that can download a desktop VS Code: `npm run test:electron`.
// Machines that cannot (like our CI, see ../shared/VSCODE-HOST.md) point runTests at
// scripts/code-shim.mjs, which runs the same suites in code-server:
//   VSCODE_EXECUTABLE=scripts/code-shim.mjs npm run test:electron
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHostTests } from './build-tests.mjs';
import { createDemoRepo } from './demo-repo.mjs';
import { ROOT } from './lib.mjs';

const testsEntry = await buildHostTests();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-electron-'));
const workspace = createDemoRepo(path.join(scratch, 'billing-demo'));
const executable = process.env.VSCODE_EXECUTABLE ? path.resolve(process.env.VSCODE_EXECUTABLE) : undefined;
let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: testsEntry,
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { HANDOFF_TEST_WORKSPACE: workspace },
    ...(executable ? { vscodeExecutablePath: executable } : { version: '1.91.0' }),
  });
} catch (e) {
  console.error(`test-electron: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
