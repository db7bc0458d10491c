// Types of scripts/demo-repo.mjs for the TypeScript tests that import it.
export declare const DEMO_BRANCH: 'feature/billing';
export declare const DEMO_BASE: 'main';
export declare const DEMO_MIGRATION: string;
export declare const DEMO_NOTE: string;
export declare function createDemoRepo(dir: string, opts?: { checkout?: string; force?: boolean }): string;
