import * as vscode from 'vscode';
import { parseLocale, type Locale } from '../../core';

/** The editor's display language as a Handoff locale: finding messages, titles, drafted text and engine errors follow it. */
export function displayLocale(): Locale {
  return parseLocale(vscode.env.language);
}
