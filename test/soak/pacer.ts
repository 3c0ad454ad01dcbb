import { sleep } from '../bench/processes';

/** A steady pace for all workers together; a stall is not made up with a burst. */
export class Pacer {
  #next = performance.now();
  constructor(private readonly perSecond: number) {}

  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(this.#next, now);
    this.#next = at + 1000 / this.perSecond;
    if (at > now) await sleep(at - now);
  }
}
