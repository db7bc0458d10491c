import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCommentOrBlank } from '../../../src/core/analyzers/comments';
import { LANGUAGES, closingBracket, identWords, lex, languageOfPath, type Language, type Token } from '../../../src/core/lex';

const kinds = (lang: Language, text: string, kind: Token['kind']): string[] => lex(lang, text).filter((t) => t.kind === kind).map((t) => t.value);
const strings = (lang: Language, text: string): string[] => kinds(lang, text, 'string');
const comments = (lang: Language, text: string): string[] => kinds(lang, text, 'comment');
const idents = (lang: Language, text: string): string[] => kinds(lang, text, 'ident');

describe('lex: every token', () => {
  it('is text.slice(start, end), in order, with its line', () => {
    const samples: Record<Language, string> = {
      js: 'const a = `x${process.env.A}y`; // c\n/* d\n */ "e" /re/g', go: 'x := `a\nb` // c', java: 's = """\n  a\n  """;', kotlin: 'val a = "${b}"',
      csharp: 'var a = @"x\n""y";', rust: 'r#"a"#; \'a', php: '<?php $a = "b"; # c', swift: 'let a = """\nx\n"""', scala: 'val a = """x"""', c: '#include <a.h>\nchar c = \'x\';',
      python: 'a = """x\ny""" # c\nb', ruby: 'a = <<~X\n  b\nX\nc = "#{d}"', elixir: 'a = ~s(x) # c\nb = "#{c}"\n@doc """\nd\n"""', shell: 'echo "$A ${B}" # c\nx', sql: "select 'a''b' -- c\n$$x$$", yaml: 'a: b # c\nc: |\n  d\ne: "f"',
      perl: 'my $a = $ENV{X} // "d"; # c\n=pod\nx\n=cut\nprint <<EOF;\nbody\nEOF\ns{a}{b}g;', clojure: '(System/getenv "X") ; c\n(env :db-url) #"re" \\a',
      erlang: 'os:getenv("X"), % c\n\'atom\', $"',
      haskell: 'go\' x = "a\\"b" -- c\n{- d {- e -} -} \'"\' <-- y',
      lua: 'local a = os.getenv("X") -- c\n--[==[ d\n]==] b = [[e\n]] .. \'f\'',
    };
    for (const lang of LANGUAGES) {
      const text = samples[lang];
      const toks = lex(lang, text);
      assert.ok(toks.length > 0, lang);
      let prevStart = -1;
      for (const t of toks) {
        assert.equal(t.text, text.slice(t.start, t.end), `${lang}: ${JSON.stringify(t)}`);
        assert.ok(t.start >= prevStart, `${lang}: tokens in order`);
        prevStart = t.start;
        assert.equal(t.line, text.slice(0, t.start).split('\n').length, `${lang}: line of ${JSON.stringify(t.text)}`);
      }
    }
  });
});

describe('lex: Lua', () => {
  it('line and long comments, quoted and long strings (APIcast\'s env module shapes)', () => {
    const text = "local resty_env = require('resty.env') -- the env module\n--[[ old: os.getenv(\"GONE\")\n]]\nlocal x = os.getenv \"A_B\" or [==[long ]] still]==]\nlocal y = '--not a comment' .. \"q\\\"\"";
    assert.deepEqual(strings('lua', text), ['resty.env', 'A_B', 'long ]] still', '--not a comment', 'q"']);
    assert.deepEqual(comments('lua', text).map((c) => c.trim()), ['the env module', 'old: os.getenv("GONE")']);
    assert.ok(idents('lua', text).includes('getenv'));
  });
});

describe('lex: Haskell', () => {
  it('comments (not the --> operator), nested block comments, strings, characters, primes in names', () => {
    // PostgREST's Config.hs / kupo's Options.hs shapes: option names as string literals
    const text = 'optString "db-uri" -- the URI\n{- old: {- optBool "db-use-legacy-gucs" -} -}\nlet go\' = \'"\' : xs --> long "max-concurrency"\nc = \'\\n\'';
    assert.deepEqual(strings('haskell', text), ['db-uri', 'max-concurrency']);
    assert.deepEqual(comments('haskell', text).map((c) => c.trim()), ['the URI', 'old: {- optBool "db-use-legacy-gucs" -}']);
    assert.ok(idents('haskell', text).includes("go'"));
  });
  it('a dash run ending in an operator symbol is one operator token, and what follows it is still code', () => {
    const text = `a ${'-'.repeat(40)}>|> "db-pool" --- c\nb ---| "x-y"`;
    const ops = lex('haskell', text).filter((t) => t.kind === 'punct').map((t) => text.slice(t.start, t.end));
    assert.deepEqual(ops, [`${'-'.repeat(40)}>`, '|', '>']);
    assert.deepEqual(strings('haskell', text), ['db-pool']);
    assert.deepEqual(comments('haskell', text).map((c) => c.trim()), ['c', '| "x-y"']);
  });
});

