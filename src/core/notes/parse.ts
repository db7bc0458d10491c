import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { NoteItem, SourceProblem } from '../types';
import { CONFLICT_END, CONFLICT_START, FenceTracker, HEADING, LineIndex, TASK_ITEM, TRAILING_ROLE, detectEol } from './text';
import { editDistance } from '../util/editDistance';

/** The folder that holds deployment notes, relative to the repository root. */
export const NOTES_DIR = '.handoff/notes';

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

/** The front-matter keys Handoff reads; others are kept in `Note.extra`. */
export const KNOWN_KEYS = ['title', 'covers', 'risk'] as const;

/**
 * One entry of a note's `covers` list.
 * - `path`: a repository-relative path or picomatch glob (`config/billing/*.yml`).
 * - `env`: `env:NAME` — covers impacts whose env findings name the variable (`NAME` may be a glob).
 * - `skip`: `skip: <glob> — <reason>` — the impacts it matches need no action; the
 *   reason shows in the change log. `name` is set instead of `pattern` for `skip: env:NAME — …`.
 */
export interface CoverEntry {
  kind: 'path' | 'env' | 'skip';
  /** The entry as written (the YAML string value). */
  raw: string;
  /** 1-based position of the entry's value in the note file. */
  line: number;
  column: number;
  /** Path glob, for `path` and path skips. */
  pattern?: string;
  /** Env var name (or glob), for `env` and env skips. */
  name?: string;
  /** Why nothing needs doing, for `skip`. */
  reason?: string;
}

/** A section heading of the note body. */
export interface NoteSection {
  title: string;
  /** 1 for `#`, 2 for `##`, … */
  level: number;
  /** 1-based line of the heading. */
  line: number;
}

/** A parsed deployment note (`.handoff/notes/*.md`). */
export interface Note {
  /** Repository-relative path of the note file. */
  path: string;
  title: string;
  /** Usable entries only; entries with problems are left out (and reported). */
  covers: CoverEntry[];
  risk?: Risk;
  /** Checklist items (GitHub task-list items), in file order. */
  items: NoteItem[];
  sections: NoteSection[];
  /** Front-matter keys Handoff does not know, kept as parsed. */
  extra: Record<string, unknown>;
  /** 1-based lines of the opening and closing `---`. */
  frontMatter: { startLine: number; endLine: number };
  /** The file's line-ending style. */
  eol: '\n' | '\r\n';
}

/**
 * One problem found in a note. Codes: `conflict-markers`, `missing-front-matter`,
 * `unterminated-front-matter`, `yaml-syntax`, `yaml-warning`, `front-matter-not-map`,
 * `missing-title`, `bad-title`, `missing-covers`, `bad-covers`, `bad-cover-entry`,
 * `empty-cover-entry`, `bad-env-name`, `skip-without-reason`, `skip-without-pattern`,
 * `duplicate-cover`, `bad-risk`, `unknown-key`, `item-outside-section`, `empty-item`,
 * `unknown-role`.
 */
export type NoteProblem = SourceProblem;

/** What `parseNote` returns: a usable note (or null), and every problem found. */
export interface ParsedNote {
  note: Note | null;
  /**
   * Set when the note cannot be used at all (it covers nothing): one line naming the
   * file and line, e.g. `.handoff/notes/x.md:3: conflict markers`.
   */
  error?: string;
  problems: NoteProblem[];
}

export interface ParseNoteOptions {
  /** Roles the team uses (config `roles`); an item assigned to another role gets a warning. */
  roles?: readonly string[];
}

/** Where the front matter is, in a note's text. */
export interface FrontMatterLocation {
  /** 1-based lines of the opening and closing delimiters. */
  startLine: number;
  endLine: number;
  /** Offsets of the YAML text between the delimiters. */
  contentStart: number;
  contentEnd: number;
  /** Offset of the closing delimiter line's first character. */
  closeStart: number;
}

/**
 * Finds the front matter: `---` on the first line (after an optional BOM), closed by a
 * `---` or `...` line. Null when the text does not start with one; `closed: false`
 * when it is never closed.
 */
export function locateFrontMatter(index: LineIndex): (FrontMatterLocation & { closed: true }) | { closed: false; startLine: number } | null {
  const first = index.lineText(1).replace(/^\uFEFF/, '');
  if (first.trimEnd() !== '---') return null;
  for (let n = 2; n <= index.lines.length; n++) {
    const t = index.lineText(n).trimEnd();
    if (t === '---' || t === '...') {
      const open = index.lines[0];
      const close = index.lines[n - 1];
      return { closed: true, startLine: 1, endLine: n, contentStart: open.end + open.eol.length, contentEnd: close.start, closeStart: close.start };
    }
  }
  return { closed: false, startLine: 1 };
}

