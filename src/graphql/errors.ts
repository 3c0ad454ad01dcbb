/**
 * The GraphQL error contract, in one place. Resolvers throw domain errors (IxopayError,
 * auth errors, BadUserInputError); `formatError` turns each into a message plus
 * `extensions.code` (and the code's extras) at the edge. Nothing else builds client-facing errors.
 *
 * Outside development no upstream body, URL, internal message or stack trace reaches a client.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { ForbiddenError, UnauthenticatedError } from '../auth/errors';
import {
  IxopayError,
  UpstreamRateLimitedError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../ixopay/errors';
import { fieldOfCoercionError, fieldOfLiteralError, isLiteralValueError } from './input-paths';

/** Every `extensions.code` the gateway sets itself. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'PROFILE_NOT_FOUND'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR';

/**
 * Invalid input, detected before any upstream call. `field` is the path of the offending input,
 * e.g. `input.customerData.email` or `refs[3].profileGuid`; the message starts with it.
 */
export class BadUserInputError extends GraphQLError {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly field: string;

  constructor(field: string, problem: string, message = `${field}: ${problem}`) {
    // A GraphQLError with the code already set, so it is right even without formatError.
    super(message, { extensions: { code: 'BAD_USER_INPUT', field } });
    this.name = 'BadUserInputError';
    this.field = field;
  }
}

export interface FormatErrorOptions {
  /** Development only: keep stack traces and internal/upstream messages. */
  exposeDetails: boolean;
}

/**
 * Apollo Server's `formatError`: maps the original error to the public message and extensions.
 * Call as `formatError: (formatted, error) => formatError(formatted, error, { exposeDetails })`.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: FormatErrorOptions,
): GraphQLFormattedError {
  const stacktrace = options.exposeDetails ? formatted.extensions?.stacktrace : undefined;
  const withExtensions = (message: string, extensions: Record<string, unknown>): GraphQLFormattedError => ({
    message,
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions: stacktrace === undefined ? extensions : { ...extensions, stacktrace },
  });

  const known = classify(error, options);
  if (known) return withExtensions(known.message, known.extensions);

  // Anything already carrying a specific code was classified on purpose — by Apollo (parse,
  // validation, variable coercion), by a plugin (e.g. QUERY_TOO_COMPLEX) or by a GraphQLError
  // thrown with a code — and describes the request, not our internals: keep it.
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    const extensions: Record<string, unknown> = { ...formatted.extensions };
    delete extensions.stacktrace;
    // graphql-js checks input types before our validation runs; report those like ours, naming
    // the input path: variables (Apollo already says BAD_USER_INPUT) and literals in the document.
    if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
      const field = fieldOfCoercionError(formatted.message);
      if (field) extensions.field = field;
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && error instanceof GraphQLError && isLiteralValueError(error)) {
      const field = fieldOfLiteralError(error);
      if (field) return withExtensions(`${field}: ${formatted.message}`, { ...extensions, code: 'BAD_USER_INPUT', field });
    }
    return withExtensions(formatted.message, extensions);
  }

  return withExtensions(options.exposeDetails ? formatted.message : 'Internal server error', { code: 'INTERNAL_SERVER_ERROR' });
}

interface PublicError {
  message: string;
  extensions: { code: ErrorCode } & Record<string, unknown>;
}

/** The public form of a gateway error anywhere in the cause chain, if it is one. */
function classify(error: unknown, options: FormatErrorOptions): PublicError | undefined {
  for (const candidate of causeChain(error)) {
    if (candidate instanceof BadUserInputError) {
      return { message: candidate.message, extensions: { code: 'BAD_USER_INPUT', field: candidate.field } };
    }
    if (candidate instanceof ArgumentValidationError) {
      return fromArgumentValidationError(candidate);
    }
    if (candidate instanceof UnauthenticatedError || candidate instanceof ForbiddenError) {
      return { message: candidate.message, extensions: { code: candidate.code } };
    }
    if (candidate instanceof IxopayError) {
      return fromIxopayError(candidate, options);
    }
  }
  return undefined;
}

/** The error itself, then what it wraps: resolver errors, context-creation errors, `cause`. */
function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = unwrapResolverError(error);
  while (current != null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current =
      current instanceof GraphQLError && current.originalError
        ? current.originalError
        : current instanceof Error
          ? current.cause
          : undefined;
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
      message:
        'IXOPAY rate limit reached; try again later' +
        (error.retryAfterSeconds !== undefined ? ` (after ${error.retryAfterSeconds}s)` : ''),
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
  // PROFILE_NOT_FOUND (the remaining member of the closed set).
  return { message: 'Customer profile not found', extensions: { code: error.code } };
}

/** type-graphql's own validation error (only if someone enables `validate` directly). */
function fromArgumentValidationError(error: ArgumentValidationError): PublicError {
  const errors = (error.extensions.validationErrors ?? []) as ValidationError[];
  const first = errors[0];
  const field = first?.property ?? 'input';
  const problem = first?.constraints ? Object.values(first.constraints)[0] : 'is invalid';
  return { message: `${field}: ${problem}`, extensions: { code: 'BAD_USER_INPUT', field } };
}
