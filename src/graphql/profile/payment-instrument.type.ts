/** A stored payment instrument of a profile (API.md §3.4). */
import { Field, ID, ObjectType } from 'type-graphql';
import type * as ixopay from '../../ixopay/types';
import { DateTimeScalar } from '../scalars';
import { PaymentMethod } from './enums';
import { PaymentData } from './payment-data.type';

@ObjectType({ simpleResolvers: true, description: 'A payment instrument (card, bank account or wallet) stored in a customer profile.' })
export class PaymentInstrument {
  @Field(() => ID, {
    description:
      'Token of the instrument (24 characters, `pt::…`): use it as `transactionToken` in IXOPAY transactions, or as `preferredInstrument` in updateCustomerProfile.',
  })
  paymentToken!: string;

  @Field(() => PaymentMethod, { description: 'Kind of instrument; tells which PaymentData type `paymentData` holds.' })
  method!: PaymentMethod;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the instrument was stored.' })
  createdAt!: Date | null;

  @Field(() => Boolean, { description: 'Whether this is the preferred instrument of the profile (at most one is).' })
  isPreferred!: boolean;

  @Field(() => PaymentData, { nullable: true, description: 'Method-specific details (masked card data, IBAN, wallet).' })
  paymentData!: ixopay.PaymentData | null;

  @Field(() => String, {
    nullable: true,
    description: 'Wallet or network token attached to a card: `googlepay`, `applepay` or `network`; empty if none.',
  })
  associatedTokenType!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'State of the network token when `associatedTokenType` is `network`: `inactive`, `active`, `suspended` or `deactivated`.',
  })
  networkTokenStatus!: string | null;
}
