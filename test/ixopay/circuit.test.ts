/** The circuit breaker: what counts, when it opens, failing fast, the half-open probe. */
import { performance } from 'node:perf_hooks';
import {
  ProfileNotFoundError,
  TransactionNotFoundError,
  UpstreamRateLimitedError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../../src/ixopay/errors';
import { CircuitBreaker, circuitOutcomeOf, type CircuitState } from '../../src/ixopay/resilience/circuit';
import { clientFor, profileBody, rejectionOf, reply, useScriptedServer, type Handler, type ScriptedServer } from './scripted-server';

function breaker(overrides: Partial<ConstructorParameters<typeof CircuitBreaker>[0]> = {}) {
  let t = 1_000_000;
  const changes: Array<[CircuitState, CircuitState]> = [];
  const cb = new CircuitBreaker({
    failureThreshold: 5,
    errorPercentage: 50,
    minimumCalls: 10,
    windowMs: 10_000,
    resetMs: 5000,
    now: () => t,
    onStateChange: (s, p) => changes.push([s, p]),
    ...overrides,
  });
  return { cb, changes, advance: (ms: number) => (t += ms) };
}

test('opens after N consecutive failures; a success in between resets the streak', () => {
  const { cb, changes } = breaker();
  for (let i = 0; i < 4; i++) cb.record(cb.admit(), 'failure');
  cb.record(cb.admit(), 'success');
  for (let i = 0; i < 4; i++) cb.record(cb.admit(), 'failure');
  expect(cb.state).toBe('closed');
  cb.record(cb.admit(), 'failure');
  expect(cb.state).toBe('open');
  expect(cb.admit()).toBe('rejected');
  expect(changes).toEqual([['open', 'closed']]);
});

test('opens at the error percentage once the minimum number of calls is met, within the rolling window', () => {
  const { cb } = breaker({ failureThreshold: 100 });
  // 4 failures + 5 successes interleaved: 9 outcomes, below volume.
  for (let i = 0; i < 4; i++) {
    cb.record(cb.admit(), 'failure');
    cb.record(cb.admit(), 'success');
  }
  cb.record(cb.admit(), 'success');
  expect(cb.state).toBe('closed');
  cb.record(cb.admit(), 'failure'); // 5 of 10 = 50 %
  expect(cb.state).toBe('open');

  // Old outcomes age out of the window.
  const second = breaker({ failureThreshold: 100 });
  for (let i = 0; i < 4; i++) second.cb.record(second.cb.admit(), 'failure');
  for (let i = 0; i < 4; i++) second.cb.record(second.cb.admit(), 'success');
  second.advance(11_000);
  second.cb.record(second.cb.admit(), 'success');
  second.cb.record(second.cb.admit(), 'failure');
  expect(second.cb.state).toBe('closed');
});

test('neutral outcomes count for nothing', () => {
  const { cb } = breaker({ failureThreshold: 2 });
  cb.record(cb.admit(), 'failure');
  for (let i = 0; i < 20; i++) cb.record(cb.admit(), 'neutral');
  cb.record(cb.admit(), 'failure');
  expect(cb.state).toBe('open');
});

test('half-open after resetTimeout lets exactly one probe through; success closes, failure re-opens, neutral keeps probing', () => {
  const { cb, changes, advance } = breaker({ failureThreshold: 1 });
  cb.record(cb.admit(), 'failure');
  advance(4999);
  expect(cb.admit()).toBe('rejected');
  advance(1);
  expect(cb.state).toBe('half-open');
  const probe = cb.admit();
  expect(probe).toBe('probe');
  expect(cb.admit()).toBe('rejected');
  cb.record(probe, 'neutral');
  expect(cb.state).toBe('half-open');
  const probe2 = cb.admit();
  cb.record(probe2, 'failure');
  expect(cb.state).toBe('open');
  advance(5000);
  const probe3 = cb.admit();
  expect(probe3).toBe('probe');
  cb.record(probe3, 'success');
  expect(cb.state).toBe('closed');
  expect(changes).toEqual([
    ['open', 'closed'],
    ['half-open', 'open'],
    ['open', 'half-open'],
    ['half-open', 'open'],
    ['closed', 'half-open'],
  ]);
});

test('late results of calls admitted before the circuit opened are ignored', () => {
  const { cb, advance } = breaker({ failureThreshold: 1 });
  const early = cb.admit();
  cb.record(cb.admit(), 'failure');
  advance(5000);
  cb.record(early, 'success'); // finishes while half-open: not the probe
  expect(cb.state).toBe('half-open');
  expect(cb.admit()).toBe('probe');
});

test('what counts as an upstream failure', () => {
  expect(circuitOutcomeOf(new UpstreamUnavailableError('g', 'connection', 'x'))).toBe('failure');
  expect(circuitOutcomeOf(new UpstreamUnavailableError('g', 'timeout', 'x'))).toBe('failure');
  expect(circuitOutcomeOf(new UpstreamUnavailableError('g', 'timeout', 'x', { local: true }))).toBe('neutral');
  expect(circuitOutcomeOf(new UpstreamUnavailableError('g', 'malformed_json', 'x'))).toBe('failure');
  expect(circuitOutcomeOf(new UpstreamUnavailableError('g', 'overloaded', 'x'))).toBe('neutral');
  expect(circuitOutcomeOf(new UpstreamUnavailableError('g', 'circuit_open', 'x'))).toBe('neutral');
  expect(circuitOutcomeOf(new UpstreamRejectedError('g', 400, 1002, 'x'))).toBe('success');
  expect(circuitOutcomeOf(new UpstreamRejectedError('g', 500, 1008, 'x'))).toBe('failure');
  expect(circuitOutcomeOf(new UpstreamRateLimitedError('g', 1))).toBe('neutral');
  expect(circuitOutcomeOf(new UpstreamRateLimitedError('g', 1, { local: true }))).toBe('neutral');
  expect(circuitOutcomeOf(new ProfileNotFoundError('g'))).toBe('success');
  expect(circuitOutcomeOf(new TransactionNotFoundError('attachPaymentInstrument'))).toBe('success');
  expect(circuitOutcomeOf(new TypeError('bug'))).toBe('neutral');
});

describe('through the client', () => {
  let server: ScriptedServer;
  let handler: Handler;
  useScriptedServer(
    () => handler,
    (started) => (server = started),
  );

  test('opens after consecutive failures, fails fast without a network call, probes half-open, then closes', async () => {
    let offset = 0;
    const states: CircuitState[] = [];
    const client = clientFor(server.origin, {
      retryMaxAttempts: 1,
      circuitFailureThreshold: 3,
      circuitResetMs: 5000,
      now: () => performance.now() + offset,
      onCircuitStateChange: (s) => states.push(s),
    });
    try {
      handler = (_q, res) => reply(res, 502, 'bad gateway');
      for (let i = 0; i < 3; i++) {
        expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toMatchObject({ reason: 'http_status' });
      }
      expect(client.circuitState()).toBe('open');
      const sent = server.requests.length;

      const fast = await rejectionOf(client.updateProfile({ profileGuid: 'CP-1' }, { customerData: { firstName: 'A' } }));
      expect(fast).toBeInstanceOf(UpstreamUnavailableError);
      expect(fast).toMatchObject({ reason: 'circuit_open', operation: 'updateProfile' });
      expect(server.requests.length).toBe(sent);

      offset += 5000;
      expect(client.circuitState()).toBe('half-open');
      // One probe at a time: the probe is held by the server while a second call fails fast.
      let release!: () => void;
      handler = (_q, res) => {
        release = () => reply(res, 200, profileBody());
      };
      const probe = client.getProfile({ profileGuid: 'CP-1' });
      while (server.requests.length === sent) await new Promise((r) => setTimeout(r, 5));
      expect(await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }))).toMatchObject({ reason: 'circuit_open' });
      release();
      await expect(probe).resolves.not.toBeNull();
      expect(client.circuitState()).toBe('closed');
      expect(server.requests.length).toBe(sent + 1);
      expect(states).toEqual(['open', 'half-open', 'closed']);
    } finally {
      await client.close();
    }
  });

  test('not-found, 4xx rejections and 429 never open it', async () => {
    const client = clientFor(server.origin, { retryMaxAttempts: 1, circuitFailureThreshold: 2, circuitMinimumCalls: 2 });
    try {
      handler = (_q, res, i) =>
        i % 3 === 0
          ? reply(res, 200, { success: false, profileExists: false })
          : i % 3 === 1
            ? reply(res, 422, { success: false, errorCode: 1002, errorMessage: 'Invalid request data' })
            : reply(res, 429, '', { 'retry-after': '0' });
      for (let i = 0; i < 9; i++) await client.getProfile({ profileGuid: 'CP-1' }).catch(() => undefined);
      expect(client.circuitState()).toBe('closed');
    } finally {
      await client.close();
    }
  });

  test('a failed probe re-opens it', async () => {
    let offset = 0;
    const client = clientFor(server.origin, { retryMaxAttempts: 1, circuitFailureThreshold: 1, now: () => performance.now() + offset });
    try {
      handler = (_q, res) => reply(res, 500, '');
      await client.deleteProfile({ profileGuid: 'CP-1' }).catch(() => undefined);
      expect(client.circuitState()).toBe('open');
      offset += 5000;
      expect(client.circuitState()).toBe('half-open');
      await client.deleteProfile({ profileGuid: 'CP-1' }).catch(() => undefined);
      expect(client.circuitState()).toBe('open');
    } finally {
      await client.close();
    }
  });
});
