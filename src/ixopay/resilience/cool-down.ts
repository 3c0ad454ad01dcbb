/**
 * The pause IXOPAY asks for with a 429. While it lasts the gateway sends nothing upstream: a new
 * call fails fast with UPSTREAM_RATE_LIMITED (carrying the seconds left), and a getProfile already
 * retrying waits for its end when that falls inside its deadline. One cool-down per client serves
 * every caller, so a 429 seen by one call holds back all of them instead of each finding out for
 * itself (no retry storm).
 *
 * Times are wall-clock epoch milliseconds, not a process-local monotonic clock, so that replicas
 * can share one cool-down (a later implementation backs this interface with Redis).
 */

/** Where the cool-down is kept: in memory (LocalCoolDown) or shared across replicas. */
export interface UpstreamCoolDown {
  /** Epoch ms before which no call may be sent; any time in the past means "not cooling down". */
  until(): number;
  /** Extends the cool-down to `untilMs`; never shortens it (a longer Retry-After wins). */
  set(untilMs: number): void;
}

/** The per-process cool-down. */
export class LocalCoolDown implements UpstreamCoolDown {
  #until = 0;

  until(): number {
    return this.#until;
  }

  set(untilMs: number): void {
    if (untilMs > this.#until) this.#until = untilMs;
  }
}
