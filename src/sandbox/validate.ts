/**
 * Request validation per API.md §3–§4 and §7 (field presence, types, lengths, formats). Every
 * failure is a ValidationError whose message names the field, e.g.
 * `Invalid request data: customerData.email must be a valid e-mail address`. Lengths count
 * Unicode characters (code points), not UTF-16 units or bytes.
 */
import { isIP } from 'node:net';
import { CUSTOMER_STRING_FIELDS, type CustomerPatch, type CustomerStringField } from './model';
import type { ProfileLookup } from './store';

/** A request field that breaks the documented constraints. */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid request data: ${field} ${problem}`);
    this.name = 'ValidationError';
  }
}

/** How a customer object is read: profile updates are strict, transaction customers lenient. */
export interface CustomerReadMode {
  /** `update`: unknown keys rejected, null/"" clear a field (firstName excepted).
   *  `transaction`: unknown keys (shipping*, identification, …) ignored, null/"" ignored. */
  kind: 'update' | 'transaction';
}

/** The exactly-one-of profileGuid / customerIdentification identifier of profile calls. */
export function readProfileRef(body: Record<string, unknown>): ProfileLookup {
  const guid = body.profileGuid ?? undefined;
  const ident = body.customerIdentification ?? undefined;
  if (guid !== undefined && ident !== undefined) {
    throw new ValidationError('profileGuid/customerIdentification', 'are mutually exclusive: send exactly one of them');
  }
  if (guid === undefined && ident === undefined) {
    throw new ValidationError('profileGuid/customerIdentification', 'missing: send exactly one of them');
  }
  if (guid !== undefined) return { profileGuid: readProfileGuid(guid, 'profileGuid') };
  return { customerIdentification: readCustomerIdentification(ident, 'customerIdentification') };
}

/** A profileGuid: a string of exactly 32 characters. */
export function readProfileGuid(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  if (charCount(value) !== 32) throw new ValidationError(field, 'must be exactly 32 characters long');
  return value;
}

/** A customerIdentification: a string of 1–36 characters. */
export function readCustomerIdentification(value: unknown, field: string): string {
  return readString(value, field, 1, 36);
}

/** A paymentToken reference (preferredInstrument): a string of exactly 24 characters. */
export function readPaymentTokenRef(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  if (charCount(value) !== 24) throw new ValidationError(field, 'must be exactly 24 characters long (a paymentToken)');
  return value;
}

/** A string of min..max characters. */
export function readString(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw new ValidationError(field, value === undefined || value === null ? 'is required' : 'must be a string');
  const n = charCount(value);
  if (n < min) throw new ValidationError(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters long`);
  if (n > max) throw new ValidationError(field, `must be at most ${max} characters long`);
  return value;
}

/** An optional boolean (absent or null → undefined). */
export function readOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be a boolean');
  return value;
}

/** An optional JSON object (absent or null → undefined). */
export function readOptionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new ValidationError(field, 'must be an object');
  return value;
}

/** Reads a customer object into a patch (only the keys that change something). */
export function readCustomer(value: unknown, path: string, mode: CustomerReadMode): CustomerPatch {
  if (!isPlainObject(value)) throw new ValidationError(path, 'must be an object');
  const patch: CustomerPatch = {};
  for (const [key, raw] of Object.entries(value)) {
    const field = `${path}.${key}`;
    if (key === '_TYPE') {
      // Echoing a fetched customer back (as PHP's CustomerData does) carries its discriminator.
      if (raw !== 'customerData' && raw !== null && mode.kind === 'update') throw new ValidationError(field, 'must be "customerData" when sent');
      continue;
    }
    if (key === 'extraData') {
      const extra = readExtraData(raw, field, mode);
      if (extra !== undefined) patch.extraData = extra;
      continue;
    }
    if (!isCustomerStringField(key)) {
      if (mode.kind === 'update') throw new ValidationError(field, 'is not a customer field');
      continue;
    }
    if (raw === null || raw === '') {
      if (mode.kind === 'transaction') continue;
      // The schema marks firstName required: it may be omitted from a partial update, not cleared.
      if (key === 'firstName') throw new ValidationError(field, 'cannot be cleared (it is required): omit it to keep the current value');
      patch[key] = null;
      continue;
    }
    patch[key] = readCustomerField(key, raw, field, mode);
  }
  return patch;
}

