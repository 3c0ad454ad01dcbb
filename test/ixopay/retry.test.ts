/**
 * Retries: only getProfile, on transient failures (including a hung attempt and a garbled answer),
 * with jittered backoff, inside the call's deadline; writes get one attempt with the whole deadline.
 */
import { UpstreamRateLimitedError, UpstreamRejectedError, UpstreamUnavailableError } from '../../src/ixopay/errors';
import { backoffMs, isRetryable } from '../../src/ixopay/resilience/retry';
import type { UpstreamCallEvent } from '../../src/ixopay/types';
import { clientFor, profileBody, rejectionOf, reply, useScriptedServer, virtualTime, type Handler, type ScriptedServer } from './scripted-server';

let server: ScriptedServer;
let handler: Handler;
useScriptedServer(
  () => handler,
  (started) => (server = started),
);

const fail500: Handler = (_q, res) => reply(res, 500, 'oops');
const hang: Handler = () => undefined;
type Client = ReturnType<typeof clientFor>;

async function using<T>(client: Client, fn: (client: Client) => Promise<T>): Promise<T> {
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

test('getProfile is retried on 500 and then succeeds; onCall sees every attempt', async () => {
  handler = (_q, res, i) => (i < 2 ? fail500(_q, res, i) : reply(res, 200, profileBody()));
  const events: UpstreamCallEvent[] = [];
  const time = virtualTime();
  await using(clientFor(server.origin, { onCall: (e) => events.push(e), ...time.hooks, random: () => 0.5 }), async (client) => {
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
  });
});

test('getProfile gives up after retryMaxAttempts', async () => {
  handler = fail500;
  await using(clientFor(server.origin, { ...virtualTime().hooks, retryMaxAttempts: 3 }), async (client) => {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'http_status', httpStatus: 500 });
    expect(server.requests).toHaveLength(3);
  });
});

test.each([
  ['updateProfile', (c: Client) => c.updateProfile({ profileGuid: 'CP-1' }, { customerData: { firstName: 'A' } })],
  ['deleteProfile', (c: Client) => c.deleteProfile({ profileGuid: 'CP-1' })],
  ['register', (c: Client) => c.register({ merchantTransactionId: 'm', customerProfileData: { customerIdentification: 'c' } })],
  ['deregister', (c: Client) => c.deregister({ merchantTransactionId: 'm', referenceUuid: 'u' })],
  ['attachPaymentInstrument', (c: Client) => c.attachPaymentInstrument({ customerIdentification: 'c' }, { transactionUuid: 'u' })],
  ['detachPaymentInstrument', (c: Client) => c.detachPaymentInstrument({ customerIdentification: 'c' }, { transactionUuid: 'u' })],
])('%s is never retried (500, reset, garbage, 429)', async (_name, call) => {
  await using(clientFor(server.origin, virtualTime().hooks), async (client) => {
    handler = fail500;
    expect(await rejectionOf(call(client))).toBeInstanceOf(UpstreamUnavailableError);
    handler = (_q, res) => void res.socket?.resetAndDestroy();
    expect(await rejectionOf(call(client))).toMatchObject({ reason: 'connection' });
    handler = (_q, res) => reply(res, 200, '{nope');
    expect(await rejectionOf(call(client))).toMatchObject({ reason: 'malformed_json' });
    handler = (_q, res) => reply(res, 429, '', { 'retry-after': '0' });
    expect(await rejectionOf(call(client))).toBeInstanceOf(UpstreamRateLimitedError);
    expect(server.requests).toHaveLength(4);
  });
});

test('a hung getProfile attempt is abandoned at the attempt timeout and retried within the deadline', async () => {
  handler = (_q, res, i) => (i === 0 ? hang(_q, res, i) : reply(res, 200, profileBody()));
  await using(clientFor(server.origin, { timeoutMs: 5000, attemptTimeoutMs: 150 }), async (client) => {
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);
  });
});

test('a garbled or wrong-shape getProfile answer is retried like a 5xx', async () => {
  await using(clientFor(server.origin, virtualTime().hooks), async (client) => {
    handler = (_q, res, i) => (i === 0 ? reply(res, 200, '<html>proxy says hi</html>') : reply(res, 200, profileBody()));
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    handler = (_q, res, i) => (i === 0 ? reply(res, 200, { success: true, paymentInstruments: 'none' }) : reply(res, 200, profileBody()));
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);
  });
});

