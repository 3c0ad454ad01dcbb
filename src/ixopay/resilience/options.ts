/** Settings of retry, limiter and circuit breaker, with their defaults and validation. */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { CircuitState } from './circuit';

/** Every knob of the resilience layer. All have defaults (DEFAULT_RESILIENCE). */
export interface ResilienceOptions {
  /** Attempts for getProfile, the first included. Writes always get exactly one. Default 3. */
  maxAttempts: number;
  /**
   * Wall time, from the start of a getProfile call, within which retries may happen. A retry only
   * starts if its backoff (or Retry-After) ends inside the budget, and a retry attempt's deadline is
   * min(timeoutMs, what is left of the budget). The first attempt always gets the full timeoutMs, so
   * a getProfile call takes at most max(timeoutMs, retryBudgetMs). 0 disables retries. Default 2000.
   */
  retryBudgetMs: number;
  /** Backoff cap before attempt n+1 is min(retryMaxDelayMs, retryBaseDelayMs·2^(n−1)), full jitter. Default 50. */
  retryBaseDelayMs: number;
  /** Default 1000. */
  retryMaxDelayMs: number;
  /** Upstream calls in flight at once, per client instance. Default 64. */
  maxInFlight: number;
  /** Calls waiting (FIFO) for a slot; beyond it → UpstreamUnavailableError 'overloaded'. 0 = no queue. Default 1000. */
  maxQueue: number;
  /** Consecutive upstream failures that open the circuit. Default 5. */
  failureThreshold: number;
  /** Failure percentage (of counted outcomes in the rolling window) that opens the circuit. Default 50. */
  errorThresholdPercentage: number;
  /** Minimum counted outcomes in the window before the percentage rule applies. Default 10. */
  volumeThreshold: number;
  /** Rolling window of the percentage rule. Default 10000. */
  rollingWindowMs: number;
  /** Time open before one probe is let through (half-open). Default 5000. */
  resetTimeoutMs: number;
  /** Called on every circuit state change (metrics, readiness). Exceptions are swallowed. */
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
  /** Jitter source in [0, 1). Injected by tests. Default Math.random. */
  random: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. Injected by tests. Default timers/promises setTimeout. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Monotonic milliseconds for budgets, backoff and the breaker. Injected by tests. Default performance.now. */
  now: () => number;
}

/** The defaults, also the values documented above. */
export const DEFAULT_RESILIENCE: Readonly<ResilienceOptions> = Object.freeze({
  maxAttempts: 3,
  retryBudgetMs: 2000,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 1000,
  maxInFlight: 64,
  maxQueue: 1000,
  failureThreshold: 5,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 5000,
  onStateChange: undefined,
  random: Math.random,
  sleep: (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }),
  now: () => performance.now(),
});

/** Merges `partial` over the defaults and checks ranges; throws a plain Error naming the bad option. */
export function resolveResilience(partial: Partial<ResilienceOptions> | undefined): ResilienceOptions {
  const merged: ResilienceOptions = { ...DEFAULT_RESILIENCE };
  if (partial) {
    for (const key of Object.keys(partial) as (keyof ResilienceOptions)[]) {
      // A misspelt knob would silently fall back to its default: refuse it instead.
      if (!KNOWN_KEYS.has(key)) throw new Error(`IXOPAY client option resilience.${String(key)} is not a known option`);
      if (partial[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = partial[key];
    }
  }
  integer(merged, 'maxAttempts', 1, 100);
  integer(merged, 'retryBudgetMs', 0, MAX_TIMER_MS);
  integer(merged, 'retryBaseDelayMs', 0, MAX_TIMER_MS);
  integer(merged, 'retryMaxDelayMs', 0, MAX_TIMER_MS);
  integer(merged, 'maxInFlight', 1, 1_000_000);
  integer(merged, 'maxQueue', 0, 10_000_000);
  integer(merged, 'failureThreshold', 1, 1_000_000);
  integer(merged, 'errorThresholdPercentage', 1, 100);
  integer(merged, 'volumeThreshold', 1, 1_000_000);
  integer(merged, 'rollingWindowMs', 10, MAX_TIMER_MS);
  integer(merged, 'resetTimeoutMs', 1, MAX_TIMER_MS);
  return merged;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_RESILIENCE));

/** setTimeout's limit; larger values fire immediately. */
export const MAX_TIMER_MS = 2_147_483_647;

function integer(options: ResilienceOptions, key: keyof ResilienceOptions, min: number, max: number): void {
  const value = options[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`IXOPAY client option resilience.${key} must be an integer in [${min}, ${max}]`);
  }
}
