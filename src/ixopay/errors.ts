/**
 * The closed set of errors the IXOPAY layer throws. Each has a stable `code`; the GraphQL edge maps
 * them to `extensions.code` in one place. Messages never contain credentials, signatures, request
 * bodies or URLs (the URL holds the apiKey).
 */

/** Stable codes, shared with the GraphQL error contract. */
export type IxopayErrorCode =
  | 'PROFILE_NOT_FOUND'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_RATE_LIMITED';

/** Base class: every error the protocol layer throws is one of its subclasses. */
export abstract class IxopayError extends Error {
  abstract readonly code: IxopayErrorCode;
  /** The protocol operation that failed, e.g. `getProfile`. */
  readonly operation: string;

  protected constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = operation;
    this.name = new.target.name;
  }
}

/** The addressed profile does not exist (getProfile answers `profileExists: false`). */
export class ProfileNotFoundError extends IxopayError {
  readonly code = 'PROFILE_NOT_FOUND' as const;
  constructor(operation: string) {
    super(operation, `${operation}: customer profile not found`);
  }
}

/** The platform answered with an API error object (200 + `success:false`, or a 4xx/5xx error body). */
export class UpstreamRejectedError extends IxopayError {
  readonly code = 'UPSTREAM_REJECTED' as const;
  /** `errorCode` as the API returned it (integer for profile calls, string for attach/detach). */
  readonly errorCode: number | string;
  /** `errorMessage` (or `message`) as the API returned it. */
  readonly errorMessage: string;
  readonly httpStatus: number;
  constructor(operation: string, httpStatus: number, errorCode: number | string, errorMessage: string) {
    super(operation, `${operation}: IXOPAY rejected the request (errorCode ${errorCode}): ${errorMessage}`);
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.httpStatus = httpStatus;
  }
}

/** Why the upstream could not give a usable answer. */
export type UnavailableReason =
  | 'connection'
  | 'timeout'
  | 'http_status'
  | 'malformed_json'
  | 'unexpected_shape'
  | 'circuit_open'
  | 'overloaded';

/** No usable answer: connection error, deadline, 5xx without an API body, bad JSON, wrong shape. */
export class UpstreamUnavailableError extends IxopayError {
  readonly code = 'UPSTREAM_UNAVAILABLE' as const;
  readonly reason: UnavailableReason;
  readonly httpStatus: number | undefined;
  constructor(operation: string, reason: UnavailableReason, detail: string, options?: { httpStatus?: number; cause?: unknown }) {
    super(operation, `${operation}: IXOPAY unavailable (${reason}): ${detail}`, { cause: options?.cause });
    this.reason = reason;
    this.httpStatus = options?.httpStatus;
  }
}

/** HTTP 429. `retryAfterSeconds` comes from `Retry-After` (seconds or HTTP date), when sent. */
export class UpstreamRateLimitedError extends IxopayError {
  readonly code = 'UPSTREAM_RATE_LIMITED' as const;
  readonly retryAfterSeconds: number | undefined;
  constructor(operation: string, retryAfterSeconds: number | undefined) {
    super(
      operation,
      `${operation}: IXOPAY rate limit reached` + (retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds}s` : ''),
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** True for any error of the closed set above. */
export function isIxopayError(error: unknown): error is IxopayError {
  return error instanceof IxopayError;
}
