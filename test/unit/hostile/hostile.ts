/**
 * Hostile repositories for the issue-16 suite: every way a repository's own files could
 * make a program that runs git execute something, each leaving a marker file named after
 * its vector when it runs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestRepo } from '../../helpers/repo';

export class Markers {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** A shell command that leaves the marker `name` (and passes stdin through, as a filter must). */
  cmd(name: string): string {
    return `touch '${path.join(this.dir, name)}'; cat`;
  }

  /** An executable script leaving the marker `name`. */
  script(name: string, at: string): string {
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.writeFileSync(at, `#!/bin/sh\ntouch '${path.join(this.dir, name)}'\ncat >/dev/null 2>&1 || true\nexit 0\n`, { mode: 0o755 });
    return at;
  }

  list(): string[] {
    return fs.readdirSync(this.dir).sort();
  }

  clear(): void {
    for (const f of fs.readdirSync(this.dir)) fs.rmSync(path.join(this.dir, f), { force: true });
  }
}

/** The vectors that plain git (without Handoff's guard) sets off on this repository: proof that the fixture is live. */
export const LIVE_WITH_PLAIN_GIT = [
  'config-filter-clean',
  'config-filter-process',
  'fsmonitor',
  'gpg',
  'hook-post-index-change',
  'include-filter-clean',
  'include-filter-process',
  'includeif-filter-clean',
  'odd-name-filter-clean',
  'ssh',
];

/**
 * A repository on branch `feat` (base `main`) whose config, included config and
 * .gitattributes name a command for every vector, and whose work tree has tracked files
 * modified (git must read them, through the clean filter, to diff them), a deployment
 * note and a migration.
 */
