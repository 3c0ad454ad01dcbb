/**
 * One deadline per upstream attempt: a single timer and AbortSignal that covers queueing, connect,
 * request, headers and the whole body read. undici's `headersTimeout`/`bodyTimeout` only bound the
 * gaps between events (a server dribbling one byte per second never trips them), so they are a
 * backstop, not the deadline. The caller's signal is folded in without `AbortSignal.any`, whose
 * dependent-signal bookkeeping is costly on the hot path.
 */

/** Why a deadline's signal fired. */
export type AbortCause = 'deadline' | 'caller';

/** A per-attempt deadline combined with the caller's optional AbortSignal. */
export class Deadline {
  /** Aborted when the deadline passes or the caller aborts, whichever comes first. */
  readonly signal: AbortSignal;
  #controller: AbortController;
  #timer: NodeJS.Timeout | undefined;
  #callerSignal: AbortSignal | undefined;
  #cause: AbortCause | undefined;

  /** Starts the clock: the signal fires after `ms` (immediately when `ms <= 0`). */
  constructor(ms: number, callerSignal?: AbortSignal) {
    this.#controller = new AbortController();
    this.signal = this.#controller.signal;
    if (callerSignal?.aborted) {
      this.fire('caller');
      return;
    }
    if (ms <= 0) {
      this.fire('deadline');
      return;
    }
    // Static callback plus `this` as argument, and the instance itself as the event listener
    // object: no closures allocated per call.
    this.#timer = setTimeout(onDeadlineTimer, ms, this);
    if (callerSignal) {
      this.#callerSignal = callerSignal;
      callerSignal.addEventListener('abort', this, { once: true });
    }
  }

  /** `deadline` or `caller` once the signal fired, else undefined. */
  get cause(): AbortCause | undefined {
    return this.#cause;
  }

  /** Clears the timer and detaches from the caller's signal; call exactly once, in a finally. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#callerSignal?.removeEventListener('abort', this);
    this.#callerSignal = undefined;
  }

  /** EventListener interface: the caller's signal aborted. Not for direct use. */
  handleEvent(): void {
    this.fire('caller');
  }

  /** Aborts the signal once, remembering why. Not for direct use. */
  fire(cause: AbortCause): void {
    if (this.#cause !== undefined) return;
    this.#cause = cause;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller.abort(new Error(cause === 'deadline' ? 'IXOPAY call deadline exceeded' : 'IXOPAY call aborted by the caller'));
  }
}

function onDeadlineTimer(deadline: Deadline): void {
  deadline.fire('deadline');
}
