/**
 * Command-line options of the server an operator runs (issue 11, config actions): an option
 * declared in code is a name the operator writes in their own command line, service unit,
 * compose file or the config file the option parser also reads (picocli's TOML, viper, …).
 * When a declaration goes away in the range and the name is left nowhere in the module
 * (no hidden alias, no deprecation shim reading it), a deployment that still passes it
 * fails to start or is silently ignored: a required config action.
 *
 * Declarations read, from core/lex tokens (one pass per side, bounded look-ahead):
 * - Java / Kotlin picocli `@Option(names = {"--x", "-x"})`, `@CommandLine.Option(names = X)`
 *   (a `String X = "--x"` constant of the module resolved);
 * - Python argparse `add_argument("--x")`, optparse `add_option`, click / typer `option("--x")`,
 *   Node commander `.option("-p, --port <n>")` / `.requiredOption`, Kotlin clikt `option("--x")`,
 *   Ruby OptionParser `opts.on("--x VALUE")`: strings starting with `--`;
 * - Go `flag.String("x", …)`, `fs.DurationVar(&d, "x", …)`, cobra / pflag
 *   `cmd.Flags().StringVarP(&v, "x", "s", …)`, kingpin `.Flag("x", …)`, urfave/cli
 *   `&cli.StringFlag{Name: "x"}`;
 * - Rust clap / structopt `#[arg(long)]` on a field (`max_width` → `--max-width`),
 *   `#[arg(long = "x")]`, builder `.long("x")`.
 *
 * Files of developer tools, test harnesses and build scripts are not read (see `isOperatorCode`).
 */
import { closingBracket, languageOfPath, lex, type Language, type Token, isPunct as isP, isWholeString as isStr } from '../lex';
import { memoByPath } from '../util/memoByPath';
import { isDevToolConfigName, isTestCodePath } from '../util/testPaths';
import type { Change, Finding } from '../types';
import { removedLineNumbers } from './analyzer';
import { goTag } from './envStruct';

export interface OptionDecl {
  /** As the operator writes it: `--host-allowlist`. */
  name: string;
  line: number;
}

/**
 * A removed line that may hold (part of) an option declaration: the cheap test before the files are
 * read (a `--x` string, `names =`, `Flags()`, `flag.`, `.Flag(`, `Flag{`, `Name: "`, a clap attribute,
 * `.long(`). Narrow on purpose: Java's `long` type or a Go `Flag` word must not make every file read.
 */
