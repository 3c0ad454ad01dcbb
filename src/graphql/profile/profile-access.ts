/**
 * Loading a profile on behalf of the caller: the path of every read that returns a profile
 * (queries and entity references) and of the ownership check before a shopper's write, so the
 * ownership rule cannot be skipped by choosing another entry point. (Whether the caller may read
 * at all is checked on the whole operation first: profile-read-check.ts.)
 */
import { assertMayAddress, assertOwns, ownsProfile } from '../../auth/access';
import { ProfileNotFoundError } from '../../ixopay/errors';
import type { CustomerProfile, ProfileRef } from '../../ixopay/types';
import type { GraphQLContext } from '../context';

/**
 * The profile behind `ref`, or null when missing. A shopper addressing another customer id is
 * refused before loading; another customer's profile reached by guid is null for a shopper, exactly
 * like a missing one, so guessing guids reveals nothing about which exist.
 */
export async function loadForCaller(context: GraphQLContext, ref: ProfileRef): Promise<CustomerProfile | null> {
  assertMayAddress(context.principal, ref);
  const profile = await context.loaders.load(ref);
  return profile && ownsProfile(context.principal, profile) ? profile : null;
}

/**
 * Ownership before a write. A shopper's own customer id needs no upstream call; a guid does: the
 * profile is loaded once to learn whose it is, and another customer's is PROFILE_NOT_FOUND, like a
 * missing one. Operators (scope-checked already) pass.
 */
export async function assertMayChange(context: GraphQLContext, ref: ProfileRef, operation: string): Promise<void> {
  assertMayAddress(context.principal, ref);
  if (context.principal.kind !== 'shopper' || ref.profileGuid === undefined) return;
  if (!(await loadForCaller(context, ref))) throw new ProfileNotFoundError(operation);
}

/**
 * After a shopper's write: the profile the platform answered with must be the shopper's own. Defence
 * in depth, should the platform ever match ids case-insensitively or trimmed.
 */
export function assertChangedOwn(context: GraphQLContext, changed: { customerIdentification: string | null }): void {
  assertOwns(context.principal, changed);
}
