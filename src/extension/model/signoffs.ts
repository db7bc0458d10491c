import * as vscode from 'vscode';
import { blobIds, defaultConfig, isStale, SignOffStore, signOffsOf, type SignOff } from '../../core';
import { gitRunner } from '../git/runner';
import { Disposable } from '../util/dispose';
import type { HandoffModel } from './handoffModel';
import type { RepositoryModel } from './repositoryModel';

/** A sign-off as the views show it: with whether the code it covered changed since. */
export interface ShownSignOff extends SignOff {
  stale: boolean;
}

const ENV_KEY = 'handoff.signOffEnvironment';

/**
 * Sign-offs of checklist items per environment, kept in the clone's local store
 * (`.git/handoff/signoffs.json`, see core/notes/signoff.ts) so that a reviewer ticks a pull
 * request's items without checking it out. The current environment (the one a checkbox
 * ticks) is remembered per workspace.
 */
export class SignOffs extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private readonly stores = new Map<string, Promise<SignOffStore>>();

  constructor(
    private readonly model: HandoffModel,
    private readonly state: vscode.Memento,
  ) {
    super();
  }

  /** The environments of a repository: `.handoff/config.yaml` `environments`, default [production]. */
  environments(repo: RepositoryModel): string[] {
    const envs = repo.config?.environments;
    return envs?.length ? envs : defaultConfig().environments;
  }

  /** The environment checkboxes tick: the chosen one if the repository has it, else its first. */
  current(repo: RepositoryModel): string {
    const envs = this.environments(repo);
    const chosen = this.state.get<string>(ENV_KEY);
    return chosen && envs.includes(chosen) ? chosen : envs[0];
  }

  async setCurrent(environment: string): Promise<void> {
    await this.state.update(ENV_KEY, environment);
    this._onDidChange.fire();
  }

  /** Environments known across repositories, in their configured order. */
  allEnvironments(): string[] {
    const out: string[] = [];
    for (const r of this.model.repositories) for (const e of this.environments(r)) if (!out.includes(e)) out.push(e);
    return out.length ? out : defaultConfig().environments;
  }

  store(repo: RepositoryModel): Promise<SignOffStore> {
    let s = this.stores.get(repo.root);
    if (!s) {
      s = SignOffStore.open(gitRunner(repo));
      s.catch(() => this.stores.delete(repo.root));
      this.stores.set(repo.root, s);
    }
    return s;
  }

  /** The paths a note covers in the current range (its covered impacts). */
  coveredPaths(repo: RepositoryModel, notePath: string): string[] {
    return (repo.report?.impacts ?? []).filter((i) => i.coveredBy.includes(notePath)).map((i) => i.path).sort();
  }

  /** The sign-offs of a note, each marked stale when a file it covered differs at the range's head now. */
  async forNote(repo: RepositoryModel, notePath: string): Promise<ShownSignOff[]> {
    const list = await (await this.store(repo)).forNote(notePath);
    if (!list.length) return [];
    const paths = [...new Set(list.flatMap((s) => Object.keys(s.covered)))];
    const current = await blobIds(gitRunner(repo), repo.headRev, paths).catch(() => ({}) as Record<string, string | null>);
    return list.map((s) => ({ ...s, stale: isStale(s, current) }));
  }

  /** The sign-offs of one item, in environment order. */
  ofItem(repo: RepositoryModel, all: readonly ShownSignOff[], notePath: string, itemText: string): ShownSignOff[] {
    return signOffsOf(all, notePath, itemText, this.environments(repo)) as ShownSignOff[];
  }

  /** Records or removes the sign-off of an item for an environment, with the covered files' current blobs. */
  async set(repo: RepositoryModel, notePath: string, itemText: string, environment: string, done: boolean): Promise<SignOff | undefined> {
    const report = repo.report;
    const paths = this.coveredPaths(repo, notePath);
    const covered = done ? await blobIds(gitRunner(repo), repo.headRev, paths) : {};
    const result = await (await this.store(repo)).set({ note: notePath, item: itemText, environment, head: report?.range.headSha ?? '', covered }, done);
    this._onDidChange.fire();
    return result;
  }
}

/** "staging ✓ Ada · production" — one item's sign-off state per environment, short. */
export function signOffSummary(envs: readonly string[], signoffs: readonly ShownSignOff[], fileDone: boolean): string {
  return envs
    .map((e) => {
      const s = signoffs.find((x) => x.environment === e);
      if (s) return `${e} ${s.stale ? '⚠' : '✓'}`;
      return fileDone ? `${e} ✓` : e;
    })
    .join(' · ');
}

/** A Markdown description of an item's sign-offs: environment, who, when, stale or not. */
export function signOffMarkdown(envs: readonly string[], signoffs: readonly ShownSignOff[], fileDone: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  for (const e of envs) {
    const s = signoffs.find((x) => x.environment === e);
    if (s) {
      const when = new Date(s.at).toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
      md.appendMarkdown(`- **${e}**: ${vscode.l10n.t('signed off by {0}, {1}', s.by, when)}`);
      if (s.stale) md.appendMarkdown(` — ⚠ ${vscode.l10n.t('stale: the code it covers changed after the sign-off')}`);
      md.appendMarkdown('\n');
    } else {
      md.appendMarkdown(`- **${e}**: ${fileDone ? vscode.l10n.t('done in the note') : vscode.l10n.t('not signed off')}\n`);
    }
  }
  md.appendMarkdown(`\n${vscode.l10n.t('Sign-offs are kept in this clone only (.git/handoff/signoffs.json).')}`);
  return md;
}
