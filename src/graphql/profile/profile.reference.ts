/**
 * Federation: `CustomerProfile.__resolveReference`. Representations go through the same
 * per-request loader as queries, so N representations cost one getProfile per distinct profile
 * (bounded concurrency, results in representation order) under the same access rules.
 */
import { z } from 'zod';
import { assertMay } from '../../auth/access';
import type { GraphQLContext } from '../context';
import { identifierPair, toProfileRef, type IdentifierPair } from '../validation/profile-ref';
import { validate } from '../validation/validate';
import { loadForCaller } from './profile-access';
import type { ProfileSource } from './profile-source';

/** A `_entities` representation of CustomerProfile (one of the two @key fields, plus __typename). */
export interface ProfileRepresentation {
  __typename?: string;
  profileGuid?: unknown;
  customerIdentification?: unknown;
}

/**
 * The key of a representation, checked like query arguments (router input is input too). A
 * representation carries the fields of the one @key the router chose, typed only as `_Any`: the
 * key is its profileGuid when that is a string, else its customerIdentification.
 */
export const profileRepresentationSchema = z
  .object({ profileGuid: z.unknown().optional(), customerIdentification: z.unknown().optional() })
  .transform(({ profileGuid, customerIdentification }): IdentifierPair => {
    if (typeof profileGuid === 'string') return { profileGuid };
    return typeof customerIdentification === 'string' ? { customerIdentification } : {};
  })
  .pipe(
    z
      .object(identifierPair)
      .refine((ids) => ids.profileGuid !== undefined || ids.customerIdentification !== undefined, {
        error: 'needs a profileGuid or customerIdentification string',
      })
      .transform(toProfileRef),
  );

/** Resolves one representation; null when the profile does not exist. */
export async function resolveProfileReference(
  representation: ProfileRepresentation,
  context: GraphQLContext,
): Promise<ProfileSource | null> {
  assertMay(context.principal, 'read', context.policy);
  const ref = validate(profileRepresentationSchema, representation, 'representation');
  const profile = await loadForCaller(context, ref);
  // A copy: @apollo/subgraph defines `__typename` on the object we return, and the loader's
  // cached profile is shared with the rest of the operation.
  return profile && { ...profile };
}
