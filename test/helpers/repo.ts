import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A real git repository in a temporary folder, for tests. Every call runs real git.
 * `dispose()` removes it (tests call it in `after`/`t.after`).
 */
export class TestRepo {
  readonly dir: string;

  constructor(name = 'repo') {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-test-'));
    this.dir = path.join(parent, name);
    fs.mkdirSync(this.dir, { recursive: true });
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@handoff.local');
    this.git('config', 'user.name', 'Handoff Test');
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'core.autocrlf', 'false');
  }

  /** Runs git in the repository and returns stdout (throws on failure). */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }

  /** Writes files (creating folders); a Buffer is written as is. */
  write(files: Record<string, string | Buffer>): this {
    for (const [rel, content] of Object.entries(files)) {
      const abs = path.join(this.dir, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
    return this;
  }

  read(rel: string): string {
    return fs.readFileSync(path.join(this.dir, rel), 'utf8');
  }

  remove(...rels: string[]): this {
    for (const rel of rels) fs.rmSync(path.join(this.dir, rel), { force: true, recursive: true });
    return this;
  }

  /** Stages everything and commits; returns the new commit's sha. */
  commit(message = 'change', files?: Record<string, string | Buffer>): string {
    if (files) this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  checkout(branch: string, create = false): this {
    if (create) this.git('checkout', '-q', '-b', branch);
    else this.git('checkout', '-q', branch);
    return this;
  }

  dispose(): void {
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Runs the built CLI (dist/cli.js) and returns its exit code and output. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { code: number; stdout: string; stderr: string } {
  const cli = path.resolve(__dirname, '../../dist/cli.js');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
