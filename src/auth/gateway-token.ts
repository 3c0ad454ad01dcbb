/**
 * Mints HS256 tokens that this gateway's configuration accepts: the configured scope claim
 * shape, customer claim, issuer and audience, and a lifetime within AUTH_MAX_TOKEN_AGE_SECONDS.
 * `npm run token` and demo mode's dev tokens both mint here, so what they hand out is exactly
 * what the authenticator takes.
 */
import type { Config } from '../config/config';
import { customerIdentificationProblem } from '../ixopay/identifiers';
import { mintToken } from './dev-token';
import { SCOPE_READ, SCOPE_WRITE } from './principal';
import { scopeTokenProblem } from './scopes';

export type JwtAuth = Extract<Config['auth'], { mode: 'jwt' }>;

/** What to mint. */
export interface TokenRequest {
  /** The token's `sub`; for a shopper token also its customerIdentification. */
  subject: string;
  /** Scopes; without profiles:read or profiles:write the token is a shopper token for `subject`. */
  scopes?: readonly string[];
  /** Lifetime in seconds, at most AUTH_MAX_TOKEN_AGE_SECONDS. */
  ttlSeconds: number;
}

/** The request cannot give a token the gateway would accept; the message says why (no secrets). */
export class TokenRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRequestError';
  }
}

/** Signs the token `request` describes with the configured HS256 secret. */
export async function mintGatewayToken(auth: JwtAuth, request: TokenRequest): Promise<string> {
  if (!auth.hmacSecret) throw new TokenRequestError('no AUTH_JWT_SECRET configured');
  const problem = requestProblem(auth, request);
  if (problem !== undefined) throw new TokenRequestError(problem);
  return mintToken(auth.hmacSecret, claimsFor(auth, request), {
    expiresIn: request.ttlSeconds,
    issuer: auth.issuer,
    audience: auth.audience,
  });
}

function requestProblem(auth: JwtAuth, request: TokenRequest): string | undefined {
  const scopes = request.scopes ?? [];
  if (!Number.isInteger(request.ttlSeconds) || request.ttlSeconds <= 0) return 'the lifetime must be a positive whole number of seconds';
  if (request.ttlSeconds > auth.maxTokenAgeSeconds) {
    return `the lifetime exceeds AUTH_MAX_TOKEN_AGE_SECONDS (${auth.maxTokenAgeSeconds} s)`;
  }
  const scopeProblem = scopeTokenProblem(scopes);
  if (scopeProblem !== undefined) return scopeProblem;
  if (isOperatorScopes(scopes)) return request.subject === '' ? 'the subject must not be empty' : undefined;
  const customerProblem = customerIdentificationProblem(request.subject);
  return customerProblem === undefined ? undefined : `a shopper token's subject is its customerIdentification, which ${customerProblem}`;
}

function claimsFor(auth: JwtAuth, request: TokenRequest): Record<string, unknown> {
  const scopes = request.scopes ?? [];
  const claims: Record<string, unknown> = { sub: request.subject };
  if (scopes.length > 0) claims[auth.scopeClaim] = auth.scopeClaim === 'scp' ? [...scopes] : scopes.join(' ');
  if (!isOperatorScopes(scopes)) claims[auth.customerClaim] = request.subject;
  return claims;
}

/** True when a token with these scopes is an operator token (claims.ts decides the same way). */
function isOperatorScopes(scopes: readonly string[] = []): boolean {
  return scopes.includes(SCOPE_READ) || scopes.includes(SCOPE_WRITE);
}
