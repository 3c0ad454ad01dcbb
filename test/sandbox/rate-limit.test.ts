/**
 * The optional rate limit: beyond N authenticated API calls per one-second window the sandbox
 * answers 429 + Retry-After with the 1009 error object, and the stats show per-window accepted
 * calls so a multi-replica test can check the budget. The clock is pinned so windows are exact.
 */
import type { RunningSandbox } from '../../src/sandbox/server';
import { call, control, CREDS, profilePath, startDemoSandbox, transactionPath } from './helpers';

const ZOE = { customerIdentification: 'cust-0001' };
const START = Date.UTC(2025, 0, 15, 10, 30, 0, 250);

describe('sandbox rate limit', () => {
  let sandbox: RunningSandbox;
  let nowMs = START;
  beforeAll(async () => {
    sandbox = await startDemoSandbox({ rateLimitPerSecond: 3, clock: () => new Date(nowMs) });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    nowMs += 10_000;
    sandbox.updateSettings({ rateLimitPerSecond: 3 });
    await sandbox.reset();
  });

  const burst = (count: number) => Promise.all(Array.from({ length: count }, () => call(sandbox, profilePath('getProfile'), ZOE)));

  it('admits N calls per window and answers the rest 429 with Retry-After and errorCode 1009', async () => {
    const answers = await burst(10);
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(limited).toHaveLength(7);
    for (const res of limited) {
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      expect(res.json()).toEqual({ success: false, errorCode: 1009, errorMessage: expect.stringContaining('Too many requests'), details: null });
    }
    const stats = sandbox.stats();
    expect(stats).toMatchObject({ total: 3, rateLimited: 7, maxAcceptedPerSecond: 3, calls: { getProfile: 3 } });
    expect(stats.acceptedPerSecond).toEqual([{ second: Math.floor(nowMs / 1000), calls: 3 }]);
  });

  it('opens the next window a second later; the histogram keeps one entry per window', async () => {
    await burst(5);
    nowMs += 1000;
    const next = await burst(5);
    expect(next.filter((r) => r.status === 200)).toHaveLength(3);
    const { acceptedPerSecond, rateLimited } = sandbox.stats();
    const second = Math.floor(nowMs / 1000);
    expect(acceptedPerSecond).toEqual([
      { second: second - 1, calls: 3 },
      { second, calls: 3 },
    ]);
    expect(rateLimited).toBe(4);
  });

  it('shares one budget across operations and does not spend it on unauthenticated calls', async () => {
    for (let i = 0; i < 3; i++)
      expect((await call(sandbox, profilePath('getProfile'), ZOE, { credentials: { ...CREDS, password: 'wrong' } })).status).toBe(401);
    expect((await call(sandbox, transactionPath('register'), { merchantTransactionId: 'rl-1', transactionToken: 'tok_visa' })).status).toBe(200);
    expect((await call(sandbox, profilePath('updateProfile'), { ...ZOE, customerData: { lastName: 'M' } })).status).toBe(200);
    expect((await call(sandbox, profilePath('getProfile'), ZOE)).status).toBe(200);
    const fourth = await call(sandbox, transactionPath('register'), { merchantTransactionId: 'rl-2', transactionToken: 'tok_visa' });
    expect(fourth.status).toBe(429);
    // A refused write is not applied.
    expect(sandbox.writes({ merchantTransactionId: 'rl-2' }).writes).toEqual([]);
  });

  it('never limits the control endpoints', async () => {
    await burst(3);
    for (let i = 0; i < 5; i++) expect((await control(sandbox, 'GET', 'health')).status).toBe(200);
  });

  it('is switched at runtime through the settings endpoint (0 = off)', async () => {
    expect((await control(sandbox, 'PUT', 'settings', { rateLimitPerSecond: 0 })).json().rateLimitPerSecond).toBe(0);
    expect((await burst(8)).every((r) => r.status === 200)).toBe(true);
    expect((await control(sandbox, 'PUT', 'settings', { rateLimitPerSecond: 2 })).status).toBe(200);
    nowMs += 1000;
    expect((await burst(4)).filter((r) => r.status === 429)).toHaveLength(2);
    expect(sandbox.stats().maxAcceptedPerSecond).toBe(8);
  });

  it('is off by default and refuses bad values', async () => {
    const plain = await startDemoSandbox();
    try {
      expect(plain.settings().rateLimitPerSecond).toBe(0);
      expect(() => plain.updateSettings({ rateLimitPerSecond: 1.5 })).toThrow(/rateLimitPerSecond/);
      await expect(startDemoSandbox({ rateLimitPerSecond: -1 })).rejects.toThrow(TypeError);
    } finally {
      await plain.close();
    }
  });
});

describe('sandbox rate limit on the real clock', () => {
  it('never admits more than the budget in any window', async () => {
    const sandbox = await startDemoSandbox({ rateLimitPerSecond: 5 });
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, () => call(sandbox, profilePath('getProfile'), ZOE)));
      const stats = sandbox.stats();
      expect(answers.filter((r) => r.status === 200)).toHaveLength(stats.total);
      expect(stats.total + stats.rateLimited).toBe(30);
      expect(stats.rateLimited).toBeGreaterThan(0);
      for (const window of stats.acceptedPerSecond) expect(window.calls).toBeLessThanOrEqual(5);
      expect(stats.acceptedPerSecond.reduce((sum, w) => sum + w.calls, 0)).toBe(stats.total);
    } finally {
      await sandbox.close();
    }
  });
});