const HINT = /--[A-Za-z]|\bnames\s*=|Flags\(\)|\bflag\.|\.Flag\(|Flag\{|Name:\s*"|#\[(?:arg|clap|structopt)\(|\.long\(|\blong:"/;

/**
 * Folders of things an operator does not run besides tests (util/testPaths.ts): developer tools,
 * build scripts, benchmarks. Not env's dev folders (env.ts isEnvNoisePath), on purpose: a
 * container entrypoint or start script kept in `scripts/` reads the operator's environment (the
 * image runs it), while a command-line parser there is a developer tool's, not the server's.
 */
const NOT_OPERATOR_DIR = /^(?:scripts?|tools?|devtools|bench|benches|benchmarks?|build|buildSrc|gradle|codegen|generators?|fuzz|xtask|ci)$/i;

/** True when `path` may be code of the server an operator runs (not test code, a dev tool, a benchmark or a build script); kept by path: the detector table's gates ask for one changed file up to four times (issue 17). */
export const isOperatorCode: (path: string) => boolean = memoByPath(isOperatorCodeUncached);

function isOperatorCodeUncached(path: string): boolean {
  if (isTestCodePath(path)) return false;
  const segs = path.split('/');
  for (let i = 0; i < segs.length - 1; i++) if (NOT_OPERATOR_DIR.test(segs[i])) return false;
  // a linter's, bundler's or build tool's own config or task script (`eslint.config.mjs`, `noxfile.py`, `build.rs`)
  if (isDevToolConfigName(segs[segs.length - 1].toLowerCase())) return false;
  return !/(?:^|[._-])(?:spec|bench|benchmark|mock|fake)(?:[._-]|$)/i.test(segs[segs.length - 1].replace(/\.[^.]+$/, ''));
}

/** Whether any removed line of `change` may hold an option declaration. */
export function removesOptionHint(change: Change): boolean {
  for (const h of change.hunks) for (const l of h.removed) if (l.length < 2000 && HINT.test(l)) return true;
  return false;
}

const GO_FLAG = /^(?:(?:String|Bool|Int|Int8|Int16|Int32|Int64|Uint|Uint8|Uint16|Uint32|Uint64|Float32|Float64|Duration|StringSlice|StringArray|IntSlice|Int32Slice|Int64Slice|UintSlice|BoolSlice|DurationSlice|StringToString|StringToInt|IP|IPSlice|IPNet|IPMask|BytesHex|BytesBase64|Count|Text)(?:Var)?P?|Var|VarP|Func|BoolFunc)$/;
const GO_FLAG_RECEIVER = /^(?:flag|pflag|flags|fs|flagset|flagSet|set)$/;
/** Calls whose `--` string arguments name options (argparse, optparse, click, typer, commander, clikt, OptionParser). */
const OPTION_CALL = /^(?:add_argument|add_option|option|Option|requiredOption|on)$/;
const LONG = /--[A-Za-z0-9][A-Za-z0-9_.-]*/g;
const BARE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** No real option name is longer (with its `--`); a longer string in an option call is data, not an option. */
export const MAX_OPTION_NAME = 256;

/** The options `text` (a code file) declares. */
export function optionDeclarations(path: string, text: string): OptionDecl[] {
  const language = languageOfPath(path);
  if (!language || language === 'sql' || language === 'yaml' || language === 'shell' || text.length > 2_000_000) return [];
  const T: Token[] = [];
  for (const t of lex(language, text)) if (t.kind !== 'comment') T.push(t);
  const out: OptionDecl[] = [];
  const longs = (t: Token) => {
    for (const m of t.value.matchAll(LONG)) out.push({ name: m[0], line: t.line });
  };
  const constants = language === 'java' || language === 'kotlin' ? stringConstants(T) : null;
  for (let k = 0; k + 2 < T.length; k++) {
    const t = T[k];
    // Go struct tags of option structs: go-flags `long:"peer-url"`, go-arg `arg:"-p,--peer-url"`
    if (language === 'go' && t.kind === 'string' && t.text.startsWith('`') && t.value.length <= 2000) {
      goTagOptions(t, out);
      continue;
    }
    if (t.kind !== 'ident') continue;
    const open = isP(T[k + 1], '(');
    // picocli: @Option(names = …) / @CommandLine.Option(names = …)
    if (constants && t.value === 'Option' && open && (isP(T[k - 1], '@') || (isP(T[k - 1], '.') && T[k - 2]?.value === 'CommandLine'))) {
      const end = closing(T, k + 1, 200);
      for (let j = k + 2; j < end; j++) {
        if (T[j].kind !== 'ident' || T[j].value !== 'names' || !isP(T[j + 1], '=')) continue;
        const braced = isP(T[j + 2], '{') || isP(T[j + 2], '['); // Kotlin: names = ["--x"]
        const stop = braced ? closing(T, j + 2, 40) : j + 3;
        for (let i = braced ? j + 3 : j + 2; i < stop && i < end; i++) {
          const n = T[i];
          const value = isStr(n) ? n.value : n.kind === 'ident' ? constants.get(n.value) : undefined;
          if (value && value.startsWith('-')) out.push({ name: value, line: n.line });
        }
        break;
      }
      continue;
    }
    // argparse / click / typer / commander / clikt / OptionParser: the `--` strings of the call
    if (open && OPTION_CALL.test(t.value) && (t.value !== 'on' || (language === 'ruby' && isP(T[k - 1], '.')))) {
      const end = closing(T, k + 1, 60);
      for (let j = k + 2; j < end; j++) {
        if (isP(T[j], '(') || isP(T[j], '{') || isP(T[j], '[')) break; // arguments after a nested call are no names
        if (T[j].kind === 'ident' && isP(T[j + 1], '=')) break; // keyword arguments (help=…, default=…)
        if (isStr(T[j]) && T[j].value.startsWith('-')) longs(T[j]);
      }
      continue;
    }
    if (language === 'go') {
      // flag.String("x", …) / fs.StringVar(&v, "x", …) / cmd.Flags().StringP("x", "s", …) / app.Flag("x", …)
      if (open && isP(T[k - 1], '.') && (GO_FLAG.test(t.value) || t.value === 'Flag')) {
        const recv = T[k - 2];
        const ok = t.value === 'Flag' || (recv?.kind === 'ident' && GO_FLAG_RECEIVER.test(recv.value)) || (isP(recv, ')') && isP(T[k - 3], '(') && T[k - 4]?.kind === 'ident' && /Flags$/.test(T[k - 4].value));
        if (!ok) continue;
        // only the string in the name position: argument 1 of the …Var / …VarP forms (after the pointer), else argument 0
        // (`flag.String(name, "default", …)`: the name is a constant, the string is no name)
        let j = k + 2;
        for (let args = 0, want = /VarP?$/.test(t.value) ? 1 : 0; args < want && j < k + 12; j++) {
          if (isP(T[j], '(') || isP(T[j], '[') || isP(T[j], '{')) j = closing(T, j, 12);
          else if (isP(T[j], ',')) args++;
        }
        if (j < k + 12 && isStr(T[j]) && BARE.test(T[j].value)) out.push({ name: `--${T[j].value}`, line: T[j].line });
        continue;
      }
      // urfave/cli: &cli.StringFlag{Name: "x", …} (not any `…Flag{Name: …}` literal: a feature flag is no option)
      if (/Flag$/.test(t.value) && isP(T[k + 1], '{') && isP(T[k - 1], '.') && T[k - 2]?.value === 'cli') {
        const end = closing(T, k + 1, 120);
        for (let j = k + 2; j + 2 < end; j++) {
          if (isP(T[j], '{')) j = closing(T, j, 120);
          else if (T[j].kind === 'ident' && T[j].value === 'Name' && isP(T[j + 1], ':') && isStr(T[j + 2])) {
            for (const n of T[j + 2].value.split(',')) if (BARE.test(n.trim())) out.push({ name: `--${n.trim()}`, line: T[j + 2].line });
            break;
          }
        }
      }
      continue;
    }
    if (language === 'rust') {
      // builder: Arg::new("x").long("x")
      if (t.value === 'long' && open && isP(T[k - 1], '.') && isStr(T[k + 2]) && BARE.test(T[k + 2].value)) {
        out.push({ name: `--${T[k + 2].value}`, line: T[k + 2].line });
        continue;
      }
      // derive: #[arg(long)] / #[clap(long = "x")] / #[structopt(long)]
      if ((t.value === 'arg' || t.value === 'clap' || t.value === 'structopt') && open && isP(T[k - 1], '[') && isP(T[k - 2], '#')) {
        const end = closing(T, k + 1, 120);
        for (let j = k + 2; j < end; j++) {
          if (T[j].kind !== 'ident' || T[j].value !== 'long' || isP(T[j - 1], '.')) continue;
          if (isP(T[j + 1], '=') && isStr(T[j + 2])) {
            if (BARE.test(T[j + 2].value)) out.push({ name: `--${T[j + 2].value}`, line: T[j + 2].line });
          } else if (isP(T[j + 1], ',') || isP(T[j + 1], ')')) {
            const field = fieldAfter(T, isP(T[end + 1], ']') ? end + 2 : end + 1);
            if (field) out.push({ name: `--${field.value.replace(/^r#/, '').replace(/_/g, '-')}`, line: field.line });
          }
          break;
        }
        k = end;
      }
    }
  }
  return out.filter((d) => d.name.length <= MAX_OPTION_NAME);
}

/**
 * The options a Go struct tag declares: go-flags' `long:"x"` (`--x`; jessevdk/go-flags, Concourse,
 * Garden) and go-arg's `arg:"-p,--x"` (its `--` parts). Other keys (`env`, `description`, `json`)
 * name no option.
 */
function goTagOptions(t: Token, out: OptionDecl[]): void {
  if (!t.value.includes('long:"') && !t.value.includes('arg:"')) return;
  const tags = goTag(t.value);
  const long = tags.get('long');
  if (long !== undefined && BARE.test(long)) out.push({ name: `--${long}`, line: t.line });
  const arg = tags.get('arg');
  if (arg !== undefined) for (const part of arg.split(',')) if (/^--[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(part.trim())) out.push({ name: part.trim(), line: t.line });
}

/** The index of the punct closing the bracket at `open` (or `open + max`, or the end: where a walk of its contents stops). */
function closing(T: Token[], open: number, max: number): number {
  const end = closingBracket(T, open, max);
  return end < 0 ? Math.min(T.length, open + max) : end;
}

/** The field a derive attribute stands on: past further `#[…]` attributes and `pub`/`pub(crate)`, the ident before `:`. */
function fieldAfter(T: Token[], from: number): Token | null {
  for (let i = from; i < T.length && i < from + 80; i++) {
    const t = T[i];
    if (isP(t, '#') && isP(T[i + 1], '[')) {
      i = closing(T, i + 1, 200);
      continue;
    }
    if (t.kind === 'ident' && t.value === 'pub') {
      if (isP(T[i + 1], '(')) i = closing(T, i + 1, 10);
      continue;
    }
    // a raw identifier (`r#type`) lexes as `r`, `#`, `type`
    if (t.kind === 'ident' && t.value === 'r' && isP(T[i + 1], '#') && T[i + 2]?.kind === 'ident') continue;
    if (isP(t, '#') && T[i - 1]?.value === 'r') continue;
    return t.kind === 'ident' && isP(T[i + 1], ':') && !isP(T[i + 2], ':') ? t : null;
  }
  return null;
}

/** Java / Kotlin `NAME = "…"` string constants of a module (what `names = {NAME}` refers to). */
function stringConstants(T: Token[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let k = 0; k + 3 < T.length; k++) {
    if (T[k].kind === 'ident' && isP(T[k + 1], '=') && !isP(T[k + 2], '=') && isStr(T[k + 2]) && (isP(T[k + 3], ';') || T[k + 3].line > T[k + 2].line)) m.set(T[k].value, T[k + 2].value);
  }
  return m;
}


/** True when `text` (one line) holds `name` (`--x`, or bare `x` in Go / Rust) as a whole quoted string or the start of one (`"--x <value>"`, `"--x=…"`): the per-name rule `optionNameSearch` reads in one pass. */
export function namesOption(text: string, name: string, language: Language | null): boolean {
  const bare = name.slice(2);
  for (const needle of [name, ...(language === 'go' || language === 'rust' ? [bare] : [])]) {
    for (const q of QUOTES) {
      // every occurrence: `"--port-range", "--port"` names --port at its second one
      for (let i = text.indexOf(q + needle); i >= 0; i = text.indexOf(q + needle, i + 1)) {
        if (!/[A-Za-z0-9_-]/.test(text[i + 1 + needle.length] ?? '')) return true;
      }
    }
  }
  return false;
}

const QUOTES = ['"', "'", '`'];
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;

/**
 * What the engine greps head for to learn whether another file still names one of `names`
 * (options removed from a file of `language`), and the names a hit line holds. The needles are
 * exactly the forms `namesOption` accepts — `"--x`, `'--x`, `` `--x ``; from Go / Rust also the
 * bare `"x` (and quoted likewise), from Rust a field `x_snake:` — never a bare word (`v`, `config`)
 * that would pull most of the tree.
 */
export function optionNameSearch(names: readonly string[], language: Language | null): { needles: string[]; named(text: string, lineLanguage: Language | null): string[] } {
  const wanted = new Set(names);
  const bareSide = language === 'go' || language === 'rust';
  const snakes = new Map<string, string[]>();
  const needles = new Set<string>();
  for (const name of wanted) {
    for (const q of QUOTES) {
      needles.add(q + name);
      if (bareSide) needles.add(q + name.slice(2));
    }
    if (language === 'rust') {
      const snake = name.slice(2).replace(/-/g, '_');
      needles.add(`${snake}:`);
      snakes.set(snake, [...(snakes.get(snake) ?? []), name]);
    }
  }
  /** One pass over the line: each quoted name (and each of its prefixes ending before a `.`, as namesOption reads `"--x.y`), then each `ident:`. */
  const longest = Math.max(0, ...[...wanted].map((n) => n.length));
  const named = (text: string, lineLanguage: Language | null): string[] => {
    const out = new Set<string>();
    const bare = lineLanguage === 'go' || lineLanguage === 'rust';
    const take = (c: string) => {
      if (wanted.has(c)) out.add(c);
      if (bare && wanted.has(`--${c}`)) out.add(`--${c}`);
    };
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== '"' && text[i] !== "'" && text[i] !== '`') continue;
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) {
        if (text[j] === '.' && j > i + 1 && j - i - 1 <= longest) take(text.slice(i + 1, j)); // a run of dots stays linear
        j++;
      }
      if (j > i + 1) take(text.slice(i + 1, j));
      i = j - 1;
    }
    if (lineLanguage === 'rust' && snakes.size > 0) {
      for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
        let s = i;
        while (s > 0 && IDENT_CHAR.test(text[s - 1])) s--;
        for (const n of snakes.get(text.slice(s, i)) ?? []) out.add(n);
      }
    }
    return [...out];
  };
  return { needles: [...needles], named };
}

