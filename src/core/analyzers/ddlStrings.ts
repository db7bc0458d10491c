import { languageOfPath, scan, type Language } from '../lex';

/**
 * The string literals of a code file, for the DDL analyzer, read through the linear lexers
 * of core/lex (Go, Java/Kotlin/Scala/Groovy, C#, Rust, JS/TS, Python, Ruby, PHP, C). Elixir,
 * and Lua (Kong's migration modules: `up = [[ CREATE TABLE … ]]`), which core/lex does not lex,
 * go through the scanners below: one forward pass that skips
 * comments and yields each literal's value with its first and last line (linear: every
 * character is looked at once).
 */

export interface CodeString {
  value: string;
  /** 1-based lines of the opening and closing delimiters. */
  line: number;
  endLine: number;
}

type Family = 'c' | 'go' | 'js' | 'py' | 'rb' | 'php' | 'ex' | 'rs' | 'cs' | 'jvm' | 'lua';

export function familyOf(path: string): Family | null {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'go': return 'go';
    case 'java': case 'kt': case 'kts': case 'scala': case 'groovy': return 'jvm';
    case 'cs': return 'cs';
    case 'rs': return 'rs';
    case 'js': case 'jsx': case 'mjs': case 'cjs': case 'ts': case 'tsx': case 'mts': case 'cts': return 'js';
    case 'py': return 'py';
    case 'rb': case 'rake': return 'rb';
    case 'php': return 'php';
    case 'ex': case 'exs': return 'ex';
    case 'c': case 'h': case 'cc': case 'cpp': return 'c';
    case 'lua': return 'lua';
    default: return null;
  }
}

/**
 * Code the lexers read whose strings the DDL reader scans only when an added line looks like DDL
 * (the generic layer's prefilter; not a code path for the other readers): Perl ('…', "…", q{},
 * qq{}, heredocs), Erlang ("…", the "…" of `<<"…">>`), Clojure ("…"), Swift ("…", """…"""),
 * Haskell ("…" with string gaps, and quasi-quotes `[sql|…|]`, `[r|…|]`).
 */
export function lexedDdlLanguage(path: string): Language | null {
  // tests by these languages' own conventions, wherever they lie: Perl's `*.t`, hspec's and Quick's `*Spec.hs` /
  // `*Spec.swift`, Common Test's `*_SUITE.erl`
  if (/(?:\.t|Spec\.(?:hs|swift)|_SUITE\.erl)$/.test(path)) return null;
  const dot = path.lastIndexOf('.');
  if (dot > path.lastIndexOf('/') && path.slice(dot + 1).toLowerCase() === 'hs') return 'haskell';
  const l = languageOfPath(path);
  return l === 'perl' || l === 'erlang' || l === 'clojure' || l === 'swift' ? l : null;
}

/** Whether the DDL analyzer reads files at `path` (a language it scans). */
export function isCodePath(path: string): boolean {
  return familyOf(path) !== null;
}

const IDENT = /[A-Za-z0-9_]/;

/** What a backslash escape stands for in a literal's value: `\n`, `\t`, else the escaped character itself. */
const unescaped = (e: string | undefined): string => (e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? ''));

export function codeStrings(path: string, text: string): CodeString[] {
  const fam = familyOf(path);
  if (!fam) {
    const lexed = lexedDdlLanguage(path);
    if (lexed) return lexedStrings(lexed, text);
    return isShellScriptPath(path) ? shellStrings(text) : [];
  }
  if (fam === 'lua') return scanLua(text);
  const language = fam === 'ex' ? null : languageOfPath(path);
  if (language) {
    const out: CodeString[] = [];
    scan(language, text, (t) => {
      if (t.kind !== 'string') return;
      let nl = 0;
      for (let i = t.text.indexOf('\n'); i >= 0; i = t.text.indexOf('\n', i + 1)) nl++;
      out.push({ value: t.value, line: t.line, endLine: t.line + nl });
    });
    return out;
  }
  return scanStrings(fam, text);
}

/** The string tokens of `text` read by the lexer of `language`; Haskell's quasi-quotes too. */
function lexedStrings(language: Language, text: string): CodeString[] {
  const out: CodeString[] = [];
  const src = language === 'haskell' ? quasiQuotes(text, out) : text;
  scan(language, src, (t) => {
    if (t.kind !== 'string') return;
    let nl = 0;
    for (let i = t.text.indexOf('\n'); i >= 0; i = t.text.indexOf('\n', i + 1)) nl++;
    out.push({ value: t.value, line: t.line, endLine: t.line + nl });
  });
  return out.sort((a, b) => a.line - b.line);
}

