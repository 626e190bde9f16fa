/**
 * Errors a caller can act on. Every error carries a `kind` (switch on it), a message a person
 * understands (no stack traces, no URLs with secrets, never the token) and whether retrying later
 * may help.
 */
export type ZenodoErrorKind =
  | 'invalid-reference'
  | 'not-found'
  | 'deleted'
  | 'access-denied'
  | 'unauthorized'
  | 'invalid-request'
  | 'rate-limited'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'cancelled';

export class ZenodoError extends Error {
  readonly kind: ZenodoErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  constructor(kind: ZenodoErrorKind, message: string, opts: { status?: number; retryable?: boolean; cause?: unknown } = {}) {
    super(message);
    this.name = 'ZenodoError';
    this.kind = kind;
    this.status = opts.status;
    this.retryable = opts.retryable ?? false;
  }
}

export class InvalidReferenceError extends ZenodoError {
  constructor(readonly input: string, detail?: string) {
    super('invalid-reference', `"${truncate(input, 80)}" is not a Zenodo reference${detail ? ` (${detail})` : ''}. Use a record id (e.g. 1234567), a DOI (10.5281/zenodo.1234567) or a record URL (https://zenodo.org/records/1234567).`);
  }
}

export class NotFoundError extends ZenodoError {
  constructor(what: string) {
    super('not-found', `${what} was not found on the repository. Check the id or DOI.`, { status: 404 });
  }
}

export interface Tombstone {
  /** e.g. "spam", "retracted", "misconduct" */
  reason: string;
  note?: string;
  removalDate?: string;
  citationText?: string;
  removedBy?: string;
}

export class DeletedError extends ZenodoError {
  constructor(what: string, readonly tombstone: Tombstone) {
    super('deleted', `${what} was deleted${tombstone.reason ? ` (reason: ${tombstone.reason})` : ''}${tombstone.removalDate ? ` on ${tombstone.removalDate.slice(0, 10)}` : ''}.`, { status: 410 });
  }
}

export class AccessDeniedError extends ZenodoError {
  constructor(what: string) {
    super('access-denied', `Access to ${what} is restricted. Sign in with an access token that may see it.`, { status: 403 });
  }
}

export class UnauthorizedError extends ZenodoError {
  constructor() {
    super('unauthorized', 'The repository rejected the access token. Set a valid token or sign out.', { status: 401 });
  }
}

export interface FieldError { field: string; messages: string[] }

export class InvalidRequestError extends ZenodoError {
  constructor(message: string, readonly fieldErrors: FieldError[] = [], status = 400) {
    super('invalid-request', fieldErrors.length
      ? `${message} ${fieldErrors.map((e) => `${e.field}: ${e.messages.join(' ')}`).join('; ')}`
      : message, { status });
  }
}

export class RateLimitedError extends ZenodoError {
  constructor(readonly retryAfterSeconds: number | undefined) {
    super('rate-limited', `The repository's rate limit was reached${retryAfterSeconds !== undefined ? `; try again in ${Math.ceil(retryAfterSeconds)} s` : ''}.`, { status: 429, retryable: true });
  }
}

export class ServerError extends ZenodoError {
  constructor(status: number) {
    super('server-error', `The repository answered with a server error (HTTP ${status}). Try again later.`, { status, retryable: true });
  }
}

export class NetworkError extends ZenodoError {
  constructor(detail: string) {
    super('network', `Could not reach the repository (${detail}). Check the connection or the base URL.`, { retryable: true });
  }
}

export class TimeoutError extends ZenodoError {
  constructor(seconds: number) {
    super('timeout', `The repository did not answer within ${seconds} s. Try again later.`, { retryable: true });
  }
}

export class MalformedResponseError extends ZenodoError {
  constructor(detail: string) {
    super('malformed', `The repository sent an answer that could not be read (${detail}). Try again later.`, { retryable: true });
  }
}

export class CancelledError extends ZenodoError {
  constructor() {
    super('cancelled', 'The request was cancelled.');
  }
}

export function isZenodoError(e: unknown): e is ZenodoError {
  return e instanceof ZenodoError;
}

/** A message for a person, for any thrown value: never a stack trace. */
export function describeError(e: unknown): string {
  if (e instanceof ZenodoError) return e.message;
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e);
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