describe('lex: C-like', () => {
  it('JS: comments, strings with escapes, template pieces with nested code', () => {
    const toks = lex('js', 'f("a\\n\\u0041", \'b\\\'\') // one\n/* two */ `x${process.env.API_KEY}y${`in${z}`}w`');
    assert.deepEqual(toks.filter((t) => t.kind === 'comment').map((t) => t.value), [' one', ' two ']);
    const s = toks.filter((t) => t.kind === 'string');
    assert.deepEqual(s.map((t) => [t.value, t.template ?? null]), [['a\nA', null], ["b'", null], ['x', 'head'], ['y', 'middle'], ['in', 'head'], ['', 'tail'], ['w', 'tail']]);
    const i = toks.findIndex((t) => t.value === 'process');
    assert.deepEqual(toks.slice(i, i + 5).map((t) => t.text), ['process', '.', 'env', '.', 'API_KEY']);
  });
  it('JS: a quote inside a regex literal does not open a string; division stays division', () => {
    assert.deepEqual(strings('js', "if (/it's/.test(s)) x = 'ok'"), ['ok']);
    assert.equal(lex('js', 'a = b / c / d').filter((t) => t.kind === 'regex').length, 0);
  });
  it('JS: an unterminated string ends at its line', () => {
    const toks = lex('js', 'a = "open\nb = "shut"');
    assert.deepEqual(toks.filter((t) => t.kind === 'string').map((t) => [t.value, !!t.unterminated, t.line]), [['open', true, 1], ['shut', false, 2]]);
  });
  it('Go: raw strings keep backslashes and newlines', () => {
    assert.deepEqual(strings('go', 'os.Getenv("A") + `x\\n\ny`'), ['A', 'x\\n\ny']);
  });
  it('Rust: raw strings with hashes, byte strings, lifetimes are not chars', () => {
    assert.deepEqual(strings('rust', 'fn f<\'a>(x: &\'a str) { r#"a "quoted" b"#; br"x"; b"y"; \'c\'; env!("K") }'), ['a "quoted" b', 'x', 'y', 'c', 'K']);
  });
  it('Java/Kotlin text blocks, Kotlin templates', () => {
    assert.deepEqual(strings('java', 'String s = """\n  SELECT "x"\n  """;'), ['\n  SELECT "x"\n  ']);
    assert.deepEqual(lex('kotlin', 'val a = "x${System.getenv("K")}y"').filter((t) => t.kind === 'string').map((t) => [t.value, t.template ?? null]), [['x', 'head'], ['K', null], ['y', 'tail']]);
    assert.deepEqual(strings('kotlin', 'val a = """raw \\n $x"""'), ['raw \\n $x']);
  });
  it('C#: verbatim strings, "" escapes, multi-line', () => {
    assert.deepEqual(strings('csharp', 'var p = @"C:\\dir\\""q""\nz"; var q = $"a{b}";'), ['C:\\dir\\"q"\nz', 'a{b}']);
  });
  it('PHP: only code between <?php and ?>, # comments, heredoc and nowdoc', () => {
    const text = "<p>don't</p><?php\n$a = getenv('DB_URL'); # note\n$h = <<<SQL\n    CREATE TABLE t (id int);\n    SQL;\n$n = <<<'EOT'\nraw $x\nEOT;\n?><p>it's</p>";
    assert.deepEqual(strings('php', text), ['DB_URL', 'CREATE TABLE t (id int);', 'raw $x']);
    assert.deepEqual(comments('php', text), [' note']);
    assert.ok(idents('php', text).includes('$a'));
  });
  it('C/C++: raw strings, char literals holding a quote', () => {
    assert.deepEqual(strings('c', 'auto s = R"sql(SELECT ")" )sql"; char q = \'"\'; // x'), ['SELECT ")" ', '"']);
  });
  it('nested block comments in Rust/Swift/Kotlin/Scala, not in JS', () => {
    assert.deepEqual(comments('rust', '/* a /* b */ c */ x'), [' a /* b */ c ']);
    assert.deepEqual(comments('js', '/* a /* b */ c */'), [' a /* b ']);
  });
});

