/**
 * Request bodies, built as plain objects in the key order the official PHP client uses (identifier,
 * then `customerData`, then `preferredInstrument`), holding only keys the caller set. They are
 * serialised exactly once, by ../json-body.ts.
 */
import {
  CUSTOMER_FIELDS,
  type AttachPaymentInstrumentRequest,
  type DeregisterRequest,
  type DetachPaymentInstrumentRequest,
  type ProfileRef,
  type RegisterRequest,
  type UpdateProfileRequest,
} from '../types';

/** `{profileGuid}` or `{customerIdentification}`; a programming error (TypeError) unless exactly one is a non-empty string. */
export function profileRefBody(ref: ProfileRef): Record<string, unknown> {
  const guid = ref.profileGuid;
  const ident = ref.customerIdentification;
  const hasGuid = typeof guid === 'string' && guid !== '';
  const hasIdent = typeof ident === 'string' && ident !== '';
  if (hasGuid === hasIdent) throw new TypeError('ProfileRef needs exactly one of profileGuid or customerIdentification');
  return hasGuid ? { profileGuid: guid } : { customerIdentification: ident };
}

/** updateProfile body: the identifier, the set customer fields (API order), the preferred instrument. */
export function updateProfileBody(ref: ProfileRef, request: UpdateProfileRequest): Record<string, unknown> {
  const body = profileRefBody(ref);
  const input = request.customerData as Record<string, unknown>;
  const customerData: Record<string, unknown> = {};
  // Only known keys, so a stray property from an upper layer never reaches the wire. `null` is sent
  // as null (clears the value, like the PHP client); undefined means "not set".
  for (const key of CUSTOMER_FIELDS) {
    const value = input[key];
    if (value !== undefined) customerData[key] = value;
  }
  body.customerData = customerData;
  if (request.preferredInstrument !== undefined) body.preferredInstrument = request.preferredInstrument;
  return body;
}

const REGISTER_KEYS = ['merchantTransactionId', 'transactionToken', 'description', 'successUrl', 'cancelUrl', 'errorUrl', 'callbackUrl'] as const;
const CUSTOMER_KEYS = ['identification', ...CUSTOMER_FIELDS] as const;
const PROFILE_DATA_KEYS = ['profileGuid', 'customerIdentification', 'markAsPreferred'] as const;

/** Transaction API register body, with `customerProfileData` when given (nulls and unset keys stripped, as PHP does). */
export function registerBody(request: RegisterRequest): Record<string, unknown> {
  const body = pick(request as unknown as Record<string, unknown>, REGISTER_KEYS);
  if (request.customer !== undefined) body.customer = pick(request.customer, CUSTOMER_KEYS);
  if (request.customerProfileData !== undefined) {
    body.customerProfileData = pick(request.customerProfileData, PROFILE_DATA_KEYS);
  }
  return body;
}

/** Transaction API deregister body. */
export function deregisterBody(request: DeregisterRequest): Record<string, unknown> {
  return pick(request as unknown as Record<string, unknown>, ['merchantTransactionId', 'referenceUuid', 'transactionToken']);
}

/**
 * attachPaymentInstrument body: transactionUuid, the identifier, createProfileIfNotExists when set.
 * Creating a profile needs a customerIdentification (IXOPAY assigns the guid): a programming error
 * (TypeError) otherwise.
 */
export function attachBody(ref: ProfileRef, request: AttachPaymentInstrumentRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { transactionUuid: request.transactionUuid, ...profileRefBody(ref) };
  if (request.createProfileIfNotExists !== undefined) {
    if (request.createProfileIfNotExists && body.customerIdentification === undefined) {
      throw new TypeError('createProfileIfNotExists needs a customerIdentification ref');
    }
    body.createProfileIfNotExists = request.createProfileIfNotExists;
  }
  return body;
}

/** detachPaymentInstrument body: transactionUuid and the identifier. */
export function detachBody(ref: ProfileRef, request: DetachPaymentInstrumentRequest): Record<string, unknown> {
  return { transactionUuid: request.transactionUuid, ...profileRefBody(ref) };
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}
