/**
 * The automatic persisted queries (APQ) cache shared by the replicas: a hash registered through
 * one replica is served by any other. Apollo's KeyvAdapter over a Keyv store in Redis
 * (@keyv/redis, on the replica's node-redis client), keys `<REDIS_KEY_PREFIX>apq::apq:<sha256>`
 * with a TTL (APQ_TTL_SECONDS, which Apollo passes on every registration).
 *
 * In front of it, a small in-process LRU: an entry maps a hash to the text that hashes to it, so
 * it never goes stale, and a hash this replica has seen costs no Redis round trip. Redis slow or
 * down: a lookup is a miss after REDIS_TIMEOUT_MS (the client then sends the full query, as the
 * APQ protocol intends), and a registration is kept locally.
 */
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { within, type Redis } from './redis';

export interface SharedApqCacheOptions {
  client: Redis;
  /** Keyv namespace, e.g. `<REDIS_KEY_PREFIX>apq`. */
  namespace: string;
  /** REDIS_TIMEOUT_MS. */
  timeoutMs: number;
  /** Bytes of query text the local tier keeps. */
  localMaxBytes?: number;
}

export function sharedApqCache(options: SharedApqCacheOptions): KeyValueCache<string> {
  const store = new KeyvRedis<string>(options.client, { throwOnConnectError: false, throwOnErrors: false });
  // The store prefixes keys with the namespace itself; Keyv must not add it a second time.
  const keyv = new Keyv<string>({ store, namespace: options.namespace, useKeyPrefix: false });
  // Failures surface as misses; the connection logs availability (./redis.ts).
  store.on('error', () => undefined);
  keyv.on('error', () => undefined);
  return new TieredCache(
    new InMemoryLRUCache<string>({ maxSize: options.localMaxBytes ?? 8 * 1024 * 1024 }),
    new KeyvAdapter(keyv),
    options.timeoutMs,
  );
}

/** A local tier in front of a shared one; the shared one is bounded in time and never throws. */
class TieredCache implements KeyValueCache<string> {
  constructor(
    private readonly local: KeyValueCache<string>,
    private readonly shared: KeyValueCache<string>,
    private readonly timeoutMs: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const hit = await this.local.get(key);
    if (hit !== undefined) return hit;
    const value = await this.#shared(() => this.shared.get(key), undefined);
    if (value !== undefined) await this.local.set(key, value);
    return value;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.local.set(key, value, options);
    await this.#shared(() => this.shared.set(key, value, options), undefined);
  }

  async delete(key: string): Promise<void> {
    await this.local.delete(key);
    await this.#shared(() => this.shared.delete(key), undefined);
  }

  async #shared<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await within(operation(), this.timeoutMs, () => fallback);
    } catch {
      return fallback;
    }
  }
}
