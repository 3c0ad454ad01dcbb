/**
 * Inputs of the profile API: each type-graphql class with the zod schema of its rules right after
 * it. Resolvers pass their arguments through the schema at their start (validation/validate.ts),
 * before any upstream call. A schema names every field of its class (`satisfies` below): zod drops
 * keys its schema does not know, so a field missing there would never reach the upstream.
 */
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { LocalDateScalar, JSONObjectScalar } from '../scalars';
import { exactlyOneIdentifier, identifierPair, profileRefSchema, toProfileRef } from '../validation/profile-ref';
import { countryCode, emailAddress, ipAddress, paymentToken, text } from '../validation/rules';
import { stringMap } from '../validation/string-map';
import { Gender } from './enums';

/** The zod shape of input class `T`: one rule per field, no more, no less. */
type ShapeOf<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

/**
 * The identifier pair, declared once for every input that addresses one profile. type-graphql
 * copies a superclass's fields from a registered @ArgsType into arguments and from a registered
 * @InputType into input types, hence both decorators; no field uses this type itself, so it is not
 * in the schema. Its rules are `identifierPair` (validation/profile-ref.ts).
 */
@ArgsType()
@InputType()
export abstract class ProfileIdentifiers {
  @Field(() => ID, {
    nullable: true,
    description: 'Id IXOPAY assigned to the profile (exactly 32 characters). Give this or `customerIdentification`, not both.',
  })
  profileGuid?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The merchant's id of the customer (1–36 characters). Give this or `profileGuid`, not both.",
  })
  customerIdentification?: string | null;
}

@ArgsType()
export class ProfileRefArgs extends ProfileIdentifiers {}

/** Top-level arguments have no enclosing input to blame: the pair rule names `profileGuid`. */
export const profileRefArgsSchema = profileRefSchema(['profileGuid']);

@InputType({ description: 'Addresses one customer profile: give exactly one of the two identifiers.' })
export class CustomerProfileRef extends ProfileIdentifiers {}

export const customerProfileRefsSchema = z.array(profileRefSchema());

/** Limits of `extraData`: IXOPAY documents these for the Transaction API's extraData. */
export const EXTRA_DATA_LIMITS = { maxKeys: 64, maxKeyLength: 64, maxValueLength: 8192 } as const;

@InputType({
  description: 'New customer data. Only the fields you give are sent to IXOPAY: an omitted field stays unchanged, an explicit null clears it.',
})
export class CustomerInput {
  @Field(() => String, { nullable: true, description: 'Given name, at most 50 characters.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Family name, at most 50 characters.' })
  lastName?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of birth, a valid calendar date (YYYY-MM-DD).' })
  birthDate?: string | null;

  @Field(() => Gender, { nullable: true, description: 'Gender: M or F.' })
  gender?: Gender | null;

  @Field(() => String, { nullable: true, description: 'Billing address line 1, at most 50 characters.' })
  billingAddress1?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing address line 2, at most 50 characters.' })
  billingAddress2?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing city, at most 50 characters.' })
  billingCity?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing postal code, at most 16 characters.' })
  billingPostcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing state or region, at most 30 characters.' })
  billingState?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing country: ISO 3166-1 alpha-2 code, e.g. `AT`.' })
  billingCountry?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing phone number, at most 20 characters.' })
  billingPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Company name, at most 50 characters.' })
  company?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address, at most 255 characters.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'IPv4 or IPv6 address, at most 50 characters.' })
  ipAddress?: string | null;

  @Field(() => String, { nullable: true, description: 'National identity number, at most 14 characters.' })
  nationalId?: string | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'Free key/value pairs: string values only, at most 64 keys of up to 64 characters, values up to 8192 characters.',
  })
  extraData?: Record<string, string> | null;
}

// null clears a field, so every rule is nullish. Problems are listed in field order.
export const customerInputSchema = z.object({
  firstName: text(50).nullish(),
  lastName: text(50).nullish(),
  // The LocalDate scalar has already refused anything but a real YYYY-MM-DD date.
  birthDate: z.string().nullish(),
  // The Gender enum type has already refused other values; this names the rule for direct callers.
  gender: z.enum(Gender, { error: 'must be M or F' }).nullish(),
  billingAddress1: text(50).nullish(),
  billingAddress2: text(50).nullish(),
  billingCity: text(50).nullish(),
  billingPostcode: text(16).nullish(),
  billingState: text(30).nullish(),
  billingCountry: countryCode.nullish(),
  billingPhone: text(20).nullish(),
  company: text(50).nullish(),
  email: emailAddress.nullish(),
  ipAddress: ipAddress.nullish(),
  nationalId: text(14).nullish(),
  extraData: stringMap(EXTRA_DATA_LIMITS).nullish(),
} satisfies ShapeOf<CustomerInput>);

@InputType({ description: "Changes a profile's customer data and/or its preferred instrument." })
export class UpdateCustomerProfileInput extends ProfileIdentifiers {
  @Field(() => CustomerInput, { description: 'The customer fields to change; may be `{}` when only the preferred instrument changes.' })
  customerData!: CustomerInput;

  @Field(() => ID, {
    nullable: true,
    description: "paymentToken (24 characters) of one of the profile's instruments to mark as preferred.",
  })
  preferredInstrument?: string | null;
}

/** -> `{ ref, customerData, preferredInstrument }`, the identifiers already resolved to a ProfileRef. */
export const updateCustomerProfileInputSchema = z
  .object({
    ...identifierPair,
    customerData: customerInputSchema,
    preferredInstrument: paymentToken.nullish(),
  } satisfies ShapeOf<UpdateCustomerProfileInput>)
  .superRefine(exactlyOneIdentifier())
  .transform(({ profileGuid, customerIdentification, ...rest }) => ({ ref: toProfileRef({ profileGuid, customerIdentification }), ...rest }));

@InputType({ description: 'The profile to delete: give exactly one of the two identifiers.' })
export class DeleteCustomerProfileInput extends ProfileIdentifiers {}

export const deleteCustomerProfileInputSchema = profileRefSchema();
