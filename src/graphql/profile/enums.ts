/**
 * Enums of the profile schema. The TypeScript values are the upstream's wire values, so resolvers
 * pass upstream data through unchanged while clients see the GraphQL names.
 */
import { registerEnumType } from 'type-graphql';

/** Gender as IXOPAY stores it (`^[MF]$`). */
export enum Gender {
  M = 'M',
  F = 'F',
}

/** Kind of a stored instrument; values are IXOPAY's `method` strings. */
export enum PaymentMethod {
  CARD = 'card',
  IBAN = 'iban',
  WALLET = 'wallet',
}

registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender of the customer, as IXOPAY stores it.',
  valuesConfig: {
    M: { description: 'Male.' },
    F: { description: 'Female.' },
  },
});

registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'Kind of a stored payment instrument.',
  valuesConfig: {
    CARD: { description: 'A payment card (credit or debit); details in CardData.' },
    IBAN: { description: 'A bank account (SEPA direct debit); details in IbanData.' },
    WALLET: { description: 'A wallet such as PayPal; details in WalletData.' },
  },
});
