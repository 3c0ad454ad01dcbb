/**
 * The profile after an instrument write, as the same operation sees it. Each mutation drops the
 * request's loader entries of the profile it changed (or primes them with the known new state),
 * so whatever selects that profile later in the operation — the payload's `profile`, a later
 * mutation's check — reads the new state, at most once. The payload fields load it only when
 * selected, and a failed read errors at that field without hiding the write's own results.
 */
import { IxopayError, ProfileNotFoundError, UpstreamUnavailableError } from '../../ixopay/errors';
import type { CustomerProfile, ProfileRef } from '../../ixopay/types';
import type { GraphQLContext } from '../context';
import type { ProfileIds } from '../loaders/profile-loaders';
import { loadForCaller } from '../profile/profile-access';

/** Drops every loader entry of a changed profile, under each identifier known for it. */
export function forgetChangedProfile(context: GraphQLContext, ...ids: ProfileIds[]): void {
  for (const known of ids) context.loaders.forget(known);
}

/** The changed profile (for a shopper: only their own), or null when it is gone meanwhile. */
export function loadWrittenProfile(context: GraphQLContext, ref: ProfileRef): Promise<CustomerProfile | null> {
  return loadForCaller(context, ref);
}

/**
 * As loadWrittenProfile, for payloads whose profile is non-null: a vanished profile is
 * PROFILE_NOT_FOUND. A failed read nulls the whole payload, so the client cannot see the write's
 * own results: it is reported as UPSTREAM_UNAVAILABLE, which for a write means "outcome unknown,
 * read before retrying" — never as a throttled or rejected request, which would say "not done".
 */
export async function loadWrittenProfileOrFail(context: GraphQLContext, ref: ProfileRef): Promise<CustomerProfile> {
  let profile: CustomerProfile | null;
  try {
    profile = await loadForCaller(context, ref);
  } catch (error) {
    if (error instanceof UpstreamUnavailableError || !(error instanceof IxopayError)) throw error;
    throw new UpstreamUnavailableError('getProfile', 'http_status', 'reading the profile back after the write failed', { cause: error });
  }
  if (!profile) throw new ProfileNotFoundError('getProfile');
  return profile;
}
