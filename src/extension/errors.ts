import * as vscode from 'vscode';
import { isEngineError, localizeError } from '../core';
import { displayLocale } from './util/locale';
import type { Log } from './log';

/**
 * An expected situation told to the user in its own words (review mode, no note to add
 * to, nothing open): shown as it is, never as an unexpected error.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** A plain-words message for an error: expected situations as they are, engine errors by code, anything else as "unexpected". */
export function describeError(e: unknown): string {
  if (e instanceof UserError) return e.message;
  if (isEngineError(e)) {
    // The engine's detail in the display language (its own rows; git's words stay as they are).
    const detail = localizeError(e.message, displayLocale());
    switch (e.code) {
      case 'not-a-repository':
        return vscode.l10n.t('Handoff needs a git repository: {0}', detail);
      case 'unknown-ref':
        return vscode.l10n.t('Handoff could not find a git reference: {0}', detail);
      case 'shallow-clone':
        return vscode.l10n.t('This clone is shallow and lacks the history Handoff compares: {0}', detail);
      case 'no-base':
        return vscode.l10n.t('Handoff could not tell which branch to compare with. Set "handoff.baseBranch" or "base" in .handoff/config.yaml.');
      case 'git-missing':
        return vscode.l10n.t('Handoff could not run git. Install git and make sure it is on PATH.');
      case 'git-failed':
        return vscode.l10n.t('git failed: {0}', detail);
      case 'bad-config':
        return vscode.l10n.t('.handoff/config.yaml has an error: {0}', detail);
      case 'bad-note':
        return vscode.l10n.t('A deployment note has an error: {0}', detail);
      case 'bad-usage':
        return detail;
      case 'io':
        return vscode.l10n.t('Handoff could not read or write a file: {0}', detail);
    }
  }
  return vscode.l10n.t('Handoff hit an unexpected error: {0}', e instanceof Error ? e.message : String(e));
}

/**
 * Shows errors to the user in plain words, each distinct message once per session
 * (a failing analysis that retries on every save must not become a stream of pop-ups),
 * always with "Show Log"; the full error goes to the log.
 */
export class ErrorReporter {
  private readonly shown = new Set<string>();

  constructor(private readonly log: Log) {}

  /** `always`: a command the user just ran reports its failure even if it was seen before. */
  report(e: unknown, context?: string, opts: { always?: boolean } = {}): void {
    const message = describeError(e);
    const detail = e instanceof Error ? (isEngineError(e) ? e.message : e.stack ?? e.message) : String(e);
    this.log.channel.error(`[${context ?? 'error'}] ${detail}`);
    if (this.shown.has(message) && !opts.always) return;
    this.shown.add(message);
    const showLog = vscode.l10n.t('Show Log');
    // Not awaited: a notification stays until dismissed and must not block the caller.
    void vscode.window.showErrorMessage(message, showLog).then((pick) => (pick === showLog ? this.log.show() : undefined));
  }

  /** Lets a message show again (after the user fixed the cause and it came back). */
  forget(e: unknown): void {
    this.shown.delete(describeError(e));
  }
}
