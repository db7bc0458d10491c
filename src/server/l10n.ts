import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as l10n from '@vscode/l10n';
import { parseLocale, type Locale } from '../core';
import type { ServerInitializationOptions } from '../shared/protocol';

let locale: Locale = 'en';

/** The display language the client passed (English or Simplified Chinese): drafted items and finding messages follow it. */
export function serverLocale(): Locale {
  return locale;
}

/**
 * Loads the server's message bundle before the first `l10n.t` call. The client passes
 * the bundle's URI (the one VS Code picked for the display language, under
 * `l10n/server`); without one, `language` picks `l10n/server/bundle.l10n.<language>.json`
 * beside the bundled server. English needs no bundle. A missing or broken bundle is
 * logged and leaves the English strings.
 */
export async function configureL10n(opts: ServerInitializationOptions | undefined, bundleDir: string, log: (msg: string) => void): Promise<void> {
  let uri = opts?.l10nUri;
  const language = opts?.language?.toLowerCase();
  locale = parseLocale(language);
  if (!uri && language && language !== 'en' && !language.startsWith('en-')) {
    const file = path.join(bundleDir, `bundle.l10n.${language}.json`);
    if (fs.existsSync(file)) uri = pathToFileURL(file).toString();
  }
  if (!uri) return;
  try {
    await l10n.config({ uri });
    log(`[l10n] loaded ${uri}`);
  } catch (e) {
    log(`[l10n] could not load ${uri}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
