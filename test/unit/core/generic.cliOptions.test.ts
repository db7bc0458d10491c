/**
 * Command-line options of the server removed in the range (issue 11, config actions), on a real
 * repository: a removed option whose name is left nowhere is a config action that needs a note;
 * the look-alikes are not — an option renamed with the old name kept as an alias, an option moved
 * to another module, an option added, the options of a developer script or a test harness.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, localizeTitle, translateMessage } from '../../../src/core';
import { RULE_STEPS_ZH } from '../../../src/core/l10n/ruleSteps';
import { genericRule } from '../../../src/core/rules/packs/generic';
import { notChinese } from '../l10n/english';
import { MAX_OPTION_NAME, combineOptionSearches, isOperatorCode, namesOption, optionDeclarations, optionNameSearch, removedOptions, removesOptionHint } from '../../../src/core/analyzers/cliOptions';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import type { Change } from '../../../src/core/types';
import { TestRepo } from '../../helpers/repo';

const JAVA = (opts: string) => [
  'package org.acme.node.cli;',
  '',
  'import picocli.CommandLine.Option;',
  '',
  'public class ServerCommand implements Runnable {',
  '  private static final String CACHE_SIZE = "--cache-size";',
  '',
  opts,
  '',
  '  @Option(names = {CACHE_SIZE}, description = "Cache size")',
  '  private int cacheSize = 10;',
  '',
  '  public void run() {}',
  '}',
  '',
].join('\n');

const HOSTS = [
  '  @Option(names = {"--host-allowlist"}, description = "Hosts allowed")',
  '  private String hostsAllowlist = "localhost";',
  '',
  '  @Option(',
  '      names = {"--host-whitelist"},',
  '      hidden = true,',
  '      description = "Deprecated in favor of --host-allowlist")',
  '  private String hostsWhitelist = "localhost";',
].join('\n');

const GO = (flags: string) => `package main\n\nimport "github.com/spf13/cobra"\n\nfunc flags(cmd *cobra.Command) {\n\tvar addr, dir string\n${flags}\n\tcmd.Flags().StringVar(&dir, "data-dir", "/var/lib/app", "data directory")\n}\n`;
const PY = (args: string) => `import argparse\n\n\ndef parser():\n    p = argparse.ArgumentParser()\n${args}\n    p.add_argument("--config", help="config file")\n    return p\n`;
const RUST = (field: string) => `use clap::Parser;\n\n#[derive(Parser)]\npub struct Args {\n    /// Data directory\n    #[arg(long, env = "APP_DATA")]\n    pub data_dir: String,\n${field}}\n`;

describe('command-line options removed in the range', () => {
  const repo = new TestRepo('clioptions');
  after(() => repo.dispose());
  repo.commit('init', {
    'server/src/main/java/org/acme/node/cli/ServerCommand.java': JAVA(HOSTS),
    'server/src/main/java/org/acme/node/cli/MiningOptions.java': JAVA('  @Option(names = {"--miner-enabled"}, hidden = true)\n  private boolean minerEnabled = false;\n\n  @Option(names = "--miner-coinbase")\n  private String coinbase;'),
    'server/src/main/java/org/acme/node/cli/RpcOptions.java': JAVA('  @Option(names = {"--rpc-gas-cap"})\n  private long gasCap = 0;'),
    'cmd/app/flags.go': GO('\tcmd.Flags().StringVarP(&addr, "listen-addr", "l", ":8080", "address")\n\tcmd.Flags().String("legacy-mode", "", "old")'),
    'app/cli.py': PY('    p.add_argument("--workers", "-w", type=int, default=2)'),
    'scripts/release_tool.py': PY('    p.add_argument("--sign-key", help="key")'),
    'src/args.rs': RUST('    /// Maximum width\n    #[arg(long, default_value_t = 10_000)]\n    pub max_width: u32,\n'),
    'src/cli.js': 'const { program } = require("commander");\nprogram\n  .option("-p, --port <number>", "port", "8080")\n  .option("--public-url <url>", "url");\nmodule.exports = program;\n',
    'server/src/test/java/org/acme/node/cli/HarnessOptions.java': JAVA('  @Option(names = {"--test-seed"})\n  private long seed;'),
  });
  repo.checkout('feature', true);
  repo.commit('remove deprecated options', {
    // removed (hidden, deprecated): an action; the allowlist option stays
    'server/src/main/java/org/acme/node/cli/ServerCommand.java': JAVA('  @Option(names = {"--host-allowlist"}, description = "Hosts allowed")\n  private String hostsAllowlist = "localhost";'),
    // --miner-enabled removed; --miner-coinbase moved to RpcOptions (a move is no action)
    'server/src/main/java/org/acme/node/cli/MiningOptions.java': JAVA(''),
    // renamed with the old name kept as an alias: no action; a new option: no action
    'server/src/main/java/org/acme/node/cli/RpcOptions.java': JAVA('  @Option(names = {"--rpc-gas-limit", "--rpc-gas-cap"})\n  private long gasCap = 50_000_000;\n\n  @Option(names = "--miner-coinbase")\n  private String coinbase;\n\n  @Option(names = "--rpc-new-thing")\n  private boolean newThing;'),
    // cobra: one flag removed, the other kept as a deprecated flag
    'cmd/app/flags.go': GO('\tcmd.Flags().String("legacy-mode", "", "old")\n\t_ = cmd.Flags().MarkDeprecated("legacy-mode", "use --data-dir")'),
    'app/cli.py': PY(''),
    'scripts/release_tool.py': PY(''),
    'src/args.rs': RUST(''),
    'src/cli.js': 'const { program } = require("commander");\nprogram\n  .option("--public-url <url>", "url");\nmodule.exports = program;\n',
    'server/src/test/java/org/acme/node/cli/HarnessOptions.java': JAVA(''),
  });

  it('a removed option is a config action that needs a note; aliases, moves, additions, dev scripts and test harnesses are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const options = report.impacts.filter((i) => i.rule === 'generic.cli-option');
    const got = Object.fromEntries(options.map((i) => [i.path, i.findings.map((f) => f.subject).sort()]));
    assert.deepEqual(got, {
      'server/src/main/java/org/acme/node/cli/ServerCommand.java': ['--host-whitelist'],
      'server/src/main/java/org/acme/node/cli/MiningOptions.java': ['--miner-enabled'],
      'cmd/app/flags.go': ['--listen-addr'],
      'app/cli.py': ['--workers'],
      'src/args.rs': ['--max-width'],
      'src/cli.js': ['--port'],
    });
    for (const i of options) {
      assert.equal(i.category, 'config');
      assert.equal(i.requiresNote, true, i.path);
      assert.ok(i.findings.every((f) => f.kind === 'config-key-removed' && f.severity === 'warning' && /removes command-line option --/.test(f.message)));
    }
    // in Simplified Chinese too: the message, the title, the checklist step
    assert.deepEqual(notChinese(options.flatMap((i) => i.findings.map((f) => f.message)), translateMessage), []);
    assert.match(localizeTitle(options[0].title, 'zh-cn'), /命令行选项被删除/);
    for (const step of genericRule('generic.cli-option').checklist ?? []) assert.ok(RULE_STEPS_ZH[step.text], step.text);
    assert.equal(report.impacts.some((i) => i.path === 'server/src/main/java/org/acme/node/cli/RpcOptions.java' && i.requiresNote), false);
    assert.equal(report.impacts.some((i) => i.path === 'scripts/release_tool.py' && i.requiresNote), false);
    assert.equal(report.impacts.some((i) => i.path.includes('/test/') && i.requiresNote), false);
  });
});

const decl = (path: string, text: string) => optionDeclarations(path, text).map((d) => d.name);

describe('option declarations per parser', () => {
  it('reads picocli, argparse, click, commander, OptionParser, Go flag / pflag / kingpin / urfave, clap', () => {
    assert.deepEqual(decl('A.java', '@CommandLine.Option(names = "--x-y", arity = "1")\nint a;\n@Option(names = {"-v", "--verbose"}) boolean v;'), ['--x-y', '-v', '--verbose']);
    assert.deepEqual(decl('a.py', '@click.option("--log-level", "-l", default="info")\ndef main(log_level): pass\nparser.add_option("--pid-file", dest="pid")'), ['--log-level', '--pid-file']);
    assert.deepEqual(decl('a.rb', 'OptionParser.new do |o|\n  o.on("-b", "--bind URI", "bind") { |v| v }\nend\n'), ['--bind']);
    assert.deepEqual(decl('a.go', 'var p = flag.Int("port", 80, "port")\nfunc f() { fs.DurationVar(&d, "timeout", 0, "t"); app.Flag("tls-cert", "c").String() }\nvar fl = &cli.StringFlag{Name: "db-url", EnvVars: []string{"DB_URL"}}\n'), ['--port', '--timeout', '--tls-cert', '--db-url']);
    assert.deepEqual(decl('a.rs', 'struct A {\n    #[clap(long = "bind-addr")]\n    bind: String,\n    #[arg(short, long)]\n    #[arg(env = "X")]\n    pub(crate) r#type: String,\n}\nfn b() { Arg::new("cfg").long("config-file"); }\n'), ['--bind-addr', '--type', '--config-file']);
  });
  it('does not read look-alikes: a getter, a map lookup, a Ruby event handler, keyword arguments', () => {
    assert.deepEqual(decl('a.go', 'v := cfg.String("port")\nm := flags["x"]\n'), []);
    assert.deepEqual(decl('a.rb', 'emitter.on(:data) { }\nemitter.on("data") { }\n'), []);
    assert.deepEqual(decl('a.js', 'socket.on("--x", cb);\nconst o = getOption("--y");\n'), []);
    assert.deepEqual(decl('a.py', 'p.add_argument("name", help="--not-an-option")\n'), []);
  });
  it('reads the files only when a removed line may declare an option', () => {
    const removing = (...removed: string[]): Change => ({ status: 'modified', path: 'A.java', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: removed.length, newStart: 1, newLines: 0, removed, added: [] }] });
    assert.equal(removesOptionHint(removing('  private long blockNumber = 0L;', '  boolean longRunning;', 'type Flag struct {')), false);
    for (const line of ['      names = {MAX_LAYERS},', '    #[arg(long)]', '\tcmd.Flags().Bool("x", false, "")', '  .option("-p, --port <n>")', '\t\t\tName:    "db-url",', 'p = flag.Int("port", 80, "")']) {
      assert.equal(removesOptionHint(removing(line)), true, line);
    }
  });
  it('an option whose name the new side still holds is not removed', () => {
    const oldText = 'p.add_argument("--a")\np.add_argument("--b")\n';
    const newText = 'p.add_argument("--b")\nRENAMED = {"--a": "--b"}  # normalised before parsing\n';
    const change: Change = { status: 'modified', path: 'app/cli.py', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 0, removed: ['p.add_argument("--a")'], added: [] }] };
    assert.deepEqual(removedOptions(change, oldText, newText), []);
  });
});

/**
 * Review 8: the "named elsewhere in head?" grep asks only for the quoted forms an option is named
 * in (never a bare `v` or `config`), every occurrence on a line counts, Go's look-alikes of a flag
 * are no options, Kotlin's `names = [...]` is read, and a `latest/` folder is server code.
 */