/** A quasi-quote's opener: `[sql|`, `[r|`, `[QQ.sql|` (a name glued to both brackets; `[x | x <- xs]` has spaces). */
const QUASI_OPEN = /\[([A-Za-z_][\w']{0,30}(?:\.[A-Za-z_][\w']{0,30}){0,3})\|/g;

const INNER_OPEN = new RegExp(QUASI_OPEN.source, 'g');

/**
 * Haskell quasi-quotes (`[sql| CREATE TABLE … |]`): each body pushed to `out` as a string, and
 * `text` returned with the bodies blanked (newlines kept) so the lexer does not read SQL as
 * Haskell. Linear: the opener regex is bounded and moves forward; a body's end is searched from
 * its opener on, and a missing `|]` ends the search for good.
 */
function quasiQuotes(text: string, out: CodeString[]): string {
  if (!text.includes('|]')) return text;
  let res = '';
  let from = 0;
  let line = 1;
  let counted = 0;
  QUASI_OPEN.lastIndex = 0;
  for (let m = QUASI_OPEN.exec(text); m; m = QUASI_OPEN.exec(text)) {
    const end = text.indexOf('|]', m.index + m[0].length);
    if (end < 0) break;
    // `[x|x<-xs] … [sql| … |]`: the last opener before the close is the quote's own
    let open = m.index;
    let start = m.index + m[0].length;
    INNER_OPEN.lastIndex = start;
    for (let k = INNER_OPEN.exec(text); k && k.index + k[0].length <= end; k = INNER_OPEN.exec(text)) {
      open = k.index;
      start = k.index + k[0].length;
    }
    for (; counted < open; counted++) if (text.charCodeAt(counted) === 10) line++;
    const body = text.slice(start, end);
    const startLine = line;
    for (; counted < end; counted++) if (text.charCodeAt(counted) === 10) line++;
    out.push({ value: body, line: startLine, endLine: line });
    res += text.slice(from, start) + body.replace(/[^\n]/g, ' ');
    from = end;
    QUASI_OPEN.lastIndex = end + 2;
  }
  return from === 0 ? text : res + text.slice(from);
}

/** A shell script, or its autotools template (`upgrade_6.2_to_7.0.sh.in`). */
export function isShellScriptPath(path: string): boolean {
  return languageOfPath(path.endsWith('.in') ? path.slice(0, -3) : path) === 'shell';
}

/**
 * A shell script named for an upgrade between versions (`sql-update-5.5.1_to_5.6.0.sh`,
 * `upgrade_6.2_to_7.0.sh.in`): operators run it on upgrade, and the SQL in its strings or
 * heredocs is the schema's next step.
 */
export function isShellUpgradeScript(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.length < 120 && /upgrade|update|migrat/i.test(base) && /\d[._]\d/.test(base) && isShellScriptPath(path);
}

/**
 * The strings of a shell script, read through the shell lexer: quoted strings and heredoc
 * bodies. A double-quoted string cut by `$X` / `${X}` / `$(…)` is joined back with `$X` where
 * a name was spliced in (`"ALTER TABLE $table ALTER COLUMN c TYPE TEXT;"`), as the database
 * receives it but for the name; a string inside a `$(…)` of an open one stands alone.
 */
