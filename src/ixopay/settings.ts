/**
 * Every setting of the IXOPAY client, declared once: environment variable, default, range and
 * meaning. src/config builds the environment schema from these, and the client checks options
 * passed in code against them, so `config.ixopay` is exactly the client's tuning options and goes
 * to the client unchanged.
 */
import { choice, integer, text, url, type SettingsValues } from '../config/declare';
import { baseUrlProblem } from './base-url';

/** How the client behaves. All have defaults (attemptTimeoutMs: a third of timeoutMs). */
export const IXOPAY_SETTINGS = {
  bodyHash: choice({
    env: 'IXOPAY_SIGNATURE_BODY_HASH',
    values: ['sha512', 'md5'],
    default: 'sha512',
    description: 'Body hash inside X-Signature: sha512 (current) or md5 (legacy connectors, the PHP client default).',
  }),
  dateSuffix: choice({
    env: 'IXOPAY_DATE_SUFFIX',
    values: ['GMT', 'UTC'],
    default: 'GMT',
    description: 'Suffix of the Date header: GMT (RFC 7231) or UTC (what the PHP client sends); both are accepted by the platform.',
  }),
  jsonStyle: choice({
    env: 'IXOPAY_JSON_STYLE',
    values: ['standard', 'php'],
    default: 'standard',
    description: 'Request body bytes: standard JSON, or PHP json_encode escapes (\\/ and \\uXXXX) byte-compatible with the PHP client.',
  }),
  timeoutMs: integer({
    env: 'IXOPAY_TIMEOUT_MS',
    min: 1,
    max: 120_000,
    default: 10_000,
    description:
      'Deadline of one call, from start to answer: waiting for a slot, every attempt and every backoff. A write is one attempt with all of it.',
  }),
  attemptTimeoutMs: integer({
    env: 'IXOPAY_ATTEMPT_TIMEOUT_MS',
    min: 1,
    max: 120_000,
    description:
      'Deadline of one getProfile attempt that may still be retried (default: a third of IXOPAY_TIMEOUT_MS); the last attempt gets what is left of the call.',
  }),
  connections: integer({ env: 'IXOPAY_CONNECTIONS', min: 1, max: 1024, default: 32, description: 'Keep-alive connections per upstream origin.' }),
  maxResponseBytes: integer({
    env: 'IXOPAY_MAX_RESPONSE_BYTES',
    min: 1024,
    max: 64 * 1024 * 1024,
    default: 2 * 1024 * 1024,
    description: 'Largest response body read; a bigger one fails the attempt as a wrong-shape answer.',
  }),
  retryMaxAttempts: integer({
    env: 'IXOPAY_RETRY_MAX_ATTEMPTS',
    min: 1,
    max: 10,
    default: 3,
    description: 'Attempts per getProfile call, the first included. Writes and transactions always get exactly one.',
  }),
  retryBaseDelayMs: integer({
    env: 'IXOPAY_RETRY_BASE_DELAY_MS',
    min: 0,
    max: 60_000,
    default: 50,
    description: 'Backoff before retry n is uniform in [0, min(max delay, base · 2^(n−1))) (full jitter).',
  }),
  retryMaxDelayMs: integer({ env: 'IXOPAY_RETRY_MAX_DELAY_MS', min: 0, max: 60_000, default: 1000, description: 'Cap of the backoff ceiling.' }),
  maxInFlight: integer({
    env: 'IXOPAY_MAX_IN_FLIGHT',
    min: 1,
    max: 10_000,
    default: 64,
    description: 'Upstream attempts in flight at once, per process.',
  }),
  maxQueue: integer({
    env: 'IXOPAY_MAX_QUEUE',
    min: 0,
    max: 100_000,
    default: 1000,
    description: 'Attempts that may wait (FIFO) for a slot; beyond it calls fail at once with UPSTREAM_UNAVAILABLE.',
  }),
  circuitFailureThreshold: integer({
    env: 'IXOPAY_CIRCUIT_FAILURE_THRESHOLD',
    min: 1,
    max: 1000,
    default: 5,
    description: 'Consecutive failed calls that open the circuit (a call counts once, however many attempts it took).',
  }),
  circuitErrorPercentage: integer({
    env: 'IXOPAY_CIRCUIT_ERROR_PERCENTAGE',
    min: 1,
    max: 100,
    default: 50,
    description: 'Failure percentage of the calls in the rolling window that opens the circuit.',
  }),
  circuitMinimumCalls: integer({
    env: 'IXOPAY_CIRCUIT_MINIMUM_CALLS',
    min: 1,
    max: 1_000_000,
    default: 20,
    description: 'Calls the rolling window must hold before the percentage rule applies (Hystrix requestVolumeThreshold).',
  }),
  circuitWindowMs: integer({
    env: 'IXOPAY_CIRCUIT_WINDOW_MS',
    min: 1000,
    max: 600_000,
    default: 10_000,
    description: 'Rolling window of the percentage rule.',
  }),
  circuitResetMs: integer({
    env: 'IXOPAY_CIRCUIT_RESET_MS',
    min: 100,
    max: 600_000,
    default: 5000,
    description: 'Time open before one probe call is let through.',
  }),
  coolDownMs: integer({
    env: 'IXOPAY_RATE_LIMIT_COOL_DOWN_MS',
    min: 0,
    max: 600_000,
    default: 1000,
    description: 'Cool-down after a 429 that names no Retry-After.',
  }),
  maxCoolDownMs: integer({
    env: 'IXOPAY_RATE_LIMIT_MAX_COOL_DOWN_MS',
    min: 1000,
    max: 3_600_000,
    default: 300_000,
    description: 'Longest cool-down a Retry-After can impose.',
  }),
} as const;

