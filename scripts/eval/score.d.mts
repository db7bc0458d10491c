// Types of scripts/eval/score.mjs for the TypeScript tests that import it.
export interface Flags { migrations: boolean; envAdded: string[]; envRemoved: string[]; configAction: boolean }
export interface Labels { migrations: boolean | null; envAdded: string[] | null; envRemoved: string[] | null; configAction: boolean | null }
export interface BoolScore { tp: number; fn: number; tn: number; fp: number; recall: number | null; specificity: number | null }
export interface NameScore { labelled: number; found: number; reported: number; reportedLabelled: number; ranges: number; recall: number | null; rangeRecall: number | null; precision: number | null }
export interface Score { ranges: number; errors: number; migrations: BoolScore; envAdded: NameScore; envRemoved: NameScore; configAction: BoolScore }
export declare const FIELDS: string[];
export declare const HEADER: string[];
export declare function handoffFlags(report: unknown): Flags;
export declare function baselineMigrationPath(path: string): boolean;
export declare function baselineConfigPath(path: string): boolean;
export declare function envLineName(line: string): string | null;
export declare function baselineFlags(changes: { path: string; added?: string[]; removed?: string[] }[]): Flags;
export declare function score(rows: { labels: Labels; flags: Flags | null; error?: string | null }[]): Score;
export declare function cells(s: Score): string[];
export declare function table(header: string[], rows: string[][]): string;
export declare function withheld<T extends { split: string }>(rows: T[], showHoldout: boolean): { shown: T[]; hidden: number };
