/**
 * Linear lexers: how analyzers read code (DESIGN.md, "How analyzers read code").
 *
 *   import { lex, languageOfPath } from '../lex';
 *   const language = languageOfPath('src/db.ts');        // 'js' (null: not code we lex)
 *   for (const t of lex(language!, text)) {
 *     if (t.kind === 'string') t.value;                   // decoded value of a literal
 *   }
 *   scan(language!, text, (t) => { … });                 // streaming: no token kept; return false to stop
 *
 * One lexer per family, each a single forward pass with no backtracking; every character is
 * looked at a bounded number of times, so the cost is linear in the text (test/unit/core/lex.*
 * and test/unit/hostile/ prove it on adversarial inputs):
 *
 *   C-like  js (JS/TS, `…${}…` templates as head/middle/tail pieces, regex literals), go (raw
 *           `…`), java ("""), kotlin (""" raw, "${}" pieces), csharp (@"…", $"…", """),
 *           rust (r#"…"#, b"…", lifetimes), php (#, heredoc/nowdoc, code inside <?php … ?> only),
 *           swift ("""), scala ("""), c (C/C++/ObjC, R"d(…)d")
 *   python  #, '…' "…" '''…''' """…""", prefixes r b f u (f-strings are whole strings)
 *   ruby    #, =begin/=end, '…' "#{}"-pieces, %w[] %q() …, heredocs <<~X <<-X <<X
 *   elixir  #, "…" '…' with #{} pieces, """/''' heredocs, sigils ~s(…) ~r/…/ ~w[…], ?c characters
 *   shell   # at a word's start, '…', "…" with $X / ${X} / $(…) pieces, $'…', heredocs
 *   sql     --, nested /* *\/, '…' (''), E'…', "ident" and `ident` (idents, quoted), $$…$$, $t$…$t$
 *   yaml    #, quoted scalars, keys (ident, key: true), plain scalars (string), | and > blocks
 *   perl    #, POD, __END__, '…' "…", q{} qq() qw// m// qr{} s{}{} tr/// y///, /…/ as a term, heredocs
 *   lisp    (Clojure) ;, "…", #"…", \c characters, :keywords, whole symbols (`System/getenv`)
 *   erlang  %, "…", '…' atoms (quoted idents), $c characters
 *   haskell --, nested {- -}, "…", 'c' characters, primes in names (`go'`); not mapped from `.hs` by
 *           languageOfPath (the DDL readers do not read Haskell): asked for by name
 *   lua     --, --[[ ]] / --[==[ ]==] long comments, '…' "…", [[ ]] long strings; not mapped from `.lua`
 *           by languageOfPath either (only the env reader reads Lua): asked for by name
 *
 * Tokens (see token.ts): { kind: 'string' | 'comment' | 'ident' | 'punct' | 'number' | 'regex',
 * text, value, start, end, line, unterminated?, template?, key?, quoted? }. Whitespace is not a
 * token; punct is one character (a heredoc opener or `$(` is one punct). Unterminated
 * constructs end at the line's end (single-line strings) or the text's end, flagged.
 * Best-effort: a lexer never throws; on input it does not understand it yields punct and moves on.
 */
import { lexCLike, type CLikeDialect } from './clike';
import { lexElixir } from './elixir';
import { lexErlang } from './erlang';
import { lexHaskell } from './haskell';
import { lexLisp } from './lisp';
import { lexLua } from './lua';
import { lexPerl } from './perl';
import { lexPython } from './python';
import { lexRuby } from './ruby';
import { lexShell } from './shell';
import { lexSql } from './sql';
import { memoByPath } from '../util/memoByPath';
import { Sink, type Token, type Visitor } from './token';
import { lexYaml } from './yaml';

export type { Token, TokenKind, Visitor } from './token';
export { closingBracket, identWords, isIdent, isPunct, isWholeString } from './token';
export type { CLikeDialect } from './clike';

export type Language = CLikeDialect | 'python' | 'ruby' | 'elixir' | 'shell' | 'sql' | 'yaml' | 'perl' | 'clojure' | 'erlang' | 'haskell' | 'lua';
export type Family = 'c-like' | 'python' | 'ruby' | 'elixir' | 'shell' | 'sql' | 'yaml' | 'perl' | 'lisp' | 'erlang' | 'haskell' | 'lua';

export const LANGUAGES: readonly Language[] = ['js', 'go', 'java', 'kotlin', 'csharp', 'rust', 'php', 'swift', 'scala', 'c', 'python', 'ruby', 'elixir', 'shell', 'sql', 'yaml', 'perl', 'clojure', 'erlang', 'haskell', 'lua'];

export function familyOf(language: Language): Family {
  switch (language) {
    case 'python': case 'ruby': case 'elixir': case 'shell': case 'sql': case 'yaml': case 'perl': case 'erlang': case 'haskell': case 'lua': return language;
    case 'clojure': return 'lisp';
    default: return 'c-like';
  }
}

