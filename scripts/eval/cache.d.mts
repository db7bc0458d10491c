// Types of scripts/eval/cache.mjs for the TypeScript scripts that import it.
export declare const cacheRoot: string;
export declare function cachedGitDir(repo: string): string | null;
export declare function cacheFillCommand(repo: string): string;
