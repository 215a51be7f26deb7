// One error vocabulary: every failure that reaches a user carries a code and a sentence saying what to do.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'KUBE_FORBIDDEN'
  | 'KUBE_NOT_FOUND'
  | 'KUBE_UNREACHABLE'
  | 'KUBE_ERROR'
  | 'EXEC_FAILED'
  | 'EXEC_TIMEOUT'
  | 'STORE_ERROR'
  | 'NOT_FOUND'
  | 'TRANSITION_REFUSED'
  | 'SLACK_ERROR'
  | 'GIT_FAILED'
  | 'FORGE_ERROR';

export class ClopusError extends Error {
  readonly code: ErrorCode;
  /** Exit code a CLI run ends with when this error reaches the top. */
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClopusError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isClopusError(err: unknown): err is ClopusError {
  return err instanceof ClopusError;
}

/** A one-line description of any thrown value, for logs and user messages. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
