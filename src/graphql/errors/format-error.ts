/**
 * The error edge: every error a client sees passes through `formatError` (GraphQL responses) or
 * `requestErrorBody` (HTTP requests that never reached GraphQL). Domain errors are thrown where
 * they arise (IxopayError, auth errors, BadUserInputError, QueryTooComplexError) and mapped to a
 * message plus `extensions.code` here; codes Apollo sets for the request itself pass through; no
 * code outside the table in codes.ts is ever sent.
 *
 * Outside development no upstream body, URL, internal message, stack trace or schema suggestion
 * ("Did you mean ...?") reaches a client.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../../auth/errors';
import { IxopayError, UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../ixopay/errors';
import { isErrorCode, type ErrorCode } from './codes';
import {
  BadRequestError,
  BadUserInputError,
  InstrumentNotFoundError,
  PersistedQueryNotInListError,
  QueryTooComplexError,
  ShopperRateLimitedError,
} from './gateway-errors';
import { inputPathOf } from './input-paths';
import { abortedAtTokenLimit } from './token-count';

export interface FormatErrorOptions {
  /** Development only: keep stack traces, internal and upstream messages, and suggestions. */
  exposeDetails: boolean;
  /** LIMIT_MAX_TOKENS: graphql-js's parser aborts past it, and that abort is a limit, not a syntax error. */
  maxTokens: number;
}

/**
 * Apollo Server's `formatError`: maps the original error to the public message and extensions.
 * Call as `formatError: (formatted, error) => formatError(formatted, error, options)`.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, options: FormatErrorOptions): GraphQLFormattedError {
  const stacktrace = options.exposeDetails ? formatted.extensions?.stacktrace : undefined;
  const publicError = classify(error, options) ?? passThrough(formatted, error, options);
  const message = options.exposeDetails ? publicError.message : withoutSuggestions(publicError.message);
  return {
    message,
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions: stacktrace === undefined ? publicError.extensions : { ...publicError.extensions, stacktrace },
  };
}

/**
 * The JSON body answering an HTTP request refused before GraphQL (not a GraphQL request, too large,
 * not a trusted document), or one that failed unexpectedly (masked, like any unclassified error).
 */
export function requestErrorBody(error: unknown): { errors: GraphQLFormattedError[] } {
  const { message, extensions } = classify(error, { exposeDetails: false, maxTokens: 0 }) ?? {
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
  return { errors: [{ message, extensions }] };
}

interface PublicError {
  message: string;
  extensions: { code: ErrorCode } & Record<string, unknown>;
}

/** The public form of a gateway error anywhere in the cause chain, if it is one. */
function classify(error: unknown, options: FormatErrorOptions): PublicError | undefined {
  for (const candidate of causeChain(error)) {
    if (candidate instanceof BadUserInputError) {
      return { message: candidate.message, extensions: { code: candidate.code, field: candidate.field } };
    }
    if (candidate instanceof ShopperRateLimitedError) {
      return { message: candidate.message, extensions: { code: candidate.code, retryAfterSeconds: candidate.retryAfterSeconds } };
    }
    if (candidate instanceof QueryTooComplexError) {
      return { message: candidate.message, extensions: { code: candidate.code, limit: candidate.limit } };
    }
    if (
      candidate instanceof BadRequestError ||
      candidate instanceof PersistedQueryNotInListError ||
      candidate instanceof InstrumentNotFoundError ||
      candidate instanceof UnauthenticatedError ||
      candidate instanceof ForbiddenError
    ) {
      return { message: candidate.message, extensions: { code: candidate.code } };
    }
    if (candidate instanceof IxopayError) return fromIxopayError(candidate, options);
  }
  return undefined;
}

/**
 * Errors Apollo classified itself (parse, validation, variable coercion, persisted queries) describe
 * the request, not our internals: keep their code, with the input path where graphql-js checked an
 * input before our validation could. Anything else is a bug and is masked.
 */
function passThrough(formatted: GraphQLFormattedError, error: unknown, options: FormatErrorOptions): PublicError {
  const code = formatted.extensions?.code;
  const field = error instanceof GraphQLError ? inputPathOf(error) : undefined;
  if (field !== undefined) {
    // A literal of the wrong type is a validation error to graphql-js, and bad input to our clients.
    if (field === '') return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };
    const message = code === 'GRAPHQL_VALIDATION_FAILED' ? `${field}: ${formatted.message}` : formatted.message;
    return { message, extensions: { code: 'BAD_USER_INPUT', field } };
  }
  if (!isErrorCode(code) || code === 'INTERNAL_SERVER_ERROR') {
    return { message: options.exposeDetails ? formatted.message : 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const parseError = code === 'GRAPHQL_PARSE_FAILED' && error instanceof GraphQLError ? error : undefined;
  if (parseError?.source && parseError.positions?.length) {
    if (abortedAtTokenLimit(parseError.source.body, parseError.positions[0], options.maxTokens)) {
      return { message: `Token limit of ${options.maxTokens} exceeded.`, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' } };
    }
  }
  return { message: formatted.message, extensions: { code } };
}

/** The error itself, then what it wraps: resolver errors, context-creation errors, `cause`. */
function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = unwrapResolverError(error);
  while (current != null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = current instanceof GraphQLError && current.originalError ? current.originalError : current instanceof Error ? current.cause : undefined;
  }
}

function fromIxopayError(error: IxopayError, options: FormatErrorOptions): PublicError {
  if (error instanceof UpstreamRejectedError) {
    return {
      message: `IXOPAY rejected the request (errorCode ${error.errorCode})`,
      extensions: {
        code: 'UPSTREAM_REJECTED',
        upstreamErrorCode: error.errorCode,
        // IXOPAY's own text comes from the upstream body: development only.
        ...(options.exposeDetails && { upstreamErrorMessage: error.errorMessage }),
      },
    };
  }
  if (error instanceof UpstreamRateLimitedError) {
    return {
      message: 'IXOPAY rate limit reached; try again later' + (error.retryAfterSeconds !== undefined ? ` (after ${error.retryAfterSeconds}s)` : ''),
      extensions: {
        code: 'UPSTREAM_RATE_LIMITED',
        ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
      },
    };
  }
  if (error instanceof UpstreamUnavailableError) {
    return {
      message: 'IXOPAY is unavailable; try again later',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', ...(options.exposeDetails && { reason: error.reason }) },
    };
  }
  // The other IXOPAY outcomes carry nothing but their code; every one is in the code table.
  const code: ErrorCode = error.code;
  return { message: PUBLIC_MESSAGES[code] ?? 'IXOPAY could not do this', extensions: { code } };
}

const PUBLIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  PROFILE_NOT_FOUND: 'Customer profile not found',
  TRANSACTION_NOT_FOUND: 'IXOPAY knows no successful register transaction with that uuid',
  ALREADY_ATTACHED: 'The payment instrument of that transaction already belongs to a customer profile',
  NOT_ATTACHED: 'The payment instrument of that transaction is not attached to this customer profile',
};

/** graphql-js appends schema suggestions as a last sentence; they map the schema for anyone. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/, '');
}
