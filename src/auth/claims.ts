/** Verified JWT claims -> Principal: which kind of caller the token describes. */
import type { JWTPayload } from 'jose';
import { customerIdentificationProblem } from '../ixopay/identifiers';
import { SCOPE_READ, SCOPE_WRITE, type Principal } from './principal';
import { readScopes, type ScopeClaim } from './scopes';

/** Which claims carry what (AUTH_CUSTOMER_CLAIM, AUTH_SCOPE_CLAIM). */
export interface ClaimNames {
  customerClaim: string;
  scopeClaim: ScopeClaim;
}

/**
 * - a malformed scope claim -> anonymous: a grant must never be guessed at;
 * - a profiles scope -> operator with those scopes;
 * - else a customer claim -> shopper owning that customerIdentification; it goes upstream as
 *   one, so a value that is not a valid customerIdentification makes the token anonymous;
 * - else an operator without scopes: the token is valid, so resolvers answer FORBIDDEN rather
 *   than UNAUTHENTICATED.
 */
export function principalFromClaims(payload: JWTPayload, names: ClaimNames): Principal {
  const scopes = readScopes(payload, names.scopeClaim);
  if (!scopes.ok) return { kind: 'anonymous', authError: scopes.reason };
  const subject = typeof payload.sub === 'string' ? payload.sub : '';
  if (scopes.scopes.has(SCOPE_READ) || scopes.scopes.has(SCOPE_WRITE)) {
    return { kind: 'operator', subject, scopes: scopes.scopes };
  }
  const customer = payload[names.customerClaim];
  if (customer === undefined) return { kind: 'operator', subject, scopes: new Set() };
  const problem = customerIdentificationProblem(customer);
  if (problem !== undefined) {
    return { kind: 'anonymous', authError: `invalid "${names.customerClaim}" claim: customerIdentification ${problem}` };
  }
  return { kind: 'shopper', subject: subject || (customer as string), customerIdentification: customer as string };
}