describe('command-line options: the head grep and the look-alikes', () => {
  const repo = new TestRepo('clioptions-grep');
  after(() => repo.dispose());
  const FLAGS = (lines: string) => `package main\n\nimport "flag"\n\nconst flagName = "name"\n\n${lines}var keep = flag.Bool("keep", false, "keep")\n`;
  const KT = (opts: string) => `package org.acme.cli\n\nimport picocli.CommandLine.Option\n\nclass Cli {\n${opts}    @Option(names = ["--kkeep"]) var keep = false\n}\n`;
  const PYCLI = (args: string) => `import argparse\n\n\ndef parser():\n    p = argparse.ArgumentParser()\n${args}    p.add_argument("--stay")\n    return p\n`;
  repo.commit('init', {
    'cmd/app/flags.go': FLAGS('var verbose = flag.Bool("v", false, "verbose")\nvar port = flag.Int("port", 8080, "port")\nvar name = flag.String(flagName, "default", "usage")\nvar timeout = flag.Duration("timeout", 0, "timeout")\n'),
    // head still names -v (a one-letter flag) and --port (second of two strings on one line)
    'cmd/other/main.go': 'package main\n\nfunc aliases() []string {\n\tshort := "v"\n\treturn []string{"--port-range", "--port", short}\n}\n',
    'internal/features/features.go': 'package features\n\ntype FeatureFlag struct{ Name string }\n\nvar NewUI = FeatureFlag{Name: "new-ui"}\nvar OldUI = FeatureFlag{Name: "old-ui"}\n',
    'src/main/kotlin/org/acme/cli/Cli.kt': KT('    @Option(names = ["--kport", "-k"]) var port = 0\n'),
    'api/latest/cli.py': PYCLI('    p.add_argument("--latest-mode")\n'),
    // a file full of the letter v: a grep for the bare name would return every line
    'NOTES.txt': 'very verbose, vivid, valid values\n'.repeat(400),
  });
  repo.checkout('feature', true);
  repo.commit('remove options', {
    'cmd/app/flags.go': FLAGS(''),
    'internal/features/features.go': 'package features\n\ntype FeatureFlag struct{ Name string }\n\nvar NewUI = FeatureFlag{Name: "new-ui"}\n',
    'src/main/kotlin/org/acme/cli/Cli.kt': KT(''),
    'api/latest/cli.py': PYCLI(''),
  });

  it('greps head for the quoted names only; an option named elsewhere (also second on its line) is no action; look-alikes are none', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const calls: Array<{ words: string[]; hits: number; extended: boolean }> = [];
    const grep = git.grep.bind(git);
    git.grep = async (rev, words, pathspecs, opts) => {
      const hits = await grep(rev, words, pathspecs, opts);
      calls.push({ words, hits: hits.length, extended: !!opts?.extended });
      return hits;
    };
    try {
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git });
      const options = report.impacts.filter((i) => i.rule === 'generic.cli-option');
      const got = Object.fromEntries(options.map((i) => [i.path, i.findings.map((f) => f.subject).sort()]));
      assert.deepEqual(got, {
        // --v and --port are still named in cmd/other; flag.String(flagName, "default", …) declares no --default
        'cmd/app/flags.go': ['--timeout'],
        // Kotlin picocli names = [...]
        'src/main/kotlin/org/acme/cli/Cli.kt': ['--kport'],
        // latest/ is no test folder
        'api/latest/cli.py': ['--latest-mode'],
      });
      // one grep for the whole range (three files remove options): quoted names only, and not the 400 lines holding a bare v
      const optionGreps = calls.filter((c) => c.extended && c.words.length === 1 && new RegExp(c.words[0]).test('"v"'));
      assert.equal(optionGreps.length, 1, JSON.stringify(calls.map((c) => c.words)));
      const flagGrep = optionGreps[0];
      for (const bare of ['v', 'very verbose, vivid, valid values', 'timeout', 'kport', 'port:']) assert.equal(new RegExp(flagGrep.words[0]).test(bare), false, bare);
      for (const quoted of ['"--v"', "'--kport'", '`--latest-mode`', '"timeout"']) assert.equal(new RegExp(flagGrep.words[0]).test(quoted), true, quoted);
      assert.ok(flagGrep.hits < 10, `${flagGrep.hits} hits`);
    } finally {
      git.close();
    }
  });

  it('reads every quoted name of a line, in one pass, as namesOption does per name', () => {
    assert.equal(namesOption('[]string{"--port-range", "--port"}', '--port', 'go'), true);
    assert.equal(namesOption('fmt.Println("version", "v")', '--v', 'go'), true);
    assert.equal(namesOption('fmt.Println("version", "vv")', '--v', 'go'), false);
    const go = optionNameSearch(['--v', '--port', '--a.b', '--max-width'], 'go');
    assert.deepEqual(go.needles.filter((w) => !/^["'`]/.test(w)), []);
    assert.deepEqual(go.named('x := []string{"--port-range", "--port"}; fmt.Println("version", "v")', 'go').sort(), ['--port', '--v']);
    assert.deepEqual(go.named('"--a.b.c" "--max-widths" "vv"', 'go'), ['--a.b']);
    assert.deepEqual(go.named('"v"', 'java'), []);
    const rs = optionNameSearch(['--max-width'], 'rust');
    assert.ok(rs.needles.includes('max_width:'));
    assert.deepEqual(rs.named('Args { max_width: 3 }', 'rust'), ['--max-width']);
  });

  it('Go: only the string in the name position, and urfave only as cli.…Flag{}', () => {
    assert.deepEqual(decl('a.go', 'flag.String(name, "default", "usage")\nx := FeatureFlag{Name: "new-ui"}\nfs.StringVar(&v, name, "default", "u")\n'), []);
    assert.deepEqual(decl('a.go', 'flag.StringVar(&cfg.addr, "addr", ":80", "a")\ncmd.Flags().StringVarP(&s[0], "sel", "s", "", "")\nflag.Func("hook", "h", f)\n'), ['--addr', '--sel', '--hook']);
  });

  it('Kotlin picocli names = [...] is read', () => {
    assert.deepEqual(decl('A.kt', 'class A { @Option(names = ["--kport", "-k"]) var port = 0 }'), ['--kport', '-k']);
  });

  it('a folder that merely ends in "test" is server code; test folders are not', () => {
    for (const p of ['latest/cmd/main.go', 'api/attest/cli.py', 'contest/Cli.java', 'greatest/a.go']) assert.equal(isOperatorCode(p), true, p);
    for (const p of ['test/a.go', 'tests/a.py', 'integration-test/A.java', 'acceptance_tests/a.py', 'src/integrationTest/java/A.java', 'testing/a.go', 'e2e_testing/a.go']) assert.equal(isOperatorCode(p), false, p);
  });
});

describe('command-line options: one head grep for the whole range', () => {
  const repo = new TestRepo('clioptions-range');
  after(() => repo.dispose());
  const JAVA_OPT = (opts: string) => `package org.acme.cli;\n\nimport picocli.CommandLine.Option;\n\npublic class Cli {\n${opts}  @Option(names = {"--keep"})\n  boolean keep;\n}\n`;
  const GO_FLAGS = (lines: string) => `package main\n\nimport "flag"\n\n${lines}var keep = flag.Bool("keep", false, "keep")\n`;
  const RS = (field: string) => `use clap::Parser;\n\n#[derive(Parser)]\npub struct Args {\n    #[arg(long)]\n    pub keep: bool,\n${field}}\n`;
  repo.commit('init', {
    'server/src/main/java/org/acme/cli/Cli.java': JAVA_OPT('  @Option(names = {"--port"})\n  int port;\n  @Option(names = {"--moved"})\n  int moved;\n'),
    'cmd/app/flags.go': GO_FLAGS('var logLevel = flag.String("log", "info", "level")\nvar dir = flag.String("dir", "/tmp", "dir")\n'),
    'src/args.rs': RS('    #[arg(long)]\n    pub max_width: u32,\n    #[arg(long)]\n    pub min_width: u32,\n'),
    // Go code naming the Go flag --log, on a line that also holds the bare word "port" (a needle of no Java search);
    // and --dir as a bare string: the Go search's needle
    'cmd/other/aliases.go': 'package main\n\nvar aliases = []string{"port", "--log"}\nvar dirs = []string{"dir"}\n',
    // Java code naming --moved (the option moved there)
    'server/src/main/java/org/acme/cli/Moved.java': 'package org.acme.cli;\n\nclass Moved {\n  static final String NAME = "--moved";\n}\n',
    // Rust code naming min_width as a field
    'src/other.rs': 'pub fn f(a: &Args) -> u32 {\n    let s = Sizes { min_width: 1 };\n    s.min_width\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('remove options', {
    'server/src/main/java/org/acme/cli/Cli.java': JAVA_OPT(''),
    'cmd/app/flags.go': GO_FLAGS(''),
    'src/args.rs': RS(''),
  });

  it('each file keeps what its own grep found: a line holding another file\'s needle does not name its option', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    let greps = 0;
    const grep = git.grep.bind(git);
    git.grep = async (rev, words, pathspecs, opts) => {
      if (opts?.extended && words.length === 1 && words[0].includes('--')) greps++;
      return grep(rev, words, pathspecs, opts);
    };
    try {
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git });
      const got = Object.fromEntries(report.impacts.filter((i) => i.rule === 'generic.cli-option').map((i) => [i.path, i.findings.map((f) => [f.subject, f.line])]));
      assert.deepEqual(got, {
        // "port" on aliases.go's line is a bare Go string: the Java search asks for "--port only (its line is read for --log, not for --port)
        'server/src/main/java/org/acme/cli/Cli.java': [['--port', 5]],
        // --log and --dir are named in cmd/other
        // --min-width is named as a field in src/other.rs
        'src/args.rs': [['--max-width', 6]],
      });
      assert.equal(greps, 1);
    } finally {
      git.close();
    }
  });

  it('the combined search: one expression, and each line given to the searches whose needles it holds', () => {
    const java = optionNameSearch(['--port', '--port-range', '--a.b'], 'java');
    const go = optionNameSearch(['--v', '--log-level'], 'go');
    const rs = optionNameSearch(['--max-width'], 'rust');
    const c = combineOptionSearches([java, go, rs]);
    const re = new RegExp(c.pattern);
    const cases: Array<[string, number[]]> = [
      ['x := "port"', []],
      ['names = {"--port-range"}', [0]],
      ['"v"', [1]],
      ['max_width: 3', [2]],
      ["'--log-level=3'", [1]],
      ['`--a.b` and "v"', [0, 1]],
      ['"--a"', []],
      ['nothing', []],
    ];
    for (const [line, owners] of cases) {
      assert.deepEqual([...c.owners(line)].sort(), owners, line);
      if (owners.length) assert.equal(re.test(line), true, line);
    }
    // the expression asks for no bare word: lines of plain text do not match
    for (const line of ['very verbose', 'the port', 'v']) assert.equal(re.test(line), false, line);
  });
});

