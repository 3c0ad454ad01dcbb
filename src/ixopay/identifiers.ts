/**
 * The two profile identifiers' rules (IXOPAY API.md §3.1), for everything that sends one
 * upstream: GraphQL arguments and inputs, `_entities` representations, and shopper tokens (whose
 * customer claim becomes a customerIdentification). Protocol facts, so they live with the protocol
 * layer, where src/graphql and src/auth both may import them.
 *
 * Both are trim-checked: " cust-0001" would reach IXOPAY as another customer than the one a person
 * reads, and a profileGuid of 32 spaces is no id. API.md gives a profileGuid only as "exactly 32
 * characters" (its `CP-xxxx-…` shape is what the examples show), so no pattern is enforced: a
 * valid id the platform hands out must never be refused here.
 */
import { z } from 'zod';
import { characterCount } from './characters';

export const NOT_A_STRING_MESSAGE = 'must be a string';
export const PROFILE_GUID_LENGTH_MESSAGE = 'must be exactly 32 characters';
export const PROFILE_GUID_WHITESPACE_MESSAGE = 'must not contain whitespace';
export const CUSTOMER_ID_LENGTH_MESSAGE = 'must be 1 to 36 characters long';
export const CUSTOMER_ID_WHITESPACE_MESSAGE = 'must not start or end with whitespace';

/** `profileGuid`: exactly 32 characters, none of them whitespace. */
export const profileGuidSchema = z
  .string({ error: NOT_A_STRING_MESSAGE })
  // abort: one problem per value, the first that applies.
  .refine((value) => characterCount(value) === 32, { error: PROFILE_GUID_LENGTH_MESSAGE, abort: true })
  .refine((value) => !/\s/.test(value), { error: PROFILE_GUID_WHITESPACE_MESSAGE });

/** `customerIdentification`: 1 to 36 characters, no whitespace at either end (so never blank). */
export const customerIdentificationSchema = z
  .string({ error: NOT_A_STRING_MESSAGE })
  .refine(
    (value) => {
      const length = characterCount(value);
      return length >= 1 && length <= 36;
    },
    { error: CUSTOMER_ID_LENGTH_MESSAGE, abort: true },
  )
  .refine((value) => value.trim() === value, { error: CUSTOMER_ID_WHITESPACE_MESSAGE });

/** Why `value` is not a customerIdentification (e.g. a token's customer claim), or undefined when it is one. */
export function customerIdentificationProblem(value: unknown): string | undefined {
  const result = customerIdentificationSchema.safeParse(value);
  return result.success ? undefined : result.error.issues[0].message;
}
