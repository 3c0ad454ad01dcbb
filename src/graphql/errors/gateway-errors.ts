/**
 * The gateway's own request errors. Each is thrown (or reported to graphql-js's validation) where
 * it arises and mapped to its public form once, by formatError or, for an HTTP request that never
 * reached GraphQL, by requestErrorBody.
 */
import { GraphQLError } from 'graphql';

/**
 * Invalid input, detected before any upstream call. `field` is the path of the offending input,
 * e.g. `input.customerData.email` or `refs[3].profileGuid`; the message starts with it.
 */
export class BadUserInputError extends GraphQLError {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly field: string;

  /** `httpStatus`: for a refusal of the whole request before execution (Apollo reads `extensions.http`). */
  constructor(field: string, problem: string, message = `${field}: ${problem}`, httpStatus?: number) {
    // A GraphQLError, so graphql-js reports it at the field that threw, with its path.
    super(message, httpStatus === undefined ? undefined : { extensions: { http: { status: httpStatus } } });
    this.name = 'BadUserInputError';
    this.field = field;
  }
}

/** Which configured limit a rejection is about (LIMIT_MAX_DEPTH -> maxDepth, ...). */
export type LimitName = 'maxQueryBytes' | 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxDirectives' | 'maxCost' | 'maxShopperUpstreamCalls';

/**
 * The operation exceeds a limit; `message` names the limit and the numbers. A GraphQLError so
 * validation rules can report it; Apollo re-labels validation errors, formatError restores the code.
 */
export class QueryTooComplexError extends GraphQLError {
  readonly code = 'QUERY_TOO_COMPLEX' as const;
  constructor(
    message: string,
    readonly limit: LimitName,
  ) {
    // Refused before execution: a request error (Apollo reads the status; formatError drops `http`).
    super(message, { extensions: { http: { status: 400 } } });
    this.name = 'QueryTooComplexError';
  }
}

/** The HTTP request is not a GraphQL request at all (no body, bad JSON, body too large, method). */
export class BadRequestError extends Error {
  readonly code = 'BAD_REQUEST' as const;
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/**
 * removePaymentInstrument: the paymentToken is not an instrument of the named profile, so nothing
 * was sent upstream. The message never repeats the token.
 */
export class InstrumentNotFoundError extends Error {
  readonly code = 'INSTRUMENT_NOT_FOUND' as const;
  constructor() {
    super('The payment instrument is not in this customer profile; nothing was changed');
    this.name = 'InstrumentNotFoundError';
  }
}

/** Trusted documents are enforced for this caller and the operation is not in the manifest. */
export class PersistedQueryNotInListError extends Error {
  readonly code = 'PERSISTED_QUERY_NOT_IN_LIST' as const;
  readonly httpStatus = 400;
  constructor() {
    super('Only the operations in the trusted documents manifest may run: send one of them (by its sha256 hash or its exact text)');
    this.name = 'PersistedQueryNotInListError';
  }
}

/** A shopper token ran more operations than its rate allows (LIMIT_SHOPPER_OPERATIONS_PER_MINUTE). */
export class ShopperRateLimitedError extends Error {
  readonly code = 'RATE_LIMITED' as const;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many operations for this shopper token; try again in ${retryAfterSeconds}s`);
    this.name = 'ShopperRateLimitedError';
  }
}
