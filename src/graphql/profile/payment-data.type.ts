/**
 * The method-specific details of a stored instrument (API.md §3.4) and the `PaymentData` union
 * over them. Field names are IXOPAY's; upstream values arrive already parsed (`kind` tags the shape).
 */
import { createUnionType, Field, Int, ObjectType } from 'type-graphql';
import type * as ixopay from '../../ixopay/types';
import { DateTimeScalar } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'Details of a stored payment card. Never contains the full card number.' })
export class CardData {
  @Field(() => String, { nullable: true, description: 'Card brand in lower case, e.g. `visa`, `mastercard`.' })
  brand!: string | null;

  @Field(() => String, { nullable: true, description: 'Name printed on the card.' })
  cardHolder!: string | null;

  @Field(() => Int, { nullable: true, description: 'Expiry month, 1–12.' })
  expiryMonth!: number | null;

  @Field(() => Int, { nullable: true, description: 'Expiry year, four digits.' })
  expiryYear!: number | null;

  @Field(() => String, { nullable: true, description: 'First six digits of the card number (BIN).' })
  firstSixDigits!: string | null;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card number.' })
  lastFourDigits!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Details of a stored bank account (SEPA direct debit).' })
export class IbanData {
  @Field(() => String, { nullable: true, description: 'International Bank Account Number.' })
  iban!: string | null;

  @Field(() => String, { nullable: true, description: 'Bank Identifier Code; often absent.' })
  bic!: string | null;

  @Field(() => String, { nullable: true, description: 'SEPA mandate reference.' })
  mandateId!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the SEPA mandate was signed.' })
  mandateDate!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'Details of a stored wallet, e.g. a PayPal billing agreement.' })
export class WalletData {
  @Field(() => String, { nullable: true, description: 'Wallet-side reference, e.g. a PayPal billing agreement id.' })
  walletReferenceId!: string | null;

  @Field(() => String, { nullable: true, description: 'Wallet kind, e.g. `paypal`.' })
  walletType!: string | null;

  @Field(() => String, { nullable: true, description: 'Owner of the wallet, typically an e-mail address.' })
  walletOwner!: string | null;

  @Field(() => String, { nullable: true, description: "Owner's first name." })
  walletOwnerFirstName!: string | null;

  @Field(() => String, { nullable: true, description: "Owner's last name." })
  walletOwnerLastName!: string | null;

  @Field(() => String, { nullable: true, description: "Owner's country, ISO 3166-1 alpha-2." })
  walletOwnerCountryCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the transaction that originally registered this wallet.' })
  walletRegistrationId!: string | null;
}

const TYPE_BY_KIND: Record<ixopay.PaymentData['kind'], string> = {
  card: 'CardData',
  iban: 'IbanData',
  wallet: 'WalletData',
};

/** The GraphQL type name of parsed payment data: synchronous, so no promise per instrument. */
export function paymentDataTypeName(value: unknown): string | undefined {
  return TYPE_BY_KIND[(value as ixopay.PaymentData).kind];
}

/** `union PaymentData = CardData | IbanData | WalletData`, resolved by the parsed `kind`. */
export const PaymentData = createUnionType({
  name: 'PaymentData',
  description: 'Method-specific details of a payment instrument: CardData, IbanData or WalletData.',
  types: () => [CardData, IbanData, WalletData] as const,
  // A type name, not a class: the same function also serves the subgraph schema built from SDL.
  resolveType: paymentDataTypeName,
});
