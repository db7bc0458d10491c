/**
 * Environment variables read by code or declared by env files and manifests.
 * (Minimal seed: the env helper extends the language table.)
 */
export interface EnvRef {
  name: string;
  line: number;
  kind: 'read' | 'declare';
}

/** Pathspecs (git's syntax) of files that declare or document env vars. */
export const ENV_DECLARATION_PATHSPECS: string[] = [
  ':(glob)**/.env*',
  ':(glob)**/*.env',
  ':(glob)**/*.yml',
  ':(glob)**/*.yaml',
  ':(glob)**/*.md',
  ':(glob)**/*.tf',
  ':(glob)**/*.toml',
  ':(glob)**/*.json',
];

const JS_READ = /process\.env\.([A-Z_][A-Z0-9_]*)|process\.env\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g;

export function extractEnvRefs(path: string, lines: { line: number; text: string }[]): EnvRef[] {
  const refs: EnvRef[] = [];
  if (!/\.(m?[jt]sx?|cjs)$/.test(path)) return refs;
  for (const { line, text } of lines) {
    for (const m of text.matchAll(JS_READ)) refs.push({ name: m[1] ?? m[2], line, kind: 'read' });
  }
  return refs;
}
