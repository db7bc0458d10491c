/**
 * The languages of everything the user reads (finding messages, drafted notes, change
 * logs, CLI text). One locale is chosen per run: the editor's display language, or
 * `--lang`, `HANDOFF_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`, `LANGUAGE` in the CLI.
 */
export type Locale = 'en' | 'zh-cn';
export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** A locale from a language tag (`zh-CN`, `zh_CN.UTF-8`, `zh-Hans`, `en-US`, …): Simplified Chinese or English. */
export function parseLocale(tag: string | undefined | null): Locale {
  const v = (tag ?? '').trim();
  return /^zh(?:$|[_.@-])/i.test(v) && !/^zh[_-](tw|hk|mo|hant)/i.test(v) ? 'zh-cn' : 'en';
}

/** The locale from the usual environment variables (HANDOFF_LANG, LC_ALL, LC_MESSAGES, LANG, LANGUAGE). */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  return parseLocale(env.HANDOFF_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE || '');
}

/** Text in every locale; `pick` chooses one. */
export type Localized = Record<Locale, string>;

export function L(en: string, zh: string): Localized {
  return { en, 'zh-cn': zh };
}

export function pick(text: Localized, locale: Locale): string {
  return text[locale] ?? text.en;
}