describe('lex: Python', () => {
  it('comments, prefixes, triple quotes, raw strings', () => {
    const text = 'x = os.environ["A"]  # read\ny = rb\'\\d+\' + f"{a}" + """doc\n"quoted"\n"""\nz = u\'\\u00e9\'';
    assert.deepEqual(strings('python', text), ['A', '\\d+', '{a}', 'doc\n"quoted"\n', 'é']);
    assert.deepEqual(comments('python', text), [' read']);
    assert.deepEqual(strings('python', "s = '''a\nb'''"), ['a\nb']);
  });
  it('a # inside a string is not a comment', () => {
    assert.deepEqual(comments('python', 'a = "#x" # y'), [' y']);
  });
});

describe('lex: Ruby', () => {
  it('comments, =begin/=end, interpolation pieces, %-literals, heredocs', () => {
    const text = 'a = ENV["A"] # c\n=begin\nhidden "x\n=end\nb = "v#{ENV.fetch(\'B\')}w"\nc = %w[x y] + %q(it\'s (nested))\nd = <<~SQL\n  SELECT 1\n    FROM t\nSQL\ne = 1';
    assert.deepEqual(comments('ruby', text), [' c', 'hidden "x']);
    assert.deepEqual(strings('ruby', text), ['A', 'v', 'B', 'w', 'x y', "it's (nested)", 'SELECT 1\n  FROM t']);
    assert.ok(idents('ruby', text).includes('e'));
  });
});

describe('lex: Elixir', () => {
  it('comments, #{} pieces, heredocs, sigils, character literals, bang names', () => {
    const text = [
      '# config/runtime.exs',
      'port = String.to_integer(System.get_env("PORT", "4000"))',
      'host = System.fetch_env!("PHX_HOST") # required',
      'url = "https://#{System.get_env("HOST")}/x"',
      '@moduledoc """',
      'Reads System.get_env("NOT_A_READ") only in docs',
      '"""',
      'r = ~r/a"b/i',
      'w = ~w[a b c]a',
      's = ~S(no #{interp} here)',
      'q = ?"',
      'x = :"quoted atom"',
      "cl = 'chars'",
    ].join('\n');
    const toks = lex('elixir', text);
    assert.deepEqual(comments('elixir', text), [' config/runtime.exs', ' required']);
    assert.deepEqual(strings('elixir', text), ['PORT', '4000', 'PHX_HOST', 'https://', 'HOST', '/x', '\nReads System.get_env("NOT_A_READ") only in docs\n', 'a b c', 'no #{interp} here', 'quoted atom', 'chars']);
    assert.ok(idents('elixir', text).includes('fetch_env!'));
    assert.deepEqual(toks.filter((t) => t.kind === 'regex').map((t) => t.value), ['a"b']);
    const pieces = toks.filter((t) => t.kind === 'string' && t.template).map((t) => t.template);
    assert.deepEqual(pieces, ['head', 'tail']);
  });

  it('unterminated strings and sigils end at the text, flagged', () => {
    const toks = lex('elixir', 'a = "open\nb = ~s(never');
    assert.ok(toks.some((t) => t.kind === 'string' && t.unterminated));
  });
});

describe('lex: shell', () => {
  it('$VAR and ${VAR} (also inside "…"), $(…) nesting, # only at a word start, heredocs', () => {
    const text = 'echo "$HOME/${USER:-x} $(date "+%s")" # c\nurl=a#b\ncat <<-EOF\n\tbody $X\n\tEOF\necho ${PORT}';
    const toks = lex('shell', text);
    assert.deepEqual(toks.filter((t) => t.kind === 'ident' && t.text.startsWith('$')).map((t) => t.value), ['HOME', 'USER', 'PORT']);
    assert.deepEqual(comments('shell', text), [' c']);
    assert.ok(strings('shell', text).includes('\tbody $X'));
    assert.ok(strings('shell', text).includes('+%s'));
  });
  it('single quotes keep everything', () => {
    assert.deepEqual(strings('shell', "echo '$A \\n'"), ['$A \\n']);
  });
});

