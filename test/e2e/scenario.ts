// What an e2e scenario is, and the helpers scenarios share. scripts/ui-e2e.mjs gives each
// scenario a fresh demo repository, a fresh code-server with the packaged .vsix installed,
// and a fresh Chromium page on that workspace.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import type { Workbench } from './workbench';
import { CATEGORY_EN } from '../../src/core/l10n/categories';

export interface ScenarioContext {
  wb: Workbench;
  page: Page;
  /** Absolute path of the demo repository opened as the workspace. */
  workspace: string;
  /** Prints a step, indented under the scenario's name. */
  step(text: string): void;
}

export interface Scenario {
  name: string;
  /** Who does what, in one line (printed with the result). */
  title: string;
  /** Branch checked out in the demo repository when VS Code opens it. */
  checkout: 'main' | 'feature/billing';
  /** VS Code display language, e.g. 'zh-cn'. */
  locale?: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export const ROOT = path.resolve(__dirname, '..', '..');
export const STATUS_ID = 'handoff.status';

/** Category → the Impact view's English label for it (the core's words: the view shows the same). */
export const CATEGORY_LABELS: Record<string, string> = CATEGORY_EN;

export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

export interface CliImpact {
  id: string;
  path: string;
  category: string;
  requiresNote: boolean;
  coveredBy: string[];
  title: string;
}

export interface CliNote {
  path: string;
  title: string;
  items: { text: string; done: boolean; line: number; role: string | null }[];
}

export interface CliReport {
  impacts: CliImpact[];
  notes: CliNote[];
  summary: { uncovered: number; impacts: number };
}

/**
 * The engine's own answer for a range, from the built CLI (`handoff check --format json`): what
 * the UI must show. `head` undefined = working mode.
 */
export function cliReport(repo: string, base: string, head?: string): CliReport {
  const args = [path.join(ROOT, 'dist', 'cli.js'), 'check', '--repo', repo, '--base', base, '--format', 'json', '--fail-on', 'none'];
  if (head) args.push('--head', head);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`handoff check failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliReport;
}

/** The YAML front matter of a note file. */
export function frontMatter(text: string): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!m) throw new Error('the note has no front matter');
  return (parseYaml(m[1]) ?? {}) as Record<string, unknown>;
}

/** Note files (repository-relative) in .handoff/notes. */
export function noteFiles(repo: string): string[] {
  const dir = path.join(repo, '.handoff', 'notes');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => `.handoff/notes/${f}`).sort() : [];
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
