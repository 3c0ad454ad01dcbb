/**
 * The circuit opens on real outages only: it counts logical calls (however many attempts each took),
 * ignores 429s, needs a minimum number of calls for its failure-rate rule, opens quickly when every
 * call fails, fails fast while open, and closes after one successful probe.
 */
import { createServer, type AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { CircuitState } from '../../src/ixopay/resilience/circuit';
import { CircuitBreaker } from '../../src/ixopay/resilience/circuit';
import { UpstreamUnavailableError } from '../../src/ixopay/errors';
import { clientFor, profileBody, rejectionOf, reply, startServer, virtualTime, type ScriptedServer } from './scripted-server';

type Answer = 'ok' | '500' | '429' | 'malformed' | 'hang';

function answer(res: ServerResponse, kind: Answer): void {
  switch (kind) {
    case 'ok':
      return reply(res, 200, profileBody());
    case '500':
      return reply(res, 500, { success: false, errorCode: 1008, errorMessage: 'Unexpected system error' });
    case '429':
      return reply(res, 429, { success: false, errorCode: 1009, errorMessage: 'Too many requests' }, { 'retry-after': '1' });
    case 'malformed':
      return reply(res, 200, '{"success":tr');
    case 'hang':
      return;
  }
}

describe('through the client', () => {
  let server: ScriptedServer;
  let script: Answer[];
  beforeAll(async () => {
    server = await startServer((_q, res, i) => answer(res, script[i] ?? 'ok'));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  test('isolated faults at low volume never open it, whatever their attempts', async () => {
    // Five calls, default settings: a read failing three times on 500, a success, a 429 then a
    // success, a garbled body then a success, and a read hanging on all three attempts.
    script = ['500', '500', '500', 'ok', '429', 'ok', 'malformed', 'ok', 'hang', 'hang', 'hang'];
    const states: CircuitState[] = [];
    const time = virtualTime();
    // The deadline leaves room for the 429's one-second cool-down; the hanging read uses all of it.
    const client = clientFor(server.origin, { ...time.hooks, timeoutMs: 1500, attemptTimeoutMs: 100, onCircuitStateChange: (s) => states.push(s) });
    try {
      const ref = { customerIdentification: 'c-1' };
      expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ code: 'UPSTREAM_REJECTED', httpStatus: 500 });
      await expect(client.getProfile(ref)).resolves.not.toBeNull();
      await expect(client.getProfile(ref)).resolves.not.toBeNull(); // 429, waited out, then ok
      await expect(client.getProfile(ref)).resolves.not.toBeNull(); // garbled, retried, then ok
      expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ reason: 'timeout' });
      expect(server.requests).toHaveLength(11);
      expect(client.circuitState()).toBe('closed');
      expect(states).toEqual([]);
    } finally {
      await client.close();
    }
  });

  test('a real outage opens it after a few calls; it then fails fast; one successful probe closes it', async () => {
    script = Array.from({ length: 100 }, () => '500' as const);
    const states: CircuitState[] = [];
    const time = virtualTime();
    const client = clientFor(server.origin, { ...time.hooks, onCircuitStateChange: (s) => states.push(s) });
    try {
      const ref = { profileGuid: 'CP-1' };
      // Five consecutive failed calls (three attempts each) open it.
      for (let i = 0; i < 5; i++) expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ httpStatus: 500 });
      expect(client.circuitState()).toBe('open');
      expect(server.requests).toHaveLength(15);

      for (const call of [() => client.getProfile(ref), () => client.deleteProfile(ref)]) {
        expect(await rejectionOf(call())).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'circuit_open', local: true });
      }
      expect(server.requests).toHaveLength(15);

      // After the reset time one probe goes through; the upstream is back.
      script = [...script.slice(0, 15), 'ok'];
      time.advance(5000);
      expect(client.circuitState()).toBe('half-open');
      await expect(client.getProfile(ref)).resolves.not.toBeNull();
      expect(client.circuitState()).toBe('closed');
      expect(states).toEqual(['open', 'half-open', 'closed']);
    } finally {
      await client.close();
    }
  });

  test('a dead upstream (connection refused) opens it too', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = clientFor(`http://127.0.0.1:${port}`, virtualTime().hooks);
    try {
      for (let i = 0; i < 5; i++) expect(await rejectionOf(client.deleteProfile({ profileGuid: 'CP-1' }))).toMatchObject({ reason: 'connection' });
      expect(client.circuitState()).toBe('open');
    } finally {
      await client.close();
    }
  });

  test('a retrying read stops retrying once other calls have opened the circuit', async () => {
    script = Array.from({ length: 100 }, () => '500' as const);
    const ref = { profileGuid: 'CP-1' };
    // While the read backs off, a write fails and opens the circuit (threshold 1).
    let duringBackoff: () => Promise<unknown> = async () => undefined;
    const client = clientFor(server.origin, { circuitFailureThreshold: 1, sleep: async () => void (await duringBackoff()) });
    duringBackoff = () => rejectionOf(client.deleteProfile(ref));
    try {
      expect(await rejectionOf(client.getProfile(ref))).toMatchObject({ code: 'UPSTREAM_REJECTED', httpStatus: 500 });
      expect(client.circuitState()).toBe('open');
      expect(server.requests.map((r) => r.url.slice(r.url.lastIndexOf('/') + 1))).toEqual(['getProfile', 'deleteProfile']);
    } finally {
      await client.close();
    }
  });
});

test('the failure-rate rule needs 20 calls in the window by default', () => {
  let t = 0;
  const cb = new CircuitBreaker({ failureThreshold: 1000, errorPercentage: 50, minimumCalls: 20, windowMs: 10_000, resetMs: 5000, now: () => t });
  // 19 calls, 10 of them failures (53 %): not enough calls to judge.
  for (let i = 0; i < 19; i++) {
    cb.record(cb.admit(), i % 2 === 0 ? 'failure' : 'success');
    t += 10;
  }
  expect(cb.state).toBe('closed');
  cb.record(cb.admit(), 'failure');
  expect(cb.state).toBe('open');
});
