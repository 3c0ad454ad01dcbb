/**
 * Federation: `CustomerProfile.__resolveReference`. Representations go through the same
 * per-request loader as queries, so N representations cost one getProfile per distinct profile
 * (bounded concurrency, results in representation order) under the same access rules.
 */
import { assertMay } from '../../auth/access';
import type { ProfileRef } from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import { identifierProblems, type UncheckedIdentifiers } from '../validation/identifiers';
import { toBadUserInput } from '../validation/validate-args';
import { loadForCaller } from './profile-access';
import type { ProfileSource } from './profile-source';

/** A `_entities` representation of CustomerProfile (one of the two @key fields, plus __typename). */
export interface ProfileRepresentation {
  __typename?: string;
  profileGuid?: unknown;
  customerIdentification?: unknown;
}

/** Resolves one representation; null when the profile does not exist. */
export async function resolveProfileReference(
  representation: ProfileRepresentation,
  context: GraphQLContext,
): Promise<ProfileSource | null> {
  assertMay(context.principal, 'read', context.policy);
  const ref = refOf(representation);
  const profile = await loadForCaller(context, ref);
  // A copy: @apollo/subgraph defines `__typename` on the object we return, and the loader's
  // cached profile is shared with the rest of the operation.
  return profile && { ...profile };
}

/** The key of a representation, checked like query arguments (router input is input too). */
function refOf(representation: ProfileRepresentation): ProfileRef {
  const { profileGuid, customerIdentification } = representation;
  const candidate: UncheckedIdentifiers = typeof profileGuid === 'string' ? { profileGuid } : { customerIdentification };
  const problems = identifierProblems(candidate, 'representation');
  if (typeof candidate.profileGuid !== 'string' && typeof candidate.customerIdentification !== 'string') {
    problems.push({ field: 'representation', problem: 'needs a profileGuid or customerIdentification string' });
  }
  if (problems.length > 0) throw toBadUserInput(problems);
  return typeof candidate.profileGuid === 'string'
    ? { profileGuid: candidate.profileGuid }
    : { customerIdentification: candidate.customerIdentification as string };
}
