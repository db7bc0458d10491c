import { globTester } from '../rules/matcher';
import { NOT_RUNTIME_CONFIG } from '../rules/packs/config';
import type { Finding } from '../types';
import { keyOfLine } from './template';

/**
 * A setting added to a config file with a comment that tells operators to set it (issue 11):
 * `# When using Google Cloud Secret Manager you have to configure this to 'true'` above
 * `quarkus.google.cloud.secret-manager-enabled=false` (Nessie's application.properties, Java),
 * `## … Set this to false as soon as possible!` above `# report_counters_as_int = true`
 * (Telegraf's plugin sample.conf, Go). The key is added with a value that keeps the old
 * behaviour, so a key-by-key reading calls it optional; its own comment says deployments must change it.
 *
 * Only a comment that names the setting itself (`this` / `it`) with an imperative counts: "you need
 * to list imgur explicitly" (Lemmy's defaults.hjson) tells how to use a value, not to set this one.
 */
const MUST_SET = /\b(?:(?:you|users|operators)\s+(?:must|have to|need to|will have to|should)\s+(?:configure|set|change|enable|update)\s+(?:this|it)\b|set this to\s+\S+\s+as soon as possible|(?:this|it)\s+must be\s+(?:set|configured|changed|enabled)\b)/i;
/** A comment line of the config formats (`#`, `;`, `//`, `--`, `%`). */
const COMMENT_LINE = /^\s*(?:#+|;+|\/\/|--|%)\s?/;
/** A key commented out with its value (`# report_counters_as_int = true`, `#key: v`): lower-case name, no prose. */
const COMMENTED_KEY = /^\s*(?:#+|;+|\/\/|--|%)\s*([a-z_][\w.-]{0,100})\s*[:=]\s*\S/;
/** Config file names the check reads when no rule knows the file. */
const CONFIG_NAME = /\.(?:conf|ini|cfg|toml|properties|ya?ml|hjson)(?:\.(?:example|sample|dist|template|in))?$|\.(?:example|sample|dist|template)$/i;
/** Lines after the comment that may separate it from its key (more comment lines). */
const LOOKAHEAD = 4;

export const MUST_SET_PREFIX = 'adds setting ';

/**
 * A developer tool's own config by its name (lower-cased base name): a linter's, packager's, docs site's, CI's or
 * build tool's (`tox.ini`, `setup.cfg`, `pyproject.toml`, `Cargo.toml`, `mkdocs.yml`, `codecov.yml`,
 * `netlify.toml`, `gradle.properties`). "You have to set this" there speaks to contributors, not operators.
 */
const DEV_TOOL_CONFIG = /^(?:tox\.ini|setup\.cfg|pytest\.ini|mypy\.ini|pyproject\.toml|cargo\.toml|rustfmt\.toml|clippy\.toml|deny\.toml|cliff\.toml|book\.toml|rust-toolchain\.toml|cross\.toml|taplo\.toml|_?typos\.toml|ruff\.toml|netlify\.toml|_config\.ya?ml|(?:mkdocs|codecov|azure-pipelines|bitbucket-pipelines|appveyor|cloudbuild|renovate|dependabot|golangci|goreleaser|buf|buf\.gen|buf\.work|sqlc|gqlgen|pubspec|analysis_options|snapcraft|crowdin)\.ya?ml|(?:gradle|gradle-wrapper|local|sonar-project)\.properties)$/;
/** The config pack's list of files that configure the build, the editor or translations (rules/packs/config.ts). */
const notRuntimeConfig = globTester(NOT_RUNTIME_CONFIG);

/** Whether a changed file no rule matched is named like a config file operators keep. */
export function isConfigFileName(path: string): boolean {
  return CONFIG_NAME.test(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * Whether a config-named file no rule matched may be an operator config template (a plugin's `sample.conf`,
 * `etc/app.conf.sample`): not a developer tool's own config (review16 F3) — a dot-file or a file under a dot-folder
 * (`.golangci.yml`, `.pre-commit-config.yaml`, `.readthedocs.yaml`, `.github/…`), a name of DEV_TOOL_CONFIG
 * (`mkdocs.yml`, `tox.ini`, `pyproject.toml`) or of the config pack's build/editor/translation list.
 */
export function isOperatorConfigCandidate(path: string): boolean {
  if (!isConfigFileName(path)) return false;
  if (path.split('/').some((s) => s.startsWith('.'))) return false;
  if (DEV_TOOL_CONFIG.test(path.slice(path.lastIndexOf('/') + 1).toLowerCase())) return false;
  return !notRuntimeConfig(path);
}

/** Cheap gate: an added line that says operators must set a setting. */
export function addsMustSetComment(added: readonly { text: string }[]): boolean {
  return added.some((l) => l.text.length <= 2000 && COMMENT_LINE.test(l.text) && MUST_SET.test(l.text));
}

/** The `config-key-added` warnings of keys whose added comment tells operators to set them. */
export function mustSetFindings(added: readonly { line: number; text: string }[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < added.length && out.length < 20; i++) {
    const t = added[i].text;
    if (t.length > 2000 || !COMMENT_LINE.test(t) || !MUST_SET.test(t)) continue;
    const found = keyBelow(added, i);
    if (found && !seen.has(found.key)) {
      seen.add(found.key);
      const quote = t.replace(COMMENT_LINE, '').trim();
      out.push({ kind: 'config-key-added', severity: 'warning', subject: found.key, line: found.line, message: `${MUST_SET_PREFIX}\`${found.key}\` whose comment tells operators to set it: "${quote.length > 160 ? `${quote.slice(0, 157)}…` : quote}"` });
    }
  }
  return out;
}

/** Words that open a documentation line of a comment (`# default: http://…`, `# example = 3`), not a key commented out. */
const DOC_WORDS = new Set(['default', 'defaults', 'note', 'example', 'examples', 'eg', 'e.g', 'see', 'type', 'values', 'format', 'unit', 'units', 'range', 'since', 'deprecated', 'required', 'optional', 'warning', 'important']);

/**
 * The setting a must-set comment at `i` is about: the first key on the added lines right below it, live or commented
 * out with its value (`# report_counters_as_int = true`), read past comment lines; a comment line that opens with a
 * documentation word (`# default: http://…`, `# example = 3`) is not a key (review16 F8).
 */
function keyBelow(added: readonly { line: number; text: string }[], i: number): { key: string; line: number } | null {
  for (let j = i + 1; j < added.length && j <= i + LOOKAHEAD && added[j].line === added[i].line + (j - i); j++) {
    const u = added[j].text;
    if (u.length > 2000) return null;
    if (COMMENT_LINE.test(u)) {
      if (MUST_SET.test(u)) return null;
      const k = COMMENTED_KEY.exec(u)?.[1];
      if (k && !DOC_WORDS.has(k.toLowerCase())) return { key: k, line: added[j].line };
      continue;
    }
    const key = keyOfLine(u)?.key;
    return key ? { key, line: added[j].line } : null;
  }
  return null;
}

/** A finding of mustSetFindings: the config impact needs a note. */
export function isMustSetFinding(f: Finding): boolean {
  return f.kind === 'config-key-added' && f.severity === 'warning' && f.message.startsWith(MUST_SET_PREFIX) && f.message.includes(' whose comment tells operators to set it: ');
}
