/**
 * Inputs of the profile API. Field rules are class-validator decorators checked by type-graphql
 * before a resolver runs (validation/validate-args.ts); the one rule without a decorator —
 * exactly one identifier — is checked by `requireProfileRef` at the start of each resolver.
 * Both run before any upstream call.
 */
import { IsEnum, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { LocalDateScalar, JSONObjectScalar } from '../scalars';
import { identifierProblems } from '../validation/identifiers';
import { IsStringMap } from '../validation/is-string-map';
import { ValidatedBy } from '../validation/validate-args';
import {
  AtMost,
  IsCountryCode,
  IsCustomerIdentification,
  IsEmailAddress,
  IsIpAddress,
  IsPaymentToken,
  IsProfileGuid,
} from '../validation/rules';
import { Gender } from './enums';

const GUID_DESCRIPTION = 'Id IXOPAY assigned to the profile (exactly 32 characters). Give this or `customerIdentification`, not both.';
const CUSTOMER_ID_DESCRIPTION = "The merchant's id of the customer (1–36 characters). Give this or `profileGuid`, not both.";

/** Limits of `extraData`: IXOPAY documents these for the Transaction API's extraData. */
export const EXTRA_DATA_LIMITS = { maxKeys: 64, maxKeyLength: 64, maxValueLength: 8192 } as const;

// The identifier pairs every read carries are checked by a plain function (same rules and
// messages as IsProfileGuid / IsCustomerIdentification below): see validation/identifiers.ts.
@ArgsType()
@ValidatedBy(identifierProblems)
export class ProfileRefArgs {
  @Field(() => ID, { nullable: true, description: GUID_DESCRIPTION })
  profileGuid?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_ID_DESCRIPTION })
  customerIdentification?: string | null;
}

@InputType({ description: 'Addresses one customer profile: give exactly one of the two identifiers.' })
@ValidatedBy(identifierProblems)
export class CustomerProfileRef {
  @Field(() => ID, { nullable: true, description: GUID_DESCRIPTION })
  profileGuid?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_ID_DESCRIPTION })
  customerIdentification?: string | null;
}

@InputType({
  description:
    'New customer data. Only the fields you give are sent to IXOPAY: an omitted field stays unchanged, an explicit null clears it.',
})
export class CustomerInput {
  @Field(() => String, { nullable: true, description: 'Given name, at most 50 characters.' })
  @AtMost(50)
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Family name, at most 50 characters.' })
  @AtMost(50)
  lastName?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of birth, a valid calendar date (YYYY-MM-DD).' })
  birthDate?: string | null;

  @Field(() => Gender, { nullable: true, description: 'Gender: M or F.' })
  @IsEnum(Gender, { message: 'must be M or F' })
  gender?: Gender | null;

  @Field(() => String, { nullable: true, description: 'Billing address line 1, at most 50 characters.' })
  @AtMost(50)
  billingAddress1?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing address line 2, at most 50 characters.' })
  @AtMost(50)
  billingAddress2?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing city, at most 50 characters.' })
  @AtMost(50)
  billingCity?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing postal code, at most 16 characters.' })
  @AtMost(16)
  billingPostcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing state or region, at most 30 characters.' })
  @AtMost(30)
  billingState?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing country: ISO 3166-1 alpha-2 code, e.g. `AT`.' })
  @IsCountryCode()
  billingCountry?: string | null;

  @Field(() => String, { nullable: true, description: 'Billing phone number, at most 20 characters.' })
  @AtMost(20)
  billingPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Company name, at most 50 characters.' })
  @AtMost(50)
  company?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address, at most 255 characters.' })
  @IsEmailAddress()
  @AtMost(255)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'IPv4 or IPv6 address, at most 50 characters.' })
  @IsIpAddress()
  @AtMost(50)
  ipAddress?: string | null;

  @Field(() => String, { nullable: true, description: 'National identity number, at most 14 characters.' })
  @AtMost(14)
  nationalId?: string | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'Free key/value pairs: string values only, at most 64 keys of up to 64 characters, values up to 8192 characters.',
  })
  @IsStringMap(EXTRA_DATA_LIMITS)
  extraData?: Record<string, string> | null;
}

@InputType({ description: "Changes a profile's customer data and/or its preferred instrument." })
export class UpdateCustomerProfileInput {
  @Field(() => ID, { nullable: true, description: GUID_DESCRIPTION })
  @IsProfileGuid()
  profileGuid?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_ID_DESCRIPTION })
  @IsCustomerIdentification()
  customerIdentification?: string | null;

  @Field(() => CustomerInput, { description: 'The customer fields to change; may be `{}` when only the preferred instrument changes.' })
  @ValidateNested()
  customerData!: CustomerInput;

  @Field(() => ID, {
    nullable: true,
    description: "paymentToken (24 characters) of one of the profile's instruments to mark as preferred.",
  })
  @IsPaymentToken()
  preferredInstrument?: string | null;
}

@InputType({ description: 'The profile to delete: give exactly one of the two identifiers.' })
export class DeleteCustomerProfileInput {
  @Field(() => ID, { nullable: true, description: GUID_DESCRIPTION })
  @IsProfileGuid()
  profileGuid?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_ID_DESCRIPTION })
  @IsCustomerIdentification()
  customerIdentification?: string | null;
}
