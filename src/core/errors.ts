// Errors meant for the user: a clear message, no stack trace. Anything else is a bug.

export type UserErrorCode =
  | 'empty-input'
  | 'binary-input'
  | 'too-long'
  | 'model-not-found'
  | 'model-invalid'
  | 'provider-unavailable'
  | 'cancelled'
  | 'bad-usage'
  | 'io';

export class UserError extends Error {
  constructor(
    public readonly code: UserErrorCode,
    message: string,
    /** Extra data for callers (e.g. token counts for 'too-long'). */
    public readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class CancelledError extends UserError {
  constructor() {
    super('cancelled', 'Cancelled.');
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** One line describing any error, for logs and messages. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
