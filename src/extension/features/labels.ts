import * as vscode from 'vscode';
import { CATEGORY_EN, CATEGORY_ZH, type Category, type Impact, type Severity } from '../../core';
import { displayLocale } from '../util/locale';

/** Localized names of the engine's categories: the same words the reports and the change log use (core/l10n/categories). */
export function categoryLabel(c: Category): string {
  return (displayLocale() === 'zh-cn' ? CATEGORY_ZH : CATEGORY_EN)[c];
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

/** The row icon of an impact: covered, else its severity (critical, warning and info differ). */
export function impactIcon(i: Impact): vscode.ThemeIcon {
  if (coverState(i) === 'covered') return coverIcon('covered');
  switch (i.severity) {
    case 'critical':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'info':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('descriptionForeground'));
  }
}

const labelCache = new WeakMap<object, Map<string, string>>();

/**
 * Row labels with just enough of each path to tell it from the others: `up.sql` alone
 * when it is the only one, `2024-01-01-foo/up.sql` beside `2024-02-02-bar/up.sql`.
 */
export function uniqueLabels(paths: readonly string[], owner?: object): Map<string, string> {
  const cached = owner && labelCache.get(owner);
  if (cached) return cached;
  const parts = new Map(paths.map((p) => [p, p.split('/')]));
  const depth = new Map(paths.map((p) => [p, 1]));
  const label = (p: string) => parts.get(p)!.slice(-depth.get(p)!).join('/');
  for (let round = 0; round < 64; round++) {
    const byLabel = new Map<string, string[]>();
    for (const p of paths) byLabel.set(label(p), [...(byLabel.get(label(p)) ?? []), p]);
    let grew = false;
    for (const same of byLabel.values()) {
      if (same.length < 2) continue;
      for (const p of same) {
        if (depth.get(p)! < parts.get(p)!.length) {
          depth.set(p, depth.get(p)! + 1);
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  const out = new Map(paths.map((p) => [p, label(p)]));
  if (owner) labelCache.set(owner, out);
  return out;
}
