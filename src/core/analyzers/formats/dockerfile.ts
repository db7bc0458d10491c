import { splitLines } from './files';

export interface Stage {
  /** `AS name`, lower-cased; null for unnamed stages. */
  name: string | null;
  /** Image reference with ARG defaults substituted. */
  image: string;
  line: number;
  /** Position among the file's stages (0-based). */
  index: number;
}

export interface DockerfileInfo {
  stages: Stage[];
  /** EXPOSE entries (`8080`, `53/udp`), with ARG/ENV defaults substituted. */
  exposes: { port: string; line: number }[];
}

/**
 * Reads the instructions of a Dockerfile that matter for a deployment: FROM (per stage)
 * and EXPOSE, joining `\` continuations and substituting `ARG`/`ENV` defaults.
 */
export function parseDockerfile(text: string): DockerfileInfo {
  const info: DockerfileInfo = { stages: [], exposes: [] };
  const vars = new Map<string, string>();
  const lines = splitLines(text);
  const escape = /^#\s*escape\s*=\s*`/im.test(lines.slice(0, 5).join('\n')) ? '`' : '\\';
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let l = lines[i];
    if (/^\s*#/.test(l) || l.trim() === '') continue;
    while (l.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      l = l.trimEnd().slice(0, -1) + ' ';
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i])) i++;
      if (i < lines.length) l += lines[i].trim();
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(l);
    if (!m) continue;
    const op = m[1].toUpperCase();
    const args = m[2].trim();
    if (op === 'RUN' || op === 'COPY' || op === 'ADD') {
      i = skipHeredocs(args, lines, i);
      continue;
    }
    if (op === 'ARG' || op === 'ENV') {
      for (const a of splitAssignments(args, op === 'ENV')) if (a.value !== undefined && (op === 'ENV' || !vars.has(a.name))) vars.set(a.name, a.value);
      continue;
    }
    if (op === 'FROM') {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      if (!words.length) continue;
      const image = substitute(words[0], vars);
      const as = words.length >= 3 && words[1].toLowerCase() === 'as' ? words[2].toLowerCase() : null;
      info.stages.push({ name: as, image, line: start, index: info.stages.length });
      continue;
    }
    if (op === 'EXPOSE') {
      for (const w of args.split(/\s+/)) if (w) info.exposes.push({ port: substitute(w, vars), line: start });
    }
  }
  return info;
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g;

/**
 * BuildKit heredocs (`RUN <<EOF`, `COPY <<-"A" /a <<B /b`): their bodies follow the
 * instruction, one after the other, each up to a line that is its delimiter (`<<-`: after
 * leading tabs); an unterminated one runs to the end. Returns the index of the last line
 * they take (`last` when there are none). A bash here-string `<<<` is not one.
 */
function skipHeredocs(args: string, lines: string[], last: number): number {
  let i = last;
  HEREDOC.lastIndex = 0;
  for (let m = HEREDOC.exec(args); m; m = HEREDOC.exec(args)) {
    if (args[m.index - 1] === '<') continue;
    const word = m[3];
    const tabs = m[1] === '-';
    i++;
    while (i < lines.length && (tabs ? lines[i].replace(/^\t+/, '') : lines[i]) !== word) i++;
  }
  return Math.min(i, lines.length - 1);
}

function splitAssignments(args: string, isEnv: boolean): { name: string; value?: string }[] {
  const out: { name: string; value?: string }[] = [];
  // `ENV KEY value` (legacy form): one variable, the rest is its value.
  if (isEnv && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/.exec(args);
    if (m) out.push({ name: m[1], value: unquote(m[2].trim()) });
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out.push({ name: m[1], value: m[2] !== undefined ? unquote(m[2]) : undefined });
  return out;
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]) : v;
}

/** Substitutes `$X`, `${X}`, `${X:-default}` from known variables (unknown ones stay as written). */
export function substitute(s: string, vars: Map<string, string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a: string | undefined, op: string | undefined, word: string | undefined, b: string | undefined) => {
    const v = vars.get(a ?? b!);
    if (op === undefined) return v ?? whole;
    if (op.endsWith('+')) return v ? (word ?? '') : '';
    return v ? v : (word ?? '');
  });
}

export interface ImageRef {
  /** Registry host, if any (`ghcr.io`). */
  registry: string | null;
  /** Repository path without registry (`library/node` is reported as `node`). */
  repository: string;
  tag: string | null;
  digest: string | null;
}

/** Splits `registry/repo:tag@sha256:…`. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  if (rest.startsWith('library/') && (registry === null || registry === 'docker.io')) rest = rest.slice('library/'.length);
  return { registry, repository: rest, tag, digest };
}
