/**
 * Admission of attempts to IXOPAY: how many may be in flight at once (and, with a quota, how many
 * per second). The client holds a slot from just before an attempt is sent until its answer is
 * read, never while backing off. The per-process implementation is ./limiter.ts; ./rate-budget.ts
 * adds a per-second quota, counted in this process or, for a fleet, in Redis (src/fleet), which is
 * why the client depends on this interface only.
 */
export interface UpstreamBudget {
  /** Takes a slot at once if one is free and nobody waits (the allocation-free fast path). */
  tryAcquire(): boolean;
  /**
   * Waits for a slot. Rejects with LimiterQueueFullError (./limiter.ts) when too many already wait (shed at once),
   * with LimiterAbortedError when `signal` fires first, and (a quota) with QuotaExhaustedError
   * (./rate-budget.ts) when no slot can come before `deadlineAt` (monotonic ms, the call's deadline).
   */
  acquire(signal?: AbortSignal, deadlineAt?: number): Promise<void>;
  /** Returns a slot taken by tryAcquire() or acquire(). */
  release(): void;
}
