/**
 * The 429 cool-down shared by every replica through Redis: a `Retry-After` one replica meets
 * pauses upstream calls on all of them until it has passed.
 *
 * - The pause is a Redis key whose PX expiry is the time left, extended (never shortened) by one
 *   atomic script that also PUBLISHes the time left on a channel.
 * - Every replica subscribes to that channel and keeps the pause in a local field, so the hot path
 *   (`until()`, once per attempt) never touches Redis; on (re)connecting it reads the key's PTTL.
 * - What travels is the time left, not an instant: each replica adds it to its own clock, so clock
 *   skew between pods does not shorten anyone's pause.
 * - Redis down: set() still pauses this replica (it is a LocalCoolDown then); the others find out
 *   from their own 429s, as before Redis.
 */
import type { UpstreamCoolDown } from './cool-down';

/** The commands used, as node-redis (@redis/client) offers them. */
export interface CoolDownRedis {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  pTTL(key: string): Promise<number>;
}

/** A connection in subscriber mode (node-redis resubscribes on reconnect by itself). */
export interface CoolDownSubscriber {
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
}

export interface RedisCoolDownOptions {
  client: CoolDownRedis;
  subscriber: CoolDownSubscriber;
  /** The key, also the channel: one per IXOPAY API user (the quota's owner). */
  key: string;
  /** Wall clock, epoch ms. Default Date.now. */
  clock?: () => number;
  /** A Redis command failed (the pause still holds locally). */
  onError?: (error: Error) => void;
}

// KEYS[1] the pause; ARGV[1] ms left, ARGV[2] the channel. Extends only, then tells everyone.
const EXTEND = `local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
  redis.call('PUBLISH', ARGV[2], ARGV[1])
  return 1
end
return 0`;

export class RedisCoolDown implements UpstreamCoolDown {
  readonly #client: CoolDownRedis;
  readonly #subscriber: CoolDownSubscriber;
  readonly #key: string;
  readonly #clock: () => number;
  readonly #onError: (error: Error) => void;
  #until = 0;

  constructor(options: RedisCoolDownOptions) {
    this.#client = options.client;
    this.#subscriber = options.subscriber;
    this.#key = options.key;
    this.#clock = options.clock ?? Date.now;
    this.#onError = options.onError ?? (() => undefined);
  }

  until(): number {
    return this.#until;
  }

  /** Pauses this replica at once, and every other one as soon as Redis has told them. */
  set(untilMs: number): void {
    if (untilMs <= this.#until) return;
    this.#until = untilMs;
    const ms = Math.ceil(untilMs - this.#clock());
    if (ms <= 0) return;
    this.#client.eval(EXTEND, { keys: [this.#key], arguments: [String(ms), this.#key] }).catch(this.#onError);
  }

  /** Listens for the other replicas' pauses; call once, after the subscriber connected. */
  async subscribe(): Promise<void> {
    await this.#subscriber.subscribe(this.#key, (message) => this.#extend(Number(message)));
  }

  /** Adopts a pause already in Redis (at start and after a reconnect: messages sent meanwhile were missed). */
  async sync(): Promise<void> {
    this.#extend(await this.#client.pTTL(this.#key));
  }

  #extend(msLeft: number): void {
    if (!Number.isFinite(msLeft) || msLeft <= 0) return;
    const until = this.#clock() + msLeft;
    if (until > this.#until) this.#until = until;
  }
}
