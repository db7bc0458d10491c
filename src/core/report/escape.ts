/**
 * Repository text as text (issue 16). Paths, note titles and bodies, config keys,
 * identifiers and finding messages come from the repository, which may be hostile: in
 * every output they must render as the characters they are, never as markup (HTML in
 * Markdown, a link with a script URL), never as a terminal escape, and never as a command
 * to the CI runner whose log shows them (GitHub Actions `::add-mask::`, `::set-output`,
 * `::error`, the older `##[command]`, Azure Pipelines `##vso[…]`, TeamCity `##teamcity[…]`).
 *
 * The check report (src/core/report) and the change log (src/core/changelog) use these;
 * each function is linear in its input.
 */

/** Zero-width space: invisible when rendered, and not whitespace to a runner that trims a line before reading it. */
const ZWSP = '\u200b';

/** C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides (Trojan Source). */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * Text for a terminal or a CI log, on one line: every control character (a newline that
 * would start a new log line, an ESC that would start a terminal sequence), line separator
 * and bidi override shown as an escape (`\n`, `\x1b`, `\u202e`).
 */
export function terminalText(s: string): string {
  return s.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A whole output made safe for a CI log: no line (after the leading whitespace a runner
 * trims) starts with `::`, and no `##[`, `##vso[`, `##teamcity[` appears anywhere.
 * A zero-width space goes in between; the text reads the same. Apply it to outputs that
 * carry no workflow command of their own (text, Markdown, the change log).
 */
export function neutralizeCiCommands(text: string): string {
  return breakCiBrackets(text.replace(/^([^\S\n]*)::/gm, `$1${ZWSP}::`));
}

/** Breaks `##[`, `##vso[` and `##teamcity[` (commands some runners read anywhere in a line) with a zero-width space. */
export function breakCiBrackets(text: string): string {
  return text.replace(/#(?=#(?:\[|vso\[|teamcity\[))/gi, `#${ZWSP}`);
}

/**
 * JSON text of `value` whose parse is `value` itself, but in which `<`, `>`, `&`, the line
 * separators and a `#` before another `#` are `\u` escapes: pasted into HTML it is not
 * markup, printed to a CI log it holds no `##[command]` (these characters only ever occur
 * inside JSON strings, where the escape is the same character).
 */
export function safeJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, null, indent);
  // Most reports hold none of these: a test (one scan) costs a fifth of a replace that finds nothing
  // (the bench's 4.7 MB report: ~25 against ~120 ms).
  return UNSAFE_IN_JSON.test(text) ? text.replace(UNSAFE_IN_JSON_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** What safeJson escapes (UNSAFE_IN_JSON_G: the same, global). */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_JSON = /[<>&\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]|#(?=#)/;
const UNSAFE_IN_JSON_G = new RegExp(UNSAFE_IN_JSON.source, 'g');

/** Text for HTML element content and (double- or single-quoted) attribute values. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A URL for `href`/`src` only when it is http(s), mailto, an in-page anchor or a relative path; otherwise `#`. */
export function safeUrl(url: string): string {
  const u = url.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(u)) return '#';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u);
  if (scheme) return /^(https?|mailto)$/i.test(scheme[1]) ? u : '#';
  // No scheme: a relative reference; `//host` is another site, kept (it is http(s) there).
  return u;
}

/**
 * A Markdown code span of repository text on one line: controls shown as escapes (a
 * newline in a path must not start a new line of the output), fenced with more backticks
 * than the text holds.
 */
export function mdCode(s: string): string {
  const t = terminalText(s);
  let longest = 0;
  let run = 0;
  for (let k = 0; k < t.length; k++) {
    run = t.charCodeAt(k) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * Repository text as inline Markdown (a list item, a table cell), on one line: Markdown
 * and HTML syntax escaped (so no tag, link, image or emphasis), `@` broken so that no one is
 * mentioned, line breaks as spaces, controls as escapes. Code spans that the engine wrote
 * into a message (`key.path`) are kept: nothing in them renders.
 */
export function mdInline(s: string): string {
  // One pass: a code span the engine wrote is kept (its controls shown as escapes); every
  // other special character is escaped where it stands.
  return s.replace(INLINE, (m, span: string | undefined) => {
    if (span !== undefined) return terminalText(span);
    switch (m) {
      case '\r\n':
      case '\r':
      case '\n':
        return ' ';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '@':
        return `@${ZWSP}`;
    }
    return m.length === 1 && INLINE_SYNTAX.includes(m) ? `\\${m}` : terminalText(m);
  });
}

const INLINE_SYNTAX = '\\`*[]#|~!_';
// eslint-disable-next-line no-control-regex
const INLINE = /(`[^`\r\n|]+`)|\r\n|[\r\n&<>\\`*[\]#|~!]|@(?=\w)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * A block of repository Markdown (a note's body) kept as Markdown, with what could run or
 * deceive taken out: raw HTML shows as text (`<` escaped outside code), character
 * references cannot spell a URL scheme (`&#` escaped), link and image destinations with a
 * script or data scheme are broken, controls shown as escapes, and no line reads as a CI
 * command. Fenced code blocks and code spans are kept as they are (they render as text).
 */
export function mdBlock(s: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const raw of s.split(/\r\n|\r|\n/)) {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => terminalText(c));
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      out.push(line);
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
      continue;
    }
    if (f) {
      fence = f[1];
      out.push(line);
      continue;
    }
    out.push(outsideCodeSpans(line, defuseMarkup));
  }
  return neutralizeCiCommands(out.join('\n'));
}

function defuseMarkup(s: string): string {
  return s.replace(/&(?=#)|[<>]|\b(?:java|vb)(?=script\s*:)|\bdata(?=\s*:)/gi, (m) => (m === '&' ? '&amp;' : m === '<' ? '&lt;' : m === '>' ? '&gt;' : `${m}${ZWSP}`));
}

/**
 * Applies `f` to the parts of a line outside its code spans (a run of n backticks up to the
 * next run of exactly n). Linear: each run length keeps a pointer into its own list of runs.
 */
function outsideCodeSpans(line: string, f: (s: string) => string): string {
  const runs: { at: number; len: number }[] = [];
  for (let k = 0; k < line.length; ) {
    if (line.charCodeAt(k) !== 96) {
      k++;
      continue;
    }
    let e = k;
    while (e < line.length && line.charCodeAt(e) === 96) e++;
    runs.push({ at: k, len: e - k });
    k = e;
  }
  if (!runs.length) return f(line);
  const byLen = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const list = byLen.get(r.len);
    if (list) list.push(k);
    else byLen.set(r.len, [k]);
  });
  const next = new Map<number, number>();
  const out: string[] = [];
  let pos = 0;
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k];
    if (r.at < pos) continue;
    const list = byLen.get(r.len)!;
    let p = next.get(r.len) ?? 0;
    while (p < list.length && list[p] <= k) p++;
    next.set(r.len, p);
    if (p >= list.length) continue; // no closing run: literal backticks
    const close = runs[list[p]];
    out.push(f(line.slice(pos, r.at)), line.slice(r.at, close.at + close.len));
    pos = close.at + close.len;
    k = list[p];
  }
  out.push(f(line.slice(pos)));
  return out.join('');
}
