/**
 * What the CustomerProfile type resolves from. Reads yield a full upstream profile; an update
 * yields only what updateProfile answers (ids and customer), and the field resolvers fetch the
 * rest lazily, so a mutation that selects only customer fields makes no extra upstream call.
 */
import type * as ixopay from '../../ixopay/types';

/** The profile as updateProfile returned it: no instruments, no preferredMethod. */
export interface UpdatedProfile {
  readonly partial: true;
  profileGuid: string;
  customerIdentification: string | null;
  customer: ixopay.Customer | null;
}

export type ProfileSource = ixopay.CustomerProfile | UpdatedProfile;

/** True when the source lacks instruments and preferredMethod. */
export function isPartial(source: ProfileSource): source is UpdatedProfile {
  return 'partial' in source && source.partial === true;
}
