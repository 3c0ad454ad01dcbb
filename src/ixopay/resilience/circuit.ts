/**
 * Circuit breaker in front of the upstream. It counts logical calls, not HTTP attempts: a
 * getProfile that needed three attempts is one outcome, recorded when the call ends.
 *
 * Closed: calls flow, outcomes are counted. It opens after `failureThreshold` consecutive failed
 * calls (a dead upstream), or when failures reach `errorPercentage` of at least `minimumCalls`
 * calls in the rolling window (Resilience4j minimumNumberOfCalls, Hystrix requestVolumeThreshold:
 * without the minimum, two failures out of three quiet calls would open it). Open: calls fail fast
 * (UpstreamUnavailableError 'circuit_open') without touching the network. After `resetMs` it is
 * half-open: exactly one probe call goes through; success closes it, failure re-opens it.
 *
 * Why our own and not opossum: opossum counts an error its `errorFilter` ignores as a *success*.
 * We need a third, neutral outcome — a 429, our own queue refusing, a caller's abort are evidence
 * neither of health nor of an outage — and a neutral probe must not close a half-open circuit.
 * opossum also has no consecutive-failure trigger and counts short-circuited calls in its volume.
 * This state machine has an injectable clock and no timers (half-open is entered lazily on the
 * next admission or state read), so nothing to shut down and nothing to fake in tests.
 */
import { IxopayError, UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../errors';

/** closed: calls flow; open: calls fail fast; half-open: one probe decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** What admit() granted: a normal call, the single half-open probe, or nothing. */
export type Admission = 'normal' | 'probe' | 'rejected';

/** How a finished call counts: upstream healthy, upstream failing, or not evidence either way. */
export type CallOutcome = 'success' | 'failure' | 'neutral';

/** Breaker settings; meanings and defaults are declared in ../settings.ts (circuit*). */
export interface CircuitBreakerOptions {
  failureThreshold: number;
  errorPercentage: number;
  minimumCalls: number;
  windowMs: number;
  resetMs: number;
  /** Monotonic milliseconds. */
  now: () => number;
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

const BUCKETS = 10;

/** One breaker per client instance, shared by all operations (they hit the same upstream). */
export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  readonly #bucketMs: number;
  #state: CircuitState = 'closed';
  #openedAt = 0;
  #probeInFlight = false;
  #consecutiveFailures = 0;
  // Rolling window as a ring of buckets; #stamp holds each bucket's absolute index (now / bucketMs).
  readonly #stamp = new Float64Array(BUCKETS).fill(-1);
  readonly #successes = new Uint32Array(BUCKETS);
  readonly #failures = new Uint32Array(BUCKETS);

  /** A closed breaker. */
  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
    this.#bucketMs = options.windowMs / BUCKETS;
  }

  /** The current state; an open circuit whose reset timeout elapsed reports (and becomes) half-open. */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#options.now() - this.#openedAt >= this.#options.resetMs) {
      this.#transition('half-open');
    }
    return this.#state;
  }

  /** Asks to make a logical call. Every non-rejected admission must be followed by exactly one record(). */
  admit(): Admission {
    switch (this.state) {
      case 'closed':
        return 'normal';
      case 'half-open':
        if (this.#probeInFlight) return 'rejected';
        this.#probeInFlight = true;
        return 'probe';
      default:
        return 'rejected';
    }
  }

  /** Records how an admitted call ended. */
  record(admission: Admission, outcome: CallOutcome): void {
    if (admission === 'probe') {
      this.#probeInFlight = false;
      if (this.#state !== 'half-open') return;
      if (outcome === 'success') this.#close();
      else if (outcome === 'failure') this.#open();
      // neutral: stay half-open; the next admission becomes the probe.
      return;
    }
    // Calls admitted before the circuit opened may finish later: they no longer count.
    if (admission !== 'normal' || this.#state !== 'closed' || outcome === 'neutral') return;
    const bucket = this.#bucket();
    if (outcome === 'success') {
      this.#consecutiveFailures = 0;
      this.#successes[bucket]++;
      return;
    }
    this.#failures[bucket]++;
    if (++this.#consecutiveFailures >= this.#options.failureThreshold || this.#rateTripped()) this.#open();
  }

  #rateTripped(): boolean {
    const oldest = Math.floor(this.#options.now() / this.#bucketMs) - BUCKETS + 1;
    let failures = 0;
    let total = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.#stamp[i] < oldest) continue;
      failures += this.#failures[i];
      total += this.#failures[i] + this.#successes[i];
    }
    return total >= this.#options.minimumCalls && failures * 100 >= this.#options.errorPercentage * total;
  }

  #bucket(): number {
    const stamp = Math.floor(this.#options.now() / this.#bucketMs);
    const index = stamp % BUCKETS;
    if (this.#stamp[index] !== stamp) {
      this.#stamp[index] = stamp;
      this.#successes[index] = 0;
      this.#failures[index] = 0;
    }
    return index;
  }

  #open(): void {
    this.#openedAt = this.#options.now();
    this.#transition('open');
  }

  #close(): void {
    this.#consecutiveFailures = 0;
    this.#stamp.fill(-1);
    this.#transition('closed');
  }

  #transition(next: CircuitState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    try {
      this.#options.onStateChange?.(next, previous);
    } catch {
      // An observer must not break the call path.
    }
  }
}

/**
 * How a failed call counts. Failures are the upstream's: no usable answer (connection, deadline,
 * bad status/JSON/shape) or an API error with a 5xx status. Not-found, 4xx rejections and the
 * attach/detach outcomes prove the upstream is up (success). Neutral: 429 (it is up, but pushing
 * back — that is the cool-down's business, not an outage), anything the gateway decided locally
 * (circuit open, queue full or timed out, cool-down), and errors outside the closed set (our bugs).
 * A caller's abort is neutral too; the client checks that before asking here.
 */
export function circuitOutcomeOf(error: unknown): CallOutcome {
  if (error instanceof UpstreamUnavailableError) return error.local ? 'neutral' : 'failure';
  if (error instanceof UpstreamRateLimitedError) return 'neutral';
  if (error instanceof UpstreamRejectedError) return error.httpStatus >= 500 ? 'failure' : 'success';
  if (error instanceof IxopayError) return 'success';
  return 'neutral';
}
