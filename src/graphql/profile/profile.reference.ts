/**
 * Federation: resolving `CustomerProfile` representations. Representations go through the same
 * per-request loader as queries, so N representations cost one getProfile per distinct profile
 * (bounded concurrency, results in representation order) under the same access rules.
 *
 * A router's `_entities` batch is resolved as a whole (`resolveProfileReferences`, installed by
 * federation.ts); `__resolveReference` (`resolveProfileReference`) serves what @apollo/subgraph
 * still resolves itself, one representation at a time.
 */
import { z } from 'zod';
import { assertMay } from '../../auth/access';
import type { ProfileRef } from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { identifierPair, toProfileRef, type IdentifierPair } from '../validation/profile-ref';
import { validate } from '../validation/validate';
import { loadAllForCaller, loadForCaller } from './profile-access';
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
export async function resolveProfileReference(representation: ProfileRepresentation, context: GraphQLContext): Promise<ProfileSource | null> {
  assertMay(context.principal, 'read', context.policy);
  const ref = validate(profileRepresentationSchema, representation, 'representation');
  const profile = await loadForCaller(context, ref);
  // A copy: @apollo/subgraph defines `__typename` on the object we return, and the loader's
  // cached profile is shared with the rest of the operation.
  return profile && { ...profile };
}

/**
 * Resolves a whole batch of representations, aligned with them: per representation the same
 * checks in the same order as `resolveProfileReference` (read rights, then its key), each refusal
 * an Error at its index; then one load per distinct profile for the whole batch. The loader's
 * profiles are returned as they are (no copy): federation.ts resolves `_Entity` without a
 * `__typename` on them.
 */
export function resolveProfileReferences(
  representations: readonly ProfileRepresentation[],
  context: GraphQLContext,
): Promise<Array<ProfileSource | null | Error>> {
  // A router repeats keys (100 representations over 40 profiles); each distinct key is parsed once.
  const parsed = new Map<string, ProfileRef>();
  const refs = representations.map((representation): ProfileRef | Error => {
    try {
      assertMay(context.principal, 'read', context.policy);
      const key = representationKey(representation);
      let ref = key === undefined ? undefined : parsed.get(key);
      if (!ref) {
        ref = validate(profileRepresentationSchema, representation, 'representation');
        if (key !== undefined) parsed.set(key, ref);
      }
      return ref;
    } catch (error) {
      return error as Error;
    }
  });
  return loadAllForCaller(context, refs);
}

/**
 * What `profileRepresentationSchema`'s result depends on: the profileGuid when it is a string,
 * else the customerIdentification when that is one. undefined: nothing worth remembering.
 */
function representationKey({ profileGuid, customerIdentification }: ProfileRepresentation): string | undefined {
  if (typeof profileGuid === 'string') return `g:${profileGuid}`;
  return typeof customerIdentification === 'string' ? `c:${customerIdentification}` : undefined;
}
