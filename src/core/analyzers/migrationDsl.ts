import type { Change, Finding, Severity } from '../types';
import { addedLineNumbers, pushAll, type Analyzer } from './analyzer';
import { riskFinding, type RiskOp } from './migrationRisk';
import { analyzeSqlText, charCodes, detectFlavor, flavorFromHint, fromCharCodes, lineIndex, volatileDefault, type SqlFlavor } from './sql';

/**
 * Risk in framework migration DSLs: Rails (and Sequel), Django, Alembic, Laravel,
 * Knex / Sequelize / TypeORM / node-pg-migrate / MikroORM, Ecto, EF Core, Doctrine and
 * Liquibase changelogs. The rule's `dialect` picks the DSL.
 *
 * Each file is scanned once per language (comments blanked, string literals located),
 * then a table of call patterns per DSL turns calls into findings. Raw SQL handed to the
 * framework (`execute`, `op.execute`, `RunSQL`, `DB::statement`, `queryRunner.query`,
 * `addSql`, `migrationBuilder.Sql`, `<sql>`) goes through the SQL analyzer. Calls in the
 * down/rollback part of a migration are not reported, and only calls that overlap the
 * change's added lines are.
 */

type Kind = 'destructive-sql' | 'locking-migration' | 'data-migration' | 'irreversible-migration' | 'post-deploy-migration';

const SEVERITY: Record<Kind, Severity> = {
  'post-deploy-migration': 'warning',
  'destructive-sql': 'critical',
  'locking-migration': 'warning',
  'data-migration': 'warning',
  'irreversible-migration': 'warning',
};

export type DslFamily = 'rails' | 'django' | 'alembic' | 'laravel' | 'js' | 'ecto' | 'efcore' | 'doctrine' | 'liquibase';

const DIALECTS: Record<string, DslFamily> = {
  rails: 'rails',
  activerecord: 'rails',
  sequel: 'rails',
  django: 'django',
  alembic: 'alembic',
  'flask-migrate': 'alembic',
  laravel: 'laravel',
  knex: 'js',
  sequelize: 'js',
  typeorm: 'js',
  'node-pg-migrate': 'js',
  'mikro-orm': 'js',
  js: 'js',
  ecto: 'ecto',
  efcore: 'efcore',
  'ef-core': 'efcore',
  doctrine: 'doctrine',
  liquibase: 'liquibase',
};