/** Parses the YAML between the delimiters, keeping node offsets relative to the whole text. */
export function parseFrontMatterYaml(text: string, fm: FrontMatterLocation): Document.Parsed {
  // Padding with blank lines keeps YAML's offsets equal to the note's own offsets
  // (the padding is whitespace of the same length, so every offset lines up).
  const padded = text.slice(0, fm.contentStart).replace(/[^\r\n]/g, ' ') + text.slice(fm.contentStart, fm.contentEnd);
  return parseDocument(padded, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: true });
}

/**
 * Parses a deployment note; never throws. The front matter is YAML (`title`, `covers`,
 * `risk`; other keys are kept in `extra`); the body is Markdown whose headings are
 * sections and whose GitHub task items (`- [ ]`, `- [x]`) are the checklist, each
 * optionally ending with `@role`. Problems are positioned for editor diagnostics; a
 * note with conflict markers, no front matter or broken YAML is unusable (`note: null`,
 * `error` set), other problems leave the rest of the note usable.
 */
export function parseNote(path: string, text: string, opts: ParseNoteOptions = {}): ParsedNote {
  const index = new LineIndex(text);
  const problems: NoteProblem[] = [];
  const fail = (p: NoteProblem): ParsedNote => {
    problems.push(p);
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { note: null, error: `${path}:${p.line}: ${p.message}`, problems };
  };

  for (let n = 1; n <= index.lines.length; n++) {
    const t = index.lineText(n);
    if (CONFLICT_START.test(t)) {
      const end = findLine(index, n + 1, (l) => CONFLICT_END.test(l));
      return fail({ line: n, column: 1, ...(end ? { endLine: end, endColumn: index.lineText(end).length + 1 } : {}), severity: 'error', code: 'conflict-markers', message: 'conflict markers: resolve the merge conflict first' });
    }
  }

  const fm = locateFrontMatter(index);
  if (!fm) {
    return fail({ line: 1, column: 1, severity: 'error', code: 'missing-front-matter', message: 'missing front matter: a note starts with a `---` line, then `title:` and `covers:`, then `---`' });
  }
  if (!fm.closed) {
    return fail({ line: 1, column: 1, endColumn: 4, severity: 'error', code: 'unterminated-front-matter', message: 'front matter is not closed: add a `---` line after it' });
  }

  const pos = (offset: number) => index.positionAt(Math.min(offset, text.length));
  const at = (node: { range?: [number, number, number] | null } | null | undefined, fallbackLine: number) => {
    if (!node?.range) return { line: fallbackLine, column: 1 };
    const s = pos(node.range[0]);
    const e = pos(node.range[1]);
    return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };

  const doc = parseFrontMatterYaml(text, fm);
  if (doc.errors.length) {
    const e = doc.errors[0];
    const s = pos(e.pos[0]);
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    for (const extra of doc.errors.slice(1)) {
      const p = pos(extra.pos[0]);
      problems.push({ line: p.line, column: p.column, severity: 'error', code: 'yaml-syntax', message: `front matter: ${extra.message.split('\n')[0]}` });
    }
    return fail({ line: s.line, column: s.column, severity: 'error', code: 'yaml-syntax', message: `front matter: ${message}` });
  }
  for (const w of doc.warnings) {
    const p = pos(w.pos[0]);
    problems.push({ line: p.line, column: p.column, severity: 'warning', code: 'yaml-warning', message: `front matter: ${w.message.split('\n')[0]}` });
  }

  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    return fail({ ...at(root as YamlNode, 2), severity: 'error', code: 'front-matter-not-map', message: 'front matter must be a mapping of keys (title, covers, risk)' });
  }

  let title = '';
  let risk: Risk | undefined;
  const covers: CoverEntry[] = [];
  const extra: Record<string, unknown> = {};
  let sawTitle = false;
  let sawCovers = false;

  for (const pair of (root?.items ?? []) as Pair<YamlNode | null, YamlNode | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyAt = at(pair.key, fm.startLine + 1);
    const value = pair.value;
    switch (key) {
      case 'title': {
        sawTitle = true;
        if (isScalar(value) && value.value != null && String(value.value).trim()) {
          if (typeof value.value !== 'string') problems.push({ ...at(value, keyAt.line), severity: 'warning', code: 'bad-title', message: 'title should be text' });
          title = String(value.value).trim();
        } else if (value && !isScalar(value)) {
          problems.push({ ...at(value, keyAt.line), severity: 'error', code: 'bad-title', message: 'title must be one line of text' });
        } else {
          problems.push({ ...keyAt, severity: 'error', code: 'missing-title', message: 'title is empty' });
        }
        break;
      }
      case 'covers':
        sawCovers = true;
        readCovers(value, keyAt, at, covers, problems);
        break;
      case 'risk': {
        const v = isScalar(value) ? String(value.value ?? '').trim().toLowerCase() : '';
        if ((RISKS as readonly string[]).includes(v)) risk = v as Risk;
        else problems.push({ ...(value ? at(value, keyAt.line) : keyAt), severity: 'error', code: 'bad-risk', message: `risk must be low, medium or high${v ? ` (not '${v}')` : ''}` });
        break;
      }
      default: {
        extra[key] = value == null ? null : value.toJSON();
        const near = KNOWN_KEYS.find((k) => k !== key && editDistance(k, key.toLowerCase()) <= 2);
        if (near) problems.push({ ...keyAt, severity: 'warning', code: 'unknown-key', message: `unknown key '${key}' (kept as is): did you mean '${near}'?` });
      }
    }
  }
  if (!sawTitle) problems.push({ line: fm.startLine, column: 1, endColumn: 4, severity: 'error', code: 'missing-title', message: 'missing `title:` in the front matter' });
  if (!sawCovers) problems.push({ line: fm.startLine, column: 1, endColumn: 4, severity: 'warning', code: 'missing-covers', message: 'missing `covers:`: this note covers no change' });

  // The body: sections and checklist items; fenced code is skipped.
  const sections: { title: string; level: number; line: number }[] = [];
  const items: NoteItem[] = [];
  const fence = new FenceTracker();
  const roles = opts.roles ? new Set(opts.roles) : null;
  let section: string | null = null;
  for (let n = fm.endLine + 1; n <= index.lines.length; n++) {
    const line = index.lineText(n);
    if (fence.feed(line)) continue;
    const h = HEADING.exec(line);
    if (h) {
      section = (h[2] ?? '').trim();
      sections.push({ title: section, level: h[1].length, line: n });
      continue;
    }
    const t = TASK_ITEM.exec(line);
    if (!t) continue;
    let body = t[5].trim();
    let role: string | null = null;
    const r = TRAILING_ROLE.exec(body);
    if (r) {
      role = r[1];
      body = body.slice(0, r.index).trim();
      if (roles && !roles.has(role)) {
        const col = line.lastIndexOf(`@${role}`) + 1;
        problems.push({ line: n, column: col, endLine: n, endColumn: col + role.length + 1, severity: 'warning', code: 'unknown-role', message: `unknown role '@${role}' (roles: ${[...roles].map((x) => `@${x}`).join(', ')})` });
      }
    }
    if (!body) problems.push({ line: n, column: 1, endColumn: line.length + 1, severity: 'warning', code: 'empty-item', message: 'empty checklist item' });
    if (section === null) problems.push({ line: n, column: 1, endColumn: line.length + 1, severity: 'warning', code: 'item-outside-section', message: 'checklist item before any heading: put it under a section such as `## Deploy`' });
    items.push({ text: body, done: t[4] !== ' ', section, role, line: n });
  }

  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    note: {
      path,
      title: title || (path.split('/').pop() ?? path).replace(/\.md$/i, ''),
      covers,
      ...(risk ? { risk } : {}),
      items,
      sections,
      extra,
      frontMatter: { startLine: fm.startLine, endLine: fm.endLine },
      eol: detectEol(text),
    },
    problems,
  };
}

