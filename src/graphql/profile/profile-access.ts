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
 * `loadForCaller` for a list (`customerProfiles`, `_entities`), aligned with `refs`: the same rules
 * per ref, one load per distinct profile, and each refusal or failure an Error at its own index,
 * where graphql-js reports it. An Error in place of a ref (an input refused earlier) stays at its
 * index. One promise for the list instead of a chain per item.
 */
export async function loadAllForCaller(
  context: GraphQLContext,
  refs: ReadonlyArray<ProfileRef | Error>,
): Promise<Array<CustomerProfile | null | Error>> {
  const { principal } = context;
  const results = new Array<CustomerProfile | null | Error>(refs.length);
  const allowed: ProfileRef[] = [];
  const at: number[] = [];
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if (ref instanceof Error) {
      results[i] = ref;
      continue;
    }
    try {
      assertMayAddress(principal, ref);
    } catch (refusal) {
      results[i] = refusal as Error;
      continue;
    }
    allowed.push(ref);
    at.push(i);
  }
  const loaded = await context.loaders.loadAll(allowed);
  for (let j = 0; j < loaded.length; j++) {
    const profile = loaded[j];
    results[at[j]] = profile instanceof Error || profile === null || ownsProfile(principal, profile) ? profile : null;
  }
  return results;
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
