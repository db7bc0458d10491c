// The in-host test runner: VS Code's extension host require()s this bundle (dist/test/host/index.js,
// named by the `extensionTestsPath` payload of scripts/host-tests.mjs) and calls run(). It runs
// every test/host/*.test.ts suite (bundled beside it) with mocha in the real extension host.
// The host's console goes to the browser, so the reporter output is appended to $VSCODE_TEST_LOG
// (tailed by the harness) and the counts are written to $VSCODE_TEST_RESULT as JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';

// mocha is not bundled (external): it is resolved from the project's node_modules at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha') as typeof import('mocha');

export function run(): Promise<void> {
  const logFile = process.env.VSCODE_TEST_LOG;
  const resultFile = process.env.VSCODE_TEST_RESULT;
  const write = (text: string): void => {
    if (logFile) fs.appendFileSync(logFile, text + '\n');
  };

  // Reporters print with Base.consoleLog; plain assignment to console.log is ignored in the
  // extension host (it is an accessor there), hence defineProperty.
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args) => write(util.format(...args));
  const originalLog = console.log;
  Object.defineProperty(console, 'log', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => { write(util.format(...args)); originalLog(...args); },
  });

  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.HOST_TEST_TIMEOUT_PER_TEST_MS ?? 30_000),
    grep: process.env.MOCHA_GREP || undefined,
  });
  const suites = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of suites) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    let passed = 0;
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        write(`${passed} passed, ${failures} failed`);
        if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ passed, failed: failures, suites }));
        Object.defineProperty(console, 'log', { configurable: true, writable: true, value: originalLog });
        if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
        else if (passed === 0) reject(new Error(`no in-host test ran (suites: ${suites.join(', ') || 'none'})`));
        else resolve();
      });
    } catch (err) {
      write(`runner error: ${err instanceof Error ? err.stack : String(err)}`);
      write('0 passed, 1 failed');
      reject(err);
      return;
    }
    runner.on('pass', () => { passed++; });
  });
}
