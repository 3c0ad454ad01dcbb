/** The per-attempt deadline bounds connect, headers and the whole body, and folds in the caller's signal. */
import { Deadline } from '../../src/ixopay/deadline';
import { UpstreamUnavailableError } from '../../src/ixopay/errors';
import { clientFor, rejectionOf, startServer, type ScriptedServer } from './scripted-server';

const timers: NodeJS.Timeout[] = [];
afterEach(() => {
  for (const t of timers.splice(0)) clearInterval(t);
});

async function withServer(fn: (server: ScriptedServer) => Promise<void>, handler: Parameters<typeof startServer>[0]): Promise<void> {
  const server = await startServer(handler);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

test('headers sent, then the body stalls → timeout', () =>
  withServer(
    async (server) => {
      const client = clientFor(server.origin, { timeoutMs: 300, retryMaxAttempts: 1 });
      try {
        const error = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }));
        expect(error).toBeInstanceOf(UpstreamUnavailableError);
        expect(error).toMatchObject({ reason: 'timeout', httpStatus: 200 });
      } finally {
        await client.close();
      }
    },
    (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"success":true,');
    },
  ));

test('a body dribbled byte by byte (never idle long enough for undici bodyTimeout) still hits the deadline', () =>
  withServer(
    async (server) => {
      const client = clientFor(server.origin, { timeoutMs: 400, retryMaxAttempts: 1 });
      const started = Date.now();
      try {
        const error = await rejectionOf(client.updateProfile({ profileGuid: 'CP-1' }, { customerData: { firstName: 'A' } }));
        expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
        expect((error as Error).message).toContain('deadline');
        expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      } finally {
        await client.close();
      }
    },
    (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":true,"pad":"');
      timers.push(setInterval(() => res.write('x'), 50));
    },
  ));

test('no headers at all → timeout; a write is not retried', () =>
  withServer(
    async (server) => {
      const client = clientFor(server.origin, { timeoutMs: 200 });
      try {
        const error = await rejectionOf(client.deleteProfile({ profileGuid: 'CP-1' }));
        expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
        expect(server.requests).toHaveLength(1);
      } finally {
        await client.close();
      }
    },
    () => undefined,
  ));

test("the caller's signal aborts the call (timeout, 'aborted by the caller') and stops retries", () =>
  withServer(
    async (server) => {
      const client = clientFor(server.origin, { timeoutMs: 5000 });
      const controller = new AbortController();
      try {
        const pending = rejectionOf(client.getProfile({ profileGuid: 'CP-1' }, { signal: controller.signal }));
        setTimeout(() => controller.abort(), 100);
        const error = await pending;
        expect(error).toMatchObject({ constructor: UpstreamUnavailableError, reason: 'timeout' });
        expect((error as Error).message).toContain('caller');
        expect(server.requests).toHaveLength(1);
        // An already aborted signal fails before anything is sent.
        const again = await rejectionOf(client.getProfile({ profileGuid: 'CP-1' }, { signal: controller.signal }));
        expect(again).toMatchObject({ reason: 'timeout' });
        expect(server.requests).toHaveLength(1);
        expect(client.circuitState()).toBe('closed');
      } finally {
        await client.close();
      }
    },
    () => undefined,
  ));

test('Deadline reports its cause and detaches from the caller signal', async () => {
  const caller = new AbortController();
  const d = new Deadline(10_000, caller.signal);
  caller.abort();
  expect(d.signal.aborted).toBe(true);
  expect(d.cause).toBe('caller');
  d.dispose();

  const t = new Deadline(10);
  await new Promise((r) => setTimeout(r, 30));
  expect(t.cause).toBe('deadline');
  t.dispose();

  const z = new Deadline(0);
  expect(z.cause).toBe('deadline');
  z.dispose();
});

test("an attempt deadline nested in a call deadline tells its own timeout from the call's deadline and the caller", async () => {
  const call = new Deadline(10_000);
  const attempt = new Deadline(10, call, 'attempt');
  await new Promise((r) => setTimeout(r, 30));
  expect(attempt.cause).toBe('attempt');
  expect(call.cause).toBeUndefined();
  attempt.dispose();

  const second = new Deadline(10_000, call, 'attempt');
  call.fire('deadline');
  expect(second.cause).toBe('deadline');
  second.dispose();
  call.dispose();

  const caller = new AbortController();
  const outer = new Deadline(10_000, caller.signal);
  const inner = new Deadline(10_000, outer, 'attempt');
  caller.abort();
  expect([outer.cause, inner.cause]).toEqual(['caller', 'caller']);
  inner.dispose();
  outer.dispose();
  // Born under an already fired parent: fires at once with the parent's cause.
  expect(new Deadline(10_000, outer, 'attempt').cause).toBe('caller');
});

test('a signal asked for before or after the deadline fires is aborted with the reason of its cause', async () => {
  const early = new Deadline(10);
  const signal = early.signal;
  expect(signal.aborted).toBe(false);
  await new Promise((r) => setTimeout(r, 30));
  expect(signal.aborted).toBe(true);
  expect((signal.reason as Error).message).toBe('call deadline exceeded');
  expect(early.signal).toBe(signal);
  early.dispose();

  const call = new Deadline(10_000);
  const attempt = new Deadline(10_000, call, 'attempt');
  call.fire('caller');
  // Made only now, after the parent fired: already aborted, with the parent's cause.
  expect(attempt.signal.aborted).toBe(true);
  expect((attempt.signal.reason as Error).message).toBe('call aborted by the caller');
  attempt.dispose();
  call.dispose();
});

test('a disposed nested deadline is no longer fired by its parent', () => {
  const call = new Deadline(10_000);
  const first = new Deadline(10_000, call, 'attempt');
  first.dispose();
  const second = new Deadline(10_000, call, 'attempt');
  call.fire('deadline');
  expect(first.cause).toBeUndefined();
  expect(second.cause).toBe('deadline');
  second.dispose();
  call.dispose();
});
