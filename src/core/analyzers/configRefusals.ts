/**
 * A setting the program now requires or refuses at start-up (issue 11, config actions). Code that
 * validates the operator's configuration stops the program with a message naming the setting; a
 * release that adds such a stop makes a deployed configuration that used to start fail until the
 * operator acts. The same shape in every ecosystem — a raise / throw / panic / error return added
 * with a message that names a configuration setting (a `--flag`, "config", "option", "setting") and
 * says it is required or no longer accepted:
 *
 *   Go      `return fmt.Errorf("--%s must be set for security purposes", RepoWhitelistFlag)`
 *   TS      `throw new ConfigError("bridge.pantalaimon", "Pantalaimon support has been removed. … use the `x` config option")`
 *   Java    `throw new IllegalArgumentException("The option graph.vehicles is no longer supported. …")`
 *   C++     `throw ApiException("Config Option \"api-config-dir\" must be set")`
 *   Python  `raise ValueError("'host' option must be configured …")`
 *   C#      `throw new InvalidConfigurationException("A certificate is required unless insecure mode (--insecure) is set.")`
 *
 * A requirement that only holds for a feature being switched on (`… when encryption is enabled`),
 * a request's or a command's argument (`query parameter`, `argument`), test and front-end code,
 * and a message that names no setting are none. Read through core/lex tokens: one pass per file.
 */
import { languageOfPath, lex, type Token } from '../lex';
import type { Change, Finding } from '../types';
import { addedLineNumbers } from './analyzer';
import { isOperatorCode } from './cliOptions';
import { memoByPath } from '../util/memoByPath';

