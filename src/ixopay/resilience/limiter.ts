/**
 * Caps the upstream calls one client has in flight, with a bounded FIFO queue behind the cap. A
 * full queue rejects at once (UpstreamUnavailableError 'overloaded'): shedding load early is better
 * than letting the event loop pile up promises while the upstream is slow. Queued callers leave when
 * their call deadline (or their own signal) fires, so queueing never outlives a call.
 */
import { UpstreamUnavailableError } from '../errors';

/** Why a queued acquire ended without a slot: the signal fired. */
export class LimiterAbortedError extends Error {
  constructor() {
    super('gave up waiting for an upstream slot');
    this.name = 'LimiterAbortedError';
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  /** Set when the waiter left the queue (aborted); skipped lazily by release(). */
  gone: boolean;
  onAbort: (() => void) | undefined;
}

/** Concurrency limiter; one per client instance. */
export class Limiter {
  readonly #maxInFlight: number;
  readonly #maxQueue: number;
  #inFlight = 0;
  #queued = 0;
  // Array + head index: O(1) dequeue without Array#shift's copying; compacted when drained.
  #queue: Waiter[] = [];
  #head = 0;

  /** @param maxInFlight slots; @param maxQueue waiting callers allowed beyond them (0 = none) */
  constructor(maxInFlight: number, maxQueue: number) {
    this.#maxInFlight = maxInFlight;
    this.#maxQueue = maxQueue;
  }

  /** Calls holding a slot. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.#queued;
  }

  /** Takes a slot if one is free and nobody is waiting (the allocation-free fast path). */
  tryAcquire(): boolean {
    if (this.#inFlight < this.#maxInFlight && this.#queued === 0) {
      this.#inFlight++;
      return true;
    }
    return false;
  }

  /**
   * Waits for a slot in FIFO order. Rejects with UpstreamUnavailableError 'overloaded' (for
   * `operation`) when the queue is full, and with LimiterAbortedError when `signal` fires first.
   */
  acquire(operation: string, signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    if (this.#queued >= this.#maxQueue) {
      return Promise.reject(new UpstreamUnavailableError(operation, 'overloaded', 'too many concurrent upstream calls; queue full'));
    }
    if (signal?.aborted) return Promise.reject(new LimiterAbortedError());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, gone: false, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          if (waiter.gone) return;
          waiter.gone = true;
          this.#queued--;
          reject(new LimiterAbortedError());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#queued++;
    });
  }

  /** Returns a slot; hands it straight to the oldest live waiter, if any. */
  release(): void {
    while (this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head++];
      if (waiter.gone) continue;
      waiter.gone = true;
      this.#queued--;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#compact();
      // The slot passes to the waiter: #inFlight stays as it is.
      waiter.resolve();
      return;
    }
    this.#compact();
    this.#inFlight--;
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
