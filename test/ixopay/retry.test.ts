/** Retries: only getProfile, on transient failures, with jittered backoff, Retry-After and a total budget. */
import { performance } from 'node:perf_hooks';
import { UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';
import { backoffMs, isRetryable } from '../../src/ixopay/resilience/retry';
import type { ResilienceOptions } from '../../src/ixopay/resilience/options';
import type { UpstreamCallEvent } from '../../src/ixopay/types';
import { clientFor, profileBody, rejectionOf, reply, startServer, type Handler, type ScriptedServer } from './scripted-server';

let server: ScriptedServer;
let handler: Handler;
beforeAll(async () => {
  server = await startServer((q, r, i) => handler(q, r, i));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Virtual time: the fake sleep records the wait and moves the resilience clock forward. */
function fakeTime(): { waits: number[]; resilience: Partial<ResilienceOptions> } {
  const waits: number[] = [];
  let offset = 0;
  return {
    waits,
    resilience: {
      now: () => performance.now() + offset,
      sleep: async (ms: number) => {
        waits.push(ms);
        offset += ms;
      },
      random: () => 0.5,
    },
  };
}

const fail500: Handler = (_q, res) => reply(res, 500, 'oops');

test('getProfile is retried on 500 and then succeeds; onCall sees every attempt', async () => {
  handler = (_q, res, i) => (i < 2 ? fail500(_q, res, i) : reply(res, 200, profileBody()));
  const events: UpstreamCallEvent[] = [];
  const time = fakeTime();
  const client = clientFor(server.origin, { onCall: (e) => events.push(e), resilience: time.resilience });
  try {
    const profile = await client.getProfile({ profileGuid: 'CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d' });
    expect(profile?.profileGuid).toBe('CP-7a1e-33b0-5c9d-4e21-b8f0-0c6d');
    expect(server.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status, e.outcome])).toEqual([
      [1, 500, 'UPSTREAM_UNAVAILABLE'],
      [2, 500, 'UPSTREAM_UNAVAILABLE'],
      [3, 200, 'ok'],
    ]);
    // Full jitter with random 0.5: half of 50·2^(n−1).
    expect(time.waits).toEqual([25, 50]);
    // Same signed bytes every attempt.
    expect(server.requests[1].body.equals(server.requests[0].body)).toBe(true);
  } finally {
    await client.close();
  }
});

test('getProfile gives up after maxAttempts', async () => {
  handler = fail500;
  const client = clientFor(server.origin, { resilience: { ...fakeTime().resilience, maxAttempts: 3 } });
  try {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'http_status', httpStatus: 500 });
    expect(server.requests).toHaveLength(3);
  } finally {
    await client.close();
  }
});

test.each([
  ['updateProfile', (c: ReturnType<typeof clientFor>) => c.updateProfile({ profileGuid: 'CP-1' }, { customerData: { firstName: 'A' } })],
  ['deleteProfile', (c: ReturnType<typeof clientFor>) => c.deleteProfile({ profileGuid: 'CP-1' })],
  ['register', (c: ReturnType<typeof clientFor>) => c.register({ merchantTransactionId: 'm', customerProfileData: { customerIdentification: 'c' } })],
  ['deregister', (c: ReturnType<typeof clientFor>) => c.deregister({ merchantTransactionId: 'm', referenceUuid: 'u' })],
])('%s is never retried (500, reset, 429)', async (_name, call) => {
  const client = clientFor(server.origin, { resilience: fakeTime().resilience });
  try {
    handler = fail500;
    expect(await rejectionOf(call(client))).toBeInstanceOf(UpstreamUnavailableError);
    handler = (_q, res) => void res.socket?.resetAndDestroy();
    expect(await rejectionOf(call(client))).toMatchObject({ reason: 'connection' });
    handler = (_q, res) => reply(res, 429, '', { 'retry-after': '0' });
    expect(await rejectionOf(call(client))).toBeInstanceOf(UpstreamRateLimitedError);
    expect(server.requests).toHaveLength(3);
  } finally {
    await client.close();
  }
});

test('429 with Retry-After: waits at least that long, then retries within the budget', async () => {
  handler = (_q, res, i) => (i === 0 ? reply(res, 429, '', { 'retry-after': '1' }) : reply(res, 200, profileBody()));
  const time = fakeTime();
  const client = clientFor(server.origin, { resilience: { ...time.resilience, retryBudgetMs: 3000 } });
  try {
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);
    expect(time.waits).toHaveLength(1);
    expect(time.waits[0]).toBeGreaterThanOrEqual(1000);
  } finally {
    await client.close();
  }
});

