// Types of scripts/eval/corpus.mjs for the TypeScript tests that import it.
export declare function corpusProblems(corpus: unknown): string[];
