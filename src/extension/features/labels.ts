import * as vscode from 'vscode';
import type { Category, Impact, Severity } from '../../core';

/** Localized names of the engine's categories (the engine's vocabulary stays English in data). */
export function categoryLabel(c: Category): string {
  switch (c) {
    case 'migration':
      return vscode.l10n.t('Migrations');
    case 'config':
      return vscode.l10n.t('Configuration');
    case 'env':
      return vscode.l10n.t('Environment variables');
    case 'infrastructure':
      return vscode.l10n.t('Infrastructure');
    case 'dependency':
      return vscode.l10n.t('Dependencies');
    case 'ci':
      return vscode.l10n.t('CI');
    case 'api':
      return vscode.l10n.t('API schemas');
    case 'feature-flag':
      return vscode.l10n.t('Feature flags');
    case 'custom':
      return vscode.l10n.t('Other');
  }
}

export function categoryIcon(c: Category): string {
  switch (c) {
    case 'migration':
      return 'database';
    case 'config':
      return 'settings-gear';
    case 'env':
      return 'symbol-variable';
    case 'infrastructure':
      return 'server-environment';
    case 'dependency':
      return 'package';
    case 'ci':
      return 'workflow';
    case 'api':
      return 'symbol-interface';
    case 'feature-flag':
      return 'flag';
    case 'custom':
      return 'symbol-misc';
  }
}

export function severityLabel(s: Severity): string {
  switch (s) {
    case 'info':
      return vscode.l10n.t('info');
    case 'warning':
      return vscode.l10n.t('warning');
    case 'critical':
      return vscode.l10n.t('critical');
  }
}

/** Covered (by a note of the range), uncovered (needs one) or informational. */
export type CoverState = 'covered' | 'uncovered' | 'info';

export function coverState(i: Impact): CoverState {
  if (!i.requiresNote) return i.coveredBy.length ? 'covered' : 'info';
  return i.coveredBy.length ? 'covered' : 'uncovered';
}

export function coverIcon(state: CoverState): vscode.ThemeIcon {
  switch (state) {
    case 'covered':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'uncovered':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'info':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('descriptionForeground'));
  }
}