describe('lex: SQL', () => {
  it("comments, '' escapes, E'' strings, quoted idents, dollar-quoted bodies", () => {
    const text = "CREATE TABLE \"User\" (`id` int) -- c\n/* a /* b */ c */ SELECT 'it''s', E'a\\tb', $$ body ' $$, $fn$ x $fn$";
    assert.deepEqual(strings('sql', text), ["it's", 'a\tb', " body ' ", ' x ']);
    assert.deepEqual(comments('sql', text), [' c', ' a /* b */ c ']);
    const q = lex('sql', text).filter((t) => t.quoted).map((t) => t.value);
    assert.deepEqual(q, ['User', 'id']);
  });
});

describe('lex: YAML', () => {
  it('keys, scalars, comments, flow, anchors, block scalars', () => {
    const text = 'env:\n  - name: DB_URL # the db\n    value: "x # y"\n  "quoted key": \'it\'\'s\'\nflow: {a: 1, b: [x, y]}\nbase: &b v\nuse: *b\nscript: |\n  echo $A\n  echo B\nafter: 1\n';
    const toks = lex('yaml', text);
    assert.deepEqual(toks.filter((t) => t.key).map((t) => t.value), ['env', 'name', 'value', 'quoted key', 'flow', 'a', 'b', 'base', 'use', 'script', 'after']);
    assert.deepEqual(strings('yaml', text), ['DB_URL', 'x # y', "it's", '1', 'x', 'y', 'v', 'echo $A\necho B', '1']);
    assert.deepEqual(comments('yaml', text), [' the db']);
  });
});

describe('languageOfPath', () => {
  it('maps files to lexers', () => {
    const cases: Array<[string, Language | null]> = [
      ['src/a.ts', 'js'], ['x.tsx', 'js'], ['main.go', 'go'], ['A.java', 'java'], ['b.kts', 'kotlin'], ['c.cs', 'csharp'], ['d.rs', 'rust'], ['e.php', 'php'],
      ['f.swift', 'swift'], ['g.scala', 'scala'], ['h.cpp', 'c'], ['i.py', 'python'], ['Gemfile', 'ruby'], ['j.rb', 'ruby'], ['config/runtime.exs', 'elixir'], ['lib/app.ex', 'elixir'], ['k.sh', 'shell'], ['.env.production', 'shell'],
      ['Dockerfile.dev', 'shell'], ['db/001.sql', 'sql'], ['.github/workflows/ci.yml', 'yaml'], ['README.md', null], ['package.json', null], ['LICENSE', null],
    ];
    for (const [path, lang] of cases) assert.equal(languageOfPath(path), lang, path);
  });

  it("answers the same when asked again, and knows no Object.prototype member's name", () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(languageOfPath('src/a.ts'), 'js');
      assert.equal(languageOfPath('src/constructor'), null);
      assert.equal(languageOfPath('a.toString'), null);
      assert.equal(languageOfPath('lib/__proto__'), null);
    }
  });

  it("comment-only lines by extension: an extension named like an Object.prototype member has no comment syntax (no error)", () => {
    assert.equal(isCommentOrBlank('# x', 'a.py'), true);
    assert.equal(isCommentOrBlank('// x', 'a.go'), true);
    assert.equal(isCommentOrBlank('# x', 'a.constructor'), false);
    assert.equal(isCommentOrBlank('# x', 'b.toString'), false);
    assert.equal(isCommentOrBlank('   ', 'b.toString'), true);
  });
});

