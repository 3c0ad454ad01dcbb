/**
 * Response shaping: turns store records into the exact JSON the platform sends (API.md §3–§7),
 * including its quirks (`_TYPE` discriminators, `[]` for an empty extraData, `createdAt` as
 * `YYYY-MM-DD HH:MM:SS`, networkTokenStatus only for network tokens), and writes replies.
 */
import type { ServerResponse } from 'node:http';
import { CUSTOMER_STRING_FIELDS, type InstrumentDetails, type SandboxCustomer, type SandboxInstrument, type SandboxProfile } from './model';
import type { MissingProfileWriteForm } from './settings';
import type { SandboxStore } from './store';

/** What a handler answers: status, JSON body, extra headers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Error codes used by the sandbox (API.md §6.3). */
export const ErrorCode = {
  REQUEST_FAILED: 1000,
  INVALID_REQUEST_DATA: 1002,
  INVALID_SIGNATURE: 1004,
  INVALID_REQUEST_BODY: 1005,
  LOGICAL_ERROR: 1006,
  UNEXPECTED_SYSTEM_ERROR: 1008,
  TOO_MANY_REQUESTS: 1009,
  TRANSACTION_DECLINED: 2003,
  ALREADY_DEREGISTERED: 7037,
} as const;

/** The API error object `{success:false, errorMessage, errorCode, details:null}` (API.md §6.1). */
export function apiError(status: number, errorCode: number, errorMessage: string, headers?: Record<string, string>): Reply {
  return { status, body: { success: false, errorMessage, errorCode, details: null }, headers };
}

/**
 * update/delete on a missing profile, in the configured form: `200` = the plain error object over
 * HTTP 200 (errorCode 1002, no `profileExists`), `404` = HTTP 404 with `profileExists:false` added.
 */
export function profileNotFound(form: MissingProfileWriteForm): Reply {
  const error = { errorMessage: 'Customer profile not found', errorCode: ErrorCode.INVALID_REQUEST_DATA, details: null };
  return form === '404'
    ? { status: 404, body: { success: false, profileExists: false, ...error } }
    : { status: 200, body: { success: false, ...error } };
}

/** HTTP 429 with Retry-After (seconds) and the 1009 error object (API.md §1.3). */
export function tooManyRequests(retryAfterSeconds: number, message = 'Too many requests', extraHeaders: Record<string, string> = {}): Reply {
  return apiError(429, ErrorCode.TOO_MANY_REQUESTS, message, { 'Retry-After': String(retryAfterSeconds), ...extraHeaders });
}

/** getProfile on a missing profile: HTTP 200 with the documented not-found body (API.md §3.5). */
export function getProfileNotFound(): Reply {
  return {
    status: 200,
    body: {
      success: false,
      profileExists: false,
      profileGuid: null,
      customerIdentification: null,
      preferredMethod: null,
      customer: null,
      paymentInstruments: [],
    },
  };
}

/** The customer block with `_TYPE`, every key present (null when unset), empty extraData as `[]`. */
export function customerJson(customer: SandboxCustomer): Record<string, unknown> {
  const out: Record<string, unknown> = { _TYPE: 'customerData' };
  for (const field of CUSTOMER_STRING_FIELDS) out[field] = customer[field];
  // The platform serialises an empty PHP array, i.e. `[]`, not `{}` (API.md §3.3, §8.9).
  out.extraData = Object.keys(customer.extraData).length === 0 ? [] : customer.extraData;
  return out;
}

/** One `paymentInstruments[]` element (API.md §3.4). */
export function instrumentJson(instrument: SandboxInstrument, isPreferred: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    _TYPE: 'paymentInstrument',
    method: instrument.details.kind,
    paymentToken: instrument.paymentToken,
    createdAt: instrument.createdAt,
    isPreferred,
    associatedTokenType: instrument.associatedTokenType,
  };
  if (instrument.associatedTokenType === 'network') out.networkTokenStatus = instrument.networkTokenStatus;
  out.paymentData = paymentDataJson(instrument.details);
  return out;
}

/** The full getProfile success body. */
export function profileJson(store: SandboxStore, profile: SandboxProfile): Record<string, unknown> {
  const instruments = store.instrumentsOf(profile);
  const preferred = instruments.find((i) => i.paymentToken === profile.preferredToken);
  return {
    success: true,
    profileExists: true,
    profileGuid: profile.profileGuid,
    customerIdentification: profile.customerIdentification,
    preferredMethod: preferred ? paymentMethodName(preferred.details) : null,
    customer: customerJson(profile.customer),
    paymentInstruments: instruments.map((i) => instrumentJson(i, i.paymentToken === profile.preferredToken)),
  };
}

/** IXOPAY's payment method name for an instrument (`preferredMethod`, `paymentMethod`). */
export function paymentMethodName(details: InstrumentDetails): string {
  switch (details.kind) {
    case 'card':
      return 'Creditcard';
    case 'iban':
      return 'DirectDebit';
    case 'wallet':
      return details.walletType === 'paypal' ? 'Paypal' : 'Wallet';
  }
}

function paymentDataJson(details: InstrumentDetails): Record<string, unknown> {
  switch (details.kind) {
    case 'card':
      return {
        _TYPE: 'paymentData.card',
        brand: details.brand,
        cardHolder: details.cardHolder,
        expiryMonth: details.expiryMonth,
        expiryYear: details.expiryYear,
        firstSixDigits: details.firstSixDigits,
        lastFourDigits: details.lastFourDigits,
      };
    case 'iban':
      return { _TYPE: 'paymentData.iban', iban: details.iban, bic: details.bic, mandateId: details.mandateId, mandateDate: details.mandateDate };
    case 'wallet':
      return {
        _TYPE: 'paymentData.wallet',
        walletReferenceId: details.walletReferenceId,
        walletType: details.walletType,
        walletOwner: details.walletOwner,
        walletOwnerFirstName: details.walletOwnerFirstName,
        walletOwnerLastName: details.walletOwnerLastName,
        walletOwnerCountryCode: details.walletOwnerCountryCode,
        walletRegistrationId: details.walletRegistrationId,
      };
  }
}

/** Transaction API `returnData` for a registered instrument (API.md §7.3); expiry as strings there. */
export function returnDataJson(details: InstrumentDetails): Record<string, unknown> {
  switch (details.kind) {
    case 'card':
      return {
        _TYPE: 'cardData',
        type: details.brand,
        cardHolder: details.cardHolder,
        expiryMonth: String(details.expiryMonth).padStart(2, '0'),
        expiryYear: String(details.expiryYear),
        firstSixDigits: details.firstSixDigits,
        lastFourDigits: details.lastFourDigits,
      };
    case 'iban':
      return { _TYPE: 'ibanData', accountOwner: details.accountOwner, iban: details.iban, bic: details.bic, country: details.iban.slice(0, 2) };
    case 'wallet':
      return {
        _TYPE: 'walletData',
        walletReferenceId: details.walletReferenceId,
        walletOwner: details.walletOwner,
        walletType: details.walletType,
        walletOwnerFirstName: details.walletOwnerFirstName,
        walletOwnerLastName: details.walletOwnerLastName,
        walletOwnerCountryCode: details.walletOwnerCountryCode,
      };
  }
}

/** Writes a JSON reply (keep-alive friendly: explicit Content-Length). */
export function sendReply(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}
