/**
 * Errors the engine raises on bad input. Each has a code; the CLI maps codes to exit
 * code 2 and one line on stderr, the extension to a localized notification.
 */
export type ErrorCode =
  | 'not-a-repository'
  | 'unknown-ref'
  | 'shallow-clone'
  | 'no-base'
  | 'git-missing'
  | 'git-failed'
  | 'bad-config'
  | 'bad-note'
  | 'bad-usage'
  | 'io';

export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** File and position the error is about, when there is one. */
    readonly location?: { file: string; line?: number; column?: number },
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