function shellStrings(text: string, depth = 0): CodeString[] {
  const out: CodeString[] = [];
  /** A string, and those of the commands it runs in backquotes (`"\`echo -e \"ALTER TABLE …\"\`"`, two levels at most). */
  const push = (o: CodeString): void => {
    out.push(o);
    if (depth >= 2 || !o.value.includes('`')) return;
    for (const inner of shellStrings(o.value.replace(/`/g, ' '), depth + 1)) out.push({ value: inner.value, line: o.line + inner.line - 1, endLine: o.line + inner.endLine - 1 });
  };
  /** Strings cut by an interpolation, innermost last. */
  const open: { value: string; line: number; endLine: number }[] = [];
  scan('shell', text, (t) => {
    const top = open[open.length - 1];
    if (t.kind === 'ident') {
      // `$X` / `${X}` spliced into the open string (a command's own words inside `$(…)` are not)
      if (top && t.text.startsWith('$') && t.value.length < 200) top.value += `$${t.value}`;
      return;
    }
    if (t.kind !== 'string') return;
    let nl = 0;
    for (let i = t.text.indexOf('\n'); i >= 0; i = t.text.indexOf('\n', i + 1)) nl++;
    const endLine = t.line + nl;
    if (t.template === 'head') open.push({ value: t.value, line: t.line, endLine });
    else if (t.template && top) {
      top.value += t.value;
      top.endLine = endLine;
      if (t.template === 'tail') push(open.pop()!);
    } else push({ value: t.value, line: t.line, endLine });
  });
  // an unterminated string at the end of the file
  for (const o of open) push(o);
  return out;
}

function scanStrings(fam: Family, text: string): CodeString[] {
  const out: CodeString[] = [];
  const n = text.length;
  const hashComment = fam === 'py' || fam === 'rb' || fam === 'ex' || fam === 'php';
  const slashComment = fam !== 'py' && fam !== 'rb' && fam !== 'ex';
  let line = 1;
  let i = 0;
  /** Advances `i` to `to`, counting newlines. */
  const skipTo = (to: number): void => {
    for (; i < to && i < n; i++) if (text.charCodeAt(i) === 10) line++;
    i = Math.min(to, n);
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    // comments
    if (slashComment && c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (slashComment && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      skipTo(end < 0 ? n : end + 2);
      continue;
    }
    if (hashComment && c === '#' && !(fam === 'rb' || fam === 'ex' ? text[i + 1] === '{' : false)) {
      if (fam === 'php' && text[i + 1] === '[') {
        i++;
        continue; // PHP 8 attribute
      }
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    // heredocs: PHP <<<ID / <<<'ID', Ruby <<~ID / <<-ID / <<ID (upper-case id)
    if (c === '<' && text[i + 1] === '<' && (fam === 'php' || fam === 'rb')) {
      const m = fam === 'php' ? /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1/.exec(text.slice(i, i + 80)) : /^<<[~-]?(['"]?)([A-Z_][A-Z0-9_]*)\1/.exec(text.slice(i, i + 80));
      if (m) {
        const id = m[2];
        const bodyStart = text.indexOf('\n', i);
        if (bodyStart > 0) {
          const startLine = line;
          // The rest of the opening line is code (`<<~SQL.squish)`); the body starts after it.
          i += m[0].length;
          let p = bodyStart + 1;
          let bodyEnd = -1;
          while (p < n) {
            let e = text.indexOf('\n', p);
            if (e < 0) e = n;
            const t = text.slice(p, e).trim();
            if (t === id || (t.startsWith(id) && !IDENT.test(t[id.length] ?? ''))) {
              bodyEnd = p;
              break;
            }
            p = e + 1;
          }
          if (bodyEnd < 0) bodyEnd = n;
          // Code after the opener on its line is scanned normally only for Ruby; keep it simple: skip it.
          skipTo(bodyStart + 1);
          const bodyLine = line;
          const value = text.slice(bodyStart + 1, bodyEnd);
          skipTo(bodyEnd);
          out.push({ value, line: bodyLine, endLine: line });
          void startLine;
          continue;
        }
      }
    }
    // string openers
    let close: string | null = null;
    let escapes = true;
    let doubled = false;
    let start = i;
    if (c === '"' || c === "'" || c === '`') {
      if (c === "'" && fam === 'rs' && !/^'(\\.|[^'\\])'/.test(text.slice(i, i + 12))) {
        i++; // a Rust lifetime
        continue;
      }
      if (c === "'" && (fam === 'jvm' || fam === 'cs' || fam === 'c' || fam === 'go')) {
        // a char literal: skip it
        const m = /^'(\\.[^']*|[^'\\])'/.exec(text.slice(i, i + 12));
        i += m ? m[0].length : 1;
        continue;
      }
      if (c === '`' && fam !== 'go' && fam !== 'js') {
        i++;
        continue;
      }
      const triple = text.startsWith(c.repeat(3), i) && (fam === 'py' || fam === 'jvm' || fam === 'ex' || fam === 'cs');
      close = triple ? c.repeat(3) : c;
      escapes = c !== '`' || fam === 'js';
      if (fam === 'cs' && i > 0 && text[i - 1] === '@') {
        escapes = false;
        doubled = true;
      }
      if (fam === 'py' && i > 0 && /[rR]/.test(text[i - 1]) && !IDENT.test(text[i - 2] ?? '')) escapes = false;
      if (fam === 'php' && c === "'") escapes = true;
      start = i + close.length;
    } else if (c === 'r' && fam === 'rs' && (text[i + 1] === '"' || text[i + 1] === '#') && !IDENT.test(text[i - 1] ?? '')) {
      let h = 0;
      while (text[i + 1 + h] === '#') h++;
      if (text[i + 1 + h] === '"') {
        close = '"' + '#'.repeat(h);
        escapes = false;
        start = i + 2 + h;
      }
    } else if (fam === 'ex' && c === '~' && /[sS]/.test(text[i + 1] ?? '') && /["'(|/[{<]/.test(text[i + 2] ?? '')) {
      const o = text[i + 2];
      const triple = text.startsWith(o.repeat(3), i + 2) && (o === '"' || o === "'");
      close = triple ? o.repeat(3) : ({ '(': ')', '[': ']', '{': '}', '<': '>' } as Record<string, string>)[o] ?? o;
      start = i + 2 + (triple ? 3 : 1);
    }
    if (close === null) {
      i++;
      continue;
    }
    const startLine = line;
    let value = '';
    let j = start;
    let run = j;
    let closed = false;
    while (j < n) {
      const d = text[j];
      if (d === '\\' && escapes) {
        value += text.slice(run, j);
        const e = text[j + 1];
        value += unescaped(e);
        if (e === '\n') line++;
        j += 2;
        run = j;
        continue;
      }
      if (d === close[0] && text.startsWith(close, j)) {
        if (doubled && text[j + 1] === close) {
          value += text.slice(run, j + 1);
          j += 2;
          run = j;
          continue;
        }
        value += text.slice(run, j);
        j += close.length;
        closed = true;
        break;
      }
      if (d === '\n') {
        line++;
        // Single-quoted strings of most languages end at the line's end when unclosed.
        if (close.length === 1 && (close === '"' || close === "'") && !(fam === 'go' || fam === 'php' || fam === 'rb' || fam === 'ex' || fam === 'rs' || fam === 'py') && fam !== 'js') break;
      }
      j++;
    }
    if (!closed) value += text.slice(run, j);
    out.push({ value, line: startLine, endLine: line });
    i = j;
  }
  return out;
}

