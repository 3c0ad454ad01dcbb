/**
 * A 429 starts a cool-down that every caller honours: new calls fail fast with the seconds left and
 * nothing is sent until it ends; 429s never open the circuit; the cool-down can be shared.
 */
import { UpstreamRateLimitedError } from '../../src/ixopay/errors';
import type { UpstreamCoolDown } from '../../src/ixopay/resilience/cool-down';
import { clientFor, profileBody, rejectionOf, reply, useScriptedServer, virtualTime, type Handler, type ScriptedServer } from './scripted-server';

let server: ScriptedServer;
let handler: Handler;
useScriptedServer(
  () => handler,
  (started) => (server = started),
);

const rateLimited =
  (retryAfter?: string): Handler =>
  (_q, res) =>
    reply(
      res,
      429,
      { success: false, errorCode: 1009, errorMessage: 'Too many requests' },
      retryAfter === undefined ? {} : { 'retry-after': retryAfter },
    );
const ok: Handler = (_q, res) => reply(res, 200, profileBody());
const ref = { customerIdentification: 'c-1' };

test('during the cool-down every call fails fast with the seconds left, without calling IXOPAY; afterwards calls flow', async () => {
  const time = virtualTime();
  const client = clientFor(server.origin, time.hooks);
  try {
    handler = rateLimited('30');
    expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ constructor: UpstreamRateLimitedError, retryAfterSeconds: 30, local: false });
    handler = ok;
    time.advance(10_000);
    const calls = [
      () => client.getProfile(ref),
      () => client.updateProfile(ref, { customerData: { firstName: 'A' } }),
      () => client.deleteProfile(ref),
      () => client.register({ merchantTransactionId: 'm-1', customerProfileData: { customerIdentification: 'c-1' } }),
      () => client.attachPaymentInstrument(ref, { transactionUuid: 't-1' }),
    ];
    for (const call of calls) {
      expect(await rejectionOf(call())).toMatchObject({
        constructor: UpstreamRateLimitedError,
        code: 'UPSTREAM_RATE_LIMITED',
        retryAfterSeconds: 20,
        local: true,
      });
    }
    expect(server.requests).toHaveLength(1);
    // A rate limit is not an outage: readiness (the circuit) is untouched.
    expect(client.circuitState()).toBe('closed');

    time.advance(20_000);
    await expect(client.getProfile(ref)).resolves.not.toBeNull();
    expect(server.requests).toHaveLength(2);
  } finally {
    await client.close();
  }
});

test('without Retry-After the configured cool-down applies; an absurd Retry-After is capped', async () => {
  const time = virtualTime();
  const client = clientFor(server.origin, { ...time.hooks, coolDownMs: 5000, maxCoolDownMs: 60_000, retryMaxAttempts: 1 });
  try {
    handler = rateLimited();
    expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ retryAfterSeconds: undefined, local: false });
    expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ retryAfterSeconds: 5, local: true });
    time.advance(5000);
    handler = rateLimited('86400');
    expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ retryAfterSeconds: 86400, local: false });
    expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ retryAfterSeconds: 60, local: true });
    expect(server.requests).toHaveLength(2);
  } finally {
    await client.close();
  }
});

test('many 429s never open the circuit', async () => {
  handler = rateLimited('0');
  const client = clientFor(server.origin, { retryMaxAttempts: 1, circuitFailureThreshold: 2, circuitMinimumCalls: 2 });
  try {
    for (let i = 0; i < 25; i++) expect(await rejectionOf(client.getProfile(ref))).toBeInstanceOf(UpstreamRateLimitedError);
    expect(server.requests).toHaveLength(25);
    expect(client.circuitState()).toBe('closed');
  } finally {
    await client.close();
  }
});

test('a shared cool-down (as replicas will share one): a 429 seen by one client holds back another', async () => {
  let until = 0;
  const shared: UpstreamCoolDown = { until: () => until, set: (ms) => void (until = Math.max(until, ms)) };
  const time = virtualTime();
  const [a, b] = [clientFor(server.origin, { ...time.hooks, coolDown: shared }), clientFor(server.origin, { ...time.hooks, coolDown: shared })];
  try {
    handler = rateLimited('3');
    await rejectionOf(a.getProfile(ref));
    handler = ok;
    expect(await rejectionOf(b.updateProfile(ref, { customerData: { firstName: 'B' } }))).toMatchObject({ local: true, retryAfterSeconds: 3 });
    expect(server.requests).toHaveLength(1);
    time.advance(3000);
    await expect(b.getProfile(ref)).resolves.not.toBeNull();
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
