// Types of scripts/package.mjs for the TypeScript tests that import it.
export declare const VSIX_PATH: string;
export declare function packageVsix(out?: string, opts?: { quiet?: boolean }): string;
