/**
 * Inputs of the instrument mutations: each type-graphql class with the zod schema of its rules
 * right after it (the pattern of profile/profile.input.ts). Resolvers pass their input through
 * the schema at their start, before any upstream call. A schema names every field of its class
 * (`satisfies` below): zod drops keys its schema does not know.
 */
import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import type { ProfileRef, TransactionCustomer } from '../../ixopay/types';
import { CustomerInput, customerInputSchema, ProfileIdentifiers } from '../profile/profile.input';
import { NOT_A_STRING_MESSAGE } from '../../ixopay/identifiers';
import { exactlyOneIdentifier, identifierPair, toProfileRef } from '../validation/profile-ref';
import { paymentToken, text } from '../validation/rules';
import { characterCount } from '../../ixopay/characters';
import { containsCardNumber } from './pan';

/** The zod shape of input class `T`: one rule per field, no more, no less. */
type ShapeOf<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

export const CARD_NUMBER_MESSAGE = 'looks like a card number: send the token from IXOPAY payment.js or hosted fields, never card data';

/**
 * A payment.js / hosted-fields token (or a `pt::` paymentToken): 1–8192 characters (API.md §7.3)
 * and nothing shaped like a card number. The messages never contain the value.
 */
const transactionToken = text(8192)
  .refine((value) => value.trim() !== '', { error: 'must not be empty', abort: true })
  .refine((value) => !containsCardNumber(value), { error: CARD_NUMBER_MESSAGE });

/** An id the caller chooses (merchantTransactionId) or IXOPAY gave (transactionUuid): 1–50 characters, no whitespace at either end. */
const transactionId = z
  .string({ error: NOT_A_STRING_MESSAGE })
  .refine(
    (value) => {
      const length = characterCount(value);
      return length >= 1 && length <= 50;
    },
    { error: 'must be 1 to 50 characters long', abort: true },
  )
  .refine((value) => value.trim() === value, { error: 'must not start or end with whitespace' });

/** A browser return or callback URL: absolute http(s), at most 4096 characters (API.md §7.3). */
const webUrl = text(4096).refine(isWebUrl, { error: 'must be an absolute http or https URL' });

function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------

@InputType({
  description:
    'Stores a new payment instrument on a profile through an IXOPAY register transaction. Give exactly one of `profileGuid` and `customerIdentification`; a `customerIdentification` no profile has yet creates the profile.',
})
export class RegisterPaymentInstrumentInput extends ProfileIdentifiers {
  @Field(() => String, {
    description:
      'The token IXOPAY payment.js or hosted fields produced for the entered card (or account), up to 8192 characters. Never a card number: one is refused with BAD_USER_INPUT.',
  })
  transactionToken!: string;

  @Field(() => Boolean, { nullable: true, description: 'Make the new instrument the preferred one of the profile. Default false.' })
  markAsPreferred?: boolean | null;

  @Field(() => CustomerInput, {
    nullable: true,
    description:
      "Sent as the transaction's customer: it becomes a new profile's customer data, and on an existing profile IXOPAY updates the fields given with a value (null is the same as omitted here).",
  })
  customerData?: CustomerInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Your id of this register transaction (1–50 characters), unique per transaction. The gateway never retries a register (it is a write); when the answer is lost (UPSTREAM_UNAVAILABLE), the outcome is unknown. Send your own id to retry safely: IXOPAY identifies the transaction by it and refuses a repeated one as a duplicate (errorCode 3004). Generated (`gql-<uuid>`) when absent; the payload returns it either way.',
  })
  merchantTransactionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the browser returns after a successful redirect step (absolute http(s) URL).' })
  successUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the browser returns when the shopper cancels the redirect step (absolute http(s) URL).',
  })
  cancelUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the browser returns when the redirect step fails (absolute http(s) URL).' })
  errorUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where IXOPAY posts the outcome of a REDIRECT or PENDING transaction (absolute http(s) URL).',
  })
  callbackUrl?: string | null;
}

/** What register sends, once the input passed its rules. */
export interface RegisterArguments {
  ref: ProfileRef;
  transactionToken: string;
  markAsPreferred: boolean;
  /** Only the customer fields given with a value; undefined when none. */
  customer: TransactionCustomer | undefined;
  /** The caller's, or undefined (the resolver generates one). */
  merchantTransactionId: string | undefined;
  urls: { successUrl?: string; cancelUrl?: string; errorUrl?: string; callbackUrl?: string };
}