export function hostileRepo(): { repo: TestRepo; markers: Markers } {
  const repo = new TestRepo('hostile');
  const markers = new Markers(path.join(path.dirname(repo.dir), 'markers'));
  const gitDir = path.join(repo.dir, '.git');
  repo.commit('base', {
    'a.txt': 'alpha\n',
    'config/settings.yml': 'feature: 1\nlegacy: 2\n',
    '.env.example': 'A=1\n',
    'src/app.js': 'module.exports = 1;\n',
  });
  repo.checkout('feat', true);
  repo.commit('feature', {
    'db/migrate/20261124093000_drop_legacy.rb': 'class DropLegacy < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :legacy\n  end\nend\n',
    '.handoff/notes/2026-11-24-legacy.md': '---\ntitle: Drop legacy\ncovers:\n  - db/migrate/*.rb\nrisk: low\n---\n## Deploy\n- [ ] Run migrations @ops\n',
  });

  // Hooks: in the default folder, and in a folder named by core.hooksPath (inside the work tree).
  for (const h of ['post-index-change', 'reference-transaction', 'post-checkout']) markers.script(`hooksdir-${h}`, path.join(gitDir, 'hooks', h));
  for (const h of ['post-index-change', 'reference-transaction', 'post-checkout', 'fsmonitor-watchman']) markers.script(`hook-${h}`, path.join(repo.dir, 'hooks', h));
  const gpg = markers.script('gpg', path.join(path.dirname(repo.dir), 'bin', 'gpg'));
  const askpass = markers.script('askpass', path.join(path.dirname(repo.dir), 'bin', 'askpass'));

  // An included file (in the work tree, as an attacker would ship it) and a conditional include.
  repo.write({
    'evil.cfg': `[filter "inc"]\n\tclean = ${q(markers.cmd('include-filter-clean'))}\n\tsmudge = ${q(markers.cmd('include-filter-smudge'))}\n[filter "incproc"]\n\tprocess = ${q(markers.cmd('include-filter-process'))}\n`,
    'evil-if.cfg': `[filter "incif"]\n\tclean = ${q(markers.cmd('includeif-filter-clean'))}\n`,
  });
  const config: [string, string][] = [
    ['core.hooksPath', path.join(repo.dir, 'hooks')],
    ['include.path', path.join(repo.dir, 'evil.cfg')],
    [`includeIf.gitdir:${gitDir}.path`, path.join(repo.dir, 'evil-if.cfg')],
    ['filter.direct.clean', markers.cmd('config-filter-clean')],
    ['filter.direct.required', 'true'],
    ['filter.proc.process', markers.cmd('config-filter-process')],
    ['filter.we=ird.x.clean', markers.cmd('odd-name-filter-clean')],
    ['core.fsmonitor', markers.cmd('fsmonitor')],
    ['diff.external', markers.cmd('diff-external')],
    ['diff.evil.command', markers.cmd('attr-diff-command')],
    ['diff.evil.textconv', markers.cmd('attr-textconv')],
    ['core.pager', markers.cmd('pager')],
    ['pager.diff', markers.cmd('pager')],
    ['log.showSignature', 'true'],
    ['gpg.program', gpg],
    ['core.askPass', askpass],
    // A partial clone whose lazy fetch of a missing object would run core.sshCommand.
    ['core.repositoryformatversion', '1'],
    ['extensions.partialClone', 'origin'],
    ['remote.origin.url', 'ssh://example.invalid/repo.git'],
    ['remote.origin.promisor', 'true'],
    ['core.sshCommand', markers.cmd('ssh')],
    ['protocol.ssh.allow', 'always'],
  ];
  const cfgFile = path.join(gitDir, 'config');
  for (const [k, v] of config) execFileSync('git', ['config', '--file', cfgFile, k, v]);
  // Attributes naming those drivers, committed (so that review mode sees them too) and in the work tree.
  const attrs = ['a.txt filter=inc diff=evil', '*.yml filter=direct diff=evil', '*.example filter=proc', '*.js filter=incif', '*.rb filter=incproc diff=evil', '*.md filter=we=ird.x', ''].join('\n');
  fs.writeFileSync(path.join(repo.dir, '.gitattributes'), attrs);
  // Committed with every vector off, so that setting the repository up runs nothing.
  safeGit(repo, 'add', '.gitattributes');
  safeGit(repo, 'commit', '-q', '--no-verify', '-m', 'attributes');
  // A commit that carries a signature: showing it with log.showSignature runs gpg.program.
  const tree = safeGit(repo, 'rev-parse', 'HEAD^{tree}').trim();
  const parent = safeGit(repo, 'rev-parse', 'HEAD').trim();
  const who = 'Handoff Test <test@handoff.local> 1764000000 +0000';
  const signed = `tree ${tree}\nparent ${parent}\nauthor ${who}\ncommitter ${who}\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n`;
  const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo.dir, input: signed, encoding: 'utf8' }).trim();
  safeGit(repo, 'update-ref', 'refs/heads/feat', sha);
  safeGit(repo, 'tag', 'v1.0.0', 'main');
  // Work in progress: tracked files modified (git must read and clean them to diff them).
  repo.write({
    'a.txt': 'alpha 2\n',
    'config/settings.yml': 'feature: 1\n',
    '.env.example': 'A=1\nB=2\n',
    'src/app.js': 'module.exports = process.env.NEW_SECRET;\n',
    'db/migrate/20261124093000_drop_legacy.rb': 'class DropLegacy < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :accounts, :legacy\n    remove_column :accounts, :old\n  end\nend\n',
    '.handoff/notes/2026-11-24-legacy.md': '---\ntitle: Drop legacy columns\ncovers:\n  - db/migrate/*.rb\nrisk: low\n---\n## Deploy\n- [ ] Run migrations @ops\n',
  });
  markers.clear();
  return { repo, markers };
}

/** Runs git in the repository with every vector off (to set it up). */
export function safeGit(repo: TestRepo, ...args: string[]): string {
  const off = ['inc', 'incproc', 'incif', 'direct', 'proc', 'we=ird.x'].flatMap((n) => [`filter.${n}.clean`, `filter.${n}.smudge`, `filter.${n}.process`]);
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: String(off.length + 1) };
  off.forEach((k, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = '';
  });
  env[`GIT_CONFIG_KEY_${off.length}`] = 'filter.direct.required';
  env[`GIT_CONFIG_VALUE_${off.length}`] = 'false';
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'log.showSignature=false', ...args], { cwd: repo.dir, encoding: 'utf8', env });
}

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
