/**
 * What replicas share through Redis (src/fleet/shared-state.ts), with two or three "replicas" in
 * this process against a real redis-server: one cool-down, one quota, one APQ cache; and what
 * happens when Redis is not there at all. Skipped, saying how to install it, without redis-server.
 */
import { Writable } from 'node:stream';
import { createClient, type RedisClientType } from '@redis/client';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startSharedState, type SharedState } from '../../src/fleet/shared-state';
import { QuotaExhaustedError } from '../../src/ixopay/resilience/rate-budget';
import { freePort, sleep } from '../server/security/support';
import { describeWithRedis, startRedisServer, type RedisServer } from './support/redis-server';

const describeRedis = describeWithRedis('test/fleet/shared-state.test.ts');

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, callback) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        callback();
      },
    }),
  );
  return { logger, lines };
}

function fleetConfig(env: Record<string, string>) {
  return loadConfig({
    IXOPAY_BASE_URL: 'http://127.0.0.1:1/',
    IXOPAY_USERNAME: 'u',
    IXOPAY_PASSWORD: 'p',
    IXOPAY_API_KEY: 'k',
    IXOPAY_SHARED_SECRET: 's',
    AUTH_JWT_SECRET: 'x'.repeat(32),
    ...env,
  }).fleet;
}

describeRedis('shared through Redis', () => {
  let redis: RedisServer;
  let admin: RedisClientType;
  const started: SharedState[] = [];
  let prefix: string;

  const replica = async (env: Record<string, string> = {}, apiUser = 'api-user') => {
    const state = await startSharedState({
      fleet: fleetConfig({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, IXOPAY_RATE_LIMIT_PER_SECOND: '3', ...env }),
      slots: { maxInFlight: 10, maxQueue: 10 },
      apiUser,
      logger: capturingLogger().logger,
    });
    started.push(state);
    return state;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = createClient({ url: redis.url });
    await admin.connect();
  }, 30_000);

  afterAll(async () => {
    await Promise.all(started.map((s) => s.close()));
    admin?.destroy();
    await redis?.stop();
  });

  beforeEach(() => {
    prefix = `t${Math.random().toString(36).slice(2, 8)}:`;
  });

  test('a cool-down set on one replica reaches the others at once, and one that joins later', async () => {
    const [a, b] = [await replica(), await replica()];
    const until = Date.now() + 2000;
    a.coolDown!.set(until);
    expect(a.coolDown!.until()).toBe(until);
    const deadline = Date.now() + 2000;
    while (b.coolDown!.until() < until - 50) {
      if (Date.now() > deadline) throw new Error('replica b never heard of the cool-down');
      await sleep(5);
    }
    // In Redis: one key per API user (hashed), expiring with the pause.
    const keys = await admin.keys(`${prefix}cool-down:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('api-user');
    expect(await admin.pTTL(keys[0])).toBeGreaterThan(1500);

    // Never shortened: a shorter pause from another replica changes nothing.
    const aUntil = a.coolDown!.until();
    b.coolDown!.set(Date.now() + 500);
    await sleep(50);
    expect(a.coolDown!.until()).toBe(aUntil);
    // (a heard its own message too, which may have added the milliseconds it took)
    expect(aUntil - until).toBeLessThan(100);
    expect(await admin.pTTL(keys[0])).toBeGreaterThan(1000);

    // A replica started during the pause adopts it.
    const c = await replica();
    while (c.coolDown!.until() < until - 100) await sleep(5);
  });

  test('another API user has a cool-down of its own', async () => {
    const [a, other] = [await replica(), await replica({}, 'other-user')];
    a.coolDown!.set(Date.now() + 2000);
    await sleep(100);
    expect(other.coolDown!.until()).toBe(0);
  });

  test('one quota for all replicas: what one uses, the others cannot', async () => {
    const [a, b] = [await replica(), await replica()];
    // Just after a second begins, so the three units fall in one second.
    await sleep(1000 - (Date.now() % 1000) + 5);
    await a.budget!.acquire(undefined, Infinity);
    await a.budget!.acquire(undefined, Infinity);
    await b.budget!.acquire(undefined, Infinity);
    const soon = performance.now() + 100;
    await expect(b.budget!.acquire(undefined, soon)).rejects.toBeInstanceOf(QuotaExhaustedError);
    await expect(a.budget!.acquire(undefined, soon)).rejects.toBeInstanceOf(QuotaExhaustedError);
    expect((await admin.keys(`${prefix}quota:*`)).length).toBe(1);
  });

  test('an APQ entry registered through one replica is found through another, with its TTL', async () => {
    const [a, b] = [await replica({ APQ_TTL_SECONDS: '600' }), await replica({ APQ_TTL_SECONDS: '600' })];
    await a.persistedQueries!.cache.set('apq:abc', '{ __typename }', { ttl: a.persistedQueries!.ttlSeconds });
    expect(await b.persistedQueries!.cache.get('apq:abc')).toBe('{ __typename }');
    expect(await b.persistedQueries!.cache.get('apq:unknown')).toBeUndefined();
    const ttl = await admin.pTTL(`${prefix}apq::apq:abc`);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });
});

describe('Redis unreachable', () => {
  test('start-up goes on within a moment; quota (insurance), cool-down and APQ work locally; one warning', async () => {
    const { logger, lines } = capturingLogger();
    const port = await freePort();
    const started = Date.now();
    const state = await startSharedState({
      fleet: fleetConfig({
        REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
        IXOPAY_RATE_LIMIT_PER_SECOND: '50',
        IXOPAY_RATE_LIMIT_FALLBACK_PER_SECOND: '2',
        REDIS_TIMEOUT_MS: '100',
      }),
      slots: { maxInFlight: 10, maxQueue: 10 },
      apiUser: 'api-user',
      logger,
    });
    try {
      expect(Date.now() - started).toBeLessThan(3000);
      // The insurance quota: 2 per second in this replica.
      await sleep(1000 - (Date.now() % 1000) + 5);
      await state.budget!.acquire(undefined, Infinity);
      await state.budget!.acquire(undefined, Infinity);
      await expect(state.budget!.acquire(undefined, performance.now() + 100)).rejects.toBeInstanceOf(QuotaExhaustedError);

      const until = Date.now() + 1000;
      state.coolDown!.set(until);
      expect(state.coolDown!.until()).toBe(until);

      const cache = state.persistedQueries!.cache;
      await cache.set('apq:x', '{ a }');
      expect(await cache.get('apq:x')).toBe('{ a }');
      expect(await cache.get('apq:y')).toBeUndefined();

      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings.map((l) => l.msg)).toEqual([expect.stringContaining('Redis unreachable')]);
      expect(JSON.stringify(lines)).not.toContain('hunter2');
    } finally {
      await state.close();
      // node-redis's pending reconnect backoff (at most 1 s) still holds a timer after destroy().
      await sleep(1100);
    }
  }, 15_000);
});
