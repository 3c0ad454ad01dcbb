/**
 * A register naming a profileGuid that does not exist: the Transaction API answers with its
 * generic 1002 ("invalid request data"), which may as well mean a bad token or field. As for
 * update and delete (ixopay/missing-profile.ts), the documented signal decides — one read of the
 * profile, through the request's loader — and the write is never sent again: gone →
 * PROFILE_NOT_FOUND; present, or the read failing → the register's own error.
 */
import { mayMeanMissingProfile } from '../../ixopay/missing-profile';
import { ProfileNotFoundError } from '../../ixopay/errors';
import type { ProfileRef } from '../../ixopay/types';
import type { GraphQLContext } from '../context';

/** Rethrows `error`, as PROFILE_NOT_FOUND when it came from a profileGuid that names no profile. */
export async function rethrowSettled(context: GraphQLContext, ref: ProfileRef, error: unknown, operation: string): Promise<never> {
  // A new customerIdentification creates its profile: only a guid can name a missing one.
  if (ref.profileGuid === undefined || !mayMeanMissingProfile(error)) throw error;
  let profile;
  try {
    profile = await context.loaders.load(ref);
  } catch {
    throw error;
  }
  throw profile === null ? new ProfileNotFoundError(operation) : error;
}