/** Identifiers that stop the program with a message (a raise, a throw, a panic, an error returned or logged fatally). */
const STOP = /^(?:raise|throw|panic|bail|die|croak|confess|abort|Fatal|Fatalf|Fatalln|Panicf|Errorf|exit_with_error)$/;
/** Error types that say the configuration is wrong (`ConfigError`, `InvalidConfigurationException`, `ConfigException`). */
const CONFIG_ERROR = /config(?:uration)?\w*(?:error|exception)$/i;
/** A message that names a setting: a command-line flag, or the words config / configuration / option / setting. */
const NAMES_SETTING = /(?:^|[\s'"`(])--(?:[a-z][a-z0-9-]*|%s|\{\})|\b(?:config|configuration|option|setting)s?\b/i;
/** What the message says of the setting: required, or no longer accepted. */
const REQUIRED = /\bmust be (?:set|specified|provided|configured|defined|given|non-empty)\b|\bmust not be empty\b|\b(?:is|are) (?:now )?(?:required|mandatory)\b/i;
const REFUSED = /\bno longer (?:supported|accepted|allowed|available|valid)\b|\bnot supported any ?more\b|\b(?:has|have) been (?:removed|renamed|dropped)\b|\bwas (?:removed|renamed|dropped)\b/i;
/** A requirement of a feature being switched on, or of a request's or command's arguments: not every deployment's. */
const CONDITIONAL = /\b(?:when|if|once|while)\b[^.]*\b(?:enabled|used|set|on|configured|active)\b|\b(?:when|if|while) (?:using|running|enabling)\b|\bto (?:enable|use)\b|\b(?:query|request|path|url|form) (?:parameter|param|field)s?\b|\bargument\b|\bsubcommand\b/i;
/** Front-end folders: their "options" are screens, their throws the browser's. */
const FRONT_END_DIR = /^(?:web|ui|frontend|front-end|client|www|static|public|assets|components|views|pages|javascript|vendor|third_party|node_modules)$/i;
/** Request-handler folders: their "option is required" is a request's (a poll's options, a user's settings), not the operator's. */
const HANDLER_DIR = /^(?:routes?|handlers?|controllers?|api|endpoints?|resolvers?)$/i;
/** HTTP / validation error types and status codes: a request refused, not a start-up. */
const REQUEST_ERROR = /^(?:BadRequest\w*|\w*Http\w*(?:Error|Exception)|HTTPException|\w*Validation\w*(?:Error|Exception)|Unprocessable\w*|Status[A-Z]\w*|NotFound\w*|Forbidden\w*|Unauthorized\w*)$/;
const STATUS_CODE = /^(?:400|401|403|404|409|422)$/;
/** A settings module: the file that reads the configuration (`config.go`, `src/config/Config.ts`, `Conf.pm`, `settings.py`). */
const SETTINGS_MODULE = /(?:^|[/._-])(?:conf|config|configuration|settings|options|cfg)(?:[/._-]|s?\.[a-z]+$)/i;
/** A message that names the configuration itself: a flag, the word config, a dotted or quoted key, an env name. */
const NAMES_CONFIG = /(?:^|[\s'"`(])--(?:[a-z][a-z0-9-]*|%s|\{\})|\bconfig(?:uration)?s?\b|\b[a-z_][\w-]*\.[a-z_][\w.-]*|['"`][\w.-]+['"`]|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/;
const MAX_MESSAGE = 400;
const MAX_FINDINGS = 5;

export interface Refusal {
  message: string;
  line: number;
  required: boolean;
}

/** Whether `path` is server code whose start-up checks an operator meets (not tests, tools, front-end or vendored code); kept by path (issue 17). */
export const mayRefuseSettings: (path: string) => boolean = memoByPath(mayRefuseSettingsUncached);

function mayRefuseSettingsUncached(path: string): boolean {
  if (!languageOfPath(path) || !isOperatorCode(path)) return false;
  const segs = path.split('/');
  for (let i = 0; i < segs.length - 1; i++) if (FRONT_END_DIR.test(segs[i]) || HANDLER_DIR.test(segs[i])) return false;
  return !/\.min\.[cm]?js$/i.test(path);
}

/** A cheap test of the added lines: one that may stop the program with a message naming a setting. */
export function addsRefusalHint(change: Change): boolean {
  for (const h of change.hunks) for (const l of h.added) if (l.length < 2000 && (REQUIRED.test(l) || REFUSED.test(l)) && NAMES_SETTING.test(l)) return true;
  return false;
}

/** The start-up refusals `newText` adds on the change's added lines (see the file comment). */
export function addedRefusals(change: Change, newText: string): Refusal[] {
  const language = languageOfPath(change.path);
  if (!language || change.status === 'deleted') return [];
  const added = addedLineNumbers(change);
  const T: Token[] = [];
  for (const t of lex(language, newText)) if (t.kind !== 'comment') T.push(t);
  const settingsModule = SETTINGS_MODULE.test(change.path);
  const out: Refusal[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < T.length && out.length < MAX_FINDINGS; k++) {
    const t = T[k];
    const errorsNew = t.value === 'New' && k >= 2 && T[k - 1].text === '.' && T[k - 2].value === 'errors';
    if (t.kind !== 'ident' || !(STOP.test(t.value) || CONFIG_ERROR.test(t.value) || errorsNew) || !added.has(t.line)) continue;
    // The message: the added strings of the call (up to its closing parenthesis, or the end of the
    // line holding a message where none opened: Perl's `die sprintf\n "…"`) — never the next
    // statement's in languages without `;`.
    let message = '';
    let depth = 0;
    let opened = false;
    let request = false;
    let configType = CONFIG_ERROR.test(t.value);
    for (let j = k + 1; j < T.length && j < k + 60 && T[j].line <= t.line + 4; j++) {
      const s = T[j];
      if (s.kind === 'punct' && s.text === ';') break;
      if (depth === 0 && message && s.line !== T[j - 1].line) break;
      if (s.kind === 'punct' && (s.text === '(' || s.text === '[' || s.text === '{')) { depth++; opened = true; }
      if (s.kind === 'ident' && REQUEST_ERROR.test(s.value)) request = true;
      if (s.kind === 'ident' && CONFIG_ERROR.test(s.value)) configType = true;
      if (s.kind === 'number' && STATUS_CODE.test(s.text)) request = true;
      if (s.kind === 'string' && added.has(s.line)) message += (message ? ' ' : '') + s.value;
      if (message.length > MAX_MESSAGE) break;
      if (s.kind === 'punct' && (s.text === ')' || s.text === ']' || s.text === '}') && --depth <= 0 && opened && message) break;
    }
    if (!message || message.length > MAX_MESSAGE || seen.has(t.line) || request) continue;
    const required = REQUIRED.test(message);
    if (!(required || REFUSED.test(message)) || !NAMES_SETTING.test(message) || CONDITIONAL.test(message)) continue;
    // A config-loading context: the settings module, a configuration error type, or a message naming the configuration.
    if (!settingsModule && !configType && !NAMES_CONFIG.test(message)) continue;
    seen.add(t.line);
    out.push({ message: message.replace(/\s+/g, ' ').trim(), line: t.line, required });
  }
  return out;
}

/** The program's own message, quoted as code (its backticks made quotes: it is shown inside one). */
function clip(v: string): string {
  const t = v.replace(/`/g, "'");
  return t.length > 120 ? `${t.slice(0, 120)}…` : t;
}

export function refusalFinding(r: Refusal): Finding {
  return {
    kind: r.required ? 'config-key-added' : 'config-key-removed',
    severity: 'warning',
    line: r.line,
    message: r.required
      ? `adds a check that requires a setting (\`${clip(r.message)}\`): a deployed configuration without it stops the program`
      : `adds a check that refuses a setting (\`${clip(r.message)}\`): a deployed configuration that still sets it stops the program`,
  };
}
