/**
 * IXOPAY request signing (API.md §2): the five-line string to sign, HMAC-SHA512 over it with the
 * connector's shared secret, Base64. Used by the client to sign and by the sandbox to verify, so
 * the signature vectors of the official client guard both ends.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Which hash of the body goes into the string to sign: `sha512` is current, `md5` is legacy. */
export type BodyHashAlgorithm = 'sha512' | 'md5';

/** Everything the signature covers, exactly as it is sent on the wire. */
export interface SignatureInput {
  method: string;
  /** The exact body bytes (a string is taken as its UTF-8 bytes). */
  body: string | Uint8Array;
  contentType: string;
  /** The timestamp exactly as sent in `Date`/`X-Date`. */
  date: string;
  /** Path plus `?query` when present; no scheme or host. */
  requestUri: string;
  bodyHash: BodyHashAlgorithm;
}

/** Lowercase hex hash of the body bytes. */
export function hashBody(body: string | Uint8Array, algorithm: BodyHashAlgorithm): string {
  return createHash(algorithm).update(body).digest('hex');
}

/** The string the HMAC is computed over: five values joined by LF, no trailing newline. */
export function stringToSign(input: SignatureInput): string {
  return [input.method.toUpperCase(), hashBody(input.body, input.bodyHash), input.contentType, input.date, input.requestUri].join('\n');
}

/** The `X-Signature` header value: Base64 of the raw HMAC-SHA512 digest. */
export function sign(sharedSecret: string, input: SignatureInput): string {
  return createHmac('sha512', Buffer.from(sharedSecret, 'utf8')).update(stringToSign(input), 'utf8').digest('base64');
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Formats an HTTP date. `GMT` is RFC 7231's IMF-fixdate; `UTC` is what the official PHP client
 * sends. Both are accepted by the platform.
 */
export function formatHttpDate(date: Date, suffix: 'GMT' | 'UTC' = 'GMT'): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${WEEKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ` +
    `${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${suffix}`
  );
}

const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC)$/;

/** Parses an IMF-fixdate ending in `GMT` or `UTC`; null when it is not one. */
export function parseHttpDate(value: string): Date | null {
  const m = HTTP_DATE.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * The password form the official PHP client sends in Basic auth: SHA-1 applied ten times, each
 * round over the previous round's lowercase hex. We send the password as configured; the sandbox
 * accepts either form, like the platform.
 */
export function phpHashedPassword(password: string): string {
  let value = password;
  for (let i = 0; i < 10; i++) value = createHash('sha1').update(value, 'utf8').digest('hex');
  return value;
}