describe('command-line options and settings: one head grep for both checks', () => {
  const repo = new TestRepo('clioptions-settings-grep');
  after(() => repo.dispose());
  const FLAGS = (lines: string) => `package main\n\nimport "flag"\n\n${lines}var keep = flag.Bool("keep", false, "keep")\n`;
  const CONFIG = (keys: string) => `package config\n\nfunc load(v *viper.Viper) {\n\tv.SetDefault("log-level", "info")\n${keys}}\n`;
  repo.commit('init', {
    'cmd/app/flags.go': FLAGS('var gone = flag.String("gone-flag", "", "x")\nvar moved = flag.String("moved-flag", "", "x")\n'),
    'internal/config/config.go': CONFIG('\tv.SetDefault("cache-size", 10)\n\tv.SetDefault("listen-addr", ":80")\n'),
  });
  repo.checkout('feature', true);
  repo.commit('remove an option and settings', {
    'cmd/app/flags.go': FLAGS(''),
    'internal/config/config.go': CONFIG(''),
    // one line names the moved flag and the moved setting: each check takes its own name from it
    'internal/other/names.go': 'package other\n\nvar names = []string{"moved-flag", "cache-size"}\n',
  });

  it('each check keeps what its own grep found', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    let greps = 0;
    const grep = git.grep.bind(git);
    git.grep = async (rev, words, pathspecs, opts) => {
      // the names-elsewhere grep: a quote, then the names (the settings module reader's grep is another)
      if (opts?.extended && words.length === 1 && words[0].startsWith('["\'`]')) greps++;
      return grep(rev, words, pathspecs, opts);
    };
    try {
      const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git });
      const got = Object.fromEntries(report.impacts.filter((i) => i.rule === 'generic.cli-option' || i.rule === 'generic.setting-removed').map((i) => [i.path, [i.rule, ...i.findings.map((f) => f.subject)]]));
      assert.deepEqual(got, {
        'cmd/app/flags.go': ['generic.cli-option', '--gone-flag'],
        'internal/config/config.go': ['generic.setting-removed', 'listen-addr'],
      });
      assert.equal(greps, 1);
    } finally {
      git.close();
    }
  });
});


