/**
 * Turns a register's `transactionToken` into the instrument the sandbox stores. The real platform
 * resolves payment.js tokens at the PSP; the sandbox instead reads a tiny, documented token syntax
 * so tests can choose what gets registered:
 *
 *   iban:<IBAN>                      → IBAN instrument (SEPA mandate generated)
 *   paypal:<owner e-mail>            → PayPal wallet (owner optional)
 *   card:<PAN>[:<MM>/<YYYY>]         → card; brand from the PAN prefix, expiry default 12/2030
 *   anything else / no token         → Visa test card 411111…1111, 12/2030
 *
 * A full PAN is never stored or echoed: only the first six and last four digits are kept, and the
 * token itself is dropped once read.
 */
import type { InstrumentDetails, SandboxCustomer } from './model';
import { formatDay } from './timestamps';
import { ValidationError } from './validate';

const DEFAULT_EXPIRY = { month: 12, year: 2030 };

/** Instrument details for a token; `uuid` is the register transaction's uuid. */
export function instrumentFromToken(token: string | undefined, customer: SandboxCustomer | null, uuid: string, now: Date): InstrumentDetails {
  const holder = fullName(customer);
  const lower = token?.toLowerCase() ?? '';
  if (token !== undefined && lower.startsWith('iban:')) {
    const iban = token.slice(5).replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) throw new ValidationError('transactionToken', 'must look like iban:<IBAN> with a valid IBAN');
    return {
      kind: 'iban',
      iban,
      bic: null,
      accountOwner: holder,
      mandateId: `MND-${uuid.slice(0, 12).toUpperCase()}`,
      mandateDate: `${formatDay(now)} 00:00:00`,
    };
  }
  if (token !== undefined && lower.startsWith('paypal:')) {
    const owner = token.slice(7).trim();
    return {
      kind: 'wallet',
      walletReferenceId: `BA-${uuid.slice(0, 17).toUpperCase()}`,
      walletType: 'paypal',
      walletOwner: owner !== '' ? owner : customer?.email ?? null,
      walletOwnerFirstName: customer?.firstName ?? null,
      walletOwnerLastName: customer?.lastName ?? null,
      walletOwnerCountryCode: customer?.billingCountry ?? null,
      walletRegistrationId: uuid,
    };
  }
  if (token !== undefined && lower.startsWith('card:')) return cardFromToken(token.slice(5), holder);
  return {
    kind: 'card',
    brand: 'visa',
    cardHolder: holder,
    expiryMonth: DEFAULT_EXPIRY.month,
    expiryYear: DEFAULT_EXPIRY.year,
    firstSixDigits: '411111',
    lastFourDigits: '1111',
  };
}

const CARD_TOKEN = /^([\d ]{12,23})(?::(\d{1,2})\/(\d{2}|\d{4}))?$/;

function cardFromToken(rest: string, holder: string | null): InstrumentDetails {
  const m = CARD_TOKEN.exec(rest.trim());
  const pan = m?.[1].replace(/ /g, '') ?? '';
  if (!m || pan.length < 12 || pan.length > 19) {
    throw new ValidationError('transactionToken', 'must look like card:<12-19 digit PAN>[:<MM>/<YYYY>]');
  }
  let expiryMonth = DEFAULT_EXPIRY.month;
  let expiryYear = DEFAULT_EXPIRY.year;
  if (m[2] !== undefined && m[3] !== undefined) {
    expiryMonth = Number(m[2]);
    expiryYear = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (expiryMonth < 1 || expiryMonth > 12) throw new ValidationError('transactionToken', 'has an invalid expiry month');
  }
  return {
    kind: 'card',
    brand: cardBrand(pan),
    cardHolder: holder,
    expiryMonth,
    expiryYear,
    firstSixDigits: pan.slice(0, 6),
    lastFourDigits: pan.slice(-4),
  };
}

/** Lowercase brand from the PAN's leading digits (the common IIN ranges). */
export function cardBrand(pan: string): string {
  const two = Number(pan.slice(0, 2));
  const four = Number(pan.slice(0, 4));
  if (pan.startsWith('4')) return 'visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (pan.startsWith('6011') || pan.startsWith('65') || (four >= 6440 && four <= 6499)) return 'discover';
  if (four >= 3528 && four <= 3589) return 'jcb';
  if (two === 36 || two === 38 || (four >= 3000 && four <= 3059)) return 'diners';
  return 'unknown';
}

function fullName(customer: SandboxCustomer | null): string | null {
  const name = [customer?.firstName, customer?.lastName].filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
  return name === '' ? null : name;
}