/** Every option name a string literal of `text` holds: its `--x` words, and (Go / Rust) a bare name as a whole string. */
function namedInStrings(path: string, text: string): Set<string> {
  const language = languageOfPath(path);
  const out = new Set<string>();
  if (!language) return out;
  for (const t of lex(language, text)) {
    if (t.kind !== 'string' || t.value.length > 400) continue;
    for (const m of t.value.matchAll(LONG)) out.add(m[0]);
    if ((language === 'go' || language === 'rust') && BARE.test(t.value)) out.add(`--${t.value}`);
  }
  return out;
}

/**
 * Options declared on the removed lines of the old side that the new side neither declares
 * nor names anywhere (an alias or a shim reading the old name keeps it working).
 */
export function removedOptions(change: Change, oldText: string, newText: string): OptionDecl[] {
  const path = change.path;
  const before = optionDeclarations(change.oldPath ?? path, oldText);
  if (before.length === 0) return [];
  const removed = removedLineNumbers(change);
  const now = new Set(optionDeclarations(path, newText).map((d) => d.name));
  let named: Set<string> | null = null;
  const out: OptionDecl[] = [];
  const seen = new Set<string>();
  for (const d of before) {
    if (seen.has(d.name) || !removed.has(d.line) || now.has(d.name) || !/^--[A-Za-z0-9]/.test(d.name)) continue;
    seen.add(d.name);
    named ??= namedInStrings(path, newText);
    if (named.has(d.name)) continue;
    out.push(d);
  }
  return out;
}

