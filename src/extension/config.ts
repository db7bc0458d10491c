import * as vscode from 'vscode';
import {
  DEFAULT_SETTINGS,
  PROMPTING_LEVELS,
  SETTING_KEYS,
  SETTINGS_REQUIRING_RELOAD,
  SETTINGS_SECTION,
  type HandoffSettings,
  type PromptingLevel,
} from '../shared/settings';
import { Disposable } from './util/dispose';

export interface ConfigChange {
  /** The settings that changed. */
  keys: (keyof HandoffSettings)[];
  /** True when analyses must be re-opened. */
  needsReload: boolean;
}

/**
 * The one typed reader of `handoff.*`. Values are read fresh from VS Code (it caches),
 * validated, and normalised; a change fires once with the keys that changed. They are first
 * read on first use or right after activation returns, not within it (issue 17: VS Code's
 * first `getConfiguration` of an extension was a third of what `activate` cost).
 */
export class Config extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<ConfigChange>());
  readonly onDidChange = this._onDidChange.event;
  private current: HandoffSettings | null = null;

  constructor() {
    super();
    const first = setTimeout(() => this.last, 0);
    this._register({ dispose: () => clearTimeout(first) });
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Not read yet: nobody holds a value that could be out of date; the first use reads the new ones.
        if (!this.current || !e.affectsConfiguration(SETTINGS_SECTION)) return;
        const next = this.read();
        const keys = (Object.keys(next) as (keyof HandoffSettings)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(this.last[k]));
        this.current = next;
        if (keys.length) this._onDidChange.fire({ keys, needsReload: keys.some((k) => SETTINGS_REQUIRING_RELOAD.includes(k)) });
      }),
    );
  }

  private read(): HandoffSettings {
    const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const base = cfg.get<unknown>(SETTING_KEYS.baseBranch);
    const prompting = cfg.get<unknown>(SETTING_KEYS.prompting);
    const size = cfg.get<unknown>(SETTING_KEYS.maxFileSizeKb);
    return {
      baseBranch: typeof base === 'string' && base.trim() ? base.trim() : DEFAULT_SETTINGS.baseBranch,
      prompting: PROMPTING_LEVELS.includes(prompting as PromptingLevel) ? (prompting as PromptingLevel) : DEFAULT_SETTINGS.prompting,
      roles: stringList(cfg.get<unknown>(SETTING_KEYS.roles)).map((r) => r.replace(/^@/, '')),
      ignore: stringList(cfg.get<unknown>(SETTING_KEYS.ignore)),
      maxFileSizeKb: typeof size === 'number' && Number.isFinite(size) && size > 0 ? Math.floor(size) : DEFAULT_SETTINGS.maxFileSizeKb,
    };
  }

  private get last(): HandoffSettings {
    return (this.current ??= this.read());
  }

  get settings(): Readonly<HandoffSettings> {
    return this.last;
  }
  get baseBranch(): string | null {
    return this.last.baseBranch;
  }
  get prompting(): PromptingLevel {
    return this.last.prompting;
  }
  get roles(): string[] {
    return this.last.roles;
  }
  get ignore(): string[] {
    return this.last.ignore;
  }
  /** The size limit in bytes, or undefined for the repository's own. */
  get maxFileBytes(): number | undefined {
    return this.last.maxFileSizeKb === null ? undefined : this.last.maxFileSizeKb * 1024;
  }
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}
