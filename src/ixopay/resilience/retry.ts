/**
 * Retries, for getProfile only. A read is idempotent, so another attempt after a connection error,
 * a hung attempt, a 5xx, a garbled or wrong-shape body, or a 429 cannot do harm. updateProfile,
 * deleteProfile, register, deregister, attach and detach are never retried: once the request may
 * have left, a timeout or reset says nothing about whether IXOPAY applied it, and replaying a
 * register or an update with `changedFields` is not idempotent from our side. Their callers get the
 * error and decide.
 *
 * Everything happens inside the call's deadline: a retry starts only if its wait (full-jitter
 * backoff, plus what is left of a rate-limit cool-down) ends before it, and each attempt but the
 * last has its own, shorter timeout (see IXOPAY_ATTEMPT_TIMEOUT_MS), so a hung attempt is abandoned
 * in time for another one.
 */
import { UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../errors';

/** What the loop needs from the client; one per client. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Monotonic milliseconds. */
  now(): number;
  /** Waits `ms`, rejecting when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The backoff before attempt `attempt + 1`. */
  backoffMs(attempt: number): number;
  /** Extra wait before the next attempt may be sent (the rest of a rate-limit cool-down). */
  coolDownMs(): number;
  /** True when retrying is pointless now (the circuit opened meanwhile). */
  halted(): boolean;
}

/** The call being retried. */
export interface RetriedCall {
  /** Monotonic time the call's deadline falls at. */
  deadlineAt: number;
  /**
   * Fires on the call's deadline or the caller's abort; stops any further retry. Read only once an
   * attempt has failed, so it may be a getter that makes the signal then.
   */
  readonly signal: AbortSignal;
  /** Told of each decision to retry: after attempt `attempt`, waiting `waitMs` (the call's trace span). */
  onRetry?: (attempt: number, waitMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, the error is not retryable, attempts run out, the circuit
 * opens, or the next attempt could not start before the deadline; then rethrows the last error.
 */
export async function runWithRetry<T>(policy: RetryPolicy, call: RetriedCall, attempt: (n: number, last: boolean) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    const last = n >= policy.maxAttempts;
    try {
      return await attempt(n, last);
    } catch (error) {
      if (last || call.signal.aborted || !isRetryable(error) || policy.halted()) throw error;
      // After a cool-down the backoff still applies: it spreads the retries of every call that
      // waited, instead of sending them all the moment the cool-down ends.
      const wait = policy.coolDownMs() + policy.backoffMs(n);
      if (policy.now() + wait >= call.deadlineAt) throw error;
      call.onRetry?.(n, wait);
      try {
        await policy.sleep(wait, call.signal);
      } catch {
        throw error;
      }
      // Other calls may have opened the circuit while this one backed off.
      if (policy.halted()) throw error;
    }
  }
}

/** Full-jitter exponential backoff before attempt `attempt + 1`: uniform in [0, min(max, base·2^(attempt−1))). */
export function backoffMs(attempt: number, policy: { retryBaseDelayMs: number; retryMaxDelayMs: number; random: () => number }): number {
  const cap = Math.min(policy.retryMaxDelayMs, policy.retryBaseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * cap);
}

/**
 * Worth another read: no answer (connection, timed-out attempt), a 5xx with or without API body,
 * a body that is not JSON or not the expected shape (like a 5xx: a proxy or a half-deployed upstream
 * garbles one answer, the next is fine), or a 429 (after its cool-down). Not: a 4xx without API
 * body (proxy or auth trouble a retry will not fix), 4xx rejections, not-found, and anything the
 * gateway decided locally (circuit open, queue full, cool-down): more load is the wrong answer.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UpstreamUnavailableError) {
    if (error.local) return false;
    if (error.reason === 'http_status') return (error.httpStatus ?? 0) >= 500;
    return error.reason === 'connection' || error.reason === 'timeout' || error.reason === 'malformed_json' || error.reason === 'unexpected_shape';
  }
  if (error instanceof UpstreamRateLimitedError) return !error.local;
  if (error instanceof UpstreamRejectedError) return error.httpStatus >= 500;
  return false;
}
