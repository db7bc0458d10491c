import type { Finding } from '../types';
import type { Analyzer, AnalyzerInput } from './analyzer';
import { isExampleEnvPath } from './env';
import { cutComment } from './formats/files';

/**
 * `secret-suspected`: a literal credential added to a config, env or manifest file.
 *
 * Two kinds of evidence, from most to least certain:
 *  1. a well-known token shape (AWS, GitHub, GitLab, Slack, Stripe, Google, OpenAI,
 *     Anthropic, SendGrid, npm, PyPI, a PEM private key, a JWT, credentials in a URL);
 *  2. a key named like a credential (`password`, `secret`, `token`, `api_key`…) assigned a
 *     literal that looks random (length, character classes, entropy).
 * Placeholders (`changeme`, `<your-key>`, `xxx`, `${VAR}`, `{{ .Values.x }}`, `ENC[…]`,
 * vault/secret-manager references, file paths) are never reported, and generic
 * key-named values are not reported in example, test or development files. The value
 * itself never appears in a message.
 */

interface TokenShape {
  name: string;
  re: RegExp;
  /** How many leading characters are a public prefix that may be shown. */
  show: number;
}

const TOKEN_SHAPES: TokenShape[] = [
  { name: 'AWS access key ID', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/, show: 4 },
  { name: 'GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/, show: 4 },
  { name: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{60,}\b/, show: 11 },
  { name: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/, show: 6 },
  { name: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, show: 5 },
  { name: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/, show: 30 },
  { name: 'Stripe secret key', re: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/, show: 8 },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/, show: 4 },
  { name: 'OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b|\bsk-proj-[A-Za-z0-9_-]{40,}\b/, show: 3 },
  { name: 'Anthropic API key', re: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{40,}\b/, show: 7 },
  { name: 'SendGrid API key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/, show: 3 },
  { name: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/, show: 4 },
  { name: 'PyPI token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}\b/, show: 5 },
  { name: 'Twilio API key', re: /\bSK[0-9a-f]{32}\b/, show: 2 },
  { name: 'private key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/, show: 0 },
];

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;
/** scheme://user:password@host — a database or broker URL with its password. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*):\/\/([^\s:/@'"]+):([^\s/@'"]+)@([^\s/:'"]+)/i;

/** Key names (snake-cased) that hold credentials: the name must end with one of these. */
const SECRET_KEY = /(?:^|_)(?:pass|password|passwd|passphrase|pwd|secret|secrets|token|api_?key|access_?key|secret_?key|private_?key|client_?secret|auth_?token|access_?token|refresh_?token|bearer_?token|credentials?|signing_?key|encryption_?key|master_?key|license_?key|webhook_?secret|app_?secret|consumer_?secret|secret_?key_?base|session_?secret|cookie_?secret|jwt_?secret|hmac_?key|shared_?secret)$/;
/** …unless it says the value is public, or not the secret itself. */
const NOT_SECRET_KEY = /(?:^|_)(?:public|publishable|pub|anon|example|sample|test|dummy|fake)(?:_|$)/;

/** Values that are references, templates or placeholders, not literals. */
const REFERENCE = /\$\{|\{\{|\}\}|\$\(|%\(|%env\(|<%|#\{|\bENC\[|!vault|\bvault:|\bref\+|\bop:\/\/|\barn:aws:|secretsmanager|\bssm:|@Microsoft\.KeyVault|secretKeyRef|valueFrom|\benv\(|\bENV\[|ENV\.fetch|process\.env|os\.environ|getenv|System\.getenv|System\.get_env|\bsecrets\.|\bvars\.|\blookup\(/i;
/** Words that make a value a placeholder, compared with its words (`your-api-key-here`, `changeMe123`). */
const PLACEHOLDER_WORDS = new Set(['change', 'changeme', 'replace', 'replaceme', 'your', 'yours', 'example', 'sample', 'dummy', 'fake', 'test', 'testing', 'placeholder', 'redacted', 'todo', 'fixme', 'insecure', 'notasecret', 'default', 'demo', 'local', 'localhost', 'dev', 'development', 'foo', 'bar', 'baz', 'foobar', 'secret', 'password', 'passwd', 'pass', 'qwerty', 'letmein', 'hunter', 'admin', 'root', 'postgres', 'mysql', 'guest', 'mock', 'stub', 'sandbox', 'none', 'null', 'empty', 'undefined', 'tbd', 'enter', 'insert', 'here', 'xxx', 'abc', 'some', 'debug', 'unsafe']);
const PLACEHOLDER_PREFIX = /^(change|replace|your|example|sample|dummy|placeholder|insecure|redacted)/;

function hasPlaceholderWord(v: string): boolean {
  const words = v.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.some((w) => PLACEHOLDER_WORDS.has(w) || (w.length >= 5 && PLACEHOLDER_PREFIX.test(w)));
}

/** True for a value that is a reference, template, path, or placeholder. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || v === '~' || /^(null|nil|none|true|false|yes|no|on|off|undefined)$/i.test(v)) return true;
  if (/^-?\d+(\.\d+)?$/.test(v)) return true;
  if (REFERENCE.test(v)) return true;
  if (/^[$%@]/.test(v) || /^<.*>$/.test(v) || /^\[.*\]$/.test(v) || /^\(.*\)$/.test(v)) return true;
  if (/^(\/|\.{1,2}\/|~\/|file:|[A-Za-z]:\\)/.test(v) || /\.(pem|key|crt|cer|p12|pfx|json|txt|ya?ml|env)$/i.test(v)) return true;
  if (/^(.)\1*$/.test(v) || /^[xX*.\-_0#]+$/.test(v) || /\*{3,}|x{4,}|X{4,}|\.{3}|\u2026/.test(v)) return true;
  if (/^https?:\/\/[^@]*$/.test(v)) return true;
  if (hasPlaceholderWord(v)) return true;
  return false;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A literal that looks generated: long enough, mixed character classes, high entropy, no spaces. */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || /\s/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(v)).length + (/[^A-Za-z0-9]/.test(v) ? 1 : 0);
  const h = entropy(v);
  if (/^[a-z]+([-_.][a-z]+)*$/i.test(v)) return false; // words joined by separators
  return (classes >= 3 && h >= 3.0) || (classes >= 2 && v.length >= 20 && h >= 3.5);
}

/** `dbPassword`, `db.password`, `DB-PASSWORD` → `db_password`. */
function snake(key: string): string {
  const last = key.split(/[.:/]/).filter(Boolean).pop() ?? key;
  return last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s]+/g, '_').toLowerCase();
}

/** True for a key that names a credential (`DB_PASSWORD`, `apiKey`, `secret_key_base`). */
export function isSecretKeyName(key: string): boolean {
  const k = snake(key);
  return SECRET_KEY.test(k) && !NOT_SECRET_KEY.test(k);
}

/** A masked form of a value that shows at most its public prefix: `ghp_…(40 chars)`. */
export function maskSecret(value: string, show = 0): string {
  return `${value.slice(0, show)}…(${value.length} chars)`;
}

/** Example, test, development or CI files: generic key-named literals there are fixtures. */
function isNonProductionPath(path: string): boolean {
  return isExampleEnvPath(path) || /(^|[/._-])(dev|devel|development|local|test|tests|testing|spec|example|examples|sample|demo|ci|e2e|fixtures?|mock|docs?)([/._-]|$)/i.test(path);
}

interface KeyValue {
  key: string;
  value: string;
  /** True when the value was a quoted literal. */
  quoted: boolean;
}

/**
 * `key =`, `key:`, `export KEY=`, `- key:`, `"key" =>` … at a line's start: the key and where
 * the value starts. Anchored, and the key's run is followed by a quote, a blank or an
 * operator only, so it is tried once.
 */
const ASSIGNMENT = /^\s*(?:export\s+|-\s+|let\s+|const\s+|var\s+|\$)?["']?([A-Za-z_][\w.\-]*)["']?\s*(?::|=>|=|:=)/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * Key and literal value of a config/env/code assignment line, when it is one. The value is
 * read with scans, not with `(.*?)\s*[,;]?\s*$` (a lazy group before blank runs retries the
 * tail from every position: quadratic on a value of spaces) nor `((?:\\.|(?!q).)*)q` (two ways
 * to read each backslash: exponential on an unclosed run of them).
 */
export function parseAssignment(line: string): KeyValue | null {
  const m = ASSIGNMENT.exec(line);
  if (!m) return null;
  // the value: without blanks around it and one trailing `,` or `;`; on one line (as `.` reads)
  let value = line.slice(m[0].length).trim();
  if (value.endsWith(',') || value.endsWith(';')) value = value.slice(0, -1).trimEnd();
  if (LINE_BREAK.test(value)) return null;
  const q = quotedPrefix(value);
  if (q !== null) return { key: m[1]!, value: q, quoted: true };
  value = cutComment(value, '#/');
  if (/^[|>]/.test(value)) return null; // a YAML block scalar: the value is on the next lines
  return { key: m[1]!, value, quoted: false };
}

/** The body of a `"…"`, `'…'` or `` `…` `` literal opening `v` (backslash escapes kept as written), or null when none closes. */
function quotedPrefix(v: string): string | null {
  const q = v.charCodeAt(0);
  if (q !== 34 && q !== 39 && q !== 96) return null;
  for (let k = 1; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c === 92) { k++; continue; }
    if (c === q) return v.slice(1, k);
  }
  return null;
}

/** Languages where an unquoted value is an expression, not a literal. */
function isCodeFile(path: string): boolean {
  return /\.(py|rb|js|mjs|cjs|ts|go|java|kt|php|rs|ex|exs|cs|scala|groovy)$/i.test(path);
}

/** The credential findings of one added line (at most one per line). */
export function scanSecretLine(path: string, text: string, line: number, prevName: string | null): Finding | null {
  const finding = (subject: string, message: string): Finding => ({ kind: 'secret-suspected', severity: 'critical', line, subject, message });
  for (const shape of TOKEN_SHAPES) {
    const m = shape.re.exec(text);
    if (!m) continue;
    if (/EXAMPLE|example|xxxx|XXXX|0000000000/.test(m[0])) continue;
    if (shape.name === 'Twilio API key' && !/twilio/i.test(text)) continue;
    return finding(shape.name, shape.show ? `possible ${shape.name} added (${maskSecret(m[0], shape.show)})` : `possible ${shape.name} added`);
  }
  const jwt = JWT.exec(text);
  if (jwt && !isJwtSample(jwt[0])) {
    const kv = parseAssignment(text);
    if (!kv || !/(^|_)(anon|public|publishable|example|sample|test)(_|$)/.test(snake(kv.key))) return finding('JWT', `possible JWT added${kv ? ` to ${kv.key}` : ''} (${maskSecret(jwt[0], 3)})`);
  }
  const url = URL_CREDENTIALS.exec(text);
  if (url && !isPlaceholderValue(url[3]) && url[3] !== url[2] && looksRandom(url[3]) && !/^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|db|database|postgres|mysql|redis|mongo|rabbitmq|example\.com)$/i.test(url[4])) {
    return finding('URL credentials', `${url[1]} URL with an embedded password added (host ${url[4]}, password masked)`);
  }
  const kv = parseAssignment(text);
  if (!kv) return null;
  let key = kv.key;
  // Kubernetes env entries: `- name: DB_PASSWORD` then `value: "…"` on the next line.
  if (key === 'value' && prevName) key = prevName;
  if (!isSecretKeyName(key)) return null;
  if (isCodeFile(path) && !kv.quoted) return null;
  if (isPlaceholderValue(kv.value) || !looksRandom(kv.value)) return null;
  if (isNonProductionPath(path)) return null;
  return finding(key, `literal credential assigned to ${key} (value masked, ${kv.value.length} chars)`);
}

function isJwtSample(token: string): boolean {
  try {
    const payload = Buffer.from(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return /"sub"\s*:\s*"1234567890"|John Doe/.test(payload);
  } catch {
    return false;
  }
}

/** Files whose values are encrypted at rest (SealedSecret, SOPS, Ansible Vault): nothing is literal. */
function isEncryptedFile(text: string | null): boolean {
  // [ \t]* rather than \s*: with /m, \s* ran over every following blank line from each line start (100 KB of blank lines: 35 s).
  return text != null && (/^kind:\s*SealedSecret\b/m.test(text) || /^[ \t]*sops:[ \t]*\r?$/m.test(text) || /^\$ANSIBLE_VAULT;/.test(text) || /^[ \t]*encryptedData:[ \t]*\r?$/m.test(text));
}

export const secretsAnalyzer: Analyzer = {
  id: 'secrets',
  needsContent: true,
  analyze({ change, newText }: AnalyzerInput): Finding[] {
    if (change.status === 'deleted' || isEncryptedFile(newText)) return [];
    const lines = newText?.split(/\r?\n/) ?? null;
    const findings: Finding[] = [];
    for (const h of change.hunks) {
      for (let i = 0; i < h.added.length; i++) {
        const line = h.newStart + i;
        const text = h.added[i];
        if (text.length > 10_000) continue; // minified or generated
        if (text.trim() === '') continue;
        const prev = i > 0 ? h.added[i - 1] : lines?.[line - 2] ?? '';
        const prevName = /^\s*-\s*name\s*:\s*['"]?([A-Za-z_][\w.\-]*)['"]?\s*$/.exec(prev)?.[1] ?? null;
        const f = scanSecretLine(change.path, text, line, prevName);
        if (f) findings.push(f);
      }
    }
    return findings;
  },
};
