/** The concurrency limiter: FIFO hand-off, bounded queue, signal-bounded waits; and the client's budget built on it. */
import { UpstreamUnavailableError } from '../../src/ixopay/errors';
import { Limiter, LimiterAbortedError, LimiterQueueFullError } from '../../src/ixopay/resilience/limiter';
import { clientFor, profileBody, rejectionOf, reply, startServer } from './scripted-server';

test('hands slots to waiters in FIFO order and refuses beyond the queue', async () => {
  const limiter = new Limiter({ maxInFlight: 1, maxQueue: 2 });
  expect(limiter.tryAcquire()).toBe(true);
  const order: number[] = [];
  const a = limiter.acquire().then(() => order.push(1));
  const b = limiter.acquire().then(() => order.push(2));
  expect(await rejectionOf(limiter.acquire())).toBeInstanceOf(LimiterQueueFullError);
  expect(limiter.queued).toBe(2);
  // A newcomer cannot overtake the queue, even right after a release.
  limiter.release();
  expect(limiter.tryAcquire()).toBe(false);
  await a;
  limiter.release();
  await b;
  expect(order).toEqual([1, 2]);
  expect(limiter.inFlight).toBe(1);
  limiter.release();
  expect(limiter.inFlight).toBe(0);
  expect(limiter.tryAcquire()).toBe(true);
});

test('a waiter whose signal fires leaves the queue and its place is not handed a slot', async () => {
  const limiter = new Limiter({ maxInFlight: 1, maxQueue: 5 });
  limiter.tryAcquire();
  const controller = new AbortController();
  const leaving = rejectionOf(limiter.acquire(controller.signal));
  const staying = limiter.acquire();
  controller.abort();
  expect(await leaving).toBeInstanceOf(LimiterAbortedError);
  expect(limiter.queued).toBe(1);
  limiter.release();
  await staying;
  expect(limiter.inFlight).toBe(1);
  expect(limiter.queued).toBe(0);
  // An already aborted signal never queues.
  expect(await rejectionOf(limiter.acquire(AbortSignal.abort()))).toBeInstanceOf(LimiterAbortedError);
  expect(limiter.queued).toBe(0);
});

test('maxQueue 0 (the default): no waiting at all; Infinity: an unbounded queue', async () => {
  const strict = new Limiter({ maxInFlight: 1 });
  strict.tryAcquire();
  expect(await rejectionOf(strict.acquire())).toBeInstanceOf(LimiterQueueFullError);
  const open = new Limiter({ maxInFlight: 1, maxQueue: Infinity });
  open.tryAcquire();
  const waiters = Array.from({ length: 50 }, () => open.acquire());
  expect(open.queued).toBe(50);
  for (const waiter of waiters) {
    open.release();
    await waiter;
  }
  expect(open.inFlight).toBe(1);
});

test('run() holds a slot for the task and releases it however the task ends', async () => {
  const limiter = new Limiter({ maxInFlight: 2, maxQueue: 10 });
  let peak = 0;
  const task = async (fail: boolean) => {
    peak = Math.max(peak, limiter.inFlight);
    await new Promise((r) => setImmediate(r));
    if (fail) throw new Error('task failed');
    return 'done';
  };
  const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => limiter.run(() => task(i % 2 === 0))));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
  expect(peak).toBe(2);
  expect(limiter.inFlight).toBe(0);
});

test('misuse is refused: bad limits, and a release without a slot', () => {
  expect(() => new Limiter({ maxInFlight: 0 })).toThrow(RangeError);
  expect(() => new Limiter({ maxInFlight: 1, maxQueue: -1 })).toThrow(RangeError);
  expect(() => new Limiter({ maxInFlight: 1 }).release()).toThrow(/without a slot/);
});

test('through the client: beyond maxInFlight + maxQueue calls fail fast with overloaded, the rest complete', async () => {
  const held: Array<() => void> = [];
  const server = await startServer((_q, res) => {
    held.push(() => reply(res, 200, profileBody()));
  });
  const client = clientFor(server.origin, { connections: 4, maxInFlight: 2, maxQueue: 1 });
  try {
    const calls = [1, 2, 3, 4, 5].map((i) =>
      client.getProfile({ customerIdentification: `c-${i}` }).then(
        (v) => ({ ok: v }),
        (e: unknown) => ({ error: e }),
      ),
    );
    // Two reach the server, one queues, two are shed at once.
    while (server.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    let timer: NodeJS.Timeout | undefined;
    const shed = await Promise.race([Promise.all([calls[3], calls[4]]), new Promise((r) => (timer = setTimeout(() => r('pending'), 1000)))]);
    clearTimeout(timer);
    expect(shed).toEqual([
      { error: expect.objectContaining({ reason: 'overloaded' }) },
      { error: expect.objectContaining({ reason: 'overloaded' }) },
    ]);
    expect(server.requests).toHaveLength(2);
    while (held.length > 0 || server.requests.length < 3) {
      held.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    const results = await Promise.all(calls);
    expect(results.slice(0, 3).every((r) => 'ok' in r)).toBe(true);
    expect(server.requests).toHaveLength(3);
    // Overload is local: the breaker did not count it.
    expect(client.circuitState()).toBe('closed');
  } finally {
    await client.close();
    await server.close();
  }
});

test('through the client: a queued call leaves the queue when its signal fires, without sending', async () => {
  const server = await startServer(() => undefined);
  const client = clientFor(server.origin, { timeoutMs: 400, maxInFlight: 1, maxQueue: 10, retryMaxAttempts: 1 });
  try {
    const first = rejectionOf(client.deleteProfile({ profileGuid: 'CP-1' }));
    const second = rejectionOf(client.deleteProfile({ profileGuid: 'CP-2' }, { signal: AbortSignal.timeout(50) }));
    const queued = await second;
    expect(queued).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
    expect((queued as Error).message).toContain('waiting for an upstream slot');
    expect(await first).toMatchObject({ reason: 'timeout' });
    expect(server.requests).toHaveLength(1);
    expect(client.circuitState()).toBe('closed');
  } finally {
    await client.close();
    await server.close();
  }
});