/** All tokens of `text` in order of `start` (an array: iterate it, index it). Never throws. */
export function lex(language: Language, text: string): Token[] {
  const sink = new Sink(text);
  run(language, text, sink);
  return sink.out;
}

/**
 * The same tokens handed one by one to `visit`, none kept: for large texts, where holding
 * every token costs the garbage collector more than the lexing (100 K tokens alive at once are
 * ~40× 10 K, not 10×). `visit` returning false stops the lexer.
 */
export function scan(language: Language, text: string, visit: Visitor): void {
  run(language, text, new Sink(text, visit));
}

function run(language: Language, text: string, sink: Sink): void {
  switch (language) {
    case 'python': lexPython(text, sink); break;
    case 'ruby': lexRuby(text, sink); break;
    case 'elixir': lexElixir(text, sink); break;
    case 'shell': lexShell(text, sink); break;
    case 'sql': lexSql(text, sink); break;
    case 'yaml': lexYaml(text, sink); break;
    case 'perl': lexPerl(text, sink); break;
    case 'clojure': lexLisp(text, sink); break;
    case 'erlang': lexErlang(text, sink); break;
    case 'haskell': lexHaskell(text, sink); break;
    case 'lua': lexLua(text, sink); break;
    default: lexCLike(text, language, sink);
  }
}

const BY_EXT: Record<string, Language> = {
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js', vue: 'js', svelte: 'js', astro: 'js',
  go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', groovy: 'java', gradle: 'java', cs: 'csharp', rs: 'rust', php: 'php',
  swift: 'swift', scala: 'scala', sc: 'scala', sbt: 'scala', c: 'c', h: 'c', cc: 'c', cpp: 'c', cxx: 'c', hpp: 'c', hh: 'c', hxx: 'c', m: 'c', mm: 'c',
  dart: 'java', proto: 'c', graphql: 'python', gql: 'python', tf: 'shell', hcl: 'shell',
  py: 'python', pyi: 'python', pyw: 'python',
  rb: 'ruby', rake: 'ruby', gemspec: 'ruby', ru: 'ruby', erb: 'ruby',
  ex: 'elixir', exs: 'elixir',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', env: 'shell', envrc: 'shell',
  sql: 'sql', ddl: 'sql', psql: 'sql',
  yml: 'yaml', yaml: 'yaml',
  pl: 'perl', pm: 'perl', t: 'perl', psgi: 'perl', cgi: 'perl',
  clj: 'clojure', cljs: 'clojure', cljc: 'clojure', edn: 'clojure',
  erl: 'erlang', hrl: 'erlang', escript: 'erlang',
};
const BY_NAME: Record<string, Language> = {
  Rakefile: 'ruby', Gemfile: 'ruby', Guardfile: 'ruby', Vagrantfile: 'ruby', Podfile: 'ruby', Fastfile: 'ruby', Brewfile: 'ruby',
  Dockerfile: 'shell', Containerfile: 'shell', Makefile: 'shell', GNUmakefile: 'shell', Procfile: 'shell', Jenkinsfile: 'java',
  '.envrc': 'shell', '.env': 'shell', '.flaskenv': 'shell', '.bashrc': 'shell', '.profile': 'shell', '.zshrc': 'shell',
};

/**
 * The two tables as Maps: a property read with a different name each time (`BY_EXT[ext]`) made
 * V8 throw away the optimized code of every function it was inlined into, once per new name
 * (issue 17), and it found Object.prototype's members too (a file named `constructor`).
 */
const EXT_LANGUAGE = new Map(Object.entries(BY_EXT));
const NAME_LANGUAGE = new Map(Object.entries(BY_NAME));

/**
 * The lexer for a path (by file name, then extension; `.env.production` and
 * `Dockerfile.dev` included), or null when none fits (Markdown, JSON, images…).
 * GraphQL reads as python (`#` comments, "…"/"""…"""), Terraform/HCL as shell, proto as c.
 * Kept by path: the engine's checks ask for one changed file up to five times (issue 17).
 */
export const languageOfPath: (path: string) => Language | null = memoByPath(languageOfPathUncached);

function languageOfPathUncached(path: string): Language | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const named = NAME_LANGUAGE.get(base);
  if (named) return named;
  if (/^(?:Dockerfile|Containerfile)[.-]/.test(base) || /\.(?:dockerfile|containerfile)$/i.test(base)) return 'shell';
  if (/^\.env(?:\.|$)/.test(base)) return 'shell';
  const dot = base.lastIndexOf('.');
  if (dot < 0) return null;
  return EXT_LANGUAGE.get(base.slice(dot + 1).toLowerCase()) ?? null;
}
