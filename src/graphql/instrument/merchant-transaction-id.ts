/**
 * The merchant's id of a Transaction API call (API.md §7.3–7.4: required, 1–50 characters). The
 * caller may send its own to register (its idempotency key); when it does not, and for the
 * deregister behind removePaymentInstrument, the gateway generates one.
 */
import { randomUUID } from 'node:crypto';

/** Prefix of generated ids, so they are told apart from the merchant's own in IXOPAY's back office. */
export const GENERATED_ID_PREFIX = 'gql-';

/** `gql-` + a random UUID: 40 characters, unique. */
export function newMerchantTransactionId(): string {
  return `${GENERATED_ID_PREFIX}${randomUUID()}`;
}
