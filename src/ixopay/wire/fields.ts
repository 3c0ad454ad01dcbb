/**
 * Typed readers for fields of untrusted JSON. Each either returns a value of the promised type or
 * throws WireShapeError; none trusts a `typeof` it has not checked. They also absorb the documented
 * type drift of the API (API.md §8.9): numbers where strings are documented, `"true"` for `true`,
 * `YYYY-MM-DD HH:MM:SS` for RFC 3339.
 */

/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * The body parsed as JSON but does not have the shape we rely on. Internal: the response
 * interpreter turns it into UpstreamUnavailableError('unexpected_shape'). The message names the
 * field, never its value.
 */
export class WireShapeError extends Error {
  /** @param field dotted path of the offending field */
  constructor(field: string, expected: string) {
    super(`field ${field}: expected ${expected}`);
    this.name = 'WireShapeError';
  }
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required non-empty string (finite numbers are accepted and stringified). */
export function requiredString(obj: JsonObject, key: string, path: string): string {
  const value = optionalString(obj, key, path);
  if (value === null || value === '') throw new WireShapeError(path + key, 'a non-empty string');
  return value;
}

/** A string, or null when missing/null. Finite numbers are stringified (PHP may send them). */
export function optionalString(obj: JsonObject, key: string, path: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new WireShapeError(path + key, 'a string');
}

/** A boolean from `true`/`false`, `"true"`/`"false"` or 1/0; `fallback` when missing/null. */
export function looseBoolean(obj: JsonObject, key: string, path: string, fallback: boolean): boolean {
  const value = obj[key];
  if (value === undefined || value === null) return fallback;
  const parsed = booleanOf(value);
  if (parsed === undefined) throw new WireShapeError(path + key, 'a boolean');
  return parsed;
}

/** Interprets `true`/`false`, `"true"`/`"false"` (any case), 1/0; undefined otherwise. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return undefined;
  }
  if (value === 1) return true;
  if (value === 0) return false;
  return undefined;
}

/** An integer from a number or a numeric string; null when missing, null or not an integer. */
export function looseInteger(obj: JsonObject, key: string): number | null {
  const value = obj[key];
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d{1,9}\s*$/.test(value)) return Number(value);
  return null;
}

// `YYYY-MM-DD HH:MM:SS` (zone unstated; the API examples are UTC) with optional fraction.
const SPACE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
// RFC 3339 with an explicit zone.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A timestamp from `YYYY-MM-DD HH:MM:SS` (as UTC), RFC 3339 or `YYYY-MM-DD`; null when absent or unparsable. */
export function looseDate(obj: JsonObject, key: string): Date | null {
  const value = obj[key];
  if (typeof value !== 'string') return null;
  let ms = Number.NaN;
  const zoneless = SPACE_DATETIME.exec(value);
  if (zoneless) {
    const fraction = zoneless[7] ? Math.floor(Number(zoneless[7]) * 1000) : 0;
    ms = Date.UTC(+zoneless[1], +zoneless[2] - 1, +zoneless[3], +zoneless[4], +zoneless[5], +zoneless[6], fraction);
  } else if (RFC3339.test(value)) {
    ms = Date.parse(value.replace(' ', 'T'));
  } else {
    const day = FULL_DATE.exec(value);
    if (day) ms = Date.UTC(+day[1], +day[2] - 1, +day[3]);
  }
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * A string→string map. `[]`, `{}`, null or missing → `{}` (PHP encodes an empty array as `[]`).
 * Scalar values are stringified, null values dropped; nested objects are a shape error.
 */
export function stringMap(obj: JsonObject, key: string, path: string): Record<string, string> {
  const value = obj[key];
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    if (value.length === 0) return out;
    throw new WireShapeError(path + key, 'an object');
  }
  if (!isObject(value)) throw new WireShapeError(path + key, 'an object');
  for (const k of Object.keys(value)) {
    // Assigning `__proto__` would be swallowed by the setter (or worse); such a key is never real data.
    if (k === '__proto__') continue;
    const v = value[k];
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (v !== null) throw new WireShapeError(`${path}${key}.${k}`, 'a string');
  }
  return out;
}