/** The client's tuning: `config.ixopay`, and (partially) what IxopayClient takes besides its connection. */
export type IxopayTuning = SettingsValues<typeof IXOPAY_SETTINGS>;

/** IXOPAY_ATTEMPT_TIMEOUT_MS when unset: a third of the call's deadline, so two retries fit in it. */
export function defaultAttemptTimeout(timeoutMs: number): number {
  return Math.max(1, Math.floor(timeoutMs / 3));
}

/** Rules that span two settings; config reports them by variable, the client by option. */
export function tuningProblems(tuning: IxopayTuning): Array<{ option: keyof IxopayTuning; problem: string }> {
  const problems: Array<{ option: keyof IxopayTuning; problem: string }> = [];
  if (tuning.attemptTimeoutMs !== undefined && tuning.attemptTimeoutMs > tuning.timeoutMs) {
    problems.push({ option: 'attemptTimeoutMs', problem: `must not exceed ${IXOPAY_SETTINGS.timeoutMs.env} (the whole call's deadline)` });
  }
  if (tuning.retryMaxDelayMs < tuning.retryBaseDelayMs) {
    problems.push({ option: 'retryMaxDelayMs', problem: `must not be below ${IXOPAY_SETTINGS.retryBaseDelayMs.env}` });
  }
  return problems;
}

/**
 * Where the client connects and as whom. Required outside demo mode; in demo mode they stay unset
 * and the embedded sandbox supplies them.
 */
export const IXOPAY_CONNECTION_SETTINGS = {
  baseUrl: url({
    env: 'IXOPAY_BASE_URL',
    check: baseUrlProblem,
    description: 'Customer Profiles API base, e.g. https://gateway.ixopay.com/ (a path prefix is kept and signed); unset: demo mode.',
  }),
  transactionBaseUrl: url({
    env: 'IXOPAY_TRANSACTION_BASE_URL',
    check: baseUrlProblem,
    description: 'Transaction API base for register/deregister (default: IXOPAY_BASE_URL).',
  }),
  username: text({
    env: 'IXOPAY_USERNAME',
    // RFC 7617: the user-id of Basic auth cannot contain a colon.
    check: (value) => (value.includes(':') ? 'must not contain ":"' : undefined),
    description: 'API user (Basic auth).',
  }),
  password: text({
    env: 'IXOPAY_PASSWORD',
    secret: true,
    description: "API password, sent as configured (plain, or the PHP client's 10× SHA-1 hex).",
  }),
  apiKey: text({ env: 'IXOPAY_API_KEY', secret: true, maxLength: 50, description: 'Connector API key (part of every URL).' }),
  sharedSecret: text({ env: 'IXOPAY_SHARED_SECRET', secret: true, description: 'Connector shared secret for X-Signature.' }),
} as const;

/** A complete connection: what IxopayClient needs besides its tuning. */
export interface IxopayConnection {
  baseUrl: string;
  /** Default: baseUrl. */
  transactionBaseUrl?: string;
  username: string;
  /** Sent in Basic auth exactly as configured; never hashed by us (see RequestSigner). */
  password: string;
  apiKey: string;
  sharedSecret: string;
}
