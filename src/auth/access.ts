/**
 * The access rules, in one place. IXOPAY itself does no end-user authorization (API.md §8.15), so
 * every resolver asks these functions before it touches the upstream.
 */
import { ForbiddenError, UnauthenticatedError } from './errors';
import { Principal, SCOPE_READ, SCOPE_WRITE } from './principal';

/**
 * What a caller wants to do with profiles. `operatorWrite`: a write only operators may make
 * (attach/detach name register transactions, a back-office concept): `profiles:write`, never a shopper.
 */
export type Action = 'read' | 'update' | 'delete' | 'operatorWrite';

/** Policy knobs that come from configuration. */
export interface AccessPolicy {
  /** AUTH_CUSTOMER_MAY_DELETE: shoppers may delete their own profile. */
  customerMayDelete: boolean;
}

const SCOPE_FOR: Record<Action, string> = { read: SCOPE_READ, update: SCOPE_WRITE, delete: SCOPE_WRITE, operatorWrite: SCOPE_WRITE };

/**
 * Checks before any upstream call that the principal may perform `action` at all. For shoppers
 * the per-profile check follows in `assertOwns` once the profile is known.
 */
export function assertMay(principal: Principal, action: Action, policy: AccessPolicy): void {
  switch (principal.kind) {
    case 'anonymous':
      throw new UnauthenticatedError(principal.authError);
    case 'operator':
      if (!principal.scopes.has(SCOPE_FOR[action])) {
        throw new ForbiddenError(`This operation needs the "${SCOPE_FOR[action]}" scope`);
      }
      return;
    case 'shopper':
      if (action === 'delete' && !policy.customerMayDelete) {
        throw new ForbiddenError('Shopper tokens may not delete customer profiles');
      }
      if (action === 'operatorWrite') {
        throw new ForbiddenError(`This operation needs an operator token with the "${SCOPE_WRITE}" scope`);
      }
      return;
  }
}

/**
 * For a shopper addressing a profile by customerIdentification, decides before loading: a
 * different id is refused without an upstream call.
 */
export function assertMayAddress(principal: Principal, ref: { customerIdentification?: string | null }): void {
  if (principal.kind === 'shopper' && ref.customerIdentification != null && ref.customerIdentification !== principal.customerIdentification) {
    throw new ForbiddenError('This token may only access its own customer profile');
  }
}

/** After loading: a shopper may only see the profile whose customerIdentification is theirs. */
export function ownsProfile(principal: Principal, profile: { customerIdentification: string | null }): boolean {
  return principal.kind !== 'shopper' || profile.customerIdentification === principal.customerIdentification;
}

/** Throws FORBIDDEN when `ownsProfile` is false. */
export function assertOwns(principal: Principal, profile: { customerIdentification: string | null }): void {
  if (!ownsProfile(principal, profile)) {
    throw new ForbiddenError('This token may only access its own customer profile');
  }
}
