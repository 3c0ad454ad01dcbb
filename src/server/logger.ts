/**
 * The gateway's structured logger: pino JSON lines on stdout. Profiles are personal and payment
 * data and the gateway holds IXOPAY credentials, so redaction is configured here once, for every
 * log line, instead of trusting each call site.
 *
 * Why not only pino `redact` paths: its wildcards match exactly one level, so "this key at any
 * depth" needs `*.key`, `*.*.key`, ... and intermediate wildcards cost ~1.5 µs per path per line
 * (about 300 µs per line for the key list below: more than a whole cached GraphQL request). So
 * sensitive keys are censored at any depth by one walk over the log object (`scrub`, ~1 µs).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Level and, for tests, where the JSON lines go. */
export interface LoggerOptions {
  level: string;
  /** Defaults to stdout. */
  destination?: DestinationStream | NodeJS.WritableStream;
}

/** What replaces a redacted value. */
export const REDACTED = '[REDACTED]';

/** Credentials and request signing material, under whatever parent they appear. */
const SECRET_KEYS = [
  'password',
  'sharedSecret',
  'secret',
  'hmacSecret',
  'token',
  'accessToken',
  'refreshToken',
  'devToken',
  'apiKey',
  'signature',
  'authorization',
  'cookie',
  'set-cookie',
  'x-signature',
];

/** Personal and payment data of a customer profile (IXOPAY customer and paymentData blocks). */
const PERSONAL_KEYS = [
  'firstName',
  'lastName',
  'birthDate',
  'email',
  'billingAddress1',
  'billingAddress2',
  'billingPhone',
  'ipAddress',
  'nationalId',
  'extraData',
  'cardHolder',
  'firstSixDigits',
  'lastFourDigits',
  'iban',
  'bic',
  'paymentToken',
  // GraphQL variables carry all of the above as client input; never logged, whatever they hold.
  'variables',
];

/** Keys starting with these are sensitive too (walletOwner, walletOwnerFirstName, ...). */
const SENSITIVE_PREFIXES = ['walletowner'];

/** Lower-cased: header names arrive in any case, and a camelCase key is the same datum. */
const SENSITIVE_KEYS = new Set([...SECRET_KEYS, ...PERSONAL_KEYS].map((key) => key.toLowerCase()));

/** Deeper than any log object we build; past it values are cut rather than walked (and cycles end). */
const MAX_DEPTH = 10;
const TRUNCATED = '[Truncated]';

/** True for a key whose value must never reach a log line. */
function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_KEYS.has(lower) || SENSITIVE_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Creates the JSON logger with redaction of secrets and personal data. */
export function createLogger(options: LoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  // pino applies no formatter to child bindings; children inherit this `child` from the root.
  // Kept unbound on purpose: children call it with themselves as `this` (they inherit it).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const child = logger.child;
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return child.call(this, scrub(bindings) as typeof bindings, childOptions);
  } as typeof logger.child;
  return logger;
}

/**
 * Returns `value` with every sensitive key's value replaced by REDACTED, at any depth of plain
 * objects and arrays. Copy-on-write: the caller's objects are never modified.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TRUNCATED;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const next = scrub(item, depth + 1);
      if (next !== item) (copy ??= [...items])[index] = next;
    });
    return copy ?? value;
  }
  // Errors, Dates, Buffers, class instances: pino's serializers and JSON handle those.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const next = item !== undefined && isSensitiveKey(key) ? REDACTED : scrub(item, depth + 1);
    if (next !== item) (copy ??= { ...record })[key] = next;
  }
  return copy ?? value;
}
