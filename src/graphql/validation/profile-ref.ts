/** The "exactly one identifier" rule, which no class-validator decorator expresses. */
import type { ProfileRef } from '../../ixopay/types';
import { BadUserInputError } from '../errors';

/** Identifiers as they arrive in arguments and inputs. */
export interface IdentifierInput {
  profileGuid?: string | null;
  customerIdentification?: string | null;
}

/**
 * The ProfileRef for `ids`, or BadUserInputError unless exactly one identifier is given.
 * `path` is where the pair lives (`input`, `refs[3]`, or '' for top-level arguments).
 */
export function requireProfileRef(ids: IdentifierInput, path: string): ProfileRef {
  const hasGuid = ids.profileGuid != null;
  const hasCustomerId = ids.customerIdentification != null;
  if (hasGuid === hasCustomerId) {
    const field = path || 'profileGuid';
    const problem = hasGuid
      ? 'give either profileGuid or customerIdentification, not both'
      : 'give exactly one of profileGuid and customerIdentification';
    throw new BadUserInputError(field, problem);
  }
  return hasGuid ? { profileGuid: ids.profileGuid as string } : { customerIdentification: ids.customerIdentification as string };
}
