/**
 * When the upstream misbehaves, the gateway answers with a clear code, retries only what is safe,
 * fails fast behind an open circuit, recovers on its own, and keeps serving.
 * Driven by the sandbox's fault injection over real HTTP.
 */
import { startStack, type Stack } from '../support/stack';

const READ = '{ customerProfile(customerIdentification: "cust-0001") { customerIdentification } }';
const UPDATE = `mutation { updateCustomerProfile(input: { customerIdentification: "cust-0001", customerData: { company: "Faulty GmbH" } }) { changedFields } }`;

describe('a gateway with short attempts inside a longer call deadline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        IXOPAY_TIMEOUT_MS: '3000',
        IXOPAY_ATTEMPT_TIMEOUT_MS: '400',
        IXOPAY_CIRCUIT_FAILURE_THRESHOLD: '1000',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    await stack.sandbox.reset();
  });

  test('a 500 on getProfile is retried and the read succeeds', async () => {
    stack.sandbox.faults.add({ mode: '500', operation: 'getProfile', count: 1 });
    const res = await stack.graphql(READ);
    expect(res.body).toEqual({ data: { customerProfile: { customerIdentification: 'cust-0001' } } });
    expect(stack.upstreamCalls('getProfile')).toBe(2);
  });

  test('a 429 is retried after the Retry-After it names', async () => {
    stack.sandbox.faults.add({ mode: '429', operation: 'getProfile', count: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const res = await stack.graphql(READ);
    expect(res.body.data).toEqual({ customerProfile: { customerIdentification: 'cust-0001' } });
    expect(stack.upstreamCalls('getProfile')).toBe(2);
    // Honouring Retry-After is a lower bound on waiting, not a speed claim.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  test('a hanging upstream: each attempt is abandoned, the call ends in UPSTREAM_UNAVAILABLE', async () => {
    stack.sandbox.faults.add({ mode: 'hang', operation: 'getProfile' });
    const res = await stack.graphql(READ);
    expect(res.body.data).toEqual({ customerProfile: null });
    expect(res.body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    stack.sandbox.faults.clear();
  });

  test('malformed JSON from the upstream is UPSTREAM_UNAVAILABLE, with no upstream detail leaked', async () => {
    stack.sandbox.faults.add({ mode: 'malformed', operation: 'getProfile' });
    const res = await stack.graphql(READ);
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(JSON.stringify(res.body)).not.toMatch(/demo-api-key|127\.0\.0\.1|stacktrace/);
    stack.sandbox.faults.clear();
  });

  test('an update is never retried: one 500 gives UPSTREAM_UNAVAILABLE after exactly one call', async () => {
    stack.sandbox.faults.add({ mode: '500', operation: 'updateProfile', count: 1 });
    const res = await stack.graphql(UPDATE);
    expect(res.body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.upstreamCalls('updateProfile')).toBe(1);
  });

  test('after every fault the gateway still serves', async () => {
    const res = await stack.graphql(READ);
    expect(res.body.data).toEqual({ customerProfile: { customerIdentification: 'cust-0001' } });
  });
});

describe('a 429 whose Retry-After outlasts the call deadline', () => {
  let stack: Stack;
  let origin: string;
  beforeAll(async () => {
    stack = await startStack({ env: { IXOPAY_TIMEOUT_MS: '2000' } });
    origin = new URL(stack.gatewayUrl).origin;
  });
  afterAll(() => stack.close());

  test('surfaces as UPSTREAM_RATE_LIMITED with retryAfterSeconds, and every caller honours it without calling IXOPAY', async () => {
    stack.sandbox.faults.add({ mode: '429', operation: 'getProfile', count: 1, retryAfterSeconds: 30 });
    const res = await stack.graphql(READ);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 30 });
    expect(stack.upstreamCalls('getProfile')).toBe(1);
    // The cool-down is shared: the next caller is told to wait too, and IXOPAY sees no retry storm.
    const next = await stack.graphql('{ customerProfile(customerIdentification: "cust-0002") { customerIdentification } }');
    expect(next.body.errors?.[0].extensions?.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(stack.upstreamCalls('getProfile')).toBe(1);
    // Throttling is not an outage: the gateway stays ready.
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
  });
});

describe('the circuit breaker', () => {
  let stack: Stack;
  let origin: string;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        IXOPAY_RETRY_MAX_ATTEMPTS: '1',
        IXOPAY_CIRCUIT_FAILURE_THRESHOLD: '3',
        IXOPAY_CIRCUIT_RESET_MS: '300',
      },
    });
    origin = new URL(stack.gatewayUrl).origin;
  });
  afterAll(() => stack.close());

  test('opens after consecutive failures, fails fast without upstream calls, and closes on its own', async () => {
    stack.sandbox.faults.add({ mode: '500', operation: 'getProfile' });
    for (let i = 0; i < 3; i++) {
      const res = await stack.graphql(READ);
      expect(res.body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(stack.upstreamCalls('getProfile')).toBe(3);

    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ upstreamCircuit: 'open' });

    const fast = await stack.graphql(READ);
    expect(fast.body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.upstreamCalls('getProfile')).toBe(3);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);

    stack.sandbox.faults.clear();
    await new Promise((r) => setTimeout(r, 400));
    const probe = await stack.graphql(READ);
    expect(probe.body.data).toEqual({ customerProfile: { customerIdentification: 'cust-0001' } });
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);

    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toMatch(/ixopay_circuit_state(\{[^}]*\})? 0/);
  });
});

describe('an upstream that refuses connections', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Port 9 (discard) is closed on loopback: every connect is refused.
    stack = await startStack({ env: { IXOPAY_BASE_URL: 'http://127.0.0.1:9/', IXOPAY_TIMEOUT_MS: '500' } });
  });
  afterAll(() => stack.close());

  test('answers UPSTREAM_UNAVAILABLE and keeps serving', async () => {
    const res = await stack.graphql(READ);
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const again = await stack.graphql('{ __typename }');
    expect(again.body).toEqual({ data: { __typename: 'Query' } });
  });
});
