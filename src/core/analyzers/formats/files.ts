/** File-name helpers shared by the content analyzers (pure string work, no I/O). */

/** The last path segment. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Suffixes that mark a file an operator copies and fills in (`config.yml.example`, `app.env.dist`). */
const TEMPLATE_SUFFIX = /\.(example|sample|dist|template|tmpl)$/i;
/** The same words as a name segment (`config.example.yml`, `example.env`, `.env.sample`). */
const TEMPLATE_SEGMENT = /(^|[.\-_])(example|sample|dist|template|tmpl)([.\-_]|$)/i;

/**
 * True for example/template files: keys added there are for an operator to set, not
 * defaults that ship with the code.
 */
export function isTemplateFile(path: string): boolean {
  const base = baseName(path);
  return TEMPLATE_SUFFIX.test(base) || TEMPLATE_SEGMENT.test(base);
}

/** The file name without a template suffix (`settings.yml.example` → `settings.yml`). */
export function stripTemplateSuffix(name: string): string {
  let n = name;
  while (TEMPLATE_SUFFIX.test(n)) n = n.replace(TEMPLATE_SUFFIX, '');
  return n;
}

/** Lower-case extension of the file name after template suffixes are stripped ('' when none). */
export function effectiveExtension(path: string): string {
  const base = stripTemplateSuffix(baseName(path)).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1);
}

/** True for Dockerfiles: `Dockerfile`, `Dockerfile.prod`, `prod.Dockerfile`, `Containerfile`. */
export function isDockerfile(path: string): boolean {
  const b = baseName(path).toLowerCase();
  return b === 'dockerfile' || b === 'containerfile' || b.startsWith('dockerfile.') || b.startsWith('containerfile.') || b.endsWith('.dockerfile') || b.endsWith('.containerfile');
}

/** Lines of a text, split on LF (CR kept off). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Shortens a value for a message. */
export function shorten(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * `text` up to its first comment (a character of `marks`, or `//` when `marks` includes
 * '/', after blank space), trimmed. One scan: the regular expression `\s+#.*$` retries its
 * `\s+` from every blank of a long run, which is quadratic on a line of spaces.
 */
export function cutComment(text: string, marks: string): string {
  for (let k = 1; k < text.length; k++) {
    const c = text[k]!;
    if (!marks.includes(c) || (c === '/' && text[k + 1] !== '/')) continue;
    if (/\s/.test(text[k - 1]!)) return text.slice(0, k).trim();
  }
  return text.trim();
}