test('attempts that keep hanging: the last one gets what is left of the call, then the deadline error surfaces', async () => {
  handler = hang;
  await using(clientFor(server.origin, { timeoutMs: 600, attemptTimeoutMs: 100, retryMaxAttempts: 3 }), async (client) => {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
    expect((error as Error).message).toContain('call deadline exceeded');
    expect(server.requests).toHaveLength(3);
  });
});

test('a write is one attempt with the whole deadline: the attempt timeout does not apply', async () => {
  handler = hang;
  await using(clientFor(server.origin, { timeoutMs: 300, attemptTimeoutMs: 20 }), async (client) => {
    const error = await rejectionOf(client.updateProfile({ profileGuid: 'CP-1' }, { customerData: { firstName: 'A' } }));
    expect((error as Error).message).toContain('call deadline exceeded');
    expect(server.requests).toHaveLength(1);
  });
});

test('429 with Retry-After: the read waits for the cool-down to end, then retries inside its deadline', async () => {
  handler = (_q, res, i) => (i === 0 ? reply(res, 429, '', { 'retry-after': '1' }) : reply(res, 200, profileBody()));
  const time = virtualTime();
  await using(clientFor(server.origin, { ...time.hooks, timeoutMs: 3000 }), async (client) => {
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);
    expect(time.waits).toHaveLength(1);
    // The cool-down (1 s, less the real milliseconds since it started) plus a jittered backoff.
    expect(time.waits[0]).toBeGreaterThan(900);
  });
});

test('a Retry-After beyond the deadline → no retry; the upstream 429 surfaces with its seconds', async () => {
  handler = (_q, res) => reply(res, 429, '', { 'retry-after': '5' });
  const time = virtualTime();
  await using(clientFor(server.origin, { ...time.hooks, timeoutMs: 2000 }), async (client) => {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ constructor: UpstreamRateLimitedError, retryAfterSeconds: 5, local: false });
    expect(server.requests).toHaveLength(1);
    expect(time.waits).toEqual([]);
  });
});

test('a backoff that would end past the deadline → the last error surfaces before retryMaxAttempts', async () => {
  handler = fail500;
  const time = virtualTime();
  // Backoff caps 400, 800, 1600 ms at random 0.5 → waits 200, 400, 800: the third would end past 1000 ms.
  const options = { ...time.hooks, random: () => 0.5, timeoutMs: 1000, retryMaxAttempts: 10, retryBaseDelayMs: 400, retryMaxDelayMs: 5000 };
  await using(clientFor(server.origin, options), async (client) => {
    const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
    expect(error).toMatchObject({ reason: 'http_status' });
    expect(time.waits).toEqual([200, 400]);
    expect(server.requests).toHaveLength(3);
  });
});

test('not retried: 4xx rejection, 4xx without API body, not-found', async () => {
  await using(clientFor(server.origin, virtualTime().hooks), async (client) => {
    handler = (_q, res) => reply(res, 400, { success: false, errorCode: 1002, errorMessage: 'Invalid request data' });
    expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toBeInstanceOf(UpstreamRejectedError);
    handler = (_q, res) => reply(res, 403, '<html>forbidden</html>');
    expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toMatchObject({ reason: 'http_status', httpStatus: 403 });
    handler = (_q, res) => reply(res, 200, { success: false, profileExists: false });
    await expect(client.getProfile({ profileGuid: 'CP-1' })).resolves.toBeNull();
    expect(server.requests).toHaveLength(3);
  });
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
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'malformed_json', 'x'))).toBe(true);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'unexpected_shape', 'x'))).toBe(true);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'http_status', 'x', { httpStatus: 502 }))).toBe(true);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'http_status', 'x', { httpStatus: 403 }))).toBe(false);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'timeout', 'x', { local: true }))).toBe(false);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'circuit_open', 'x'))).toBe(false);
  expect(isRetryable(new UpstreamUnavailableError('getProfile', 'overloaded', 'x'))).toBe(false);
  expect(isRetryable(new UpstreamRejectedError('getProfile', 503, 1010, 'System maintenance'))).toBe(true);
  expect(isRetryable(new UpstreamRejectedError('getProfile', 422, 1002, 'Invalid'))).toBe(false);
  expect(isRetryable(new UpstreamRateLimitedError('getProfile', 1))).toBe(true);
  expect(isRetryable(new UpstreamRateLimitedError('getProfile', 1, { local: true }))).toBe(false);
});