/** The finding of one removed option (the engine drops it when head still names the option elsewhere). */
export function removedOptionFinding(d: OptionDecl): Finding {
  return { kind: 'config-key-removed', severity: 'warning', subject: d.name, message: `removes command-line option ${d.name} (a deployment that still passes it, in a command line, service unit or config file, fails or is ignored)` };
}

/** A character trie of needles; each end lists the searches (by index) that asked for it. */
interface TrieNode {
  next: Map<string, TrieNode>;
  owners: number[] | null;
  /** Aho–Corasick: the longest proper suffix that is a trie path, and the nearest such suffix ending a needle. */
  fail: TrieNode | null;
  dict: TrieNode | null;
}

const trieNode = (): TrieNode => ({ next: new Map(), owners: null, fail: null, dict: null });

function trieAdd(root: TrieNode, word: string, owner: number): void {
  let n = root;
  for (let k = 0; k < word.length; k++) {
    const ch = word[k];
    let c = n.next.get(ch);
    if (!c) n.next.set(ch, (c = trieNode()));
    n = c;
  }
  if (!n.owners) n.owners = [owner];
  else if (n.owners[n.owners.length - 1] !== owner) n.owners.push(owner);
}

/**
 * A POSIX ERE matching the words of a trie (a prefix-factored alternation); a character that is
 * special in an ERE becomes `.`, a superset the caller checks again. Built children first with an
 * explicit stack (no recursion: a trie is as deep as its longest word).
 */
