/**
 * A deadline as a single timer and an AbortSignal. Each call has one (queueing, every attempt, every
 * backoff), and a getProfile attempt that may still be retried has its own, shorter one nested in
 * the call's. It covers connect, request, headers and the whole body read: undici's
 * `headersTimeout`/`bodyTimeout` only bound the gaps between events (a server dribbling one byte
 * per second never trips them), so they are a backstop, not the deadline.
 *
 * The signal is made when first asked for: undici needs the attempt's, but the call's is needed
 * only by a wait (a queue slot, a cool-down, a backoff). A nested deadline is told of its parent's
 * end directly, not through an event listener, and a caller's AbortSignal is folded in with one
 * listener, not `AbortSignal.any`, whose dependent-signal bookkeeping is costly on the hot path.
 */

/** Why a deadline's signal fired: the call's deadline, an attempt's own timeout, or the caller. */
export type AbortCause = 'deadline' | 'attempt' | 'caller';

/** A deadline combined with a parent: the caller's AbortSignal, or the enclosing call's Deadline. */
export class Deadline {
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #parent: AbortSignal | Deadline | undefined;
  /** Nested deadlines still running, fired when this one fires. */
  #children: Deadline[] | undefined;
  #cause: AbortCause | undefined;
  readonly #ownCause: AbortCause;

  /**
   * Starts the clock: fires after `ms` (immediately when `ms <= 0`) with `ownCause` ('deadline'
   * for a call, 'attempt' for a nested attempt), or when the parent fires — with the parent
   * Deadline's cause, or 'caller' for a plain AbortSignal.
   */
  constructor(ms: number, parent?: AbortSignal | Deadline, ownCause: AbortCause = 'deadline') {
    this.#ownCause = ownCause;
    if (parent instanceof Deadline ? parent.#cause !== undefined : parent?.aborted) {
      this.fire(parent instanceof Deadline ? parent.#cause! : 'caller');
      return;
    }
    if (ms <= 0) {
      this.fire(ownCause);
      return;
    }
    // Static callback plus `this` as argument, and the instance itself as the event listener
    // object: no closures allocated per call.
    this.#timer = setTimeout(onDeadlineTimer, ms, this);
    if (parent instanceof Deadline) {
      this.#parent = parent;
      (parent.#children ??= []).push(this);
    } else if (parent) {
      this.#parent = parent;
      parent.addEventListener('abort', this, { once: true });
    }
  }

  /** Aborted when the deadline passes or the parent fires, whichever comes first. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cause !== undefined) this.#controller.abort(new Error(ABORT_MESSAGES[this.#cause]));
    }
    return this.#controller.signal;
  }

  /** Why it fired, once it has; else undefined. */
  get cause(): AbortCause | undefined {
    return this.#cause;
  }

  /** Clears the timer and detaches from the parent; call exactly once, in a finally. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const parent = this.#parent;
    this.#parent = undefined;
    if (parent instanceof Deadline) {
      const siblings = parent.#children;
      const index = siblings ? siblings.indexOf(this) : -1;
      if (index >= 0) siblings!.splice(index, 1);
    } else if (parent) {
      parent.removeEventListener('abort', this);
    }
  }

  /** EventListener interface: the caller's AbortSignal aborted. Not for direct use. */
  handleEvent(): void {
    this.fire('caller');
  }

  /** Fires with this deadline's own cause (its timer). Not for direct use. */
  expire(): void {
    this.fire(this.#ownCause);
  }

  /** Fires once, remembering why, and fires the nested deadlines with the same cause. Not for direct use. */
  fire(cause: AbortCause): void {
    if (this.#cause !== undefined) return;
    this.#cause = cause;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller?.abort(new Error(ABORT_MESSAGES[cause]));
    const children = this.#children;
    this.#children = undefined;
    if (children) for (const child of children) child.fire(cause);
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