export const registerPaymentInstrumentInputSchema = z
  .object({
    ...identifierPair,
    transactionToken,
    markAsPreferred: z.boolean({ error: 'must be a boolean' }).nullish(),
    customerData: customerInputSchema.nullish(),
    merchantTransactionId: transactionId.nullish(),
    successUrl: webUrl.nullish(),
    cancelUrl: webUrl.nullish(),
    errorUrl: webUrl.nullish(),
    callbackUrl: webUrl.nullish(),
  } satisfies ShapeOf<RegisterPaymentInstrumentInput>)
  .superRefine(exactlyOneIdentifier())
  .transform((input): RegisterArguments => ({
    ref: toProfileRef(input),
    transactionToken: input.transactionToken,
    markAsPreferred: input.markAsPreferred === true,
    customer: transactionCustomer(input.customerData),
    merchantTransactionId: input.merchantTransactionId ?? undefined,
    urls: withValues({ successUrl: input.successUrl, cancelUrl: input.cancelUrl, errorUrl: input.errorUrl, callbackUrl: input.callbackUrl }),
  }));

/** The transaction's customer: the fields given with a value (a register clears nothing). */
function transactionCustomer(data: z.output<typeof customerInputSchema> | null | undefined): TransactionCustomer | undefined {
  if (!data) return undefined;
  const customer = withValues(data) as TransactionCustomer;
  return Object.keys(customer).length > 0 ? customer : undefined;
}

/** `source` without its null and undefined values. */
function withValues<T extends object>(source: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value != null)) as { [K in keyof T]?: NonNullable<T[K]> };
}

// ---------------------------------------------------------------------------------------------

@InputType({ description: 'The instrument to remove and the profile it belongs to (exactly one of the two identifiers).' })
export class RemovePaymentInstrumentInput extends ProfileIdentifiers {
  @Field(() => ID, { description: "paymentToken (24 characters) of one of the profile's instruments." })
  paymentToken!: string;
}

export const removePaymentInstrumentInputSchema = z
  .object({ ...identifierPair, paymentToken } satisfies ShapeOf<RemovePaymentInstrumentInput>)
  .superRefine(exactlyOneIdentifier())
  .transform((input) => ({ ref: toProfileRef(input), paymentToken: input.paymentToken }));

// ---------------------------------------------------------------------------------------------

export const CREATE_NEEDS_CUSTOMER_ID_MESSAGE = 'needs customerIdentification: IXOPAY creates a profile only for a merchant id';

@InputType({
  description:
    'Attaches the instrument of a successful register transaction to a profile (exactly one of the two identifiers; with `createProfileIfNotExists`, a `customerIdentification` no profile has yet creates the profile).',
})
export class AttachPaymentInstrumentInput extends ProfileIdentifiers {
  @Field(() => ID, {
    description: 'uuid of a successful register transaction (1–50 characters) whose instrument is not attached to any profile and not deregistered.',
  })
  transactionUuid!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Create the profile when no profile has `customerIdentification` (only with `customerIdentification`). Default false.',
  })
  createProfileIfNotExists?: boolean | null;
}

export const attachPaymentInstrumentInputSchema = z
  .object({
    ...identifierPair,
    transactionUuid: transactionId,
    createProfileIfNotExists: z.boolean({ error: 'must be a boolean' }).nullish(),
  } satisfies ShapeOf<AttachPaymentInstrumentInput>)
  .superRefine(exactlyOneIdentifier())
  .superRefine((input, ctx) => {
    if (input.createProfileIfNotExists === true && input.profileGuid != null) {
      ctx.addIssue({ code: 'custom', message: CREATE_NEEDS_CUSTOMER_ID_MESSAGE, path: ['createProfileIfNotExists'] });
    }
  })
  .transform((input) => ({
    ref: toProfileRef(input),
    transactionUuid: input.transactionUuid,
    createProfileIfNotExists: input.createProfileIfNotExists ?? undefined,
  }));

// ---------------------------------------------------------------------------------------------

@InputType({
  description:
    'Detaches the instrument of a register transaction from a profile (exactly one of the two identifiers). The instrument stays registered at IXOPAY; removePaymentInstrument deletes it.',
})
export class DetachPaymentInstrumentInput extends ProfileIdentifiers {
  @Field(() => ID, { description: 'uuid of the register transaction whose instrument to detach (1–50 characters).' })
  transactionUuid!: string;
}

export const detachPaymentInstrumentInputSchema = z
  .object({ ...identifierPair, transactionUuid: transactionId } satisfies ShapeOf<DetachPaymentInstrumentInput>)
  .superRefine(exactlyOneIdentifier())
  .transform((input) => ({ ref: toProfileRef(input), transactionUuid: input.transactionUuid }));
