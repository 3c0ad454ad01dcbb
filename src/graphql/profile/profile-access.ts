/**
 * Loading a profile on behalf of the caller: the one path every read takes (queries, entity
 * references, the ownership pre-check of shopper mutations), so the access rules cannot be
 * skipped by choosing another entry point.
 */
import { assertMayAddress, assertOwns } from '../../auth/access';
import type { CustomerProfile, ProfileRef } from '../../ixopay/types';
import type { GraphQLContext } from '../context';

/**
 * The profile behind `ref` (null when missing). A shopper addressing another customer id is
 * refused before loading; one reaching another customer's profile by guid gets FORBIDDEN and
 * never the profile.
 */
export async function loadForCaller(context: GraphQLContext, ref: ProfileRef): Promise<CustomerProfile | null> {
  assertMayAddress(context.principal, ref);
  const profile = await context.loaders.load(ref);
  if (profile) assertOwns(context.principal, profile);
  return profile;
}
