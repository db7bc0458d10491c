import type { Report } from '../types';
import { renderGithub } from './github';
import { renderGitlab } from './gitlab';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import type { Locale } from './messages';
import { renderSarif } from './sarif';
import { renderText } from './text';

export type CheckFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'github' | 'gitlab';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'markdown', 'sarif', 'github', 'gitlab'];

export interface RenderOptions {
  /** Colour the text format (a TTY without NO_COLOR). */
  color?: boolean;
  /** Language of the human formats (text, markdown, github); default English. */
  locale?: Locale;
  /**
   * Markdown: the URL of the head commit's tree, to which `path#Lnn` is appended to link
   * findings (e.g. `https://github.com/o/r/blob/<sha>`). No links when absent.
   */
  blobUrl?: string;
  /** GitHub annotations: the repository's folder relative to the workspace, when it is not the workspace itself. */
  pathPrefix?: string;
  /**
   * GitHub: at most this many annotations per level (error, warning, notice) — GitHub drops the rest
   * of a step's — with one notice saying how many more the report (job summary) holds.
   */
  maxAnnotationsPerLevel?: number;
  /** GitHub: the token that pauses workflow commands around the log copy of the report (random when absent). */
  stopToken?: string;
}

/** Renders a check report in one of the CLI's formats. */
export function renderReport(report: Report, format: CheckFormat, opts: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'text':
      return renderText(report, opts);
    case 'markdown':
      return renderMarkdown(report, opts);
    case 'sarif':
      return renderSarif(report);
    case 'github':
      return renderGithub(report, opts);
    case 'gitlab':
      return renderGitlab(report);
  }
}

export { renderGithub, escapeData, escapeProperty, githubSummaryLine } from './github';
export { renderGitlab, toGitlab, type GitlabIssue } from './gitlab';
export { renderJson, toContract, publicImpact } from './json';
export { renderMarkdown, MARKDOWN_MARKER } from './markdown';
export { renderSarif, toSarif, sarifUri, SARIF_SCHEMA } from './sarif';
export { renderText } from './text';
export { ciRules, impactState, UNCOVERED_RULE } from './common';
export { localeFromEnv, messages, type Locale } from './messages';
export { htmlText, mdBlock, mdCode, mdInline, neutralizeCiCommands, safeJson, safeUrl, terminalText } from './escape';
