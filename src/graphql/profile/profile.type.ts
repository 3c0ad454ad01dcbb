/**
 * The `CustomerProfile` entity. Two federation keys: `profileGuid` (IXOPAY's id) and
 * `customerIdentification` (the merchant's id, which other subgraphs often know instead).
 * `preferredMethod`, `paymentInstruments` and `preferredInstrument` have field resolvers
 * (profile-fields.ts) because the profile an update returns lacks them.
 */
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Customer } from './customer.type';
import { PaymentInstrument } from './payment-instrument.type';

@Directive('@key(fields: "profileGuid")')
@Directive('@key(fields: "customerIdentification")')
@ObjectType({
  simpleResolvers: true,
  description:
    "A customer profile stored at IXOPAY: the customer's data and their stored payment instruments. Addressed either by `profileGuid` (IXOPAY's id) or by `customerIdentification` (the merchant's id).",
})
export class CustomerProfile {
  @Field(() => ID, { description: 'Id IXOPAY assigned to the profile: 32 characters, `CP-xxxx-xxxx-xxxx-xxxx-xxxx-xxxx`.' })
  profileGuid!: string;

  @Field(() => String, { nullable: true, description: "The merchant's own id for this customer (1–36 characters), unique per profile container." })
  customerIdentification!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "IXOPAY's payment method name of the preferred instrument, e.g. `Creditcard` (free text, not the PaymentMethod enum).",
  })
  preferredMethod!: string | null;

  @Field(() => Customer, { nullable: true, description: "The customer's data: name, billing address, contact details." })
  customer!: Customer | null;

  @Field(() => [PaymentInstrument], { description: 'Stored payment instruments; empty when there are none.' })
  paymentInstruments!: PaymentInstrument[];

  @Field(() => PaymentInstrument, {
    nullable: true,
    description: 'The instrument marked as preferred (the one with `isPreferred: true`), or null when none is.',
  })
  preferredInstrument!: PaymentInstrument | null;
}
