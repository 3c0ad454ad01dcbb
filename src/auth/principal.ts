/**
 * Who is calling. Built once per request from the bearer token (or, with AUTH_MODE=none, the
 * demo-only anonymous operator) and consulted by resolvers before any upstream call.
 */

export const SCOPE_READ = 'profiles:read';
export const SCOPE_WRITE = 'profiles:write';

/**
 * - `operator`: a service or staff token carrying scopes; may address any profile within them.
 * - `shopper`: a token without those scopes but with a customer claim; owns exactly one profile.
 * - `anonymous`: no usable token; `authError` says why (missing, expired, bad signature, ...).
 */
export type Principal =
  | { kind: 'operator'; subject: string; scopes: ReadonlySet<string> }
  | { kind: 'shopper'; subject: string; customerIdentification: string }
  | { kind: 'anonymous'; authError: string };

/** The principal used when AUTH_MODE=none: every scope, no owner check. Demo only. */
export const UNRESTRICTED_OPERATOR: Principal = {
  kind: 'operator',
  subject: 'auth-disabled',
  scopes: new Set([SCOPE_READ, SCOPE_WRITE]),
};