function trieEre(root: TrieNode, caseless = false): string {
  const built = new Map<TrieNode, string>();
  const stack: Array<[TrieNode, boolean]> = [[root, false]];
  while (stack.length) {
    const [n, ready] = stack.pop()!;
    if (!ready) {
      stack.push([n, true]);
      for (const c of n.next.values()) if (c.next.size) stack.push([c, false]);
      continue;
    }
    const alts: string[] = [];
    for (const [ch, c] of n.next) {
      const lit = caseless && /[a-z]/.test(ch) ? `[${ch}${ch.toUpperCase()}]` : /[A-Za-z0-9_:"'`-]/.test(ch) ? ch : '.';
      if (!c.next.size) {
        alts.push(lit);
        continue;
      }
      const sub = built.get(c)!;
      built.delete(c);
      alts.push(`${lit}${c.owners ? `(${sub})?` : sub}`);
    }
    built.set(n, alts.length === 1 ? alts[0] : `(${alts.join('|')})`);
  }
  return built.get(root)!;
}

/** Sets the Aho–Corasick links of a trie (breadth first). */
function linkTrie(root: TrieNode): void {
  const queue: TrieNode[] = [];
  for (const c of root.next.values()) {
    c.fail = root;
    queue.push(c);
  }
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q];
    for (const [ch, c] of n.next) {
      let f = n.fail;
      while (f && !f.next.has(ch)) f = f.fail;
      c.fail = f?.next.get(ch) ?? root;
      c.dict = c.fail.owners ? c.fail : c.fail.dict;
      queue.push(c);
    }
  }
}

