import type { Report } from '../types';
import { renderJson } from './json';
import { renderText } from './text';

export type CheckFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'github' | 'gitlab';
export const CHECK_FORMATS: CheckFormat[] = ['text', 'json', 'markdown', 'sarif', 'github', 'gitlab'];

export interface RenderOptions {
  /** Colour the text format (a TTY). */
  color?: boolean;
}

/** Renders a check report in one of the CLI's formats. */
export function renderReport(report: Report, format: CheckFormat, opts: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'text':
      return renderText(report, opts);
    default:
      return renderJson(report);
  }
}