/**
 * The string literals of a Lua file: long brackets `[[…]]` / `[==[…]==]` (no escapes), quoted
 * strings with backslash escapes; comments `-- …` and `--[[ … ]]` skipped. One forward pass:
 * each closing search starts where the opener ended, so every character is looked at a
 * bounded number of times.
 */
function scanLua(text: string): CodeString[] {
  const out: CodeString[] = [];
  const n = text.length;
  let line = 1;
  let i = 0;
  /** Line feeds in [from, to): looks at those characters only (a search for the next line feed could run past `to` to the end, once per string). */
  const countLines = (from: number, to: number): number => {
    let k = 0;
    for (let x = from; x < to; x++) if (text.charCodeAt(x) === 10) k++;
    return k;
  };
  /** The level of a long bracket opening at `at` (`[[` 0, `[=[` 1…), or -1. */
  const longOpen = (at: number): number => {
    if (text[at] !== '[') return -1;
    let k = at + 1;
    while (k < n && text[k] === '=' && k - at < 64) k++;
    return text[k] === '[' ? k - at - 1 : -1;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const level = longOpen(i + 2);
      if (level >= 0) {
        const close = `]${'='.repeat(level)}]`;
        const end = text.indexOf(close, i + 4 + level);
        const stop = end < 0 ? n : end + close.length;
        line += countLines(i, stop);
        i = stop;
      } else {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
      }
      continue;
    }
    const level = c === '[' ? longOpen(i) : -1;
    if (level >= 0) {
      const close = `]${'='.repeat(level)}]`;
      let start = i + 2 + level;
      // A newline right after the opener is not part of the string.
      if (text[start] === '\n') {
        start++;
        line++;
      }
      const end = text.indexOf(close, start);
      const stop = end < 0 ? n : end;
      const startLine = line;
      line += countLines(start, stop);
      out.push({ value: text.slice(start, stop), line: startLine, endLine: line });
      i = end < 0 ? n : end + close.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      let value = '';
      let j = i + 1;
      let run = j;
      while (j < n && text[j] !== c && text[j] !== '\n') {
        if (text[j] === '\\') {
          value += text.slice(run, j);
          const e = text[j + 1];
          value += unescaped(e);
          if (e === '\n') line++;
          j += 2;
          run = j;
          continue;
        }
        j++;
      }
      value += text.slice(run, Math.min(j, n));
      out.push({ value, line: startLine, endLine: line });
      i = j < n && text[j] === c ? j + 1 : j;
      continue;
    }
    i++;
  }
  return out;
}
