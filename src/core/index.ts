/** The engine's public surface: the CLI, the language server and the extension import only this. */
export * from './types';
export * from './errors';
export * from './logger';
export { VERSION } from './version';
export { WORKTREE } from './git/gitSource';
export type { GitSource, ResolvedRange, RefList, GrepHit } from './git/gitSource';
export { SimpleGitSource } from './git/simpleGitSource';
export { AnalysisSession, analyze, isNotePath, NOTE_REQUIRING_KINDS, type AnalyzeOptions } from './engine';
export { BUILTIN_RULES } from './rules/packs';
export type { Rule, AnalyzerId } from './rules/rule';
export type { HandoffConfig } from './config/types';
export { loadConfig, CONFIG_PATH } from './config/load';
export { NOTES_DIR, parseNote, applyCoverage, type Note, type CoverEntry } from './notes';
