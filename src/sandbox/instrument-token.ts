/**
 * Turns a register's `transactionToken` into what the simulated PSP does with it. The real
 * platform resolves payment.js tokens at the PSP; the sandbox, like stripe-mock, knows a fixed set
 * of named test tokens instead, so no card number ever passes through it:
 *
 *   tok_visa, tok_mastercard, tok_amex  → card with fixed masked data, finishes at once
 *   tok_iban_at                         → Austrian IBAN (SEPA mandate generated)
 *   tok_paypal                          → PayPal wallet of the customer
 *   tok_declined                        → declined (2003), nothing stored
 *   tok_3ds_redirect                    → REDIRECT; a Visa card once completed
 *   tok_pending                         → PENDING; a Visa card once completed
 *   iban:<IBAN>, paypal:<owner e-mail>  → parameterised IBAN / PayPal (no card data)
 *   no token                            → tok_visa
 *
 * A token that contains a card number is refused without echoing it; any other unknown token is
 * a validation error listing the known ones. Card holders come from the customer.
 */
import type { InstrumentDetails, SandboxCustomer } from './model';
import { containsPan } from './pan';
import { formatDay } from './timestamps';
import { ValidationError } from './validate';

/** What register does with the token: finish, wait for a redirect or callback, or decline. */
export type TokenFlow = 'finished' | 'redirect' | 'pending' | 'declined';

export interface TokenOutcome {
  flow: TokenFlow;
  /** The instrument that is (or, once completed, will be) registered; the declined card for `declined`. */
  details: InstrumentDetails;
}

type CardData = Pick<Extract<InstrumentDetails, { kind: 'card' }>, 'brand' | 'firstSixDigits' | 'lastFourDigits' | 'expiryMonth' | 'expiryYear'>;

const VISA: CardData = { brand: 'visa', firstSixDigits: '411111', lastFourDigits: '1111', expiryMonth: 12, expiryYear: 2030 };

const CARD_TOKENS: Readonly<Record<string, { flow: TokenFlow; card: CardData }>> = {
  tok_visa: { flow: 'finished', card: VISA },
  tok_mastercard: {
    flow: 'finished',
    card: { brand: 'mastercard', firstSixDigits: '555555', lastFourDigits: '4444', expiryMonth: 6, expiryYear: 2031 },
  },
  tok_amex: { flow: 'finished', card: { brand: 'amex', firstSixDigits: '378282', lastFourDigits: '0005', expiryMonth: 3, expiryYear: 2032 } },
  tok_declined: { flow: 'declined', card: { brand: 'visa', firstSixDigits: '400000', lastFourDigits: '0002', expiryMonth: 12, expiryYear: 2030 } },
  tok_3ds_redirect: {
    flow: 'redirect',
    card: { brand: 'visa', firstSixDigits: '400000', lastFourDigits: '3220', expiryMonth: 12, expiryYear: 2030 },
  },
  tok_pending: { flow: 'pending', card: VISA },
};

/** The IBAN behind tok_iban_at (the API reference's example IBAN). */
export const TEST_IBAN_AT = 'AT611904300234573201';

/** Every named test token, for error messages and the README. */
export const TEST_TOKENS: readonly string[] = [
  'tok_visa',
  'tok_mastercard',
  'tok_amex',
  'tok_iban_at',
  'tok_paypal',
  'tok_declined',
  'tok_3ds_redirect',
  'tok_pending',
];

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** Resolves a token; `uuid` is the register transaction's uuid. Throws ValidationError. */
export function resolveTransactionToken(token: string | undefined, customer: SandboxCustomer | null, uuid: string, now: Date): TokenOutcome {
  const name = token ?? 'tok_visa';
  if (Object.hasOwn(CARD_TOKENS, name)) {
    const { flow, card } = CARD_TOKENS[name];
    return { flow, details: { kind: 'card', cardHolder: fullName(customer), ...card } };
  }
  if (token === 'tok_iban_at') return { flow: 'finished', details: ibanDetails(TEST_IBAN_AT, customer, uuid, now) };
  if (token === 'tok_paypal') return { flow: 'finished', details: paypalDetails(null, customer, uuid) };
  // IBANs start with letters, so this branch can never let a card number through.
  if (name.toLowerCase().startsWith('iban:')) {
    const iban = name.slice(5).replace(/\s+/g, '').toUpperCase();
    if (!IBAN.test(iban)) throw new ValidationError('transactionToken', 'must look like iban:<IBAN> with a valid IBAN');
    return { flow: 'finished', details: ibanDetails(iban, customer, uuid, now) };
  }
  if (containsPan(name)) {
    throw new ValidationError('transactionToken', 'looks like a card number: the sandbox accepts no card data, use a test token such as tok_visa');
  }
  if (name.toLowerCase().startsWith('paypal:')) return { flow: 'finished', details: paypalDetails(name.slice(7).trim(), customer, uuid) };
  throw new ValidationError('transactionToken', `is not a sandbox test token (use one of ${TEST_TOKENS.join(', ')}, iban:<IBAN> or paypal:<e-mail>)`);
}

function ibanDetails(iban: string, customer: SandboxCustomer | null, uuid: string, now: Date): InstrumentDetails {
  return {
    kind: 'iban',
    iban,
    bic: null,
    accountOwner: fullName(customer),
    mandateId: `MND-${uuid.slice(0, 12).toUpperCase()}`,
    mandateDate: `${formatDay(now)} 00:00:00`,
  };
}

function paypalDetails(owner: string | null, customer: SandboxCustomer | null, uuid: string): InstrumentDetails {
  return {
    kind: 'wallet',
    walletReferenceId: `BA-${uuid.slice(0, 17).toUpperCase()}`,
    walletType: 'paypal',
    walletOwner: owner !== null && owner !== '' ? owner : (customer?.email ?? null),
    walletOwnerFirstName: customer?.firstName ?? null,
    walletOwnerLastName: customer?.lastName ?? null,
    walletOwnerCountryCode: customer?.billingCountry ?? null,
    walletRegistrationId: uuid,
  };
}

function fullName(customer: SandboxCustomer | null): string | null {
  const name = [customer?.firstName, customer?.lastName].filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
  return name === '' ? null : name;
}
