/**
 * Parsing of the profile payloads (API.md §3): the customer block and the payment instruments,
 * smoothing the documented quirks into the types of ../types.ts.
 */
import type { CardData, Customer, CustomerProfile, Gender, IbanData, PaymentData, PaymentInstrument, PaymentMethod, WalletData } from '../types';
import {
  isObject,
  looseBoolean,
  looseDate,
  looseInteger,
  optionalString,
  requiredString,
  stringMap,
  WireShapeError,
  type JsonObject,
} from './fields';

/** A successful getProfile body (`success` and `profileExists` already checked) → CustomerProfile. */
export function parseProfile(body: JsonObject): CustomerProfile {
  return {
    profileGuid: requiredString(body, 'profileGuid', ''),
    customerIdentification: optionalString(body, 'customerIdentification', ''),
    preferredMethod: optionalString(body, 'preferredMethod', ''),
    customer: parseCustomer(body.customer, 'customer'),
    paymentInstruments: parseInstruments(body.paymentInstruments),
  };
}

/** The customer block, or null when absent. Unknown keys (`_TYPE`, `identification`, …) are ignored. */
export function parseCustomer(value: unknown, path: string): Customer | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new WireShapeError(path, 'an object');
  const p = path + '.';
  return {
    firstName: optionalString(value, 'firstName', p),
    lastName: optionalString(value, 'lastName', p),
    birthDate: optionalString(value, 'birthDate', p),
    gender: genderOf(optionalString(value, 'gender', p)),
    billingAddress1: optionalString(value, 'billingAddress1', p),
    billingAddress2: optionalString(value, 'billingAddress2', p),
    billingCity: optionalString(value, 'billingCity', p),
    billingPostcode: optionalString(value, 'billingPostcode', p),
    billingState: optionalString(value, 'billingState', p),
    billingCountry: optionalString(value, 'billingCountry', p),
    billingPhone: optionalString(value, 'billingPhone', p),
    company: optionalString(value, 'company', p),
    email: optionalString(value, 'email', p),
    ipAddress: optionalString(value, 'ipAddress', p),
    nationalId: optionalString(value, 'nationalId', p),
    extraData: stringMap(value, 'extraData', p),
  };
}

function genderOf(value: string | null): Gender | null {
  if (value === null) return null;
  const upper = value.toUpperCase();
  // The schema allows only M/F; anything else is not a value we can represent.
  return upper === 'M' || upper === 'F' ? upper : null;
}

function parseInstruments(value: unknown): PaymentInstrument[] {
  // `[]` when none (docs); tolerate missing/null as none. Anything else is the wrong shape.
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new WireShapeError('paymentInstruments', 'an array');
  const out: PaymentInstrument[] = [];
  for (let i = 0; i < value.length; i++) {
    const instrument = parseInstrument(value[i], `paymentInstruments[${i}]`);
    if (instrument !== null) out.push(instrument);
  }
  return out;
}

/**
 * One instrument, or null when its method is none of card/iban/wallet. Skipping a method we cannot
 * represent (a future `ach`, say) is deliberate: failing the whole profile would make one new
 * instrument type look like an upstream outage and trip the circuit breaker.
 */
function parseInstrument(value: unknown, path: string): PaymentInstrument | null {
  if (!isObject(value)) throw new WireShapeError(path, 'an object');
  const p = path + '.';
  const paymentToken = requiredString(value, 'paymentToken', p);
  const rawData = value.paymentData;
  if (rawData !== undefined && rawData !== null && !isObject(rawData)) throw new WireShapeError(p + 'paymentData', 'an object');
  const data = rawData === undefined || rawData === null ? null : rawData;
  const method = methodOf(value.method) ?? methodOf(value._TYPE) ?? (data ? methodOfDataType(data._TYPE) : null);
  if (method === null) return null;
  return {
    paymentToken,
    method,
    createdAt: looseDate(value, 'createdAt'),
    isPreferred: looseBoolean(value, 'isPreferred', p, false),
    associatedTokenType: optionalString(value, 'associatedTokenType', p),
    networkTokenStatus: optionalString(value, 'networkTokenStatus', p),
    paymentData: data ? parsePaymentData(data, method, p + 'paymentData.') : null,
  };
}

function methodOf(value: unknown): PaymentMethod | null {
  if (typeof value !== 'string') return null;
  const lower = value.toLowerCase();
  if (lower === 'card' || lower === 'creditcard') return 'card';
  if (lower === 'iban' || lower === 'sepa') return 'iban';
  if (lower === 'wallet') return 'wallet';
  return null;
}

// `paymentData.card` (schema), and the `cardData`/`creditcardData` spellings of transaction payloads.
function methodOfDataType(value: unknown): PaymentMethod | null {
  if (typeof value !== 'string') return null;
  const lower = value.toLowerCase();
  const bare = lower.startsWith('paymentdata.') ? lower.slice('paymentdata.'.length) : lower.endsWith('data') ? lower.slice(0, -4) : lower;
  return methodOf(bare);
}

/** paymentData by its `_TYPE`; an unknown or missing `_TYPE` falls back to the instrument's method. */
function parsePaymentData(data: JsonObject, method: PaymentMethod, p: string): PaymentData {
  const kind = methodOfDataType(data._TYPE) ?? method;
  switch (kind) {
    case 'card':
      return parseCard(data, p);
    case 'iban':
      return parseIban(data, p);
    case 'wallet':
      return parseWallet(data, p);
  }
}

function parseCard(data: JsonObject, p: string): CardData {
  return {
    kind: 'card',
    brand: optionalString(data, 'brand', p),
    cardHolder: optionalString(data, 'cardHolder', p),
    // Integers in the profile schema, strings in transaction returnData: accept both.
    expiryMonth: looseInteger(data, 'expiryMonth'),
    expiryYear: looseInteger(data, 'expiryYear'),
    firstSixDigits: optionalString(data, 'firstSixDigits', p),
    lastFourDigits: optionalString(data, 'lastFourDigits', p),
  };
}

function parseIban(data: JsonObject, p: string): IbanData {
  return {
    kind: 'iban',
    iban: optionalString(data, 'iban', p),
    bic: optionalString(data, 'bic', p),
    mandateId: optionalString(data, 'mandateId', p),
    mandateDate: looseDate(data, 'mandateDate'),
  };
}

function parseWallet(data: JsonObject, p: string): WalletData {
  return {
    kind: 'wallet',
    walletReferenceId: optionalString(data, 'walletReferenceId', p),
    walletType: optionalString(data, 'walletType', p),
    walletOwner: optionalString(data, 'walletOwner', p),
    walletOwnerFirstName: optionalString(data, 'walletOwnerFirstName', p),
    walletOwnerLastName: optionalString(data, 'walletOwnerLastName', p),
    walletOwnerCountryCode: optionalString(data, 'walletOwnerCountryCode', p),
    walletRegistrationId: optionalString(data, 'walletRegistrationId', p),
  };
}
