/**
 * Tells one request's upstream reads that its client has gone away (navigation, a router's
 * timeout): queued reads never start and in-flight ones are aborted. Writes never listen.
 *
 * The AbortController, and the response's 'close' listener behind it, are made when a read first
 * asks for the signal: a mutation or a refused request reads nothing, and an AbortSignal with its
 * listener bookkeeping is one of the larger objects a request would otherwise allocate.
 */
import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';

export class ClientDisconnect {
  readonly #res: ServerResponse;
  #controller: AbortController | undefined;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  /** Aborted once the response closes before it was completely written; made on first use. */
  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    // Every read of a batch listens on it: a 100-ref batch is not a listener leak.
    setMaxListeners(0, controller.signal);
    const res = this.#res;
    // The client may have left before the first read asked.
    if (res.closed) {
      if (!res.writableFinished) controller.abort();
    } else {
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
    }
    return controller.signal;
  }
}
