import { repeatTo } from './timing';

/** Shapes aimed at each lexer's look-ahead constructs, on top of the shared ones. */
export const EXTRA: Record<string, (size: number) => string> = {
  regexAttempts: (s) => repeatTo('(/[', s),
  templateNest: (s) => repeatTo('`${', s),
  heredocOpeners: (s) => repeatTo('<<EOF\n', s),
  phpHeredoc: (s) => repeatTo('<?php <<<A\n', s),
  rubyPercent: (s) => repeatTo('%w[', s),
  dollarTags: (s) => repeatTo('$a$', s),
  longDollarTag: (s) => '$' + 'a'.repeat(s / 2) + '$' + 'a'.repeat(s / 2 - 2),
  rawStrings: (s) => repeatTo('r#"', s),
  cppRaw: (s) => repeatTo('R"abc(', s),
  yamlBlocks: (s) => repeatTo('a: |\n', s),
  yamlKeys: (s) => repeatTo('"a": ', s),
  tripleQuotes: (s) => repeatTo('"""', s),
  beginEnd: (s) => '=begin\n' + repeatTo('x\n', s - 7),
  lifetimes: (s) => repeatTo("'a ", s),
  // Haskell: a dash run ending in an operator symbol (`------…--->`) is an operator, not a comment
  dashRunOperator: (s) => '-'.repeat(s - 1) + '>',
  dashPairsOperator: (s) => 'x' + '--'.repeat((s - 2) / 2) + '>',
};
