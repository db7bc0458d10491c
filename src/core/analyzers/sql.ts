import type { Change, Finding, Severity } from '../types';
import { pushAll, type Analyzer } from './analyzer';
import { riskFinding, type RiskOp } from './migrationRisk';

/**
 * Risk in plain SQL migrations (Flyway, golang-migrate, goose, dbmate, Prisma, Diesel,
 * sqitch, Liquibase formatted SQL, Play evolutions, …), tolerant of the PostgreSQL,
 * MySQL, SQLite and SQL Server dialects.
 *
 * The text is first *masked* (comments blanked, string and dollar-quoted bodies replaced,
 * offsets and newlines kept), then split into statements, so that words in comments or
 * literals never trigger and every fact keeps its line. Only statements that overlap the
 * change's added lines are reported; down/rollback sections are never reported (dropping
 * what the up section created is their job).
 */

export type SqlFlavor = 'postgresql' | 'mysql' | 'sqlite' | 'sqlserver' | 'unknown';

export type SqlFindingKind = 'destructive-sql' | 'locking-migration' | 'data-migration' | 'irreversible-migration';

const SEVERITY: Record<SqlFindingKind, Severity> = {
  'destructive-sql': 'critical',
  'locking-migration': 'warning',
  'data-migration': 'warning',
  'irreversible-migration': 'warning',
};

/** A fact about one statement, with its offset in the analysed text. */
interface Fact {
  kind: 'destructive-sql' | 'locking-migration' | 'data-migration';
  message: string;
  subject?: string;
  offset: number;
  /** For data facts: grouped per verb and table into one finding. */
  group?: { verb: string; table: string; allRows: boolean };
  /** A hazard of the risk model: the message, lock and recipe come from its catalog. */
  op?: RiskOp;
  detail?: string;
}

// ---------------------------------------------------------------------------------------
// Masking and splitting

/** A text as UTF-16 code units, to blank parts of it in place (an array of strings costs more than linear in memory traffic). */
export function charCodes(text: string): Uint16Array {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const UTF16 = new TextDecoder('utf-16le');

/** Back to a string (code units kept as they are, lone surrogates included). */
export function fromCharCodes(codes: Uint16Array): string {
  return UTF16.decode(codes);
}

/**
 * Returns `text` with comments replaced by spaces and the contents of string literals
 * (single-quoted, dollar-quoted, MySQL double-quoted) replaced by `x`; quoted identifiers
 * are kept (without their semicolons). Same length, same newlines.
 */
export function maskSql(text: string, flavor: SqlFlavor = 'unknown'): string {
  const out = charCodes(text);
  const n = text.length;
  let i = 0;
  let lineStart = true;
  const blankTo = (end: number): void => {
    for (; i < end; i++) if (text[i] !== '\n') out[i] = 32;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if ((c === '-' && text[i + 1] === '-') || (c === '#' && (lineStart || flavor === 'mysql'))) {
      const nl = text.indexOf('\n', i);
      blankTo(nl < 0 ? n : nl);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 0;
      while (i < n) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          out[i] = out[i + 1] = 32;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          out[i] = out[i + 1] = 32;
          i += 2;
          if (depth === 0 || flavor !== 'postgresql') break;
        } else {
          if (text[i] !== '\n') out[i] = 32;
          i++;
        }
      }
      continue;
    }
    if (c === "'" || (c === '"' && flavor === 'mysql')) {
      const backslash = flavor === 'mysql' || (/[eE]/.test(text[i - 1] ?? '') && !/[\w$]/.test(text[i - 2] ?? ''));
      i++;
      while (i < n) {
        const d = text[i];
        if (backslash && d === '\\' && i + 1 < n) {
          out[i] = 120;
          if (text[i + 1] !== '\n') out[i + 1] = 120;
          i += 2;
          continue;
        }
        if (d === c) {
          if (text[i + 1] === c) {
            out[i] = out[i + 1] = 120;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d !== '\n') out[i] = 120;
        i++;
      }
      lineStart = false;
      continue;
    }
    if (c === '$' && flavor !== 'mysql' && flavor !== 'sqlserver' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        const tag = m[0];
        const close = text.indexOf(tag, i + tag.length);
        const bodyEnd = close < 0 ? n : close;
        for (let k = i + tag.length; k < bodyEnd; k++) if (text[k] !== '\n') out[k] = 120;
        i = close < 0 ? n : close + tag.length;
        lineStart = false;
        continue;
      }
    }
    if (c === '"' || c === '`' || (c === '[' && flavor === 'sqlserver')) {
      const close = c === '[' ? ']' : c;
      i++;
      while (i < n && text[i] !== close && text[i] !== '\n') {
        if (text[i] === ';') out[i] = 32;
        i++;
      }
      i++;
      lineStart = false;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
    i++;
  }
  return fromCharCodes(out);
}

export interface SqlStatement {
  /** Offsets in the text: [start, end). */
  start: number;
  end: number;
}

const ROUTINE_HEAD = /^\s*(?:CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TEMP(?:ORARY)?\s+)?|ALTER\s+)(?:PROCEDURE|FUNCTION|TRIGGER|EVENT|PACKAGE)\b/i;
const BLOCK_OPEN = /\bBEGIN\b(?!\s*(?:;|$|TRAN\b|TRANSACTION\b|WORK\b|DEFERRED\b|IMMEDIATE\b|EXCLUSIVE\b|ISOLATION\b|READ\b|DISTRIBUTED\b))|\bCASE\b/gi;
const BLOCK_CLOSE = /\bEND\b(?!\s+(?:IF|LOOP|WHILE|REPEAT|FOR)\b)/gi;

function blockDepth(s: string): number {
  return (s.match(BLOCK_OPEN)?.length ?? 0) - (s.match(BLOCK_CLOSE)?.length ?? 0);
}

