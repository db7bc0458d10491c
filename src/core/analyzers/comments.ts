/** Line-comment prefixes by file extension (what a "comment-only edit" means per language). */
const HASH = ['#'];
const SLASH = ['//', '/*', '*', '*/'];
const PREFIXES: Record<string, string[]> = {
  rb: HASH, py: HASH, sh: HASH, bash: HASH, yml: HASH, yaml: HASH, toml: HASH, conf: [...HASH, ';'], cfg: [...HASH, ';'],
  ini: [';', '#'], properties: ['#', '!'], env: HASH, tf: ['#', '//', '/*', '*'], hcl: ['#', '//', '/*', '*'],
  dockerfile: HASH, r: HASH, pl: HASH, ex: HASH, exs: HASH,
  js: SLASH, mjs: SLASH, cjs: SLASH, ts: SLASH, tsx: SLASH, jsx: SLASH, go: SLASH, java: SLASH, kt: SLASH, kts: SLASH, cs: SLASH,
  php: [...SLASH, '#'], rs: SLASH, c: SLASH, h: SLASH, cpp: SLASH, swift: SLASH, scala: SLASH, groovy: SLASH, gradle: SLASH, proto: SLASH,
  graphql: HASH, gql: HASH, sql: ['--', '/*', '*', '*/'], xml: ['<!--', '-->'], md: [],
};

/** As a Map: a read of PREFIXES with another extension each time cost optimized code (see lex/index.ts EXT_LANGUAGE), and found Object.prototype's members. */
const PREFIXES_BY_EXT = new Map(Object.entries(PREFIXES));

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile')) return 'dockerfile';
  if (base.startsWith('.env')) return 'env';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

/** The last path asked about and its prefixes: callers ask line after line of one file. */
let lastPath: string | null = null;
let lastPrefixes: string[] | undefined;

/** True for a blank line or a line that is only a comment in the file's language. */
export function isCommentOrBlank(line: string, path: string): boolean {
  const t = line.trim();
  if (t === '') return true;
  if (path !== lastPath) {
    lastPrefixes = PREFIXES_BY_EXT.get(extensionOf(path));
    lastPath = path;
  }
  const prefixes = lastPrefixes;
  if (!prefixes) return false;
  return prefixes.some((p) => t.startsWith(p));
}
