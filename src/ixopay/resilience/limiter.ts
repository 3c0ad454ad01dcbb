/**
 * A general concurrency limiter: at most `maxInFlight` holders at once, and behind them a bounded
 * FIFO queue. Three rules make it safe under load:
 *
 * - a full queue refuses at once (LimiterQueueFullError): shedding early beats piling up promises
 *   while whatever is behind the limiter is slow;
 * - a waiter leaves the queue when its AbortSignal fires (LimiterAbortedError), so waiting never
 *   outlives the deadline or the disconnect that the signal stands for;
 * - a released slot goes straight to the oldest waiter, so newcomers cannot overtake the queue.
 *
 * The IXOPAY client uses one per process as its UpstreamBudget (./budget.ts); the GraphQL layer can
 * use one per operation to keep a single large query from taking the whole upstream budget.
 *
 *   const limiter = new Limiter({ maxInFlight: 8, maxQueue: 100 });
 *   await limiter.run(() => fetchSomething(), request.signal);
 */

/** The queue already holds `maxQueue` waiters. */
export class LimiterQueueFullError extends Error {
  constructor() {
    super('limiter queue is full');
    this.name = 'LimiterQueueFullError';
  }
}

/** A waiter's signal fired before it got a slot. */
export class LimiterAbortedError extends Error {
  constructor() {
    super('gave up waiting for a slot');
    this.name = 'LimiterAbortedError';
  }
}

export interface LimiterOptions {
  /** Holders at once (≥ 1). */
  maxInFlight: number;
  /** Waiters allowed behind them (≥ 0; Infinity for an unbounded queue). Default 0: no waiting. */
  maxQueue?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  /** Set when the waiter left the queue (aborted); skipped lazily by release(). */
  gone: boolean;
  onAbort: (() => void) | undefined;
}

export class Limiter {
  readonly #maxInFlight: number;
  readonly #maxQueue: number;
  #inFlight = 0;
  #queued = 0;
  // Array + head index: O(1) dequeue without Array#shift's copying; compacted when drained.
  #queue: Waiter[] = [];
  #head = 0;

  /** Throws RangeError for a limit that is not a positive integer or a negative queue. */
  constructor(options: LimiterOptions) {
    const { maxInFlight, maxQueue = 0 } = options;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`Limiter maxInFlight must be a positive integer, got ${maxInFlight}`);
    if (!(Number.isInteger(maxQueue) || maxQueue === Infinity) || maxQueue < 0) {
      throw new RangeError(`Limiter maxQueue must be a non-negative integer or Infinity, got ${maxQueue}`);
    }
    this.#maxInFlight = maxInFlight;
    this.#maxQueue = maxQueue;
  }

  /** Slots held. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Callers waiting for a slot. */
  get queued(): number {
    return this.#queued;
  }

  /** Takes a slot if one is free and nobody is waiting; allocation-free. */
  tryAcquire(): boolean {
    if (this.#inFlight < this.#maxInFlight && this.#queued === 0) {
      this.#inFlight++;
      return true;
    }
    return false;
  }

  /**
   * Resolves once the caller holds a slot (FIFO). Rejects with LimiterQueueFullError when the queue
   * is full and with LimiterAbortedError when `signal` fires first (or already has).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(new LimiterAbortedError());
    if (this.#queued >= this.#maxQueue) return Promise.reject(new LimiterQueueFullError());
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

  /** Returns a slot, handing it straight to the oldest live waiter if there is one. */
  release(): void {
    if (this.#inFlight === 0) throw new Error('Limiter.release() without a slot held');
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

  /** Runs `task` holding a slot, and releases it when the task settles. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
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
