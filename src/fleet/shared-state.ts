/**
 * What replicas share (config.fleet): the IXOPAY quota, the 429 cool-down and the APQ cache.
 *
 * - No REDIS_URL: nothing shared. IXOPAY_RATE_LIMIT_PER_SECOND, when set, is counted in this
 *   process (RateLimiterMemory); the cool-down and the APQ cache are the client's and Apollo's own.
 * - REDIS_URL: the quota is counted in Redis (RateLimiterRedis) for the IXOPAY API user, with a
 *   per-replica insurance limiter (IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND) while Redis is
 *   unreachable or slow; the cool-down is a Redis key plus a channel (RedisCoolDown); APQ entries
 *   live in Redis behind a local tier (./apq-cache.ts).
 *
 * Keys and channels start with REDIS_KEY_PREFIX and name the API user only by a hash of it.
 */
import { createHash } from 'node:crypto';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { UpstreamBudget } from '../ixopay/resilience/budget';
import type { UpstreamCoolDown } from '../ixopay/resilience/cool-down';
import { Limiter } from '../ixopay/resilience/limiter';
import { RateBudget } from '../ixopay/resilience/rate-budget';
import { RedisCoolDown } from '../ixopay/resilience/redis-cool-down';

export interface SharedState {
  /** The client's budget when a quota is configured; else the client's default. */
  budget?: UpstreamBudget;
  /** The shared cool-down (REDIS_URL); else the client's default. */
  coolDown?: UpstreamCoolDown;
  /** The shared APQ cache (REDIS_URL); else Apollo's default. */
  persistedQueries?: { cache: KeyValueCache<string>; ttlSeconds: number };
  close(): Promise<void>;
}

export interface SharedStateOptions {
  fleet: Config['fleet'];
  /** The client's in-flight cap, which a quota budget keeps. */
  slots: { maxInFlight: number; maxQueue: number };
  /** The IXOPAY API user: the quota's owner. */
  apiUser: string;
  logger: Logger;
}

/**
 * Builds (and with REDIS_URL connects) what the replicas share. Never fails because of Redis.
 * The libraries are loaded only when configured: node-redis and Keyv cost a single-replica
 * process ~80 ms of start-up and several MB for nothing.
 */
export async function startSharedState(options: SharedStateOptions): Promise<SharedState> {
  const { fleet, logger } = options;
  const owner = createHash('sha256').update(options.apiUser).digest('hex').slice(0, 16);
  const perSecond = fleet.rateLimitPerSecond;
  const slots = () => new Limiter({ maxInFlight: options.slots.maxInFlight, maxQueue: options.slots.maxQueue });

  if (fleet.redisUrl === undefined) {
    if (perSecond === undefined) return { close: async () => undefined };
    const { RateLimiterMemory } = await import('rate-limiter-flexible');
    return {
      budget: new RateBudget({ slots: slots(), quota: new RateLimiterMemory({ points: perSecond, duration: 1 }), key: owner }),
      close: async () => undefined,
    };
  }

  const [{ RateLimiterMemory, RateLimiterRedis }, { connectRedis, safeError, within }, { sharedApqCache }] = await Promise.all([
    import('rate-limiter-flexible'),
    import('./redis'),
    import('./apq-cache'),
  ]);
  const prefix = fleet.redisKeyPrefix;
  const timeoutMs = fleet.redisTimeoutMs;
  const redis = await connectRedis({ url: fleet.redisUrl, timeoutMs, logger });
  const onError = (what: string) => (error: unknown) => logger.debug({ err: safeError(error) }, `Redis ${what} failed`);

  let budget: UpstreamBudget | undefined;
  if (perSecond !== undefined) {
    const insurance = new RateLimiterMemory({ points: fleet.fallbackRateLimitPerSecond ?? perSecond, duration: 1 });
    const shared = new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: true,
      keyPrefix: `${prefix}quota`,
      points: perSecond,
      duration: 1,
      // Not connected: straight to the insurance limiter, without trying.
      rejectIfRedisNotReady: true,
      insuranceLimiter: insurance,
    });
    budget = new RateBudget({
      slots: slots(),
      // A slow Redis counts as a failed one: the insurance limiter answers.
      quota: { consume: (key: string) => within(shared.consume(key), timeoutMs, () => insurance.consume(key)) },
      key: owner,
      onError: onError('quota'),
    });
  }

  const coolDown = new RedisCoolDown({
    client: redis.client,
    subscriber: redis.subscriber,
    key: `${prefix}cool-down:${owner}`,
    onError: onError('cool-down'),
  });
  let subscribed = false;
  redis.onReady('subscriber', () => {
    if (subscribed) return; // node-redis resubscribes by itself after a reconnect
    subscribed = true;
    coolDown.subscribe().catch((error: unknown) => {
      subscribed = false; // the next (re)connection tries again
      onError('subscribe')(error);
    });
  });
  // On every (re)connection: adopt a pause announced while we were not listening.
  redis.onReady('client', () => void within(coolDown.sync(), timeoutMs, () => undefined).catch(onError('cool-down sync')));

  return {
    budget,
    coolDown,
    persistedQueries: { cache: sharedApqCache({ client: redis.client, namespace: `${prefix}apq`, timeoutMs }), ttlSeconds: fleet.apqTtlSeconds },
    close: () => redis.close(),
  };
}
