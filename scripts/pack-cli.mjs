#!/usr/bin/env node
// `npm run pack:cli`: the npm package `handoff-cli` (the `handoff` command), built from the same
// sources and the same esbuild config as the extension. The CLI bundle has no runtime dependency
// (esbuild bundles yaml, picomatch, … into dist/cli-main.js, which dist/cli.js loads through V8's code cache), so the package is the bundle, a manifest,
// README and LICENSE: `npx handoff-cli check` or `npm i -g handoff-cli` needs nothing else.
//
//   node scripts/pack-cli.mjs [OUT_DIR]     → OUT_DIR/handoff-cli-<version>.tgz (default dist/)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_PACKAGE_NAME = 'handoff-cli';

/** Builds and packs the CLI package into `outDir`; returns the tarball's path. */
export function packCli(outDir = path.join(ROOT, 'dist')) {
  const ext = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-cli-pkg-'));
  try {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--only', 'cli', '--outdir', stage], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
    fs.chmodSync(path.join(stage, 'cli.js'), 0o755);
    const manifest = {
      name: CLI_PACKAGE_NAME,
      version: ext.version,
      description: 'Handoff CLI: flags the changes of a git range that need a deployment note (migrations, env vars, config, infrastructure, dependencies) and gates pull requests in CI.',
      license: ext.license,
      repository: ext.repository,
      homepage: ext.homepage,
      bugs: ext.bugs,
      keywords: ext.keywords?.filter((k) => /^[\x20-\x7e]+$/.test(k)),
      bin: { handoff: 'cli.js' },
      files: ['cli.js', 'cli-main.js', 'README.md', 'LICENSE'],
      engines: { node: ext.engines.node },
      // no "dependencies": the bundle carries what it uses
    };
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(stage, 'LICENSE'));
    fs.writeFileSync(path.join(stage, 'README.md'), cliReadme(ext.version));
    fs.mkdirSync(outDir, { recursive: true });
    const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', path.resolve(outDir)], {
      cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
    });
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
    const name = pack.stdout.trim().split('\n').pop();
    return path.resolve(outDir, name);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function cliReadme(version) {
  return `# handoff-cli ${version}

The \`handoff\` command of [Handoff](https://github.com/OWNER/handoff#readme): it reads the git diff of a
range, flags the changes someone must act on when the software is deployed (migrations, env vars,
config, infrastructure, dependencies, CI, API schemas, feature flags) and checks that each has a
deployment note in \`.handoff/notes/\`.

\`\`\`sh
npx handoff-cli check --base origin/main --head HEAD          # exit 1 when a change needs a note and has none
npx handoff-cli check --format json                          # the JSON contract, schemaVersion 1
npx handoff-cli changelog --from v1.2.0 --to v1.3.0 --format markdown
npx handoff-cli note new --title "Add billing plan"
\`\`\`

Node.js ${'>'}= 20 and git. Nothing from the repository is executed. \`handoff --help\` lists every option.
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(packCli(process.argv[2] ? path.resolve(process.argv[2]) : undefined));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