const MAX_LENGTH: Record<CustomerStringField, number> = {
  firstName: 50,
  lastName: 50,
  birthDate: 10,
  gender: 1,
  billingAddress1: 50,
  billingAddress2: 50,
  billingCity: 50,
  billingPostcode: 16,
  billingState: 30,
  billingCountry: 2,
  billingPhone: 20,
  company: 50,
  email: 255,
  ipAddress: 50,
  nationalId: 14,
};

/** The Transaction API allows a longer nationalId than the profile API (API.md §8.8). */
const TRANSACTION_NATIONAL_ID_MAX = 20;

const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\].]{2,}$/u;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function readCustomerField(key: CustomerStringField, raw: unknown, field: string, mode: CustomerReadMode): string {
  if (typeof raw !== 'string') throw new ValidationError(field, 'must be a string');
  const max = key === 'nationalId' && mode.kind === 'transaction' ? TRANSACTION_NATIONAL_ID_MAX : MAX_LENGTH[key];
  switch (key) {
    case 'gender':
      if (raw !== 'M' && raw !== 'F') throw new ValidationError(field, 'must be "M" or "F"');
      return raw;
    case 'billingCountry':
      if (!/^[A-Z]{2}$/.test(raw)) throw new ValidationError(field, 'must be an ISO 3166-1 alpha-2 country code (two uppercase letters)');
      return raw;
    case 'birthDate':
      if (!isCalendarDate(raw)) throw new ValidationError(field, 'must be a valid date in the form YYYY-MM-DD');
      return raw;
    case 'email':
      if (charCount(raw) > max) throw new ValidationError(field, `must be at most ${max} characters long`);
      if (!EMAIL.test(raw)) throw new ValidationError(field, 'must be a valid e-mail address');
      return raw;
    case 'ipAddress':
      if (charCount(raw) > max || isIP(raw) === 0) throw new ValidationError(field, 'must be a valid IPv4 or IPv6 address');
      return raw;
    default:
      if (charCount(raw) > max) throw new ValidationError(field, `must be at most ${max} characters long`);
      return raw;
  }
}

const EXTRA_DATA_MAX_KEYS = 64;
const EXTRA_DATA_MAX_KEY_LENGTH = 64;
const EXTRA_DATA_MAX_VALUE_LENGTH = 8192;

/** extraData: object of string → string; `[]` (PHP's empty array) and null mean "empty". */
function readExtraData(raw: unknown, field: string, mode: CustomerReadMode): Record<string, string> | undefined {
  if (raw === null || (Array.isArray(raw) && raw.length === 0)) return mode.kind === 'update' ? {} : undefined;
  if (!isPlainObject(raw)) throw new ValidationError(field, 'must be an object of string values');
  const entries = Object.entries(raw);
  if (entries.length > EXTRA_DATA_MAX_KEYS) throw new ValidationError(field, `must have at most ${EXTRA_DATA_MAX_KEYS} keys`);
  for (const [key, value] of entries) {
    if (key.length === 0 || charCount(key) > EXTRA_DATA_MAX_KEY_LENGTH) {
      throw new ValidationError(field, `keys must be 1 to ${EXTRA_DATA_MAX_KEY_LENGTH} characters long`);
    }
    if (typeof value !== 'string') throw new ValidationError(`${field}.${key}`, 'must be a string');
    if (charCount(value) > EXTRA_DATA_MAX_VALUE_LENGTH)
      throw new ValidationError(`${field}.${key}`, `must be at most ${EXTRA_DATA_MAX_VALUE_LENGTH} characters long`);
  }
  // fromEntries defines own properties, so a key like "__proto__" stays plain data.
  return Object.fromEntries(entries) as Record<string, string>;
}

function isCalendarDate(value: string): boolean {
  const m = FULL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1;
}

function isCustomerStringField(key: string): key is CustomerStringField {
  return (CUSTOMER_STRING_FIELDS as readonly string[]).includes(key);
}

/** True for a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Number of Unicode code points; cheap when the UTF-16 length already settles it. */
function charCount(value: string): number {
  // Without surrogate pairs the UTF-16 length is the code-point count.
  return /[\uD800-\uDFFF]/.test(value) ? [...value].length : value.length;
}
