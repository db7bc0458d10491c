/** Replaced at build time by esbuild's `define` with package.json's version. */
declare const __HANDOFF_VERSION__: string | undefined;
export const VERSION: string = typeof __HANDOFF_VERSION__ === 'string' ? __HANDOFF_VERSION__ : '0.1.0';
