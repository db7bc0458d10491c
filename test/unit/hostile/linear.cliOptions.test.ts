/**
 * The command-line option reader (analyzers/cliOptions.ts) is linear: every old line removed, so
 * every declaration of the old side is a candidate and the new side's strings are read. Sites
 * per parser family, the shared shapes that reach its loops (the lexers have their own suite),
 * and shapes of its own: thousands of option
 * declarations (each distinct, each removed), unclosed calls and attributes, nested brackets.
 */
import { describe, it } from 'node:test';
import { combineOptionSearches, optionNameSearch, removedOptions } from '../../../src/core/analyzers/cliOptions';
import type { Change } from '../../../src/core/types';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

const SITES: Array<[string, (s: string) => string]> = [
  ['src/main/java/Cmd.java', (s) => `class Cmd {\n  static final String X = "--x";\n  @Option(names = {X, "${s}"})\n  int a;\n${s}\n}\n`],
  ['cmd/app/flags.go', (s) => `package main\nfunc f() {\n\tcmd.Flags().StringVarP(&a, "${s}", "a", "", "")\n${s}\n}\n`],
  ['src/args.rs', (s) => `struct A {\n    #[arg(long)]\n    pub a: String,\n${s}\n}\n`],
  ['app/cli.py', (s) => `p.add_argument("--a", "${s}")\n${s}\n`],
];

let n = 0;
const many = (unit: (k: number) => string) => (size: number) => {
  let out = '';
  for (let k = 0; out.length < size; k++) out += unit(k);
  return out;
};
const OWN: Record<string, (size: number) => string> = {
  picocli: many((k) => `@Option(names = {"--opt-${k}", C${k}}) int f${k};\n`),
  pflag: many((k) => `cmd.Flags().String("opt-${k}", "", "")\n`),
  urfave: many((k) => `&cli.StringFlag{Name: "opt-${k}", Value: {x}},\n`),
  clap: many((k) => `#[arg(long)]\n#[arg(env = "E")]\npub f_${k}: u8,\n`),
  argparse: many((k) => `p.add_argument("--opt-${k}", "-o", help="h")\n`),
  unclosedOption: (size) => repeatTo('@Option(names = {"--a", ', size),
  unclosedAttr: (size) => repeatTo('#[arg(long, ', size),
  unclosedCall: (size) => repeatTo('add_argument("--a", option("--b", ', size),
  dashes: (size) => `"${repeatTo('--a', size - 2)}"`,
  goFlagsTags: many((k) => `\tF${k} string \`long:"opt-${k}" arg:"-o,--opt-${k}" env:"E"\`\n`),
  goTagColons: (size) => `\tF string \`${repeatTo('long:"', size - 12)}\`\n`,
};

/** The shared shapes that reach this reader's own loops (the lexers have their own suite, linear.lex). */
const STRESS = Object.fromEntries(['quotes', 'backslashes', 'deepNesting', 'deepBraces', 'deepParens', 'unterminatedString', 'equalsRun', 'colonRun', 'hashRun', 'dashes', 'manyShortLines'].map((k) => [k, SHAPES[k]]));

const prepare = (path: string) => (text: string) => {
  const oldText = `${text}\n${'\n'.repeat(1 + (n++ % 64))}`;
  const lines = oldText.split('\n');
  const change: Change = { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: lines.length, newStart: 1, newLines: 1, removed: lines, added: ['x'] }] };
  const newText = text.slice(0, Math.floor(text.length / 2));
  return () => removedOptions(change, oldText, newText);
};

describe('the command-line option reader is linear on adversarial input', () => {
  for (const [path, wrap] of SITES) {
    it(path, () => {
      for (const [name, make] of Object.entries({ ...STRESS, ...OWN })) {
        assertLinearPrepared(`cli-options ${path} ${name}`, (size) => wrap(make(size)), prepare(path));
      }
    });
  }
});

/** The engine's reading of a head grep hit (one line, maybe a minified file's): one pass, whatever the line. */
describe('the head grep hits are read in linear time', () => {
  const search = optionNameSearch(['--a', '--a.b', '--max-width'], 'rust');
  const LINE: Record<string, (size: number) => string> = {
    dots: (size) => `"--a${'.'.repeat(size)}`,
    quotes: (size) => repeatTo('"', size),
    quotedNames: (size) => repeatTo('"a.b', size),
    colons: (size) => repeatTo(':', size),
    identColon: (size) => `${repeatTo('max_width', size)}:`,
  };
  it('optionNameSearch().named', () => {
    for (const [name, make] of Object.entries({ ...STRESS, ...LINE })) {
      assertLinearPrepared(`cli-options grep hit ${name}`, make, (text) => () => search.named(text, 'rust'));
    }
  });
});

/** The combined search's reading of a hit line (which searches' needles it holds): one Aho–Corasick pass, whatever the line or the names. */
describe('the combined option search reads a hit line in linear time', () => {
  const long = `--${'a'.repeat(200)}`;
  const combined = combineOptionSearches([
    optionNameSearch(['--a', '--a.b', '--max-width', long, `--${'a'.repeat(199)}b`], 'rust'),
    optionNameSearch(['--aa', '--port'], 'java'),
    optionNameSearch(['--v'], 'go'),
  ]);
  const LINE: Record<string, (size: number) => string> = {
    letters: (size) => `"${repeatTo('a', size)}`,
    quotedLetters: (size) => repeatTo('"--aa', size),
    fields: (size) => repeatTo('a_', size),
    colons: (size) => repeatTo('a:', size),
  };
  it('owners', () => {
    for (const [name, make] of Object.entries({ ...STRESS, ...LINE })) {
      assertLinearPrepared(`cli-options combined ${name}`, make, (text) => () => combined.owners(text));
    }
  });
});

/** Building the combined search (its trie, links and expression) is linear in the names, long or many; no recursion as deep as a name. */
describe('the combined option search is built in linear time', () => {
  const NAMES: Record<string, (size: number) => string> = {
    // one name as long as the input (past the cap: no option, dropped)
    oneLong: (size) => `--${repeatTo('a', size)}`,
    // short names sharing prefixes
    shared: many((k) => `--opt-${k}\n`),
  };
  it('combineOptionSearches', () => {
    for (const [name, make] of Object.entries(NAMES)) {
      assertLinearPrepared(`cli-options combine ${name}`, make, (text) => {
        const names = text.split('\n').filter(Boolean);
        return () => combineOptionSearches([optionNameSearch(names, 'go'), optionNameSearch(names, 'rust')]);
      });
    }
  });
});