describe('command-line options: a removed option name of thousands of characters', () => {
  const repo = new TestRepo('clioptions-longname');
  after(() => repo.dispose());
  // a 4,060-character name on a 4,090-character line: under the machine-written line length, so the file is read
  const huge = 'a'.repeat(4060);
  const MAIN = (lines: string) => `package main\n\nimport "flag"\n\n${lines}var keep = flag.Bool("keep", false, "keep")\n`;
  repo.commit('init', { 'cmd/server/main.go': MAIN(`var port = flag.Int("port", 8080, "port")\nvar long = flag.String("${huge}", "", "x")\n`) });
  repo.checkout('feature', true);
  repo.commit('remove flags', { 'cmd/server/main.go': MAIN('') });

  it('analyses the range (no stack overflow) and reports the real option; a name past the cap is no option', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const options = report.impacts.filter((i) => i.rule === 'generic.cli-option');
    assert.deepEqual(options.map((i) => [i.path, i.findings.map((f) => f.subject)]), [['cmd/server/main.go', ['--port']]]);
  });

  it('declarations and the combined search skip names past the cap; names up to it are kept', () => {
    const atCap = `--${'b'.repeat(MAX_OPTION_NAME - 2)}`;
    assert.deepEqual(decl('a.go', `var a = flag.String("${atCap.slice(2)}", "", "x")\nvar b = flag.String("${huge}", "", "x")\n`), [atCap]);
    const c = combineOptionSearches([optionNameSearch([atCap], 'go'), optionNameSearch([`--${'a'.repeat(20_000)}`], 'go')]);
    assert.equal(new RegExp(c.pattern).test(`x := "${atCap}"`), true);
    assert.deepEqual([...c.owners(`x := "${atCap}"`)], [0]);
    assert.deepEqual([...c.owners(`x := "--${'a'.repeat(20_000)}"`)], []);
  });
});
