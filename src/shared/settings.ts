/**
 * The `handoff.*` settings as typed values: the extension reads them in one place
 * (`src/extension/config.ts`) and hands plain values on. Types and constants only.
 */

export const SETTINGS_SECTION = 'handoff';

/** How much Handoff prompts while coding (see `handoff.prompting` in package.json). */
export type PromptingLevel = 'off' | 'quiet' | 'normal';
export const PROMPTING_LEVELS: readonly PromptingLevel[] = ['off', 'quiet', 'normal'];

export interface HandoffSettings {
  /** Base branch of working mode; null lets `.handoff/config.yaml` or detection decide. */
  baseBranch: string | null;
  prompting: PromptingLevel;
  /** The user's roles: the Checklist shows their items (and unassigned ones); empty shows all. */
  roles: string[];
  /** Globs of paths never analysed, added to the repository's own ignores. */
  ignore: string[];
  /** Files larger than this (KiB) are not content-analysed; null keeps the repository's limit. */
  maxFileSizeKb: number | null;
}

export const DEFAULT_SETTINGS: HandoffSettings = {
  baseBranch: null,
  prompting: 'normal',
  roles: [],
  ignore: [],
  maxFileSizeKb: null,
};

/** Settings whose change means every analysis must be re-opened (the range or its inputs moved). */
export const SETTINGS_REQUIRING_RELOAD: readonly (keyof HandoffSettings)[] = ['baseBranch', 'ignore', 'maxFileSizeKb'];

/** The configuration key of each setting, below `handoff.`. */
export const SETTING_KEYS: Record<keyof HandoffSettings, string> = {
  baseBranch: 'baseBranch',
  prompting: 'prompting',
  roles: 'roles',
  ignore: 'ignore',
  maxFileSizeKb: 'maxFileSize',
};
