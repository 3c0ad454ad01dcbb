/** The customer block of a profile (API.md §3.3), under IXOPAY's own field names. */
import { Field, ObjectType } from 'type-graphql';
import { JSONObjectScalar, LocalDateScalar } from '../scalars';
import { Gender } from './enums';

@ObjectType({ simpleResolvers: true, description: "The customer's data stored with a profile. Every field may be empty." })
export class Customer {
  @Field(() => String, { nullable: true, description: 'Given name.' })
  firstName!: string | null;

  @Field(() => String, { nullable: true, description: 'Family name.' })
  lastName!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of birth (YYYY-MM-DD).' })
  birthDate!: string | null;

  @Field(() => Gender, { nullable: true, description: 'Gender.' })
  gender!: Gender | null;

  @Field(() => String, { nullable: true, description: 'Billing address, line 1.' })
  billingAddress1!: string | null;

  @Field(() => String, { nullable: true, description: 'Billing address, line 2.' })
  billingAddress2!: string | null;

  @Field(() => String, { nullable: true, description: 'Billing city.' })
  billingCity!: string | null;

  @Field(() => String, { nullable: true, description: 'Billing postal code.' })
  billingPostcode!: string | null;

  @Field(() => String, { nullable: true, description: 'Billing state or region.' })
  billingState!: string | null;

  @Field(() => String, { nullable: true, description: 'Billing country, ISO 3166-1 alpha-2 (e.g. `AT`).' })
  billingCountry!: string | null;

  @Field(() => String, { nullable: true, description: 'Billing phone number, e.g. `+43 6641234567`.' })
  billingPhone!: string | null;

  @Field(() => String, { nullable: true, description: 'Company name.' })
  company!: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'IPv4 or IPv6 address the customer used.' })
  ipAddress!: string | null;

  @Field(() => String, { nullable: true, description: 'National identity number.' })
  nationalId!: string | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'Free key/value pairs (string to string) for payment adapters and risk checks; `{}` when none.',
  })
  extraData!: Record<string, string> | null;
}