/** Section markers of the SQL migration tools that keep up and down in one file. */
const UP_MARKER = /^\s*(?:--\s*\+goose\s+Up\b|--\s*migrate:up\b|--\s*\+migrate\s+Up\b|#\s*---\s*!Ups\b)/i;
const DOWN_MARKER = /^\s*(?:--\s*\+goose\s+Down\b|--\s*migrate:down\b|--\s*\+migrate\s+Down\b|#\s*---\s*!Downs\b)/i;

/**
 * Splits masked SQL into statements: on `;` (or a MySQL `DELIMITER`), on `GO` and `/`
 * lines, at up/down section markers, and keeps routine bodies (BEGIN … END) and goose
 * `StatementBegin … StatementEnd` blocks whole.
 */
export function splitStatements(masked: string, original: string, flavor: SqlFlavor = 'unknown'): SqlStatement[] {
  const stmts: SqlStatement[] = [];
  let start = 0;
  let delimiter = ';';
  let gooseBlock = false;
  const flush = (end: number, next: number): void => {
    if (masked.slice(start, end).trim()) stmts.push({ start, end });
    start = next;
  };
  let lineStartOffset = 0;
  while (lineStartOffset <= masked.length) {
    let lineEnd = masked.indexOf('\n', lineStartOffset);
    if (lineEnd < 0) lineEnd = masked.length;
    const mLine = masked.slice(lineStartOffset, lineEnd);
    const oLine = original.slice(lineStartOffset, lineEnd);
    const next = lineEnd + 1;
    if (/^\s*--\s*\+goose\s+StatementBegin\b/i.test(oLine)) {
      flush(lineStartOffset, next);
      gooseBlock = true;
    } else if (/^\s*--\s*\+goose\s+StatementEnd\b/i.test(oLine)) {
      flush(lineStartOffset, next);
      gooseBlock = false;
    } else if (UP_MARKER.test(oLine) || DOWN_MARKER.test(oLine)) {
      flush(lineStartOffset, next);
    } else if (/^GO(?:\s+\d+)?\s*;?$/i.test(mLine.trim()) || /^\s*\/\s*$/.test(mLine)) {
      flush(lineStartOffset, next);
    } else if (/^\s*DELIMITER\s+\S+\s*$/i.test(mLine)) {
      flush(lineStartOffset, next);
      delimiter = mLine.trim().split(/\s+/)[1];
    } else if (!gooseBlock) {
      let from = 0;
      for (;;) {
        const at = mLine.indexOf(delimiter, from);
        if (at < 0) break;
        from = at + delimiter.length;
        const end = lineStartOffset + at;
        if (delimiter === ';') {
          const soFar = masked.slice(start, end);
          if (ROUTINE_HEAD.test(soFar) && (flavor === 'sqlserver' || blockDepth(soFar) > 0)) continue;
        }
        flush(end, lineStartOffset + from);
      }
    }
    if (lineEnd >= masked.length) break;
    lineStartOffset = next;
  }
  flush(masked.length, masked.length);
  return stmts;
}

// ---------------------------------------------------------------------------------------
// Flavor detection

const FLAVOR_SIGNALS: [Exclude<SqlFlavor, 'unknown'>, RegExp][] = [
  [
    'postgresql',
    /\bCONCURRENTLY\b|\b(?:BIG|SMALL)?SERIAL\b|\bJSONB\b|\bTIMESTAMPTZ\b|\bCREATE\s+EXTENSION\b|\bplpgsql\b|::\s*[a-z]|\$\$|\bgen_random_uuid\b|\buuid_generate_v\d|\bUSING\s+(?:gin|gist|brin|hash|btree)\b|\bNOT\s+VALID\b|\bSET\s+DATA\s+TYPE\b|\bBYTEA\b|\bILIKE\b|\bCREATE\s+TYPE\s+\S+\s+AS\s+ENUM\b|\bWITH(?:OUT)?\s+TIME\s+ZONE\b|\bCITEXT\b|\bINET\b|\bTSVECTOR\b|\bALTER\s+TABLE\s+ONLY\b/gi,
  ],
  [
    'mysql',
    /`|\bENGINE\s*=|\bAUTO_INCREMENT\b|\bUNSIGNED\b|\bDELIMITER\b|\bCHARSET\b|\bCOLLATE\s*=|\bMODIFY\s+(?:COLUMN\s+)?[\w`]|\bTINYINT\b|\bMEDIUMTEXT\b|\bLONGTEXT\b|\bON\s+UPDATE\s+CURRENT_TIMESTAMP\b|\bALGORITHM\s*=|\bCHANGE\s+(?:COLUMN\s+)?[\w`]+\s+[\w`]+\s+\w/gi,
  ],
  ['sqlite', /\bAUTOINCREMENT\b|\bPRAGMA\b|\bWITHOUT\s+ROWID\b|\bsqlite_\w+/gi],
  [
    'sqlserver',
    /^[ \t]*GO[ \t]*$|\bNVARCHAR\b|\bIDENTITY\s*\(|\[dbo\]|\bGETDATE\s*\(|\bGETUTCDATE\s*\(|\bsp_rename\b|\bNEWID\s*\(|\bUNIQUEIDENTIFIER\b|\bDATETIME2\b|\bDATETIMEOFFSET\b|\bNVARCHAR\s*\(\s*MAX\b|\bOBJECT_ID\s*\(|\bSET\s+NOCOUNT\b|\bWITH\s+NOCHECK\b/gim,
  ],
];

const FLAVOR_ALIASES: Record<string, SqlFlavor> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  pg: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  sqlserver: 'sqlserver',
  mssql: 'sqlserver',
  tsql: 'sqlserver',
};

/** A flavor named by a rule's `dialect`, if it names one. */
export function flavorFromHint(hint: string | undefined): SqlFlavor | null {
  return hint ? FLAVOR_ALIASES[hint.toLowerCase()] ?? null : null;
}

/** Guesses the SQL flavor from dialect-specific syntax; `unknown` when nothing decides. */
export function detectFlavor(text: string): SqlFlavor {
  const masked = maskSql(text, 'unknown');
  let best: SqlFlavor = 'unknown';
  let bestScore = 0;
  let tie = false;
  for (const [flavor, re] of FLAVOR_SIGNALS) {
    const score = masked.match(re)?.length ?? 0;
    if (score > bestScore) {
      best = flavor;
      bestScore = score;
      tie = false;
    } else if (score > 0 && score === bestScore) tie = true;
  }
  return tie ? 'unknown' : best;
}

// ---------------------------------------------------------------------------------------
// Statement classification

const PART = String.raw`(?:"[^"\n]*"|\x60[^\x60\n]*\x60|\[[^\]\n]*\]|[A-Za-z_@#][\w$@#]*)`;
/** A possibly qualified, possibly quoted name: `"public"."accounts"`, `[dbo].[t]`, `db.t`. */
const NAME = String.raw`${PART}(?:\s*\.\s*${PART})*`;

const COLUMN_KEYWORDS = /^(?:CONSTRAINT|PRIMARY|FOREIGN|UNIQUE|CHECK|INDEX|KEY|FULLTEXT|SPATIAL|PARTITION|EXCLUDE|PERIOD|DEFAULT|SYSTEM|COLUMN|IF|TO|AS|NOT|NULL|VALUE)$/i;

/** `"public"."Accounts"` → `public.Accounts`. */
export function cleanName(raw: string): string {
  return raw
    .split(/\s*\.\s*(?=(?:"|\x60|\[|[A-Za-z_@#]))/)
    .map((p) => p.trim().replace(/^["\x60[]|["\x60\]]$/g, ''))
    .join('.');
}

/** The last part of a name, lower-cased: what "the same table" means across statements. */
function tableKey(name: string): string {
  const parts = cleanName(name).split('.');
  return parts[parts.length - 1].toLowerCase();
}

/** Splits at commas outside parentheses; returns the parts with their offsets. */
function splitTopLevel(s: string, base: number): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push({ text: s.slice(from, i), offset: base + from });
      from = i + 1;
    }
  }
  parts.push({ text: s.slice(from), offset: base + from });
  return parts.map((p) => {
    const lead = p.text.length - p.text.trimStart().length;
    return { text: p.text.trim(), offset: p.offset + lead };
  });
}

const STATEMENT_START = /\b(?:ALTER|CREATE|DROP|UPDATE|DELETE|INSERT|EXEC|EXECUTE|TRUNCATE|MERGE|RENAME|BEGIN|REPLACE|WITH|COPY|REINDEX|VACUUM|CLUSTER|LOCK|OPTIMIZE|PERFORM|RETURN|RAISE|SELECT|PRINT|THROW|SET)\b/gi;

/**
 * Skips T-SQL / PL/pgSQL block syntax in front of a statement (`BEGIN`, `END`, `ELSE`,
 * `IF <condition>`, `IF … THEN`), returning how many characters to skip.
 */
function headSkip(s: string): number {
  let at = 0;
  for (let guard = 0; guard < 20; guard++) {
    const rest = s.slice(at);
    const lead = rest.length - rest.trimStart().length;
    const t = rest.slice(lead);
    const m = /^(?:BEGIN(?:\s+(?:TRY|CATCH))?(?!\s+(?:TRAN|TRANSACTION|WORK|ISOLATION|READ)\b)|END(?:\s+(?:TRY|CATCH|IF|LOOP))?|ELSE|DECLARE\b[^;]*?\bBEGIN)\b/i.exec(t);
    if (m && !/^BEGIN\s*$/i.test(t)) {
      at += lead + m[0].length;
      continue;
    }
    if (/^(?:IF|ELSIF|ELSEIF|WHEN)\b/i.test(t)) {
      // The statement governed by the condition starts at the first statement keyword
      // outside parentheses (after THEN, if there is one).
      const then = /\bTHEN\b/i.exec(t);
      const searchFrom = then ? then.index + then[0].length : 2;
      let depth = 0;
      let found = -1;
      for (let i = searchFrom; i < t.length && found < 0; i++) {
        const c = t[i];
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (depth === 0 && /[A-Za-z]/.test(c) && !/[\w$]/.test(t[i - 1] ?? ' ')) {
          STATEMENT_START.lastIndex = i;
          const k = STATEMENT_START.exec(t);
          if (k && k.index === i && !/^SELECT$/i.test(k[0])) found = i;
        }
      }
      if (found < 0) return s.length;
      at += lead + found;
      continue;
    }
    return at + lead;
  }
  return at;
}

interface ClassifyContext {
  flavor: SqlFlavor;
  /** Tables created earlier in the same migration (lower-case last name part). */
  created: Set<string>;
  /** Tables renamed into place in this migration (SQLite-style rebuilds). */
  rebuiltInto: Set<string>;
  /** Where this text first creates each table, and whether that create copies rows (`AS SELECT`). */
  firstCreate: Map<string, { offset: number; asSelect: boolean }>;
  /** Reports a fact; `from`/`to` are offsets bounding the text the fact is about. */
  report(fact: Fact, from: number, to: number): void;
  original: string;
  /** Statement-order state of the whole text (transactions, constraints). */
  state: SqlState;
}

/** What earlier statements of the same text did, for checks that span statements. */
interface SqlState {
  /** Inside an explicit BEGIN … COMMIT block; its number. */
  tx: number | null;
  txCount: number;
  /** Constraints added NOT VALID: name → table, transaction, CHECK body. */
  notValid: Map<string, { table: string; tx: number | null; body: string }>;
  /** Constraints validated (lower-case name), with their table. */
  validated: Map<string, string>;
}

export function newSqlState(): SqlState {
  return { tx: null, txCount: 0, notValid: new Map(), validated: new Map() };
}

/** Reports a risk-model operation about [from, to). */
function risk(ctx: ClassifyContext, op: RiskOp, subject: string, from: number, to: number, detail?: string): void {
  ctx.report({ kind: 'locking-migration', message: '', subject, offset: from, op, detail }, from, to);
}

const VOLATILE_DEFAULT = /\bDEFAULT\s*(?:\(\s*)?(?:clock_timestamp|random|gen_random_uuid|uuid_generate_v[14](?:mc)?|timeofday|statement_timestamp)\s*\(/i;

function classifyStatement(masked: string, off: number, ctx: ClassifyContext): void {
  const skip = headSkip(masked);
  const s = masked.slice(skip);
  const base = off + skip;
  const end = off + masked.length;
  const at = (m: RegExpExecArray, group = 0): number => base + m.index + (group ? m[0].indexOf(m[group]) : 0);
  const isNew = (name: string): boolean => ctx.created.has(tableKey(name));
  let m: RegExpExecArray | null;
  const st = ctx.state;

  // Explicit transaction blocks: what runs inside one holds its locks until COMMIT.
  if (/^(?:BEGIN|START\s+TRANSACTION)(?:\s+(?:TRANSACTION|WORK|ISOLATION\s+LEVEL\s+[\w ]+|READ\s+\w+))*\s*$/i.test(masked.trim())) {
    st.tx = ++st.txCount;
    return;
  }
  if (/^(?:COMMIT|END|ROLLBACK)(?:\s+(?:TRANSACTION|WORK))?\s*$/i.test(s.trim()) || /^(?:COMMIT|END|ROLLBACK)(?:\s+(?:TRANSACTION|WORK))?\s*$/i.test(masked.trim())) {
    st.tx = null;
    return;
  }

  if ((m = DROP_INDEX.exec(s))) {
    if (ctx.flavor === 'mysql' || ctx.flavor === 'sqlite' || ctx.flavor === 'sqlserver') return;
    const name = cleanName(m[2]);
    if (m[1]) {
      if (st.tx !== null) risk(ctx, 'concurrently-in-transaction', name, base, end, 'DROP INDEX');
      return;
    }
    risk(ctx, 'drop-index', name, base, end);
    return;
  }

  if ((m = DOMAIN_CONSTRAINT.exec(s))) {
    const name = cleanName(m[1] ?? m[2]);
    risk(ctx, 'domain-constraint', name, base, end, m[1] ? 'adds a constraint' : 'creates a constraint');
    return;
  }

  // DO $$ … $$ (PostgreSQL anonymous block): analyse its body as SQL.
  if ((m = /^DO\b/i.exec(s))) {
    const dollar = /\$([A-Za-z_]\w*)?\$/.exec(ctx.original.slice(base, end));
    if (dollar) {
      const bodyStart = base + dollar.index + dollar[0].length;
      const close = ctx.original.indexOf(dollar[0], bodyStart);
      const bodyEnd = close < 0 ? end : close;
      const body = ctx.original.slice(bodyStart, bodyEnd);
      const bodyMasked = maskSql(body, ctx.flavor);
      for (const st of splitStatements(bodyMasked, body, ctx.flavor)) {
        classifyStatement(bodyMasked.slice(st.start, st.end), bodyStart + st.start, { ...ctx, original: ctx.original });
      }
    }
    return;
  }

  // EXECUTE 'sql' inside procedural blocks, and T-SQL EXEC('sql').
  if ((m = /^EXEC(?:UTE)?\s*(?:\(\s*)?'/i.exec(s)) && !/sp_rename/i.test(ctx.original.slice(base, end))) {
    const q = base + m[0].length;
    const close = findQuoteEnd(ctx.original, q);
    const inner = ctx.original.slice(q, close).replace(/''/g, "' ");
    const innerMasked = maskSql(inner, ctx.flavor);
    for (const st of splitStatements(innerMasked, inner, ctx.flavor)) classifyStatement(innerMasked.slice(st.start, st.end), q + st.start, ctx);
    return;
  }

  if ((m = DROP_TABLE_SCHEMA.exec(s))) {
    const what = m[1].toLowerCase();
    const namesAt = at(m, 2);
    for (const part of splitTopLevel(m[2], namesAt)) {
      const name = cleanName(part.text);
      // A table this text creates only further down existed before it: dropping it loses its
      // rows, unless the create copies them back (CREATE TABLE x AS SELECT: a rebuild) or the
      // drop is a re-run guard (DROP TABLE IF EXISTS x; CREATE TABLE x).
      const later = ctx.firstCreate.get(tableKey(name));
      if (what === 'table' && later && later.offset > part.offset && !/^DROP\s+TABLE\s+IF\s+EXISTS\b/i.test(s)) {
        risk(ctx, later.asSelect ? 'rebuild-table' : 'drop-table', name, part.offset, part.offset + part.text.length);
        continue;
      }
      if (what === 'table' && isNew(name)) continue;
      if (what === 'table' && ctx.rebuiltInto.has(tableKey(name))) {
        risk(ctx, 'rebuild-table', name, part.offset, part.offset + part.text.length);
        continue;
      }
      risk(ctx, what === 'table' ? 'drop-table' : what === 'schema' ? 'drop-schema' : 'drop-database', name, part.offset, part.offset + part.text.length);
    }
    return;
  }

  if ((m = TRUNCATE.exec(s))) {
    for (const part of splitTopLevel(m[1], at(m, 1))) {
      const name = cleanName(part.text);
      if (isNew(name)) continue;
      risk(ctx, 'truncate', name, part.offset, end, /\bCASCADE\b/i.test(s) ? ' with CASCADE (and every table referencing it)' : '');
    }
    return;
  }

  if ((m = DELETE_FROM.exec(s))) {
    const name = cleanName(m[1]);
    if (isNew(name)) return;
    if (!/\bWHERE\b/i.test(s)) {
      risk(ctx, 'delete-all', name, base, end);
    } else {
      ctx.report({ kind: 'data-migration', message: '', subject: name, offset: base, group: { verb: 'delete', table: name, allRows: false } }, base, end);
    }
    return;
  }

  if ((m = UPDATE_TABLE.exec(s))) {
    const name = cleanName(m[1]);
    if (isNew(name)) return;
    ctx.report({ kind: 'data-migration', message: '', subject: name, offset: base, group: { verb: 'update', table: name, allRows: !/\bWHERE\b/i.test(s) } }, base, end);
    return;
  }

  if ((m = INSERT_INTO.exec(s))) {
    const name = cleanName(m[2]);
    if (isNew(name) || COLUMN_KEYWORDS.test(name)) return;
    ctx.report({ kind: 'data-migration', message: '', subject: name, offset: base, group: { verb: m[1].toLowerCase() === 'merge' ? 'merge' : 'insert', table: name, allRows: false } }, base, end);
    return;
  }

  if ((m = COPY_FROM.exec(s))) {
    const name = cleanName(m[1]);
    if (isNew(name)) return;
    ctx.report({ kind: 'data-migration', message: '', subject: name, offset: base, group: { verb: 'copy', table: name, allRows: false } }, base, end);
    return;
  }

  if (/^WITH\b/i.test(s)) {
    const dml = new RegExp(String.raw`\b(UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+(?:ONLY\s+)?(${NAME})`, 'gi');
    let last: RegExpExecArray | null = null;
    for (let k: RegExpExecArray | null; (k = dml.exec(s)); ) last = k;
    if (last) {
      const name = cleanName(last[2]);
      const verb = /^UPDATE/i.test(last[1]) ? 'update' : /^DELETE/i.test(last[1]) ? 'delete' : 'insert';
      if (!isNew(name)) ctx.report({ kind: 'data-migration', message: '', subject: name, offset: base, group: { verb, table: name, allRows: false } }, base, end);
    }
    return;
  }

  if ((m = RENAME_TABLES.exec(s))) {
    for (const part of splitTopLevel(m[1], at(m, 1))) {
      const pair = RENAME_PAIR.exec(part.text);
      if (!pair) continue;
      const from = cleanName(pair[1]);
      if (isNew(from)) continue;
      risk(ctx, 'rename-table', from, part.offset, part.offset + part.text.length, cleanName(pair[2]));
    }
    return;
  }

  if (/^(?:EXEC(?:UTE)?\s+)?(?:\w+\.)*sp_rename\b/i.test(s)) {
    const orig = ctx.original.slice(base, end);
    const args = [...orig.matchAll(/N?'((?:[^']|'')*)'/g)].map((a) => a[1].replace(/''/g, "'"));
    if (args.length >= 2) {
      const kind = (args[2] ?? '').toUpperCase();
      if (kind === 'INDEX' || kind === 'STATISTICS') return;
      const from = cleanName(args[0]);
      if (kind === 'COLUMN') {
        if (isNew(from.split('.').slice(-2, -1)[0] ?? '')) return;
        risk(ctx, 'rename-column', from, base, end, args[1]);
      } else {
        if (isNew(from)) return;
        risk(ctx, 'rename-table', from, base, end, args[1]);
      }
    }
    return;
  }

  if ((m = CREATE_INDEX.exec(s))) {
    const name = cleanName(m[2]);
    if (m[1]) {
      if (st.tx !== null) risk(ctx, 'concurrently-in-transaction', name, base, end, 'CREATE INDEX');
      return;
    }
    if (ctx.flavor !== 'postgresql' && ctx.flavor !== 'unknown') return;
    if (isNew(name)) return;
    risk(ctx, 'add-index', name, base, end, '');
    return;
  }

  if ((m = /^(REINDEX\b|VACUUM\s+(?:\([^)]*\bFULL\b[^)]*\)|FULL\b)|CLUSTER\b|LOCK\b|OPTIMIZE\b)(?:\s+(?:TABLES?|INDEX|SCHEMA|DATABASE|SYSTEM|VERBOSE|\(\s*\w+\s*\)))*\s*(\S*)/i.exec(s))) {
    if (/^REINDEX/i.test(m[1]) && (/\bCONCURRENTLY\b/i.test(s) || /^REINDEX\s+(?:\([^)]*\)\s*)?SYSTEM\b/i.test(s))) {
      if (/\bCONCURRENTLY\b/i.test(s) && st.tx !== null) risk(ctx, 'concurrently-in-transaction', 'the index', base, end, 'REINDEX');
      return;
    }
    if (/^VACUUM\s*\(/i.test(m[1]) && /\bFULL\s+(?:FALSE|OFF|0)\b/i.test(m[1])) return;
    if (/^CLUSTER$/i.test(m[1]) && ctx.flavor === 'sqlserver') return;
    const target = m[2] && !/^[;(]/.test(m[2]) ? cleanName(m[2]) : '';
    if (target && isNew(target)) return;
    const verb = m[1].split(/\s+/)[0].toUpperCase();
    if (verb === 'LOCK') risk(ctx, 'lock-table', target || 'the table', base, end, '');
    else if (verb === 'REINDEX') risk(ctx, 'reindex', target || 'the database', base, end);
    else if (verb === 'OPTIMIZE') risk(ctx, 'table-rewrite', target || 'the table', base, end, 'OPTIMIZE TABLE');
    else risk(ctx, 'vacuum-full', target || 'the database', base, end, verb === 'VACUUM' ? 'VACUUM FULL' : verb);
    return;
  }

  if ((m = ALTER_TABLE.exec(s))) {
    const table = cleanName(m[1]);
    const actionsAt = base + m[0].length;
    classifyAlterTable(table, s.slice(m[0].length), actionsAt, ctx);
  }
}

function findQuoteEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return text.length;
}

/** Function names whose call in a DEFAULT does not make it volatile (no table rewrite on PostgreSQL 11+). */
const STABLE_DEFAULT_FUNCTIONS = new Set(['now', 'current_timestamp', 'current_date', 'current_time', 'localtimestamp', 'localtime', 'transaction_timestamp', 'cast', 'array', 'lower', 'upper', 'coalesce', 'concat', 'to_jsonb', 'jsonb_build_object', 'json_build_object', 'make_interval', 'interval', 'pi', 'abs', 'round', 'length', 'trim', 'btrim', 'current_user', 'current_schema', 'timezone', 'date_trunc', 'to_timestamp']);

/**
 * The volatile function a column DEFAULT calls, if any (as squawk: an unknown function is
 * taken as volatile; `now()` is stable, `now(123)` is not a call PostgreSQL treats as such).
 */
export function volatileDefault(def: string): string | null {
  const d = /\bDEFAULT\b/i.exec(def);
  if (!d) return null;
  let expr = def.slice(d.index + d[0].length);
  const stop = /\b(?:NOT\s+NULL|NULL|CONSTRAINT|CHECK|REFERENCES|UNIQUE|PRIMARY|COLLATE|GENERATED)\b/i.exec(expr);
  if (stop) expr = expr.slice(0, stop.index);
  // from the start of a name only: string bodies are masked as runs of x, and a match tried from
  // every x of a 100 KB run scans the rest of it each time
  for (const m of expr.matchAll(/(?<![\w.])([A-Za-z_][\w.]*)\s*\(/g)) {
    const name = m[1].toLowerCase().replace(/^pg_catalog\./, '');
    if (STABLE_DEFAULT_FUNCTIONS.has(name)) {
      if (name === 'now' && !/^now\s*\(\s*\)/i.test(expr.slice(m.index))) return `${m[1]}(…)`;
      continue;
    }
    return `${m[1]}()`;
  }
  return null;
}

function classifyAlterTable(table: string, actionText: string, actionTextAt: number, ctx: ClassifyContext): void {
  const isNew = ctx.created.has(tableKey(table));
  const st = ctx.state;
  // T-SQL: ALTER TABLE t WITH [NO]CHECK ADD CONSTRAINT … (NOCHECK skips validation, like NOT VALID).
  const check = /^WITH\s+(NO)?CHECK\s+/i.exec(actionText);
  const noCheck = !!check?.[1];
  const actions = check ? actionText.slice(check[0].length) : actionText;
  const actionsAt = actionTextAt + (check ? check[0].length : 0);
  let lastVerb: 'add' | 'drop' | null = null;
  for (const a of splitTopLevel(actions, actionsAt)) {
    const t = a.text;
    const aEnd = a.offset + t.length;
    const report = (op: RiskOp, subject: string, detail?: string): void => risk(ctx, op, subject, a.offset, aEnd, detail);
    let m: RegExpExecArray | null;

    if ((m = RENAME_TO.exec(t)) || (ctx.flavor === 'mysql' && (m = RENAME_TO_MYSQL.exec(t)))) {
      const to = cleanName(m[1]);
      if (isNew) ctx.rebuiltInto.add(tableKey(to));
      else report('rename-table', table, to);
      lastVerb = null;
      continue;
    }
    if ((m = RENAME_COLUMN.exec(t))) {
      if (/^(?:CONSTRAINT|INDEX|KEY)$/i.test(m[1])) continue;
      if (!isNew) report('rename-column', `${table}.${cleanName(m[1])}`, cleanName(m[2]));
      lastVerb = null;
      continue;
    }
    if ((m = /^(DROP|TRUNCATE)\s+PARTITION\s+(\S+)/i.exec(t))) {
      if (!isNew) report('drop-partition', table, m[1].toLowerCase() === 'drop' ? 'drop' : 'truncate');
      lastVerb = null;
      continue;
    }
    if ((m = /^DETACH\s+PARTITION\s+(\S+)/i.exec(t))) {
      lastVerb = null;
      if (/\bCONCURRENTLY\b/i.test(t)) {
        if (st.tx !== null) report('concurrently-in-transaction', table, 'DETACH PARTITION');
      } else if (!/\bFINALIZE\b/i.test(t) && !isNew) report('detach-partition', table, cleanName(m[1]));
      continue;
    }
    if ((m = VALIDATE_CONSTRAINT.exec(t))) {
      lastVerb = null;
      const name = cleanName(m[1]).toLowerCase();
      st.validated.set(name, tableKey(table));
      const added = st.notValid.get(name);
      if (added && added.tx !== null && added.tx === st.tx) report('validate-in-transaction', table, cleanName(m[1]));
      continue;
    }
    if ((m = DROP_COLUMN.exec(t))) {
      if (!m[1] && COLUMN_KEYWORDS.test(m[2])) {
        lastVerb = null;
        continue;
      }
      if (!isNew) report('drop-column', `${table}.${cleanName(m[2])}`);
      lastVerb = 'drop';
      continue;
    }
    if ((m = ALTER_COLUMN.exec(t))) {
      lastVerb = null;
      if (isNew || /^(?:CONSTRAINT|INDEX)$/i.test(m[1])) continue;
      const colName = cleanName(m[1]);
      const col = `${table}.${colName}`;
      const [w1, w2, w3] = [m[2].toUpperCase(), m[3].toUpperCase(), m[4].toUpperCase()];
      if (/^MODIFY/i.test(t)) {
        report('change-type', col, ' (MODIFY redefines it)');
      } else if (w1 === 'TYPE' || (w1 === 'SET' && w2 === 'DATA' && w3 === 'TYPE')) {
        report('change-type', col, '');
      } else if (w1 === 'SET' && w2 === 'NOT' && w3 === 'NULL') {
        if (!notNullProven(ctx, table, colName)) report('set-not-null', col, '');
      } else if (w1 === 'DROP' && w2 === 'NOT' && w3 === 'NULL') {
        report('drop-not-null', col);
      } else if (ctx.flavor !== 'postgresql' && w1 && !/^(?:SET|DROP|RESET|ADD|OPTIONS|TYPE)$/.test(w1)) {
        // SQL Server: ALTER COLUMN c <type> [NULL | NOT NULL]
        report('change-type', col, '');
      }
      continue;
    }
    if ((m = CHANGE_COLUMN.exec(t))) {
      lastVerb = null;
      if (isNew) continue;
      const from = cleanName(m[1]);
      const to = cleanName(m[2]);
      if (from.toLowerCase() !== to.toLowerCase()) report('rename-column', `${table}.${from}`, to);
      else report('change-type', `${table}.${from}`, ' (CHANGE redefines it)');
      continue;
    }
    if ((m = ADD_CONSTRAINT.exec(t))) {
      lastVerb = null;
      const what = m[2].replace(/\s+/g, ' ').toUpperCase();
      const notValid = /\bNOT\s+VALID\b/i.test(t) || noCheck;
      if (m[1] && notValid) st.notValid.set(cleanName(m[1]).toLowerCase(), { table: tableKey(table), tx: st.tx, body: t });
      if (isNew || ctx.flavor === 'sqlite') continue;
      const named = m[1] ? ` (${cleanName(m[1])})` : '';
      if (what === 'FOREIGN KEY' || what === 'CHECK') {
        if (notValid) continue;
        report(what === 'CHECK' ? 'add-check' : 'add-foreign-key', table, `${named} without NOT VALID`);
      } else {
        if (/\bUSING\s+INDEX\b/i.test(t)) continue;
        if (ctx.flavor === 'mysql') continue; // InnoDB builds secondary indexes online
        report(what === 'UNIQUE' ? 'add-unique' : what === 'EXCLUDE' ? 'add-exclusion' : 'add-primary-key', table, named);
      }
      continue;
    }
    const addCol = ADD_COLUMN.exec(t);
    const bareCol = !addCol && lastVerb && BARE_COLUMN.exec(t);
    if (addCol || (bareCol && lastVerb === 'add')) {
      const [, rawName, def = ''] = (addCol ?? bareCol) as RegExpExecArray;
      if (COLUMN_KEYWORDS.test(rawName)) {
        lastVerb = null;
        continue;
      }
      lastVerb = 'add';
      if (isNew) continue;
      const col = `${table}.${cleanName(rawName)}`;
      const hasDefault = /\bDEFAULT\b/i.test(def);
      const serial = /\b((?:BIG|SMALL)?SERIAL)\b/i.exec(def);
      const stored = /\bGENERATED\s+ALWAYS\s+AS\s*\(.*\bSTORED\b/is.test(def);
      const identity = /\bGENERATED\b[^(]*\bIDENTITY\b|\bAUTO_?INCREMENT\b|\bIDENTITY\s*\(/i.test(def);
      const generated = /\bGENERATED\b|\bIDENTITY\b|\bAUTO_?INCREMENT\b/i.test(def) || !!serial;
      const pg = ctx.flavor !== 'mysql' && ctx.flavor !== 'sqlserver';
      const volatile = pg ? volatileDefault(def) : null;
      // Every inline constraint of the column (`UNIQUE REFERENCES t` is two); MySQL only validates a REFERENCES.
      const inline = [...new Set([...def.matchAll(/\b(PRIMARY\s+KEY|UNIQUE|REFERENCES|CHECK)\b/gi)].map((c) => c[1].replace(/\s+/g, ' ').toUpperCase()))]
        .filter((c) => ctx.flavor !== 'mysql' || c === 'REFERENCES');
      if (/\bNOT\s+NULL\b/i.test(def) && !hasDefault && !generated) report('add-column-required', col);
      else if (pg && (serial || stored || (identity && ctx.flavor === 'postgresql'))) report('add-column-rewrite', col, serial ? serial[1].toLowerCase() : stored ? 'stored generated' : 'identity');
      else if (volatile) report('add-column-volatile-default', col, volatile);
      else if (pg && /^json\b/i.test(def.trim())) report('add-column-json', col);
      if (inline.length && ctx.flavor !== 'sqlite') report('add-column-inline-constraint', col, inline.join(' + '));
      continue;
    }
    if (bareCol && lastVerb === 'drop') {
      if (!isNew) report('drop-column', `${table}.${cleanName(bareCol[1])}`);
      continue;
    }
    lastVerb = null;
    if (isNew) continue;
    if ((m = /^(SET\s+TABLESPACE|SET\s+(?:UN)?LOGGED|ENGINE\s*=|CONVERT\s+TO\s+CHARACTER\s+SET|FORCE\b|ALGORITHM\s*=\s*COPY)/i.exec(t))) {
      report('table-rewrite', table, m[1].replace(/\s+/g, ' ').replace(/\s*=\s*$/, '').toUpperCase());
    }
  }
}

/**
 * True when earlier statements proved `table.col` holds no NULL: a CHECK (col IS NOT NULL)
 * validated here, or a constraint validated here whose definition is elsewhere but whose
 * name names the column (the NOT VALID half ran in an earlier migration).
 */
function notNullProven(ctx: ClassifyContext, table: string, col: string): boolean {
  const t = tableKey(table);
  const c = col.toLowerCase();
  for (const [name, onTable] of ctx.state.validated) {
    if (onTable !== t) continue;
    const added = ctx.state.notValid.get(name);
    if (added) {
      const body = added.body.replace(/["`\[\]]/g, '').toLowerCase();
      if (new RegExp(String.raw`\bcheck\s*\(\s*${c.replace(/[^\w]/g, '')}\s+is\s+not\s+null\s*\)`).test(body)) return true;
    } else if (name.includes(c)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Analysis of a text

export interface SqlAnalysisOptions {
  flavor: SqlFlavor;
  /** Maps an offset in `text` to a 1-based line of the file. */
  lineOf(offset: number): number;
  /** True when a line of the file was added by the change (and is not blank/comment). */
  isChanged(line: number): boolean;
  /** Tables created by this migration (filled in by a first pass when absent). */
  created?: Set<string>;
  /** Statement-order state shared by several texts of one migration (embedded SQL). */
  state?: SqlState;
}

/** Line-start offsets of a text, for offset → line lookups. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const CREATE_TABLE = String.raw`\bCREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})`;

/** The statement shapes classifyStatement and analyzeSqlText try, compiled once (a `new RegExp` per statement cost ~0.2 ms a file cold: issue 17). */
const DROP_INDEX = new RegExp(String.raw`^DROP\s+INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?((?:${NAME}\s*,\s*)*${NAME})`, 'i');
const DOMAIN_CONSTRAINT = new RegExp(String.raw`^(?:ALTER\s+DOMAIN\s+(${NAME})\s+ADD\b|CREATE\s+DOMAIN\s+(${NAME})\b[^;]*?\b(CHECK|NOT\s+NULL)\b)`, 'i');
const DROP_TABLE_SCHEMA = new RegExp(String.raw`^DROP\s+(TABLE|SCHEMA|DATABASE)\s+(?:IF\s+EXISTS\s+)?((?:${NAME}\s*,\s*)*${NAME})`, 'i');
const TRUNCATE = new RegExp(String.raw`^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?((?:${NAME}\s*,\s*)*${NAME})`, 'i');
const DELETE_FROM = new RegExp(String.raw`^DELETE\s+(?:TOP\s*\([^)]*\)\s+)?(?:LOW_PRIORITY\s+|QUICK\s+|IGNORE\s+)*(?:FROM\s+)?(?:ONLY\s+)?(${NAME})`, 'i');
const UPDATE_TABLE = new RegExp(String.raw`^UPDATE\s+(?:LOW_PRIORITY\s+|IGNORE\s+)*(?:ONLY\s+)?(${NAME})`, 'i');
const INSERT_INTO = new RegExp(String.raw`^(INSERT|REPLACE|MERGE)\s+(?:LOW_PRIORITY\s+|DELAYED\s+|HIGH_PRIORITY\s+|IGNORE\s+|OR\s+\w+\s+)*(?:INTO\s+)?(${NAME})`, 'i');
const COPY_FROM = new RegExp(String.raw`^COPY\s+(${NAME})[^;]*?\bFROM\b`, 'i');
const RENAME_TABLES = new RegExp(String.raw`^RENAME\s+TABLES?\s+((?:${NAME}\s+TO\s+${NAME}\s*,\s*)*${NAME}\s+TO\s+${NAME})`, 'i');
const RENAME_PAIR = new RegExp(String.raw`^(${NAME})\s+TO\s+(${NAME})$`, 'i');
const CREATE_INDEX = new RegExp(String.raw`^CREATE\s+(?:UNIQUE\s+)?(?:(?:NON)?CLUSTERED\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:${NAME}\s+)?ON\s+(?:ONLY\s+)?(${NAME})`, 'i');
const ALTER_TABLE = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(${NAME})\s*`, 'i');
const RENAME_TO = new RegExp(String.raw`^RENAME\s+(?:TO|AS)\s+(${NAME})`, 'i');
const RENAME_TO_MYSQL = new RegExp(String.raw`^RENAME\s+(${NAME})$`, 'i');
const RENAME_COLUMN = new RegExp(String.raw`^RENAME\s+(?:COLUMN\s+)?(${NAME})\s+TO\s+(${NAME})`, 'i');
const VALIDATE_CONSTRAINT = new RegExp(String.raw`^VALIDATE\s+CONSTRAINT\s+(${NAME})`, 'i');
const DROP_COLUMN = new RegExp(String.raw`^DROP\s+(?:(COLUMN)\s+)?(?:IF\s+EXISTS\s+)?(${NAME})`, 'i');
const ALTER_COLUMN = new RegExp(String.raw`^(?:ALTER\s+(?:COLUMN\s+)?|MODIFY\s+(?:COLUMN\s+)?)(${NAME})\s*(\S*)\s*(\S*)\s*(\S*)`, 'i');
const CHANGE_COLUMN = new RegExp(String.raw`^CHANGE\s+(?:COLUMN\s+)?(${NAME})\s+(${NAME})`, 'i');
const ADD_CONSTRAINT = new RegExp(String.raw`^ADD\s+(?:CONSTRAINT\s+(${NAME})\s+)?(FOREIGN\s+KEY|CHECK|UNIQUE|PRIMARY\s+KEY|EXCLUDE)\b`, 'i');
const ADD_COLUMN = new RegExp(String.raw`^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+(.*)$`, 'is');
const BARE_COLUMN = new RegExp(String.raw`^(${NAME})(?:\s+(.*))?$`, 'is');
const CREATE_TABLE_AS = new RegExp(String.raw`${CREATE_TABLE}\s*(AS\b)?`, 'gi');
const RENAME_TABLE_TO = new RegExp(String.raw`\bALTER\s+TABLE\s+(${NAME})\s+RENAME\s+TO\s+(${NAME})`, 'gi');

/** Tables that a text creates (`CREATE TABLE`), lower-cased last name part. */
export function createdTables(masked: string): Set<string> {
  return new Set(firstCreates(masked).keys());
}

/** Where a text first creates each table, and whether that create is `CREATE TABLE … AS`. */
function firstCreates(masked: string): Map<string, { offset: number; asSelect: boolean }> {
  const out = new Map<string, { offset: number; asSelect: boolean }>();
  for (const m of masked.matchAll(CREATE_TABLE_AS)) {
    const key = tableKey(m[1]);
    if (!out.has(key)) out.set(key, { offset: m.index, asSelect: !!m[2] });
  }
  return out;
}

/**
 * Findings of one SQL text (a whole migration file, or SQL embedded in a framework
 * migration). `skipLines` marks lines of down/rollback sections.
 */
export function analyzeSqlText(text: string, opts: SqlAnalysisOptions & { skipLine?: (line: number) => boolean }): Finding[] {
  const masked = maskSql(text, opts.flavor);
  // One pass over the CREATE TABLEs: where each table is first created, and (unless given) the set of them.
  const firstCreate = firstCreates(masked);
  const created = opts.created ?? new Set(firstCreate.keys());
  const facts: Fact[] = [];
  const rebuiltInto = new Set<string>();
  // ALTER TABLE new_x RENAME TO x marks x as rebuilt; find those first so DROP TABLE x reads right.
  for (const m of masked.matchAll(RENAME_TABLE_TO)) {
    if (created.has(tableKey(m[1]))) rebuiltInto.add(tableKey(m[2]));
  }
  const ctx: ClassifyContext = {
    flavor: opts.flavor,
    created,
    rebuiltInto,
    firstCreate,
    original: text,
    state: opts.state ?? newSqlState(),
    report(fact, from, to) {
      const first = opts.lineOf(from);
      const last = opts.lineOf(Math.max(from, to - 1));
      if (opts.skipLine?.(first)) return;
      for (let l = first; l <= last; l++) {
        if (opts.isChanged(l)) {
          facts.push(fact);
          return;
        }
      }
    },
  };
  for (const st of splitStatements(masked, text, opts.flavor)) {
    classifyStatement(masked.slice(st.start, st.end), st.start, ctx);
  }
  return factsToFindings(facts, opts.lineOf);
}

const DATA_VERBS: Record<string, [string, string]> = {
  update: ['updates rows of', 'updates every row of'],
  delete: ['deletes rows from', 'deletes every row of'],
  insert: ['inserts rows into', 'inserts rows into'],
  merge: ['merges rows into', 'merges rows into'],
  copy: ['copies rows into', 'copies rows into'],
};

function factsToFindings(facts: Fact[], lineOf: (offset: number) => number): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, { finding: Finding; count: number; allRows: boolean; verb: string; table: string }>();
  for (const f of facts) {
    if (f.group) {
      const key = `${f.group.verb}\0${f.group.table.toLowerCase()}`;
      const g = groups.get(key);
      if (g) {
        g.count++;
        g.allRows ||= f.group.allRows;
        continue;
      }
      const finding: Finding = { kind: 'data-migration', message: '', line: lineOf(f.offset), severity: SEVERITY['data-migration'], subject: f.group.table };
      groups.set(key, { finding, count: 1, allRows: f.group.allRows, verb: f.group.verb, table: f.group.table });
      findings.push(finding);
      continue;
    }
    if (f.op) {
      findings.push(riskFinding(f.op, f.subject, { detail: f.detail, line: lineOf(f.offset) }));
      continue;
    }
    findings.push({ kind: f.kind, message: f.message, line: lineOf(f.offset), severity: SEVERITY[f.kind], ...(f.subject ? { subject: f.subject } : {}) });
  }
  for (const g of groups.values()) {
    const [some, every] = DATA_VERBS[g.verb];
    g.finding.message = `${g.allRows ? every : some} ${g.table}${g.count > 1 ? ` (${g.count} statements)` : ''}`;
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// Up / down sections of one file

interface Sections {
  /** Framework whose markers the file uses, if any. */
  tool: 'goose' | 'dbmate' | 'sql-migrate' | 'play' | null;
  /** 1-based lines inside a down section (markers included). */
  downLines: Set<number>;
  upMarkerLine: number | null;
  downMarkerLine: number | null;
  /** True when the down section is absent or holds no statement. */
  downEmpty: boolean;
}

function toolOf(marker: string): NonNullable<Sections['tool']> {
  return /goose/i.test(marker) ? 'goose' : /migrate:/i.test(marker) ? 'dbmate' : /\+migrate/i.test(marker) ? 'sql-migrate' : 'play';
}

function sections(text: string): Sections {
  const lines = text.split('\n');
  const masked = maskSql(text, 'unknown').split('\n');
  const downLines = new Set<number>();
  let tool: Sections['tool'] = null;
  let upMarkerLine: number | null = null;
  let downMarkerLine: number | null = null;
  let inDown = false;
  let downContent = false;
  lines.forEach((l, i) => {
    if (UP_MARKER.test(l)) {
      inDown = false;
      upMarkerLine ??= i + 1;
      tool ??= toolOf(l);
    } else if (DOWN_MARKER.test(l)) {
      inDown = true;
      downMarkerLine ??= i + 1;
      tool ??= toolOf(l);
    }
    if (inDown) {
      downLines.add(i + 1);
      if (masked[i].trim() && !DOWN_MARKER.test(l) && !/^\s*;\s*$/.test(masked[i])) downContent = true;
    }
  });
  return { tool, downLines, upMarkerLine, downMarkerLine, downEmpty: !downContent };
}

const DOWN_MARKER_TEXT: Record<NonNullable<Sections['tool']>, string> = {
  goose: '-- +goose Down',
  dbmate: '-- migrate:down',
  'sql-migrate': '-- +migrate Down',
  play: '# --- !Downs',
};

// ---------------------------------------------------------------------------------------
// The analyzer

/** Added lines whose content is more than blanks and comments, by new-file line number. */
function changedLineSet(change: Change, maskedLines: string[] | null): Set<number> {
  const set = new Set<number>();
  for (const h of change.hunks) {
    for (let i = 0; i < h.added.length; i++) {
      const line = h.newStart + i;
      const content = maskedLines ? maskedLines[line - 1] ?? '' : h.added[i];
      if (content.trim()) set.add(line);
    }
  }
  return set;
}

export const sqlAnalyzer: Analyzer = {
  id: 'sql',
  needsContent: true,
  analyze({ change, rule, newText, oldText }) {
    if (change.status === 'deleted' || change.hunks.length === 0) return [];
    const findings: Finding[] = [];
    const hint = flavorFromHint(rule.dialect);
    if (newText != null) {
      const text = newText.replace(/\r\n/g, '\n');
      const flavor = hint ?? detectFlavor(text);
      const maskedLines = maskSql(text, flavor).split('\n');
      const changed = changedLineSet(change, maskedLines);
      const sec = sections(text);
      pushAll(findings, analyzeSqlText(text, { flavor, lineOf: lineIndex(text), isChanged: (l) => changed.has(l), skipLine: (l) => sec.downLines.has(l) }));
      if (sec.tool && sec.downEmpty) {
        const before = oldText != null && change.status !== 'added' ? sections(oldText.replace(/\r\n/g, '\n')) : null;
        if (!before || !before.tool || !before.downEmpty) {
          const line = sec.downMarkerLine ?? sec.upMarkerLine ?? 1;
          const what = sec.downMarkerLine ? `the \`${DOWN_MARKER_TEXT[sec.tool]}\` section is empty` : `there is no \`${DOWN_MARKER_TEXT[sec.tool]}\` section`;
          findings.push({ kind: 'irreversible-migration', message: `cannot be rolled back: ${what}`, line, severity: SEVERITY['irreversible-migration'] });
        }
      }
      return findings;
    }
    // Without the whole file: each hunk's added lines on their own.
    const blocks = change.hunks.filter((h) => h.added.length).map((h) => ({ text: h.added.join('\n'), first: h.newStart }));
    const all = blocks.map((b) => b.text).join('\n');
    const flavor = hint ?? detectFlavor(all);
    const created = createdTables(maskSql(all, flavor));
    for (const b of blocks) {
      const idx = lineIndex(b.text);
      const sec = sections(b.text);
      pushAll(findings, analyzeSqlText(b.text, { flavor, created, lineOf: (o) => b.first + idx(o) - 1, isChanged: () => true, skipLine: (l) => sec.downLines.has(l - b.first + 1) }));
    }
    return findings;
  },
};
