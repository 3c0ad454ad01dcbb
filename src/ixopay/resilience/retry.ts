/**
 * Retries for getProfile only. Reads are idempotent, so a retry after a connection error, a
 * deadline, a 5xx or a 429 cannot do harm. updateProfile, deleteProfile, register and deregister are
 * never retried here: once the request may have left, a timeout or reset says nothing about whether
 * IXOPAY applied it, and replaying a register or an update with `changedFields` is not idempotent
 * from our side. Their callers get the error and decide.
 *
 * Budget (see ResilienceOptions.retryBudgetMs): the first attempt has the full timeoutMs. A retry
 * only starts when its wait (full-jitter backoff, or Retry-After if longer) ends inside the budget,
 * and each retry attempt's deadline is min(timeoutMs, rest of the budget).
 */
import { UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../errors';
import type { ResilienceOptions } from './options';

/** The retry settings used by runWithRetry. */
export type RetryPolicy = Pick<
  ResilienceOptions,
  'maxAttempts' | 'retryBudgetMs' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'random' | 'sleep' | 'now'
>;

/** One attempt: number (1-based) and the monotonic time its deadline falls at. */
export type Attempt<T> = (attempt: number, deadlineAt: number) => Promise<T>;

/**
 * Runs `attempt` until it succeeds, the error is not retryable, attempts run out, or the budget
 * would be exceeded; then rethrows the last error. `callerSignal` aborting stops any further retry.
 */
export async function runWithRetry<T>(policy: RetryPolicy, timeoutMs: number, run: Attempt<T>, callerSignal?: AbortSignal): Promise<T> {
  const start = policy.now();
  const budgetEnd = start + policy.retryBudgetMs;
  let deadlineAt = start + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt, deadlineAt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || callerSignal?.aborted || !isRetryable(error)) throw error;
      const wait = Math.max(backoffMs(attempt, policy), retryAfterMs(error));
      const resumeAt = policy.now() + wait;
      if (resumeAt >= budgetEnd) throw error;
      try {
        await policy.sleep(wait, callerSignal);
      } catch {
        throw error;
      }
      if (callerSignal?.aborted) throw error;
      deadlineAt = Math.min(policy.now() + timeoutMs, budgetEnd);
    }
  }
}

/** Full-jitter exponential backoff before attempt `attempt + 1`: uniform in [0, min(max, base·2^(attempt−1))). */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'random'>): number {
  const cap = Math.min(policy.retryMaxDelayMs, policy.retryBaseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * cap);
}

function retryAfterMs(error: unknown): number {
  return error instanceof UpstreamRateLimitedError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
}

/**
 * Worth another read: no answer (connection, deadline), a 5xx with or without API body, or a 429.
 * Not: a 4xx without API body (proxy or auth trouble a retry will not fix), malformed or unexpected
 * bodies (the same bytes would come back), 4xx rejections, not-found, and our own
 * 'overloaded'/'circuit_open' (more load is the wrong answer).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UpstreamUnavailableError) {
    if (error.reason === 'http_status') return (error.httpStatus ?? 0) >= 500;
    return error.reason === 'connection' || error.reason === 'timeout';
  }
  if (error instanceof UpstreamRateLimitedError) return true;
  if (error instanceof UpstreamRejectedError) return error.httpStatus >= 500;
  return false;
}
