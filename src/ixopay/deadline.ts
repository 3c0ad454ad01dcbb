/**
 * A deadline as a single timer and AbortSignal. Each call has one (queueing, every attempt, every
 * backoff), and a getProfile attempt that may still be retried has its own, shorter one nested in
 * the call's. It covers connect, request, headers and the whole body read: undici's
 * `headersTimeout`/`bodyTimeout` only bound the gaps between events (a server dribbling one byte
 * per second never trips them), so they are a backstop, not the deadline. The parent signal is
 * folded in without `AbortSignal.any`, whose dependent-signal bookkeeping is costly on the hot path.
 */

/** Why a deadline's signal fired: the call's deadline, an attempt's own timeout, or the caller. */
export type AbortCause = 'deadline' | 'attempt' | 'caller';

/** A deadline combined with a parent: the caller's AbortSignal, or the enclosing call's Deadline. */
export class Deadline {
  /** Aborted when the deadline passes or the caller aborts, whichever comes first. */
  readonly signal: AbortSignal;
  #controller: AbortController;
  #timer: NodeJS.Timeout | undefined;
  #parent: AbortSignal | Deadline | undefined;
  #cause: AbortCause | undefined;
  readonly #ownCause: AbortCause;

  /**
   * Starts the clock: the signal fires after `ms` (immediately when `ms <= 0`) with `ownCause`
   * ('deadline' for a call, 'attempt' for a nested attempt), or when the parent fires — with the
   * parent Deadline's cause, or 'caller' for a plain AbortSignal.
   */
  constructor(ms: number, parent?: AbortSignal | Deadline, ownCause: AbortCause = 'deadline') {
    this.#controller = new AbortController();
    this.signal = this.#controller.signal;
    this.#ownCause = ownCause;
    const parentSignal = parent instanceof Deadline ? parent.signal : parent;
    if (parentSignal?.aborted) {
      this.fire(parent instanceof Deadline ? (parent.cause ?? 'caller') : 'caller');
      return;
    }
    if (ms <= 0) {
      this.fire(ownCause);
      return;
    }
    // Static callback plus `this` as argument, and the instance itself as the event listener
    // object: no closures allocated per call.
    this.#timer = setTimeout(onDeadlineTimer, ms, this);
    if (parentSignal) {
      this.#parent = parent;
      parentSignal.addEventListener('abort', this, { once: true });
    }
  }

  /** Why the signal fired, once it has; else undefined. */
  get cause(): AbortCause | undefined {
    return this.#cause;
  }

  /** Clears the timer and detaches from the parent; call exactly once, in a finally. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const parent = this.#parent;
    if (parent) (parent instanceof Deadline ? parent.signal : parent).removeEventListener('abort', this);
    this.#parent = undefined;
  }

  /** EventListener interface: the parent aborted. Not for direct use. */
  handleEvent(): void {
    const parent = this.#parent;
    this.fire(parent instanceof Deadline ? (parent.cause ?? 'caller') : 'caller');
  }

  /** Fires with this deadline's own cause (its timer). Not for direct use. */
  expire(): void {
    this.fire(this.#ownCause);
  }

  /** Aborts the signal once, remembering why. Not for direct use. */
  fire(cause: AbortCause): void {
    if (this.#cause !== undefined) return;
    this.#cause = cause;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller.abort(new Error(ABORT_MESSAGES[cause]));
  }
}

/** How each cause reads in errors: never more than this, so no request detail can leak. */
export const ABORT_MESSAGES: Readonly<Record<AbortCause, string>> = {
  deadline: 'call deadline exceeded',
  attempt: 'attempt timed out',
  caller: 'call aborted by the caller',
};

function onDeadlineTimer(deadline: Deadline): void {
  deadline.expire();
}