/**
 * The option searches of a whole range in one: one extended regular expression git greps head
 * with (a prefix-factored alternation, so its cost grows with the text, not with the number of
 * names: a `git grep -F` of 1,170 needles ran over 44 s), and, for a line it returned, which of
 * the searches holds one of its needles there — the lines each per-file grep of
 * `optionNameSearch`'s needles would have returned (an Aho–Corasick scan: linear in the line).
 * A search's `caseless` needles (a quote and a name, lower case) match in any case: a config key
 * table's key, which its parser matches caseless (review15 F5).
 * The expression may match more lines than the needles (quoted bare names of any search,
 * special characters widened); `owners` is exact.
 */
export function combineOptionSearches(searches: readonly { needles: readonly string[]; words?: readonly string[]; caseless?: readonly string[] }[]): { pattern: string; owners(text: string): Set<number> } {
  const exact = trieNode();
  const folded = trieNode();
  const foldedBare = trieNode();
  // The expression: a quote and `--x`; a quote and a bare `x` (Go, Rust); a Rust field name and `:`;
  // a search's bare words (identifiers: a settings header's row names, a C# class name), anywhere on the line.
  const long = trieNode();
  const bare = trieNode();
  const fields = trieNode();
  const words = trieNode();
  searches.forEach((s, i) => {
    for (const w of s.words ?? []) {
      if (w.length < 2 || w.length > MAX_OPTION_NAME) continue;
      trieAdd(exact, w, i);
      trieAdd(words, w, i);
    }
    for (const c of s.caseless ?? []) {
      if (c.length < 2 || c.length > MAX_OPTION_NAME + 1 || !QUOTES.includes(c[0])) continue;
      const n = c.toLowerCase();
      trieAdd(folded, n, i);
      trieAdd(foldedBare, n.slice(1), i);
    }
    for (const n of s.needles) {
      if (n.length < 2 || n.length > MAX_OPTION_NAME + 1) continue; // none is: a quote and a name, or a name and `:`
      trieAdd(exact, n, i);
      if (!QUOTES.includes(n[0])) trieAdd(fields, n.slice(0, -1), i);
      else if (n.startsWith('--', 1) && n.length > 3) trieAdd(long, n.slice(3), i);
      else trieAdd(bare, n.slice(1), i);
    }
  });
  linkTrie(exact);
  linkTrie(folded);
  const parts: string[] = [];
  if (long.next.size) parts.push(`["'\`]--${trieEre(long)}`);
  if (bare.next.size) parts.push(`["'\`]${trieEre(bare)}`);
  if (fields.next.size) parts.push(`${trieEre(fields)}:`);
  if (words.next.size) parts.push(trieEre(words));
  if (foldedBare.next.size) parts.push(`["'\`]${trieEre(foldedBare, true)}`);
  const scan = (root: TrieNode, text: string, out: Set<number>): void => {
    const reported = new Set<TrieNode>();
    let n = root;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      while (n !== root && !n.next.has(ch)) n = n.fail!;
      n = n.next.get(ch) ?? root;
      for (let o: TrieNode | null = n.owners ? n : n.dict; o && !reported.has(o); o = o.dict) {
        reported.add(o);
        for (const x of o.owners!) out.add(x);
      }
    }
  };
  const owners = (text: string): Set<number> => {
    const out = new Set<number>();
    scan(exact, text, out);
    if (folded.next.size) scan(folded, text.toLowerCase(), out);
    return out;
  };
  return { pattern: parts.join('|'), owners };
}