describe('lex: Perl, Clojure, Erlang', () => {
  it('Perl: comments, POD and __END__ are comments; $ENV{X} is sigil, ident, brace', () => {
    const text = 'my $p = $ENV{PORT} || 5000; # $ENV{NOT_CODE}\n=head1 X\n$ENV{IN_POD}\n=cut\nif ($ENV{\'Q\'}) {}\n__END__\n$ENV{AFTER_END}';
    const toks = lex('perl', text);
    assert.deepEqual(toks.filter((t) => t.kind === 'ident' && /^[A-Z_]+$/.test(t.value)).map((t) => t.value), ['ENV', 'PORT', 'ENV']);
    assert.deepEqual(strings('perl', text), ['Q']);
    assert.equal(comments('perl', text).length, 3);
  });
  it('Perl: special variables, quote-like operators and heredocs do not open strings or comments', () => {
    assert.deepEqual(strings('perl', 'local $" = ","; my $n = $#list; my @w = qw(a b); print "x";'), [',', 'a b', 'x']);
    assert.deepEqual(strings('perl', "tr/a'/b/; my $h = q{k'}; my %o = (y => 1); print 'ok';"), ["a'", "k'", 'ok']);
    assert.ok(strings('perl', "s{it's}{x}g; my $h = q{k'}; print 'ok';").includes('ok'));
    assert.ok(strings('perl', "$x =~ /it's/; print 'ok';").includes('ok'));
    assert.deepEqual(lex('perl', 'my $a = $b / $c / 2;').filter((t) => t.kind === 'regex').length, 0);
    const hd = lex('perl', 'print <<"EOF";\n$ENV{IN_HEREDOC} it\'s\nEOF\nmy $x = 1;');
    assert.deepEqual(hd.filter((t) => t.kind === 'string').map((t) => t.value), ["$ENV{IN_HEREDOC} it's"]);
    assert.ok(hd.some((t) => t.kind === 'ident' && t.value === 'x'));
  });
  it('Clojure: symbols whole, keywords as punct + ident, character literals do not open strings', () => {
    const toks = lex('clojure', '(or (System/getenv "DB_URL") \\" "d") ; (System/getenv "NOT")\n[:db-uri {:optional true} ::sm/uri]');
    assert.deepEqual(strings('clojure', '(or (System/getenv "DB_URL") \\" "d") ; (System/getenv "NOT")'), ['DB_URL', 'd']);
    assert.ok(toks.some((t) => t.kind === 'ident' && t.value === 'System/getenv'));
    const i = toks.findIndex((t) => t.value === 'db-uri');
    assert.equal(toks[i - 1].text, ':');
    assert.equal(toks[i - 2].text, '[');
  });
  it('Erlang: comments, strings, quoted atoms, $" is a character', () => {
    const toks = lex('erlang', 'X = os:getenv("HOME_DIR", "d"), % os:getenv("NOT")\nC = $", A = \'quoted atom\'.');
    assert.deepEqual(toks.filter((t) => t.kind === 'string').map((t) => t.value), ['HOME_DIR', 'd']);
    assert.ok(toks.some((t) => t.kind === 'ident' && t.quoted && t.value === 'quoted atom'));
    assert.deepEqual(languageOfPath('src/a.erl'), 'erlang');
    assert.deepEqual(languageOfPath('lib/App/X.pm'), 'perl');
    assert.deepEqual(languageOfPath('src/app/config.clj'), 'clojure');
  });
});

describe('lex: what the analyzers share over tokens and identifiers', () => {
  it('identWords: snake, camel and acronym steps; a digit stays with its word', () => {
    const cases: Array<[string, string[]]> = [
      ['GetFromSysconfig', ['get', 'from', 'sysconfig']],
      ['env_or', ['env', 'or']],
      ['SQL_MARF_SCHEMA_VERSION', ['sql', 'marf', 'schema', 'version']],
      ['sqlMarfSchemaVersion', ['sql', 'marf', 'schema', 'version']],
      ['DBVersion', ['db', 'version']],
      ['kIndexDatabaseVersion', ['k', 'index', 'database', 'version']],
      ['ENVVar', ['env', 'var']],
      ['$env!', ['env']],
      ['fetch?', ['fetch']],
      ['SQLITE3_SCHEMA_VERSION', ['sqlite3', 'schema', 'version']],
      ['__', []],
    ];
    for (const [id, want] of cases) assert.deepEqual(identWords(id), want, id);
  });

  it('closingBracket: brackets of every kind nest; -1 past the window or without a close', () => {
    const T = lex('js', 'f(a[1], {b: g(2)}) + h(');
    const at = (text: string, from = 0) => T.findIndex((t, i) => i >= from && t.text === text);
    assert.equal(closingBracket(T, at('('), 64), at('+') - 1);
    assert.equal(T[closingBracket(T, at('['), 64)].text, ']');
    assert.equal(T[closingBracket(T, at('{'), 64)].text, '}');
    assert.equal(closingBracket(T, at('('), 5), -1);
    assert.equal(closingBracket(T, T.length - 1, 64), -1);
  });
});
