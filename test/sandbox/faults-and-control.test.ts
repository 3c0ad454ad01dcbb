/**
 * Fault injection (control endpoint and programmatic), the latency knob and the other control
 * endpoints. Faults fire only on authenticated calls and count in stats.
 */
import { DEMO_CREDENTIALS, DEMO_PROFILES, type RunningSandbox } from '../../src/sandbox/server';
import { rawRequest } from '../support/sandbox-request';
import { call, CREDS, profilePath, startDemoSandbox, transactionPath, useDemoSandbox } from './helpers';

const ZOE = { customerIdentification: 'cust-0001' };

describe('sandbox faults, latency and control endpoints', () => {
  let sandbox: RunningSandbox;
  useDemoSandbox((started) => (sandbox = started));

  const control = (method: string, path: string, body?: unknown) =>
    rawRequest(`${sandbox.url}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const getZoe = () => call(sandbox, profilePath('getProfile'), ZOE);

  describe('fault modes', () => {
    it('"500" answers a bare text/plain Internal Server Error', async () => {
      expect((await control('POST', 'faults', { mode: '500', count: 1 })).status).toBe(201);
      const res = await getZoe();
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe('Internal Server Error');
      expect((await getZoe()).status).toBe(200);
    });

    it('"429" answers 429 with Retry-After and the 1009 error object', async () => {
      await control('POST', 'faults', { mode: '429', retryAfterSeconds: 2, count: 1 });
      const res = await getZoe();
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.json()).toEqual({ success: false, errorMessage: expect.any(String), errorCode: 1009, details: null });
    });

    it('"malformed" answers 200 with invalid JSON', async () => {
      await control('POST', 'faults', { mode: 'malformed', count: 1 });
      const res = await getZoe();
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(() => JSON.parse(res.text)).toThrow();
    });

    it('"wrong-shape" answers 200 with JSON that is not the API shape', async () => {
      await control('POST', 'faults', { mode: 'wrong-shape', count: 1 });
      const res = await getZoe();
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ hello: 'world' });
    });

    it('"reset-connection" destroys the socket', async () => {
      await control('POST', 'faults', { mode: 'reset-connection', count: 1 });
      await expect(getZoe()).rejects.toThrow();
      expect((await getZoe()).status).toBe(200);
    });

    it('"hang" never answers; the client gives up', async () => {
      await control('POST', 'faults', { mode: 'hang', count: 1 });
      await expect(call(sandbox, profilePath('getProfile'), ZOE, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
      expect((await getZoe()).status).toBe(200);
    });
  });

  it('releases hung requests when the sandbox closes', async () => {
    const own = await startDemoSandbox();
    own.faults.add({ mode: 'hang' });
    const pending = call(own, profilePath('getProfile'), ZOE);
    const outcome = pending.then(
      () => 'answered',
      () => 'failed',
    );
    while (own.stats().total === 0) await new Promise((r) => setTimeout(r, 5));
    await own.close();
    expect(await outcome).toBe('failed');
  });

  it('fires a counted fault exactly count times, then answers normally', async () => {
    await control('POST', 'faults', { mode: '500', count: 2 });
    expect((await getZoe()).status).toBe(500);
    expect((await getZoe()).status).toBe(500);
    expect((await getZoe()).status).toBe(200);
  });

  it('keeps a fault without count until it is cleared', async () => {
    await control('POST', 'faults', { mode: '500' });
    for (let i = 0; i < 3; i++) expect((await getZoe()).status).toBe(500);
    const cleared = await control('DELETE', 'faults');
    expect(cleared.json()).toEqual({ success: true, faults: [] });
    expect((await getZoe()).status).toBe(200);
  });

  it('targets one operation when asked to', async () => {
    await control('POST', 'faults', { mode: '500', operation: 'updateProfile' });
    expect((await getZoe()).status).toBe(200);
    expect((await call(sandbox, profilePath('updateProfile'), { ...ZOE, customerData: {} })).status).toBe(500);
    expect((await call(sandbox, transactionPath('register'), { merchantTransactionId: 'f-1' })).status).toBe(200);
  });

  it('applies faults only after authentication and counts faulted calls in stats', async () => {
    await control('POST', 'faults', { mode: '500', count: 1 });
    const unauthenticated = await call(sandbox, profilePath('getProfile'), ZOE, { credentials: { ...CREDS, password: 'nope' } });
    expect(unauthenticated.status).toBe(401);
    expect(sandbox.stats().total).toBe(0);
    expect((await getZoe()).status).toBe(500);
    expect(sandbox.stats()).toMatchObject({ total: 1, calls: { getProfile: 1 } });
  });

  it('offers the same controls programmatically', async () => {
    const fault = sandbox.faults.add({ mode: 'wrong-shape', operation: 'getProfile', count: 1 });
    expect(fault).toMatchObject({ mode: 'wrong-shape', operation: 'getProfile', remaining: 1 });
    expect(sandbox.faults.list()).toHaveLength(1);
    expect((await getZoe()).json()).toEqual({ hello: 'world' });
    expect(sandbox.faults.list()).toHaveLength(0);
    sandbox.faults.add({ mode: '500' });
    sandbox.faults.clear();
    expect((await getZoe()).status).toBe(200);
    expect(() => sandbox.faults.add({ mode: 'explode' as never })).toThrow(/mode/);
  });

  it('rejects an invalid fault spec with 400', async () => {
    for (const spec of [
      { mode: 'explode' },
      { mode: '500', operation: 'debit' },
      { mode: '500', count: 0 },
      { mode: '429', retryAfterSeconds: -1 },
      [],
    ]) {
      const res = await control('POST', 'faults', spec);
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ success: false, errorCode: 1002 });
    }
    expect((await control('POST', 'faults', undefined)).status).toBe(400);
  });

  it('clears faults and stats on reset', async () => {
    await control('POST', 'faults', { mode: '500' });
    await call(sandbox, profilePath('getProfile'), ZOE);
    expect((await control('POST', 'reset')).json()).toEqual({ success: true });
    expect(sandbox.stats().total).toBe(0);
    expect((await getZoe()).status).toBe(200);
  });

  describe('latency', () => {
    afterEach(() => sandbox.setLatency(0));

    it('adds at least the configured latency to each API call (control endpoint)', async () => {
      expect((await control('PUT', 'latency', { ms: 150 })).json()).toEqual({ latencyMs: 150 });
      const started = performance.now();
      expect((await getZoe()).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    });

    it('adds at least the configured latency (programmatic)', async () => {
      sandbox.setLatency(120);
      const started = performance.now();
      await getZoe();
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    });

    it('rejects an invalid latency', async () => {
      expect((await control('PUT', 'latency', { ms: -1 })).status).toBe(400);
      expect((await control('PUT', 'latency', { ms: 'fast' })).status).toBe(400);
      expect(() => sandbox.setLatency(-5)).toThrow(RangeError);
    });
  });

  describe('control endpoints', () => {
    it('reports health', async () => {
      const res = await control('GET', 'health');
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', profiles: DEMO_PROFILES.length });
    });

    it('reports and resets stats', async () => {
      await getZoe();
      await call(sandbox, transactionPath('register'), { merchantTransactionId: 's-1' });
      const stats = (await control('GET', 'stats')).json();
      expect(stats).toMatchObject({ total: 2, calls: { getProfile: 1, register: 1, updateProfile: 0 } });
      expect((await control('POST', 'stats/reset')).status).toBe(200);
      expect(sandbox.stats().total).toBe(0);
    });

    it('lists the stored identifiers without secrets', async () => {
      const res = await control('GET', 'profiles');
      const { profiles } = res.json();
      for (const demo of DEMO_PROFILES) {
        expect(profiles).toContainEqual(
          expect.objectContaining({
            profileGuid: demo.profileGuid,
            customerIdentification: demo.customerIdentification,
            description: demo.description,
          }),
        );
      }
      const mira = profiles.find((p: { customerIdentification: string }) => p.customerIdentification === 'shop-user-000417');
      expect(mira.instruments[0]).toEqual({
        paymentToken: 'pt::4f0c2d9e81b7a65c3e10',
        method: 'card',
        paymentMethod: 'Creditcard',
        registrationUuid: '7c4e19a0d3b25f86e1a4',
        isPreferred: true,
      });
      for (const secret of [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.sharedSecret]) expect(res.text).not.toContain(secret);
    });

    it('answers wrong methods with 405 and unknown control paths with 404', async () => {
      expect((await control('GET', 'reset')).status).toBe(405);
      expect((await control('GET', 'faults')).status).toBe(405);
      expect((await control('GET', 'nothing')).status).toBe(404);
    });

    it('works below a path prefix too', async () => {
      expect((await rawRequest(`${sandbox.url}/sandbox/__sandbox/health`)).status).toBe(200);
    });
  });

  it('writes a one-line access log without secrets or bodies', async () => {
    const lines: string[] = [];
    const logged = await startDemoSandbox({ log: (line) => lines.push(line) });
    try {
      await call(logged, profilePath('getProfile'), ZOE);
      await call(logged, profilePath('getProfile'), ZOE, { credentials: { ...CREDS, password: 'wrong' } });
      await rawRequest(`${logged.url}/__sandbox/health`);
    } finally {
      await logged.close();
    }
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^POST getProfile 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^POST getProfile 401 /);
    const all = lines.join('\n');
    for (const secret of [DEMO_CREDENTIALS.apiKey, DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.sharedSecret, 'cust-0001'])
      expect(all).not.toContain(secret);
  });
});
