/**
 * The zod side of the identifier pair every profile-addressing input carries (the GraphQL side is
 * ProfileIdentifiers in profile/profile.input.ts), and the "exactly one identifier" rule.
 */
import { z } from 'zod';
import type { ProfileRef } from '../../ixopay/types';
import { customerIdentificationSchema, profileGuidSchema } from '../../ixopay/identifiers';

export const NEITHER_IDENTIFIER_MESSAGE = 'give exactly one of profileGuid and customerIdentification';
export const BOTH_IDENTIFIERS_MESSAGE = 'give either profileGuid or customerIdentification, not both';

/** The pair as a zod shape fragment, to spread into an input's object schema. null = not given. */
export const identifierPair = {
  profileGuid: profileGuidSchema.nullish(),
  customerIdentification: customerIdentificationSchema.nullish(),
};

/** The pair after its field rules passed. */
export interface IdentifierPair {
  profileGuid?: string | null;
  customerIdentification?: string | null;
}

/**
 * The exactly-one rule, for `.superRefine` on an object schema with the pair. zod runs it only
 * once the fields are valid. `at` is the path it reports at: the object itself by default, or an
 * argument name for top-level arguments, which have no object to name.
 */
export function exactlyOneIdentifier(at: readonly PropertyKey[] = []) {
  return (ids: IdentifierPair, ctx: z.RefinementCtx): void => {
    const hasGuid = ids.profileGuid != null;
    if (hasGuid !== (ids.customerIdentification != null)) return;
    ctx.addIssue({ code: 'custom', message: hasGuid ? BOTH_IDENTIFIERS_MESSAGE : NEITHER_IDENTIFIER_MESSAGE, path: [...at] });
  };
}

/** The ProfileRef of a pair that passed `exactlyOneIdentifier`. */
export function toProfileRef(ids: IdentifierPair): ProfileRef {
  return ids.profileGuid != null ? { profileGuid: ids.profileGuid } : { customerIdentification: ids.customerIdentification as string };
}

/** A bare pair -> its ProfileRef; `at` as for exactlyOneIdentifier. */
export function profileRefSchema(at: readonly PropertyKey[] = []) {
  return z.object(identifierPair).superRefine(exactlyOneIdentifier(at)).transform(toProfileRef);
}