/** The DSL family of a rule dialect, or a guess from the file when the rule names none. */
export function dslFamily(dialect: string | undefined, path: string, text: string): DslFamily | null {
  if (dialect && DIALECTS[dialect.toLowerCase()]) return DIALECTS[dialect.toLowerCase()];
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'rb':
      return 'rails';
    case 'py':
      return /\bop\.\w+\(|def upgrade\(/.test(text) ? 'alembic' : 'django';
    case 'php':
      return /Schema::|\$table->/.test(text) ? 'laravel' : 'doctrine';
    case 'js':
    case 'ts':
    case 'mjs':
    case 'cjs':
      return 'js';
    case 'exs':
    case 'ex':
      return 'ecto';
    case 'cs':
      return 'efcore';
    case 'xml':
    case 'yaml':
    case 'yml':
    case 'json':
      return 'liquibase';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Scanning code: comments blanked, string literals located

interface Literal {
  /** Offset of the opening token (`"`, `<<~SQL`, `"""`). */
  open: number;
  /** Content range [start, end). */
  start: number;
  end: number;
  /** Range to skip when reading code [from, to): quotes included, heredoc bodies included. */
  from: number;
  to: number;
}

interface LangSpec {
  line: string[];
  block?: [string, string];
  quotes: string;
  triple?: string;
  heredoc?: 'ruby' | 'php';
  /** C#: `@"…"` verbatim strings. */
  verbatimAt?: boolean;
}

const LANGS: Record<DslFamily, LangSpec> = {
  rails: { line: ['#'], quotes: `'"`, heredoc: 'ruby' },
  django: { line: ['#'], quotes: `'"`, triple: `'"` },
  alembic: { line: ['#'], quotes: `'"`, triple: `'"` },
  laravel: { line: ['//', '#'], block: ['/*', '*/'], quotes: `'"`, heredoc: 'php' },
  doctrine: { line: ['//', '#'], block: ['/*', '*/'], quotes: `'"`, heredoc: 'php' },
  js: { line: ['//'], block: ['/*', '*/'], quotes: "'\"`" },
  ecto: { line: ['#'], quotes: `'"`, triple: `"'` },
  efcore: { line: ['//'], block: ['/*', '*/'], quotes: `"`, triple: `"`, verbatimAt: true },
  liquibase: { line: [], block: ['<!--', '-->'], quotes: '' },
};

export interface ScannedCode {
  family: DslFamily;
  text: string;
  /** Comments replaced by spaces; everything else (strings included) as is. */
  masked: string;
  literals: Literal[];
}

/** Per family, the characters where scanCode's loop does anything but step over. */
const TRIGGERS = new Map<DslFamily, RegExp>();

function triggersOf(family: DslFamily): RegExp {
  let re = TRIGGERS.get(family);
  if (!re) {
    const spec = LANGS[family];
    const chars = new Set<string>(['\n', ...spec.quotes, ...(spec.triple ?? '')]);
    if (spec.heredoc) chars.add('<');
    for (const p of spec.line) chars.add(p[0]);
    if (spec.block) chars.add(spec.block[0][0]);
    re = new RegExp(`[${[...chars].map((c) => (c === '\n' ? '\\n' : `\\${c}`)).join('')}]`, 'g');
    TRIGGERS.set(family, re);
  }
  return re;
}

/** `\s` without the newline (a line's leading blanks). */
const isBlankCode = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
/** `\w`. */
const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

export function scanCode(text: string, family: DslFamily): ScannedCode {
  const spec = LANGS[family];
  const triggers = triggersOf(family);
  const out = charCodes(text);
  const literals: Literal[] = [];
  const n = text.length;
  let i = 0;
  let pendingHeredoc: { open: number; id: string; indented: boolean } | null = null;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (text[k] !== '\n') out[k] = 32;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      i++;
      if (pendingHeredoc) {
        const h = pendingHeredoc;
        pendingHeredoc = null;
        const start = i;
        let p = i;
        let end = n;
        let after = n;
        while (p < n) {
          let e = text.indexOf('\n', p);
          if (e < 0) e = n;
          // the terminator: the tag at the line's start (after blanks when indented), not followed by a
          // word character; compared in place (a RegExp built and a slice copied per line were the
          // cost of a long heredoc body)
          let s = p;
          if (h.indented) while (s < e && isBlankCode(text.charCodeAt(s))) s++;
          if (text.startsWith(h.id, s) && !isWordCode(text.charCodeAt(s + h.id.length))) {
            end = p;
            after = e;
            break;
          }
          p = e + 1;
        }
        literals.push({ open: h.open, start, end, from: start, to: after });
        i = after;
      }
      continue;
    }
    if (spec.heredoc === 'ruby' && c === '<' && text[i + 1] === '<') {
      const m = /^<<([~-]?)(['"]?)([A-Z_][A-Z0-9_]*)\2/.exec(text.slice(i, i + 80));
      if (m && (m[1] || m[2] || /[\s(,]/.test(text[i - 1] ?? ' '))) {
        pendingHeredoc = { open: i, id: m[3], indented: !!m[1] };
        i += m[0].length;
        continue;
      }
    }
    if (spec.heredoc === 'php' && text.startsWith('<<<', i)) {
      const m = /^<<<\s*(['"]?)([A-Za-z_]\w*)\1/.exec(text.slice(i, i + 80));
      if (m) {
        pendingHeredoc = { open: i, id: m[2], indented: true };
        i += m[0].length;
        continue;
      }
    }
    let lineComment: string | undefined;
    for (const p of spec.line) {
      if (text.startsWith(p, i) && !(p === '#' && spec.heredoc === 'php' && text[i + 1] === '[')) {
        lineComment = p;
        break;
      }
    }
    if (lineComment) {
      const nl = text.indexOf('\n', i);
      blank(i, nl < 0 ? n : nl);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (spec.block && text.startsWith(spec.block[0], i)) {
      const close = text.indexOf(spec.block[1], i + spec.block[0].length);
      const end = close < 0 ? n : close + spec.block[1].length;
      blank(i, end);
      i = end;
      continue;
    }
    if (spec.triple && spec.triple.includes(c) && text[i + 1] === c && text[i + 2] === c) {
      const q = c.repeat(3);
      const close = text.indexOf(q, i + 3);
      const end = close < 0 ? n : close;
      literals.push({ open: i, start: i + 3, end, from: i, to: close < 0 ? n : close + 3 });
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (spec.quotes.includes(c)) {
      const verbatim = spec.verbatimAt && (text[i - 1] === '@' || (text[i - 1] === '$' && text[i - 2] === '@'));
      let k = i + 1;
      while (k < n) {
        const d = text[k];
        if (!verbatim && d === '\\') {
          k += 2;
          continue;
        }
        if (d === c) {
          if (verbatim && text[k + 1] === c) {
            k += 2;
            continue;
          }
          break;
        }
        if (d === '\n' && c !== '`' && !verbatim && family !== 'ecto' && family !== 'rails' && family !== 'laravel' && family !== 'doctrine') break;
        k++;
      }
      literals.push({ open: i, start: i + 1, end: Math.min(k, n), from: i, to: Math.min(k + 1, n) });
      i = Math.min(k + 1, n);
      continue;
    }
    // Nothing starts here: step to the next character where something may.
    triggers.lastIndex = i + 1;
    const next = triggers.exec(text);
    i = next ? next.index : n;
  }
  return { family, text, masked: fromCharCodes(out), literals };
}

// ---------------------------------------------------------------------------------------
// Reading calls

interface Arg {
  text: string;
  from: number;
  to: number;
}

interface Ctx {
  family: DslFamily;
  code: ScannedCode;
  lineOf(offset: number): number;
  changed(line: number): boolean;
  inDown(line: number): boolean;
  created: Set<string>;
  flavor: SqlFlavor;
  findings: Finding[];
  /** Data changes done through models/builders: one finding per file. */
  dataCalls: { line: number; what: string }[];
  /** Per-analysis caches (matches of a pattern over the whole file). */
  memo: Map<string, { index: number; groups: (string | undefined)[] }[]>;
}

/** Index of the last literal whose `from` is at or before `offset` (literals are in text order, disjoint). */
function lastLiteralFrom(code: ScannedCode, offset: number): number {
  let lo = 0;
  let hi = code.literals.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (code.literals[mid].from <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function isInLiteral(code: ScannedCode, offset: number): boolean {
  const k = lastLiteralFrom(code, offset);
  return k >= 0 && offset < code.literals[k].to;
}

/** The literal (if any) whose opening token is at or after `from` and before `to`. */
function literalIn(code: ScannedCode, from: number, to: number): Literal | undefined {
  // `open` is at or after `from` of the same literal: start from the last one that begins before `from`.
  for (let k = Math.max(0, lastLiteralFrom(code, from)); k < code.literals.length; k++) {
    const l = code.literals[k];
    if (l.open >= from && l.open < to) return l;
    // Sorted by `from`; only a heredoc opens before its body: past the range, a plain literal ends the search.
    if (l.open >= to && l.open === l.from) break;
  }
  return undefined;
}

/**
 * The literal that an argument *is* (`"…"`, `@"…"`, `<<~SQL`, `sa.text("…")`), not one
 * nested deeper in an expression (`table.update().values(plan="free")`).
 */
function argLiteral(code: ScannedCode, arg: Arg | undefined): Literal | undefined {
  if (!arg) return undefined;
  const lit = literalIn(code, arg.from, arg.to + 1);
  if (!lit) return undefined;
  return /^(?:(?:sa\.|sqlalchemy\.)?text\(\s*|[\w.]*\(\s*)?[@$rRbBuUfF]*$/.test(code.masked.slice(arg.from, lit.open)) ? lit : undefined;
}

/** Characters (a string literal counts as one) that one call's arguments may span. */
const MAX_CALL_STEPS = 2000;

/**
 * Arguments of a call whose `(` is at `open` (or, for paren-less Ruby/Elixir calls, the
 * rest of the line from `open`, continued while a line ends with a comma).
 */
function callArgs(code: ScannedCode, open: number): { args: Arg[]; end: number } {
  const { masked } = code;
  const paren = masked[open] === '(';
  let i = paren ? open + 1 : open;
  let depth = 0;
  let argStart = i;
  const args: Arg[] = [];
  const push = (end: number): void => {
    const raw = masked.slice(argStart, end);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim()) args.push({ text: raw.trim(), from: argStart + lead, to: argStart + lead + raw.trim().length });
  };
  // A call's arguments are read up to a bounded number of steps: an unclosed `(` repeated
  // through a file must not make every call read to the end of it (cost: steps × calls).
  let steps = 0;
  let li = Math.max(0, lastLiteralFrom(code, i));
  while (i < masked.length) {
    if (++steps > MAX_CALL_STEPS) break;
    while (li < code.literals.length && code.literals[li].from < i) li++;
    const lit = li < code.literals.length && code.literals[li].from === i ? code.literals[li] : undefined;
    if (lit) {
      i = lit.open === lit.from ? lit.to : i + 1;
      continue;
    }
    const c = masked[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        push(i);
        return { args, end: i + 1 };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      push(i);
      argStart = i + 1;
    } else if (!paren && depth === 0 && (c === '\n' || (c === ';' && code.family !== 'ecto'))) {
      // A paren-less call continues on the next line only after a trailing comma.
      if (c === '\n' && masked.slice(argStart, i).trim() === '' && args.length > 0) {
        i++;
        continue;
      }
      push(i);
      return { args, end: i };
    } else if (!paren && depth === 0 && /^\s(?:do|if|unless)\b/.test(masked.slice(i, i + 8)) && code.family !== 'ecto') {
      push(i);
      return { args, end: i };
    }
    i++;
  }
  push(i);
  return { args, end: i };
}

/** A symbol, atom or string argument as a plain name (`:accounts`, `"accounts"`, `'accounts'`). */
function nameOf(arg: Arg | string | undefined): string | null {
  if (!arg) return null;
  // `${tablePrefix}user` → user: interpolated prefixes are configuration, not the name.
  const t = (typeof arg === 'string' ? arg : arg.text).trim().replace(/\$\{[^}]*\}|#\{[^}]*\}/g, '');
  const m = /^(?::|%s\()?["'`]?([A-Za-z_][\w.$]*)["'`)]?$/.exec(t) ?? /^:"([^"]+)"$/.exec(t);
  return m ? m[1] : null;
}

/** The value of a keyword argument: `name: x`, `name=x`, `'name' => x`, `name => x`. */
function kwArg(args: Arg[], key: string): string | null {
  const re = new RegExp(`^(?::?["']?${key}["']?\\s*(?:=>|:|=)(?!=)\\s*)([\\s\\S]+)$`);
  for (const a of args) {
    const m = re.exec(a.text);
    if (m) return m[1].trim();
  }
  return null;
}

/** Positional arguments (those that are not `key: value` / `key=value`). */
function positional(args: Arg[]): Arg[] {
  return args.filter((a) => !/^:?["']?[A-Za-z_]\w*["']?\s*(?:=>|:(?!:)|=(?!=))/.test(a.text) || /^:[A-Za-z_]\w*$/.test(a.text));
}

function report(ctx: Ctx, kind: Kind, message: string, from: number, to: number, subject?: string, ignoreDown = false): void {
  const first = ctx.lineOf(from);
  const last = ctx.lineOf(Math.max(from, to - 1));
  if (!ignoreDown && ctx.inDown(first)) return;
  for (let l = first; l <= last; l++) {
    if (ctx.changed(l)) {
      ctx.findings.push({ kind, message, line: first, severity: SEVERITY[kind], ...(subject ? { subject } : {}) });
      return;
    }
  }
}

/** Reports an operation of the risk model (message, lock and recipe from its catalog). */
function riskAt(ctx: Ctx, op: RiskOp, subject: string | null, from: number, to: number, detail?: string): void {
  const first = ctx.lineOf(from);
  const last = ctx.lineOf(Math.max(from, to - 1));
  if (ctx.inDown(first)) return;
  for (let l = first; l <= last; l++) {
    if (ctx.changed(l)) {
      ctx.findings.push(riskFinding(op, subject ?? '?', { detail, line: first }));
      return;
    }
  }
}

/** Runs the SQL analysis on one string literal of the code. */
function embeddedSql(ctx: Ctx, lit: Literal): void {
  const sql = ctx.code.text.slice(lit.start, lit.end);
  if (!sql.trim()) return;
  if (ctx.inDown(ctx.lineOf(lit.open))) return;
  const idx = lineIndex(sql);
  const firstLine = ctx.lineOf(lit.start);
  const findings = analyzeSqlText(sql, {
    flavor: ctx.flavor === 'unknown' ? detectFlavor(sql) : ctx.flavor,
    created: ctx.created,
    lineOf: (o) => firstLine + idx(o) - 1,
    // A one-line call `execute("…")` is changed when its line is.
    isChanged: (l) => ctx.changed(l) || ctx.changed(ctx.lineOf(lit.open)),
  });
  pushAll(ctx.findings, findings);
}

/** The most recent match of `re` (group 1) before `offset`: the enclosing table of a block. */
function enclosing(ctx: Ctx, re: RegExp, offset: number): string | null {
  const list = matchesOf(ctx, re);
  let lo = 0;
  let hi = list.length - 1;
  let found: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].index < offset) {
      found = list[mid].groups[1] ?? null;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Global copies of the patterns matchesOf runs, by source and flags (the code's own literals: a few dozen; matchAll clones its argument, so one copy serves every analysis). */
const GLOBAL_COPIES = new Map<string, RegExp>();

/** Every match of `re` in the masked code, computed once per analysis (searches binary-search it). */
function matchesOf(ctx: Ctx, re: RegExp): { index: number; groups: (string | undefined)[] }[] {
  const key = `${re.source}/${re.flags}`;
  let list = ctx.memo.get(key);
  if (!list) {
    let g = GLOBAL_COPIES.get(key);
    if (!g) GLOBAL_COPIES.set(key, (g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)));
    list = [...ctx.code.masked.matchAll(g)].map((m) => ({ index: m.index ?? 0, groups: [...m] }));
    ctx.memo.set(key, list);
  }
  return list;
}

function isNew(ctx: Ctx, table: string | null): boolean {
  return !!table && ctx.created.has(table.toLowerCase());
}

const qual = (table: string | null, col: string | null): string => (table ? `${table}.${col}` : `${col}`);

// ---------------------------------------------------------------------------------------
// DSL tables

interface Pattern {
  re: RegExp;
  /** Called per match; `open` is the offset just after the match (the call's `(` or first arg). */
  on(ctx: Ctx, m: RegExpExecArray, open: number): void;
}

interface Dsl {
  created: RegExp[];
  downStart?: RegExp;
  upStart?: RegExp;
  patterns: Pattern[];
  /** File-level irreversibility, checked on the whole new text. */
  irreversible?(ctx: Ctx, whole: boolean): void;
}

/** Start of the statement that holds `offset` (after the previous `;`, `{` or `}`, blanks skipped). */
function statementStart(masked: string, offset: number): number {
  let i = Math.max(masked.lastIndexOf(';', offset), masked.lastIndexOf('{', offset), masked.lastIndexOf('}', offset)) + 1;
  while (i < offset && /\s/.test(masked[i])) i++;
  return i;
}

/** Offset of the `(` that a pattern ending in `(` matched. */
function parenOf(m: RegExpExecArray): number {
  return m.index + m[0].lastIndexOf('(');
}

/** `(` position for `name(` or the first argument of a paren-less `name arg`. */
function openAfter(masked: string, end: number): number {
  let i = end;
  while (masked[i] === ' ' || masked[i] === '\t') i++;
  return i;
}

/**
 * Rails `reversible do |dir| … dir.down { … } end` (or `dir.down do … end`): true when
 * `offset` is inside a `down` block.
 */
function inRubyDownBlock(ctx: Ctx, offset: number): boolean {
  const { masked } = ctx.code;
  let last: { index: number; groups: (string | undefined)[] } | null = null;
  for (const m of matchesOf(ctx, /\b\w+\.(up|down)\s*(do\b|\{)/g)) {
    if (m.index >= offset) break;
    last = m;
  }
  if (!last || last.groups[1] !== 'down') return false;
  const at = last.index;
  if (last.groups[2] === '{') {
    let depth = 0;
    for (let i = at + (last.groups[0] ?? '').length - 1; i < masked.length; i++) {
      if (isInLiteral(ctx.code, i)) continue;
      if (masked[i] === '{') depth++;
      else if (masked[i] === '}' && --depth === 0) return offset < i;
    }
    return true;
  }
  const lineStart = masked.lastIndexOf('\n', at) + 1;
  const indent = /^[ \t]*/.exec(masked.slice(lineStart))![0].length;
  const close = new RegExp(`\\n[ \\t]{0,${indent}}end\\b`, 'g');
  close.lastIndex = at;
  const end = close.exec(masked);
  return offset < (end ? end.index : masked.length);
}

function sqlCall(re: RegExp): Pattern {
  return {
    re,
    on(ctx, m, open) {
      if (ctx.family === 'rails' && inRubyDownBlock(ctx, m.index)) return;
      const { args } = callArgs(ctx.code, open);
      const lit = argLiteral(ctx.code, args[0]);
      if (lit) embeddedSql(ctx, lit);
    },
  };
}

function dataCall(re: RegExp, what: (m: RegExpExecArray) => string, table?: (m: RegExpExecArray) => string | null): Pattern {
  return {
    re,
    on(ctx, m) {
      const t = table?.(m) ?? null;
      if (isNew(ctx, t)) return;
      const line = ctx.lineOf(m.index);
      if (ctx.inDown(line) || !ctx.changed(line)) return;
      ctx.dataCalls.push({ line, what: what(m) });
    },
  };
}

const RUBY_DOWN = /^[ \t]*(?:def\s+(?:self\.)?down\b|down\s+do\b)/gm;
const RUBY_UP = /^[ \t]*(?:def\s+(?:self\.)?(?:up|change)\b|(?:up|change)\s+do\b)/gm;
const RAILS_CHANGE_TABLE = /\b(?:change_table|alter_table)\s*(?:\(\s*)?:?["']?(\w+)/;

const RAILS: Dsl = {
  created: [/\bcreate_table\s*(?:\(\s*)?:?["']?(\w+)/g],
  downStart: RUBY_DOWN,
  upStart: RUBY_UP,
  patterns: [
    {
      re: /\bremove_columns?\b(?!_)/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const pos = positional(args);
        const table = nameOf(pos[0]);
        if (isNew(ctx, table)) return;
        // remove_column :t, :c[, :type]; remove_columns :t, :a, :b[, type: …]
        for (const c of m[0] === 'remove_column' ? pos.slice(1, 2) : pos.slice(1)) {
          const col = nameOf(c);
          if (col) riskAt(ctx, 'drop-column', qual(table, col), m.index, end);
        }
      },
    },
    {
      re: /\b(?:remove_reference|remove_belongs_to|remove_references)\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const [t, ref] = positional(args).map(nameOf);
        if (isNew(ctx, t)) return;
        riskAt(ctx, 'drop-column', qual(t, `${ref}_id`), m.index, end);
      },
    },
    {
      re: /\bremove_timestamps\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const t = nameOf(positional(args)[0]);
        riskAt(ctx, 'drop-column', qual(t, 'created_at'), m.index, end);
        riskAt(ctx, 'drop-column', qual(t, 'updated_at'), m.index, end);
      },
    },
    {
      re: /\bdrop_(join_)?table\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const names = positional(args).map(nameOf).filter((x): x is string => !!x);
        const table = m[1] ? names.join('_') : names[0];
        if (!table) return;
        riskAt(ctx, 'drop-table', table, m.index, end);
      },
    },
    {
      re: /\brename_table\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const [a, b] = positional(args).map(nameOf);
        if (!a || isNew(ctx, a)) return;
        riskAt(ctx, 'rename-table', a, m.index, end, String(b));
      },
    },
    {
      re: /\brename_column\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const names = positional(args).map(nameOf);
        // Rails: rename_column :t, :a, :b; Sequel inside alter_table: rename_column :a, :b.
        const [t, a, b] = names.length >= 3 ? names : [enclosing(ctx, RAILS_CHANGE_TABLE, m.index), ...names];
        if (isNew(ctx, t)) return;
        riskAt(ctx, 'rename-column', qual(t, a), m.index, end, String(b));
      },
    },
    {
      re: /\b(?:change_column|set_column_type)\b(?!_)/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const names = positional(args).map(nameOf);
        const [t, c] = m[0] === 'set_column_type' ? [enclosing(ctx, RAILS_CHANGE_TABLE, m.index), names[0]] : names;
        if (isNew(ctx, t)) return;
        if (m[0] === 'change_column' && kwArg(args, 'null') !== 'false') {
          const to = railsColumnType(args);
          const from = to && previousRailsType(ctx, t, c, m.index);
          if (to && from && railsTypeChangeIsSafe(from, to)) return;
        }
        riskAt(ctx, 'change-type', qual(t, c), m.index, end, kwArg(args, 'null') === 'false' ? ' and sets it NOT NULL' : '');
      },
    },
    {
      re: /\bchange_column_null\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const pos = positional(args);
        const [t, c] = pos.map(nameOf);
        if (pos[2]?.text !== 'false' || isNew(ctx, t)) return;
        if (pos[3]) {
          riskAt(ctx, 'set-not-null', qual(t, c), m.index, end, ` (and backfills ${pos[3].text} in the same transaction)`);
          return;
        }
        if (c && railsNotNullProven(ctx, t, c, m.index)) return;
        riskAt(ctx, 'set-not-null', qual(t, c), m.index, end, '');
      },
    },
    {
      re: /\badd_column\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const pos = positional(args);
        const [t, c] = pos.map(nameOf);
        if (isNew(ctx, t)) return;
        const type = (nameOf(pos[2]) ?? '').toLowerCase();
        const def = kwArg(args, 'default');
        const volatile = def ? railsVolatileDefault(def) : null;
        if (volatile) riskAt(ctx, 'add-column-volatile-default', qual(t, c), m.index, end, volatile);
        else if (type === 'primary_key' || type === 'serial' || type === 'bigserial') riskAt(ctx, 'add-column-rewrite', qual(t, c), m.index, end, type.replace('_', ' '));
        else if (type === 'virtual' && kwArg(args, 'stored') === 'true') riskAt(ctx, 'add-column-rewrite', qual(t, c), m.index, end, 'stored generated');
        else if (type === 'json') riskAt(ctx, 'add-column-json', qual(t, c), m.index, end);
        else if (kwArg(args, 'null') === 'false' && (def === null || def === 'nil')) riskAt(ctx, 'add-column-required', qual(t, c), m.index, end);
      },
    },
    {
      re: /\b(add_reference|add_belongs_to|add_references)\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const [t, ref] = positional(args).map(nameOf);
        if (isNew(ctx, t)) return;
        const index = kwArg(args, 'index');
        if (index !== 'false' && !/concurrently/.test(index ?? '')) riskAt(ctx, 'add-index', t, m.index, end, ` (${m[1]} :${ref} indexes by default)`);
        const fk = kwArg(args, 'foreign_key');
        if (fk && fk !== 'false' && !/validate:\s*false/.test(fk)) riskAt(ctx, 'add-foreign-key', t, m.index, end, ` (${m[1]} :${ref}, foreign_key without validate: false)`);
      },
    },
    {
      re: /\badd_index\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const t = nameOf(positional(args)[0]);
        if (isNew(ctx, t) || /concurrently/.test(kwArg(args, 'algorithm') ?? '')) return;
        riskAt(ctx, 'add-index', t, m.index, end, '');
      },
    },
    {
      re: /\bremove_index\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const pos = positional(args);
        const t = nameOf(pos[0]);
        if (isNew(ctx, t) || /concurrently/.test(kwArg(args, 'algorithm') ?? '')) return;
        const name = kwArg(args, 'name')?.replace(/['"]/g, '') ?? `on ${t}(${(kwArg(args, 'column') ?? pos[1]?.text ?? '').replace(/[:'"]/g, '')})`;
        riskAt(ctx, 'drop-index', name, m.index, end);
      },
    },
    {
      re: /\b(add_foreign_key|add_check_constraint|add_exclusion_constraint|add_unique_constraint)\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const t = nameOf(positional(args)[0]);
        if (isNew(ctx, t)) return;
        if (m[1] === 'add_unique_constraint') {
          if (kwArg(args, 'using_index') === null) riskAt(ctx, 'add-unique', t, m.index, end, ' without using_index:');
        } else if (m[1] === 'add_exclusion_constraint') riskAt(ctx, 'add-exclusion', t, m.index, end);
        else if (kwArg(args, 'validate') !== 'false') riskAt(ctx, m[1] === 'add_foreign_key' ? 'add-foreign-key' : 'add-check', t, m.index, end, ' without validate: false');
      },
    },
    {
      re: /\b(validate_foreign_key|validate_check_constraint|validate_constraint)\b/g,
      on(ctx, m, open) {
        if (/^[ \t]*disable_ddl_transaction!/m.test(ctx.code.masked)) return;
        const { args, end } = callArgs(ctx.code, open);
        const pos = positional(args);
        const t = nameOf(pos[0]);
        // Added in this migration too: the validation holds the lock taken to add it.
        const added = matchesOf(ctx, /\b(?:add_foreign_key|add_check_constraint)\b[^\n]*validate:\s*false/g)[0];
        if (!added || added.index >= m.index) return;
        riskAt(ctx, 'validate-in-transaction', t, m.index, end, (kwArg(args, 'name') ?? pos[1]?.text ?? '').replace(/[:'"]/g, ''));
      },
    },
    {
      re: /\b(create_table|create_join_table)\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const force = kwArg(args, 'force');
        if (!force || force === 'false' || force === 'nil') return;
        const names = positional(args).map(nameOf).filter((x): x is string => !!x);
        riskAt(ctx, 'replace-table', m[1] === 'create_join_table' ? names.join('_') : names[0], m.index, end);
      },
    },
    {
      re: /\b(rename_schema|rename_enum_value|rename_enum)\b/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, open);
        const pos = positional(args).map(nameOf);
        if (m[1] === 'rename_schema') riskAt(ctx, 'rename-schema', pos[0], m.index, end, String(pos[1]));
        else if (m[1] === 'rename_enum') riskAt(ctx, 'rename-table', `type ${pos[0]}`, m.index, end, String(pos[1] ?? (kwArg(args, 'to') ?? '').replace(/[:'"]/g, '')));
        else riskAt(ctx, 'rename-enum-value', pos[0], m.index, end, `${(kwArg(args, 'from') ?? '').replace(/['"]/g, '')} to ${(kwArg(args, 'to') ?? '').replace(/['"]/g, '')}`);
      },
    },
    {
      re: /^[ \t]*revert\s+(?!do\b)([A-Z]\w*)/gm,
      on(ctx, m) {
        riskAt(ctx, 'revert-migration', m[1], m.index, m.index + m[0].length);
      },
    },
    {
      // Inside change_table / alter_table blocks: t.remove :c, t.rename :a, :b, t.change :c, :type
      re: /\b\w+\.(remove|remove_references|remove_belongs_to|remove_timestamps|rename|change|drop_column)\b(?![?!_])/g,
      on(ctx, m, open) {
        const table = enclosing(ctx, RAILS_CHANGE_TABLE, m.index);
        if (!table || isNew(ctx, table)) return;
        const { args, end } = callArgs(ctx.code, open);
        const names = positional(args).map(nameOf);
        switch (m[1]) {
          case 'remove':
          case 'drop_column':
            for (const c of names) if (c) riskAt(ctx, 'drop-column', `${table}.${c}`, m.index, end);
            break;
          case 'remove_references':
          case 'remove_belongs_to':
            riskAt(ctx, 'drop-column', `${table}.${names[0]}_id`, m.index, end);
            break;
          case 'remove_timestamps':
            riskAt(ctx, 'drop-column', `${table}.created_at`, m.index, end);
            riskAt(ctx, 'drop-column', `${table}.updated_at`, m.index, end);
            break;
          case 'rename':
            if (names.length >= 2) riskAt(ctx, 'rename-column', `${table}.${names[0]}`, m.index, end, String(names[1]));
            break;
          case 'change':
            riskAt(ctx, 'change-type', `${table}.${names[0]}`, m.index, end, '');
            break;
        }
      },
    },
    sqlCall(/\b(?:execute|exec_update|exec_delete|exec_query|run)\b(?=\s*[(<"'%])/g),
    dataCall(/\.(update_all|delete_all|destroy_all|find_each|find_in_batches|in_batches|update_columns?|insert_all!?|upsert_all)\b/g, (m) => m[1]),
    {
      re: /\braise\s+(?:::)?(?:ActiveRecord::)?IrreversibleMigration\b/g,
      on(ctx, m) {
        report(ctx, 'irreversible-migration', 'cannot be rolled back: raises ActiveRecord::IrreversibleMigration', m.index, m.index + m[0].length, undefined, true);
      },
    },
  ],
  irreversible(ctx, whole) {
    if (!whole) return;
    const { masked } = ctx.code;
    const up = /^[ \t]*def\s+(?:self\.)?up\b/m.exec(masked);
    if (up && !/^[ \t]*def\s+(?:self\.)?(?:down|change)\b/m.test(masked)) {
      report(ctx, 'irreversible-migration', 'cannot be rolled back: defines `up` without `down`', up.index, up.index + up[0].length, undefined, true);
    }
  },
};


// ---------------------------------------------------------------------------------------
// Rails column types: what a change_column changes from, and whether it only widens

interface RailsType {
  type: string;
  limit?: number;
  precision?: number;
  scale?: number;
}

const RAILS_TYPE_ALIASES: Record<string, string> = { string: 'varchar', varchar: 'varchar', character_varying: 'varchar', text: 'text', citext: 'citext', decimal: 'decimal', numeric: 'decimal', datetime: 'timestamp', timestamp: 'timestamp', timestamptz: 'timestamptz', time: 'time', interval: 'interval', cidr: 'cidr', inet: 'inet' };

/** The type a `change_column`/`add_column` call names (third positional), with its size options. */
function railsColumnType(args: Arg[]): RailsType | null {
  const raw = nameOf(positional(args)[2]);
  if (!raw) return null;
  const num = (k: string): number | undefined => {
    const v = kwArg(args, k);
    return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  return { type: RAILS_TYPE_ALIASES[raw.toLowerCase()] ?? raw.toLowerCase(), limit: num('limit'), precision: num('precision'), scale: num('scale') };
}

/**
 * The type `table.col` had before the call at `offset`: the latest add_column/change_column
 * of it earlier in the up part, else the one the down part restores.
 */
function previousRailsType(ctx: Ctx, table: string | null, col: string | null, offset: number): RailsType | null {
  if (!table || !col) return null;
  const defs = railsColumnDefs(ctx).get(`${table}.${col}`) ?? [];
  let before: RailsType | null = null;
  let restored: RailsType | null = null;
  for (const d of defs) {
    if (d.at === offset) continue;
    if (d.down) restored ??= d.type;
    else if (d.at < offset) before = d.type;
    else if (restored) break;
  }
  return before ?? restored;
}

/** Every add_column/change_column of the file by `table.col`, in order (read once per analysis). */
function railsColumnDefs(ctx: Ctx): Map<string, { at: number; down: boolean; type: RailsType | null }[]> {
  const cached = (ctx as Ctx & { railsDefs?: Map<string, { at: number; down: boolean; type: RailsType | null }[]> }).railsDefs;
  if (cached) return cached;
  const map = new Map<string, { at: number; down: boolean; type: RailsType | null }[]>();
  for (const k of matchesOf(ctx, /\b(?:add_column|change_column)\b(?!_)/g)) {
    if (isInLiteral(ctx.code, k.index)) continue;
    const { args } = callArgs(ctx.code, openAfter(ctx.code.masked, k.index + (k.groups[0] ?? '').length));
    const [t, c] = positional(args).map(nameOf);
    const key = `${t}.${c}`;
    const list = map.get(key) ?? [];
    list.push({ at: k.index, down: ctx.inDown(ctx.lineOf(k.index)), type: railsColumnType(args) });
    map.set(key, list);
  }
  (ctx as Ctx & { railsDefs?: typeof map }).railsDefs = map;
  return map;
}

/** PostgreSQL changes that need no rewrite (strong_migrations' safe list), in a UTC session. */
export function railsTypeChangeIsSafe(from: RailsType, to: RailsType): boolean {
  const f = from.type;
  const t = to.type;
  const timePrecision = (x: RailsType): number => x.precision ?? x.limit ?? 6;
  if (f === 'varchar' && t === 'varchar') return to.limit === undefined || (from.limit !== undefined && to.limit >= from.limit);
  if ((f === 'varchar' || f === 'text' || f === 'citext') && (t === 'text' || t === 'citext')) return true;
  if ((f === 'text' || f === 'citext') && t === 'varchar') return to.limit === undefined;
  if (f === 'decimal' && t === 'decimal') return to.precision === undefined || (from.precision !== undefined && to.precision >= from.precision && (to.scale ?? 0) === (from.scale ?? 0));
  const timeish = ['timestamp', 'timestamptz', 'time', 'interval'];
  if (timeish.includes(f) && f === t) return timePrecision(to) >= timePrecision(from);
  if ((f === 'timestamp' && t === 'timestamptz') || (f === 'timestamptz' && t === 'timestamp')) return timePrecision(to) >= timePrecision(from);
  if (f === 'cidr' && t === 'inet') return true;
  return false;
}

/** A Rails column default that is a volatile SQL function (`"gen_random_uuid()"`, `-> { "clock_timestamp()" }`). */
function railsVolatileDefault(def: string): string | null {
  const sql = /^(?:->\s*\{\s*|lambda\s*\{\s*)?["']([^"']*)["']/.exec(def.trim());
  if (!sql || !/\(/.test(sql[1])) return null;
  return volatileDefault(`DEFAULT ${sql[1]}`);
}

/**
 * Per migration: for each (table, column) and each column whatever its table, the offset of the
 * first `add_check_constraint … IS NOT NULL` that proves it at once and of the first one added
 * with `validate: false`; and the offsets of `validate_check_constraint` calls, in order.
 */
interface NotNullChecks {
  proven: Map<string, number>;
  deferred: Map<string, number>;
  validations: number[];
}
const notNullChecks = new WeakMap<Ctx, NotNullChecks>();

function notNullChecksOf(ctx: Ctx): NotNullChecks {
  let c = notNullChecks.get(ctx);
  if (c) return c;
  c = { proven: new Map(), deferred: new Map(), validations: matchesOf(ctx, /\bvalidate_check_constraint\b/g).map((v) => v.index) };
  for (const m of matchesOf(ctx, /\badd_check_constraint\s*(?:\(\s*)?:?["']?(\w+)["']?\s*,\s*["']"?(\w+)"?\s+IS\s+NOT\s+NULL["']([^\n]*)/gi)) {
    const into = /validate:\s*false/.test(m.groups[3] ?? '') ? c.deferred : c.proven;
    for (const key of [`${m.groups[1]}\0${m.groups[2]}`, `\0${m.groups[2]}`]) if (!into.has(key)) into.set(key, m.index);
  }
  notNullChecks.set(ctx, c);
  return c;
}

/**
 * True when a CHECK (col IS NOT NULL) was added and validated before `offset` in this
 * migration: one added without `validate: false`, or one added with it and a
 * `validate_check_constraint` between it and `offset` (the earliest such CHECK leaves the most
 * room). Answered from an index built once per migration: a migration of thousands of
 * `change_column_null` calls must not rescan every earlier CHECK for each.
 */
function railsNotNullProven(ctx: Ctx, table: string | null, col: string, offset: number): boolean {
  const c = notNullChecksOf(ctx);
  const key = `${table ?? ''}\0${col}`;
  const proven = c.proven.get(key);
  if (proven !== undefined && proven < offset) return true;
  const deferred = c.deferred.get(key);
  if (deferred === undefined || deferred >= offset) return false;
  // The first validation after the deferred CHECK (binary search), before `offset`.
  let lo = 0;
  let hi = c.validations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.validations[mid] <= deferred) lo = mid + 1;
    else hi = mid;
  }
  return lo < c.validations.length && c.validations[lo] < offset;
}

const DJANGO: Dsl = {
  created: [/\bCreateModel\(\s*(?:name\s*=\s*)?['"](\w+)/g],
  patterns: [
    {
      // Sentry-style CheckedMigration: run by hand after the deploy.
      re: /^[ \t]*is_post_deployment\s*=\s*True\b/gm,
      on(ctx, m) {
        report(ctx, 'post-deploy-migration', 'marked is_post_deployment: run after the deploy', m.index, m.index + m[0].length);
      },
    },
    {
      re: /\b(RemoveField|AlterField|RenameField|AddField)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const pos = positional(args);
        const model = (kwArg(args, 'model_name') ?? pos[0]?.text ?? '').replace(/['"]/g, '');
        if (isNew(ctx, model)) return;
        if (m[1] === 'RenameField') {
          const from = (kwArg(args, 'old_name') ?? pos[1]?.text ?? '').replace(/['"]/g, '');
          const to = (kwArg(args, 'new_name') ?? pos[2]?.text ?? '').replace(/['"]/g, '');
          riskAt(ctx, 'rename-column', `${model}.${from}`, m.index, end, to);
          return;
        }
        const field = (kwArg(args, 'name') ?? pos[1]?.text ?? '').replace(/['"]/g, '');
        const col = `${model}.${field}`;
        if (m[1] === 'RemoveField') {
          riskAt(ctx, 'drop-column', col, m.index, end);
          return;
        }
        const def = kwArg(args, 'field') ?? pos[2]?.text ?? '';
        const kw = (k: string): string | null => new RegExp(`[(,]\\s*${k}\\s*=\\s*([^,)]+)`).exec(def)?.[1].trim() ?? null;
        const indexed = kw('db_index') === 'True' || kw('unique') === 'True';
        const manyToMany = /\bManyToManyField\(/.test(def);
        if (m[1] === 'AddField') {
          if (manyToMany) return;
          if (indexed) riskAt(ctx, 'add-index', model, m.index, end, ` (${field}: ${kw('unique') === 'True' ? 'unique=True' : 'db_index=True'})`);
          const nullable = kw('null') === 'True';
          const dbDefault = kw('db_default');
          const laterDefault = matchesOf(ctx, /\bAddDefaultValue\(\s*model_name\s*=\s*['"](\w+)['"]\s*,\s*name\s*=\s*['"](\w+)['"]/g).some((d) => d.index >= end && d.groups[1] === model && d.groups[2] === field);
          if (!nullable && (dbDefault === null || dbDefault === 'None') && !laterDefault && !/\b(?:Auto|BigAuto|SmallAuto)Field\(/.test(def)) riskAt(ctx, 'add-column-required', col, m.index, end);
          return;
        }
        // AlterField: relaxing (null=True with nothing that changes type, size or indexes) is safe.
        if (indexed) {
          riskAt(ctx, 'add-index', model, m.index, end, ` (${field}: ${kw('unique') === 'True' ? 'unique=True' : 'db_index=True'})`);
          return;
        }
        const reshaping = /\b(?:max_length|max_digits|decimal_places|primary_key|db_default|to|on_delete)\s*=/.test(def);
        if (kw('null') === 'True' && !reshaping) return;
        riskAt(ctx, 'alter-field', col, m.index, end, kw('null') === 'True' ? '' : ' (NOT NULL unless the field says null=True)');
      },
    },
    {
      re: /\b(DeleteModel|RenameModel)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const pos = positional(args);
        if (m[1] === 'DeleteModel') {
          const name = (kwArg(args, 'name') ?? pos[0]?.text ?? '').replace(/['"]/g, '');
          riskAt(ctx, 'drop-table', name, m.index, end);
        } else {
          const from = (kwArg(args, 'old_name') ?? pos[0]?.text ?? '').replace(/['"]/g, '');
          const to = (kwArg(args, 'new_name') ?? pos[1]?.text ?? '').replace(/['"]/g, '');
          riskAt(ctx, 'rename-table', from, m.index, end, to);
        }
      },
    },
    {
      re: /\b(AddIndex|AddConstraint|AlterUniqueTogether|AlterIndexTogether|RemoveIndex)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const model = (kwArg(args, 'model_name') ?? kwArg(args, 'name') ?? positional(args)[0]?.text ?? '').replace(/['"]/g, '');
        if (isNew(ctx, model)) return;
        if (m[1] === 'AlterUniqueTogether' || m[1] === 'AlterIndexTogether') {
          // `set()`, `{}`, `[]`, `None`: the constraint or index is removed, nothing is built.
          const value = (kwArg(args, m[1] === 'AlterUniqueTogether' ? 'unique_together' : 'index_together') ?? positional(args)[1]?.text ?? '').trim();
          if (/^(?:set\(\s*\)|\{\s*\}|\[\s*\]|\(\s*\)|None)$/.test(value)) return;
          riskAt(ctx, m[1] === 'AlterUniqueTogether' ? 'add-unique' : 'add-index', model, m.index, end, ` (${m[1]})`);
          return;
        }
        if (m[1] === 'RemoveIndex') {
          riskAt(ctx, 'drop-index', `${(kwArg(args, 'name') ?? '').replace(/['"]/g, '')} on ${model}`, m.index, end);
          return;
        }
        if (m[1] === 'AddIndex') {
          riskAt(ctx, 'add-index', model, m.index, end, ' (AddIndex; AddIndexConcurrently is the safe variant)');
          return;
        }
        const constraint = kwArg(args, 'constraint') ?? '';
        if (/UniqueConstraint\(/.test(constraint)) riskAt(ctx, 'add-unique', model, m.index, end, '');
        else if (/ExclusionConstraint\(/.test(constraint)) riskAt(ctx, 'add-exclusion', model, m.index, end);
        else riskAt(ctx, 'add-check', model, m.index, end, ' (AddConstraint validates at once; AddConstraintNotValid then ValidateConstraint is the safe variant)');
      },
    },
    {
      re: /\bRunPython\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const pos = positional(args);
        const forward = kwArg(args, 'code') ?? pos[0]?.text ?? '';
        report(ctx, 'data-migration', `runs Python code (RunPython ${forward})`, m.index, end, forward || undefined);
        if (pos.length < 2 && kwArg(args, 'reverse_code') === null) {
          report(ctx, 'irreversible-migration', `cannot be rolled back: RunPython ${forward} has no reverse_code`, m.index, end, forward || undefined);
        }
      },
    },
    {
      re: /\bRunSQL\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const pos = positional(args);
        const sqlArg = args.find((a) => /^sql\s*=/.test(a.text)) ?? pos[0];
        if (sqlArg) for (const lit of ctx.code.literals.filter((l) => l.open >= sqlArg.from && l.open < sqlArg.to)) embeddedSql(ctx, lit);
        if (pos.length < 2 && kwArg(args, 'reverse_sql') === null) {
          report(ctx, 'irreversible-migration', 'cannot be rolled back: RunSQL has no reverse_sql', m.index, end);
        }
      },
    },
  ],
};

const ALEMBIC_BATCH = /\bbatch_alter_table\(\s*['"](\w+)/;

const ALEMBIC: Dsl = {
  created: [/\bop\.create_table\(\s*['"](\w+)/g],
  downStart: /^def\s+downgrade\w*\s*\(/gm,
  upStart: /^def\s+upgrade\w*\s*\(/gm,
  patterns: [
    {
      re: /\b(op|batch_op|\w+)\.(drop_column|drop_table|rename_table|alter_column|add_column|create_index|bulk_insert)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const pos = positional(args);
        const batch = m[1] !== 'op';
        if (batch && m[1] !== 'batch_op' && !/^batch/.test(m[1])) return;
        const table = batch ? enclosing(ctx, ALEMBIC_BATCH, m.index) : nameOf(pos[0]);
        const rest = batch ? pos : pos.slice(1);
        if (isNew(ctx, table) && m[2] !== 'drop_table') return;
        switch (m[2]) {
          case 'drop_column': {
            const c = nameOf(rest[0]);
            riskAt(ctx, 'drop-column', qual(table, c), m.index, end);
            break;
          }
          case 'drop_table':
            if (!batch) riskAt(ctx, 'drop-table', table, m.index, end);
            break;
          case 'rename_table':
            riskAt(ctx, 'rename-table', table, m.index, end, String(nameOf(rest[0])));
            break;
          case 'alter_column': {
            const c = nameOf(rest[0]);
            const renamed = kwArg(args, 'new_column_name');
            if (renamed) riskAt(ctx, 'rename-column', qual(table, c), m.index, end, String(renamed.replace(/['"]/g, '')));
            if (kwArg(args, 'type_')) riskAt(ctx, 'change-type', qual(table, c), m.index, end, '');
            if (kwArg(args, 'nullable') === 'False') riskAt(ctx, 'set-not-null', qual(table, c), m.index, end, '');
            break;
          }
          case 'add_column': {
            const col = rest[0]?.text ?? '';
            if (/\bnullable\s*=\s*False\b/.test(col) && !/\bserver_default\s*=/.test(col)) {
              const c = /Column\(\s*['"](\w+)/.exec(col)?.[1] ?? null;
              riskAt(ctx, 'add-column-required', qual(table, c), m.index, end);
            }
            break;
          }
          case 'create_index': {
            const t = batch ? table : nameOf(pos[1]) ?? nameOf(kwArg(args, 'table_name') ?? undefined);
            if (isNew(ctx, t) || /True/.test(kwArg(args, 'postgresql_concurrently') ?? '')) return;
            riskAt(ctx, 'add-index', t, m.index, end, ' (postgresql_concurrently=True is the safe variant)');
            break;
          }
          case 'bulk_insert': {
            const line = ctx.lineOf(m.index);
            if (!ctx.inDown(line) && ctx.changed(line)) ctx.dataCalls.push({ line, what: 'op.bulk_insert' });
            break;
          }
        }
      },
    },
    {
      re: /\b(?:op|conn|connection|bind|session|\w+)\.execute\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const lit = argLiteral(ctx.code, args[0]);
        if (lit) embeddedSql(ctx, lit);
        else if (args[0]) report(ctx, 'data-migration', 'executes SQL built in code', m.index, end);
      },
    },
  ],
  irreversible(ctx, whole) {
    const { masked } = ctx.code;
    const m = /^def\s+downgrade\s*\([^)]*\)[^:]*:/m.exec(masked);
    if (!m) return;
    const bodyStart = m.index + m[0].length;
    const next = /^\S/m.exec(masked.slice(bodyStart + 1));
    const bodyEnd = next ? bodyStart + 1 + next.index : masked.length;
    let body = '';
    for (let i = bodyStart; i < bodyEnd; i++) body += isInLiteral(ctx.code, i) ? ' ' : masked[i];
    const empty = /^\s*(?:(?:pass|\.\.\.|raise\s+NotImplementedError(?:\(\s*\))?)\s*)*$/.test(body);
    if (!empty) return;
    const touched = whole || Array.from({ length: ctx.lineOf(bodyEnd - 1) - ctx.lineOf(m.index) + 1 }, (_, k) => ctx.lineOf(m.index) + k).some((l) => ctx.changed(l));
    if (touched) ctx.findings.push({ kind: 'irreversible-migration', message: 'cannot be rolled back: downgrade() does nothing', line: ctx.lineOf(m.index), severity: SEVERITY['irreversible-migration'] });
  },
};

const PHP_DOWN = /\bfunction\s+down\s*\(/g;
const PHP_UP = /\bfunction\s+up\s*\(/g;
const LARAVEL_TABLE = /Schema::(?:connection\([^)]*\)->)?(?:table|create)\(\s*['"](\w+)/;

/** The body of the first `{ … }` after `from` (masked text, literals skipped). */
function braceBody(ctx: Ctx, from: number): { start: number; end: number } | null {
  const { masked } = ctx.code;
  const open = masked.indexOf('{', from);
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (isInLiteral(ctx.code, i)) continue;
    if (masked[i] === '{') depth++;
    else if (masked[i] === '}' && --depth === 0) return { start: open + 1, end: i };
  }
  return null;
}

function emptyDownIrreversible(startRe: RegExp, emptyRe: RegExp): Dsl['irreversible'] {
  const start = new RegExp(startRe.source, startRe.flags.replace('g', ''));
  return (ctx, whole) => {
    if (!whole) return;
    const m = start.exec(ctx.code.masked);
    if (!m) return;
    const body = braceBody(ctx, m.index + m[0].length - 1);
    if (!body) return;
    const text = ctx.code.masked.slice(body.start, body.end);
    if (emptyRe.test(text)) ctx.findings.push({ kind: 'irreversible-migration', message: 'cannot be rolled back: the down migration does nothing', line: ctx.lineOf(m.index), severity: SEVERITY['irreversible-migration'] });
  };
}

const LARAVEL: Dsl = {
  created: [/Schema::(?:connection\([^)]*\)->)?create\(\s*['"](\w+)/g],
  downStart: PHP_DOWN,
  upStart: PHP_UP,
  patterns: [
    {
      re: /Schema::(?:connection\([^)]*\)->)?(drop|dropIfExists|rename)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const [a, b] = args.map(nameOf);
        if (!a) return;
        if (m[1] === 'rename') riskAt(ctx, 'rename-table', a, m.index, end, String(b));
        else riskAt(ctx, 'drop-table', a, m.index, end);
      },
    },
    {
      re: /->(dropColumn|dropColumns|renameColumn|dropTimestamps|dropTimestampsTz|dropSoftDeletes|dropSoftDeletesTz|dropRememberToken|dropMorphs|dropConstrainedForeignId)\(/g,
      on(ctx, m, open) {
        const table = enclosing(ctx, LARAVEL_TABLE, m.index);
        if (isNew(ctx, table)) return;
        const { args, end } = callArgs(ctx.code, parenOf(m));
        if (m[1] === 'renameColumn') {
          const [a, b] = args.map(nameOf);
          riskAt(ctx, 'rename-column', qual(table, a), m.index, end, String(b));
          return;
        }
        if (m[1] === 'dropColumn' || m[1] === 'dropColumns' || m[1] === 'dropConstrainedForeignId') {
          const cols = args.flatMap((a) => (a.text.startsWith('[') ? a.text.slice(1, -1).split(',') : [a.text])).map((s) => nameOf(s.trim())).filter((c): c is string => !!c);
          for (const c of cols) riskAt(ctx, 'drop-column', qual(table, c), m.index, end);
          return;
        }
        riskAt(ctx, 'drop-column', `${table}.(${m[1]})`, m.index, end);
      },
    },
    {
      re: /->change\(\s*\)/g,
      on(ctx, m) {
        const table = enclosing(ctx, LARAVEL_TABLE, m.index);
        if (isNew(ctx, table)) return;
        const stmtStart = statementStart(ctx.code.masked, m.index);
        const col = /->\w+\(\s*['"](\w+)/.exec(ctx.code.masked.slice(stmtStart, m.index))?.[1] ?? null;
        riskAt(ctx, 'change-type', qual(table, col), stmtStart, m.index + m[0].length, ' (its definition is replaced)');
      },
    },
    sqlCall(/\bDB::(?:connection\([^)]*\)->)?(?:statement|unprepared|update|delete|insert|affectingStatement)(?=\()/g),
    {
      re: /\bDB::(?:connection\([^)]*\)->)?table\(\s*['"](\w+)['"]\s*\)[^;]*?->(update|insert|insertOrIgnore|upsert|delete|truncate|increment|decrement)\(/g,
      on(ctx, m) {
        if (isNew(ctx, m[1])) return;
        if (m[2] === 'truncate') {
          riskAt(ctx, 'truncate', m[1], m.index, m.index + m[0].length, '');
          return;
        }
        const line = ctx.lineOf(m.index);
        if (!ctx.inDown(line) && ctx.changed(line)) ctx.dataCalls.push({ line, what: `${m[2]} on ${m[1]}` });
      },
    },
  ],
  irreversible: emptyDownIrreversible(/\bfunction\s+down\s*\([^)]*\)[^{]*\{/, /^\s*(?:\/\/.*)?\s*$/),
};

const JS_ALTER = /\b(?:alterTable|table)\(\s*['"`](\w+)/;
const JS_DOWN = /^[ \t]*(?:(?:public|private|protected)\s+)?(?:async\s+)?down\s*(?:\(|:|=)|\bexports\.down\s*=|\bexport\s+(?:async\s+)?function\s+down\b|\bexport\s+const\s+down\b/gm;
const JS_UP = /^[ \t]*(?:(?:public|private|protected)\s+)?(?:async\s+)?up\s*(?:\(|:|=)|\bexports\.up\s*=|\bexport\s+(?:async\s+)?function\s+up\b|\bexport\s+const\s+up\b/gm;
const JS_RUNNERS = /^(?:queryInterface|queryRunner|pgm|qi|migration|db|knex|schema|this)$/;

const JS: Dsl = {
  created: [/\bcreateTable(?:IfNotExists)?\(\s*['"`](\w+)/g, /\bnew\s+Table\(\s*\{\s*name:\s*['"`](\w+)/g],
  downStart: JS_DOWN,
  upStart: JS_UP,
  patterns: [
    {
      // knex.schema.dropTable('t'), queryInterface.dropTable('t'), or a destructured helper: dropTable('t').
      re: /(?:\.\s*|(?<![\w$.])\b)(dropTable|dropTableIfExists|renameTable)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const [a, b] = args.map(nameOf);
        if (!a) return;
        if (m[1] === 'renameTable') {
          if (!isNew(ctx, a)) riskAt(ctx, 'rename-table', a, m.index, end, String(b));
        } else riskAt(ctx, 'drop-table', a, m.index, end);
      },
    },
    {
      // the receiver from a word's start only: tried from every letter of a long word, `(\w+)\s*\.`
      // rescanned the rest of it each time (an unterminated 100 KB string: 5 s)
      re: /(?:(?<![\w$])(\w+)\s*\.\s*|(?<![\w$.])\b)(dropColumns?|removeColumn|renameColumn|changeColumn|alterColumn|dropTimestamps)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        // A runner (queryInterface, queryRunner, pgm, a destructured helper) takes the table first.
        const runner = (!m[1] || JS_RUNNERS.test(m[1])) && args.length >= (m[2] === 'renameColumn' ? 3 : 2);
        const table = runner ? nameOf(args[0]) : enclosing(ctx, JS_ALTER, m.index);
        const rest = runner ? args.slice(1) : args;
        if (isNew(ctx, table)) return;
        switch (m[2]) {
          case 'dropColumn':
          case 'dropColumns':
          case 'removeColumn': {
            const cols = rest.flatMap((a) => (a.text.startsWith('[') ? a.text.slice(1, -1).split(',') : [a.text])).map((s) => nameOf(s.trim())).filter((c): c is string => !!c);
            for (const c of cols) riskAt(ctx, 'drop-column', qual(table, c), m.index, end);
            break;
          }
          case 'dropTimestamps':
            riskAt(ctx, 'drop-column', qual(table, 'created_at'), m.index, end);
            riskAt(ctx, 'drop-column', qual(table, 'updated_at'), m.index, end);
            break;
          case 'renameColumn': {
            const [a, b] = rest.map(nameOf);
            riskAt(ctx, 'rename-column', qual(table, a), m.index, end, String(b));
            break;
          }
          case 'changeColumn':
          case 'alterColumn': {
            const c = nameOf(rest[0]) ?? /name:\s*['"`](\w+)/.exec(rest[0]?.text ?? '')?.[1] ?? null;
            const opts = rest.slice(1).map((a) => a.text).join(',');
            if (m[2] === 'alterColumn' && !/\btype\s*:/.test(opts)) {
              if (/\bnotNull\s*:\s*true\b/.test(opts)) riskAt(ctx, 'set-not-null', qual(table, c), m.index, end, '');
              break;
            }
            riskAt(ctx, 'change-type', qual(table, c), m.index, end, '');
            break;
          }
        }
      },
    },
    {
      re: /\.alter\(\s*(?:\{[^)]*\})?\s*\)/g,
      on(ctx, m) {
        const table = enclosing(ctx, JS_ALTER, m.index);
        if (isNew(ctx, table)) return;
        const stmtStart = statementStart(ctx.code.masked, m.index);
        const col = /\.\w+\(\s*['"`](\w+)/.exec(ctx.code.masked.slice(stmtStart, m.index))?.[1] ?? null;
        riskAt(ctx, 'change-type', qual(table, col), stmtStart, m.index + m[0].length, '');
      },
    },
    {
      re: /\.\s*(addIndex|createIndex)\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const t = nameOf(args[0]);
        if (!t || isNew(ctx, t) || /\bconcurrently\s*:\s*true\b/.test(args.map((a) => a.text).join(','))) return;
        riskAt(ctx, 'add-index', t, m.index, end, '');
      },
    },
    sqlCall(/\.\s*(?:raw|query|sql|addSql|runSql)(?=\s*\()/g),
    dataCall(/\.\s*(bulkInsert|bulkUpdate|bulkDelete)\(\s*['"`](\w+)/g, (m) => `${m[1]} on ${m[2]}`, (m) => m[2]),
    dataCall(/\bknex\(\s*['"`](\w+)['"`]\s*\)(?:\s*\.\s*\w+\([^)]*\))*?\s*\.\s*(update|insert|del|delete|upsert)\(/g, (m) => `${m[2]} on ${m[1]}`, (m) => m[1]),
  ],
  irreversible: emptyDownIrreversible(/(?:\bdown\s*(?::|=)\s*(?:async\s*)?(?:function\s*)?\([^)]*\)\s*(?:=>)?\s*\{|(?:^|\s)(?:async\s+)?down\s*\([^)]*\)\s*(?::\s*Promise<void>\s*)?\{|exports\.down\s*=\s*(?:async\s*)?(?:function\s*)?\([^)]*\)\s*(?:=>)?\s*\{|export\s+(?:async\s+)?function\s+down\s*\([^)]*\)\s*(?::\s*[\w<>]+\s*)?\{)/m, /^\s*(?:return(?:\s+Promise\.resolve\(\s*\))?\s*;?\s*)?$/),
};

const ECTO_ALTER = /\balter\s*(?:\(\s*)?table\(\s*:?"?(\w+)/;

const ECTO: Dsl = {
  created: [/\bcreate(?:_if_not_exists)?\s*(?:\(\s*)?table\(\s*:?"?(\w+)/g],
  downStart: /^[ \t]*def\s+down\b/gm,
  upStart: /^[ \t]*def\s+(?:up|change)\b/gm,
  patterns: [
    {
      re: /\bremove(?:_if_exists)?\s*(?:\(\s*)?:(\w+)/g,
      on(ctx, m) {
        const table = enclosing(ctx, ECTO_ALTER, m.index);
        if (isNew(ctx, table)) return;
        riskAt(ctx, 'drop-column', qual(table, m[1]), m.index, m.index + m[0].length);
      },
    },
    {
      re: /\bmodify\s*(?:\(\s*)?:(\w+)/g,
      on(ctx, m) {
        const table = enclosing(ctx, ECTO_ALTER, m.index);
        if (isNew(ctx, table)) return;
        riskAt(ctx, 'change-type', qual(table, m[1]), m.index, m.index + m[0].length, ' (its definition is replaced)');
      },
    },
    {
      re: /\bdrop(?:_if_exists)?\s*(?:\(\s*)?table\(\s*:?"?(\w+)/g,
      on(ctx, m) {
        riskAt(ctx, 'drop-table', m[1], m.index, m.index + m[0].length);
      },
    },
    {
      re: /\brename\s*(?:\(\s*)?table\(\s*:?"?(\w+)"?[^)]*\)\s*,\s*(?::(\w+)\s*,\s*to:\s*:(\w+)|to:\s*table\(\s*:?"?(\w+))/g,
      on(ctx, m) {
        if (isNew(ctx, m[1])) return;
        if (m[2]) riskAt(ctx, 'rename-column', `${m[1]}.${m[2]}`, m.index, m.index + m[0].length, String(m[3]));
        else riskAt(ctx, 'rename-table', m[1], m.index, m.index + m[0].length, String(m[4]));
      },
    },
    {
      re: /\bcreate(?:_if_not_exists)?\s*(?:\(\s*)?(?:unique_)?index\(\s*:?"?(\w+)/g,
      on(ctx, m, open) {
        if (isNew(ctx, m[1])) return;
        const { end } = callArgs(ctx.code, open);
        if (/\bconcurrently:\s*true\b/.test(ctx.code.masked.slice(m.index, end))) return;
        riskAt(ctx, 'add-index', m[1], m.index, end, ' (concurrently: true is the safe variant)');
      },
    },
    sqlCall(/\bexecute\b(?=\s*[("~])/g),
    dataCall(/\b(?:repo\(\)|Repo)\.(update_all|insert_all|delete_all|insert!?|update!?|delete!?)\b/g, (m) => `Repo.${m[1]}`),
  ],
  irreversible(ctx, whole) {
    if (!whole) return;
    const up = /^[ \t]*def\s+up\b/m.exec(ctx.code.masked);
    if (up && !/^[ \t]*def\s+(?:down|change)\b/m.test(ctx.code.masked)) {
      report(ctx, 'irreversible-migration', 'cannot be rolled back: defines `up` without `down`', up.index, up.index + up[0].length, undefined, true);
    }
  },
};

function csArg(args: Arg[], key: string): string | null {
  const v = kwArg(args, key);
  return v === null ? null : v.replace(/^@?"|"$/g, '');
}

const EFCORE: Dsl = {
  created: [/\.CreateTable\(\s*name:\s*"(\w+)"/g],
  downStart: /\boverride\s+void\s+Down\s*\(/g,
  upStart: /\boverride\s+void\s+Up\s*\(/g,
  patterns: [
    {
      re: /\.\s*(DropTable|DropColumn|RenameColumn|RenameTable|AlterColumn)(?:<[^>(]*>)?\(/g,
      on(ctx, m, open) {
        const { args, end } = callArgs(ctx.code, parenOf(m));
        const name = csArg(args, 'name');
        const table = csArg(args, 'table');
        if (m[1] !== 'DropTable' && m[1] !== 'RenameTable' && isNew(ctx, table)) return;
        switch (m[1]) {
          case 'DropTable':
            riskAt(ctx, 'drop-table', name, m.index, end);
            break;
          case 'DropColumn':
            riskAt(ctx, 'drop-column', qual(table, name), m.index, end);
            break;
          case 'RenameColumn':
            riskAt(ctx, 'rename-column', qual(table, name), m.index, end, String(csArg(args, 'newName')));
            break;
          case 'RenameTable':
            riskAt(ctx, 'rename-table', name, m.index, end, String(csArg(args, 'newName')));
            break;
          case 'AlterColumn': {
            const type = csArg(args, 'type');
            const oldType = csArg(args, 'oldType');
            const clr = /^AlterColumn<([^>]+)>/.exec(m[0].slice(m[0].indexOf('Alter')))?.[1] ?? null;
            const oldClr = (kwArg(args, 'oldClrType') ?? '').replace(/^typeof\((.*)\)$/, '$1') || null;
            const maxLen = Number(kwArg(args, 'maxLength') ?? NaN);
            const oldMaxLen = Number(kwArg(args, 'oldMaxLength') ?? NaN);
            const typeChanged = (type && oldType && type !== oldType) || (clr && oldClr && clr.replace(/\?$/, '') !== oldClr.replace(/\?$/, '')) || maxLen < oldMaxLen;
            if (typeChanged) riskAt(ctx, 'change-type', qual(table, name), m.index, end, '');
            else if (kwArg(args, 'nullable') === 'false' && kwArg(args, 'oldNullable') === 'true') riskAt(ctx, 'set-not-null', qual(table, name), m.index, end, '');
            break;
          }
        }
      },
    },
    sqlCall(/\.\s*Sql(?=\s*\()/g),
    dataCall(/\.\s*(InsertData|UpdateData|DeleteData)\(\s*(?:table:\s*)?"(\w+)"/g, (m) => `${m[1]} on ${m[2]}`, (m) => (m[1] === 'InsertData' ? m[2] : null)),
  ],
};

const DOCTRINE: Dsl = {
  created: [],
  downStart: PHP_DOWN,
  upStart: PHP_UP,
  patterns: [
    sqlCall(/->\s*(?:addSql|executeStatement|executeQuery|executeUpdate)(?=\s*\()/g),
    {
      re: /->\s*throwIrreversibleMigrationException\(/g,
      on(ctx, m) {
        report(ctx, 'irreversible-migration', 'cannot be rolled back: down() throws IrreversibleMigration', m.index, m.index + m[0].length, undefined, true);
      },
    },
  ],
  irreversible: emptyDownIrreversible(/\bfunction\s+down\s*\([^)]*\)[^{]*\{/, /^\s*$/),
};

/** Liquibase change types, in XML (`<dropColumn …>`) and YAML/JSON (`dropColumn:`). */
const LIQUIBASE: Dsl = {
  created: [/(?:<createTable\b[^>]*?\btableName="(\w+)")/g, /\bcreateTable["']?\s*:\s*\{?\s*(?:[\s\S]{0,200}?)\btableName["']?\s*:\s*["']?(\w+)/g],
  patterns: [
    {
      re: /(?:<|\b)(dropTable|dropColumn|renameColumn|renameTable|modifyDataType|addNotNullConstraint|update|insert|delete|loadData|loadUpdateData)(?:\b["']?\s*:|(?=[\s/>]))/g,
      on(ctx, m) {
        const { masked } = ctx.code;
        const xml = m[0].startsWith('<');
        if (!xml && !/^\s*(?:-\s*)?["']?$/.test(masked.slice(masked.lastIndexOf('\n', m.index) + 1, m.index))) return;
        let end: number;
        if (xml) {
          const tagEnd = masked.indexOf('>', m.index);
          const selfClosing = masked[tagEnd - 1] === '/';
          const close = masked.indexOf(`</${m[1]}>`, m.index);
          end = selfClosing || close < 0 ? tagEnd + 1 : close;
        } else {
          const next = /\n\s*-\s|\n\s*["']?(?:changeSet|rollback)["']?\s*:/.exec(masked.slice(m.index + m[0].length));
          end = next ? m.index + m[0].length + next.index : masked.length;
        }
        const body = masked.slice(m.index, end);
        const attr = (k: string): string | null => new RegExp(`\\b${k}["']?\\s*[=:]\\s*["']?([\\w.$-]+)`).exec(body)?.[1] ?? null;
        const table = attr('tableName');
        switch (m[1]) {
          case 'dropTable':
            riskAt(ctx, 'drop-table', table, m.index, end);
            return;
          case 'dropColumn': {
            if (isNew(ctx, table)) return;
            const cols = attr('columnName') ? [attr('columnName')!] : [...body.matchAll(/\bname["']?\s*[=:]\s*["']?(\w+)/g)].map((x) => x[1]);
            for (const c of cols) riskAt(ctx, 'drop-column', qual(table, c), m.index, end);
            return;
          }
          case 'renameColumn':
            if (!isNew(ctx, table)) riskAt(ctx, 'rename-column', qual(table, attr('oldColumnName')), m.index, end, String(attr('newColumnName')));
            return;
          case 'renameTable':
            if (!isNew(ctx, attr('oldTableName'))) riskAt(ctx, 'rename-table', attr('oldTableName'), m.index, end, String(attr('newTableName')));
            return;
          case 'modifyDataType':
            if (!isNew(ctx, table)) riskAt(ctx, 'change-type', qual(table, attr('columnName')), m.index, end, ` to ${attr('newDataType')}`);
            return;
          case 'addNotNullConstraint':
            if (!isNew(ctx, table)) riskAt(ctx, 'set-not-null', qual(table, attr('columnName')), m.index, end, '');
            return;
          default: {
            if (!table || isNew(ctx, table)) return;
            const line = ctx.lineOf(m.index);
            if (!ctx.inDown(line) && ctx.changed(line)) ctx.dataCalls.push({ line, what: `${m[1]} on ${table}` });
          }
        }
      },
    },
    {
      re: /<sql\b[^>]*>/g,
      on(ctx, m) {
        const start = m.index + m[0].length;
        const close = ctx.code.masked.indexOf('</sql>', start);
        let s = start;
        let e = close < 0 ? ctx.code.masked.length : close;
        const cdata = /<!\[CDATA\[/.exec(ctx.code.text.slice(s, e));
        if (cdata) {
          s += cdata.index + cdata[0].length;
          const ce = ctx.code.text.indexOf(']]>', s);
          if (ce >= 0 && ce < e) e = ce;
        }
        embeddedSql(ctx, { open: s, start: s, end: e, from: s, to: e });
      },
    },
    {
      re: /^([ \t]*)(?:-[ \t]*)?["']?sql["']?[ \t]*:[ \t]*/gm,
      on(ctx, m) {
        const text = ctx.code.text;
        const after = m.index + m[0].length;
        const lineEnd = text.indexOf('\n', after) < 0 ? text.length : text.indexOf('\n', after);
        const inline = text.slice(after, lineEnd).trim();
        if (inline && !/^[|>][-+]?$/.test(inline)) {
          const q = /^["']/.test(inline) ? 1 : 0;
          const s = after + text.slice(after, lineEnd).indexOf(inline) + q;
          embeddedSql(ctx, { open: s, start: s, end: lineEnd - q, from: s, to: lineEnd });
          return;
        }
        // Block scalar: the more-indented lines that follow (unless they are keys: `- sql:` change type).
        if (/^\s*(?:-\s*)?["']?\w+["']?\s*:/.test(text.slice(lineEnd + 1, text.indexOf('\n', lineEnd + 1) < 0 ? text.length : text.indexOf('\n', lineEnd + 1)))) return;
        const indent = m[1].length;
        let e = lineEnd;
        for (let p = lineEnd + 1; p < text.length; ) {
          const nl = text.indexOf('\n', p) < 0 ? text.length : text.indexOf('\n', p);
          const line = text.slice(p, nl);
          if (line.trim() && line.length - line.trimStart().length <= indent) break;
          e = nl;
          p = nl + 1;
        }
        embeddedSql(ctx, { open: lineEnd + 1, start: lineEnd + 1, end: e, from: lineEnd + 1, to: e });
      },
    },
  ],
};

const DSLS: Record<DslFamily, Dsl> = { rails: RAILS, django: DJANGO, alembic: ALEMBIC, laravel: LARAVEL, js: JS, ecto: ECTO, efcore: EFCORE, doctrine: DOCTRINE, liquibase: LIQUIBASE };

// ---------------------------------------------------------------------------------------
// Down sections

function downLines(code: ScannedCode, dsl: Dsl, family: DslFamily, lineOf: (o: number) => number): Set<number> {
  const lines = new Set<number>();
  const total = lineOf(code.text.length);
  if (family === 'liquibase') {
    for (const m of code.masked.matchAll(/<rollback\b[^>]*\/>|<rollback\b[^>]*>[\s\S]*?<\/rollback>/g)) {
      for (let l = lineOf(m.index ?? 0); l <= lineOf((m.index ?? 0) + m[0].length - 1); l++) lines.add(l);
    }
    for (const m of code.masked.matchAll(/^([ \t]*)["']?rollback["']?\s*:/gm)) {
      const indent = m[1].length;
      const first = lineOf(m.index ?? 0);
      lines.add(first);
      const rest = code.masked.slice((m.index ?? 0) + m[0].length).split('\n');
      for (let k = 1; k < rest.length; k++) {
        const l = rest[k];
        if (l.trim() && l.length - l.trimStart().length <= indent) break;
        lines.add(first + k);
      }
    }
    return lines;
  }
  if (!dsl.downStart) return lines;
  const starts = [...code.masked.matchAll(new RegExp(dsl.downStart.source, dsl.downStart.flags))].map((m) => lineOf(m.index ?? 0));
  const ups = dsl.upStart ? [...code.masked.matchAll(new RegExp(dsl.upStart.source, dsl.upStart.flags))].map((m) => lineOf(m.index ?? 0)) : [];
  for (const s of starts) {
    const nextUp = ups.filter((u) => u > s).sort((a, b) => a - b)[0] ?? total + 1;
    for (let l = s; l < nextUp; l++) lines.add(l);
  }
  return lines;
}

function flavorOf(family: DslFamily, text: string, hint: SqlFlavor | null): SqlFlavor {
  if (hint) return hint;
  if (family === 'doctrine') {
    if (/PostgreSQL|'postgresql'/i.test(text) && !/MySQL|MariaDb/i.test(text)) return 'postgresql';
    if (/MySQL|MariaDb/i.test(text)) return 'mysql';
    if (/Sqlite/i.test(text)) return 'sqlite';
    if (/SQLServer|mssql/i.test(text)) return 'sqlserver';
  }
  if (family === 'efcore') return 'sqlserver';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------
// The analyzer

/** Findings of a framework migration text. `changed` null means every line is new. */
export function analyzeDsl(
  family: DslFamily,
  text: string,
  opts: { changed: ((line: number) => boolean) | null; whole: boolean; flavor?: SqlFlavor | null; lineBase?: number },
): Finding[] {
  const dsl = DSLS[family];
  const code = scanCode(text, family);
  const base = (opts.lineBase ?? 1) - 1;
  const idx = lineIndex(text);
  const lineOf = (o: number): number => base + idx(o);
  const maskedLines = code.masked.split('\n');
  const changed = opts.changed;
  const down = downLines(code, dsl, family, lineOf);
  const created = new Set<string>();
  for (const re of dsl.created) for (const m of code.masked.matchAll(re)) if (m[1]) created.add(m[1].toLowerCase());
  const ctx: Ctx = {
    family,
    code,
    lineOf,
    changed: (l) => (maskedLines[l - base - 1] ?? '').trim() !== '' && (changed ? changed(l) : true),
    inDown: (l) => down.has(l),
    created,
    flavor: flavorOf(family, text, opts.flavor ?? null),
    findings: [],
    dataCalls: [],
    memo: new Map(),
  };
  for (const p of dsl.patterns) {
    for (const m of code.masked.matchAll(p.re)) {
      const index = m.index ?? 0;
      if (isInLiteral(code, index)) continue;
      p.on(ctx, m as RegExpExecArray, openAfter(code.masked, index + m[0].length));
    }
  }
  if (ctx.dataCalls.length) {
    const whats = [...new Set(ctx.dataCalls.map((d) => d.what))];
    ctx.findings.push({ kind: 'data-migration', message: `changes data in code (${whats.slice(0, 3).join(', ')}${whats.length > 3 ? ', …' : ''})`, line: ctx.dataCalls[0].line, severity: SEVERITY['data-migration'] });
  }
  dsl.irreversible?.(ctx, opts.whole);
  return ctx.findings;
}

export const migrationDslAnalyzer: Analyzer = {
  id: 'migration-dsl',
  needsContent: true,
  analyze({ change, rule, newText }) {
    if (change.status === 'deleted' || change.hunks.length === 0) return [];
    const hint = flavorFromHint(rule.dialect);
    if (newText != null) {
      const text = newText.replace(/\r\n/g, '\n');
      const family = dslFamily(rule.dialect, change.path, text);
      if (!family) return [];
      const set = addedLineNumbers(change);
      return analyzeDsl(family, text, { changed: (l) => set.has(l), whole: change.status === 'added', flavor: hint });
    }
    const findings: Finding[] = [];
    for (const h of change.hunks) {
      if (!h.added.length) continue;
      const text = h.added.join('\n');
      const family = dslFamily(rule.dialect, change.path, text);
      if (!family) continue;
      pushAll(findings, analyzeDsl(family, text, { changed: null, whole: false, flavor: hint, lineBase: h.newStart }));
    }
    return findings;
  },
};
