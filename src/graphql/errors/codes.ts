/**
 * Every `extensions.code` the gateway sends, in one exhaustive table. formatError (the one error
 * edge) sends no code outside it, and a test holds the README's error table to it.
 */

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'QUERY_TOO_COMPLEX'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  | 'PERSISTED_QUERY_NOT_IN_LIST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PROFILE_NOT_FOUND'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_RATE_LIMITED'
  | 'INSTRUMENT_NOT_FOUND'
  | 'TRANSACTION_NOT_FOUND'
  | 'ALREADY_ATTACHED'
  | 'NOT_ATTACHED'
  | 'INTERNAL_SERVER_ERROR';

/** What a code means to a client, and who sets it. */
export interface ErrorCodeInfo {
  /** Set by Apollo Server (request pipeline) rather than by gateway code; passed through. */
  apollo?: true;
  /** When it happens (the README's error table says the same). */
  when: string;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: { when: 'An argument or variable is invalid; nothing reached the upstream.' },
  BAD_REQUEST: { when: 'The HTTP request is not a GraphQL request (body, method, content type).', apollo: true },
  QUERY_TOO_COMPLEX: { when: 'The operation exceeds a limit (size, tokens, depth, aliases, directives, cost).' },
  GRAPHQL_PARSE_FAILED: { when: 'The query text is not valid GraphQL.', apollo: true },
  GRAPHQL_VALIDATION_FAILED: { when: 'The document does not match the schema.', apollo: true },
  OPERATION_RESOLUTION_FAILURE: { when: 'operationName names no operation of the document.', apollo: true },
  PERSISTED_QUERY_NOT_FOUND: { when: 'An automatic persisted query hash the gateway does not know yet.', apollo: true },
  PERSISTED_QUERY_NOT_SUPPORTED: { when: 'Persisted queries are disabled.', apollo: true },
  PERSISTED_QUERY_NOT_IN_LIST: { when: 'Trusted documents are enforced for this caller and the operation is not in the manifest.' },
  UNAUTHENTICATED: { when: 'No usable bearer token.' },
  FORBIDDEN: { when: 'A valid token without the right for this.' },
  RATE_LIMITED: { when: 'A shopper token ran more operations than its rate allows.' },
  PROFILE_NOT_FOUND: { when: 'A write addressed a profile that does not exist.' },
  UPSTREAM_REJECTED: { when: 'IXOPAY answered with an API error.' },
  UPSTREAM_UNAVAILABLE: { when: 'IXOPAY gave no usable answer.' },
  UPSTREAM_RATE_LIMITED: { when: 'IXOPAY is throttling the gateway.' },
  INSTRUMENT_NOT_FOUND: { when: 'The payment token is not an instrument of the named profile; nothing was changed.' },
  TRANSACTION_NOT_FOUND: { when: 'IXOPAY knows no successful register transaction with that uuid (attach/detach).' },
  ALREADY_ATTACHED: { when: "The transaction's instrument already belongs to a profile (attach)." },
  NOT_ATTACHED: { when: "The transaction's instrument is not attached to the named profile (detach)." },
  INTERNAL_SERVER_ERROR: { when: 'A bug; details are in the log, never in the response.' },
} as const satisfies Record<ErrorCode, ErrorCodeInfo>;

/** True for a code of the table (codes from elsewhere are not sent as they are). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