type Positioner = (node: { range?: [number, number, number] | null } | null | undefined, fallbackLine: number) => { line: number; column: number; endLine?: number; endColumn?: number };

function readCovers(value: YamlNode | null, keyAt: { line: number; column: number }, at: Positioner, covers: CoverEntry[], problems: NoteProblem[]): void {
  if (value == null || (isScalar(value) && value.value == null)) return;
  let nodes: (YamlNode | null)[];
  if (isSeq(value)) nodes = value.items as (YamlNode | null)[];
  else if (isScalar(value)) {
    problems.push({ ...at(value, keyAt.line), severity: 'warning', code: 'bad-covers', message: '`covers` should be a list (`- path` lines)' });
    nodes = [value];
  } else if (isMap(value)) {
    problems.push({ ...at(value, keyAt.line), severity: 'error', code: 'bad-covers', message: '`covers` must be a list of paths, globs, `env:NAME` or `skip: <glob> — <reason>` entries' });
    return;
  } else return;

  const seen = new Set<string>();
  for (const node of nodes) {
    if (node == null) continue;
    const where = at(node, keyAt.line);
    let raw: string | null = null;
    if (isScalar(node) && node.value != null && typeof node.value !== 'object') raw = String(node.value);
    else if (isMap(node) && node.items.length === 1) {
      // `- skip: a.yml — reason` and `- env: X` without quotes parse as one-key maps; read them as meant.
      const p = node.items[0] as Pair<YamlNode | null, YamlNode | null>;
      const k = isScalar(p.key) ? String(p.key.value) : '';
      if ((k === 'skip' || k === 'env') && (p.value == null || (isScalar(p.value) && typeof p.value.value !== 'object'))) {
        raw = `${k}: ${isScalar(p.value) ? String(p.value.value ?? '') : ''}`.trimEnd();
      }
    }
    if (raw === null) {
      problems.push({ ...where, severity: 'error', code: 'bad-cover-entry', message: 'a `covers` entry must be a path, a glob, `env:NAME` or `skip: <glob> — <reason>`' });
      continue;
    }
    const parsed = parseCoverEntry(raw);
    if ('problem' in parsed) {
      problems.push({ ...where, severity: 'error', code: parsed.code, message: parsed.problem });
      continue;
    }
    const key = `${parsed.kind}\0${parsed.pattern ?? ''}\0${parsed.name ?? ''}`;
    if (seen.has(key)) problems.push({ ...where, severity: 'warning', code: 'duplicate-cover', message: `'${raw}' is listed twice` });
    seen.add(key);
    covers.push({ ...parsed, raw, line: where.line, column: where.column });
  }
}

