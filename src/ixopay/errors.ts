/**
 * The closed set of errors the IXOPAY layer throws. Each has a stable `code`; the GraphQL edge maps
 * them to `extensions.code` in one place. Messages never contain credentials, signatures, request
 * bodies or URLs (the URL holds the apiKey).
 */

/** Stable codes, shared with the GraphQL error contract. */
export type IxopayErrorCode =
  'PROFILE_NOT_FOUND' | 'UPSTREAM_REJECTED' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_RATE_LIMITED' | PaymentInstrumentErrorCode;

/** The attach/detach outcomes IXOPAY reports with its own string codes (API.md §6.2). */
export type PaymentInstrumentErrorCode = 'TRANSACTION_NOT_FOUND' | 'ALREADY_ATTACHED' | 'NOT_ATTACHED';

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

/**
 * The addressed profile does not exist: `profileExists: false`, or a write rejected in a way that
 * may mean "not found" and a getProfile that confirmed it (see ./missing-profile.ts).
 */
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
export type UnavailableReason = 'connection' | 'timeout' | 'http_status' | 'malformed_json' | 'unexpected_shape' | 'circuit_open' | 'overloaded';

/**
 * No usable answer: connection error, deadline, 5xx without an API body, bad JSON, wrong shape — or
 * the gateway's own refusal to call (circuit open, queue full, deadline passed while queued).
 */
export class UpstreamUnavailableError extends IxopayError {
  readonly code = 'UPSTREAM_UNAVAILABLE' as const;
  readonly reason: UnavailableReason;
  readonly httpStatus: number | undefined;
  /** True when the gateway gave up before this attempt reached IXOPAY: no evidence about the upstream. */
  readonly local: boolean;
  constructor(operation: string, reason: UnavailableReason, detail: string, options?: { httpStatus?: number; cause?: unknown; local?: boolean }) {
    super(operation, `${operation}: IXOPAY unavailable (${reason}): ${detail}`, { cause: options?.cause });
    this.reason = reason;
    this.httpStatus = options?.httpStatus;
    this.local = options?.local ?? (reason === 'circuit_open' || reason === 'overloaded');
  }
}

/**
 * HTTP 429, or a call refused during the cool-down a 429 started (`local`). `retryAfterSeconds`:
 * from `Retry-After` (seconds or HTTP date) when sent; for a local refusal, what is left of the
 * cool-down.
 */
export class UpstreamRateLimitedError extends IxopayError {
  readonly code = 'UPSTREAM_RATE_LIMITED' as const;
  readonly retryAfterSeconds: number | undefined;
  /** True when the gateway refused during a cool-down without calling IXOPAY. */
  readonly local: boolean;
  constructor(operation: string, retryAfterSeconds: number | undefined, options?: { local?: boolean }) {
    const local = options?.local ?? false;
    super(
      operation,
      `${operation}: ${local ? 'cooling down after an IXOPAY rate limit' : 'IXOPAY rate limit reached'}` +
        (retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds}s` : ''),
    );
    this.retryAfterSeconds = retryAfterSeconds;
    this.local = local;
  }
}

/** attach/detach: no successful, registered, not deregistered transaction with that uuid (HTTP 404). */
export class TransactionNotFoundError extends IxopayError {
  readonly code = 'TRANSACTION_NOT_FOUND' as const;
  constructor(operation: string) {
    super(operation, `${operation}: no successful register transaction with this transactionUuid`);
  }
}

/** attach: the transaction's instrument already belongs to a customer profile (HTTP 422). */
export class AlreadyAttachedError extends IxopayError {
  readonly code = 'ALREADY_ATTACHED' as const;
  constructor(operation: string) {
    super(operation, `${operation}: the payment instrument is already attached to a customer profile`);
  }
}

/** detach: the transaction's instrument is not attached to the named profile (HTTP 422). */
export class NotAttachedError extends IxopayError {
  readonly code = 'NOT_ATTACHED' as const;
  constructor(operation: string) {
    super(operation, `${operation}: the payment instrument is not attached to this customer profile`);
  }
}

/** The typed error for an attach/detach rejection with one of the documented string codes, else undefined. */
export function paymentInstrumentError(operation: string, errorCode: number | string): IxopayError | undefined {
  switch (errorCode) {
    case 'TRANSACTION_NOT_FOUND':
      return new TransactionNotFoundError(operation);
    case 'ALREADY_ATTACHED':
      return new AlreadyAttachedError(operation);
    case 'NOT_ATTACHED':
      return new NotAttachedError(operation);
    default:
      return undefined;
  }
}

/** True for any error of the closed set above. */
export function isIxopayError(error: unknown): error is IxopayError {
  return error instanceof IxopayError;
}
