/**
 * RateBudget (src/ixopay/resilience/rate-budget.ts): the in-flight cap plus a per-second quota,
 * here over rate-limiter-flexible's RateLimiterMemory, with the clock and sleep under the test's
 * control. The Redis-backed quota is exercised in shared-state.test.ts and fleet.e2e.test.ts.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Limiter, LimiterAbortedError, LimiterQueueFullError } from '../../src/ixopay/resilience/limiter';
import { QuotaExhaustedError, RateBudget } from '../../src/ixopay/resilience/rate-budget';
import { startStack } from '../support/stack';

/** Wall clock and monotonic clock moved together by `sleep`. */
function fakeTime(startMs: number) {
  let now = startMs;
  const slept: number[] = [];
  return {
    clock: () => now,
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('aborted');
      slept.push(ms);
      now += ms;
    },
    slept,
    advance: (ms: number) => (now += ms),
  };
}

function budget(perSecond: number, time: ReturnType<typeof fakeTime>, slots = new Limiter({ maxInFlight: 100, maxQueue: 100 })) {
  // A fresh key space per test; RateLimiterMemory counts per key, the key carries the second.
  const quota = new RateLimiterMemory({ points: perSecond, duration: 1 });
  return {
    slots,
    budget: new RateBudget({ slots, quota, key: `owner-${Math.random()}`, clock: time.clock, now: time.now, sleep: time.sleep, random: () => 0 }),
  };
}

test('never takes a slot synchronously: every attempt asks the quota', () => {
  const time = fakeTime(1_000_000);
  expect(budget(5, time).budget.tryAcquire()).toBe(false);
});

test('grants the second’s quota at once, then waits for the next wall-clock second', async () => {
  const time = fakeTime(1_000_250);
  const { budget: b, slots } = budget(3, time);
  for (let i = 0; i < 3; i++) await b.acquire(undefined, Infinity);
  expect(time.slept).toEqual([]);
  await b.acquire(undefined, Infinity);
  // From .250 to the next second: 750 ms (no jitter with random() = 0).
  expect(time.slept).toEqual([750]);
  expect(slots.inFlight).toBe(4);
  for (let i = 0; i < 4; i++) b.release();
  expect(slots.inFlight).toBe(0);
});

test('fails fast (QuotaExhaustedError) when the next second begins after the deadline, and frees the slot', async () => {
  const time = fakeTime(1_000_100);
  const { budget: b, slots } = budget(1, time);
  await b.acquire(undefined, Infinity);
  const error = await b.acquire(undefined, time.now() + 500).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(QuotaExhaustedError);
  expect((error as QuotaExhaustedError).retryAfterMs).toBe(900);
  expect(time.slept).toEqual([]);
  expect(slots.inFlight).toBe(1);
});

test('a caller that goes away while waiting gets LimiterAbortedError and holds nothing', async () => {
  const time = fakeTime(1_000_000);
  const { budget: b, slots } = budget(1, time);
  await b.acquire(undefined, Infinity);
  const gone = new AbortController();
  gone.abort();
  await expect(b.acquire(gone.signal, Infinity)).rejects.toBeInstanceOf(LimiterAbortedError);
  expect(slots.inFlight).toBe(1);
});

test('keeps the in-flight cap: a full queue is refused at once', async () => {
  const time = fakeTime(1_000_000);
  const { budget: b } = budget(100, time, new Limiter({ maxInFlight: 1, maxQueue: 0 }));
  await b.acquire(undefined, Infinity);
  await expect(b.acquire(undefined, Infinity)).rejects.toBeInstanceOf(LimiterQueueFullError);
});

test('a failing quota store (no insurance) fails open and says so', async () => {
  const errors: Error[] = [];
  const b = new RateBudget({
    slots: new Limiter({ maxInFlight: 1 }),
    quota: { consume: () => Promise.reject(new Error('store down')) },
    key: 'k',
    onError: (error) => errors.push(error),
  });
  await b.acquire(undefined, Infinity);
  expect(errors.map((e) => e.message)).toEqual(['store down']);
  b.release();
});

test('without REDIS_URL, IXOPAY_RATE_LIMIT_PER_SECOND limits this process: the sandbox never sees more in a second', async () => {
  const stack = await startStack({ env: { IXOPAY_RATE_LIMIT_PER_SECOND: '4', IXOPAY_TIMEOUT_MS: '2500' } });
  try {
    const refs = Array.from({ length: 10 }, (_, i) => `{ customerIdentification: "cust-000${1 + (i % 3)}-${i}" }`).join(', ');
    // Ten distinct reads in one operation: 4 per second, spread over three seconds, all inside the deadline.
    const started = Date.now();
    const answer = await stack.graphql(`{ customerProfiles(refs: [${refs}]) { customerIdentification } }`);
    expect(answer.status).toBe(200);
    const stats = stack.sandbox.stats();
    expect(stats.calls.getProfile).toBe(10);
    expect(stats.maxAcceptedPerSecond).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  } finally {
    await stack.close();
  }
}, 20_000);