const ENV_NAME = /^[A-Za-z_*?][A-Za-z0-9_*?]*$/;

/**
 * Reads one `covers` string. Skip reasons follow the glob after ` — `, ` -- `, ` - ` or
 * `: ` (the first one present, in that order); `env:` entries name a variable.
 */
export function parseCoverEntry(raw: string): Omit<CoverEntry, 'raw' | 'line' | 'column'> | { problem: string; code: string } {
  const s = raw.trim();
  if (!s) return { problem: 'empty `covers` entry', code: 'empty-cover-entry' };
  const skip = /^skip\s*:\s*(.*)$/is.exec(s);
  if (skip) {
    const rest = skip[1].trim();
    const split = splitReason(rest);
    const target = split ? split.target : rest;
    const reason = split?.reason ?? '';
    if (!target) return { problem: 'a skip names what it skips: `skip: <glob> — <reason>`', code: 'skip-without-pattern' };
    if (!reason) return { problem: `a skip needs its reason: \`skip: ${target} — <why nothing needs doing>\``, code: 'skip-without-reason' };
    const env = /^env\s*:\s*(.+)$/i.exec(target);
    if (env) {
      if (!ENV_NAME.test(env[1].trim())) return { problem: `'${env[1].trim()}' is not an environment variable name`, code: 'bad-env-name' };
      return { kind: 'skip', name: env[1].trim(), reason };
    }
    return { kind: 'skip', pattern: normalizeGlob(target), reason };
  }
  const env = /^env\s*:\s*(.*)$/i.exec(s);
  if (env) {
    const name = env[1].trim();
    if (!ENV_NAME.test(name)) return { problem: name ? `'${name}' is not an environment variable name` : '`env:` needs a variable name, e.g. `env:DATABASE_URL`', code: 'bad-env-name' };
    return { kind: 'env', name };
  }
  return { kind: 'path', pattern: normalizeGlob(s) };
}

function splitReason(rest: string): { target: string; reason: string } | null {
  const seps: RegExp[] = [/\s*\u2014\s*/, /\s+--\s+/, /\s+-\s+/, /:\s+/];
  for (const re of seps) {
    const m = re.exec(rest);
    if (m) return { target: rest.slice(0, m.index).trim(), reason: rest.slice(m.index + m[0].length).trim() };
  }
  return null;
}

/** `./a/b` and `/a/b` name the same repository path as `a/b`. */
function normalizeGlob(p: string): string {
  return p.trim().replace(/^\.\/+/, '').replace(/^\/+/, '');
}

function findLine(index: LineIndex, from: number, test: (line: string) => boolean): number | null {
  for (let n = from; n <= index.lines.length; n++) if (test(index.lineText(n))) return n;
  return null;
}
