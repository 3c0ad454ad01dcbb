/** Verified JWT claims -> Principal: which kind of caller the token describes. */
import type { JWTPayload } from 'jose';
import { SCOPE_READ, SCOPE_WRITE, type Principal } from './principal';

/**
 * - a profiles scope (`scope` string or `scp` array) -> operator with those scopes;
 * - else a non-empty string in `customerClaim` -> shopper owning that customerIdentification;
 * - else an operator without scopes: the token is valid, so resolvers answer FORBIDDEN rather
 *   than UNAUTHENTICATED.
 */
export function principalFromClaims(payload: JWTPayload, customerClaim: string): Principal {
  const subject = typeof payload.sub === 'string' ? payload.sub : '';
  const scopes = scopesOf(payload);
  if (scopes.has(SCOPE_READ) || scopes.has(SCOPE_WRITE)) {
    return { kind: 'operator', subject, scopes };
  }
  const customer = payload[customerClaim];
  if (typeof customer === 'string' && customer !== '') {
    return { kind: 'shopper', subject: subject || customer, customerIdentification: customer };
  }
  return { kind: 'operator', subject, scopes: new Set() };
}

/** OAuth `scope` (RFC 8693: space-separated string) plus the `scp` array some issuers use. */
function scopesOf(payload: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
    for (const value of values) {
      if (typeof value === 'string' && value !== '') scopes.add(value);
    }
  }
  return scopes;
}
