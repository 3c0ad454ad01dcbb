/** Access errors, part of the gateway's closed error set; mapped to GraphQL at the edge. */

/** No usable credentials: missing, malformed, expired or wrongly signed token. */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** Valid credentials without the right to do this (missing scope, someone else's profile). */
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
