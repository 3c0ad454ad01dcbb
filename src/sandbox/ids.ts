/**
 * Identifiers the simulated platform hands out, shaped like the real ones (API.md §3–§7):
 * profileGuid `CP-xxxx-xxxx-xxxx-xxxx-xxxx-xxxx` (32 chars), paymentToken `pt::` + 20 (24 chars),
 * transaction uuid 20 hex characters. All lowercase hex, from the CSPRNG.
 */
import { randomBytes } from 'node:crypto';

/** A new profileGuid: `CP-` and six groups of four lowercase hex digits. */
export function newProfileGuid(): string {
  const hex = randomHex(24);
  return `CP-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 24)}`;
}

/** A new paymentToken: `pt::` and 20 lowercase hex digits. */
export function newPaymentToken(): string {
  return `pt::${randomHex(20)}`;
}

/** A new transaction uuid: 20 lowercase hex digits. */
export function newTransactionUuid(): string {
  return randomHex(20);
}

/** `n` random lowercase hex digits. */
export function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
}
