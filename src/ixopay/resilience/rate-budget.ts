/**
 * An UpstreamBudget with a per-second quota on top of the per-process in-flight cap: at most
 * `IXOPAY_RATE_LIMIT_PER_SECOND` attempts per wall-clock second for one IXOPAY API user. The count
 * lives in a rate-limiter-flexible limiter: RateLimiterRedis for a fleet (one count for every
 * replica, with a RateLimiterMemory "insurance" limiter that takes over, per replica, while Redis
 * is unreachable), or RateLimiterMemory for a single process.
 *
 * Windows are whole wall-clock seconds (the key carries the second), like the sandbox's and most
 * quota counters, rather than one second from each key's first use: a window that drifts against
 * the upstream's would let two of ours fall into one of its seconds.
 *
 * An attempt that finds the second's quota spent **waits** for the next second, bounded by its
 * call's deadline, and fails fast with QuotaExhaustedError when the next second begins after that
 * deadline. Waiting, because a quota is spent in bursts (one GraphQL operation fans out up to
 * MAX_PROFILE_REFS reads): failing every read beyond the quota would fail operations that fit in
 * the next second. A waiter holds its in-flight slot, so waiting is bounded like any queueing
 * here: by IXOPAY_MAX_IN_FLIGHT, behind it IXOPAY_MAX_QUEUE, and by the deadline.
 *
 *   const budget = new RateBudget({ slots: new Limiter({ maxInFlight: 64, maxQueue: 1000 }), quota, key });
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { UpstreamBudget } from './budget';
import { LimiterAbortedError, type Limiter } from './limiter';

/** The quota of the current second is spent and the next second begins after the call's deadline. */
export class QuotaExhaustedError extends Error {
  /** Milliseconds until the next second's quota. */
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('upstream quota of this second is spent');
    this.name = 'QuotaExhaustedError';
    this.retryAfterMs = retryAfterMs;
  }
}

export interface RateBudgetOptions {
  /** The in-flight cap (IXOPAY_MAX_IN_FLIGHT / IXOPAY_MAX_QUEUE). */
  slots: Limiter;
  /** Counts attempts per key; its `points` are the quota, its `duration` 1 second. */
  quota: Pick<RateLimiterAbstract, 'consume'>;
  /** The quota's owner, e.g. a hash of the API user; the second is appended. */
  key: string;
  /** Wall clock, epoch ms: the windows. Default Date.now. */
  clock?: () => number;
  /** Monotonic ms: the deadline. Default performance.now. */
  now?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Called when the quota store fails in a way its insurance did not absorb; the attempt goes ahead. */
  onError?: (error: Error) => void;
}

/** Waiters wake up spread over this many ms after a second begins, not all at its first tick. */
const WAKE_JITTER_MS = 20;

export class RateBudget implements UpstreamBudget {
  readonly #slots: Limiter;
  readonly #quota: Pick<RateLimiterAbstract, 'consume'>;
  readonly #key: string;
  readonly #clock: () => number;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #onError: ((error: Error) => void) | undefined;

  constructor(options: RateBudgetOptions) {
    this.#slots = options.slots;
    this.#quota = options.quota;
    this.#key = options.key;
    this.#clock = options.clock ?? Date.now;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError;
  }

  /** Never: the quota is asked asynchronously, so every attempt goes through acquire(). */
  tryAcquire(): boolean {
    return false;
  }

  /**
   * A slot, then a unit of this second's quota (waiting for the next second when it is spent).
   * Rejects with LimiterQueueFullError, LimiterAbortedError (signal), or QuotaExhaustedError when
   * the next second begins at or after `deadlineAt` (monotonic ms).
   */
  async acquire(signal?: AbortSignal, deadlineAt = Infinity): Promise<void> {
    await this.#slots.acquire(signal);
    try {
      await this.#unit(signal, deadlineAt);
    } catch (error) {
      this.#slots.release();
      throw error;
    }
  }

  release(): void {
    this.#slots.release();
  }

  async #unit(signal: AbortSignal | undefined, deadlineAt: number): Promise<void> {
    for (;;) {
      const second = Math.floor(this.#clock() / 1000);
      try {
        await this.#quota.consume(`${this.#key}:${second}`);
        return;
      } catch (rejection) {
        // With an insurance limiter the store's own failures never get here; if one does, the
        // quota fails open: the upstream's own 429 and the cool-down still protect it.
        if (rejection instanceof Error) {
          this.#onError?.(rejection);
          return;
        }
      }
      const wait = (second + 1) * 1000 - this.#clock() + Math.floor(this.#random() * WAKE_JITTER_MS);
      if (this.#now() + wait >= deadlineAt) throw new QuotaExhaustedError(wait);
      if (signal?.aborted) throw new LimiterAbortedError();
      try {
        await this.#sleep(Math.max(0, wait), signal);
      } catch {
        throw new LimiterAbortedError();
      }
    }
  }
}
