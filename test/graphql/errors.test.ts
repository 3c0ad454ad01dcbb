/** formatError: one mapping from internal errors to the public error contract. */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../../src/auth/errors';
import { BadUserInputError, formatError, QueryTooComplexError, requestErrorBody } from '../../src/graphql/errors';
import { ProfileNotFoundError, UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';

const SECRET_URL = 'https://gateway.ixopay.com/api/v3/customerProfiles/live-api-key-123/getProfile';

/** What Apollo hands to formatError for an error thrown in a resolver. */
function fromResolver(error: Error): { formatted: GraphQLFormattedError; error: unknown } {
  const located = new GraphQLError(error.message, { path: ['customerProfile'], originalError: error });
  return {
    formatted: { message: error.message, path: ['customerProfile'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret.ts:1'] } },
    error: located,
  };
}

const production = { exposeDetails: false, maxTokens: 5000 };
const development = { exposeDetails: true, maxTokens: 5000 };

describe('formatError', () => {
  it('maps IXOPAY errors to their codes and extras, without upstream text', () => {
    const rejected = fromResolver(new UpstreamRejectedError('updateProfile', 400, 1002, `Invalid request data at ${SECRET_URL}`));
    expect(formatError(rejected.formatted, rejected.error, production)).toEqual({
      message: 'IXOPAY rejected the request (errorCode 1002)',
      path: ['customerProfile'],
      extensions: { code: 'UPSTREAM_REJECTED', upstreamErrorCode: 1002 },
    });

    const limited = fromResolver(new UpstreamRateLimitedError('getProfile', 7));
    expect(formatError(limited.formatted, limited.error, production).extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 7 });

    const unavailable = fromResolver(new UpstreamUnavailableError('getProfile', 'http_status', `HTTP 500 from ${SECRET_URL}`, { httpStatus: 500 }));
    const formatted = formatError(unavailable.formatted, unavailable.error, production);
    expect(formatted).toMatchObject({ message: 'IXOPAY is unavailable; try again later', extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(JSON.stringify(formatted)).not.toContain('live-api-key');

    const missing = fromResolver(new ProfileNotFoundError('deleteProfile'));
    expect(formatError(missing.formatted, missing.error, production)).toMatchObject({
      message: 'Customer profile not found',
      extensions: { code: 'PROFILE_NOT_FOUND' },
    });
  });

  it('keeps upstream details and stack traces in development only', () => {
    const rejected = fromResolver(new UpstreamRejectedError('updateProfile', 200, 1006, 'instrument not in profile'));
    expect(formatError(rejected.formatted, rejected.error, development).extensions).toEqual({
      code: 'UPSTREAM_REJECTED',
      upstreamErrorCode: 1006,
      upstreamErrorMessage: 'instrument not in profile',
      stacktrace: ['at secret.ts:1'],
    });
    expect(formatError(rejected.formatted, rejected.error, production).extensions).not.toHaveProperty('stacktrace');
  });

  it('maps auth errors and input errors', () => {
    const unauthenticated = fromResolver(new UnauthenticatedError('missing bearer token'));
    expect(formatError(unauthenticated.formatted, unauthenticated.error, production)).toMatchObject({
      message: 'missing bearer token',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const forbidden = fromResolver(new ForbiddenError('no'));
    expect(formatError(forbidden.formatted, forbidden.error, production).extensions).toEqual({ code: 'FORBIDDEN' });
    const bad = fromResolver(new BadUserInputError('input.customerData.email', 'must be a valid e-mail address'));
    expect(formatError(bad.formatted, bad.error, production)).toMatchObject({
      message: 'input.customerData.email: must be a valid e-mail address',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.customerData.email' },
    });
  });

  it('finds a gateway error wrapped by context creation', () => {
    const wrapped = new GraphQLError('Context creation failed: token expired', { originalError: new UnauthenticatedError('token expired') });
    expect(formatError({ message: wrapped.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped, production)).toEqual({
      message: 'token expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('hides unknown errors outside development', () => {
    const unknown = fromResolver(new Error(`socket hang up ${SECRET_URL}`));
    expect(formatError(unknown.formatted, unknown.error, production)).toEqual({
      message: 'Internal server error',
      path: ['customerProfile'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(formatError(unknown.formatted, unknown.error, development).message).toContain('socket hang up');
  });

  it("keeps Apollo's request errors, maps our limit errors, and masks codes outside the table", () => {
    const tooComplex = new QueryTooComplexError('Query depth limit of 12 exceeded, found 13.', 'maxDepth');
    // Apollo re-labels validation errors; the edge restores the code from the domain error.
    const wrapped = new GraphQLError(tooComplex.message, { originalError: tooComplex, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatError({ message: wrapped.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped, production)).toEqual({
      message: tooComplex.message,
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' },
    });
    const syntax = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatError({ message: syntax.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, syntax, production)).toEqual({
      message: syntax.message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    const foreign = new GraphQLError('from some library', { extensions: { code: 'SOME_LIBRARY_CODE' } });
    expect(formatError({ message: foreign.message, extensions: { code: 'SOME_LIBRARY_CODE' } }, foreign, production)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('drops schema suggestions outside development', () => {
    const message = 'Cannot query field "profileGud" on type "CustomerProfile". Did you mean "profileGuid"?';
    const error = new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatError({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error, production).message).toBe(
      'Cannot query field "profileGud" on type "CustomerProfile".',
    );
    expect(formatError({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error, development).message).toBe(message);
  });

  it('answers requests refused before GraphQL in the same form, masking anything unexpected', () => {
    expect(requestErrorBody(new QueryTooComplexError('Query text exceeds LIMIT_MAX_QUERY_BYTES (65536 bytes).', 'maxQueryBytes'))).toEqual({
      errors: [
        { message: 'Query text exceeds LIMIT_MAX_QUERY_BYTES (65536 bytes).', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxQueryBytes' } },
      ],
    });
    expect(requestErrorBody(new Error(`connect ECONNREFUSED ${SECRET_URL}`))).toEqual({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  });
});