test('Retry-After beyond the remaining budget → no retry, the 429 surfaces', async () => {
  handler = (_q, res) => reply(res, 429, '', { 'retry-after': '5' });
  const time = fakeTime();
  const client = clientFor(server.origin, { resilience: { ...time.resilience, retryBudgetMs: 2000 } });
  try {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamRateLimitedError, retryAfterSeconds: 5 });
    expect(server.requests).toHaveLength(1);
    expect(time.waits).toEqual([]);
  } finally {
    await client.close();
  }
});

test('budget exhausted → the last error surfaces before maxAttempts', async () => {
  handler = fail500;
  const time = fakeTime();
  // Backoff caps 400, 800, 1600 ms at random 0.5 → waits 200, 400, 800: the third would end past 1000 ms.
  const client = clientFor(server.origin, {
    resilience: { ...time.resilience, maxAttempts: 10, retryBudgetMs: 1000, retryBaseDelayMs: 400, retryMaxDelayMs: 5000 },
  });
  try {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ reason: 'http_status' });
    expect(time.waits).toEqual([200, 400]);
    expect(server.requests).toHaveLength(3);
  } finally {
    await client.close();
  }
});

test('a retry attempt gets only what is left of the budget as its deadline', async () => {
  // First attempt fails fast; the retry hangs. timeoutMs is long, the budget short: the budget wins.
  handler = (_q, res, i) => (i === 0 ? fail500(_q, res, i) : undefined);
  const client = clientFor(server.origin, { timeoutMs: 20_000, resilience: { retryBudgetMs: 300, random: () => 0 } });
  try {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
    expect(server.requests).toHaveLength(2);
  } finally {
    await client.close();
  }
});

test('a timed-out read is retried while the budget lasts', async () => {
  handler = (_q, res, i) => (i === 0 ? undefined : reply(res, 200, profileBody()));
  const client = clientFor(server.origin, { timeoutMs: 150, resilience: { retryBudgetMs: 5000, random: () => 0 } });
  try {
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);
  } finally {
    await client.close();
  }
});

test('not retried: 4xx rejection, malformed JSON, wrong shape, not-found', async () => {
  const client = clientFor(server.origin, { resilience: fakeTime().resilience });
  try {
    handler = (_q, res) => reply(res, 400, { success: false, errorCode: 1002, errorMessage: 'Invalid request data' });
    expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toBeInstanceOf(UpstreamRejectedError);
    handler = (_q, res) => reply(res, 200, '{nope');
    expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toMatchObject({ reason: 'malformed_json' });
    handler = (_q, res) => reply(res, 200, { success: true });
    expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toMatchObject({ reason: 'unexpected_shape' });
    handler = (_q, res) => reply(res, 200, { success: false, profileExists: false });
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.toBeNull();
    expect(server.requests).toHaveLength(4);
  } finally {
    await client.close();
  }
});

test('backoff is full jitter under an exponential, capped ceiling', () => {
  const policy = { retryBaseDelayMs: 100, retryMaxDelayMs: 1000 };
  expect(backoffMs(1, { ...policy, random: () => 0.999 })).toBe(99);
  expect(backoffMs(3, { ...policy, random: () => 0.5 })).toBe(200);
  expect(backoffMs(10, { ...policy, random: () => 0.5 })).toBe(500);
  expect(backoffMs(2, { ...policy, random: () => 0 })).toBe(0);
});

test('retryable classification', () => {
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'connection', 'x'))).toBe(true);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'timeout', 'x'))).toBe(true);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'http_status', 'x', { httpStatus: 502 }))).toBe(true);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'http_status', 'x', { httpStatus: 403 }))).toBe(false);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'circuit_open', 'x'))).toBe(false);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'overloaded', 'x'))).toBe(false);
  expect(isRetryable(new UpstreamRejectedError('getProfile', 503, 1010, 'System maintenance'))).toBe(true);
  expect(isRetryable(new UpstreamRejectedError('getProfile', 422, 1002, 'Invalid'))).toBe(false);
  expect(isRetryable(new UpstreamRateLimitedError('getProfile', 1))).toBe(true);
});
